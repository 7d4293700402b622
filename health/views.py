"""The content-health reports (报告 menu): 栏目更新, 用词, 站内链接, 外部链接."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .freshness import column_freshness
from .models import Check, ColumnKind, Finding


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _local_time(value):
    return date_format(timezone.localtime(value), "Y-m-d H:i") if value else ""


class ColumnFreshnessReportView(ReportView):
    """栏目更新: the columns past their interval and the empty ones (all with ``?all=1``)."""

    page_title = _("栏目更新")
    header_icon = "time"
    index_url_name = "health_freshness_report"
    index_results_url_name = "health_freshness_report_results"
    paginate_by = 100
    list_export = ["title", "kind_label", "interval", "last", "days", "group_name", "state"]
    export_headings = {
        "title": _("栏目"),
        "kind_label": _("栏目类型"),
        "interval": _("更新周期（天）"),
        "last": _("最近发布时间"),
        "days": _("距今天数"),
        "group_name": _("负责分组"),
        "state": _("状态"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("栏目"),
            accessor=lambda row: row.page.title,
            get_url=lambda row: reverse("wagtailadmin_explore", args=[row.page.pk]),
        ),
        Column("kind_label", label=_("栏目类型")),
        Column("interval", label=_("更新周期（天）")),
        Column("last", label=_("最近发布时间")),
        Column("days", label=_("距今天数")),
        Column("group_name", label=_("负责分组")),
        Column("state", label=_("状态")),
    ]

    def get_filename(self):
        return f"column-freshness-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        rows = column_freshness()
        if not self.request.GET.get("all"):
            rows = [row for row in rows if row.is_due]
        for row in rows:
            row.title = row.page.title
            row.kind_label = gettext("首页") if row.is_home else ColumnKind(row.kind).label
            row.interval = row.interval_days or ""
            row.last = _local_time(row.last_published)
            row.days = row.days_since if row.days_since is not None else ""
            row.group_name = row.group.name if row.group else ""
            row.state = (
                gettext("空栏目")
                if row.is_empty and row.interval_days
                else gettext("超期未更新")
                if row.is_stale
                else gettext("正常")
            )
        return rows


class FindingReportView(ReportView):
    """The stored findings of one check on live pages, oldest first."""

    header_icon = "warning"
    kind = None
    paginate_by = 50
    list_export = ["page.title", "field", "found", "detail", "context", "first_seen"]
    export_headings = {
        "page.title": _("页面"),
        "field": _("字段"),
        "found": _("发现"),
        "detail": _("说明"),
        "context": _("上下文"),
        "first_seen": _("首次发现"),
    }
    columns = [
        TitleColumn("page", label=_("页面"), accessor="page.title",
                    get_url=lambda finding: _edit_url(finding.page_id)),
        Column("field", label=_("字段")),
        Column("found", label=_("发现")),
        Column("detail", label=_("说明")),
        Column("context", label=_("上下文")),
        DateColumn("first_seen", label=_("首次发现")),
    ]  # fmt: skip

    def get_filename(self):
        return f"{self.kind}-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return (
            Finding.objects.filter(kind=self.kind, page__live=True)
            .select_related("page")
            .order_by("first_seen", "page__path", "pk")
        )


class TermReportView(FindingReportView):
    page_title = _("用词检查")
    kind = Check.TERM
    index_url_name = "health_terms_report"
    index_results_url_name = "health_terms_report_results"


class InternalLinkReportView(FindingReportView):
    page_title = _("站内链接检查")
    kind = Check.INTERNAL_LINK
    index_url_name = "health_internal_links_report"
    index_results_url_name = "health_internal_links_report_results"


class ExternalLinkReportView(FindingReportView):
    page_title = _("外部链接检查")
    kind = Check.EXTERNAL_LINK
    index_url_name = "health_external_links_report"
    index_results_url_name = "health_external_links_report_results"
