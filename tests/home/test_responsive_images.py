"""Pictures list each width once and never a width past the upload; ``sizes`` never asks for
more pixels than the upload has."""

import re

import pytest
import wagtail_factories

from home.services import picture_widths
from home.templatetags.image_tags import capped_sizes
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db
SIZES = "(min-width: 48rem) 45rem, 100vw"


def picture_on_article(client, column, width, height):
    image = wagtail_factories.ImageFactory(file__width=width, file__height=height)
    article = NewsPageFactory(parent=column, feature_image=image)
    html = client.get(article.url).content.decode()
    return re.search(r"<picture>.*?</picture>", html, re.S).group(0)


def srcsets(picture):
    return [
        [candidate.strip().split() for candidate in srcset.split(",")]
        for srcset in re.findall(r'srcset="([^"]+)"', picture)
    ]


def test_small_upload_lists_each_width_once_and_none_past_it(client, column):
    picture = picture_on_article(client, column, 720, 405)

    for candidates in srcsets(picture):  # AVIF, WebP and the JPEG fallback
        widths = [descriptor for _url, descriptor in candidates]
        urls = [url for url, _descriptor in candidates]
        assert widths == ["480w", "720w"]
        assert len(set(urls)) == len(urls)
    assert 'sizes="(min-width: 48rem) 45rem, (min-width: 720px) 720px, 100vw"' in picture


def test_large_upload_keeps_three_widths(client, column):
    picture = picture_on_article(client, column, 1600, 900)

    for candidates in srcsets(picture):
        assert [descriptor for _url, descriptor in candidates] == ["480w", "800w", "1200w"]


def test_tiny_upload_is_one_file_per_format_at_its_own_size(client, column):
    picture = picture_on_article(client, column, 300, 200)

    for candidates in srcsets(picture):
        assert len(candidates) == 1 and len(candidates[0]) == 1  # a URL, no width descriptor
    assert "sizes=" not in picture  # only allowed beside width descriptors
    assert 'width="300"' in picture


def test_picture_widths():
    assert picture_widths(2000) == [480, 800, 1200]
    assert picture_widths(800) == [480, 800]
    assert picture_widths(720) == [480, 720]
    assert picture_widths(300) == [300]


def test_capped_sizes():
    assert capped_sizes(SIZES, 1200) == (
        "(min-width: 48rem) 45rem, (min-width: 1200px) 1200px, 100vw"
    )
    assert capped_sizes(SIZES, 600) == ("(min-width: 48rem) 600px, (min-width: 600px) 600px, 100vw")
    assert capped_sizes("12rem", 150) == "150px"
    assert capped_sizes("50vw", 400) == "(min-width: 800px) 400px, 50vw"
    assert capped_sizes("(min-width: 48rem) 50vw, 100vw", 400) == (
        "(min-width: 48rem) and (min-width: 800px) 400px, (min-width: 48rem) 50vw, "
        "(min-width: 400px) 400px, 100vw"
    )
    # Left as written where a cap cannot be expressed without min().
    assert capped_sizes("calc(100vw - 2rem)", 400) == "calc(100vw - 2rem)"
