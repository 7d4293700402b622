"""``{% responsive_picture image alt sizes eager %}``: a ``<picture>`` (AVIF/WebP with a JPEG
fallback), kept per site generation and image, with each page's alt text put in afterwards: a
picture's renditions are then looked up once, not on every page that shows it (up to nine
renditions each). An image that changes starts a new generation (home.signals).

Never wider than the upload: each rendition width is listed once and none is wider than the image
(Wagtail's ``width-1200`` of a 720-px upload is 720 px, so ``width-{480,800,1200}`` listed the same
720-px picture under three file names), and ``sizes`` is capped at the image's width, so a browser
that lays the picture out at its natural size (关怀版) never stretches its pixels."""

import logging
import re
from math import ceil

from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from home.cache.fragments import kept_fragment
from home.services import picture_filters, picture_widths, storage_failed_before_sql
from home.templatetags.fragment_tags import page_request

register = template.Library()
logger = logging.getLogger(__name__)

# A media condition at the start of a ``sizes`` entry: "(min-width: 48rem)", "(a) and (b)".
MEDIA_CONDITION = re.compile(
    r"^((?:not\s+)?\([^()]*\)(?:\s+(?:and|or)\s+\([^()]*\))*)\s+(\S.*)$", re.S
)


def _capped_length(length: str, cap: int) -> list[str]:
    """Source sizes for ``min(length, cap px)`` without ``min()`` (whose comma the Nu checker
    reads as the end of a source size): a fixed length becomes the smaller one, ``Nvw`` gets a
    ``(min-width: …)`` size before it; any other length stays as it is."""
    number = re.fullmatch(r"(\d+(?:\.\d+)?)(px|rem|em|vw)", length)
    if number is None:
        return [length]
    value, unit = float(number.group(1)), number.group(2)
    if unit == "vw":
        return [f"(min-width: {ceil(cap * 100 / value)}px) {cap}px", length] if value else [length]
    # In ``sizes`` rem and em are the browser's default size, 16 px, as in media queries.
    pixels = value * (1 if unit == "px" else 16)
    return [f"{cap}px"] if pixels > cap else [length]


def capped_sizes(sizes: str, image_width: int) -> str:
    """``sizes`` with each slot capped at the image's width; for a 600-px image
    "(min-width: 48rem) 45rem, 100vw" becomes
    "(min-width: 48rem) 600px, (min-width: 600px) 600px, 100vw"."""
    if not image_width:
        return sizes
    entries = []
    for entry in (part.strip() for part in sizes.split(",")):
        match = MEDIA_CONDITION.match(entry)
        if match is None:
            entries += _capped_length(entry, image_width)
        elif " or " in match.group(1):
            entries.append(entry)  # "(a) or (b) and (c)" would not parse: left as it is
        else:
            # A vw cap adds its own condition, which must hold together with the entry's.
            condition = match.group(1)
            for size in _capped_length(match.group(2).strip(), image_width):
                joiner = " and " if size.startswith("(") else " "
                entries.append(f"{condition}{joiner}{size}")
    return ", ".join(entries)


def picture_html(image, *, alt: str, sizes: str, eager: bool) -> str:
    widths = picture_widths(image.width)
    attrs = {
        "alt": alt,
        "loading": "eager" if eager else "lazy",
        "decoding": "async",
    }
    if len(widths) > 1:
        # One file per format needs no sizes: its srcset is the file alone, at its own size.
        attrs["sizes"] = capped_sizes(sizes, image.width)
    return Picture(
        get_renditions_or_not_found(image, picture_filters(image.width)), attrs
    ).__html__()


@register.simple_tag(takes_context=True)
def responsive_picture(context, image, alt, sizes, eager=False):
    if not image:
        return ""
    request = page_request(context)
    try:
        html = _picture_html(request, image=image, sizes=sizes, eager=bool(eager), alt=alt)
    except OSError:
        # A rendition could not be written (a full media disk): the page without this picture,
        # not a 500; nothing is kept, so the next view tries again.
        logger.exception("Picture of image %s could not be rendered", image.pk)
        storage_failed_before_sql()
        return ""
    return mark_safe(html)  # noqa: S308 (Wagtail's flatatt-escaped markup, the alt text escaped)


@kept_fragment("picture", vary_on=("image", "sizes", "eager"), fill=("alt",))
def _picture_html(request, *, image, sizes, eager, alt):
    return picture_html(image, alt=alt, sizes=sizes, eager=eager)
