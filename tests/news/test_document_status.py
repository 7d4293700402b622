"""文件状态 (news.document_status): an article of 决议决定 or 地方立法 marked 已修改, 已废止 or
已失效 shows a banner, is found by its status, and the API gives it."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.document_status import DocumentStatus
from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish, publish_translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolutions(home_page, site_settings):
    return NewsIndexPageFactory(parent=home_page, title="决议决定", slug="resolutions")


@pytest.fixture
def decisions(resolutions):
    """A new decision and the old one it repealed."""
    new = NewsPageFactory(parent=resolutions, title="关于进一步加强某项工作的决定")
    old = NewsPageFactory(
        parent=resolutions,
        title="关于加强某项工作的决定",
        document_status=DocumentStatus.REPEALED,
        document_status_date=date(2026, 1, 1),
        document_replaced_by=new,
    )
    return old, new


def test_a_marked_document_shows_the_banner_with_its_date_and_replacement(client, decisions):
    old, new = decisions
    html = client.get(old.url).content.decode()
    assert 'role="note"' in html
    assert "文件状态：<strong>已废止</strong>" in html
    assert "本文件已于2026年1月1日废止，不再执行。" in html
    assert f'href="/a/{new.pk}/">查看替代文件</a>' in html
    # the permanent address leads to the replacement
    assert client.get(f"/a/{new.pk}/").headers["Location"] == new.url


def test_other_documents_show_no_banner(client, decisions):
    _old, new = decisions
    html = client.get(new.url).content.decode()
    assert "document-status" not in html and "文件状态" not in html


def test_a_status_without_replacement_shows_no_link(client, resolutions):
    page = NewsPageFactory(
        parent=resolutions,
        document_status=DocumentStatus.AMENDED,
        document_status_date=date(2025, 6, 30),
    )
    html = client.get(page.url).content.decode()
    assert "本文件已于2025年6月30日修改" in html and "查看替代文件" not in html


def test_the_banner_in_english(client, home_page, resolutions, decisions):
    old, _new = decisions
    _home, _column, english = publish_translations(home_page, resolutions, old)
    html = client.get(english.url).content.decode()
    assert english.url.startswith("/en/")
    assert "Document status: <strong>Repealed</strong>" in html
    assert "This document was repealed on 1 January 2026 and is no longer in force." in html
    assert "See the document that replaced it" in html


def test_the_status_needs_a_date_and_a_replacement_needs_a_status(resolutions):
    page = NewsPageFactory(parent=resolutions)
    page.document_status = DocumentStatus.EXPIRED
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "document_status_date" in error.value.message_dict
    page.document_status = ""
    page.document_replaced_by = page
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "document_replaced_by" in error.value.message_dict


@pytest.fixture
def admin_client(client, home_page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    client.force_login(user)
    return client


def _edit_data(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "kicker": "",
        "subtitle": "",
        "summary": page.summary,
        "publish_time": "",
        "source": page.source,
        "responsible_editor": "",
        "feature_image_caption": "",
        "tags": "",
        "body-count": "0",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "document_status": "",
        "document_status_date": "",
        "document_replaced_by": "",
    }
    data.update(fields)
    return data


def test_the_editor_marks_a_document_in_a_document_column(admin_client, decisions):
    _old, new = decisions
    data = _edit_data(new, document_status="expired", document_status_date="2026-03-01")
    response = admin_client.post(f"/admin/pages/{new.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # a draft (a revision, reviewed like any edit) until published
    new.refresh_from_db()
    assert new.document_status == ""
    assert new.get_latest_revision_as_object().document_status == "expired"


def test_a_status_outside_the_document_columns_is_refused(admin_client, column):
    page = NewsPageFactory(parent=column)
    data = _edit_data(page, document_status="repealed", document_status_date="2026-03-01")
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "只有决议决定和地方立法栏目（及其子栏目）中的文件可以标记文件状态。" in (
        response.content.decode()
    )
    assert page.get_latest_revision_as_object().document_status == ""


def test_a_sub_column_of_legislation_counts(admin_client, home_page, site_settings):
    legislation = NewsIndexPageFactory(parent=home_page, title="地方立法", slug="legislation")
    sub = NewsIndexPageFactory(parent=legislation, title="法规文本", slug="texts")
    page = NewsPageFactory(parent=sub)
    data = _edit_data(page, document_status="amended", document_status_date="2026-03-01")
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302


def test_the_api_gives_the_status(client, decisions):
    old, new = decisions
    response = client.get("/api/v2/news/", {"fields": "document_status"})
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    assert items[new.pk]["document_status"] is None
    assert items[old.pk]["document_status"] == {
        "status": "repealed",
        "label": "已废止",
        "date": "2026-01-01",
        "replaced_by": f"http://localhost{new.url}",
    }
    detail = client.get(f"/api/v2/news/{old.pk}/").json()
    assert detail["document_status"]["status"] == "repealed"


def test_an_unpublished_replacement_is_not_given_by_the_api(client, decisions):
    old, new = decisions
    new.unpublish()
    detail = client.get(f"/api/v2/news/{old.pk}/").json()
    assert detail["document_status"]["replaced_by"] is None


def test_search_finds_the_document_by_its_status_and_shows_the_tag(client, decisions):
    old, new = decisions
    publish(old)  # indexed on publication, as an editor's change would be
    html = client.get("/search/", {"q": "已废止"}).content.decode()
    assert old.title in html and new.title not in html
    assert '<span class="status-tag status-tag--repealed">已废止</span>' in html


def test_the_banner_costs_no_query(client, resolutions, decisions):
    """The status is read with the article by routing; the replacement is linked by id."""
    old, _new = decisions
    plain = NewsPageFactory(parent=resolutions, title="无状态的决定")
    client.get(plain.url)
    client.get(old.url)
    counts = []
    for page in (plain, old):
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0], counts
