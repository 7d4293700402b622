import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from consultations.models import Comment, CommentStatus
from consultations.services import participant_key
from participation.jobs import erase_expired_contact_details
from participation.models import ContactAccess

pytestmark = pytest.mark.django_db


def add_comment(draft, *, article="", text="意见", mobile="+8613812345678", status="new"):
    return Comment.objects.create(
        draft=draft,
        article=article,
        text=text,
        contact_name="李四",
        contact_mobile=mobile,
        participant=participant_key(mobile),
        status=status,
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comment"),
    )
    return user


def test_comments_are_listed_by_draft_and_article(admin_client, draft):
    add_comment(draft, article="第十二条", text="对第十二条")
    add_comment(draft, article="第二条", text="对第二条")
    add_comment(draft, text="对整体")
    html = admin_client.get(f"/admin/consultations/{draft.pk}/").content.decode()
    # In the order of the text, the comments on the whole draft last.
    assert html.index("对第二条") < html.index("对第十二条") < html.index("对整体")
    assert "第二条 (1)" in html
    html = admin_client.get(f"/admin/consultations/{draft.pk}/", {"article": "第二条"}).content
    assert "对第二条" in html.decode() and "对第十二条" not in html.decode()
    index = admin_client.get("/admin/consultations/").content.decode()
    assert draft.title in index


def test_moderation_sets_the_status_and_the_public_counts_follow(admin_client, client, draft):
    kept = add_comment(draft, article="第二条", mobile="+8613812345678")
    spam = add_comment(draft, article="第二条", mobile="+8613912345678", text="广告")
    assert draft.public_counts["comments"] == 2
    response = admin_client.post(
        f"/admin/consultations/comment/{spam.pk}/moderate/", {"status": "spam"}
    )
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.status == CommentStatus.SPAM and spam.moderated_by is not None
    for status in ("valid", "duplicate", "off_topic"):
        admin_client.post(f"/admin/consultations/comment/{kept.pk}/moderate/", {"status": status})
        kept.refresh_from_db()
        assert kept.status == status
    admin_client.post(f"/admin/consultations/comment/{kept.pk}/moderate/", {"status": "valid"})
    html = client.get(draft.url).content.decode()
    assert "1 人参与 · 1 条意见" in html


def test_an_unknown_status_is_refused(admin_client, draft):
    comment = add_comment(draft)
    response = admin_client.post(
        f"/admin/consultations/comment/{comment.pk}/moderate/", {"status": "held"}
    )
    assert response.status_code == 404


def test_staff_without_the_permission_are_refused(client, draft, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    comment = add_comment(draft, text="不该看到的意见")
    # Wagtail's admin answers a refusal by sending the user back to the dashboard.
    for url in (
        f"/admin/consultations/{draft.pk}/",
        f"/admin/consultations/{draft.pk}/export/",
        f"/admin/consultations/comment/{comment.pk}/contact/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "不该看到的意见" not in response.content.decode()
        assert "+8613812345678" not in response.content.decode()
    assert not ContactAccess.objects.exists()


def test_contact_details_only_for_owning_staff_and_every_look_is_logged(client, draft, moderator):
    comment = add_comment(draft)
    client.force_login(moderator)
    assert "+8613812345678" not in client.get(f"/admin/consultations/{draft.pk}/").content.decode()
    refused = client.get(f"/admin/consultations/comment/{comment.pk}/contact/")
    assert refused.status_code in (302, 403) and "+8613812345678" not in refused.content.decode()
    assert not ContactAccess.objects.exists()
    moderator.user_permissions.add(
        Permission.objects.get(codename="view_contact", content_type__app_label="consultations")
    )
    moderator = type(moderator).objects.get(pk=moderator.pk)
    client.force_login(moderator)
    response = client.get(f"/admin/consultations/comment/{comment.pk}/contact/")
    assert "+8613812345678" in response.content.decode()
    access = ContactAccess.objects.get()
    assert access.user == moderator and access.object_id == comment.pk and access.action == "view"


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_export_is_grouped_by_article_with_its_text(admin_client, draft):
    add_comment(draft, article="第十二条", text="对第十二条")
    add_comment(draft, article="第二条", text="对第二条")
    add_comment(draft, text="对整体")
    add_comment(draft, article="第二条", text="垃圾", status="spam")
    response = admin_client.get(f"/admin/consultations/{draft.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response)
    assert rows[0][:5] == ["条文", "条文内容", "提交时间", "处理状态", "意见内容"]
    labels = [(row[0], row[1] or "", row[4] or "") for row in rows[1:]]
    assert labels[0] == ("第一条", "为了规范示范工作，制定本条例。", "")
    assert labels[1][0] == "第二条" and "（一）组织示范；" in labels[1][1]
    assert labels[2] == ("第二条", "", "对第二条")
    assert labels[3][0] == "第十二条"
    assert labels[4] == ("第十二条", "", "对第十二条")
    assert labels[5] == ("整体意见", "", "对整体")
    assert all("垃圾" not in (row[4] or "") for row in rows)  # spam left out
    # The administrator may see contact details: they are in, and the export is logged.
    assert rows[0][5:] == ["姓名", "手机号码"] and rows[3][6] == "138 1234 5678"
    assert ContactAccess.objects.filter(action="export").count() == 3


def test_export_without_the_contact_permission_has_no_contact_details(client, draft, moderator):
    add_comment(draft, article="第二条", text="对第二条")
    client.force_login(moderator)
    rows = read_xlsx(client.get(f"/admin/consultations/{draft.pk}/export/"))
    assert rows[0] == ["条文", "条文内容", "提交时间", "处理状态", "意见内容"]
    assert "1234" not in str(rows) and "李四" not in str(rows)
    assert not ContactAccess.objects.exists()


def test_contact_details_are_erased_after_the_retention_period(make_draft, settings):
    settings.PARTICIPATION_RETENTION_MONTHS = 12
    now = timezone.now()
    old = make_draft(opens_at=now - timedelta(days=500), closes_at=now - timedelta(days=400))
    recent = make_draft(opens_at=now - timedelta(days=50), closes_at=now - timedelta(days=20))
    erased = add_comment(old)
    kept = add_comment(recent)
    counts_before = old.public_counts
    result = erase_expired_contact_details(now=now)
    assert result["consultations.Comment"] == 1
    erased.refresh_from_db()
    kept.refresh_from_db()
    assert erased.contact_mobile == "" and erased.contact_name == ""
    assert erased.contact_erased_at is not None and erased.text == "意见"
    assert kept.contact_mobile == "+8613812345678"
    # The count of participants survives the erasure (it is kept as a keyed hash).
    Comment.objects.filter(pk=erased.pk).update(status="new")
    assert old.public_counts == counts_before
