"""Ranking sanity on every backend (docs/search-engine.md, “How ranking works”): among equally
relevant pages the newer comes first; a title holding the query outranks a text that only
mentions it, whatever the page type or date, and no type weighs more than another."""

from datetime import datetime

import pytest

from search.views import SearchFilters, search_pages
from tests.factories import NewsPageFactory, StationIndexPageFactory, StationPageFactory, paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]
SHANGHAI = datetime.now().astimezone().tzinfo


def article(column, title, text, day):
    moment = datetime(2024, 1, day, 9, 0, tzinfo=SHANGHAI)
    return NewsPageFactory(
        parent=column,
        title=title,
        body=paragraph(text),
        publish_time=moment,
        first_published_at=moment,
    )


def ranked(query, **filters):
    return [page.title for page in search_pages(query, filters=SearchFilters(**filters))]


def test_equally_relevant_articles_newest_first(column):
    # Indexed in the other order: the index's own order (newest entry first) would put the
    # older article first.
    article(column, "稿件（新）", "香榧币可以兑换积分。", day=20)
    article(column, "稿件（旧）", "香榧币可以兑换积分。", day=2)
    article(column, "稿件（中）", "香榧币可以兑换积分。", day=10)
    assert ranked("香榧币") == ["稿件（新）", "稿件（中）", "稿件（旧）"]


def test_the_date_only_breaks_ties(column):
    article(column, "新稿", "香榧币。其他内容。其他内容。其他内容。", day=20)
    article(column, "旧稿", "香榧币积分，香榧币兑换，香榧币。", day=2)
    assert ranked("香榧币") == ["旧稿", "新稿"]


def test_an_older_article_with_the_query_in_its_title_comes_before_a_newer_one(column):
    article(column, "新稿", "香榧币可以兑换积分。香榧币。", day=20)
    article(column, "香榧币上线", "积分可以兑换。", day=2)
    assert ranked("香榧币") == ["香榧币上线", "新稿"]


@pytest.fixture
def stations(home_page):
    return StationIndexPageFactory(parent=home_page)


def test_a_station_named_as_the_query_comes_before_articles_mentioning_it(column, stations):
    StationPageFactory(parent=stations, title="金庭镇人大代表联络站", township="金庭镇")
    article(column, "走访选民", "代表在金庭镇人大代表联络站接待选民。" * 3, day=20)
    assert ranked("金庭镇人大代表联络站")[:2] == ["金庭镇人大代表联络站", "走访选民"]


def test_no_type_buries_another_when_both_titles_hold_the_query(column, stations):
    # Both titles hold the query: the text decides, the page type counts for nothing.
    StationPageFactory(parent=stations, title="金庭镇人大代表联络站", township="金庭镇")
    article(
        column,
        "金庭镇人大代表联络站开展接待活动",
        "金庭镇人大代表联络站组织代表接待选民，金庭镇人大代表联络站收集意见。",
        day=2,
    )
    assert ranked("金庭镇人大代表联络站")[:2] == [
        "金庭镇人大代表联络站开展接待活动",
        "金庭镇人大代表联络站",
    ]
