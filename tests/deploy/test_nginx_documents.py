"""docs/deploy.md's nginx in front of a live server: documents only through Django's document
view (restrictions, headers), sent by nginx from an internal location; nothing under /media/
but images is served from disk.

Skipped when nginx is missing locally; in CI (CI=true) that fails.
"""

import os

import pytest

from bench import nginx_front
from tests.deploy.test_nginx_cache import fetch
from tests.factories import stored_document

missing = nginx_front.available()
if missing and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI needs nginx for the deployment test: {missing}")
pytestmark = [
    pytest.mark.skipif(bool(missing), reason=missing),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_roots"),
]

PUBLIC = "关于召开常委会第十次会议的通知".encode()
SECRET = "内部文件：代表建议办理情况（未公开）".encode()


@pytest.fixture
def front(live_server, tmp_path, settings):
    upstream = live_server.url.removeprefix("http://")
    with nginx_front.store_in_front(upstream=upstream, static_root=tmp_path) as front:
        # The live server writes media where nginx's media root is.
        settings.MEDIA_ROOT = front.store.parent / "media"
        settings.DOCUMENT_ACCEL_REDIRECT = "/.protected-media/"
        settings.TRUSTED_PROXY_COUNT = 1
        yield front


def test_a_public_document_is_sent_by_nginx_with_the_documents_headers(front, home_page):
    notice = stored_document(PUBLIC, "通知.txt", title="通知")
    status, headers, body = fetch(front.port, notice.url)
    assert status == 200 and body.encode() == PUBLIC
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("inline")
    assert "filename*=UTF-8''%E9%80%9A%E7%9F%A5.txt" in headers["Content-Disposition"]
    assert headers["Content-Type"].startswith("text/plain")
    assert "X-Accel-Redirect" not in headers

    report = stored_document(b"a,b\n1,2\n", "report.csv", title="报告")
    status, headers, body = fetch(front.port, report.url)
    assert status == 200 and body == "a,b\n1,2\n"
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["Content-Security-Policy"] == "default-src 'none'"


def test_a_document_in_a_password_protected_collection_is_refused(
    front, home_page, password_protected
):
    internal = stored_document(
        SECRET, "internal.txt", title="内部文件", collection=password_protected
    )
    status, _headers, body = fetch(front.port, internal.url)
    assert SECRET.decode() not in body
    assert status == 200 and 'name="password"' in body  # the password form


def test_no_document_is_served_from_disk(front, home_page, password_protected):
    notice = stored_document(PUBLIC, "notice.txt", title="通知")
    internal = stored_document(
        SECRET, "internal.txt", title="内部文件", collection=password_protected
    )
    for item in (notice, internal):
        status, _headers, body = fetch(front.port, f"/media/{item.file.name}")
        assert status == 404 and SECRET.decode() not in body
        # The internal location is for nginx's own redirects only.
        assert fetch(front.port, f"/.protected-media/{item.file.name}")[0] == 404
