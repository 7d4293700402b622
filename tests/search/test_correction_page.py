"""The correction notice on the search page (templates/search/_correction.html)."""

import html
from urllib.parse import parse_qs

import pytest

from search import vocabulary
from tests.factories import NewsPageFactory, paragraph, publish_translations

pytestmark = pytest.mark.django_db


def article(column, title, text):
    return NewsPageFactory(parent=column, title=title, body=paragraph(text))


@pytest.fixture
def stations(column):
    article(column, "联络站开放日", "代表联络站接待选民。")
    article(column, "嵊州联络站", "嵊州的联络站。")
    article(column, "嵊州代表", "嵊州的代表。")
    vocabulary.rebuild()
    return column


def notice(page: str) -> str:
    start = page.index('class="search__notice search-correction"')
    return page[start : page.index("</p>", start)]


def link(page: str) -> dict:
    fragment = notice(page)
    href = html.unescape(fragment.split('href="?', 1)[1].split('"', 1)[0])
    return {key: values[0] for key, values in parse_qs(href).items()}


def test_no_results_show_those_of_the_correction(client, stations):
    page = client.get("/search/", {"q": "联洛站"}).content.decode()
    assert 'role="status"' in notice(page)
    assert "已显示“<strong>联络站</strong>”的结果" in notice(page)
    assert "仍然搜索“联洛站”" in notice(page)
    assert "联络站开放日" in page and "嵊州联络站" in page and "嵊州代表" not in page
    assert "没有找到相关内容" not in page


def test_search_the_original_searches_it_as_typed_with_the_filters(client, stations):
    page = client.get("/search/", {"q": "联洛站", "type": "news", "column": stations.pk})
    original = link(page.content.decode())
    assert original == {"q": "联洛站", "type": "news", "column": str(stations.pk), "exact": "1"}
    exact = client.get("/search/", original).content.decode()
    assert "search-correction" not in exact
    assert "没有找到相关内容" in exact  # the usual advice for a query with no correction


def test_few_results_propose_the_correction(client, stations, column):
    article(column, "嵊洲的旧写法", "错写的嵊洲。")
    page = client.get("/search/", {"q": "嵊洲", "type": "news"}).content.decode()
    assert "您是不是要找" in notice(page)
    assert link(page) == {"q": "嵊州", "type": "news"}
    assert "嵊洲的旧写法" in page  # the query's own results are shown


def test_queries_with_results_show_no_notice(client, stations):
    page = client.get("/search/", {"q": "联络站"}).content.decode()
    assert "search-correction" not in page and "联络站开放日" in page


def test_no_correction_keeps_the_advice(client, stations):
    page = client.get("/search/", {"q": "上海"}).content.decode()
    assert "search-correction" not in page and "没有找到相关内容" in page


def test_the_english_page_says_it_in_english(client, stations, home_page):
    publish_translations(home_page)
    page = client.get("/en/search/", {"q": "联洛站", "lang": "all"}).content.decode()
    assert "Showing results for “<strong>联络站</strong>”" in notice(page)
    assert "Search for “联洛站” instead" in notice(page)
    assert link(page) == {"q": "联洛站", "lang": "all", "exact": "1"}
