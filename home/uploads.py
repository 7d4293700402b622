"""What every admin upload goes through before it is kept: the file is read whole (a broken
image is refused, not stored), photos lose their camera metadata, and the file is written to the
media storage while the form can still answer with an error (a full disk is a form error, not a
500 with half a file left behind).

The image form is Wagtail's (``WAGTAILIMAGES_IMAGE_FORM_BASE``); the document form is
``home.forms.DocumentForm``. Both use ``WrittenBeforeSave``.
"""

import errno
import io
import os
import struct

import willow
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# JPEG segments that carry metadata: APP1 (EXIF, XMP: camera, GPS, owner, time) and APP13
# (Photoshop/IPTC: captions, by-line). Colour (ICC, APP2) and JFIF (APP0) are kept.
JPEG_METADATA_SEGMENTS = {"APP1", "APP13"}
# Keys Pillow puts in ``info`` for metadata of PNG and WebP files.
METADATA_INFO_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "Raw profile type exif", "comment"}
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
# What Pillow raises on a file it cannot decode (truncated data, bad chunks, bad tables).
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, struct.error)
BROKEN_IMAGE = _("图片文件已损坏或不完整，无法读取，没有上传。请重新导出图片后再试。")


class WrittenBeforeSave:
    """A model form mixin: the uploaded file of ``upload_field`` is written to storage during
    validation, so that a storage failure (a full disk) becomes an error next to the field.

    The model is saved afterwards as usual; the file, already written, is not written again.
    The storage removes what it had written when a write fails (``home.storage``).
    """

    upload_field = "file"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored file's name, to put back when the new one cannot be written (an edit
        # form shows the current file again).
        self.stored_file_name = getattr(self.instance, self.upload_field).name

    def _post_clean(self):
        super()._post_clean()
        if self._errors or self.upload_field not in self.changed_data:
            return
        field_file = getattr(self.instance, self.upload_field)
        if not field_file or field_file._committed:
            return
        try:
            field_file.save(field_file.name, field_file.file, save=False)
        except OSError as error:
            setattr(self.instance, self.upload_field, self.stored_file_name)
            if error.errno in DISK_FULL:
                message = _("服务器存储空间已满，文件没有保存。请联系网站管理员。")
            else:
                message = _("服务器存储出错，文件没有保存。请稍后再试或联系网站管理员。")
            self.add_error(self.upload_field, ValidationError(message, code="storage_failed"))


class TooManyPixels:
    """Wagtail's pixel-cap message in Chinese, with readable numbers.

    Wagtail's image field fills its ``file_too_many_pixels`` message with ``%`` and the raw
    counts (``num_pixels`` is a text when Pillow refused to even count); this formats them.
    """

    def __mod__(self, params):
        limit = f"{params['max_pixels_count'] / 10_000:g}"
        pixels = params["num_pixels"]
        if not isinstance(pixels, int):
            return _("图片像素过多，上限为 %(limit)s 万像素。请缩小尺寸后再上传。") % {
                "limit": limit
            }
        return _(
            "图片像素过多（%(pixels)s 万像素），上限为 %(limit)s 万像素。请缩小尺寸后再上传。"
        ) % {"pixels": f"{pixels / 10_000:g}", "limit": limit}


def check_decodes(uploaded) -> None:
    """Decode every frame, as a rendition will: a file whose header reads but whose pixels do
    not (a truncated or corrupt GIF, JPEG, PNG) is refused now instead of failing later."""
    uploaded.seek(0)
    try:
        with PILImage.open(uploaded) as image:
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except UNREADABLE as error:
        raise ValidationError(BROKEN_IMAGE, code="broken_image") from error
    finally:
        uploaded.seek(0)


class ReadableImageField(WagtailImageField):
    """Wagtail's image field, answering a file Pillow fails on while Wagtail reads its size (a
    truncated GIF: "image file is truncated") with a form error instead of a 500."""

    def to_python(self, data):
        self.check_pixels_from_header(data)
        try:
            return super().to_python(data)
        except UNREADABLE as error:
            raise ValidationError(BROKEN_IMAGE, code="broken_image") from error

    def check_pixels_from_header(self, data) -> None:
        """The pixel cap, from the file's header. Wagtail's own check asks Willow for the size,
        and Willow decodes the whole image first: for a 14 KB PNG of 11,000 × 11,000 px that took
        0.7 s and 15 MB before the refusal (363 MB for one in colour)."""
        if self.max_image_pixels is None or not hasattr(data, "seek"):
            return
        data.seek(0)
        try:
            with PILImage.open(data) as image:  # reads the header only
                width, height = image.size
                pixels = width * height * getattr(image, "n_frames", 1)
        except (*UNREADABLE, PILImage.DecompressionBombError):
            return  # Wagtail's checks answer with their messages
        finally:
            data.seek(0)
        if pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": pixels, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


def has_metadata(image) -> bool:
    if image.format == "JPEG":
        markers = {marker for marker, _content in getattr(image, "applist", [])}
        return bool(markers & JPEG_METADATA_SEGMENTS) or "comment" in image.info
    if image.format in ("PNG", "WEBP"):
        return bool(METADATA_INFO_KEYS & set(image.info)) or bool(getattr(image, "text", None))
    return False  # GIF has no camera metadata


def without_metadata(uploaded):
    """``uploaded`` re-encoded without its metadata (EXIF, XMP, IPTC, text chunks), turned
    upright first (EXIF orientation is applied, since it goes with the EXIF); the same file
    when it carries none. Colour profiles are kept. Animated images are left as they are."""
    uploaded.seek(0)
    with PILImage.open(uploaded) as image:
        if not has_metadata(image) or getattr(image, "is_animated", False):
            uploaded.seek(0)
            return uploaded
        options = {"icc_profile": image.info.get("icc_profile")}
        upright = ImageOps.exif_transpose(image)
        turned = image.getexif().get(0x0112, 1) not in (1, None)
        if image.format == "JPEG" and not turned:
            # The same quantisation tables and subsampling: the pixels are not degraded.
            upright, options = image, {**options, "quality": "keep", "subsampling": "keep"}
        elif image.format == "JPEG":
            options["quality"] = 92
        elif image.format == "WEBP":
            options.update(lossless=image.info.get("lossless", False), quality=90)
        output = io.BytesIO()
        upright.save(output, image.format, **{k: v for k, v in options.items() if v is not None})
    stripped = InMemoryUploadedFile(
        output,
        "file",
        uploaded.name,
        getattr(uploaded, "content_type", None),
        output.getbuffer().nbytes,
        None,
    )
    stripped.seek(0)
    if hasattr(uploaded, "image"):  # Wagtail's field reads the format and size from it
        stripped.image = willow.Image.open(stripped)
        stripped.seek(0)
    return stripped


class ImageForm(WrittenBeforeSave, BaseImageForm):
    """The admin's image form (single upload, multiple upload, replacing the file)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # Wagtail's get_image_form() builds this field itself (its formfield_callback wins
            # over the base form's): give it the checks above and a readable pixel message.
            field.__class__ = ReadableImageField
            field.error_messages["file_too_many_pixels"] = TooManyPixels()

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # the file is not being replaced
        check_decodes(uploaded)
        # Always stripped, never optional: originals are public files (/media/original_images/)
        # and a photo of a reception day must not tell where it was taken or by whose camera.
        return without_metadata(uploaded)


def strip_stored_image(image) -> bool:
    """Strip the metadata of an image already kept (uploaded before stripping existed, or
    created without the admin form): the original is rewritten upright and without metadata,
    and its renditions (which Willow writes with the original's EXIF) are deleted, to be made
    again from the clean original. False when there was nothing to strip."""
    with image.open_file() as stored:
        original = File(io.BytesIO(stored.read()), name=os.path.basename(image.file.name))
    try:
        stripped = without_metadata(original)
    except UNREADABLE:
        return False  # a file Pillow cannot read is left for the editor to replace
    if stripped is original:
        return False
    storage, name = image.file.storage, image.file.name
    storage.delete(name)
    saved = storage.save(name, stripped)
    with PILImage.open(storage.open(saved)) as upright:
        image.width, image.height = upright.size
    image.file.name = saved
    image.file_size = stripped.size
    image._set_file_hash()
    image.save(update_fields=["file", "width", "height", "file_size", "file_hash"])
    image.renditions.all().delete()
    return True
