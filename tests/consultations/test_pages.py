import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import timezone
from docx import Document
from wagtail.models import Page

from consultations.models import ConsultationIndexPage, DraftRegulationPage, Status
from consultations.services import next_status_change
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert ConsultationIndexPage.allowed_parent_page_models() == [NewsIndexPage]
    assert ConsultationIndexPage.allowed_subpage_models() == [DraftRegulationPage]
    assert DraftRegulationPage.allowed_parent_page_models() == [ConsultationIndexPage]
    assert DraftRegulationPage.allowed_subpage_models() == []


def test_status_follows_the_dates(draft):
    opens, closes = draft.opens_at, draft.closes_at
    assert draft.status_at(opens - timedelta(seconds=1)) == Status.UPCOMING
    assert draft.status_at(opens) == Status.OPEN
    assert draft.status_at(closes) == Status.OPEN
    assert draft.status_at(closes + timedelta(seconds=1)) == Status.CLOSED
    draft.feedback_published_at = closes + timedelta(days=3)
    assert draft.status_at(closes + timedelta(days=2)) == Status.CLOSED
    assert draft.status_at(closes + timedelta(days=3)) == Status.REPORTED


def test_the_draft_page_shows_its_text_with_an_anchor_per_article(client, draft):
    response = client.get(draft.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "征求意见中" in html
    assert '<h2 class="draft-text__chapter">第一章　总则</h2>' in html
    assert 'id="第十二条"' in html and 'id="第二条"' in html
    assert "（一）组织示范；<br>（二）评估示范。" in html
    # 对本条提意见 links to the form for that article; the whole draft's form is on the page.
    assert f"/consultations/{draft.pk}/comment/?article=%E7%AC%AC%E4%BA%8C%E6%9D%A1" in html
    assert 'name="text"' in html
    # The permanent link of an article and its citation (GB/T 7714, the article named).
    assert f"/a/{draft.pk}/#第十二条" in html
    assert "示范条例（草案）1: 第十二条[EB/OL]" in html
    assert "省人大常委会法制工作委员会. 示范条例（草案）1[EB/OL]" in html


def test_the_draft_page_is_never_kept_by_a_cache(client, draft):
    client.get(draft.url)
    response = client.get(draft.url)
    assert "no-cache" in response["Cache-Control"]
    assert response.get("X-Page-Cache") is None


def test_outside_the_dates_the_page_says_why(client, make_draft):
    now = timezone.now()
    upcoming = make_draft(opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9))
    html = client.get(upcoming.url).content.decode()
    assert "未开始" in html and "征求意见将于" in html and 'name="text"' not in html
    assert "对本条提意见" not in html
    closed = make_draft(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2))
    html = client.get(closed.url).content.decode()
    assert "已截止" in html and "征求意见已于" in html and 'name="text"' not in html


def test_the_listing_shows_open_drafts_with_the_days_left(client, make_draft, consultation_index):
    now = timezone.now()
    make_draft(title="开放的草案", closes_at=now + timedelta(days=3))
    make_draft(
        title="截止的草案", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    html = client.get(consultation_index.url).content.decode()
    assert "开放的草案" in html and "还剩 3 天" in html
    assert html.index("开放的草案") < html.index("截止的草案")


def test_the_page_cache_lapses_when_a_draft_closes(make_draft):
    now = timezone.now()
    draft = make_draft(opens_at=now - timedelta(days=1), closes_at=now + timedelta(hours=2))
    assert next_status_change(now=now) == draft.closes_at


def test_permalink_redirects_to_the_draft(client, draft):
    response = client.get(f"/a/{draft.pk}/")
    assert response.status_code == 301
    assert response["Location"].endswith(draft.url)


def test_a_draft_goes_through_the_workflow(draft, django_user_model):
    """An editor (编辑 group) may not publish a draft directly: 审核发布 like every page."""
    editor = django_user_model.objects.create_user("editor-x", password="x")
    editor.groups.add(Group.objects.get(name="编辑"))
    assert not draft.permissions_for_user(editor).can_publish()


def docx_bytes(lines):
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_previews_then_replaces_the_text_in_a_new_revision(admin_client, draft):
    url = f"/admin/consultations/import/{draft.pk}/"
    assert admin_client.get(url).status_code == 200
    lines = ["标题行", "第一章　总则", "第一条　新的第一条。", "第二条　新的第二条。"]
    upload = io.BytesIO(docx_bytes(lines))
    upload.name = "draft.docx"
    response = admin_client.post(url, {"document": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "识别出 2 条" in html and "标题行" in html  # the unrecognised line, with its number
    assert "<td>1</td><td>标题行</td>" in html
    # Nothing changed yet; applying saves a revision, the live page keeps its text.
    assert DraftRegulationPage.objects.get(pk=draft.pk).get_latest_revision() == draft.live_revision
    lines = "第一章　总则\n第一条　新的第一条。\n第二条　新的第二条。"
    response = admin_client.post(url, {"text": lines, "apply": "1"})
    assert response.status_code == 302
    draft = DraftRegulationPage.objects.get(pk=draft.pk)
    revision = draft.get_latest_revision_as_object()
    assert [value.anchor() for value in revision.articles] == ["第一条", "第二条"]
    assert [value.anchor() for value in draft.articles][-1] == "第十二条"  # still live as was


def test_import_refuses_a_file_that_is_not_a_docx(admin_client, draft):
    upload = io.BytesIO(b"not a docx")
    upload.name = "draft.docx"
    response = admin_client.post(f"/admin/consultations/import/{draft.pk}/", {"document": upload})
    assert "无法读取该文件" in response.content.decode()


def test_the_edit_form_links_to_the_import(admin_client, draft):
    html = admin_client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert f"/admin/consultations/import/{draft.pk}/" in html


def test_the_draft_is_found_by_search(client, draft):
    from django.core.management import call_command

    call_command("update_index", stdout=io.StringIO())
    html = client.get("/search/", {"q": "示范工作"}).content.decode()
    assert draft.title in html


def test_sitemap_and_feed_list_the_draft(client, draft):
    assert draft.full_url in client.get("/sitemap.xml").content.decode()
    feed = client.get("/consultations/feed/").content.decode()
    assert draft.title in feed


def test_a_draft_under_the_root_cannot_be_created():
    assert not DraftRegulationPage.can_create_at(Page.get_first_root_node())


def test_a_new_draft_can_be_previewed_before_its_first_save(consultation_index):
    """The preview of the create form renders a page that has no id yet (no permanent link)."""

    now = timezone.now()
    page = DraftRegulationPage(
        title="未保存的草案",
        opens_at=now,
        closes_at=now + timedelta(days=3),
        organiser="法工委",
        text=[("article", {"number": 1, "paragraphs": ["甲。"]})],
    )
    page.set_url_path(consultation_index)
    request = RequestFactory().get("/")
    request.is_preview = True
    response = page.serve_preview(request, "")
    assert response.status_code == 200
    assert "未保存的草案" in response.render().content.decode()
