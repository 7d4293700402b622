import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from cms.settings.base import search_backend_from_url
from news.legacy import read_legacy_file
from news.legacy_import import import_legacy_article
from news.models import NewsPage
from search.engine import ENGINE_ERRORS

SEED = (
    Path(settings.BASE_DIR)
    / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
)


@pytest.fixture
def seed(home_page, site_settings):
    """The seed article, imported and published as the legacy importer does it."""
    from tests.factories import NewsIndexPageFactory

    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    NewsIndexPageFactory(parent=local, title="绍兴市", slug="shaoxing")
    page = import_legacy_article(article=read_legacy_file(SEED), home=home_page).page
    return NewsPage.objects.get(pk=page.pk)


# --- Search backends -----------------------------------------------------------------------------
# Modules that use the ``search_backend`` fixture (``pytestmark``) run each test on the database
# backend and on every search engine node in SEARCH_TEST_ENGINE_URL (a comma-separated list, e.g.
# opensearch://127.0.0.1:9250,elasticsearch://127.0.0.1:9251 from `make search-engine` and
# `make search-engine-es`), one test id per node: ``[database]``, ``[engine-opensearch]``,
# ``[engine-elasticsearch]``. Tests that take ``engine_url`` run once per node. Without a
# reachable node the engine runs are skipped with the reason; in CI (CI=true) they fail instead.
# ``@pytest.mark.database_only`` keeps a test off the engines.

ENGINE_URL_VARIABLE = "SEARCH_TEST_ENGINE_URL"
# One prefix per test process, so that parallel runs (SQLite, PostgreSQL) do not share indices.
ENGINE_INDEX_PREFIX = f"test{os.getpid()}_"


def engine_urls() -> list[str]:
    urls = os.environ.get(ENGINE_URL_VARIABLE, "").split(",")
    return [url.strip() for url in urls if url.strip()]


def engine_id(url: str) -> str:
    """``engine-opensearch`` or ``engine-elasticsearch``: the test id of a node's runs."""
    return "engine-" + url.partition("://")[0].partition("+")[0] if url else "engine"


def _engine_params() -> list:
    # With no node configured, one engine run per test that skips (or fails in CI) with the reason.
    return [
        pytest.param(url, id=engine_id(url), marks=pytest.mark.engine)
        for url in engine_urls() or [""]
    ]


def pytest_generate_tests(metafunc):
    if "search_backend" in metafunc.fixturenames:
        params = ["database"]
        if not metafunc.definition.get_closest_marker("database_only"):
            params += _engine_params()
        metafunc.parametrize("search_backend", params, indirect=True)
    elif "engine_url" in metafunc.fixturenames:
        metafunc.parametrize("engine_url", _engine_params(), indirect=True)


def engine_config(url: str, **extra) -> dict:
    config = search_backend_from_url(url, index_prefix=ENGINE_INDEX_PREFIX)
    config.update(REFRESH=True, **extra)
    return config


def engine_backend(url: str, **extra):
    config = engine_config(url, **extra)
    return get_search_backend(config.pop("BACKEND"), **config)


def _unreachable_reason(url: str) -> str | None:
    if not url:
        return (
            f"no search engine node: set {ENGINE_URL_VARIABLE} (`make search-engine` and "
            "`make search-engine-es` start one each)"
        )
    try:
        backend = engine_backend(url)
    except ImproperlyConfigured as error:
        return str(error)
    try:
        client, timeout = backend.client_for(10)
        client.cluster.health(wait_for_status="yellow", timeout="5s", **timeout)
    except ENGINE_ERRORS as error:
        return f"search engine node at {url} is not reachable: {error}"
    return None


@pytest.fixture(scope="session")
def engine_nodes():
    """The nodes checked so far: URL → why it cannot be used (``None``: ready, indices made)."""
    nodes = {}
    yield nodes
    for url, reason in nodes.items():
        if reason is None:
            es = engine_backend(url).es
            # By name: Elasticsearch refuses to delete by wildcard (destructive_requires_name).
            names = list(es.indices.get(index=f"{ENGINE_INDEX_PREFIX}*", expand_wildcards="all"))
            if names:
                es.indices.delete(index=",".join(names))


def ready_engine(request, url: str) -> str:
    """``url`` once its node answers and has the test indices; else skip (fail in CI)."""
    nodes = request.getfixturevalue("engine_nodes")
    if url not in nodes:
        nodes[url] = _unreachable_reason(url)
        if nodes[url] is None:
            prepare_engine_indices(engine_backend(url))
    reason = nodes[url]
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI needs a search engine node: {reason}")
    if reason:
        pytest.skip(reason)
    return url


@pytest.fixture
def engine_url(request):
    """A search engine node's URL (one test run per node in SEARCH_TEST_ENGINE_URL)."""
    return ready_engine(request, request.param)


def use_engine(settings, url: str, **extra):
    """Make the engine at ``url`` the default backend (the database one stays as the fallback)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config(url, **extra),
        "database": search_backend_from_url(""),
    }


def prepare_engine_indices(backend):
    """Create the test indices with their mappings."""
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        if not index.exists():
            index.put()
        index.add_model(model)


def empty_engine_indices(backend):
    """Remove every document from the test indices (by id: ``_delete_by_query`` needs the
    reindex module, which a minimal Elasticsearch lacks)."""
    while True:
        hits = backend.es.search(
            index=f"{ENGINE_INDEX_PREFIX}*",
            body={"query": {"match_all": {}}, "size": 1000, "_source": False},
        )["hits"]["hits"]
        if not hits:
            return
        actions = [{"delete": {"_index": hit["_index"], "_id": hit["_id"]}} for hit in hits]
        backend.es.bulk(body=actions, refresh=True)


@pytest.fixture
def search_backend(request, settings):
    """``"database"`` or ``"engine"``: the default search backend for this test."""
    if request.param == "database":
        return "database"
    url = ready_engine(request, request.param)
    use_engine(settings, url)
    empty_engine_indices(get_search_backend())
    return "engine"
