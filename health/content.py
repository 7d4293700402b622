"""The text an editor wrote on a page, field by field: what the checks read."""

from dataclasses import dataclass

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

# Page fields that hold no editor's words (the address part, SEO title is checked).
SKIPPED_FIELDS = {"slug", "url_path", "draft_title", "legacy_id", "latest_revision_created_at"}


@dataclass(frozen=True)
class FieldText:
    name: str
    label: str
    text: str


def text_fields(page: Page) -> list[FieldText]:
    """Each editable text field of ``page`` (its specific class) with the text it holds."""
    fields = []
    for field in page._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or not field.editable:
            continue
        value = field.value_from_object(page)
        if not value:
            continue
        if isinstance(field, StreamField):
            text = " ".join(str(part) for part in field.get_searchable_content(value))
        elif isinstance(field, RichTextField):
            text = get_text_for_indexing(str(value))
        elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            text = str(value)
        else:
            continue
        if text.strip():
            fields.append(FieldText(field.name, str(field.verbose_name), text))
    return fields
