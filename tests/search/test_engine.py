"""The site with a search engine that is down, slow, or being rebuilt.

"Down" is a real address where no node answers: the URL for that engine in SEARCH_TEST_DOWN_URL
(a comma-separated list: CI stops the nodes it started and points this at them), else a free local
port. "Slow" is a real socket that accepts and never answers. Each runs with the OpenSearch and
with the Elasticsearch client. The rebuild and catch-up tests need a real node
(SEARCH_TEST_ENGINE_URL).
"""

import base64
import io
import logging
import os
import socket
import threading

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from cms.settings.base import search_backend_from_url
from search.views import search_pages
from tests.factories import NewsPageFactory, publish
from tests.search.conftest import empty_engine_indices, use_engine

pytestmark = pytest.mark.django_db
NOTICE = "全文检索服务暂时不可用"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ENGINES = ["opensearch", "elasticsearch"]


@pytest.fixture(params=ENGINES)
def down_url(request):
    for url in os.environ.get("SEARCH_TEST_DOWN_URL", "").split(","):
        if url.strip().startswith(f"{request.param}://"):
            return url.strip()
    return f"{request.param}://127.0.0.1:{_free_port()}"


@pytest.fixture(params=ENGINES)
def silent_url(request):
    """A node that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"{request.param}://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_search_falls_back_to_the_database_with_a_notice(client, seed, settings, down_url):
    use_engine(settings, down_url)
    response = client.get("/search/", {"q": "联络站"})
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTICE in html
    assert seed.title in html


def test_a_slow_engine_is_given_up_on(client, seed, settings, silent_url):
    use_engine(settings, silent_url)
    response = client.get("/search/", {"q": "联络站", "sort": "date"})
    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    assert seed.title in response.content.decode()


def test_suggestions_fall_back_too(client, seed, settings, down_url):
    use_engine(settings, down_url)
    response = client.get("/search/suggest/", {"q": "嵊州"})
    assert response.status_code == 200
    assert response.json()["suggestions"] == [{"title": seed.title, "url": seed.url}]


def test_the_notice_is_not_shown_on_the_database_backend(client, seed):
    assert NOTICE not in client.get("/search/", {"q": "联络站"}).content.decode()


def test_publishing_never_fails_because_indexing_failed(column, settings, down_url, caplog):
    use_engine(settings, down_url)
    with caplog.at_level(logging.ERROR, logger="modelsearch.index"):
        page = NewsPageFactory(parent=column, title="议政会通报")
        publish(page)
    assert Page.objects.get(pk=page.pk).live
    assert any("search backend" in record.getMessage() for record in caplog.records)
    assert [p.pk for p in search_pages("议政会", backend="database")] == [page.pk]


@pytest.mark.engine
def test_update_index_catches_up_after_the_engine_was_down(column, settings, down_url, engine_url):
    use_engine(settings, down_url)
    page = NewsPageFactory(parent=column, title="代表议政会")
    use_engine(settings, engine_url)
    empty_engine_indices(get_search_backend())
    assert list(search_pages("议政会")) == []
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    assert [p.pk for p in search_pages("议政会")] == [page.pk]


@pytest.mark.engine
def test_rebuilding_swaps_the_alias_in_one_step(seed, settings, engine_url):
    use_engine(settings, engine_url)
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    backend = get_search_backend()
    alias = backend.get_index_for_model(Page)
    assert alias.is_alias()
    (old,) = alias.aliased_indices()

    rebuilder = backend.rebuilder_class(alias)
    new = rebuilder.start()
    for model in get_indexed_models():  # every page type's mapping, as update_index does
        if backend.get_index_for_model(model).name == alias.name:
            new.add_model(model)
    # While the new index fills, searches still read the old one, and only it.
    assert [p.pk for p in search_pages("联络站")] == [seed.pk]
    new.add_items(type(seed), [seed])
    assert [index.name for index in alias.aliased_indices()] == [old.name]

    rebuilder.finish()
    assert [index.name for index in alias.aliased_indices()] == [new.name]
    assert not backend.es.indices.exists(index=old.name)
    assert [p.pk for p in search_pages("联络站")] == [seed.pk]


def test_an_elasticsearch_url_builds_a_client_with_its_tls_and_credentials():
    # Production Elasticsearch keeps security on: TLS and credentials come from SEARCH_URL.
    config = search_backend_from_url("elasticsearch+https://reader:p%40ss@es.internal:9243")
    backend = get_search_backend(config.pop("BACKEND"), **config)
    (node,) = backend.es.transport.node_pool.all()
    address = (node.config.scheme, node.config.host, node.config.port)
    assert address == ("https", "es.internal", 9243)
    assert node.config.verify_certs
    expected = base64.b64encode(b"reader:p@ss").decode()
    assert backend.es._headers["authorization"] == f"Basic {expected}"


@pytest.mark.engine
def test_the_index_has_the_sites_analysis_phrases_and_ranking(seed, settings, engine_url):
    use_engine(settings, engine_url)
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    backend = get_search_backend()
    (index,) = backend.get_index_for_model(Page).aliased_indices()
    index_settings = backend.es.indices.get_settings(index=index.name)[index.name]["settings"]
    similarity = index_settings["index"]["similarity"]["default"]
    assert similarity["type"] == "BM25"
    assert float(similarity["b"]) == 0.5
    mapping = backend.es.indices.get_mapping(index=index.name)[index.name]["mappings"]
    all_text = mapping["properties"]["_all_text"]
    assert all_text["index_phrases"] is True
    if "analysis" in index_settings["index"]:  # OpenSearch: the index's own whitespace analyzer
        analyzer = index_settings["index"]["analysis"]["analyzer"]["default"]
        assert analyzer["tokenizer"] == "whitespace"
    else:  # Elasticsearch's minimal distribution: the built-in one, named in the mapping
        assert all_text["analyzer"] == "whitespace"
