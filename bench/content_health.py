"""Content health on a generated site with planted problems (issue #26): precision and recall of
every check, the run time of the daily internal checks and the publish-time overhead.

    DATABASE_URL=sqlite:///$PWD/var/bench-health.sqlite3 \\
        .venv/bin/python bench/content_health.py [--count 10000]

Grows the demo site to ``--count`` generated articles (bench/generate_site.py), then plants:

- 栏目更新: two stale columns (监督广角, a news column: nothing for 44+ days; 理论研究, a policy
  column: nothing for 210+ days) and two new empty columns; every other column gets a fresh
  article (its newest is dated yesterday), so nothing else is due;
- 用词: one wrong form of each starter term in a generated article each;
- 站内链接: links to a deleted page, a never published page, an expired page, a deleted document
  and a deleted image in rich text, and a deleted document and image in blocks (附件, 图片) — five
  of each — and as many working links to live pages, documents and images;
- 外部链接: links to a local http.server started here: ten answering 404, ten answering 200, and
  one 404 address robots.txt disallows (never checked, so never reported);
- 已废止的决定: skipped (no official-document status model on this branch).

The demo's own planted examples (health/demo.py, marked 演示) count as planted too. Then the same
functions as ``manage.py content_health`` run, and each check's findings are compared with what
was planted: precision (found that was planted / found) and recall (planted that was found).
Re-running replants (pages and columns of earlier runs, slug prefix ``hb-``, are removed first).
"""

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

PREFIX = "hb-"
MARK = "hbplanted"  # the id of every planted block: removed again by the next run
STALE = {"supervision": 44, "theory": 210}  # slug: days since the newest article
DELETED_ID = 10_000_000  # ids no row has: a deleted page, document, image
PLANTS_PER_KIND = 5
EXTERNAL_EACH = 10
PUBLISH_RUNS = 20


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class LinkServer(BaseHTTPRequestHandler):
    """/ok/… answers 200, /missing/… and /private/… 404; robots.txt disallows /private/."""

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, *, body):
        if self.path == "/robots.txt":
            status, text = 200, b"User-agent: *\nDisallow: /private/\n"
        elif self.path.startswith("/ok/"):
            status, text = 200, b"ok"
        else:
            status, text = 404, b"missing"
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def log_message(self, *args):
        pass


def start_server() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), LinkServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def clear_earlier_run():
    """Remove what an earlier run planted: its pages and columns, its paragraphs."""
    from django.db.models import TextField
    from django.db.models.functions import Cast
    from wagtail.models import Page

    from news.models import NewsPage

    for page in Page.objects.filter(slug__startswith=PREFIX).order_by("-depth"):
        page.delete()
    marked = NewsPage.objects.annotate(text=Cast("body", TextField())).filter(text__contains=MARK)
    for page in marked:
        raw = [block for block in page.body.raw_data if not str(block.get("id")).startswith(MARK)]
        page.body = raw
        NewsPage.objects.filter(pk=page.pk).update(body=page.body)


def add_paragraph(page_id: int, html: str, *, block_type="paragraph", value=None) -> None:
    from news.models import NewsPage

    page = NewsPage.objects.get(pk=page_id)
    raw = list(page.body.raw_data)
    value = html if value is None else value
    raw.append({"type": block_type, "value": value, "id": f"{MARK}-{uuid.uuid4()}"})
    page.body = raw
    NewsPage.objects.filter(pk=page_id).update(body=page.body)


def generated_ids(count: int) -> list[int]:
    """``count`` distinct generated, live articles (none in a stale column), oldest ids first."""
    from news.models import NewsPage

    stale = NewsPage.objects.filter(column__slug__in=STALE)
    return list(
        NewsPage.objects.live()
        .filter(slug__regex=r"^g\d+$")
        .exclude(pk__in=stale.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )


def plant(base_url: str) -> dict:
    """Plant every problem; returns ``{check: set of expected keys}``."""
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page

    from health.demo import DELETED_PAGE_ID
    from health.models import Term
    from home.models import HomePage
    from news.models import NewsIndexPage, NewsPage

    now = timezone.now()
    planted = {"freshness": set(), "term": set(), "internal": set(), "external": set()}
    wrong_forms = [wrong for term in Term.objects.all() for wrong in term.wrong_list]
    ids = iter(generated_ids(len(wrong_forms) + 11 * PLANTS_PER_KIND + 2 * EXTERNAL_EACH + 1))

    # 用词: one wrong form in each of as many articles.
    for wrong in wrong_forms:
        page_id = next(ids)
        add_paragraph(page_id, f"<p>本段写有“{wrong}”。</p>")
        planted["term"].add((page_id, wrong))

    # 站内链接: broken (deleted or unpublished targets) and working ones.
    document = get_document_model().objects.create(
        title=f"{PREFIX}文件", file=ContentFile(b"%PDF-1.4 bench", name="hb.pdf")
    )
    image = get_image_model().objects.filter(title__startswith="基准图片").first()
    column = NewsIndexPage.objects.filter(locale=Locale.get_default(), slug="deputies").first()
    for number in range(PLANTS_PER_KIND):
        draft = NewsPage(title="基准未发布稿件", slug=f"{PREFIX}draft-{number}", live=False)
        column.add_child(instance=draft)
        unpublished = draft.pk
        expired = NewsPage(title="基准过期稿件", slug=f"{PREFIX}expired-{number}",
                           expire_at=now - timedelta(days=1))  # fmt: skip
        column.add_child(instance=expired)
        broken = [
            ("page", DELETED_ID + number),
            ("page", unpublished),
            ("page", expired.pk),
            ("document", DELETED_ID + number),
            ("image", DELETED_ID + number),
            ("attachment", DELETED_ID + 100 + number),
            ("image-block", DELETED_ID + 100 + number),
        ]
        working = [("page", next(ids)), ("document", document.pk), ("image", image.pk)]
        for kind, target in broken + working:
            page_id = next(ids)
            if kind == "attachment":
                add_paragraph(page_id, "", block_type="attachment",
                              value={"document": target, "title": ""})  # fmt: skip
                planted["internal"].add((page_id, f"document:{target}"))
                continue
            if kind == "image-block":
                image_value = {"image": target, "decorative": False, "alt_text": "图"}
                add_paragraph(page_id, "", block_type="image",
                              value={"image": image_value, "caption": ""})  # fmt: skip
                planted["internal"].add((page_id, f"image:{target}"))
                continue
            if kind == "image":
                html = f'<embed embedtype="image" id="{target}" format="fullwidth" alt="图"/>'
            elif kind == "document":
                html = f'<p><a linktype="document" id="{target}">附件</a></p>'
            else:
                html = f'<p><a linktype="page" id="{target}">相关稿件</a></p>'
            add_paragraph(page_id, html)
            if (kind, target) in broken:
                planted["internal"].add((page_id, f"{kind}:{target}"))

    # 外部链接: 404s (broken), 200s and a robots.txt-disallowed 404 (neither reported).
    for number in range(EXTERNAL_EACH):
        for path in (f"missing/{number}", f"ok/{number}"):
            page_id = next(ids)
            add_paragraph(page_id, f'<p><a href="{base_url}/{path}">外部网站</a></p>')
            if path.startswith("missing"):
                planted["external"].add((page_id, f"{base_url}/{path}"))
    add_paragraph(next(ids), f'<p><a href="{base_url}/private/report">内部系统</a></p>')

    # The demo's planted examples (health/demo.py).
    demo = {page.slug: page.pk for page in Page.objects.filter(slug__startswith="demo-health-")}
    if "demo-health-wording" in demo:
        wording = demo["demo-health-wording"]
        planted["term"] |= {(wording, "人大常委员会"), (wording, "国土资源部")}
        planted["internal"].add((wording, f"page:{DELETED_PAGE_ID}"))
    if "demo-health-external-link" in demo:
        url = "http://127.0.0.1:9/demo-missing-report"
        planted["external"].add((demo["demo-health-external-link"], url))

    # 栏目更新: stale columns pushed back, every other column fresh, two empty ones added.
    locale = Locale.get_default()
    columns = NewsIndexPage.objects.filter(locale=locale)
    for column in columns:
        articles = NewsPage.objects.live().filter(path__startswith=column.path)
        if column.slug in STALE:
            cutoff = now - timedelta(days=STALE[column.slug])
            articles.filter(publish_time__gt=cutoff).update(
                publish_time=cutoff, first_published_at=cutoff
            )
            articles.filter(first_published_at__gt=cutoff).update(first_published_at=cutoff)
            planted["freshness"].add(column.pk)
        elif column.get_children().live().type(NewsIndexPage).count() == 0:
            newest = articles.order_by("-publish_time").first()
            if newest is not None:
                yesterday = now - timedelta(days=1)
                NewsPage.objects.filter(pk=newest.pk).update(
                    publish_time=yesterday, first_published_at=yesterday
                )
    home = HomePage.objects.get(locale=locale)
    for slug, title in (
        (f"{PREFIX}empty-news", "基准空栏目"),
        (f"{PREFIX}empty-notice", "基准通知公告"),
    ):
        empty = home.add_child(instance=NewsIndexPage(title=title, slug=slug))
        empty.save_revision().publish()
        planted["freshness"].add(empty.pk)
    out("已废止的决定: skipped (no official-document status model on this branch)")
    return planted


def score(name: str, found: set, planted: set) -> bool:
    hits = found & planted
    precision = len(hits) / len(found) if found else 1.0
    recall = len(hits) / len(planted) if planted else 1.0
    out(
        f"{name:<10} planted {len(planted):>3}  found {len(found):>3}  "
        f"precision {precision:6.1%}  recall {recall:6.1%}"
    )
    for key in sorted(found - planted, key=str)[:5]:
        out(f"    flagged, not planted: {key}")
    for key in sorted(planted - found, key=str)[:5]:
        out(f"    planted, not found:   {key}")
    return found == planted


def publish_overhead() -> list[float]:
    """The time the health check adds to one publication (the page_published receiver)."""
    from health.signals import _published
    from news.models import NewsPage

    page = NewsPage.objects.live().filter(slug__regex=r"^g\d+$").order_by("-pk").first()
    timings = []
    for _ in range(PUBLISH_RUNS):
        started = time.perf_counter()
        _published(sender=NewsPage, instance=page)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="generated articles")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    if str(settings.DATABASES["default"]["NAME"]).endswith("db.sqlite3"):
        sys.exit("Refusing to run on the development database; set DATABASE_URL.")
    from generate_site import generate
    from search_quality import ensure_database

    ensure_database()
    generate(args.count, stdout=out)

    from health import checks
    from health.freshness import due_columns
    from health.messages import unanswered_counts
    from health.models import Check, Finding
    from news.models import NewsPage

    clear_earlier_run()
    base_url = start_server()
    planted = plant(base_url)
    out(f"{NewsPage.objects.live().count()} live articles; database {connection_vendor()}")

    started = time.perf_counter()
    counts = checks.check_site()
    due = due_columns()
    unanswered_counts()
    internal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    checks.check_external_links(delay=0.05)
    external_seconds = time.perf_counter() - started

    def stored(kind):
        return set(Finding.objects.filter(kind=kind).values_list("page_id", "found"))

    out()
    ok = all(
        [
            score("freshness", {row.page.pk for row in due}, planted["freshness"]),
            score("term", stored(Check.TERM), planted["term"]),
            score("internal", stored(Check.INTERNAL_LINK), planted["internal"]),
            score("external", stored(Check.EXTERNAL_LINK), planted["external"]),
        ]
    )
    out()
    out(f"internal checks (用词 {counts[Check.TERM]}, 站内链接 {counts[Check.INTERNAL_LINK]}, "
        f"栏目更新, 留言): {internal_seconds:.1f} s (target ≤ 60 s)")  # fmt: skip
    out(f"external crawl (local host, 0.05 s apart; the demo's): {external_seconds:.1f} s")
    timings = publish_overhead()
    out(
        f"publish-time overhead (health check of one page, {PUBLISH_RUNS} runs): median "
        f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms (target ≤ 50 ms)"
    )
    sys.exit(0 if ok else 1)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
