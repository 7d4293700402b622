import time

import pytest
from wagtail.rich_text import RichText

from health.checks import check_site
from health.links import page_links
from health.models import Check, Finding
from tests.factories import NewsPageFactory, publish, stored_document

from .conftest import article

pytestmark = pytest.mark.django_db


def linking_to(column, html, **fields):
    return article(column, text=html, **fields)


def internal(page):
    return Finding.objects.filter(kind=Check.INTERNAL_LINK, page=page)


def test_links_in_rich_text_and_blocks_are_read(columns):
    news, _notice = columns
    target = article(news)
    document = stored_document(b"%PDF-1.4", "a.pdf", title="附件")
    page = NewsPageFactory(
        parent=news,
        body=[
            ("paragraph", RichText(f'<p><a linktype="page" id="{target.pk}">x</a> '
                                   '<a href="https://example.org/a">y</a></p>')),
            ("attachment", {"document": document, "title": "附件"}),
        ],
    )  # fmt: skip
    links = {(link.model and link.model.__name__, link.target) for link in page_links(page)}
    assert links == {("Page", str(target.pk)), ("Document", str(document.pk)),
                     (None, "https://example.org/a")}  # fmt: skip


def test_working_links_are_clean(columns):
    news, _notice = columns
    target = article(news)
    linking_to(news, f'<a linktype="page" id="{target.pk}">见此</a>')

    assert check_site()[Check.INTERNAL_LINK] == 0


def test_a_link_to_an_unpublished_page_is_found_when_the_target_goes(
    columns, django_capture_on_commit_callbacks
):
    news, _notice = columns
    target = article(news)
    source = linking_to(news, f'<a linktype="page" id="{target.pk}">见此</a>')
    assert not internal(source).exists()

    with django_capture_on_commit_callbacks(execute=True):
        target.unpublish()

    finding = internal(source).get()
    assert finding.found == f"page:{target.pk}"
    assert finding.detail == "链接的页面未发布或已下线"


def test_a_link_to_a_deleted_page_or_document_is_found(columns, django_capture_on_commit_callbacks):
    news, _notice = columns
    target = article(news)
    document = stored_document(b"%PDF-1.4", "gone.pdf", title="旧附件")
    source = NewsPageFactory(
        parent=news,
        body=[
            ("paragraph", RichText(f'<p><a linktype="page" id="{target.pk}">见此</a></p>')),
            ("attachment", {"document": document, "title": "附件"}),
        ],
    )
    publish(source)
    assert not internal(source).exists()

    with django_capture_on_commit_callbacks(execute=True):
        target.delete()
        document.delete()

    assert {f.detail for f in internal(source)} == {"链接的页面已删除", "链接的文件已删除"}
    check_site()  # the daily run finds the same
    assert internal(source).count() == 2


def test_publishing_a_page_with_a_broken_link_records_it_at_once(columns):
    news, _notice = columns
    source = linking_to(news, '<a linktype="page" id="999999">不存在</a>')

    assert internal(source).get().detail == "链接的页面已删除"


def test_the_check_adds_little_to_publishing(columns):
    """The publish-time check (terms and internal links of the page) stays under 50 ms."""
    from health.checks import check_pages

    news, _notice = columns
    targets = [article(news) for _ in range(5)]
    html = "".join(f'<p><a linktype="page" id="{t.pk}">链接</a>人大常委会</p>' for t in targets)
    page = linking_to(news, html * 10).specific
    check_pages([page])  # warm: the term list's first load and the content types
    started = time.perf_counter()
    for _ in range(10):
        check_pages([page])
    per_publish = (time.perf_counter() - started) / 10
    assert per_publish < 0.05, per_publish


def test_a_failing_check_never_stops_a_publication(columns, monkeypatch, caplog):
    from health import checks

    def broken(*args):
        raise RuntimeError("check failed")

    monkeypatch.setattr(checks, "check_pages", broken)
    news, _notice = columns
    page = article(news)

    assert page.live
    assert "content health check failed" in caplog.text
