"""The header's search box on every page asks for suggestions in the page's language (the
script, static/js/search-suggest.js, is walked in tests/browser/test_header_suggest.py)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def header_box(html: str) -> str:
    return re.search(r'<input class="site-search__input"[^>]*>', html).group(0)


def test_every_page_header_box_has_suggestions(client, seed, column):
    for path in ("/", seed.url, column.url):
        html = client.get(path).content.decode()
        box = header_box(html)
        assert 'data-suggest-url="/search/suggest/"' in box, path
        assert 'autocomplete="off"' in box
        assert "js/search-suggest.js" in html


def test_the_english_header_box_asks_the_english_suggestions(client, seed):
    html = client.get("/en/").content.decode()
    assert 'data-suggest-url="/en/search/suggest/"' in header_box(html)
