"""Photos sent with public input: judged by their content (not their name or declared type),
decoded whole, stripped of camera metadata (place, device, time) with the same functions as the
admin's uploads (``home.uploads``), and kept in private storage — never in the image library,
never under a public URL. Staff see them through a permission-checked view of the app using them.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from home.uploads import UNREADABLE, check_decodes, without_metadata

ACCEPTED_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"),
                    "WEBP": ("webp", "image/webp")}  # fmt: skip


def _max_bytes() -> int:
    return settings.PARTICIPATION_PHOTO_MAX_MB * 1024 * 1024


def _one(uploaded, number: int) -> ContentFile:
    size = getattr(uploaded, "size", 0) or 0
    if size > _max_bytes():
        raise ValidationError(
            _("第 %(number)s 张照片太大（%(size).1f MB），每张不能超过 %(limit)s MB。")
            % {
                "number": number,
                "size": size / 1024 / 1024,
                "limit": settings.PARTICIPATION_PHOTO_MAX_MB,
            },  # fmt: skip
            code="photo_too_large",
        )
    unreadable = ValidationError(
        _("第 %(number)s 张照片无法识别为图片（支持 JPEG、PNG、WebP）。") % {"number": number},
        code="photo_unreadable",
    )
    try:
        uploaded.seek(0)
        with PILImage.open(uploaded) as image:  # the header says what the file is
            image_format = image.format
            width, height = image.size
    except (*UNREADABLE, PILImage.DecompressionBombError) as error:
        raise unreadable from error
    if image_format not in ACCEPTED_FORMATS:
        raise unreadable
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("第 %(number)s 张照片像素过多，请缩小后再发送。") % {"number": number},
            code="photo_too_many_pixels",
        )
    try:
        check_decodes(uploaded)
        clean = without_metadata(uploaded)
    except ValidationError as error:
        raise unreadable from error
    except (*UNREADABLE, PILImage.DecompressionBombError) as error:
        raise unreadable from error
    clean.seek(0)
    extension, content_type = ACCEPTED_FORMATS[image_format]
    photo = ContentFile(clean.read(), name=f"{uuid.uuid4().hex}.{extension}")
    photo.content_type = content_type
    return photo


def clean_photos(files, max_count: int = 3) -> list[ContentFile]:
    """The photos ready to keep (metadata stripped, random names), or a ValidationError with a
    message per bad photo. Nothing is written yet: the caller saves them with its record."""
    files = [f for f in files or [] if f]
    if len(files) > max_count:
        raise ValidationError(
            _("最多上传 %(count)s 张照片。") % {"count": max_count}, code="too_many_photos"
        )
    photos, errors = [], []
    for number, uploaded in enumerate(files, start=1):
        try:
            photos.append(_one(uploaded, number))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return photos
