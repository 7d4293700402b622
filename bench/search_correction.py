"""Correction speed, and the correction vocabulary's build time and size (issue #25).

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 .venv/bin/python bench/search_correction.py \
        --count 100000 --fast-create
    # the articles and index of an earlier run of this script or of search_speed.py (same --count):
    ... bench/search_correction.py --count 100000 --reuse --keep-index

The articles are search_speed.py's (``--count`` of them, ~1,500 characters of the seed article's
sentences in random order; created with ``--fast-create`` in seconds), indexed with the database
backend. Then:

- **vocabulary**: ``search.vocabulary.rebuild()`` (what ``update_index`` calls) timed (wall and
  CPU), its statistics as it reports them, and the memory the rebuilt vocabulary keeps
  (``tracemalloc``, a second rebuild: tracing slows the first one's timing otherwise);
- **correction**: the typos of ``bench/data/search_typos.json`` that find nothing on this corpus,
  each searched as the page does (first page of 20 and the count) through
  ``search.outcome.run_search`` (original search, then the correction and its search) and through
  ``search.views.search_pages`` alone; the difference is what correction adds to a zero-result
  query. ``search.correction.correct`` alone is timed too. ``-v`` prints the typos that are not
  held out one by one (held-out ones only in the aggregates).

The generated articles repeat the seed's 40 sentences, so the vocabulary holds the seed's words
at any ``--count``: its size here is a floor, its build time (which reads every article) is not.
Without ``search.vocabulary`` / ``search.outcome`` (before #25) the script says so and stops.
"""

import argparse
import gc
import os
import random
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

# bench/ is this script's directory
from quality_sets import PAGE, read  # noqa: E402
from search_quality import ensure_database  # noqa: E402
from search_speed import _create_articles, _create_articles_fast  # noqa: E402


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered):6.2f} ms, p95 {p95:6.2f} ms"


def first_page(results) -> int:
    """The page's work on a result set: its first page loaded, and the count."""
    list(results[:PAGE])
    return len(results) if isinstance(results, Sequence) else results.count()


def articles(args):
    """search_speed.py's articles: those of an earlier run (``--reuse``) or new ones."""
    from wagtail.models import Page

    from news.legacy import read_legacy_file
    from news.models import NewsIndexPage, NewsPage

    existing = NewsIndexPage.objects.filter(slug="bench").first()
    if args.reuse and existing and existing.get_children_count() == args.count:
        return list(NewsPage.objects.child_of(existing).order_by("pk"))
    seed = read_legacy_file(
        ROOT / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
    )
    sentences = [s for p in seed.paragraphs for s in re.split(r"(?<=[。；])", p) if s.strip()]
    create = _create_articles_fast if args.fast_create else _create_articles
    return create(args.count, Page.get_first_root_node(), sentences, random.Random(2026))[0]


def index(pages, keep: bool) -> None:
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from news.models import NewsPage

    if keep and IndexEntry.objects.count() >= len(pages):
        return
    IndexEntry.objects.all().delete()
    backend = get_search_backend()
    started = time.perf_counter()
    with transaction.atomic():
        for chunk in range(0, len(pages), 500):
            backend.add_bulk(NewsPage, pages[chunk : chunk + 500])
    out(f"indexed {len(pages)} articles in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":  # as autovacuum would after a rebuild (search_speed.py)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {IndexEntry._meta.db_table}")
            cursor.execute("ANALYZE")


def measure_vocabulary(vocabulary) -> None:
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    stats = vocabulary.rebuild()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    out(f"vocabulary rebuild: {wall:.2f} s ({cpu:.2f} s CPU in this process); {stats}")
    gc.collect()
    tracemalloc.start()
    vocabulary.rebuild()
    vocabulary.current()
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out(
        f"vocabulary memory: {kept / 2**20:.1f} MiB kept after the rebuild "
        f"(peak {peak / 2**20:.1f} MiB while building)"
    )


def measure_correction(run_search, correct, repeat: int, verbose: bool) -> None:
    from search.views import search_pages

    typos = read("search_typos.json")["queries"]
    zero = [typo for typo in typos if first_page(search_pages(typo["typo"])) == 0]
    out(f"typos finding nothing on this corpus: {len(zero)} of {len(typos)}")
    if not zero:
        return
    added, added_cpu, plain, corrections, corrected = [], [], [], [], 0
    for typo in zero:
        query = typo["typo"]
        run_search(query)  # the vocabulary and caches warm, as in service
        original, extra, extra_cpu, alone = [], [], [], []
        # Paired and interleaved: this shared machine's speed moves from second to second.
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            first_page(search_pages(query))
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = run_search(query)
            first_page(outcome.results)
            extra.append((time.perf_counter() - started - wall) * 1000)
            extra_cpu.append((time.process_time() - cpu_started - cpu) * 1000)
            original.append(wall * 1000)
            started = time.perf_counter()
            correction = correct(query)
            alone.append((time.perf_counter() - started) * 1000)
        corrected += bool(outcome.corrected)
        added.append(statistics.median(extra))
        added_cpu.append(statistics.median(extra_cpu))
        plain.append(statistics.median(original))
        corrections.extend(alone)
        if verbose and not typo["held_out"]:
            out(
                f"  {query:<12} → {correction!r:<14} search {plain[-1]:6.2f} ms,"
                f" with correction {added[-1]:+6.2f} ms"
            )
    out(f"zero-result search without correction (per query): {percentiles(plain)}")
    out(f"added by correction (run_search − search_pages, per query): {percentiles(added)}")
    out(f"  the same in CPU time of this process: {percentiles(added_cpu)}")
    out(f"search.correction.correct alone ({repeat} runs per query): {percentiles(corrections)}")
    out(f"results of a correction shown for {corrected} of the {len(zero)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the articles of an earlier run (same --count)"
    )
    parser.add_argument(
        "--keep-index", action="store_true", help="with --reuse: keep the earlier run's index"
    )
    parser.add_argument(
        "--fast-create", action="store_true", help="create the articles with bulk inserts"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="typos not held out, each")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if str(settings.DATABASES["default"]["NAME"]).endswith("db.sqlite3"):
        sys.exit("Refusing to run on the development database; set DATABASE_URL.")
    try:
        from search import vocabulary
        from search.correction import correct
        from search.outcome import run_search
    except ImportError as error:
        sys.exit(f"Nothing to measure: {error} (correction is issue #25's).")
    ensure_database()
    call_command("migrate", verbosity=0)
    pages = articles(args)
    index(pages, keep=args.reuse and args.keep_index)
    out(
        f"database: {connection.vendor}; {len(pages)} articles; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    measure_vocabulary(vocabulary)
    measure_correction(run_search, correct, args.repeat, args.verbose)


if __name__ == "__main__":
    main()
