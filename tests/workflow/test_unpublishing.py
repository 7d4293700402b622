"""下线: site administrators and 签发 only, always with a reason kept in the page history; a live
page is not deleted directly (deleting would take it offline without a reason)."""

import pytest
from wagtail.models import PageLogEntry

from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.workflow.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

REASON = "稿件数据有误，待核实后重新发布。"


@pytest.fixture
def live_article(column):
    return NewsPageFactory(parent=column, title="已发布稿件", slug="live-article")


def is_live(page):
    page.refresh_from_db()
    return page.live


def reasons(page):
    return list(
        PageLogEntry.objects.filter(page=page, action="rendawang.unpublish_reason").values_list(
            "data__reason", "user__username"
        )
    )


def test_signer_cannot_unpublish_without_a_reason(live_article, signer):
    client = client_for(signer)
    form = client.get(f"/admin/pages/{live_article.pk}/unpublish/").content.decode()
    response = client.post(f"/admin/pages/{live_article.pk}/unpublish/")

    assert 'name="reason"' in form and "下线原因" in form
    assert response.status_code == 302
    assert is_live(live_article)
    assert reasons(live_article) == []
    response = client.post(f"/admin/pages/{live_article.pk}/unpublish/", {"reason": "   "})
    assert is_live(live_article)


def test_signer_unpublishes_with_a_reason_shown_in_the_history(live_article, signer):
    client = client_for(signer)
    response = client.post(f"/admin/pages/{live_article.pk}/unpublish/", {"reason": REASON})

    assert response.status_code == 302
    assert not is_live(live_article)
    assert reasons(live_article) == [(REASON, "signer")]
    history = client.get(f"/admin/pages/{live_article.pk}/history/").content.decode()
    assert REASON in history


def test_site_admin_also_gives_a_reason(live_article):
    admin = make_user("siteadmin", "站点管理员")
    client_for(admin).post(f"/admin/pages/{live_article.pk}/unpublish/")
    assert is_live(live_article)
    client_for(admin).post(f"/admin/pages/{live_article.pk}/unpublish/", {"reason": REASON})
    assert not is_live(live_article)


@pytest.mark.parametrize("user_fixture", ["editor", "reviewer"])
def test_editors_and_reviewers_cannot_unpublish(request, live_article, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))
    response = client.post(f"/admin/pages/{live_article.pk}/unpublish/", {"reason": REASON})
    assert response.status_code in (302, 403)
    assert is_live(live_article)
    bulk = client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={live_article.pk}", {"reason": REASON}
    )
    assert bulk.status_code in (200, 302, 403)
    assert is_live(live_article)


def bulk_unpublish(client, *pages, **data):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"/admin/bulk/wagtailcore/page/unpublish/?{ids}", data)


def test_bulk_unpublish_needs_a_reason(column, signer):
    first = NewsPageFactory(parent=column, slug="first")
    second = NewsPageFactory(parent=column, slug="second")
    client = client_for(signer)

    form = client.get(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={first.pk}&id={second.pk}"
    ).content.decode()
    assert 'name="reason"' in form
    bulk_unpublish(client, first, second)
    assert is_live(first) and is_live(second)

    response = bulk_unpublish(client, first, second, reason=REASON)
    assert response.status_code == 302
    assert not is_live(first) and not is_live(second)
    assert reasons(first) == reasons(second) == [(REASON, "signer")]


def test_bulk_unpublish_of_a_column_logs_the_reason_on_its_articles(column, signer):
    article = NewsPageFactory(parent=column, slug="inside")
    bulk_unpublish(client_for(signer), column, reason=REASON, include_descendants="on")
    assert not is_live(column) and not is_live(article)
    assert reasons(article) == [(REASON, "signer")]


@pytest.mark.parametrize("user_fixture", ["signer", "superuser"])
def test_a_live_page_is_not_deleted_without_going_offline_first(
    request, live_article, user_fixture, django_user_model
):
    if user_fixture == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.com", "password")
    else:
        user = request.getfixturevalue(user_fixture)
    client = client_for(user)

    client.post(f"/admin/pages/{live_article.pk}/delete/")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={live_article.pk}")
    client.post(f"/admin/pages/{live_article.get_parent().pk}/delete/")
    assert NewsPage.objects.filter(pk=live_article.pk, live=True).exists()

    # Offline with a reason first; then the draft may be deleted.
    client.post(f"/admin/pages/{live_article.pk}/unpublish/", {"reason": REASON})
    response = client.post(f"/admin/pages/{live_article.pk}/delete/")
    assert response.status_code == 302
    assert not NewsPage.objects.filter(pk=live_article.pk).exists()


def test_moving_a_live_page_is_still_allowed(column, home_page, signer):
    from tests.factories import NewsIndexPageFactory

    other = NewsIndexPageFactory(parent=home_page, title="其他栏目", slug="other")
    article = NewsPageFactory(parent=column, slug="moving")
    assert article.permissions_for_user(signer).can_move()
    client_for(signer).post(f"/admin/pages/{article.pk}/move/{other.pk}/confirm/")
    article.refresh_from_db()
    assert article.get_parent().pk == other.pk and article.live
