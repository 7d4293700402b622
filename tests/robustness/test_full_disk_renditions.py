"""A full media disk while renditions are made (issue #21: no request answers 500): publishing
still publishes, and the article is still served, its picture left out until there is room."""

import errno
import os

import pytest
import wagtail_factories
from django.conf import settings as django_settings
from django.utils.module_loading import import_string

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


class FullDisk(import_string(django_settings.STORAGES["default"]["BACKEND"])):
    """Originals already stored can be read; every new file (a rendition) fails: no space."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return wagtail_factories.ImageFactory(title="联络站外景")


def test_an_article_is_published_and_served_when_renditions_cannot_be_written(
    client, column, image, settings
):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    article = NewsPageFactory(parent=column, title="联络站升级", feature_image=image)
    article.save_revision().publish()  # makes the renditions at publication: no room for them

    response = client.get(article.url)

    assert response.status_code == 200
    assert "联络站升级" in response.content.decode()
