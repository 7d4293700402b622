"""报告 › 文件状态: the official documents marked 已修改 / 已废止 / 已失效 (news.document_status),
and whether each one's replacement is still a public page (a deleted replacement leaves the link
empty, an unpublished or private one leaves it pointing nowhere: both are flagged)."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from home.visibility import publicly_visible
from news.models import NewsPage


def marked_documents() -> list[NewsPage]:
    """Every article with a status, newest status first, each with ``replacement`` (the page or
    None), ``replacement_public`` and ``problem`` (a sentence, or empty)."""
    documents = list(
        NewsPage.objects.exclude(document_status="")
        .select_related("document_replaced_by")
        .order_by("-document_status_date", "path")
    )
    replacement_ids = {doc.document_replaced_by_id for doc in documents} - {None}
    public = set(
        publicly_visible(Page.objects.filter(pk__in=replacement_ids)).values_list("pk", flat=True)
    )
    for doc in documents:
        doc.replacement = doc.document_replaced_by
        doc.replacement_public = doc.document_replaced_by_id in public
        doc.problem = (
            gettext("替代文件未发布或不公开，文件上的链接无法打开。")
            if doc.replacement is not None and not doc.replacement_public
            else ""
        )
    return documents


def replacement_problems() -> list[NewsPage]:
    """The marked documents whose replacement link leads nowhere (for the dashboard and tests)."""
    return [doc for doc in marked_documents() if doc.problem]


class DocumentStatusReportView(ReportView):
    """文件状态: all marked documents (``?problems=1``: only those whose replacement is gone)."""

    page_title = _("文件状态")
    header_icon = "doc-full"
    index_url_name = "health_document_status_report"
    index_results_url_name = "health_document_status_report_results"
    paginate_by = 100
    list_export = ["title", "status", "date", "replacement_title", "problem"]
    export_headings = {
        "title": _("文件"),
        "status": _("文件状态"),
        "date": _("状态日期"),
        "replacement_title": _("替代文件"),
        "problem": _("链接问题"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("文件"),
            accessor="title",
            get_url=lambda doc: reverse("wagtailadmin_pages:edit", args=[doc.pk]),
        ),
        Column("status", label=_("文件状态")),
        Column("date", label=_("状态日期")),
        TitleColumn(
            "replacement_title",
            label=_("替代文件"),
            accessor="replacement_title",
            get_url=lambda doc: (
                reverse("wagtailadmin_pages:edit", args=[doc.replacement.pk])
                if doc.replacement
                else None
            ),
        ),
        Column("problem", label=_("链接问题")),
    ]

    def get_filename(self):
        return f"document-status-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        rows = marked_documents()
        if self.request.GET.get("problems"):
            rows = [doc for doc in rows if doc.problem]
        for doc in rows:
            doc.status = doc.document_status_label
            doc.date = (
                date_format(doc.document_status_date, "Y-m-d") if doc.document_status_date else ""
            )
            doc.replacement_title = doc.replacement.title if doc.replacement else ""
        return rows
