"""Image uploads: a pixel cap (decompression bombs), no camera metadata published, broken files
and a full disk refused with a form error and nothing left half-written."""

import errno
import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.module_loading import import_string
from PIL import Image as PILImage
from PIL import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def upload_image(client, name, content, *, multiple=False):
    file = SimpleUploadedFile(name, content)
    collection = Collection.get_first_root_node().pk
    if multiple:  # the admin's default "add images" page (drag and drop, one request per file)
        return client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": file, "collection": collection},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    return client.post(
        reverse("wagtailimages:add"), {"title": name, "file": file, "collection": collection}
    )


def message(response) -> str:
    """The form's error as the editor reads it (the multiple uploader answers in JSON)."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("error_message", "")
    return response.content.decode()


def bomb_png(side: int = 11_000) -> bytes:
    """A PNG of side × side pixels that is a few KB on disk (one colour compresses away)."""
    buffer = io.BytesIO()
    PILImage.new("1", (side, side), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize("multiple", [False, True])
def test_an_image_of_too_many_pixels_is_refused_with_a_chinese_message(admin_client, multiple):
    content = bomb_png()
    assert len(content) < 100_000
    response = upload_image(admin_client, "bomb.png", content, multiple=multiple)
    assert response.status_code == 200
    assert "上限为 4000 万像素" in message(response)
    assert not get_image_model().objects.exists()


def test_the_pixel_cap_is_checked_before_the_image_is_decoded(admin_client, monkeypatch):
    """Decoding is what costs (12.5 s and 540 MB for the colour rendition in the admin)."""
    content = bomb_png()

    def decode(self):
        raise AssertionError("the image was decoded before the pixel cap refused it")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    response = upload_image(admin_client, "bomb.png", content)
    assert "上限为 4000 万像素" in message(response)


def photo_with_camera_metadata() -> bytes:
    """A 40 × 20 JPEG shot with the camera turned (EXIF orientation 6: show it 20 × 40), with
    the camera, its owner and GPS coordinates in EXIF."""
    exif = PILImage.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS R5"  # Model
    exif[0x013B] = "张三"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 15.0, 7.0), 3: "E", 4: (120.0, 9.0, 2.0)})
    image = PILImage.new("RGB", (40, 20), "red")
    image.paste((0, 0, 255), (20, 0, 40, 20))  # the right half blue: shows the turn
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def metadata_of(path) -> dict:
    with PILImage.open(path) as image:
        markers = {marker for marker, _content in getattr(image, "applist", [])}
        return {"exif": dict(image.getexif()), "app1": "APP1" in markers, "size": image.size}


@pytest.mark.parametrize("multiple", [False, True])
def test_camera_metadata_is_stripped_and_the_photo_turned_upright(admin_client, multiple):
    content = photo_with_camera_metadata()
    assert b"Canon" in content and metadata_of(io.BytesIO(content))["exif"]
    response = upload_image(admin_client, "接待日.jpg", content, multiple=multiple)
    assert response.status_code in (200, 302), message(response)
    image = get_image_model().objects.get()

    original = metadata_of(image.file.path)
    assert original == {"exif": {}, "app1": False, "size": (20, 40)}
    assert (image.width, image.height) == (20, 40)
    assert b"Canon" not in image.file.open("rb").read()
    with PILImage.open(image.file.path) as upright:  # the blue half is now at the bottom
        assert upright.convert("RGB").getpixel((10, 35))[2] > 200

    for spec in ("fill-10x20|format-jpeg", "width-10|format-webp", "width-10|format-png"):
        rendition = image.get_rendition(spec)
        path = rendition.file.path
        assert metadata_of(path)["exif"] == {}, spec
        with open(path, "rb") as file:
            data = file.read()
            assert b"Canon" not in data and "张三".encode() not in data, spec


def test_a_photo_without_metadata_is_kept_byte_for_byte(admin_client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), "green").save(buffer, "JPEG", quality=80)
    upload_image(admin_client, "plain.jpg", buffer.getvalue())
    assert get_image_model().objects.get().file.open("rb").read() == buffer.getvalue()


def truncated_gif() -> bytes:
    """A GIF whose header is fine and whose pixel data stops half way."""
    noise = PILImage.effect_noise((64, 64), 80).convert("P")
    buffer = io.BytesIO()
    noise.save(buffer, "GIF")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def gif_with_a_broken_last_frame() -> bytes:
    """An animation whose first frame is whole (what Wagtail reads) and whose last is cut."""
    frames = [PILImage.effect_noise((64, 64), 80).convert("P") for _ in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    data = buffer.getvalue()
    return data[: len(data) - 1500]


@pytest.mark.parametrize("make", [truncated_gif, gif_with_a_broken_last_frame])
@pytest.mark.parametrize("multiple", [False, True])
def test_a_broken_gif_is_refused_and_leaves_nothing(admin_client, media_root, multiple, make):
    admin_client.raise_request_exception = False
    response = upload_image(admin_client, "broken.gif", make(), multiple=multiple)
    assert response.status_code == 200
    assert "图片文件已损坏" in message(response)
    assert not get_image_model().objects.exists()
    assert files_under(media_root) == []


# --- A full disk: a storage whose writes fail with ENOSPC part-way through -------------------


class FillsTheDisk(File):
    """Content of which the first 512 bytes are written, then the disk is full."""

    def chunks(self, chunk_size=None):
        self.file.seek(0)
        yield self.file.read(512)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDisk(import_string(django_settings.STORAGES["default"]["BACKEND"])):
    def _save(self, name, content):
        return super()._save(name, FillsTheDisk(content, name=content.name))


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk"},
    }


def big_png() -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((64, 64), 80).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("multiple", [False, True])
def test_a_full_disk_is_a_form_error_for_images(admin_client, media_root, full_disk, multiple):
    admin_client.raise_request_exception = False
    response = upload_image(admin_client, "photo.png", big_png(), multiple=multiple)
    assert response.status_code == 200
    assert "存储空间已满" in message(response)
    assert not get_image_model().objects.exists()
    assert files_under(media_root) == []


def test_a_full_disk_is_a_form_error_for_documents(admin_client, media_root, full_disk):
    admin_client.raise_request_exception = False
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "报告",
            "file": SimpleUploadedFile("report.txt", "关于召开常委会会议的通知".encode() * 200),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "存储空间已满" in message(response)
    assert not get_document_model().objects.exists()
    assert files_under(media_root) == []


def test_images_kept_before_stripping_are_stripped_by_the_command(
    media_root, django_capture_on_commit_callbacks
):
    image = get_image_model().objects.create(
        title="接待日", file=ContentFile(photo_with_camera_metadata(), name="old.jpg")
    )
    rendition = image.get_rendition("width-10|format-jpeg")
    # What was published until now: Willow copies the original's EXIF into every rendition.
    assert metadata_of(rendition.file.path)["exif"].get(0x010F) == "Canon"

    with django_capture_on_commit_callbacks(execute=True):  # old renditions' files go then
        call_command("strip_image_metadata", stdout=io.StringIO())
    image.refresh_from_db()
    assert metadata_of(image.file.path) == {"exif": {}, "app1": False, "size": (20, 40)}
    assert (image.width, image.height) == (20, 40)
    assert not image.renditions.exists()
    assert metadata_of(image.get_rendition("width-10|format-jpeg").file.path)["exif"] == {}
    assert files_under(media_root) == sorted([image.file.name, image.renditions.get().file.name])


def test_replacing_an_image_on_a_full_disk_keeps_the_old_one(admin_client, media_root, settings):
    upload_image(admin_client, "photo.png", big_png())
    image = get_image_model().objects.get()
    # The editor opens the image (its preview renditions are made), then the disk fills up.
    assert admin_client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    kept = files_under(media_root)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    admin_client.raise_request_exception = False
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "photo.png",
            "file": SimpleUploadedFile("new.png", big_png()),
            "collection": image.collection_id,
        },
    )
    assert response.status_code == 200
    assert "存储空间已满" in message(response)
    image.refresh_from_db()
    assert f"{image.file.name}" in kept
    assert files_under(media_root) == kept
