from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Comment, CommentStatus
from participation.models import SensitiveTerm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_challenge(settings):
    """The challenge is tested in tests/participation; here a submission needs none."""
    settings.PARTICIPATION_CHALLENGE = False


@pytest.fixture
def generous_limits(settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        "address": {"limit": 1000, "window": 600},
        "address_unverified": {"limit": 1000, "window": 600},
        "mobile": {"limit": 1000, "window": 3600},
    }


def comment(client, draft, *, article="", text="建议把第二条写得更具体。", mobile="13812345678"):
    data = {"text": text, "contact_mobile": mobile, "contact_name": "张三", "consent": "on"}
    if article:
        data["article"] = article
    return client.post(f"/consultations/{draft.pk}/comment/", data)


def counts_on_page(client, draft) -> str:
    html = client.get(draft.url).content.decode()
    return html


def test_a_comment_on_an_article_is_stored_and_counted(client, draft):
    response = comment(client, draft, article="第二条")
    assert response.status_code == 200
    assert "意见已收到" in response.content.decode()
    stored = Comment.objects.get()
    assert stored.article == "第二条" and stored.status == CommentStatus.NEW
    assert stored.contact_mobile == "+8613812345678" and stored.contact_name == "张三"
    assert stored.draft_key == draft.translation_key
    html = counts_on_page(client, draft)
    assert "1 人参与 · 1 条意见" in html


def test_counts_rise_overall_and_per_article(client, draft, generous_limits):
    comment(client, draft, article="第二条", text="甲", mobile="13812345678")
    assert "1 人参与 · 1 条意见" in counts_on_page(client, draft)  # cached, then replaced
    comment(client, draft, article="第二条", text="乙", mobile="13812345678")
    comment(client, draft, article="第十二条", text="丙", mobile="13912345678")
    comment(client, draft, text="整体", mobile="13712345678")
    assert draft.public_counts == {
        "comments": 4,
        "participants": 3,
        "articles": {
            "第二条": {"comments": 2, "participants": 1},
            "第十二条": {"comments": 1, "participants": 1},
        },
    }
    html = counts_on_page(client, draft)
    assert "3 人参与 · 4 条意见" in html
    assert "1 人参与 · 2 条意见" in html  # 第二条


def test_the_counts_are_one_cached_read_per_view(client, draft, django_assert_max_num_queries):
    comment(client, draft, article="第二条")
    from consultations.models import Comment as Model

    Model.objects.counts(draft_key=draft.translation_key)
    with django_assert_max_num_queries(0):
        Model.objects.counts(draft_key=draft.translation_key)


def test_the_form_for_an_article_shows_its_text(client, draft):
    response = client.get(f"/consultations/{draft.pk}/comment/", {"article": "第二条"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "本条例适用于本省行政区域内的示范工作。" in html
    assert 'name="article" value="第二条"' in html
    assert "never_cache" not in html and "no-cache" in response["Cache-Control"]


def test_an_unknown_article_is_404(client, draft):
    assert client.get(f"/consultations/{draft.pk}/comment/?article=第九十九条").status_code == 404
    assert comment(client, draft, article="第九十九条").status_code == 404
    assert not Comment.objects.exists()


def test_text_longer_than_2000_characters_is_refused(client, draft):
    response = comment(client, draft, text="字" * 2001)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert comment(client, draft, text="字" * 2000).status_code == 200


def test_consent_and_a_mobile_number_are_required(client, draft):
    response = client.post(
        f"/consultations/{draft.pk}/comment/", {"text": "意见", "contact_mobile": "123"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "手机号码格式不正确" in html and "请阅读个人信息保护说明" in html
    assert "意见" in html  # what was typed is kept


def test_a_second_after_the_deadline_is_refused_at_the_boundary(client, draft, monkeypatch):
    deadline = draft.closes_at
    monkeypatch.setattr("django.utils.timezone.now", lambda: deadline)
    assert comment(client, draft, text="截止那一刻").status_code == 200
    monkeypatch.setattr("django.utils.timezone.now", lambda: deadline + timedelta(seconds=1))
    response = comment(client, draft, text="晚了一秒")
    assert response.status_code == 403
    local = timezone.localtime(deadline)
    assert f"征求意见已于 {local:%Y}年{local.month}月{local.day}日 {local:%H:%M} 截止" in (
        response.content.decode()
    )
    assert list(Comment.objects.values_list("text", flat=True)) == ["截止那一刻"]


def test_the_deadline_is_beijing_time(client, make_draft, monkeypatch):
    # 23:59:59 on 5 January in Beijing is 15:59:59 UTC.
    from datetime import UTC, datetime

    closes = datetime(2027, 1, 5, 15, 59, 59, tzinfo=UTC)
    draft = make_draft(opens_at=closes - timedelta(days=30), closes_at=closes)
    monkeypatch.setattr("django.utils.timezone.now", lambda: closes + timedelta(seconds=1))
    response = comment(client, draft)
    assert response.status_code == 403
    assert "征求意见已于 2027年1月5日 23:59 截止" in response.content.decode()


def test_before_the_start_the_form_says_when_it_opens(client, make_draft):
    now = timezone.now()
    draft = make_draft(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))
    response = comment(client, draft)
    assert response.status_code == 403
    assert "征求意见将于" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_same_text_again_is_received_once(client, draft, generous_limits):
    comment(client, draft, article="第二条", text="同一条意见")
    response = comment(client, draft, article="第二条", text=" 同一条意见。")
    assert "已收到相同内容" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_honeypot_is_answered_as_accepted_and_stores_nothing(client, draft):
    response = client.post(
        f"/consultations/{draft.pk}/comment/",
        {
            "text": "广告",
            "contact_mobile": "13812345678",
            "consent": "on",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200 and "意见已收到" in response.content.decode()
    assert not Comment.objects.exists()


def test_rate_limits_answer_429_and_keep_what_was_typed(client, draft, settings):
    settings.PARTICIPATION_RATE_LIMITS = {
        **settings.PARTICIPATION_RATE_LIMITS,
        "address": {"limit": 1, "window": 600},
    }
    assert comment(client, draft, text="第一条意见").status_code == 200
    response = comment(client, draft, text="第二条意见")
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and "第二条意见" in html
    assert Comment.objects.count() == 1


def test_sensitive_words_hold_a_comment_for_review(client, draft):
    SensitiveTerm.objects.get_or_create(term="代开发票")
    response = comment(client, draft, text="代开发票请联系")
    assert response.status_code == 200
    stored = Comment.objects.get()
    assert stored.status == CommentStatus.HELD and "sensitive" in stored.hold_reasons


def test_without_a_solved_challenge_a_comment_is_held(client, draft, settings):
    settings.PARTICIPATION_CHALLENGE = True
    assert comment(client, draft).status_code == 200
    stored = Comment.objects.get()
    assert stored.status == CommentStatus.HELD and "challenge" in stored.hold_reasons


def test_the_form_page_of_a_draft_not_public_is_404(client, draft):
    draft.unpublish()
    assert client.get(f"/consultations/{draft.pk}/comment/").status_code == 404


@pytest.mark.parametrize("article", ["第二条", ""])
def test_the_forms_carry_a_csrf_token(draft, article):
    """Both forms, on the draft page and on a 条's own page, submit with CSRF checks on."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    url = draft.url if not article else f"/consultations/{draft.pk}/comment/?article={article}"
    html = browser.get(url).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {"text": "意见", "contact_mobile": "13812345678", "consent": "on"}
    data |= {"csrfmiddlewaretoken": token, **({"article": article} if article else {})}
    response = browser.post(f"/consultations/{draft.pk}/comment/", data)
    assert response.status_code == 200
    assert Comment.objects.filter(article=article).count() == 1


def test_a_form_shown_again_with_errors_does_not_carry_a_used_challenge(client, draft, settings):
    """The browser solves the challenge, the server accepts the solution once; when the form comes
    back with an error, its hidden field is empty so that the script solves a fresh one."""
    settings.PARTICIPATION_CHALLENGE = True
    settings.PARTICIPATION_CHALLENGE_MAX_NUMBER = 2000
    from tests.participation.conftest import solved_payload

    payload = solved_payload()
    response = client.post(
        f"/consultations/{draft.pk}/comment/",
        {"text": "", "contact_mobile": "13812345678", "consent": "on", "altcha": payload},
    )
    assert response.status_code == 400
    assert payload not in response.content.decode()
    assert 'name="altcha" id="id_altcha"' in response.content.decode()
