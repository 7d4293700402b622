"""Running the stored checks (用词, 站内链接) over live pages: all of them daily, one page when
it is published, and the pages linking to something when it is unpublished or deleted."""

from collections.abc import Iterable

from wagtail.models import Page

from . import crawler
from .findings import Found, replace_findings
from .links import broken_internal_links, page_links
from .models import Check
from .words import TermChecker, suggestion

CHUNK = 500


def live_pages():
    """Every live page below the root, in every language, as its specific class."""
    return Page.objects.live().filter(depth__gt=1).order_by("pk").specific()


def term_found(pages: Iterable[Page], checker: TermChecker) -> list[Found]:
    return [
        Found(page.pk, match.label, match.found, suggestion(match), match.context)
        for page in pages
        for match in checker.check_page(page)
    ]


def link_found(pages: list[Page]) -> list[Found]:
    return [
        Found(link.page_id, link.label, link.target, link.reason)
        for link in broken_internal_links(pages)
    ]


def check_pages(pages: list[Page], *, checker: TermChecker | None = None) -> None:
    """Both checks on ``pages`` (live, specific), replacing what was stored for them."""
    checker = checker or TermChecker.from_database()
    ids = [page.pk for page in pages]
    live = [page for page in pages if page.live]
    replace_findings(kind=Check.TERM, page_ids=ids, found=term_found(live, checker))
    replace_findings(kind=Check.INTERNAL_LINK, page_ids=ids, found=link_found(live))


def check_site() -> dict[str, int]:
    """Both checks over every live page; returns the number of findings of each."""
    checker = TermChecker.from_database()
    terms, links = [], []
    chunk = []
    for page in live_pages().iterator(chunk_size=CHUNK):
        chunk.append(page)
        if len(chunk) == CHUNK:
            terms += term_found(chunk, checker)
            links += link_found(chunk)
            chunk = []
    terms += term_found(chunk, checker)
    links += link_found(chunk)
    return {
        Check.TERM: replace_findings(kind=Check.TERM, page_ids=None, found=terms),
        Check.INTERNAL_LINK: replace_findings(kind=Check.INTERNAL_LINK, page_ids=None, found=links),
    }


def check_page_ids(page_ids: Iterable[int]) -> None:
    pages = list(Page.objects.filter(pk__in=list(page_ids)).specific())
    if pages:
        check_pages(pages)


def external_links() -> dict[str, set[tuple[int, str]]]:
    """``{url: {(page id, field label)}}`` over every live page."""
    found = {}
    for page in live_pages().iterator(chunk_size=CHUNK):
        for link in page_links(page):
            if link.model is None:
                found.setdefault(link.target, set()).add((page.pk, link.label))
    return found


def check_external_links(**crawl_options) -> int:
    """Crawl every external address on live pages (health.crawler); store the broken ones."""
    links = external_links()
    statuses = crawler.crawl(links, **crawl_options)
    broken = [
        Found(page_id, label, url, status.reason)
        for url, status in statuses.items()
        if not status.ok
        for page_id, label in sorted(links[url])
    ]
    return replace_findings(kind=Check.EXTERNAL_LINK, page_ids=None, found=broken)
