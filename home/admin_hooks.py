"""The admin as the editors meet it: slugs suggested as the title is typed, the help menu opening
our own Chinese guide, and a message after each workflow step that says what happened.

Registered from ``HomeConfig.ready`` (home/wagtail_hooks.py holds the workflow rules).
"""

from datetime import timedelta

from django.contrib import messages as django_messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, TaskState

from . import editor_guide, slugs

# Wagtail's help menu items that lead to its English guide on guide.wagtail.org.
WAGTAIL_GUIDE_ITEMS = {"editor-guide"}
WAGTAIL_GUIDE_PREFIX = "whats-new-in-wagtail-"
STEP_JUST_TAKEN = timedelta(minutes=1)
# Wagtail's message after every edit-view action, looked up in Wagtail's catalog. Not a literal in
# gettext(): makemessages would copy it into our zh_Hans catalog as English (msgstr == msgid).
WAGTAIL_UPDATED = "Page '%(page_title)s' has been updated."


@hooks.register("register_admin_urls")
def register_editor_urls():
    return [
        path("slug/", slugs.suggest_slug_view, name="suggest_slug"),
        path("editor-guide/", editor_guide.EditorGuideView.as_view(), name="editor_guide"),
        path(
            "editor-guide/images/<str:name>",
            editor_guide.guide_image,
            name="editor_guide_image",
        ),
    ]


@hooks.register("construct_help_menu")
def use_our_editor_guide(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_GUIDE_ITEMS and not item.name.startswith(WAGTAIL_GUIDE_PREFIX)
    ]
    menu_items.append(
        MenuItem(
            _("编辑手册"),
            reverse("editor_guide"),
            name="rendawang-editor-guide",
            icon_name="help",
            order=1100,
        )
    )


@hooks.register("after_edit_page")
def say_what_the_workflow_step_did(request, page):
    """Wagtail confirms every workflow action with "页面 '…' 已被更新。"; the reviewer and the
    signer need to know where the page went."""
    if not request.POST.get("action-workflow-action"):
        return None
    # The step this request took: the page's latest task finished by this user, just now.
    step = (
        TaskState.objects.filter(
            workflow_state__base_content_type__model="page",
            workflow_state__object_id=str(page.pk),
            finished_by=request.user,
            finished_at__gte=timezone.now() - STEP_JUST_TAKEN,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if step is None or step.status not in {TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED}:
        return None
    outcome = workflow_outcome(
        Page.objects.get(pk=page.pk), rejected=step.status == TaskState.STATUS_REJECTED
    )
    updated = gettext(WAGTAIL_UPDATED) % {"page_title": page.get_admin_display_title()}
    replace_message(request, messages.render(updated, None), outcome)
    return None


def workflow_outcome(page: Page, *, rejected: bool) -> str:
    """What a just-taken workflow step did to ``page``, for the one who took it."""
    title = page.get_admin_display_title()
    if rejected:
        return gettext("“%(title)s”已退回修改，编辑会收到您的意见。") % {"title": title}
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        return gettext("“%(title)s”已通过本步，已提交%(task)s。") % {
            "title": title,
            "task": state.current_task_state.task.name,
        }
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.approved_go_live_at > timezone.now():
        when = date_format(timezone.localtime(scheduled.approved_go_live_at), "Y-m-d H:i")
        return gettext("“%(title)s”已排期，将于 %(when)s 发布。") % {"title": title, "when": when}
    if page.live:
        return gettext("“%(title)s”已发布。") % {"title": title}
    return gettext("“%(title)s”已批准。") % {"title": title}


def replace_message(request, old: str, new: str) -> None:
    """Queue ``new`` in place of the queued message ``old`` (as Wagtail rendered it), keeping
    every other message."""
    storage = django_messages.get_messages(request)
    kept = [message for message in storage if message.message != old]  # reading empties it
    for message in kept:
        django_messages.add_message(
            request, message.level, message.message, extra_tags=message.extra_tags
        )
    messages.success(request, new)
