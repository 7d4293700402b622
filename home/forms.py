"""Admin upload forms: a document's type is checked from its content, not its name.

Images need no such form: Wagtail's image field opens every upload with Willow and refuses a file
whose content does not match its extension, and SVG is not in ``WAGTAILIMAGES_EXTENSIONS``.
"""

import codecs
import os

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from home.uploads import WrittenBeforeSave

ZIP = "application/zip"
OLE = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
OOXML = "application/vnd.openxmlformats-officedocument."
# What the content of a file with each allowed extension may be detected as. ``None`` is text.
ACCEPTED_CONTENT = {
    "pdf": {"application/pdf"},
    "doc": OLE,
    "docx": {OOXML + "wordprocessingml.document", ZIP},
    "xlsx": {OOXML + "spreadsheetml.sheet", ZIP},
    "pptx": {OOXML + "presentationml.presentation", ZIP},
    "odt": {"application/vnd.oasis.opendocument.text", ZIP},
    "rtf": {"application/rtf"},
    "zip": {ZIP},
    "csv": {None},
    "txt": {None},
    "mp4": {"video/mp4"},
    "webm": {"video/webm"},
}
MARKUP_OPENINGS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")
SNIFF_BYTES = 8192


def detected_type(head: bytes) -> str | None:
    """The MIME type filetype reads from the first bytes; ``None`` when it knows no signature."""
    kind = filetype.guess(head)
    return kind.mime if kind else None


def is_plain_text(head: bytes) -> bool:
    """UTF-8 or GB18030 text with no NUL bytes that a browser would not take for markup."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # final=False: the sniffing window may cut the last character in two.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return not head.lstrip().lower().startswith(MARKUP_OPENINGS)
    return False


def validate_document_content(uploaded) -> None:
    """Refuse a document whose content is not what its extension says."""
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    accepted = ACCEPTED_CONTENT.get(extension)
    if accepted is None:
        return  # the extension itself is refused by Wagtail's field
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    found = detected_type(head)
    if found is None and None in accepted and is_plain_text(head):
        return
    if found is not None and found in accepted:
        return
    raise ValidationError(
        _("文件内容与扩展名“.%(extension)s”不符，已拒绝上传。"),
        code="content_mismatch",
        params={"extension": extension},
    )


class DocumentForm(WrittenBeforeSave, BaseDocumentForm):
    """The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``); the file is written while
    the form can still show a storage failure (``home.uploads``)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded is not getattr(self, "original_file", None):
            validate_document_content(uploaded)
        return uploaded
