"""Two editors on one page: Wagtail warns the one whose copy is out of date, and no revision is
lost whoever saves last."""

import pytest
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.models import Revision

from news.models import NewsPage
from tests.workflow.conftest import article_form, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(column):
    editor = make_user("first", "编辑")
    response = client_for(editor).post(
        f"/admin/pages/add/news/newspage/{column.pk}/", article_form()
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsPage.objects.get(slug="workflow-article")


def open_editor(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response


def ping(client, user, page, revision):
    session = EditingSession.objects.filter(user=user, object_id=str(page.pk)).latest("pk")
    url = reverse(
        "wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", page.pk, session.pk)
    )
    response = client.post(
        url,
        {
            "revision_id": revision.pk,
            "revision_created_at": revision.created_at.isoformat(),
            "is_editing": "1",
        },
    )
    assert response.status_code == 200
    return response.json()


def test_second_editor_is_warned_and_every_revision_is_kept(page):
    alice, bob = make_user("alice", "编辑"), make_user("bob", "编辑")
    alice_client, bob_client = client_for(alice), client_for(bob)
    loaded = page.get_latest_revision()

    open_editor(alice_client, page)
    open_editor(bob_client, page)
    # Each sees the other at work on the page.
    assert [s["user"] for s in ping(alice_client, alice, page, loaded)["other_sessions"]] == ["bob"]

    # Bob saves first.
    bob_form = article_form(summary="Bob 修改的摘要。")
    bob_form.update(loaded_revision_id=loaded.pk, loaded_revision_created_at=loaded.created_at)
    assert bob_client.post(f"/admin/pages/{page.pk}/edit/", bob_form).status_code == 302
    page.refresh_from_db()
    bobs_revision = page.get_latest_revision()
    assert bobs_revision.pk != loaded.pk

    # Alice's editor learns that her copy is out of date: the admin shows its conflict warning.
    sessions = ping(alice_client, alice, page, loaded)["other_sessions"]
    assert {"user": "bob", "revision_id": bobs_revision.pk}.items() <= sessions[0].items()

    # Her background save (autosave) is refused rather than overwriting Bob's version.
    alice_form = article_form(summary="Alice 修改的摘要。")
    alice_form.update(
        loaded_revision_id=loaded.pk, loaded_revision_created_at=loaded.created_at.isoformat()
    )
    autosave = alice_client.post(
        f"/admin/pages/{page.pk}/edit/", alice_form, headers={"Accept": "application/json"}
    )
    assert autosave.status_code == 400
    assert autosave.json()["error_code"] == "invalid_revision"

    # If she saves anyway, it becomes a new revision: Bob's stays in the history.
    assert alice_client.post(f"/admin/pages/{page.pk}/edit/", alice_form).status_code == 302
    summaries = [
        revision.content["summary"]
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk")
    ]
    assert summaries == ["工作流测试摘要。", "Bob 修改的摘要。", "Alice 修改的摘要。"]
