"""Made-up query strings cannot fill the page cache, and signed-in users' pages are private."""

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import NewsPage
from tests.factories import (
    ActivityIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StationIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def entries() -> int:
    return len(caches["pages"]._cache)  # the test settings' LocMemCache


@pytest.fixture
def pages(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    article = NewsPageFactory(parent=column, title="代表联络站全面升级", feature_image=None)
    network = StationIndexPageFactory(parent=home_page, slug="stations")
    activities = ActivityIndexPageFactory(parent=network)
    return {
        "home": "/",
        "column": column.url,
        "article": NewsPage.objects.get(pk=article.pk).url,
        "activities": activities.url,
        "feed": "/feeds/rss/",
    }


@pytest.mark.parametrize("where", ["home", "column", "article", "activities", "feed"])
def test_random_query_strings_do_not_add_entries(client, pages, where):
    url = pages[where]
    client.get(url)
    before = entries()
    values = ["abc", "-1", "1e9", "0", "01", "2", "99999", " 1", "1.0", "１", "1&page=1"]
    for value in values:
        for name in ("page", "asof"):
            response = client.get(url, {name: value})
            assert response.status_code in (200, 404), (url, name, value)
    assert entries() == before, (url, entries() - before)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.text(max_size=12), min_size=20, max_size=20, unique=True))
def test_n_random_page_values_add_no_entries(client, pages, values):
    client.get(pages["column"])
    before = entries()
    for value in values:
        client.get(pages["column"], {"page": value})
        client.get(pages["column"], {"asof": value})
        client.get(pages["home"], {"page": value})
    assert entries() - before <= 1  # at most ?page=1, the one page there is


@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "0", "01", "2", "99999999999", "1.0"])
def test_a_page_that_does_not_exist_is_404(client, pages, value):
    assert client.get(pages["column"], {"page": value}).status_code == 404
    assert client.get(pages["activities"], {"page": value}).status_code == 404


def test_the_pages_a_listing_links_are_kept(client, pages, column_with_two_pages):
    first = client.get(column_with_two_pages)
    assert first.status_code == 200
    link = first.context["pagination_query"]
    second = client.get(f"{column_with_two_pages}?{link}&page=2")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "MISS"
    assert client.get(f"{column_with_two_pages}?{link}&page=2")["X-Page-Cache"] == "HIT"
    assert client.get(column_with_two_pages, {"page": "2"})["X-Page-Cache"] == "MISS"


@pytest.fixture
def column_with_two_pages(home_page):
    from news.models import ARTICLES_PER_PAGE

    column = NewsIndexPageFactory(parent=home_page, title="地方立法", slug="laws")
    for index in range(ARTICLES_PER_PAGE + 1):
        NewsPageFactory(parent=column, title=f"文章{index}", feature_image=None)
    return column.url


@pytest.mark.parametrize("where", ["home", "column", "article"])
def test_signed_in_users_pages_are_private_and_not_stored(client, pages, where, admin_user):
    client.force_login(admin_user)
    response = client.get(pages[where])
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_made_up_moments_add_nothing_to_the_shared_cache(client, pages):
    """``asof`` values other than the current one are counted afresh, not kept."""
    client.get(pages["column"])
    before = len(caches["default"]._cache)
    for moment in range(1_600_000_000, 1_600_000_020):
        assert client.get(pages["column"], {"asof": str(moment)}).status_code == 200
    assert len(caches["default"]._cache) == before
