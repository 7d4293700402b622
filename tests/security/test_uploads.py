"""Uploads: type judged by content, size capped, SVG refused, served without an executable type."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", PDF),
        ("report.docx", docx_bytes()),
        ("名单.csv", "姓名,代表团\n张三,杭州\n".encode()),
        ("notice.txt", "关于召开常委会会议的通知".encode("gb18030")),
        ("video.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64),
    ],
)
def test_documents_whose_content_matches_are_accepted(admin_client, name, content):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.filter(title=name).exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", HTML),  # a web page dressed as a PDF
        ("report.docx", PDF),
        ("notice.txt", HTML),  # markup a browser might render
        ("notice.txt", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows program
        ("data.csv", png_bytes()),
        ("page.html", HTML),  # an extension that is not allowed at all
        ("drawing.svg", SVG),
        ("video.mp4", HTML),
    ],
)
def test_documents_whose_content_does_not_match_are_refused(admin_client, name, content):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200  # the form again, with the error
    assert not get_document_model().objects.exists()


def test_oversized_documents_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(admin_client, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_a_real_image_is_accepted(admin_client):
    assert upload_image(admin_client, "photo.png", png_bytes()).status_code == 302
    assert get_image_model().objects.count() == 1


@pytest.mark.parametrize(
    "name, content",
    [
        ("drawing.svg", SVG),
        ("photo.png", SVG),
        ("photo.jpg", HTML),
        ("photo.gif", png_bytes()),  # content and extension disagree
    ],
)
def test_svg_and_disguised_images_are_refused(admin_client, name, content):
    response = upload_image(admin_client, name, content)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_oversized_images_are_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    assert upload_image(admin_client, "photo.png", png_bytes() + b"\0" * 200).status_code == 200
    assert not get_image_model().objects.exists()


def test_documents_are_served_inert(admin_client, client):
    upload_document(admin_client, "名单.csv", "姓名\n张三\n".encode())
    upload_document(admin_client, "report.pdf", PDF)
    for document in get_document_model().objects.all():
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
        content_type = response["Content-Type"]
        assert "html" not in content_type and "javascript" not in content_type
        if document.file_extension == "csv":
            assert response["Content-Disposition"].startswith("attachment")
