from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from . import two_factor, unpublishing
from .publishing import UNPUBLISH_REASON_ACTION
from .services import can_publish_directly, is_expired
from .views import ScheduledPagesReportView

COPY_IS_DRAFT_MESSAGE = _("副本已存为草稿：须经“审核发布”流程（审核 → 签发）批准后才能发布。")
WORKFLOW_ONLY_MESSAGE = _("请提交审核：页面须经“审核发布”流程（审核 → 签发）批准后才能发布。")


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    """A page past its expiry time is gone at once, not only when publish_scheduled next runs."""
    if is_expired(page):
        raise Http404


@hooks.register("register_admin_urls")
def register_scheduled_pages_report_urls():
    return [
        path(
            "reports/scheduled/",
            ScheduledPagesReportView.as_view(),
            name="scheduled_pages_report",
        ),
        path(
            "reports/scheduled/results/",
            ScheduledPagesReportView.as_view(results_only=True),
            name="scheduled_pages_report_results",
        ),
    ]


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("两步验证"),
        "help_text": _("用手机认证应用生成的验证码保护登录。"),
    }


@hooks.register("register_reports_menu_item")
def register_scheduled_pages_report_menu_item():
    return MenuItem(
        _("已排期的页面"), reverse("scheduled_pages_report"), icon_name="time", order=150
    )


# Nothing goes live without the 审核发布 workflow: only site administrators publish directly. The
# rule itself is the page permission tester's (home/publishing.py), which every path asks; these
# hooks tell the user why.


@hooks.register("construct_page_action_menu")
def remove_direct_publish(menu_items, request, context):
    if not can_publish_directly(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish_page")
def refuse_direct_publish(request, page):
    if not can_publish_directly(request.user):
        if page.live and page.live_revision_id is None:
            # The create view adds a new page as live just before publishing it: keep it a draft.
            Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        messages.error(request, WORKFLOW_ONLY_MESSAGE)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and not can_publish_directly(request.user):
        messages.error(request, WORKFLOW_ONLY_MESSAGE)
        return redirect("wagtailadmin_explore_root")
    return None


@hooks.register("after_copy_page")
def tell_copies_are_drafts(request, page, new_page):
    # The copy form offers 发布副本 and 别名 to site administrators only (home/publishing.py).
    if page.live and not new_page.live:
        messages.info(request, COPY_IS_DRAFT_MESSAGE)


# 下线 is for site administrators and 签发 (Wagtail's can_unpublish), always with a reason that
# goes to the page history (home/unpublishing.py).


@hooks.register("before_unpublish_page")
def require_unpublish_reason(request, page):
    return unpublishing.require_reason_for_unpublish(request, page)


# Registered after Wagtail's own bulk 下线 (order=1), which it replaces.
hooks.register("register_bulk_action", unpublishing.UnpublishWithReasonBulkAction, order=1)


@hooks.register("register_log_actions")
def register_unpublish_reason_log_action(actions):
    actions.register_action(UNPUBLISH_REASON_ACTION)(unpublishing.UnpublishReasonFormatter)
