"""docs/deploy.md's nginx configuration, run in front of a live server: pages stored as files,
served like static files, and the store emptied on every change.

Skipped when nginx is missing locally; in CI (CI=true) that fails.
"""

import http.client
import os
import time
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page

from bench import nginx_front
from home.cache import purge
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

REPURGE_AFTER = 0.5
# docs/deploy.md: an open file is looked at again after 1 s (open_file_cache_valid).
OPEN_FILE_VALID = 1.0

# The headers Django sends with a page that a stored page must carry with the same value.
SAME_HEADERS = (
    "Content-Type",
    "Content-Language",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def fetch(port: int, path: str, **headers):
    """(status, headers, body) of GET ``path`` through nginx, for the site's host."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def cache_status(port: int, path: str, **headers) -> str:
    return fetch(port, path, **headers)[1].get("X-Cache-Status", "")


def stored(front) -> set[str]:
    """The addresses of the pages in the store (any day)."""
    pages = front.store / "pages"
    paths = set()
    for day in pages.iterdir() if pages.exists() else []:
        for file in day.rglob("index.html"):
            folder = file.parent.relative_to(day).as_posix()
            paths.add("/" if folder == "." else f"/{folder}/")
    return paths


def settle():
    """Wait for the second passes of the purges so far (they would empty the store later)."""
    deadline = time.monotonic() + 10 * REPURGE_AFTER
    while purge._repurges and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not purge._repurges


def after_change():
    """Wait for the purges' second passes and out the time an open file may still be served."""
    start = time.monotonic()
    settle()
    time.sleep(max(0.0, OPEN_FILE_VALID + 0.2 - (time.monotonic() - start)))


@pytest.fixture
def front(live_server, tmp_path, settings):
    upstream = live_server.url.removeprefix("http://")
    with nginx_front.store_in_front(upstream=upstream, static_root=tmp_path) as front:
        settings.WAGTAILFRONTENDCACHE = {
            "nginx": {
                "BACKEND": "home.cache.purge.PageStoreBackend",
                "LOCATION": f"http://127.0.0.1:{front.port}",
                "REPURGE_AFTER": REPURGE_AFTER,
            }
        }
        yield front
        settle()  # this test's second passes, while nginx still runs


@pytest.fixture
def column(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    column.save_revision().publish()
    return column


def publish_article(parent, title: str, slug: str) -> NewsPage:
    article = NewsPageFactory(parent=parent, title=title, slug=slug, feature_image=None)
    article.save_revision().publish()
    settle()
    return NewsPage.objects.get(pk=article.pk)


def retitle(article: NewsPage, title: str) -> None:
    """Publish a new revision of ``article`` with another title."""
    draft = article.get_latest_revision_as_object()
    draft.title = title
    draft.save_revision().publish()


def test_a_page_is_stored_then_served_as_a_file(front, column):
    article = publish_article(column, "初版标题", "first")
    status, headers, html = fetch(front.port, article.url)
    assert (status, headers["X-Cache-Status"], headers["X-Page-Cache"]) == (200, "MISS", "MISS")
    assert stored(front) == {article.url}

    status, headers, stored_html = fetch(front.port, article.url)
    assert (status, headers["X-Cache-Status"]) == (200, "HIT")
    assert "X-Page-Cache" not in headers  # Django was not asked
    assert stored_html == html and "初版标题" in html
    # A file's validators: browsers revalidate (max-age=0) and get a 304.
    assert headers["ETag"] and headers["Last-Modified"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{front.port}{article.url}",
        headers={"Host": "localhost", "If-None-Match": headers["ETag"]},
    )
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 (loopback)
    assert not_modified.value.code == 304


def csp_directives(value: str) -> set[str]:
    return {part.strip() for part in value.split(";") if part.strip()}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_stored_page_carries_the_headers_django_sends(front, column, home_page, language):
    if language == "en":
        english = Locale.objects.create(language_code="en")
        page = home_page.copy_for_translation(english)
        page.save_revision().publish()
        settle()
        path = "/en/"
    else:
        path = publish_article(column, "标题", "headers").url
    _status, django, _html = fetch(front.port, path)
    _status, nginx, _html = fetch(front.port, path)
    assert (django["X-Cache-Status"], nginx["X-Cache-Status"]) == ("MISS", "HIT")
    assert django["Content-Language"] == language
    for name in SAME_HEADERS:
        assert nginx[name] == django[name], name
    assert nginx["Content-Type"] == "text/html; charset=utf-8"
    assert csp_directives(nginx["Content-Security-Policy"]) == csp_directives(
        django["Content-Security-Policy"]
    )
    assert django["Cache-Control"].startswith("public, max-age=0")
    assert nginx["Cache-Control"] == "public, max-age=0"


def test_what_must_not_be_stored_is_not_stored(front, column):
    article = publish_article(column, "标题", "kept")
    login = reverse("wagtailadmin_login")
    feed = reverse("feed_rss")
    editor = {"Cookie": "sessionid=abc"}

    assert cache_status(front.port, article.url, **editor) == "BYPASS"  # editors, previews
    assert cache_status(front.port, "/releases/?page=2") == "BYPASS"  # query strings
    assert cache_status(front.port, "/search/?q=%E4%BA%BA%E5%A4%A7") == "BYPASS"  # searches
    assert cache_status(front.port, "/robots.txt") == "BYPASS"  # not a page address
    post = http.client.HTTPConnection("127.0.0.1", front.port, timeout=10)
    post.request("POST", article.url, body=b"", headers={"Host": "localhost"})
    assert post.getresponse().getheader("X-Cache-Status") == "BYPASS"
    post.close()
    # None of these even went through the store.
    assert not (front.store / "discarded").exists()

    status, headers, _html = fetch(front.port, login)  # sets the CSRF cookie
    assert status == 200 and "csrftoken" in headers["Set-Cookie"]
    assert fetch(front.port, feed)[1]["Content-Type"].startswith("application/rss+xml")
    assert fetch(front.port, "/no-such-page/")[0] == 404

    assert stored(front) == set()
    for path in (login, feed):
        assert cache_status(front.port, path) == "MISS"  # asked Django again, stored nothing
    assert stored(front) == set()


def test_readers_with_display_preferences_get_the_stored_page(front, home_page, site_settings):
    """关怀版 and 字号 are applied by /preferences.css: the page itself is the same for everyone."""
    settle()
    _status, _headers, html = fetch(front.port, "/")
    _status, headers, same = fetch(front.port, "/", Cookie="care=on; text_size=large")
    assert headers["X-Cache-Status"] == "HIT" and same == html


def assert_fresh(front, path: str, *, shows: str = "", lacks: str = "", status: int = 200):
    got, headers, html = fetch(front.port, path)
    assert got == status, path
    if status == 200:
        assert headers["X-Cache-Status"] == "MISS", path
        assert shows in html and (not lacks or lacks not in html), path


def test_every_change_shows_at_once_on_the_page_and_its_lists(front, column, home_page):
    other = NewsIndexPageFactory(parent=home_page, title="工作动态", slug="work")
    other.save_revision().publish()
    article = publish_article(column, "初版标题", "story")
    lists = ["/", "/releases/", "/work/"]
    for path in [article.url, *lists]:
        fetch(front.port, path)
    assert stored(front) == {article.url, *lists}

    # Publish a new title.
    retitle(article, "修改后的标题")
    after_change()
    assert stored(front) == set()
    for path in (article.url, "/releases/"):
        assert_fresh(front, path, shows="修改后的标题", lacks="初版标题")

    # Move it to the other column: gone from the old address and list, shown on the new ones.
    article.refresh_from_db()
    article.move(other, pos="last-child")
    after_change()
    moved = NewsPage.objects.get(pk=article.pk)
    assert moved.url == "/work/story/"
    assert_fresh(front, "/releases/", lacks="修改后的标题")
    assert_fresh(front, "/work/", shows="修改后的标题")
    assert_fresh(front, moved.url, shows="修改后的标题")
    old = http.client.HTTPConnection("127.0.0.1", front.port, timeout=10)
    old.request("GET", "/releases/story/", headers={"Host": "localhost"})
    response = old.getresponse()  # Wagtail's redirect to the new address, or not found
    assert response.status in (301, 302, 404) and response.getheader("X-Cache-Status") == "MISS"
    old.close()

    # Unpublish.
    moved.unpublish()
    after_change()
    assert_fresh(front, moved.url, status=404)
    assert_fresh(front, "/work/", lacks="修改后的标题")

    # Publish again, then delete.
    moved.refresh_from_db()
    moved.save_revision().publish()
    after_change()
    assert_fresh(front, "/work/", shows="修改后的标题")
    fetch(front.port, moved.url)
    Page.objects.get(pk=moved.pk).delete()
    after_change()
    assert_fresh(front, moved.url, status=404)
    assert_fresh(front, "/work/", lacks="修改后的标题")


def test_an_english_change_empties_the_store_for_both_languages(front, column, home_page):
    english = Locale.objects.create(language_code="en")
    home_en = home_page.copy_for_translation(english)
    home_en.save_revision().publish()
    column_en = column.copy_for_translation(english)
    column_en.title = "Releases"
    column_en.save_revision().publish()
    article = publish_article(Page.objects.get(pk=column_en.pk).specific, "First title", "news")
    for path in ("/", "/releases/", "/en/", "/en/releases/", article.url):
        fetch(front.port, path)
    assert article.url.startswith("/en/") and article.url in stored(front)

    retitle(article, "Second title")
    after_change()
    assert stored(front) == set()
    for path in (article.url, "/en/releases/"):
        assert_fresh(front, path, shows="Second title", lacks="First title")
    assert_fresh(front, "/")


def test_a_site_settings_change_empties_the_store(front, home_page, site_settings):
    settle()
    _status, _headers, html = fetch(front.port, "/")
    assert "浙ICP备05000002号" in html and stored(front) == {"/"}
    site_settings.icp_number = "浙ICP备99999999号"
    site_settings.save()
    after_change()
    assert_fresh(front, "/", shows="浙ICP备99999999号", lacks="浙ICP备05000002号")


def test_a_page_stored_by_a_request_in_flight_during_the_purge_is_removed(front, column):
    """A request that read the old rows stores its page just after the purge: the second pass
    (REPURGE_AFTER later) removes it."""
    article = publish_article(column, "初版标题", "late")
    fetch(front.port, article.url)
    (day,) = (front.store / "pages").iterdir()
    retitle(article, "修改后的标题")
    assert stored(front) == set()
    # What the late request would leave: the old page, stored after the first pass.
    late = day / article.url.strip("/") / "index.html"
    late.parent.mkdir(parents=True, exist_ok=True)
    late.write_text("初版标题", encoding="utf-8")
    assert stored(front) == {article.url}

    time.sleep(REPURGE_AFTER + 0.5)
    assert stored(front) == set()


def test_only_the_app_servers_may_empty_the_store(front, home_page, site_settings):
    settle()
    fetch(front.port, "/")
    # 127.0.0.2 is this machine too, but not in the documented allow list.
    outsider = http.client.HTTPConnection(
        "127.0.0.1", front.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    outsider.request("DELETE", "/", headers={"Host": "localhost"})
    assert outsider.getresponse().status == 403
    outsider.close()
    assert fetch(front.port, "/.page-store/")[0] == 403  # DELETE only
    assert stored(front) == {"/"}
