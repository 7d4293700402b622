import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, Workflow, WorkflowState

from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.workflow.conftest import article_form, client_for

pytestmark = pytest.mark.django_db

TITLE = "工作流测试稿件"


def add_url(parent):
    return f"/admin/pages/add/news/newspage/{parent.pk}/"


def submit_new_article(editor, parent, **overrides):
    response = client_for(editor).post(
        add_url(parent), article_form(**overrides, **{"action-submit": "action-submit"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return NewsPage.objects.get(slug=overrides.get("slug", "workflow-article"))


def workflow_action(user, page, action, comment=""):
    task_state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk), status="in_progress"
    ).current_task_state
    response = client_for(user).post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )
    assert response.status_code in (200, 302), response.status_code
    return response


def public_outputs(client, page):
    """Everything the public sees that could list or show ``page``, for links to it."""
    link = f'href="{page.get_url()}"'
    for url, params in [("/", {}), (page.get_parent().url, {}), ("/search/", {"q": TITLE})]:
        yield link, client.get(url, params).content.decode()


def test_the_site_has_the_two_step_workflow_on_every_page(home_page):
    workflow = Workflow.objects.get(name="审核发布")
    assert [task.name for task in workflow.tasks] == ["审核", "签发"]
    assert home_page.get_workflow() == workflow


def test_submit_review_reject_and_approve(client, column, editor, reviewer, signer):
    page = submit_new_article(editor, column)

    assert not page.live
    state = page.current_workflow_state
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == "审核"
    assert [m.to for m in mail.outbox] == [[reviewer.email]]  # the 审核 group is told
    for link, html in public_outputs(client, page):
        assert link not in html
    assert client.get("/releases/workflow-article/").status_code == 404

    # 审核 rejects with a comment: back to the editor, by email, with the comment.
    mail.outbox.clear()
    workflow_action(reviewer, page, "reject", comment="请补充来源和作者。")
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    assert not page.live
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    assert "请补充来源和作者。" in mail.outbox[0].body

    # The editor fixes and resubmits; 审核 approves, then 签发 approves: live.
    response = client_for(editor).post(
        f"/admin/pages/{page.pk}/edit/",
        article_form(source="嵊州市人大常委会", **{"action-submit": "action-submit"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    mail.outbox.clear()
    workflow_action(reviewer, page, "approve")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.current_task_state.task.name == "签发"
    assert [m.to for m in mail.outbox] == [[signer.email]]
    workflow_action(signer, page, "approve")

    page.refresh_from_db()
    assert page.live
    assert page.source == "嵊州市人大常委会"
    assert page.publish_time is not None
    assert TITLE in client.get("/releases/").content.decode()
    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    for action in [
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]:
        assert action in actions, (action, actions)


def test_reviewers_can_preview_a_page_in_review(column, editor, reviewer):
    page = submit_new_article(editor, column)
    response = client_for(reviewer).get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert TITLE in response.content.decode()


def test_editor_cannot_publish_through_the_admin(column, editor):
    response = client_for(editor).post(
        add_url(column), article_form(**{"action-publish": "action-publish"})
    )
    page = NewsPage.objects.filter(slug="workflow-article").first()
    assert page is None or not page.live
    assert response.status_code in (200, 302, 403)


def test_editor_cannot_unpublish_or_delete_live_pages(column, editor):
    live = NewsPageFactory(parent=column, title="已发布稿件")
    client = client_for(editor)

    assert client.post(f"/admin/pages/{live.pk}/unpublish/").status_code in (302, 403)
    assert client.post(f"/admin/pages/{live.pk}/delete/").status_code in (302, 403)

    live.refresh_from_db()
    assert live.live
    assert NewsPage.objects.filter(pk=live.pk).exists()


def test_editing_a_page_in_review_needs_reapproval(column, editor, reviewer, signer):
    page = submit_new_article(editor, column)
    workflow_action(reviewer, page, "approve")
    page.refresh_from_db()
    assert page.current_workflow_state.current_task_state.task.name == "签发"

    # 签发 (who may edit while the page is on its step) changes it, then approves: the
    # change has not been reviewed, so the page goes back to 审核 instead of going live.
    client_for(signer).post(
        f"/admin/pages/{page.pk}/edit/", article_form(summary="签发时修改的摘要。")
    )
    workflow_action(signer, page, "approve")

    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.current_task_state.task.name == "审核"


def test_page_in_review_is_locked_for_the_editor(column, editor):
    page = submit_new_article(editor, column)
    response = client_for(editor).post(
        f"/admin/pages/{page.pk}/edit/", article_form(summary="偷偷修改")
    )
    assert response.status_code in (200, 302, 403)
    assert page.get_latest_revision_as_object().summary == "工作流测试摘要。"


def test_regional_editor_works_only_in_their_subtree(column, shaoxing, regional_editor):
    client = client_for(regional_editor)
    outside = NewsPageFactory(parent=column, title="省级稿件")

    assert client.get(f"/admin/pages/{outside.pk}/edit/").status_code in (302, 403)
    assert client.get(add_url(column)).status_code in (302, 403)
    assert client.get(add_url(shaoxing)).status_code == 200

    page = submit_new_article(regional_editor, shaoxing, slug="shaoxing-article")
    assert not page.live
    assert page.current_workflow_state.current_task_state.task.name == "审核"


def test_scheduled_page_goes_live_only_after_publish_scheduled(
    client, column, editor, reviewer, signer
):
    go_live = timezone.now() + timedelta(hours=2)
    page = submit_new_article(
        editor, column, go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
    )
    workflow_action(reviewer, page, "approve")
    workflow_action(signer, page, "approve")

    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live  # not due yet
    for link, html in public_outputs(client, page):
        assert link not in html
    scheduled = client_for(signer).get("/admin/reports/scheduled/").content.decode()
    assert TITLE in scheduled

    # Two hours pass: the scheduled time is now in the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())

    page.refresh_from_db()
    assert page.live
    assert TITLE in client.get("/releases/").content.decode()


def test_expired_pages_disappear_at_once_and_are_unpublished_by_the_command(client, column):
    page = NewsPageFactory(parent=column, title=TITLE, slug="expiring")
    assert TITLE in client.get("/releases/").content.decode()
    page.expire_at = timezone.now() - timedelta(minutes=1)
    page.save()

    assert client.get(page.url).status_code == 404
    for link, html in public_outputs(client, page):
        assert link not in html

    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired


def test_demo_users_command_creates_one_user_per_role(settings, home_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from home.services import ensure_regional_editor_group
    from tests.factories import NewsIndexPageFactory

    settings.DEBUG = True
    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    ensure_regional_editor_group(column=NewsIndexPageFactory(parent=local, title="绍兴市"))
    Group.objects.create(name="站点管理员（甘霖镇）")  # a station's staff (load_demo, liaison)
    out = io.StringIO()

    call_command("create_demo_users", stdout=out)

    users = get_user_model().objects.filter(
        username__in=["editor", "reviewer", "signer", "siteadmin", "shaoxing"]
    )
    assert users.count() == 5
    assert "renda-demo-2026" in out.getvalue()
    assert get_user_model().objects.get(username="signer").groups.get().name == "签发"


@pytest.mark.parametrize("user_fixture", ["editor", "reviewer", "signer"])
def test_only_site_admins_publish_outside_the_workflow(request, column, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client = client_for(user)

    form = client.get(add_url(column)).content.decode()
    response = client.post(add_url(column), article_form(**{"action-publish": "action-publish"}))

    assert 'name="action-publish"' not in form
    assert response.status_code in (200, 302, 403)
    page = NewsPage.objects.filter(slug="workflow-article").first()
    assert page is None or not page.live


def test_site_admin_may_publish_directly(column):
    from tests.workflow.conftest import make_user

    admin = make_user("siteadmin", "站点管理员")
    response = client_for(admin).post(
        add_url(column), article_form(**{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="workflow-article").live
