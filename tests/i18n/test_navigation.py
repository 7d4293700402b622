"""English readers stay in English: menu, home links and breadcrumbs of a page are those of its own
language, falling back to the other language's page (and saying so) only where no translation
exists (issue #20)."""

import re

import pytest
from wagtail.models import Locale

from tests.factories import NewsIndexPageFactory, NewsPageFactory, translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(db):
    return Locale.objects.create(language_code="en")


@pytest.fixture
def site(home_page, column, english):
    """重要发布 › 绍兴市 translated; 理论研究 not."""
    home_en = translated(home_page, english, title="Zhejiang People's Congress")
    column_en = translated(column, english, title="Releases")
    city = NewsIndexPageFactory(parent=column, title="绍兴市", slug="shaoxing")
    city_en = translated(city, english, title="Shaoxing")
    theory = NewsIndexPageFactory(parent=home_page, title="理论研究", slug="theory")
    return {"home_en": home_en, "column_en": column_en, "city_en": city_en, "theory": theory}


def _menu(html):
    start = html.index('class="main-nav"')
    return html[start : html.index("</nav>", start)]


def _crumbs(html):
    start = html.index('class="breadcrumbs"')
    return html[start : html.index("</nav>", start)]


def test_the_english_menu_links_to_english_columns(client, site):
    menu = _menu(client.get("/en/").content.decode())

    assert re.search(r'href="/en/"[^>]*>Home</a>', menu)
    assert 'href="/en/releases/">Releases</a>' in menu
    assert 'href="/releases/"' not in menu and "重要发布" not in menu


def test_an_untranslated_column_is_marked_as_the_other_language(client, site):
    menu = _menu(client.get("/en/").content.decode())

    link = re.search(r'<a class="main-nav__link" href="/theory/"[^>]*>.*?</a>', menu).group(0)
    assert 'hreflang="zh-hans" lang="zh-hans">理论研究' in link
    assert '<span class="lang-marker">(简体中文)</span>' in link
    # The Chinese menu marks nothing.
    assert "lang-marker" not in _menu(client.get("/").content.decode())


def test_the_english_menu_keeps_the_chinese_order(client, site):
    menu = _menu(client.get("/en/").content.decode())
    assert menu.index("/en/releases/") < menu.index("/theory/")


def test_home_links_go_to_the_english_home(client, site):
    html = client.get("/en/releases/").content.decode()

    assert re.search(r'class="site-header__brand" href="/en/"', html)
    assert 'href="/en/">Home</a>' in _crumbs(html)
    # and the Chinese pages keep theirs
    assert re.search(r'class="site-header__brand" href="/"', client.get("/").content.decode())


def test_english_breadcrumbs_show_the_parent_columns(client, site):
    NewsPageFactory(parent=site["city_en"], slug="visit", title="A visit")

    crumbs = _crumbs(client.get("/en/releases/shaoxing/visit/").content.decode())

    assert 'href="/en/releases/">Releases</a>' in crumbs
    assert 'href="/en/releases/shaoxing/">Shaoxing</a>' in crumbs
    assert crumbs.index("Releases") < crumbs.index("Shaoxing") < crumbs.index("A visit")


def test_kept_menus_are_per_language(client, site, settings):
    settings.PAGE_CACHE_ENABLED = False  # the kept fragments, not whole pages
    chinese = _menu(client.get("/").content.decode())
    english = _menu(client.get("/en/").content.decode())
    assert "重要发布" in chinese and "Releases" not in chinese
    assert "Releases" in english and "重要发布" not in english
    assert _menu(client.get("/").content.decode()) == chinese


def test_the_english_navigation_needs_no_query_once_kept(client, site, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False
    client.get("/en/releases/")  # keeps the menu, the English home and the breadcrumbs
    with CaptureQueriesContext(connection) as english:
        client.get("/en/releases/")
    client.get("/releases/")
    with CaptureQueriesContext(connection) as chinese:
        client.get("/releases/")
    # The English page costs what the Chinese one does: its home and menu come from the cache.
    assert len(english) <= len(chinese)


def test_a_column_only_english_has_is_in_the_english_menu(client, site):
    NewsIndexPageFactory(parent=site["home_en"], title="About", slug="about")

    english = _menu(client.get("/en/").content.decode())

    assert 'href="/en/about/">About</a>' in english
    assert english.index("/theory/") < english.index("/en/about/")
    assert "About" not in _menu(client.get("/").content.decode())
