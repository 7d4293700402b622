"""Server time and queries per page type, rendered without the page cache (in process).

    bin/with-postgres bash -c '.venv/bin/python bench/generate_site.py --count 10000 &&
                               .venv/bin/python bench/page_speed.py'

Each page type is requested through Django's test client with the full-page cache switched off
(PAGE_CACHE=false: every request renders the page) and the shared site data warm, as on a running
server once one page has been shown since the last publication: the site data, the menu, the
footer and the home page's lists (fragments kept per site generation, home/cache/) come from
the cache; the rest of each page is rendered and queried afresh. Before the articles are
measured, 100 other articles are shown, so that the 相关文章 candidates kept per topic and per
column (shared site data too, news.services) are warm. ``--no-fragments`` renders the fragments
every time too. Articles are a different one each time (random, seeded); the other types are the
same page repeated. Prints, per page type: the median and 95th percentile of the time from
request to response, and the queries of one request. ``--split`` adds where an article's time
goes: routing, ``get_context``, rendering and SQL (medians). Run ``generate_site.py`` first; the
article count in the table is what the database holds.
"""

import argparse
import os
import random
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def page_urls(rng, runs: int, warm_articles: int = 0) -> dict[str, list[str]]:
    """URLs for each page type: ``runs`` of them (articles all different), after
    ``warm_articles`` other articles (under "article warm-up") to view first."""
    from wagtail.models import Locale

    from news.models import NewsIndexPage, NewsPage
    from stations.models import StationIndexPage, StationLevel, StationPage

    zh = Locale.get_default()
    article_ids = list(
        NewsPage.objects.live().filter(locale=zh).values_list("pk", flat=True).order_by("pk")
    )
    sample = rng.sample(article_ids, min(runs + warm_articles, len(article_ids)))
    articles = NewsPage.objects.filter(pk__in=sample[warm_articles:])
    warm_up = NewsPage.objects.filter(pk__in=sample[:warm_articles])
    # The column with the most articles below it (市县人大 lists its cities' articles too).
    columns = NewsIndexPage.objects.live().filter(locale=zh, depth=3)
    column = max(columns, key=lambda c: NewsPage.objects.descendant_of(c).count())
    network = StationIndexPage.objects.live().filter(locale=zh).first()
    station = StationPage.objects.live().filter(locale=zh, level=StationLevel.TOWNSHIP).first()
    return {
        # Not a page: the smallest request through the same middleware, as a yardstick for how
        # fast this machine is at the moment (figures from a busy machine are higher).
        "robots.txt (yardstick)": ["/robots.txt"] * runs,
        "home": ["/"] * runs,
        "column": [column.url] * runs,
        "article warm-up": [article.url for article in warm_up],
        "article": [article.url for article in articles],
        "station index": [network.url] * runs,
        "station": [station.url] * runs,
        "search": ["/search/?q=%E4%BA%BA%E5%A4%A7%E4%BB%A3%E8%A1%A8"] * runs,  # 人大代表
    }


class Split:
    """Where a request's time goes (``--split``): Wagtail's routing, the page's
    ``get_context``, template rendering, and the time spent in SQL (included in the others).
    The parts are timed by wrapping them, so each adds a little; they do not add up to the
    total (the rest: middleware, Wagtail's serve hooks, the test client)."""

    PARTS = ("routing", "get_context", "rendering", "SQL")

    def __init__(self):
        self.current: dict[str, float] = {}
        self.requests: list[dict[str, float]] = []

    def start_request(self):
        self.current = dict.fromkeys(self.PARTS, 0.0)
        self.requests.append(self.current)

    def timed(self, part: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                if self.current:
                    self.current[part] += (time.perf_counter() - started) * 1000

        return wrapper

    def sql(self, execute, sql, params, many, context):
        return self.timed("SQL", execute)(sql, params, many, context)

    def install(self):
        from django.template.response import SimpleTemplateResponse
        from wagtail.models import Page

        from news.models import NewsPage

        Page.route_for_request = staticmethod(self.timed("routing", Page.route_for_request))
        NewsPage.get_context = self.timed("get_context", NewsPage.get_context)
        SimpleTemplateResponse.render = self.timed("rendering", SimpleTemplateResponse.render)

    def medians(self) -> dict[str, float]:
        return {
            part: statistics.median(request[part] for request in self.requests)
            for part in self.PARTS
        }


def measure(
    *,
    runs: int = 30,
    seed: int = 2026,
    fragments: bool = True,
    warm_articles: int = 100,
    split: Split | None = None,
) -> list[dict]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(seed)
    client = Client()
    rows = []
    with override_settings(PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=fragments):
        for name, urls in page_urls(rng, runs, warm_articles).items():
            if name == "article warm-up":
                # Other articles first: their topics' and columns' 相关文章 lists are shared
                # site data, like the fragments (kept per generation, news.services).
                for url in urls:
                    assert client.get(url).status_code == 200, url
                continue
            for url in urls[:3]:  # warm: process-wide caches, the shared site data
                assert client.get(url).status_code == 200, url
            timings = []
            for url in urls:
                if split is not None and name == "article":
                    split.start_request()
                started = time.perf_counter()
                with connection.execute_wrapper(split.sql) if split else nullcontext():
                    response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            if split is not None:
                split.current = {}
            with CaptureQueriesContext(connection) as queries:
                client.get(urls[-1])
            timings.sort()
            rows.append(
                {
                    "page": name,
                    "url": urls[0],
                    "median": statistics.median(timings),
                    "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
                    "queries": len(queries.captured_queries),
                    "bytes": len(response.content),
                }
            )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page type")
    parser.add_argument(
        "--no-fragments",
        action="store_true",
        help="render the shared fragments (menu, footer, home lists) every time too",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="also print where an article's time goes (routing, get_context, rendering, SQL)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from news.models import NewsPage

    articles = NewsPage.objects.live().count()
    split = None
    if args.split:
        split = Split()
        split.install()
    rows = measure(runs=args.runs, fragments=not args.no_fragments, split=split)
    load = os.getloadavg()[0]
    fragments = "rendered every time" if args.no_fragments else "cached per site generation"
    out(
        f"database: {connection.vendor}; live articles: {articles}; load average: {load:.1f}; "
        f"page cache off; shared fragments {fragments}"
    )
    out("| page | N | median ms | p95 ms | queries | KB | URL |")
    out("|---|---|---|---|---|---|---|")
    for row in rows:
        out(
            f"| {row['page']} | {articles} | {row['median']:.1f} | {row['p95']:.1f} | "
            f"{row['queries']} | {row['bytes'] / 1024:.0f} | {row['url']} |"
        )
    if split is not None:
        parts = ", ".join(f"{part} {ms:.1f}" for part, ms in split.medians().items())
        out(f"article, median ms per part (timed by wrapping them): {parts}")


if __name__ == "__main__":
    main()
