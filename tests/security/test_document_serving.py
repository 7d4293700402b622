"""Documents are always served by Django's document view: restrictions and headers apply, and
behind nginx the file itself is handed over with X-Accel-Redirect (docs/deploy.md)."""

import os

import pytest
from django.core.files.base import File
from wagtail.documents import get_document_model

from home.storage import MediaStorage
from tests.factories import stored_document

pytestmark = pytest.mark.django_db

SECRET = "内部文件：代表建议办理情况（未公开）".encode()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_behind_nginx_an_allowed_document_is_handed_over_with_its_headers(client, settings):
    settings.DOCUMENT_ACCEL_REDIRECT = "/.protected-media/"
    notice = stored_document("通知".encode(), "通知.txt")
    response = client.get(notice.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == ("/.protected-media/documents/%E9%80%9A%E7%9F%A5.txt")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_a_restricted_document_is_never_handed_over(client, settings, password_protected):
    settings.DOCUMENT_ACCEL_REDIRECT = "/.protected-media/"
    internal = stored_document(SECRET, "internal.txt", collection=password_protected)
    response = client.get(internal.url)
    assert "X-Accel-Redirect" not in response
    assert SECRET.decode() not in response.content.decode()


def test_without_nginx_django_sends_the_file(client):
    notice = stored_document("通知".encode(), "notice.txt")
    response = client.get(notice.url)
    assert b"".join(response.streaming_content) == "通知".encode()
    assert "X-Accel-Redirect" not in response


class RemoteStorage(MediaStorage):
    """Like S3: files have public URLs but no local path (the files are local underneath)."""

    def path(self, name):
        raise NotImplementedError

    def _open(self, name, mode="rb"):
        return File(open(super().path(name), mode))  # noqa: SIM115 (closed by the response)

    def size(self, name):
        return os.path.getsize(super().path(name))


def test_documents_on_remote_storage_are_not_redirected_to_their_public_file(
    client, settings, password_protected
):
    notice = stored_document("通知".encode(), "notice.txt")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.RemoteStorage"},
    }
    notice = get_document_model().objects.get(pk=notice.pk)
    response = client.get(notice.url)
    assert response.status_code == 200  # not a redirect to /media/documents/notice.txt
    assert b"".join(response.streaming_content) == "通知".encode()
    assert response["Content-Security-Policy"] == "default-src 'none'"
