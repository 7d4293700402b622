"""Who may make pages public, and who may take them down.

The rules (docs/editor-guide.md, 发布与下线):

- Nothing goes live without the 审核发布 workflow (编辑 → 审核 → 签发). Only site administrators
  (superusers and the 站点管理员 group) publish directly. 签发 holds Wagtail's publish permission —
  it lets them take pages offline — but signs off only through the workflow.
- The rule is kept where Wagtail asks it, in the page permission tester: every path that publishes
  (the edit and create views, reverting, bulk publishing, copying with 发布副本, aliases, the
  actions that do the work, wagtail-localize's translation editor) asks ``can_publish`` or
  ``can_publish_subpage``, and the admin hides what the tester refuses. The workflow's own final
  approval publishes without asking (``home.workflows``).
- Taking pages offline (下线) is for site administrators and 签发, always with a reason, written
  to the page history as ``rendawang.unpublish_reason``. A page that is live, or has live
  subpages or translations, is not deleted directly: it is taken offline first, with its reason.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import CopyForm
from wagtail.log_actions import log
from wagtail.models import Page, PagePermissionTester

SITE_ADMIN_GROUP = "站点管理员"
UNPUBLISH_REASON_ACTION = "rendawang.unpublish_reason"


def can_publish_directly(user) -> bool:
    """Only site administrators publish without the 审核发布 workflow; 签发 signs off through it."""
    if not user.is_authenticated:
        return False
    # Asked for every page row of an admin listing: once per user object (that is, per request).
    if not hasattr(user, "_can_publish_directly"):
        user._can_publish_directly = (
            user.is_superuser or user.groups.filter(name=SITE_ADMIN_GROUP).exists()
        )
    return user._can_publish_directly


class WorkflowPagePermissionTester(PagePermissionTester):
    def can_publish(self):
        return super().can_publish() and can_publish_directly(self.user)

    def can_publish_subpage(self):
        # Copies kept live and aliases of live pages are publications at the destination.
        return super().can_publish_subpage() and can_publish_directly(self.user)

    def can_unschedule(self):
        # Cancelling a scheduled publication makes nothing public: Wagtail's publish permission.
        return super().can_publish()

    def can_delete(self, ignore_bulk=False):
        # Deleting would take live pages offline without a reason: they are taken offline first.
        return super().can_delete(ignore_bulk=ignore_bulk) and not self._withdraws_live_pages()

    def can_move(self):
        # Wagtail asks can_delete here; moving a live page keeps it live, it withdraws nothing.
        return super().can_delete(ignore_bulk=True)

    def _withdraws_live_pages(self):
        if self.page_is_root:
            return False
        # Deleting a page also deletes its translations (and their subpages).
        paths = Page.objects.filter(translation_key=self.page.translation_key).values_list(
            "path", flat=True
        )
        in_subtrees = Q(path__startswith=self.page.path)
        for path in paths:
            in_subtrees |= Q(path__startswith=path)
        return Page.objects.filter(in_subtrees).live().exists()


class WorkflowCopyForm(CopyForm):
    """Wagtail's copy form without 发布副本 and 别名 for anyone but site administrators: their
    copies are drafts that go through 审核发布."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish_directly(self.user):
            self.fields.pop("publish_copies", None)
            self.fields.pop("alias", None)


class UnpublishReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("下线原因"),
        help_text=_("必填：写入页面历史，说明为何撤下已发布的内容。"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("请填写下线原因。"))
        return reason


def log_unpublish_reason(*, pages, user, reason: str) -> None:
    """One history entry per page taken offline, beside Wagtail's own 下线 entry."""
    for page in pages:
        log(instance=page, action=UNPUBLISH_REASON_ACTION, user=user, data={"reason": reason})
