"""Query correction: the vocabulary's size and build time, and what correcting adds to a query.

Run against a database with content (the 100k-article PostgreSQL copy, or the demo):

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/renda \\
        .venv/bin/python bench/search_correction.py

or with the search engine (the database only gives the pages and the vocabulary), on the index
``bench/search_speed.py --count 100000 --keep-index --engine-url …`` left:

    DATABASE_URL=sqlite:///$PWD/var/bench-search100k.sqlite3 \\
        .venv/bin/python bench/search_correction.py --engine-url opensearch://127.0.0.1:9250

Prints: the vocabulary (words, pages read, bytes in memory measured two ways, bytes stored, build
seconds, load seconds in a process that did not build it), then the time ``correct()`` takes on
typo queries, cold (first pass: pypinyin's per-character caches empty) and warm, median and p95,
and for up to 100 zero-result typos what the page's ``run_search`` adds to the search alone: the
correction, then the partial matches.

The typos are made here from the vocabulary itself, not from a judged set: each of the most
frequent words with one character replaced by another character of the same toneless reading
(the input-method typo) or of a near reading, alone or after another frequent word. The share
corrected back to the word is printed as a sanity check, not as the quality figure
(``bench/search_quality.py`` has the typo set for that).
"""

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from pypinyin import Style, lazy_pinyin  # noqa: E402

from search import pinyin, vocabulary  # noqa: E402
from search.correction import correct  # noqa: E402
from search.outcome import NO_FILTERS, _corrected, run_search  # noqa: E402
from search.views import search_pages  # noqa: E402

QUERIES = 400
FULL_SEARCHES = 100
SEED = 25


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def homophones() -> dict[str, list[str]]:
    """Common characters (the basic CJK block) by toneless reading."""
    by_reading: dict[str, list[str]] = {}
    for code in range(0x4E00, 0x9FA6):
        char = chr(code)
        syllable = lazy_pinyin(char, style=Style.NORMAL)[0]
        if syllable != char:
            by_reading.setdefault(syllable, []).append(char)
    return by_reading


def typo_queries(words: vocabulary.LoadedVocabulary, count: int) -> list[tuple[str, str]]:
    """``(typo, intended)`` pairs (see the module docstring)."""
    rng = random.Random(SEED)
    by_reading = homophones()
    by_near: dict[str, list[str]] = {}
    for syllable, chars in by_reading.items():
        by_near.setdefault(pinyin.near_syllable(syllable), []).extend(chars)
    common = words.top(2000)
    pairs = []
    attempts = 0
    while len(pairs) < count and attempts < count * 50:
        attempts += 1
        word = rng.choice(common)
        position = rng.randrange(len(word))
        syllable = pinyin.reading(word)[position]
        pool = by_near if rng.random() < 0.25 else by_reading
        key = pinyin.near_syllable(syllable) if pool is by_near else syllable
        choices = [char for char in pool.get(key, []) if char != word[position]]
        if not choices:
            continue
        typo = word[:position] + rng.choice(choices[:40]) + word[position + 1 :]
        if typo in words:
            continue
        if rng.random() < 0.3:
            prefix = rng.choice(common[:200])
            typo, word = prefix + typo, prefix + word
        pairs.append((typo, word))
    return pairs


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - started) * 1000


def cpu_timed(function, *args):
    """CPU time of this process: on a shared machine the wall time of a sub-millisecond call
    mostly measures the scheduler (load 7 on 2 cores: wall p95 12 ms where CPU p95 is 0.8 ms)."""
    started = time.process_time()
    wall = time.perf_counter()
    result = function(*args)
    return result, (time.process_time() - started) * 1000, (time.perf_counter() - wall) * 1000


def time_corrections(words, queries) -> str:
    from search.correction import correct_run

    pinyin.character_readings.cache_clear()
    pinyin.near_syllable.cache_clear()
    lines = []
    for label in ("cold", "warm"):
        times, walls, right = [], [], 0
        for typo, intended in queries:
            corrected, ms, wall = cpu_timed(correct_run, typo, words)
            times.append(ms)
            walls.append(wall)
            right += corrected == intended
        lines.append(
            f"correct() {label}: CPU median {statistics.median(times):.2f} ms, "
            f"p95 {percentile(times, 0.95):.2f} ms, max {max(times):.2f} ms; wall median "
            f"{statistics.median(walls):.2f} ms, p95 {percentile(walls, 0.95):.2f} ms "
            f"({len(times)} typo queries; {right / len(times):.0%} corrected to the word they "
            "were made from)"
        )
    return "\n".join(lines)


def at_the_cap():
    """A vocabulary as big as the cap allows (pypinyin's 47k-phrase list standing in for a big
    site's words), as the synthetic 100k corpus repeats one article's sentences and yields few."""
    from pypinyin.phrases_dict import phrases_dict

    phrases = [phrase for phrase in phrases_dict if vocabulary.HAN_WORD.fullmatch(phrase)]
    phrases = phrases[: vocabulary.max_words()]
    rng = random.Random(SEED)
    rng.shuffle(phrases)
    started = time.perf_counter()
    payload = {
        "words": phrases,
        "frequencies": [1] * len(phrases),
        "pinyin": [pinyin.pinyin_key(pinyin.reading(phrase)) for phrase in phrases],
    }
    tracemalloc.start()
    words = vocabulary.LoadedVocabulary("cap", payload)
    allocated, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nat the cap: {len(words):,} words; readings + tables built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(
        f"memory bytes (deep getsizeof): {words.memory_bytes():,}; "
        f"(tracemalloc, tables only): {allocated:,}"
    )
    print(time_corrections(words, typo_queries(words, QUERIES)))
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--engine-url",
        help="time the zero-result path on this engine (opensearch://… or elasticsearch://…), "
        "on the index bench/search_speed.py --keep-index left",
    )
    parser.add_argument(
        "--reuse-vocabulary",
        action="store_true",
        help="skip the rebuild (and its figures): use the vocabulary an earlier run stored",
    )
    args = parser.parse_args()
    if not args.reuse_vocabulary:
        stats = vocabulary.rebuild()
        print(f"vocabulary words: {stats.words:,} (from {stats.pages:,} pages)")
        print(f"memory bytes (deep getsizeof): {stats.memory_bytes:,}")
        print(f"stored bytes (compressed row): {stats.stored_bytes:,}")
        print(f"build seconds: {stats.seconds:.1f}")

    # Another process: the copy loaded from the stored row (what a web worker does after a
    # rebuild), its allocations measured by tracemalloc.
    vocabulary._install(vocabulary.EMPTY)
    cache.delete(vocabulary.VERSION_KEY)
    tracemalloc.start()
    loaded, load_ms = timed(vocabulary.current)
    allocated, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"memory bytes (tracemalloc, loading the row): {allocated:,}")
    print(f"load seconds (a process picking up a rebuild): {load_ms / 1000:.2f}")

    queries = typo_queries(loaded, QUERIES)
    print(time_corrections(loaded, queries))
    # correct() itself: the Han runs of the query, its vocabulary from current().
    times = [cpu_timed(correct, typo)[1] for typo, _intended in queries]
    print(
        f"correct() with current() (a cache read per call): CPU median "
        f"{statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms"
    )

    at_the_cap()

    if args.engine_url:
        # The engine's index of bench/search_speed.py's articles (--keep-index), as there.
        from django.test import override_settings
        from search_quality import engine_settings

        engine = engine_settings(args.engine_url, "segmented", index_prefix="bench_")
        print(f"on the engine ({args.engine_url}, index bench_):")
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": engine}):
            time_zero_result_path(queries)
    else:
        time_zero_result_path(queries)


def time_zero_result_path(queries) -> None:
    """What the page does for a zero-result typo, over the search alone, in two parts: the
    correction (correct() and the corrected query's search: what the issue's ≤ 5 ms is about)
    and then the partial matches (one more search per word of a multi-word query that still
    finds fewer than PARTIAL_BELOW pages; search.outcome), and the whole against the same page
    for the corrected word typed right. Each timed twice, the second kept:
    the first pass over a query warms the database's pages for every column alike."""
    alone, correction_added, partial_added, over_right = [], [], [], []
    zero = [typo for typo, _intended in queries if not len(search_pages(typo))]
    for typo in zero[:FULL_SEARCHES]:
        for _warm in range(2):
            _found, search_ms = timed(lambda query: len(search_pages(query)), typo)
            corrected, corrected_ms = timed(
                lambda query: _corrected(query, NO_FILTERS, "default", True), typo
            )
            len(corrected.results)
            _shown, total_ms = timed(lambda query: len(run_search(query).results), typo)
            # The reader who typed the word right: its search, and its partial matches if any.
            _right, right_ms = timed(lambda query: len(run_search(query).results), corrected.query)
        alone.append(search_ms)
        over_right.append(total_ms - right_ms)
        correction_added.append(corrected_ms - search_ms)
        partial_added.append(total_ms - corrected_ms)
    in_all = [a + b for a, b in zip(correction_added, partial_added, strict=True)]
    print(f"zero-result typo queries timed: {len(alone)}")
    for label, values in [
        ("search alone (typo as typed)", alone),
        ("the correction adds (correct() + the corrected query's search)", correction_added),
        ("the partial matches add on top (multi-word queries only)", partial_added),
        ("run_search adds in all", in_all),
        ("the typo costs over typing the corrected word (run_search of each)", over_right),
    ]:
        print(
            f"{label}: median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms"
        )


if __name__ == "__main__":
    main()
