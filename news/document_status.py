"""文件状态: an official document (an article of 决议决定 or 地方立法) marked 已修改 / 已废止 /
已失效, with the date and, optionally, the page that replaced it.

The status is three fields of the article (``DocumentStatusMixin``), not a separate model: it is
part of the page's revisions (so a change goes through 审核 like any edit), and routing reads it
with the article (news.statements reads every column of the page), so the banner costs no query.
The replacement is linked through its permanent address (/a/<id>/) for the same reason.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from home.slugs import AutoSlugPageForm
from home.visibility import publicly_visible

# The columns (by slug, with their sub-columns) whose articles are official documents.
DOCUMENT_COLUMN_SLUGS = ("resolutions", "legislation")


class DocumentStatus(models.TextChoices):
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


# The banner's sentence per status (the date is filled in).
STATUS_SENTENCES = {
    DocumentStatus.AMENDED: _("本文件已于%(date)s修改，以修改后的文本为准。"),
    DocumentStatus.REPEALED: _("本文件已于%(date)s废止，不再执行。"),
    DocumentStatus.EXPIRED: _("本文件已于%(date)s失效，不再执行。"),
}


def in_document_column(parent: Page | None) -> bool:
    """Whether an article filed under ``parent`` is in 决议决定 or 地方立法 (or a sub-column)."""
    if parent is None:
        return False
    return (
        parent.get_ancestors(inclusive=True)
        .filter(slug__in=DOCUMENT_COLUMN_SLUGS, depth__gt=2)
        .exists()
    )


class DocumentStatusMixin(models.Model):
    """The status fields of an article, their editor panel, checks and indexed text."""

    document_status = models.CharField(
        _("文件状态"),
        max_length=16,
        choices=DocumentStatus.choices,
        blank=True,
        help_text=_("仅用于决议决定和地方立法栏目的文件：已修改、已废止或已失效。"),
    )
    document_status_date = models.DateField(
        _("状态日期"), null=True, blank=True, help_text=_("修改、废止或失效的日期。")
    )
    document_replaced_by = models.ForeignKey(
        Page,
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("可选：修改后的文本或取代本文件的新文件。"),
    )

    document_status_panels = [
        MultiFieldPanel(
            [
                FieldPanel("document_status"),
                FieldPanel("document_status_date"),
                FieldPanel("document_replaced_by"),
            ],
            heading=_("文件状态"),
            classname="collapsed",
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.document_status and self.document_status_date is None:
            errors["document_status_date"] = _("请填写修改、废止或失效的日期。")
        if not self.document_status:
            if self.document_status_date is not None:
                errors["document_status_date"] = _("未选择文件状态时不能填写状态日期。")
            if self.document_replaced_by_id is not None:
                errors["document_replaced_by"] = _("未选择文件状态时不能填写替代文件。")
        if self.pk is not None and self.document_replaced_by_id == self.pk:
            errors["document_replaced_by"] = _("替代文件不能是本文件自身。")
        if errors:
            raise ValidationError(errors)

    @property
    def document_status_label(self) -> str:
        return DocumentStatus(self.document_status).label if self.document_status else ""

    @property
    def document_status_sentence(self) -> str:
        if not self.document_status:
            return ""
        return STATUS_SENTENCES[self.document_status] % {
            "date": _format_date(self.document_status_date)
        }

    @property
    def document_replacement_url(self) -> str:
        """The replacement's permanent address (no query: it redirects to wherever it lives)."""
        if self.document_replaced_by_id is None:
            return ""
        return reverse("permalink", args=[self.document_replaced_by_id])

    def document_status_text(self) -> str:
        """What the search index holds: the status in Chinese and in English, so that a search
        for 已废止 (or "repealed") finds the document in either language."""
        if not self.document_status:
            return ""
        label = DocumentStatus(self.document_status).label
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            chinese = str(label)
        return f"{chinese} {english}"


def _format_date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


class DocumentStatusPageForm(AutoSlugPageForm):
    """The article editor: a status only for articles of 决议决定 and 地方立法."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document_status"):
            parent = self.parent_page
            if parent is None and self.instance.pk is not None:
                parent = self.instance.get_parent()
            if not in_document_column(parent):
                self.add_error(
                    "document_status",
                    forms.ValidationError(
                        _("只有决议决定和地方立法栏目（及其子栏目）中的文件可以标记文件状态。"),
                        code="not_a_document_column",
                    ),
                )
        return cleaned


class DocumentStatusField(serializers.Field):
    """The API's ``document_status``: null, or {status, label, date, replaced_by} with the
    replacement's public URL (null when it is not public)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        if not page.document_status:
            return None
        replaced_by = None
        if page.document_replaced_by_id is not None:
            replacement = publicly_visible(
                Page.objects.filter(pk=page.document_replaced_by_id)
            ).first()
            if replacement is not None:
                replaced_by = replacement.get_full_url(request=self.context.get("request"))
        return {
            "status": page.document_status,
            "label": str(page.document_status_label),
            "date": page.document_status_date.isoformat() if page.document_status_date else None,
            "replaced_by": replaced_by,
        }
