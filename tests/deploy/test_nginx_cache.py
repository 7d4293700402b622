"""docs/deploy.md's nginx configuration, run in front of a live server: hit, then purge on publish.

Skipped when nginx or its cache purge module is missing locally; in CI (CI=true) that fails.
"""

import os
import urllib.request

import pytest

from bench import nginx_front
from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory

missing = nginx_front.available()
if missing and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI needs nginx for the deployment test: {missing}")
pytestmark = [
    pytest.mark.skipif(bool(missing), reason=missing),
    # A live server needs committed data; ``wagtail_roots`` brings back the locale and the page
    # tree root that flushing the database after each such test removes (whatever ran before).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_roots"),
]


def fetch(port: int, path: str) -> tuple[str, str, str]:
    """(X-Cache-Status, X-Page-Cache, body) of GET path through nginx, for the site's host."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
        return (
            response.headers.get("X-Cache-Status", ""),
            response.headers.get("X-Page-Cache", ""),
            response.read().decode(),
        )


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    upstream = live_server.url.removeprefix("http://")
    with nginx_front.cache_in_front(upstream=upstream, static_root=tmp_path) as port:
        settings.WAGTAILFRONTENDCACHE = {
            "nginx": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{port}",
            }
        }
        yield port


def test_nginx_serves_cached_pages_and_purges_them_on_publish(nginx, home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    column.save_revision().publish()
    article = NewsPageFactory(parent=column, title="初版标题", feature_image=None)
    article.save_revision().publish()
    article = NewsPage.objects.get(pk=article.pk)

    for path in (article.url, "/releases/"):
        status, _django, html = fetch(nginx, path)
        assert status == "MISS" and "初版标题" in html
        status, _django, html = fetch(nginx, path)
        assert status == "HIT" and "初版标题" in html

    draft = article.get_latest_revision_as_object()
    draft.title = "修改后的标题"
    draft.save_revision().publish()

    for path in (article.url, "/releases/"):
        status, django_cache, html = fetch(nginx, path)
        assert status == "MISS", path
        assert django_cache == "MISS", path
        assert "修改后的标题" in html and "初版标题" not in html
        assert fetch(nginx, path)[0] == "HIT"


def test_editors_go_past_nginx(nginx, home_page, site_settings):
    request = urllib.request.Request(
        f"http://127.0.0.1:{nginx}/", headers={"Host": "localhost", "Cookie": "sessionid=abc"}
    )
    for _ in range(2):
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.headers["X-Cache-Status"] == "BYPASS"


def test_readers_with_display_preferences_get_the_cached_page(nginx, home_page, site_settings):
    """关怀版 and 字号 are applied by /preferences.css: the page itself is the same for everyone."""
    plain = fetch(nginx, "/")
    assert plain[0] == "MISS"
    request = urllib.request.Request(
        f"http://127.0.0.1:{nginx}/",
        headers={"Host": "localhost", "Cookie": "care=on; text_size=large"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.headers["X-Cache-Status"] == "HIT"
        assert response.read().decode() == plain[2]
