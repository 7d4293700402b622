"""Every way the admin offers to make a page live passes the 审核发布 workflow, except for site
administrators: copies, aliases, reverting, scheduling, moving, translation sync."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.models import Page, PageLogEntry, Revision

from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.workflow.conftest import article_form, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_article(column):
    page = NewsPageFactory(parent=column, title="已发布稿件", slug="live-article")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def copy_form(page, **extra):
    return {
        "new_title": "稿件副本",
        "new_slug": "article-copy",
        "new_parent_page": str(page.get_parent().pk),
        **extra,
    }


def the_copy():
    return Page.objects.get(slug="article-copy")


def test_signer_copy_with_publish_copies_stays_a_draft(live_article, signer):
    client = client_for(signer)
    form = client.get(f"/admin/pages/{live_article.pk}/copy/").content.decode()
    response = client.post(
        f"/admin/pages/{live_article.pk}/copy/", copy_form(live_article, publish_copies="on")
    )

    assert 'name="publish_copies"' not in form and 'name="alias"' not in form
    assert response.status_code == 302
    copy = the_copy()
    assert not copy.live and copy.live_revision_id is None
    followed = client.get(response["Location"]).content.decode()
    assert "副本已存为草稿" in followed
    assert not PageLogEntry.objects.filter(page=copy, action="wagtail.publish").exists()
    assert client.get("/releases/article-copy/").status_code in (302, 404)


def test_signer_cannot_make_a_live_alias(live_article, signer):
    response = client_for(signer).post(
        f"/admin/pages/{live_article.pk}/copy/", copy_form(live_article, alias="on")
    )

    assert response.status_code == 302
    copy = the_copy()
    assert copy.alias_of_id is None  # an ordinary draft copy, not an alias
    assert not copy.live


def test_editor_copy_stays_a_draft(live_article, editor):
    client_for(editor).post(
        f"/admin/pages/{live_article.pk}/copy/", copy_form(live_article, publish_copies="on")
    )
    assert not the_copy().live


@pytest.mark.parametrize("user_fixture", ["editor", "reviewer", "signer"])
def test_copy_and_alias_actions_refuse_to_publish_for_anyone_but_site_admins(
    request, live_article, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(PermissionDenied):
        CopyPageAction(
            live_article, to=live_article.get_parent(), keep_live=True, user=user,
            update_attrs={"slug": "article-copy"},
        ).execute()  # fmt: skip
    with pytest.raises(PermissionDenied):
        CreatePageAliasAction(
            live_article, parent=live_article.get_parent(), update_slug="article-alias", user=user
        ).execute()
    assert not Page.objects.filter(slug__in=["article-copy", "article-alias"]).exists()


def test_site_admin_may_publish_a_copy_and_make_an_alias(live_article):
    admin = make_user("siteadmin", "站点管理员")
    client = client_for(admin)
    assert (
        'name="publish_copies"'
        in client.get(f"/admin/pages/{live_article.pk}/copy/").content.decode()
    )
    client.post(
        f"/admin/pages/{live_article.pk}/copy/", copy_form(live_article, publish_copies="on")
    )
    assert the_copy().live
    alias = CreatePageAliasAction(
        live_article, parent=live_article.get_parent(), update_slug="article-alias", user=admin
    ).execute()
    assert alias.live


def test_signer_cannot_publish_a_revision_directly(live_article, signer):
    """Reverting to an old revision and publishing it, or any other path that publishes a
    revision on the signer's behalf, is refused where the publication happens."""
    old = live_article.live_revision
    live_article.title = "改过的标题"
    live_article.save_revision(user=signer)

    with pytest.raises(PermissionDenied):
        old.publish(user=signer)
    response = client_for(signer).post(
        f"/admin/pages/{live_article.pk}/revisions/{old.pk}/revert/",
        article_form(title="已发布稿件", slug="live-article", **{"action-publish": "1"}),
    )
    assert response.status_code in (200, 302, 403, 405)
    live_article.refresh_from_db()
    assert live_article.live_revision_id == old.pk  # nothing newer went live
    assert not PageLogEntry.objects.filter(
        page=live_article, user=signer, action="wagtail.publish"
    ).exists()


def test_signer_scheduled_go_live_does_not_bypass_the_workflow(column, signer):
    client = client_for(signer)
    go_live = timezone.localtime(timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    client.post(
        f"/admin/pages/add/news/newspage/{column.pk}/",
        article_form(go_live_at=go_live, **{"action-publish": "action-publish"}),
    )
    page = NewsPage.objects.get(slug="workflow-article")
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live
    assert not Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    ).exists()


def test_moving_a_draft_into_a_live_column_keeps_it_a_draft(column, home_page, signer):
    other = NewsIndexPageFactory(parent=home_page, title="其他栏目", slug="other")
    draft = NewsPageFactory(parent=other, title="草稿", slug="draft", live=False)
    client_for(signer).post(f"/admin/pages/{draft.pk}/move/{column.pk}/confirm/")
    draft.refresh_from_db()
    assert draft.get_parent().pk == column.pk
    assert not draft.live


def test_signer_cannot_sync_and_publish_translations(live_article, signer):
    """wagtail-localize's 'publish immediately' on sync is for site administrators only (nobody
    else has the translation permissions)."""
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(live_article)
    response = client_for(signer).post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
    )
    assert response.status_code in (302, 403)
    assert Page.objects.filter(translation_key=live_article.translation_key).count() == 1


def test_the_workflow_still_publishes_when_the_signer_approves(column, editor, reviewer, signer):
    from tests.workflow.test_workflow import submit_new_article, workflow_action

    page = submit_new_article(editor, column)
    workflow_action(reviewer, page, "approve")
    workflow_action(signer, page, "approve")
    page.refresh_from_db()
    assert page.live


def test_every_page_type_has_the_publishing_rules():
    """A new page type without the mixin would let 签发 publish it directly: fail instead."""
    from wagtail.models import get_page_models

    from home.models import WorkflowPublishingMixin

    missing = [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model, WorkflowPublishingMixin)
    ]
    assert missing == []


def test_only_site_admins_change_who_may_see_a_page(live_article, signer):
    """Lifting a view restriction makes a page public: a publication, for site admins only."""
    assert not live_article.permissions_for_user(signer).can_set_view_restrictions()
    assert live_article.permissions_for_user(signer).can_unpublish()


def test_the_public_api_cannot_publish(live_article, signer):
    """The only API is Wagtail's read-only v2 (Wagtail 8's writable v3 is not mounted)."""
    client = client_for(signer)
    for url in (f"/api/v2/pages/{live_article.pk}/", "/api/v3/pages/1/actions/publish/"):
        assert client.post(url).status_code in (404, 405)
