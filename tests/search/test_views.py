"""The search page (/search/) and the suggestions endpoint."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from search.views import RESULTS_PER_PAGE, SearchFilters, search_pages
from tests.factories import (
    ActivityIndexPageFactory,
    ActivityPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StationIndexPageFactory,
    StationPageFactory,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def titles(query, **filters):
    return [page.title for page in search_pages(query, filters=SearchFilters(**filters))]


@pytest.fixture
def mixed(home_page, site_settings, column):
    """An article in a sub-column, a station and an activity there, all about 议政."""
    sub = NewsIndexPageFactory(parent=column, title="绍兴市", slug="shaoxing")
    article = NewsPageFactory(
        parent=sub,
        title="议政会召开",
        publish_time=datetime(2021, 5, 1, 9, tzinfo=SHANGHAI),
    )
    network = StationIndexPageFactory(parent=home_page)
    station = StationPageFactory(parent=network, title="三界镇联络站", practices="<p>议政日</p>")
    activities = ActivityIndexPageFactory(parent=network)
    activity = ActivityPageFactory(
        parent=activities, title="面对面议政", start_date=datetime(2022, 3, 1).date()
    )
    activity.stations.add(station)
    publish(activity)
    return {"sub": sub, "article": article, "station": station, "activity": activity}


def test_filters_by_type_column_station_and_date(mixed, column):
    everything = {"议政会召开", "三界镇联络站", "面对面议政"}
    assert set(titles("议政")) == everything
    assert titles("议政", type="news") == ["议政会召开"]
    assert titles("议政", type="station") == ["三界镇联络站"]
    assert titles("议政", type="activity") == ["面对面议政"]
    assert titles("议政", column=column.pk) == ["议政会召开"]  # includes sub-columns
    assert titles("议政", column=999999) == []
    assert set(titles("议政", station=mixed["station"].pk)) == {"三界镇联络站", "面对面议政"}
    d = datetime(2021, 5, 1).date()
    assert titles("议政", type="news", date_from=d, date_to=d) == ["议政会召开"]
    assert titles("议政", type="news", date_from=datetime(2021, 5, 2).date()) == []
    assert titles("议政", type="activity", date_to=datetime(2022, 2, 28).date()) == []


def test_sort_by_date_puts_the_newest_first(column):
    for day in (1, 3, 2):
        NewsPageFactory(
            parent=column,
            title=f"议政{day}",
            publish_time=datetime(2021, 5, day, tzinfo=SHANGHAI),
        )
    assert titles("议政", sort="date") == ["议政3", "议政2", "议政1"]


def test_future_and_draft_articles_are_not_found(column):
    NewsPageFactory(parent=column, title="议政草稿", live=False)
    NewsPageFactory(
        parent=column, title="议政预告", publish_time=timezone.now() + timezone.timedelta(days=1)
    )
    assert titles("议政") == []


def test_the_page_shows_highlighted_snippets(client, seed):
    response = client.get("/search/", {"q": "香榧币"})
    html = response.content.decode()
    assert response.status_code == 200
    assert seed.title in html
    assert "<mark>香榧币</mark>" in html
    assert 'class="search-results__snippet"' in html


def test_traditional_queries_highlight_the_simplified_text(client, seed):
    html = client.get("/search/", {"q": "香榧幣"}).content.decode()
    assert "<mark>香榧币</mark>" in html


def test_pagination_and_invalid_page_numbers(client, column):
    for number in range(RESULTS_PER_PAGE + 5):
        NewsPageFactory(parent=column, title=f"议政稿件{number}")
    first = client.get("/search/", {"q": "议政", "type": "news"}).content.decode()
    assert first.count('class="search-results__item"') == RESULTS_PER_PAGE
    assert "page=2&amp;q=%E8%AE%AE%E6%94%BF&amp;type=news" in first
    second = client.get("/search/", {"q": "议政", "page": "2"}).content.decode()
    assert second.count('class="search-results__item"') == 5
    for page in ["0", "-1", "999", "abc", "1e9", "２", "\x00"]:
        assert client.get("/search/", {"q": "议政", "page": page}).status_code == 200


def test_no_results_page_helps(client, seed, column):
    html = client.get("/search/", {"q": "香榧币 上海", "column": column.pk}).content.decode()
    assert "没有找到相关内容" in html
    assert "取消筛选条件" in html
    assert "只搜“香榧币”" in html


@pytest.mark.parametrize(
    "query",
    [
        "a" * 10000,
        "！？。，",
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        '"联络站" AND NOT body:x',
        "🙂🙂",
        "\x00联络站\x07",
        "\u202e站络联",
    ],
)
def test_hostile_queries_return_a_page(client, seed, query):
    response = client.get("/search/", {"q": query, "from": "2020-13-45", "column": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert 'value="\x00' not in html.split('id="search-q"')[1].split(">")[0]


def test_query_count_does_not_grow_with_results(
    client, column, render_uncached, django_assert_max_num_queries
):
    for number in range(RESULTS_PER_PAGE):
        NewsPageFactory(parent=column, title=f"议政稿件{number}")
    render_uncached("/search/?q=%E4%BA%BA%E5%A4%A7")  # warms the site data
    client.get("/search/", {"q": "人大"})
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "议政"})
    assert response.content.decode().count('class="search-results__item"') == RESULTS_PER_PAGE


def test_snippets_of_articles_with_images_and_files_run_no_queries(
    client, column, django_assert_max_num_queries
):
    # The images and files of a body are not text: making the snippets must not load them (a
    # query per result).
    image, document = wagtail_factories.ImageFactory(), wagtail_factories.DocumentFactory()
    for number in range(RESULTS_PER_PAGE):
        body = [
            ("image", {"image": {"image": image, "alt_text": "外景"}, "caption": "联络站外景"}),
            ("attachment", {"document": document, "title": "附件"}),
            ("paragraph", RichText(f"<p>第{number}篇：代表在联络站<b>议政</b>。</p>")),
        ]
        NewsPageFactory(parent=column, title=f"稿件{number}", summary="", body=body)
    # Warms the site data, the synonyms and the day's row of the query log (a query's first
    # search of the day inserts it: 2 more statements, once).
    client.get("/search/", {"q": "议政"})
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "议政"})
    html = response.content.decode()
    assert html.count('class="search-results__item"') == RESULTS_PER_PAGE
    assert "代表在联络站<mark>议政</mark>。" in html


def test_the_form_works_without_javascript(client, seed):
    html = client.get("/search/").content.decode()
    assert 'action="/search/"' in html
    assert 'method="get"' in html
    assert "js/search-suggest.js" in html
    assert "<script>" not in html  # no inline scripts


def test_suggestions_are_json_titles(client, seed):
    response = client.get("/search/suggest/", {"q": "嵊州"})
    assert response.status_code == 200
    assert response.json()["suggestions"] == [{"title": seed.title, "url": seed.url}]
    assert client.get("/search/suggest/", {"q": "！"}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "\x00" * 5}).status_code == 200


@pytest.mark.database_only  # the database backend's bound and relaxed queries
def test_past_the_bound_the_page_says_more_than(client, column, settings):
    settings.SEARCH_MAX_MATCHES = 2
    for number in range(4):
        NewsPageFactory(parent=column, title=f"垃圾分类{number}")
    response = client.get("/search/", {"q": "垃圾分类"})
    assert response.status_code == 200
    assert "找到超过 2 条" in response.content.decode()
    assert response.context["paginator"].count == 2


def test_private_sections_are_left_out_and_pages_of_results_stay_full(
    home_page, column, monkeypatch
):
    # On the engine, small fetches: the database rejects pages of the first ones, more follow.
    monkeypatch.setattr("search.engine.FIRST_FETCH", 4)
    monkeypatch.setattr("search.engine.MARGIN", 1)
    internal = NewsIndexPageFactory(parent=home_page, title="内部", slug="internal")
    PageViewRestriction.objects.create(page=internal, restriction_type="login")
    for number in range(3):
        NewsPageFactory(parent=internal, title=f"议政内部{number}")
    for number in range(RESULTS_PER_PAGE + 2):
        NewsPageFactory(parent=column, title=f"议政稿件{number}")
    results = search_pages("议政")
    first = [page.title for page in results[:RESULTS_PER_PAGE]]
    second = [page.title for page in results[RESULTS_PER_PAGE : 2 * RESULTS_PER_PAGE]]
    assert len(first) == RESULTS_PER_PAGE
    assert len(second) == 2
    assert not set(first) & set(second)
    assert not any("内部" in title for title in first + second)
    assert len(results) == RESULTS_PER_PAGE + 2


def test_few_matches_are_followed_by_those_of_the_relaxed_query(column):
    def text(value):
        return [("paragraph", RichText(f"<p>{value}</p>"))]

    NewsPageFactory(parent=column, title="践行全过程人民民主", body=text("其他内容。"))
    NewsPageFactory(
        parent=column, title="基层立法联系点", body=text("人民民主是一种全过程的民主。")
    )
    NewsPageFactory(parent=column, title="人民来信", body=text("群众的意见。"))  # only 人民
    results = search_pages("全过程人民民主")
    assert [page.title for page in results] == ["践行全过程人民民主", "基层立法联系点"]
    assert len(results) == 2


def test_one_backend_per_process_until_the_settings_change(settings):
    # A new engine backend is a new client with a new connection pool: searches reuse one.
    from search.engine import search_backend

    first = search_backend()
    assert search_backend() is first
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS}
    assert search_backend() is not first
