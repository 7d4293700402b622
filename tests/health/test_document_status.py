"""报告 › 文件状态 (health.document_status): the marked documents and their replacement links."""

from datetime import date

import pytest

from health.dashboard import summary
from health.document_status import marked_documents, replacement_problems
from news.document_status import DocumentStatus
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(home_page, site_settings):
    """In 地方立法: a regulation amended by a live page, one repealed by a page that was then
    unpublished, and one without status."""
    legislation = NewsIndexPageFactory(parent=home_page, title="地方立法", slug="legislation")
    amendment = NewsPageFactory(parent=legislation, title="修正后的条例")
    withdrawn = NewsPageFactory(parent=legislation, title="已撤下的新条例")
    amended = NewsPageFactory(
        parent=legislation,
        title="某某条例",
        document_status=DocumentStatus.AMENDED,
        document_status_date=date(2025, 5, 1),
        document_replaced_by=amendment,
    )
    repealed = NewsPageFactory(
        parent=legislation,
        title="某某办法",
        document_status=DocumentStatus.REPEALED,
        document_status_date=date(2026, 2, 1),
        document_replaced_by=withdrawn,
    )
    withdrawn.unpublish()
    NewsPageFactory(parent=legislation, title="无状态的条例")
    return {"amended": amended, "repealed": repealed, "amendment": amendment}


def test_the_report_lists_the_marked_documents_and_flags_a_gone_replacement(
    site_admin_client, documents
):
    assert [doc.title for doc in marked_documents()] == ["某某办法", "某某条例"]
    assert [doc.title for doc in replacement_problems()] == ["某某办法"]

    html = site_admin_client.get("/admin/reports/document_status/").content.decode()
    assert "某某条例" in html and "某某办法" in html and "无状态的条例" not in html
    assert "已修改" in html and "已废止" in html and "2026-02-01" in html
    assert "替代文件未发布或不公开，文件上的链接无法打开。" in html

    only_problems = site_admin_client.get(
        "/admin/reports/document_status/", {"problems": "1"}
    ).content.decode()
    assert "某某办法" in only_problems and "某某条例" not in only_problems


def test_republishing_the_replacement_clears_the_finding(documents):
    withdrawn = documents["repealed"].document_replaced_by
    withdrawn.save_revision().publish()
    assert replacement_problems() == []


def test_the_dashboard_counts_broken_replacement_links(site_admin_client, documents):
    item = next(item for item in summary() if item["label"] == "替代文件链接失效")
    assert item["count"] == 1
    assert item["url"] == "/admin/reports/document_status/?problems=1"
    assert "替代文件链接失效" in site_admin_client.get("/admin/").content.decode()


def test_the_report_is_in_the_reports_menu_and_exports(site_admin_client, documents):
    assert "/admin/reports/document_status/" in site_admin_client.get("/admin/").content.decode()
    response = site_admin_client.get("/admin/reports/document_status/", {"export": "csv"})
    assert response.status_code == 200
    assert "某某办法" in b"".join(response.streaming_content).decode("utf-8-sig")
