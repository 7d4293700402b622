"""XLSX export of the filtered message list (for the 年度报告): the rows the list shows, with the
same filters and search; the contact columns only for holders of ``liaison.view_contact``, and
then the export is logged as a reading of every exported message's contact details."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from participation.export import xlsx_response
from participation.models import log_contact_access

from .admin_filters import MessageFilterSet
from .deadlines import overdue_label
from .models import Message, Reply
from .permissions import can_handle_messages, can_view_contact, visible_messages


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _national(mobile: str) -> str:
    """+8613812345678 as staff dial it: 13812345678."""
    return mobile.removeprefix("+86")


def export_rows(queryset, *, with_contact: bool, now):
    headers = [
        _("编号"), _("联络站"), _("代表"), _("类别"), _("主题"), _("内容"), _("状态"),
        _("收到时间"), _("受理时间"), _("转办时间"), _("承办单位"), _("答复时间"),
        _("办结时间"), _("不予受理的理由"), _("答复"), _("答复是否公开"), _("评价"), _("超期"),
    ]  # fmt: skip
    if with_contact:
        headers += [_("姓名"), _("手机号码"), _("电子邮箱")]
    replies = dict(
        Reply.objects.filter(message__in=queryset, status="approved").values_list(
            "message_id", "text"
        )
    )

    def rows():
        for message in queryset.iterator(chunk_size=1000):
            row = [
                message.case_number,
                message.station.title,
                message.representative.name if message.representative else "",
                message.get_category_display(),
                message.subject,
                message.text,
                message.get_status_display(),
                _local(message.received_at),
                _local(message.accepted_at),
                _local(message.referred_at),
                message.referred_to,
                _local(message.replied_at),
                _local(message.closed_at),
                message.reject_reason,
                replies.get(message.pk, ""),
                _("公开") if message.reply_public else _("不公开"),
                message.get_rating_display() if message.rating else "",
                overdue_label(message, now),
            ]
            if with_contact:
                row += [message.contact_name, _national(message.contact_mobile),
                        message.contact_email]  # fmt: skip
            yield row

    return headers, rows()


@never_cache
def export_view(request):
    if not can_handle_messages(request.user):
        raise PermissionDenied
    queryset = visible_messages(
        request.user, Message.objects.select_related("station", "representative")
    )
    filters = MessageFilterSet(request.GET, queryset=queryset, request=request)
    if filters.is_valid():
        queryset = filters.qs
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(case_number__icontains=query)
    queryset = queryset.order_by("received_at", "pk")
    with_contact = can_view_contact(request.user)
    if with_contact:
        log_contact_access(request.user, queryset, "export")
    headers, rows = export_rows(queryset, with_contact=with_contact, now=timezone.now())
    filename = f"liaison-messages-{datetime.date.today():%Y-%m-%d}.xlsx"
    return xlsx_response(filename, [(_("留言"), headers, rows)])
