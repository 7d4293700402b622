"""Editors cannot put a picture in an article without alt text, unless they mark it decorative."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError

from home.blocks import CaptionedImageBlock

pytestmark = pytest.mark.django_db


def value(image, *, alt_text="", decorative=False):
    block = CaptionedImageBlock()
    return block, block.to_python(
        {"image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative}}
    )


def test_picture_without_alt_text_is_refused():
    block, data = value(wagtail_factories.ImageFactory())
    with pytest.raises(ValidationError):
        block.clean(data)


def test_picture_with_alt_text_or_marked_decorative_is_accepted():
    image = wagtail_factories.ImageFactory()
    block, data = value(image, alt_text="代表在联络站接待选民")
    assert block.clean(data)["image"].contextual_alt_text == "代表在联络站接待选民"
    block, data = value(image, decorative=True)
    assert block.clean(data)["image"].contextual_alt_text == ""
