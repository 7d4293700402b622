"""No contact detail of a commenter in any public output: the draft page, the comment pages,
the feedback report, the API, the feeds, the sitemap and search."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations.models import Comment
from consultations.services import participant_key

pytestmark = pytest.mark.django_db

NAME = "王秘密"
MOBILE = "+8613812349876"
SECRETS = [NAME, MOBILE, "13812349876", "138 1234 9876", participant_key(MOBILE)]


@pytest.fixture
def commented(make_draft):
    now = timezone.now()
    draft = make_draft(
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=10),
        feedback_published_at=now - timedelta(days=1),
    )
    for article in ("第二条", ""):
        Comment.objects.create(
            draft=draft,
            article=article,
            text="意见",
            contact_name=NAME,
            contact_mobile=MOBILE,
            participant=participant_key(MOBILE),
        )
    call_command("update_index", stdout=io.StringIO())
    return draft


def public_outputs(client, draft):
    urls = [
        draft.url,
        f"/consultations/{draft.pk}/comment/?article=第二条",
        f"/consultations/{draft.pk}/feedback/",
        draft.get_parent().url,
        "/api/v2/consultations/",
        f"/api/v2/consultations/{draft.pk}/",
        "/api/v2/consultations/?fields=*",
        "/consultations/feed/",
        "/feeds/rss/",
        "/sitemap.xml",
        "/search/?q=示范",
        "/search/suggest/?q=示范",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_no_contact_detail_in_any_public_output(client, commented):
    seen = []
    for url, body in public_outputs(client, commented):
        seen.append(url)
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    assert len(seen) == 12


def test_searching_a_commenters_name_or_number_finds_nothing(client, commented):
    for query in (NAME, "13812349876"):
        body = client.get("/search/", {"q": query}).content.decode()
        assert commented.url not in body


def test_the_api_gives_counts_and_no_comments(client, commented):
    data = client.get("/api/v2/consultations/").json()
    item = data["items"][0]
    assert item["participants"] == 1 and item["comments"] == 2
    assert item["status"] == "reported"
    detail = client.get(f"/api/v2/consultations/{commented.pk}/").json()
    assert "意见" not in str(detail.get("comments")) and detail["comments"] == 2
    assert client.get("/api/v2/consultations/?status=open").json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/consultations/?status=nonsense").status_code == 400
    assert "consultations" in [e["name"] for e in client.get("/api/v2/").json()["endpoints"]]


def test_the_comment_form_is_never_cached(client, draft):
    response = client.get(f"/consultations/{draft.pk}/comment/")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response.get("X-Page-Cache") is None
