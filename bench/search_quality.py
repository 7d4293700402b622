"""Search quality: recall@10 and nDCG@10 on judged collections of Chinese (and a few English)
documents, the share of typo queries whose first page shows the intended results, per backend.

    DATABASE_URL=sqlite:///$PWD/var/bench-quality.sqlite3 .venv/bin/python bench/search_quality.py
    bin/with-postgres .venv/bin/python bench/search_quality.py
    ... --engine-url opensearch://127.0.0.1:9250

Builds the documents of every collection (``bench/quality_sets.py``: ``search_documents.json``,
the set the project tuned on, ``search_heldout_documents.json``, held out, and
``search_dev_documents.json``, the development set one may tune on, issue #25) as
published articles in its own database (migrate; the script refuses var/db.sqlite3), English
documents in the English locale. For each configuration and collection it indexes that
collection alone, rebuilds the correction vocabulary where ``search.vocabulary`` exists, and runs
the queries of every set judged on it through the public search page's logic
(``search.outcome.run_search``, or ``search.views.search_pages`` where it does not exist; the
first line says which), the language of the query active. Configurations:

- ``project``: the site's database backend (``search_backend_from_url("")``) with segmented index
  fields: every set;
- ``stock``: Wagtail's own database backend, index fields not segmented: the tuned set only;

and, with ``--engine-url opensearch://127.0.0.1:9250`` (``make search-engine``) and/or
``--engine-url elasticsearch://127.0.0.1:9251`` (``make search-engine-es``; the option may be
given twice, or hold a comma-separated list), on each engine (``search.backends.engines``, indices
prefixed ``quality_``, so that the big index of ``search_speed.py``, prefixed ``bench_``, is left
alone):

- ``engine-segmented``: segmented index fields, whitespace analyzer (what the site uses): every set;
- ``engine-cjk``: raw text, the engine's own ``cjk`` bigram analyzer (needs the engine's
  analysis-common module, which Elasticsearch's minimal distribution lacks: reported as not run):
  the tuned set only.

Relevance grades are 0–2; recall@10 counts documents graded 1 or 2; nDCG@10 uses gain 2^g − 1.
A typo passes when the first page (20 results) holds at least half of the intended query's
documents graded 1–2 and one graded 2 (``quality_sets.shows_intended``). ``-v`` shows the
imperfect queries (recall@10 < 1, nDCG@10 < 0.85, a typo that does not pass) of the tuned set, the
development set, its typos and the typos that are not held out, each with the ranked ids and the
wanted ones; held-out queries are never shown one by one. ``--sets dev`` runs only the development
set and its typos (what one tunes on, in a fraction of the time).
"""

import argparse
import os
import sys
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import BadRequestError
from opensearchpy.exceptions import RequestError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

from quality_sets import (  # noqa: E402  (bench/ is on the path as this script's directory)
    K,
    Outcome,
    Scores,
    collections,
    judged_sets,
    public_search,
    rebuild_vocabulary,
)

# name: (backend settings, or None for the site's own database backend; segmentation; all sets)
CONFIGURATIONS = {
    "project": (None, True, True),
    "stock": (
        {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
        False,
        False,
    ),
}
ENGINE_CONFIGURATIONS = {
    "engine-segmented": ("segmented", True, True),
    "engine-cjk": ("cjk", False, False),
}
LABELS = {
    "project": "project backend, segmentation on",
    "stock": "Wagtail database backend, segmentation off",
    "engine-segmented": "{engine}, segmented text + whitespace",
    "engine-cjk": "{engine}, raw text + cjk analyzer",
}
SET_LABELS = {
    "tuned": "tuned set (search_judgments.json)",
    "heldout": "held-out set",
    "synonyms": "synonym set (held out)",
    "typos": "typo set",
    "typos-held-out": "typo set, held-out part",
    "intended": "typo set's intended queries (ceiling)",
    "dev": "development set (search_dev_judgments)",
    "dev-typos": "development typo set",
    "dev-intended": "dev typos' intended queries (ceiling)",
}
# Sets scored by the share of typos whose first page shows the intended results.
TYPO_SETS = {"typos", "typos-held-out", "intended", "dev-typos", "dev-intended"}
# Sets whose imperfect queries -v lists (held-out ones never are: Scores keeps none of them).
DETAILED_SETS = ("tuned", "typos", "dev", "dev-typos")
# --sets: the sets of each choice.
SET_CHOICES = {"all": None, "dev": {"dev", "dev-typos", "dev-intended"}}
ENGINE_NAMES = {"opensearch": "OpenSearch", "elasticsearch": "Elasticsearch"}
# A node refusing an index's settings or mapping.
REFUSED = (BadRequestError, RequestError)


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def ensure_database() -> None:
    """Create the PostgreSQL database DATABASE_URL names (a fresh bin/with-postgres server has
    none yet)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')


def build_pages(collections):
    """The documents of every collection as live articles, one column per collection and
    language; returns {collection: {page id: document id}}."""
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings
    from wagtail.models import Locale, Page
    from wagtail.rich_text import RichText

    from news.legacy import read_legacy_file
    from news.models import NewsIndexPage, NewsPage

    paragraphs = read_legacy_file(SEED).paragraphs
    published = datetime(2024, 1, 1, tzinfo=UTC)
    no_auto_update = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }
    root = Page.get_first_root_node()
    ids = defaultdict(dict)
    with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update), transaction.atomic():
        for child in root.get_children():
            child.delete()
        columns = {}
        for collection, documents in collections.items():
            for number, document in enumerate(documents):
                language = document.get("language", settings.LANGUAGE_CODE)
                if (collection, language) not in columns:
                    locale, _ = Locale.objects.get_or_create(language_code=language)
                    columns[collection, language] = root.add_child(
                        instance=NewsIndexPage(
                            title=f"评测栏目 {collection} {language}",
                            slug=f"quality-{collection}-{language}",
                            locale=locale,
                        )
                    )
                if "seed_paragraph" in document:
                    body = paragraphs[document["seed_paragraph"]]
                else:
                    body = document["body"]
                page = columns[collection, language].add_child(
                    instance=NewsPage(
                        title=document["title"],
                        slug=f"doc-{number}",
                        body=[("paragraph", RichText(f"<p>{body}</p>"))],
                        publish_time=published,
                        first_published_at=published,
                    )
                )
                ids[collection][page.pk] = document["id"]
    return ids


def engine_name(url: str) -> str:
    """``OpenSearch`` or ``Elasticsearch``, from the URL's scheme."""
    scheme = url.partition("://")[0].partition("+")[0]
    return ENGINE_NAMES.get(scheme, scheme)


def engine_url_list(values) -> list[str]:
    """The engine URLs of repeated and/or comma-separated ``--engine-url`` options."""
    return [url.strip() for value in values or [] for url in value.split(",") if url.strip()]


def add_engine_url_option(parser, help_text: str) -> None:
    default = os.environ.get("SEARCH_BENCH_ENGINE_URL", "")
    parser.add_argument(
        "--engine-url",
        action="append",
        default=[default] if default else None,
        help=f"{help_text}; may be given twice or as a comma-separated list "
        "(SEARCH_BENCH_ENGINE_URL)",
    )


def engine_settings(url: str, analysis: str, *, index_prefix: str = "quality_") -> dict:
    from cms.settings.base import search_backend_from_url

    return {**search_backend_from_url(url, index_prefix=index_prefix), "ANALYSIS": analysis}


def reset_engine_index(backend, model):
    """An empty index for ``model`` (an index of an earlier run, or an alias, is removed)."""
    from wagtail.models import Page

    index = backend.get_index_for_model(model)
    if index.is_alias():
        for aliased in index.aliased_indices():
            aliased.delete()
    index.delete()
    index.put()
    index.add_model(Page)
    index.add_model(model)
    return index


def backend_settings(name, engine_url=None) -> tuple[dict, bool, bool]:
    """(WAGTAILSEARCH_BACKENDS["default"], segmentation, whether every set runs) of a
    configuration."""
    from cms.settings.base import search_backend_from_url

    if name in ENGINE_CONFIGURATIONS:
        analysis, segmentation, every_set = ENGINE_CONFIGURATIONS[name]
        return engine_settings(engine_url, analysis), segmentation, every_set
    configured, segmentation, every_set = CONFIGURATIONS[name]
    return configured or search_backend_from_url(""), segmentation, every_set


def index_collection(name, backend, ids) -> None:
    """The pages of one collection alone in the configuration's index."""
    from wagtail.search.models import IndexEntry

    from news.models import NewsPage

    pages = list(NewsPage.objects.filter(pk__in=ids))
    if name in ENGINE_CONFIGURATIONS:
        index = reset_engine_index(backend, NewsPage)
        backend.add_bulk(NewsPage, pages)
        index.refresh()
    else:
        IndexEntry.objects.all().delete()
        backend.add_bulk(NewsPage, pages)


def evaluate(name, ids, sets, search, engine_url=None) -> tuple[dict[str, Scores], set[str]]:
    """Scores per set of one configuration, and what the vocabulary rebuild said."""
    from django.test import override_settings
    from django.utils import translation
    from wagtail.search.backends import get_search_backend

    configured, segmentation, every_set = backend_settings(name, engine_url)
    scores = defaultdict(Scores)
    notes = set()
    with override_settings(
        WAGTAILSEARCH_BACKENDS={"default": configured}, SEARCH_SEGMENTATION=segmentation
    ):
        backend = get_search_backend()
        for collection, pages in ids.items():
            runs = [
                (set_name, query)
                for set_name, queries in sets.items()
                if every_set or set_name == "tuned"
                for query in queries
                if query.collection == collection
            ]
            if not runs:
                continue
            index_collection(name, backend, pages)
            notes.add(rebuild_vocabulary())
            for set_name, query in runs:
                with translation.override(query.language):
                    pks, corrected, suggested = search(query.text)
                outcome = Outcome([pages.get(pk, "?") for pk in pks], corrected, suggested)
                scores[set_name].add(query, outcome)
                if set_name == "typos" and query.held_out:
                    scores["typos-held-out"].add(query, outcome)
    return scores, notes


def report(label: str, scores: dict[str, Scores], verbose: bool) -> None:
    if not scores:  # a configuration that runs none of the chosen sets (stock with --sets dev)
        return
    out(label)
    for set_name, set_label in SET_LABELS.items():
        if set_name not in scores:
            continue
        item = scores[set_name]
        line = f"  {set_label:<40} {item.queries:4d} {item.mean_recall:9.3f} {item.mean_ndcg:8.3f}"
        if set_name in TYPO_SETS:
            share = item.passing / item.queries if item.queries else 0.0
            line += f"   {item.passing:2d}/{item.queries:<2d} = {share:6.1%}"
        if set_name in TYPO_SETS - {"intended", "dev-intended"}:
            line += f" (results of a correction {item.corrected}, suggestion {item.suggested})"
        out(line)
        if verbose and set_name in DETAILED_SETS:
            for imperfect in item.imperfect:
                out(f"    {imperfect}")


def _reason(error) -> str:
    """The node's own words for an error (both clients keep its JSON answer)."""
    answer = getattr(error, "body", None) or getattr(error, "info", None)
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        return answer["error"].get("reason", str(error))
    return str(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show the imperfect queries of the tuned and development sets and of the typos not "
        "held out",
    )
    parser.add_argument(
        "--sets",
        choices=sorted(SET_CHOICES),
        default="all",
        help="dev: only the development set and its typos (default: every set)",
    )
    add_engine_url_option(
        parser,
        "also measure a search engine node, e.g. opensearch://127.0.0.1:9250 or "
        "elasticsearch://127.0.0.1:9251",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if str(settings.DATABASES["default"]["NAME"]).endswith("db.sqlite3"):
        sys.exit("Refusing to run on the development database; set DATABASE_URL.")
    ensure_database()
    call_command("migrate", verbosity=0)
    documents = collections()
    sets = judged_sets()
    # The ceiling of the typo set: its intended queries, scored by the same rule.
    for typos, intended in (("typos", "intended"), ("dev-typos", "dev-intended")):
        sets[intended] = [replace(typo, text=typo.intended, intended="") for typo in sets[typos]]
    if SET_CHOICES[args.sets] is not None:
        sets = {name: queries for name, queries in sets.items() if name in SET_CHOICES[args.sets]}
    ids = build_pages(documents)
    search, search_name = public_search()

    out(f"database: {connection.vendor}; search through {search_name}")
    out(
        "collections, each indexed alone for the sets judged on it: "
        + ", ".join(f"{name} {len(docs)} documents" for name, docs in documents.items())
    )
    out(
        f"{'configuration / set':<42} {'queries':>7} recall@{K}  nDCG@{K}   "
        "first page shows the intended results"
    )
    notes = set()
    for name in CONFIGURATIONS:
        scores, said = evaluate(name, ids, sets, search)
        notes |= said
        report(LABELS[name], scores, args.verbose)
    for url in engine_url_list(args.engine_url):
        for name in ENGINE_CONFIGURATIONS:
            label = LABELS[name].format(engine=engine_name(url))
            try:
                scores, said = evaluate(name, ids, sets, search, engine_url=url)
            except REFUSED as error:  # e.g. an analyzer of a module the node lacks
                out(f"{label}: not run: the node refused the index: {_reason(error)}")
                continue
            notes |= said
            report(label, scores, args.verbose)
    for note in sorted(notes):
        out(note)


if __name__ == "__main__":
    main()
