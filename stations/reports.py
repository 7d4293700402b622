"""联络站信息缺项: the stations whose page cannot yet answer a visitor's questions (where, when,
whom to call, who is there), with the facts each lacks and a link to edit it."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import StationPage, StationRepresentative

# The facts a visitor needs, as (label, attribute, condition for "missing"). Representatives are
# rows of their own (annotated ``has_representatives``): without any, no one is named to meet.
VISITOR_FACTS = [
    (_("地址"), "address", Q(address="")),
    (_("联系电话"), "phone", Q(phone="")),
    (_("开放时间"), "opening_hours", Q(opening_hours="")),
    (_("接待日规则"), "reception_rule", Q(reception_rule="")),
    (_("进站代表"), "has_representatives", Q(has_representatives=False)),
]


def stations_missing_facts(queryset):
    """The stations of ``queryset`` that lack any visitor fact, each with ``missing_facts`` (the
    labels of what it lacks), in tree order."""
    stations = queryset.annotate(
        has_representatives=Exists(StationRepresentative.objects.filter(page=OuterRef("pk")))
    )
    missing_any = Q()
    for _label, _attribute, condition in VISITOR_FACTS:
        missing_any |= condition
    return stations.filter(missing_any).select_related("locale").order_by("path")


def missing_labels(station) -> str:
    """What ``station`` (from ``stations_missing_facts``) lacks, e.g. 地址、联系电话."""
    return "、".join(
        str(label)
        for label, attribute, _condition in VISITOR_FACTS
        if not getattr(station, attribute)
    )


class StationGapsReportView(ReportView):
    page_title = _("联络站信息缺项")
    header_icon = "warning"
    index_url_name = "station_gaps_report"
    index_results_url_name = "station_gaps_report_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "locale", "url_path", "missing_facts"]
    export_headings = {
        "title": _("联络站"),
        "locale": _("语言"),
        "url_path": _("页面路径"),
        "missing_facts": _("缺少的信息"),
    }
    columns = [
        TitleColumn(
            "title",
            label=_("联络站"),
            get_url=lambda station: reverse("wagtailadmin_pages:edit", args=[station.pk]),
        ),
        Column("locale", label=_("语言"), accessor="locale.get_display_name"),
        Column("missing_facts", label=_("缺少的信息")),
        Column("status", label=_("状态"), accessor="status_string"),
    ]

    def get_filename(self):
        return f"station-gaps-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return stations_missing_facts(StationPage.objects.filter(pk__in=editable.values("pk")))

    def decorate_paginated_queryset(self, object_list):
        for station in object_list:
            station.missing_facts = missing_labels(station)
        return object_list
