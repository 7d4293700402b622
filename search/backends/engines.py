"""Wagtail's OpenSearch and Elasticsearch backends with the site's Chinese text analysis.

Configured by ``SEARCH_URL`` (``cms.settings.base.search_backend_from_url``):
``search.backends.engines.OpenSearchBackend`` or ``search.backends.engines.ElasticsearchBackend``.
The query compiler is in ``search.backends.engine_query``, the mapping and the analysis settings in
``search.backends.engine_mapping``.

Two ways to analyse Chinese, chosen by the backend parameter ``ANALYSIS``:

- ``"segmented"`` (the default, and the better one on ``bench/search_quality.py``): the index
  receives the text the database backend indexes — ``search.index`` fields segment it into
  normalised bigrams (traditional → simplified, full width → ASCII) — and every text field is
  analysed by whitespace only. Queries go through ``search.analysis`` as on the database backend:
  each word is a phrase of its tokens, all words must match; a single Han character matches any
  token starting with it.
- ``"cjk"``: the index receives raw text (``SEARCH_SEGMENTATION = False``) and the engine's own
  ``cjk`` analyzer (from the standard analysis-common module) cuts it into bigrams; each query word
  is a phrase. Traditional characters in the text are not normalised by the engine. Kept for
  ``bench/search_quality.py`` to compare; the site uses ``"segmented"`` (the database backend
  that search falls back to needs segmented text).

Titles weigh ``TITLE_WEIGHT`` times the body, as on the database backends. Searches time out after
``TIMEOUT`` seconds (2 by default, no retries) so that a slow node cannot hold a page; bulk
indexing and index creation get ``INDEXING_TIMEOUT``; ``REFRESH`` makes every write searchable
at once (tests). ``update_index`` builds a new index and
swaps the alias in one ``_aliases`` request (``AtomicRebuilder``), so searches never see a
half-built or doubled index.
"""

from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder
from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Index,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2SearchResults,
)
from modelsearch.index import class_is_indexed
from modelsearch.query import PlainText

from .engine_mapping import (
    ANALYSIS_SETTINGS,
    RELEVANCE_SORT,
    ChineseMappingMixin,
    core_analysis,
)
from .engine_query import ChineseQueryMixin
from .indexing import prefetch_related_fields
from .query import RELAX_BELOW, analyse

BM25_B = 0.5  # see ChineseBackendMixin.__init__
SEARCH_TIMEOUT = 2
INDEXING_TIMEOUT = 60


class TimedResultsMixin:
    """Searches and counts give up after the backend's search timeout; scores are kept when the
    results are sorted by a field (``annotate_score`` with ``order_by_relevance=False``)."""

    def _get_es_body(self, for_count=False):
        body = super()._get_es_body(for_count=for_count)
        if not for_count and "sort" not in body:  # by relevance: the newer page breaks ties
            body["sort"] = RELEVANCE_SORT
        if "sort" in body and self._score_field:
            body["track_scores"] = True
        return body

    def _do_count(self):
        body = self._get_es_body(for_count=True)
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model).name
        count = self.backend.es.count(index=index, body=body)["count"]
        count -= self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)


class AtomicRebuilder(ElasticsearchAtomicIndexRebuilder):
    """Point the alias at the new index and away from the old ones in one request."""

    def finish(self):
        self.index.refresh()
        es, timeout = self.index.backend.client_for(INDEXING_TIMEOUT)
        old = []
        if self.alias.is_alias():
            old = [index.name for index in self.alias.aliased_indices()]
        if not old:
            # First rebuild: an index (not an alias) may still hold the name.
            self.alias.delete()
        actions = [{"remove": {"index": name, "alias": self.alias.name}} for name in old]
        actions.append({"add": {"index": self.index.name, "alias": self.alias.name}})
        es.indices.update_aliases(body={"actions": actions}, **timeout)
        for name in old:
            if name != self.index.name:
                es.indices.delete(index=name, **timeout)


class ChineseIndexMixin:
    def add_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        self.es.index(
            index=self.name,
            body=mapping.get_document(item),
            id=mapping.get_document_id(item),
            **self.backend.write_options,
        )

    def delete_item(self, item):
        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        try:
            self.es.delete(
                index=self.name, id=mapping.get_document_id(item), **self.backend.write_options
            )
        except self.backend.NotFoundError:
            pass  # not indexed: nothing to delete

    def put(self):
        es, timeout = self.backend.client_for(INDEXING_TIMEOUT)
        es.indices.create(index=self.name, body=self.backend.settings, **timeout)

    def refresh(self):
        es, timeout = self.backend.client_for(INDEXING_TIMEOUT)
        es.indices.refresh(index=self.name, **timeout)


class ChineseBackendMixin:
    """Analysis settings, timeouts and query analysis shared by both engines."""

    atomic_rebuilder_class = AtomicRebuilder

    def __init__(self, params):
        params = dict(params)
        self.analysis = params.pop("ANALYSIS", "segmented")
        if self.analysis not in ANALYSIS_SETTINGS:
            raise ValueError(f"ANALYSIS must be one of {sorted(ANALYSIS_SETTINGS)}")
        # The client's own timeout: every search and count gives up after it.
        self.search_timeout = params.setdefault("TIMEOUT", SEARCH_TIMEOUT)
        self.bm25_b = float(params.pop("BM25_B", BM25_B))
        # REFRESH: writes are searchable when they return (tests; costly for bulk indexing).
        self.write_options = {"refresh": "true"} if params.pop("REFRESH", False) else {}
        options = params.setdefault("OPTIONS", {})
        options.setdefault("max_retries", 0)
        options.setdefault("retry_on_timeout", False)
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for key, value in ANALYSIS_SETTINGS[self.analysis].items():
            analysis.setdefault(key, {}).update(value)
        # Ranking: BM25 with less length normalisation than its default (b = 0.75). Chinese text
        # is indexed as overlapping bigrams, about one token per character, so a report of
        # 1,500 characters is a "long" document next to a one-line note; at 0.75 a note that
        # names a station once outranked a report about it (bench/search_quality.py: nDCG@10
        # 0.974 at 0.75, 0.975 at 0.5, the database backend's figure).
        index_settings = self.settings["settings"].setdefault("index", {})
        index_settings["similarity"] = {"default": {"type": "BM25", "b": self.bm25_b}}

    def add_bulk(self, model, obj_list):
        # Authors, tags, … for the whole batch in one query each (as the database backend does).
        prefetch_related_fields(model, obj_list)
        return super().add_bulk(model, obj_list)

    def client_for(self, seconds) -> tuple[object, dict]:
        """The client and the call arguments for requests given up after ``seconds`` instead of
        the search timeout (index creation, bulk writes): OpenSearch's client takes a
        ``request_timeout`` argument per call."""
        return self.es, {"request_timeout": seconds}

    def bulk(self, es, actions, **kwargs):
        es, timeout = self.client_for(INDEXING_TIMEOUT)
        return super().bulk(es, actions, **kwargs, **timeout, **self.write_options)

    def _analysed(self, query, *, autocomplete, operator):
        if self.analysis == "cjk":
            return PlainText(query, operator=operator or "and") if isinstance(query, str) else query
        return analyse(query, autocomplete=autocomplete, operator=operator)

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        analysed = self._analysed(query, autocomplete=False, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().search(analysed, model_or_queryset, fields=fields, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        analysed = self._analysed(query, autocomplete=True, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().autocomplete(analysed, model_or_queryset, fields=fields, **kwargs)

    def ranked_pks(self, query, queryset, *, limit: int, autocomplete=False) -> list:
        """The primary keys of the best ``limit`` matches in ``queryset``, best first.

        Only filters the engine indexes may be applied to ``queryset``; the caller narrows the
        result further in the database.
        """
        method = self.autocomplete if autocomplete else self.search
        results = method(query, queryset)
        if isinstance(results, EmptySearchResults):
            return []
        pks = self._best_pks(results.query_compiler, queryset.model, limit)
        # As on the database backend: a query whose words as written find few pages also looks
        # for its relaxed form (long words cut into dictionary words), listed after them.
        relaxed = getattr(results.query_compiler.query, "relaxed", None)
        if relaxed is not None and len(pks) < RELAX_BELOW:
            seen = set(pks)
            more = self._best_pks(
                self.search(relaxed, queryset).query_compiler, queryset.model, limit
            )
            pks += [pk for pk in more if pk not in seen][: limit - len(pks)]
        return pks

    def _best_pks(self, compiler, model, limit: int) -> list:
        return self._hits(compiler, model, start=0, size=limit, track=False)[0]

    def ranked_slice(self, query, queryset, *, start: int, size: int, track: int):
        """``(pks, total)``: the primary keys of matches ``start`` to ``start + size`` in
        ``queryset`` (filters the engine indexes only), best first, and how many match, counted
        up to ``track``. Returns ``None`` for a query that cannot match anything."""
        results = self.search(query, queryset)
        if isinstance(results, EmptySearchResults):
            return None
        return self._hits(
            results.query_compiler, queryset.model, start=start, size=size, track=track
        )

    def _hits(self, compiler, model, *, start: int, size: int, track) -> tuple[list, int]:
        body = {
            "query": compiler.get_query(),
            "from": start,
            "size": size,
            # Counting every match stops the engine from skipping the documents that cannot
            # make the top ``size`` (block-max WAND): count up to ``track`` at most.
            "track_total_hits": track,
            # Equally relevant pages: the newer first. A secondary sort, not a recency term in the
            # score: it changes no other order, and the engine still skips documents that cannot
            # make the page (the first sort key is the score).
            "sort": RELEVANCE_SORT,
            # Doc values: reading a stored field per hit costs ~3x as much at 1,000 hits.
            "_source": False,
            "stored_fields": "_none_",
            "docvalue_fields": ["pk"],
        }
        response = self.es.search(index=self.get_index_for_model(model).name, body=body)
        hits = response["hits"]
        total = hits.get("total", {}).get("value", 0) if track else 0
        return [int(hit["fields"]["pk"][0]) for hit in hits["hits"]], total


# --- OpenSearch ----------------------------------------------------------------------------------


class OpenSearchMapping(ChineseMappingMixin, OpenSearch2Mapping):
    pass


class OpenSearchIndex(ChineseIndexMixin, OpenSearch2Index):
    pass


class OpenSearchQueryCompiler(ChineseQueryMixin, OpenSearch2SearchQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchAutocompleteQueryCompiler(ChineseQueryMixin, OpenSearch2AutocompleteQueryCompiler):
    mapping_class = OpenSearchMapping
    autocomplete = True


class OpenSearchResults(TimedResultsMixin, OpenSearch2SearchResults):
    pass


class OpenSearchBackend(ChineseBackendMixin, OpenSearch2SearchBackend):
    mapping_class = OpenSearchMapping
    index_class = OpenSearchIndex
    query_compiler_class = OpenSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteQueryCompiler
    results_class = OpenSearchResults


# --- Elasticsearch 8 -----------------------------------------------------------------------------


class ElasticsearchMapping(ChineseMappingMixin, Elasticsearch8Mapping):
    pass


class ElasticsearchIndex(ChineseIndexMixin, Elasticsearch8Index):
    def exists(self):
        # modelsearch 1.3 passes the name positionally, which the 8.x client refuses.
        return bool(self.es.indices.exists(index=self.name))

    def add_model(self, model):
        mapping = self.mapping_class(model).get_mapping()
        if self.backend.analysis == "segmented":
            core_analysis(mapping["properties"])
        es, timeout = self.backend.client_for(INDEXING_TIMEOUT)
        es.indices.put_mapping(index=self.name, **mapping, **timeout)


class ElasticsearchQueryCompiler(ChineseQueryMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = ElasticsearchMapping


class ElasticsearchAutocompleteQueryCompiler(
    ChineseQueryMixin, Elasticsearch8AutocompleteQueryCompiler
):
    mapping_class = ElasticsearchMapping
    autocomplete = True


class ElasticsearchResults(TimedResultsMixin, Elasticsearch8SearchResults):
    pass


class ElasticsearchBackend(ChineseBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = ElasticsearchMapping
    index_class = ElasticsearchIndex
    query_compiler_class = ElasticsearchQueryCompiler
    autocomplete_query_compiler_class = ElasticsearchAutocompleteQueryCompiler
    results_class = ElasticsearchResults

    def __init__(self, params):
        super().__init__(params)
        if self.analysis == "segmented":
            # The mapping names the built-in analyzer (ElasticsearchIndex.add_model); the stock
            # n-gram analyzers would need the analysis-common module.
            self.settings["settings"]["analysis"] = {}

    def client_for(self, seconds):
        # The 8.x client takes transport options through ``options()`` (per call: deprecated).
        return self.es.options(request_timeout=seconds), {}


def is_engine(backend) -> bool:
    return isinstance(backend, ChineseBackendMixin)
