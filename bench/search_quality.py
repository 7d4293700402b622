"""Search quality: recall@10 and nDCG@10 on a small judged collection of Chinese documents.

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 .venv/bin/python bench/search_quality.py
    bin/with-postgres .venv/bin/python bench/search_quality.py

Builds the documents of ``bench/data/search_documents.json`` as published articles in its own
database (migrate; the script refuses var/db.sqlite3), indexes them and runs the queries of
``bench/data/search_judgments.json`` through the site's search (``search.views.search_pages``)
with two configurations:

- ``project``: this project's backend (``search.backends``) with segmented index fields;
- ``stock``: Wagtail's own database backend, index fields not segmented;

and, with ``--engine-url opensearch://127.0.0.1:9250`` (``make search-engine``) and/or
``--engine-url elasticsearch://127.0.0.1:9251`` (``make search-engine-es``; the option may be
given twice, or hold a comma-separated list), on each engine (``search.backends.engines``, indices
prefixed ``quality_``, so that the big index of ``search_speed.py``, prefixed ``bench_``, is left
alone):

- ``engine-segmented``: segmented index fields, whitespace analyzer (what the site uses);
- ``engine-cjk``: raw text, the engine's own ``cjk`` bigram analyzer (needs the engine's
  analysis-common module, which Elasticsearch's minimal distribution lacks: reported as not run).

Relevance grades are 0–2; recall@10 counts documents graded 1 or 2; nDCG@10 uses gain 2^g − 1.
"""

import argparse
import json
import math
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import BadRequestError
from opensearchpy.exceptions import RequestError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench/data"
SEED = ROOT / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

CONFIGURATIONS = {
    "project": ({"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}, True),
    "stock": ({"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}, False),
}
ENGINE_CONFIGURATIONS = {"engine-segmented": ("segmented", True), "engine-cjk": ("cjk", False)}
LABELS = {
    "project": "project backend, segmentation on",
    "stock": "Wagtail database backend, segmentation off",
    "engine-segmented": "{engine}, segmented text + whitespace",
    "engine-cjk": "{engine}, raw text + cjk analyzer",
}
ENGINE_NAMES = {"opensearch": "OpenSearch", "elasticsearch": "Elasticsearch"}
K = 10
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


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    def dcg(grades):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(relevant.values(), reverse=True))
    return dcg([relevant.get(doc, 0) for doc in ranked]) / ideal if ideal else 1.0


def build_pages(documents):
    """The documents as live articles below one column; returns {page id: document id}."""
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    from news.legacy import read_legacy_file
    from news.models import NewsIndexPage, NewsPage

    paragraphs = read_legacy_file(SEED).paragraphs
    published = datetime(2024, 1, 1, tzinfo=UTC)
    no_auto_update = {
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    }
    root = Page.get_first_root_node()
    ids = {}
    with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update), transaction.atomic():
        for child in root.get_children():
            child.delete()
        column = root.add_child(instance=NewsIndexPage(title="评测栏目", slug="quality"))
        for number, document in enumerate(documents):
            if "seed_paragraph" in document:
                body = paragraphs[document["seed_paragraph"]]
            else:
                body = document["body"]
            page = column.add_child(
                instance=NewsPage(
                    title=document["title"],
                    slug=f"doc-{number}",
                    body=[("paragraph", RichText(f"<p>{body}</p>"))],
                    publish_time=published,
                    first_published_at=published,
                )
            )
            ids[page.pk] = document["id"]
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


def evaluate(name, ids, queries, verbose, engine_url=None):
    from django.test import override_settings
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from news.models import NewsPage
    from search.views import search_pages

    if name in ENGINE_CONFIGURATIONS:
        analysis, segmentation = ENGINE_CONFIGURATIONS[name]
        backend_settings = engine_settings(engine_url, analysis)
    else:
        backend_settings, segmentation = CONFIGURATIONS[name]
    with override_settings(
        WAGTAILSEARCH_BACKENDS={"default": backend_settings}, SEARCH_SEGMENTATION=segmentation
    ):
        backend = get_search_backend()
        pages = list(NewsPage.objects.filter(pk__in=ids))
        if name in ENGINE_CONFIGURATIONS:
            index = reset_engine_index(backend, NewsPage)
            backend.add_bulk(NewsPage, pages)
            index.refresh()
        else:
            IndexEntry.objects.all().delete()
            backend.add_bulk(NewsPage, pages)
        recalls, ndcgs = [], []
        for item in queries:
            ranked = [ids.get(page.pk, "?") for page in search_pages(item["query"])[:K]]
            recalls.append(recall_at(ranked, item["relevant"]))
            ndcgs.append(ndcg_at(ranked, item["relevant"]))
            if verbose and (recalls[-1] < 1 or ndcgs[-1] < 0.85):
                out(
                    f"  {name}: {item['query']!r} recall {recalls[-1]:.2f} "
                    f"nDCG {ndcgs[-1]:.2f} got {ranked} wanted {item['relevant']}"
                )
    return sum(recalls) / len(recalls), sum(ndcgs) / len(ndcgs)


def _reason(error) -> str:
    """The node's own words for an error (both clients keep its JSON answer)."""
    answer = getattr(error, "body", None) or getattr(error, "info", None)
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        return answer["error"].get("reason", str(error))
    return str(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show imperfect queries")
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
    documents = json.loads((DATA / "search_documents.json").read_text())["documents"]
    queries = json.loads((DATA / "search_judgments.json").read_text())["queries"]
    ids = build_pages(documents)

    out(f"database: {connection.vendor}; {len(documents)} documents, {len(queries)} queries")
    out(f"{'configuration':<46} recall@{K}  nDCG@{K}")
    for name in CONFIGURATIONS:
        recall, ndcg = evaluate(name, ids, queries, args.verbose)
        out(f"{LABELS[name]:<46} {recall:9.3f} {ndcg:8.3f}")
    for url in engine_url_list(args.engine_url):
        for name in ENGINE_CONFIGURATIONS:
            label = LABELS[name].format(engine=engine_name(url))
            try:
                recall, ndcg = evaluate(name, ids, queries, args.verbose, engine_url=url)
            except REFUSED as error:  # e.g. an analyzer of a module the node lacks
                out(f"{label:<46} not run: the node refused the index: {_reason(error)}")
                continue
            out(f"{label:<46} {recall:9.3f} {ndcg:8.3f}")


if __name__ == "__main__":
    main()
