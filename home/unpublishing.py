"""下线 (taking pages offline) with a required reason, in every place the admin offers it: the
page's 下线 view and the bulk action. Who may do it is Wagtail's ``can_unpublish`` (site
administrators and 签发); deleting live pages is refused until they are offline
(home/publishing.py)."""

from django import forms
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.log_actions import LogFormatter

from .publishing import UnpublishReasonForm, log_unpublish_reason


class UnpublishReasonFormatter(LogFormatter):
    label = _("下线原因")

    def format_message(self, log_entry):
        return _("下线原因：%(reason)s") % {"reason": log_entry.data.get("reason", "")}


def pages_unpublished_with(page, *, include_descendants: bool) -> list:
    pages = [page]
    if include_descendants:
        pages.extend(page.get_descendants().live().specific(defer=True))
    return pages


def require_reason_for_unpublish(request, page):
    """before_unpublish_page: no reason, no 下线; with one, it goes to the page history."""
    form = UnpublishReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写下线原因：下线会把已发布的内容撤下，原因将记入页面历史。"))
        return redirect("wagtailadmin_pages:unpublish", page.pk)
    include_descendants = bool(request.POST.get("include_descendants"))
    log_unpublish_reason(
        pages=pages_unpublished_with(page, include_descendants=include_descendants),
        user=request.user,
        reason=form.cleaned_data["reason"],
    )
    return None


class UnpublishWithReasonForm(UnpublishReasonForm):
    include_descendants = forms.BooleanField(label=_("同时下线其子页面"), required=False)


class UnpublishWithReasonBulkAction(UnpublishBulkAction):
    """Wagtail's bulk 下线, asking for the reason that every page taken offline records."""

    form_class = UnpublishWithReasonForm
    template_name = "wagtailadmin/pages/bulk_actions/confirm_bulk_unpublish_with_reason.html"

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(
        cls, objects, include_descendants=False, user=None, permission_checker=None, reason="",
        **kwargs,
    ):  # fmt: skip
        unpublished = []
        for page in objects:
            unpublished.append(page)
            if include_descendants:
                unpublished.extend(
                    descendant
                    for descendant in page.get_descendants().live().specific(defer=True)
                    if user is None or permission_checker(descendant)
                )
        counts = super().execute_action(
            objects,
            include_descendants=include_descendants,
            user=user,
            permission_checker=permission_checker,
            **kwargs,
        )
        log_unpublish_reason(pages=unpublished, user=user, reason=reason)
        return counts
