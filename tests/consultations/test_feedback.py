from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Comment, CommentStatus
from consultations.services import participant_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(make_draft):
    now = timezone.now()
    draft = make_draft(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=10),
        feedback_published_at=now - timedelta(days=1),
        feedback_summary="<p>共收到意见若干。</p>",
    )
    page = draft.get_latest_revision_as_object()
    for block in page.text:
        if block.block_type == "article" and block.value["number"] == 2:
            block.value["decision"] = "partly"
            block.value["reason"] = "部分采纳的理由。"
        if block.block_type == "article" and block.value["number"] == 12:
            block.value["decision"] = "not_adopted"
            block.value["reason"] = "未采纳的理由。"
    page.save_revision().publish()
    for number, article in enumerate(["第二条", "第二条", "第十二条", ""]):
        Comment.objects.create(
            draft=draft,
            article=article,
            text="意见",
            contact_mobile=f"+8613800000{number:03d}",
            participant=participant_key(str(number)),
            status=CommentStatus.VALID,
        )
    return draft


def test_the_report_shows_each_article_with_totals_and_links_back(client, reported):
    response = client.get(f"/consultations/{reported.pk}/feedback/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "共收到意见若干。" in html
    assert '<tr id="第二条">' in html
    assert f'<a href="{reported.url}#第二条">第二条</a>' in html
    assert "部分采纳的理由。" in html and "未采纳的理由。" in html
    assert "采纳：0 条" in html and "部分采纳：1 条" in html and "未采纳：1 条" in html
    assert "4 条意见" in html  # the whole draft's comments, the general one included


def test_the_draft_and_each_article_link_to_the_report(client, reported):
    html = client.get(reported.url).content.decode()
    assert "已反馈" in html
    report = f"/consultations/{reported.pk}/feedback/"
    assert f'href="{report}"' in html
    assert f'href="{report}#第二条"' in html and f'href="{report}#第十二条"' in html
    # 第一条 carries no decision: no link.
    assert f'href="{report}#第一条"' not in html


def test_no_report_before_it_is_published(client, draft):
    assert client.get(f"/consultations/{draft.pk}/feedback/").status_code == 404
    assert "/feedback/" not in client.get(draft.url).content.decode()
