"""What synonyms add to a query: the analysis of a few queries with and without them, with 50 and
500 synonym sets, and the time to load 500 sets.

    DATABASE_URL=sqlite:///$PWD/var/bench-synonyms.sqlite3 .venv/bin/python bench/synonym_lookup.py

Builds its own database (migrate; the default sets are loaded by the migration, then replaced by
generated ones). The figure per query includes reading the version token from the cache every
worker shares (``search.synonyms``), as each search does; with ``--dev-cache`` that cache is the
development settings' file cache instead of the tests' in-memory one.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["绍兴市人大常委会 审议", "网上联络站", "代表 选民 接待", "垃圾分类", "香榧币 积分 兑换"]
ROUNDS = 2000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dev-cache", action="store_true", help="the file cache of cms.settings.dev"
    )
    options = parser.parse_args()
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", "cms.settings.dev" if options.dev_cache else "cms.settings.test"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from search import synonyms
    from search.analysis import query_terms, relaxed_query_terms
    from search.models import Synonym

    def analysis(with_synonyms):
        # As search.backends.query.analyse does it: one lookup (token read) per query.
        for query in QUERIES:
            alternatives = synonyms.lookup() if with_synonyms else None
            query_terms(query, alternatives=alternatives)
            relaxed_query_terms(query, alternatives=alternatives)

    def per_query(alternatives) -> float:
        analysis(alternatives)  # warm the lru caches of the analysis itself
        start = time.perf_counter()
        for _round in range(ROUNDS):
            analysis(alternatives)
        return (time.perf_counter() - start) / ROUNDS / len(QUERIES) * 1e6

    random.seed(25)
    han = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    print(f"{'sets':>5} {'without µs/query':>17} {'with µs/query':>14} {'added µs':>9}")
    for count in (50, 500):
        Synonym.objects.all().delete()
        Synonym.objects.bulk_create(
            Synonym(
                kind=random.choice(["equivalent", "one_way"]),
                terms="\n".join(
                    "".join(random.choices(han, k=random.randint(2, 6)))
                    for _word in range(random.randint(2, 4))
                ),
            )
            for _set in range(count)
        )
        Synonym.objects.create(kind="equivalent", terms="人大常委会\n人民代表大会常务委员会")
        Synonym.objects.create(kind="equivalent", terms="网上联络站\n线上联络站")
        synonyms.forget()
        start = time.perf_counter()
        synonyms.current()
        loaded = (time.perf_counter() - start) * 1000
        without = per_query(False)
        with_synonyms = per_query(True)
        print(
            f"{count:>5} {without:>17.1f} {with_synonyms:>14.1f} {with_synonyms - without:>9.1f}"
            f"   (loading the sets: {loaded:.1f} ms)"
        )


if __name__ == "__main__":
    main()
