"""Every public GET parameter, fed random and hostile values, answers 200/301/302/400/404 — never
a 500 — and never echoes the input unescaped."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stations.models import StationLevel
from tests.factories import (
    ActivityIndexPageFactory,
    ActivityPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StationIndexPageFactory,
    StationPageFactory,
)

pytestmark = pytest.mark.django_db

MARKER = "<script>x</script>"
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "-1",
            "0",
            "99999999999999999999999999",
            "1e9",
            "NaN",
            "abc",
            "' OR 1=1 --",
            '"; DROP TABLE wagtailcore_page; --',
            "{{ settings.SECRET_KEY }}",
            "{% debug %}",
            MARKER,
            "\x00",
            "\x1b[31m",
            "%00",
            "..%2F..%2Fetc%2Fpasswd",
            "😀" * 50,
            "联络站" * 400,
            "2020-02-30",
            "9999-99-99",
            "１２３",
        ]
    ),
)
OK_STATUSES = {200, 301, 302, 400, 404}


@pytest.fixture
def site(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    NewsPageFactory(parent=column, title="代表联络站全面升级")
    network = StationIndexPageFactory(parent=home_page, slug="stations")
    city = StationPageFactory(parent=network, level=StationLevel.CITY, slug="city")
    station = StationPageFactory(parent=city, slug="ganlin", reception_rule="每月15日")
    activities = ActivityIndexPageFactory(parent=network)
    ActivityPageFactory(parent=activities).stations.add(station)
    return {"column": column, "network": network, "activities": activities}


def endpoints(site):
    column, network, activities = site["column"], site["network"], site["activities"]
    return [
        ("/", ["page"]),
        ("/search/", ["q", "type", "column", "station", "from", "to", "sort", "page"]),
        ("/search/suggest/", ["q"]),
        ("/preferences/", ["care", "size", "next"]),
        (column.url, ["page", "asof"]),
        (network.url, ["level", "township"]),
        (activities.url, ["type", "page"]),
        (f"{network.url}representatives/", ["page"]),
        ("/feeds/rss/", ["page"]),
        ("/api/v2/news/", ["column", "from", "to", "limit", "offset", "order", "search", "fields"]),
        ("/api/v2/stations/", ["level", "township", "limit"]),
        ("/api/v2/activities/", ["station", "activity_type", "from", "to"]),
        ("/api/v2/representatives/", ["limit", "offset"]),
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=HOSTILE, index=st.integers(min_value=0, max_value=100))
def test_public_parameters_never_fail(site, value, index):
    client = Client(raise_request_exception=False)
    url, params = endpoints(site)[index % len(endpoints(site))]
    for name in params:
        response = client.get(url, {name: value})
        assert response.status_code in OK_STATUSES, (url, name, repr(value), response.status_code)
        if MARKER in value and response.get("Content-Type", "").startswith("text/html"):
            assert MARKER not in response.content.decode(), (url, name)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_arbitrary_paths_and_ids_never_fail(site, path):
    client = Client(raise_request_exception=False)
    for url in [f"/a/{path}/", f"/{path}", f"/feeds/rss/{path}/", f"/api/v2/news/{path}/"]:
        try:
            response = client.get(url)
        except ValueError:  # the test client itself refuses some raw paths
            continue
        assert response.status_code in OK_STATUSES, (url, response.status_code)


@pytest.mark.parametrize("value", ["²", "①", "١٢"])
def test_unicode_digits_in_id_parameters(client, site, value):
    """Found by the property test: str.isdigit() accepts '²', which int() refuses."""
    assert client.get("/search/", {"q": "联络站", "column": value}).status_code == 200
    assert client.get("/api/v2/news/", {"column": value}).status_code in (200, 400)
