"""After a workflow step taken in the editor, the reviewer and the signer read where the page
went, not Wagtail's "页面 '…' 已被更新。"."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tests.workflow.conftest import article_form, client_for
from tests.workflow.test_workflow import submit_new_article

pytestmark = pytest.mark.django_db


def step(user, page, action, **overrides):
    """``action`` taken from the editor's action menu, as the reviewer's button posts it."""
    data = article_form(
        **overrides,
        **{
            "action-workflow-action": "action-workflow-action",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": "请补充来源。"})
            if action == "reject"
            else "{}",
        },
    )
    return shown_after(client_for(user), f"/admin/pages/{page.pk}/edit/", data)


def shown_after(client, url, data):
    """The messages the next page shows after posting ``data`` to ``url``."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    next_page = client.get(response.url)
    return [str(message.message).strip() for message in get_messages(next_page.wsgi_request)]


def test_each_step_says_what_happened(column, editor, reviewer, signer):
    page = submit_new_article(editor, column)

    said = step(reviewer, page, "approve")
    assert len(said) == 1 and "已提交签发" in said[0] and "已被更新" not in said[0]

    said = step(signer, page, "approve")
    assert len(said) == 1 and "已发布" in said[0]
    page.refresh_from_db()
    assert page.live


def test_a_rejection_says_the_page_went_back(column, editor, reviewer):
    page = submit_new_article(editor, column)
    said = step(reviewer, page, "reject")
    assert len(said) == 1 and "已退回修改" in said[0]


def test_a_scheduled_page_says_when_it_goes_live(column, editor, reviewer, signer):
    go_live = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0)
    when = go_live.strftime("%Y-%m-%d %H:%M")
    page = submit_new_article(editor, column, go_live_at=when)
    step(reviewer, page, "approve", go_live_at=when)
    said = step(signer, page, "approve", go_live_at=when)
    assert said == [f"“{page.title}”已排期，将于 {when} 发布。"]


def test_a_plain_save_keeps_wagtails_message(column, editor, reviewer):
    page = submit_new_article(editor, column)
    said = shown_after(client_for(reviewer), f"/admin/pages/{page.pk}/edit/", article_form())
    assert any("已被更新" in message for message in said)
