from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .models import Message
from .permissions import MessagePermissionPolicy, can_handle_messages
from .reports import OverdueMessagesReportView
from .viewsets import MessageViewSet

# Registered before the viewset, which would otherwise make a model-permission policy for it.
register_permission_policy(Message, MessagePermissionPolicy(Message))


@hooks.register("register_admin_viewset")
def register_message_viewset():
    return MessageViewSet()


@hooks.register("register_admin_urls")
def register_overdue_report_urls():
    return [
        path(
            "reports/overdue-messages/",
            OverdueMessagesReportView.as_view(),
            name="liaison_overdue_report",
        ),
        path(
            "reports/overdue-messages/results/",
            OverdueMessagesReportView.as_view(results_only=True),
            name="liaison_overdue_report_results",
        ),
    ]


class OverdueReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle_messages(request.user)


@hooks.register("register_reports_menu_item")
def register_overdue_report_menu_item():
    return OverdueReportMenuItem(
        _("超期留言"), reverse("liaison_overdue_report"), icon_name="warning", order=170
    )
