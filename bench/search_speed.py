"""Search speed: indexing throughput and query latency on generated articles.

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 .venv/bin/python bench/search_speed.py
    bin/with-postgres .venv/bin/python bench/search_speed.py --count 2000

Builds its own database (migrate; never touches var/db.sqlite3 unless DATABASE_URL names it —
don't), creates ``--count`` articles of about 1,500 characters made from the seed article's
sentences in random order, indexes them with the configured backend and times queries through
the site's query function (first results page and the count, as the search page does).

With ``--engine-url opensearch://127.0.0.1:9250`` (``make search-engine``) and/or
``--engine-url elasticsearch://127.0.0.1:9251`` (``make search-engine-es``; the option may be given
twice, or hold a comma-separated list) the same articles are also indexed on each engine
(``search.backends.engines``, index ``bench_wagtailcore_page``, bulk requests of 500, then one
refresh) and the same queries timed there; one table prints them all.
"""

import argparse
import math
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

QUERIES = [
    "联络站",
    "代表联络站",
    "香榧币",
    "垃圾分类",
    "嵊州",
    "面对面议政",
    "污水处理厂",
    "人大代表",
    "提升建设",
    "高新园区",
    "群众",
    "羲之调解",
    "一网四制",
    "代表 接待",
    "聯絡站",
    "2020年",
    "三服务",
    "网上联络站",
    "议事",
    "乡镇 街道",
]


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _create_articles(count, root, sentences, rng):
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings
    from wagtail.rich_text import RichText

    from news.models import NewsIndexPage, NewsPage

    no_auto_update = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update), transaction.atomic():
        for child in root.get_children():
            child.delete()
        column = root.add_child(instance=NewsIndexPage(title="基准测试", slug="bench"))
        pages = []
        for number in range(count):
            text, paragraphs = 0, []
            while text < 1500:
                paragraph = "".join(rng.sample(sentences, 3))
                paragraphs.append(("paragraph", RichText(f"<p>{paragraph}</p>")))
                text += len(paragraph)
            title = "".join(rng.sample(sentences, 1))[:40]
            pages.append(
                column.add_child(instance=NewsPage(title=title, slug=f"a{number}", body=paragraphs))
            )
    return pages, text


def _create_articles_fast(count, root, sentences, rng):
    """The same kind of articles as ``_create_articles``, written with bulk inserts (seconds for
    20,000 instead of 12–33 minutes of ``add_child``): the page rows with their tree paths, then
    the article rows. Nothing is indexed (the benchmark indexes them itself)."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page
    from wagtail.rich_text import RichText

    from news.models import NewsIndexPage, NewsPage

    with transaction.atomic():
        for child in root.get_children():
            child.delete()
        column = root.add_child(instance=NewsIndexPage(title="基准测试", slug="bench"))
        content_type = ContentType.objects.get_for_model(NewsPage)
        locale = Locale.get_default()
        now = timezone.now()
        text = 0
        for start in range(0, count, 1000):
            pages, bodies = [], []
            for number in range(start, min(start + 1000, count)):
                text, paragraphs = 0, []
                while text < 1500:
                    paragraph = "".join(rng.sample(sentences, 3))
                    paragraphs.append(("paragraph", RichText(f"<p>{paragraph}</p>")))
                    text += len(paragraph)
                title = "".join(rng.sample(sentences, 1))[:40]
                slug = f"a{number}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(column.path, column.depth + 1, number + 1),
                        depth=column.depth + 1,
                        numchild=0,
                        url_path=f"{column.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
                bodies.append(paragraphs)
            pages = Page.objects.bulk_create(pages)
            articles = []
            for page, body in zip(pages, bodies, strict=True):
                article = NewsPage(
                    page_ptr_id=page.pk, body=body, publish_time=now, column_id=column.pk
                )
                for field in Page._meta.concrete_fields:
                    setattr(article, field.attname, getattr(page, field.attname))
                articles.append(article)
            NewsPage._base_manager._insert(
                articles, fields=list(NewsPage._meta.local_concrete_fields)
            )
        Page.objects.filter(pk=column.pk).update(numchild=count)
    return list(NewsPage.objects.child_of(column).order_by("pk")), text


def _server_cpu(connection):
    """A function reading the CPU seconds used so far by this connection's PostgreSQL backend
    process (from /proc: the server runs on this machine), or 0 for SQLite, which runs inside
    this process. With other jobs on the machine, CPU time is steadier than wall time."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the articles of an earlier run of the same --count (re-index and time only)",
    )
    parser.add_argument(
        "--create-only", action="store_true", help="create the articles and stop (for --reuse)"
    )
    parser.add_argument(
        "--fast-create",
        action="store_true",
        help="create the articles with bulk inserts instead of add_child (seconds, not minutes)",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="with --reuse: keep the index of the earlier run (time queries only)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="figures per query")
    parser.add_argument(
        "--page",
        action="store_true",
        help="also time the whole search page (query, snippets, template) on each backend",
    )
    from search_quality import add_engine_url_option, engine_name, engine_url_list

    add_engine_url_option(
        parser,
        "also index and time a search engine node, e.g. opensearch://127.0.0.1:9250 or "
        "elasticsearch://127.0.0.1:9251",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from news.legacy import read_legacy_file
    from news.models import NewsIndexPage, NewsPage

    db = settings.DATABASES["default"]["NAME"]
    if str(db).endswith("db.sqlite3"):
        sys.exit("Refusing to run on the development database; set DATABASE_URL.")
    from search_quality import ensure_database  # bench/ is this script's directory

    ensure_database()
    call_command("migrate", verbosity=0)
    seed = read_legacy_file(
        ROOT / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
    )
    sentences = [s for p in seed.paragraphs for s in re.split(r"(?<=[。；])", p) if s.strip()]
    rng = random.Random(2026)

    root = Page.get_first_root_node()
    existing = NewsIndexPage.objects.filter(slug="bench").first()
    if args.reuse and existing and existing.get_children_count() == args.count:
        pages = list(NewsPage.objects.child_of(existing).order_by("pk"))
        text = len(re.sub("<[^>]+>", "", str(pages[0].body))) if pages else 0
    elif args.fast_create:
        pages, text = _create_articles_fast(args.count, root, sentences, rng)
    else:
        pages, text = _create_articles(args.count, root, sentences, rng)
    if args.create_only:
        out(f"created {len(pages)} articles")
        return
    backend = get_search_backend()
    indexing = indexing_cpu = None
    server = _server_cpu(connection)
    if not (args.reuse and args.keep_index and IndexEntry.objects.count() >= len(pages)):
        IndexEntry.objects.all().delete()
        started, cpu_started, server_started = time.perf_counter(), time.process_time(), server()
        with transaction.atomic():
            for chunk in range(0, len(pages), 500):
                backend.add_bulk(NewsPage, pages[chunk : chunk + 500])
        indexing = time.perf_counter() - started
        indexing_cpu = time.process_time() - cpu_started + server() - server_started
    if connection.vendor == "postgresql":
        # As autovacuum would shortly after a rebuild: the dead rows of the old entries and the
        # GIN indexes' pending lists cleaned up, the statistics the planner and the search read.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {IndexEntry._meta.db_table}")
            cursor.execute("ANALYZE")

    before = yardstick()
    cpu_started, server_started = time.process_time(), server()
    database = time_queries(args.repeat, verbose=args.verbose)
    runs = len(QUERIES) * args.repeat
    cpu = (time.process_time() - cpu_started) * 1000 / runs
    server_cpu = (server() - server_started) * 1000 / runs
    database_page = time_page(args.repeat) if args.page else None
    rows = [(f"database backend ({connection.vendor})", indexing, database, database_page)]
    for url in engine_url_list(args.engine_url):
        keep = args.reuse and args.keep_index
        figures = engine_figures(
            url, pages, args.repeat, keep=keep, verbose=args.verbose, page=args.page
        )
        rows.append((f"engine ({engine_name(url)})", *figures))
    out(f"articles: {len(pages)} (~{text} characters each); {len(QUERIES)} queries × {args.repeat}")
    out(f"{'backend':<30} {'indexing':>14} {'median':>9} {'p95':>9}")
    for label, seconds, (median, p95), _page in rows:
        rate = f"{len(pages) / seconds:.0f}/s" if seconds else "(kept)"
        out(f"{label:<30} {rate:>14} {median:7.1f}ms {p95:7.1f}ms")
    for label, _seconds, _figures, page in rows:
        if page:
            out(f"{label + ', search page':<45} {page[0]:7.1f}ms {page[1]:7.1f}ms")
    if indexing_cpu:
        out(
            f"database backend indexing CPU (this process + database server): {indexing_cpu:.1f} s"
            f" = {len(pages) / indexing_cpu:.0f} articles per CPU-second"
        )
    out(
        f"database backend CPU per query (mean): this process {cpu:.1f} ms"
        + (f", database server {server_cpu:.1f} ms" if connection.vendor == "postgresql" else "")
        + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    out(
        "machine yardstick (a fixed piece of Python work, lower is faster): "
        f"{before:.1f} ms before the queries, {yardstick():.1f} ms after"
    )


def yardstick() -> float:
    """Milliseconds of a fixed piece of Python work (segmenting a text of 20,000 characters, the
    best of three): this shared machine's speed moves by a quarter or more from minute to
    minute, and with it every figure of a run."""
    from search.analysis import tokenize

    text = "嵊州市全面启动乡镇人大代表联络站提升建设，G20。" * 800
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        tokenize(text)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def time_queries(repeat: int, *, verbose: bool = False) -> tuple[float, float]:
    """Median and p95 (ms) of the site's query function: first page of 20 and the count."""
    from search.views import search_pages

    timings, per_query = [], {}
    for query in QUERIES:
        for _ in range(repeat):
            started = time.perf_counter()
            results = search_pages(query)
            list(results[:20])
            count = len(results) if isinstance(results, Sequence) else results.count()
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            per_query.setdefault(query, (count, []))[1].append(elapsed)
    if verbose:
        for query, (count, values) in per_query.items():
            out(f"  {query:<10} {count:>6} results  median {statistics.median(values):6.1f} ms")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def time_page(repeat: int) -> tuple[float, float]:
    """Median and p95 (ms) of the whole search page as a reader gets it (/search/?q=…: the query,
    the count, the snippets of the 20 results and the template), through Django's test client
    (no network, no page cache: search pages are never cached)."""
    from django.conf import settings
    from django.test import Client, override_settings

    client = Client()
    timings = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for query in QUERIES:  # the site's own caches (navigation, settings) warm, as in service
            client.get("/search/", {"q": query})
        for query in QUERIES:
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get("/search/", {"q": query})
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    sys.exit(f"/search/?q={query} answered {response.status_code}")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def engine_figures(url: str, pages, repeat: int, *, keep=False, verbose=False, page=False):
    """Index ``pages`` on the engine at ``url`` (unless ``keep`` and the index of an earlier run
    holds as many documents); (indexing seconds or None, (median, p95))."""
    from django.test import override_settings
    from search_quality import engine_settings, reset_engine_index
    from wagtail.search.backends import get_search_backend

    from news.models import NewsPage

    speed_settings = engine_settings(url, "segmented", index_prefix="bench_")
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": speed_settings}):
        backend = get_search_backend()
        indexing = None
        index = backend.get_index_for_model(NewsPage)
        kept = keep and index.exists() and backend.es.count(index=index.name)["count"] == len(pages)
        if not kept:
            index = reset_engine_index(backend, NewsPage)
            started = time.perf_counter()
            for chunk in range(0, len(pages), 500):
                backend.add_bulk(NewsPage, pages[chunk : chunk + 500])
            index.refresh()
            indexing = time.perf_counter() - started
        time_queries(1)  # warm the node's caches as the database's are warm
        if verbose:
            out(f"engine ({url}):")
        figures = time_queries(repeat, verbose=verbose)
        return indexing, figures, time_page(repeat) if page else None


if __name__ == "__main__":
    main()
