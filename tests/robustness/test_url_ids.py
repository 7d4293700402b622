"""Ids in paths and query strings past what the database stores (64-bit) answer 404/400, never a
500: SQLite raises OverflowError on such a parameter, PostgreSQL a DataError."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import NewsIndexPageFactory, NewsPageFactory, StationIndexPageFactory

pytestmark = pytest.mark.django_db

HUGE = ["9223372036854775808", "18446744073709551616", "99999999999999999999", "9" * 60]
IDS = st.one_of(
    st.sampled_from([*HUGE, "0", "9223372036854775807", "-1", "00000000000000000000001"]),
    st.integers(min_value=0, max_value=10**40).map(str),
)
OK_STATUSES = {200, 301, 302, 400, 404}


def public_patterns(resolver=None, prefix=""):
    """Every public URL pattern (the admin left out), as its route."""
    from django.conf import settings as django_settings

    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(django_settings.ADMIN_URL_PATH):
            continue
        if isinstance(entry, URLResolver):
            found += public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            found.append((route, bool(entry.pattern.converters)))
    return found


def id_patterns():
    """The public URL patterns with an id (a converter such as ``int``)."""
    return [route for route, has_converter in public_patterns() if has_converter]


def fill(route: str, value: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route.replace("^", "").replace("$", ""))


@pytest.fixture
def site(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    NewsPageFactory(parent=column, title="代表联络站全面升级")
    network = StationIndexPageFactory(parent=home_page, slug="stations")
    return {"column": column, "network": network}


def test_the_patterns_with_ids_are_found():
    routes = id_patterns()
    assert "feeds/rss/<id:column_id>/" in routes or "feeds/rss/<int:column_id>/" in routes
    assert any(route.startswith("a/") for route in routes)
    assert any("api/v2/" in route for route in routes)


@pytest.mark.parametrize("value", HUGE)
def test_ids_past_64_bits_in_every_public_path(site, value):
    client = Client(raise_request_exception=False)
    urls = [fill(route, value) for route in id_patterns()]
    urls.append(f"{site['network'].url}representatives/{value}/")
    for url in urls:
        response = client.get(url)
        assert response.status_code in {400, 404}, (url, response.status_code)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=IDS)
def test_numeric_path_segments_and_id_parameters_never_fail(site, value):
    client = Client(raise_request_exception=False)
    paths = [fill(route, value) for route in id_patterns()]
    paths += [
        f"{site['network'].url}representatives/{value}/",
        f"/{value}/",
        f"{site['column'].url}{value}/",
    ]
    for url in paths:
        response = client.get(url)
        assert response.status_code in OK_STATUSES, (url, response.status_code)
    queries = [
        ("/api/v2/news/", ["id", "column", "child_of", "descendant_of", "limit", "offset"]),
        ("/api/v2/stations/", ["id", "child_of", "limit", "offset"]),
        ("/api/v2/activities/", ["id", "station", "stations", "limit", "offset"]),
        ("/api/v2/representatives/", ["id", "limit", "offset"]),
        ("/search/", ["column", "station", "page"]),
        (site["column"].url, ["page", "asof"]),
        (f"{site['network'].url}representatives/", ["page"]),
    ]
    for endpoint in ("news", "stations", "activities", "representatives"):
        response = client.get(f"/api/v2/{endpoint}/find/", {"id": value})
        assert response.status_code in OK_STATUSES, (endpoint, "find", value, response.status_code)
    for url, names in queries:
        for name in names:
            response = client.get(url, {name: value, "q": "联络站"})
            assert response.status_code in OK_STATUSES, (url, name, value, response.status_code)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(IDS, st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30))
)
def test_a_segment_after_every_public_pattern_never_fails(site, value):
    """Each public route (ids filled in) with one more path segment: a 404, never a 500."""
    from urllib.parse import quote

    client = Client(raise_request_exception=False)
    for route, _has_converter in public_patterns():
        if "(?P" in route:
            continue  # regular-expression routes (static, media, the page tree) are covered above
        url = fill(route, "1") + quote(value, safe="") + "/"
        response = client.get(url)
        assert response.status_code in OK_STATUSES, (url, response.status_code)


def admin_id_patterns(resolver=None, prefix=""):
    """The admin URL patterns with an id that this project's apps add (not Wagtail's own)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += admin_id_patterns(entry, route)
        elif entry.pattern.converters and any(
            app in route for app in ("liaison", "consultations", "health")
        ):
            found.append(route)
    return found


@pytest.mark.parametrize("value", HUGE[:2])
def test_ids_past_64_bits_in_the_staff_pages_of_the_public_input_apps(site, admin_user, value):
    """The staff's pages of messages and comments are requests too: a 404, never a 500."""
    from django.conf import settings as django_settings

    routes = [r for r in admin_id_patterns() if r.startswith(django_settings.ADMIN_URL_PATH)]
    assert any("liaison" in r for r in routes) and any("consultations" in r for r in routes)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    for route in routes:
        url = fill(route, value)
        response = client.get(url)
        assert response.status_code in {302, 400, 403, 404}, (url, response.status_code)
