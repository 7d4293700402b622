"""A query of several words that finds few pages also lists, after them, the pages holding all of
its words but one (search.outcome._with_partial_matches), on every backend."""

import pytest

from search.models import QueryDay
from search.outcome import PARTIAL_BELOW, run_search
from search.views import SearchFilters
from tests.factories import NewsPageFactory, paragraph

pytestmark = pytest.mark.django_db
NEWS = SearchFilters(type="news")


def article(column, title, text):
    return NewsPageFactory(parent=column, title=title, body=paragraph(text), source="本网")


@pytest.fixture
def drafts(column, search_backend):
    article(column, "甲", "代表巡查水库大坝。")
    article(column, "乙", "代表视察水库。")  # 巡查 missing
    article(column, "丙", "人大常委会召开会议。")  # none of the words


def titles(outcome) -> list[str]:
    return [page.title for page in outcome.results]


def test_pages_holding_all_words_but_one_follow_the_full_matches(drafts):
    outcome = run_search("水库 巡查", filters=NEWS)
    assert titles(outcome) == ["甲", "乙"]
    assert outcome.partial_from == 1


def test_no_page_holds_every_word(column, search_backend):
    article(column, "乙", "代表视察水库。")
    outcome = run_search("水库 巡查", filters=NEWS)
    assert titles(outcome) == ["乙"] and outcome.partial_from == 0


def test_enough_full_matches_or_one_word_or_newest_first_add_nothing(column, search_backend):
    for number in range(PARTIAL_BELOW):
        article(column, f"全{number}", "代表巡查水库。")
    article(column, "部分", "代表视察水库。")
    assert run_search("水库 巡查", filters=NEWS).partial_from is None
    assert run_search("视察", filters=NEWS).partial_from is None
    assert run_search("2020年", filters=NEWS).partial_from is None  # 年 alone is no word
    by_date = SearchFilters(type="news", sort="date")
    assert run_search("视察 巡查", filters=by_date).partial_from is None


def test_the_page_says_which_results_hold_only_some_words(client, column, search_backend):
    article(column, "甲", "代表巡查水库大坝。")
    article(column, "乙", "代表视察水库。")
    html = client.get("/search/", {"q": "水库 巡查", "type": "news"}).content.decode()
    assert "前 1 条包含“水库 巡查”的全部词语" in html
    assert html.index(">甲<") < html.index(">乙<")


def test_the_log_counts_only_the_full_matches(client, column, search_backend):
    article(column, "乙", "代表视察水库。")
    client.get("/search/", {"q": "水库 巡查"})
    day = QueryDay.objects.get(query="水库 巡查")
    assert (day.hits, day.zero_hits) == (1, 1)
