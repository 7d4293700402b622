"""超期留言: the unanswered messages past a deadline (受理 after ``LIAISON_ACCEPT_DAYS``, reply
after ``LIAISON_REPLY_DAYS``), oldest first, with the 30/60/90-day bands, so that no message
reaches the inspections' 90 days unnoticed. Each user sees the stations they handle."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .admin_views import message_url
from .deadlines import age_band, overdue_bands, overdue_condition, overdue_label, overdue_q
from .models import Message
from .permissions import MessagePermissionPolicy, visible_messages


class OverdueBandFilterSet(WagtailFilterSet):
    band = django_filters.ChoiceFilter(label=_("超期情况"), choices=[], method="filter_band")

    class Meta:
        model = Message
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["band"].extra["choices"] = [
            (value, label) for value, label, _condition in overdue_bands()[1:]
        ]

    def filter_band(self, queryset, name, value):
        condition = overdue_condition(value, timezone.now())
        return queryset if condition is None else queryset.filter(condition)


class OverdueMessagesReportView(ReportView):
    page_title = _("超期留言")
    header_icon = "warning"
    index_url_name = "liaison_overdue_report"
    index_results_url_name = "liaison_overdue_report_results"
    permission_policy = MessagePermissionPolicy(Message)
    any_permission_required = ["handle_message"]
    filterset_class = OverdueBandFilterSet
    list_export = ["case_number", "station.title", "status_label", "received_at", "age", "overdue",
                   "band"]  # fmt: skip
    export_headings = {
        "case_number": _("编号"),
        "station.title": _("联络站"),
        "status_label": _("状态"),
        "received_at": _("收到时间"),
        "age": _("已等待天数"),
        "overdue": _("超期情况"),
        "band": _("督办档次"),
    }
    columns = [
        TitleColumn("case_number", label=_("编号"), get_url=message_url),
        Column("station", label=_("联络站"), accessor="station.title"),
        Column("status", label=_("状态"), accessor="status_label"),
        DateColumn("received_at", label=_("收到时间")),
        Column("age", label=_("已等待天数")),
        Column("overdue", label=_("超期情况")),
        Column("band", label=_("督办档次")),
    ]

    def get_filename(self):
        return f"overdue-messages-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.now = timezone.now()
        return visible_messages(
            self.request.user,
            Message.objects.filter(overdue_q(self.now)).select_related("station"),
        ).order_by("received_at", "pk")

    def decorate_paginated_queryset(self, object_list):
        for message in object_list:
            message.status_label = message.get_status_display()
            message.age = (self.now - message.received_at).days
            message.overdue = overdue_label(message, self.now)
            message.band = age_band(message, self.now)
        return object_list
