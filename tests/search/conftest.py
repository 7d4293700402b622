import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from cms.settings.base import search_backend_from_url
from news.legacy import read_legacy_file
from news.models import NewsPage
from news.services import import_legacy_article
from search.engine import ENGINE_ERRORS
from tests.factories import NewsIndexPageFactory

SEED = (
    Path(settings.BASE_DIR)
    / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
)


@pytest.fixture
def seed(home_page, site_settings):
    """The seed article, imported and published as the legacy importer does it."""
    page = import_legacy_article(article=read_legacy_file(SEED), home=home_page).page
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def column(home_page, site_settings):
    return NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")


# --- Search backends -----------------------------------------------------------------------------
# Modules that use the ``search_backend`` fixture (``pytestmark``) run each test on the database
# backend and on a real search engine node (SEARCH_TEST_ENGINE_URL, e.g. opensearch://127.0.0.1:9250
# from `make search-engine`). Without a reachable node the engine runs are skipped with the reason;
# in CI (CI=true) they fail instead. ``@pytest.mark.database_only`` keeps a test off the engine.

ENGINE_URL_VARIABLE = "SEARCH_TEST_ENGINE_URL"
# One prefix per test process, so that parallel runs (SQLite, PostgreSQL) do not share indices.
ENGINE_INDEX_PREFIX = f"test{os.getpid()}_"


def pytest_generate_tests(metafunc):
    if "search_backend" not in metafunc.fixturenames:
        return
    params = ["database"]
    if not metafunc.definition.get_closest_marker("database_only"):
        params.append(pytest.param("engine", marks=pytest.mark.engine))
    metafunc.parametrize("search_backend", params, indirect=True)


def engine_config(url: str, **extra) -> dict:
    config = search_backend_from_url(url, index_prefix=ENGINE_INDEX_PREFIX)
    config.update(REFRESH=True, **extra)
    return config


def engine_backend(url: str, **extra):
    config = engine_config(url, **extra)
    return get_search_backend(config.pop("BACKEND"), **config)


def _unreachable_reason(url: str) -> str | None:
    if not url:
        return f"no search engine node: set {ENGINE_URL_VARIABLE} (`make search-engine` starts one)"
    try:
        backend = engine_backend(url)
    except ImproperlyConfigured as error:
        return str(error)
    try:
        backend.es.cluster.health(wait_for_status="yellow", timeout="5s", request_timeout=10)
    except ENGINE_ERRORS as error:
        return f"search engine node at {url} is not reachable: {error}"
    return None


@pytest.fixture(scope="session")
def engine_url():
    url = os.environ.get(ENGINE_URL_VARIABLE, "")
    reason = _unreachable_reason(url)
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI needs a search engine node: {reason}")
    if reason:
        pytest.skip(reason)
    prepare_engine_indices(engine_backend(url))
    yield url
    engine_backend(url).es.indices.delete(index=f"{ENGINE_INDEX_PREFIX}*", expand_wildcards="all")


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
    """Remove every document from the test indices."""
    backend.es.delete_by_query(
        index=f"{ENGINE_INDEX_PREFIX}*",
        body={"query": {"match_all": {}}},
        refresh=True,
        conflicts="proceed",
    )


@pytest.fixture
def search_backend(request, settings):
    """``"database"`` or ``"engine"``: the default search backend for this test."""
    if request.param == "engine":
        url = request.getfixturevalue("engine_url")
        use_engine(settings, url)
        empty_engine_indices(get_search_backend())
    return request.param
