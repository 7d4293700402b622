"""Wagtail's database search backend with Chinese text analysis on the query side.

The index side is done by the fields in ``search.index``: their values are segmented text. Here
``search()`` and ``autocomplete()`` run every query — from the site's search page, the admin or the
API, which call the backend directly — through the same analysis (``search.analysis``) before
compiling it, for SQLite (FTS5) and PostgreSQL:

- each query word becomes a phrase of its tokens (FTS5 ``"联络 络站"``, PostgreSQL
  ``'联络' <-> '络站'``) and all words must match;
- one statement per page of results: the full-text query drives (FTS5 ``MATCH`` joined to the
  index entries by row id; on PostgreSQL a condition the GIN indexes answer or, for a query its
  statistics say is common, the newest entries read in order: ``LexemeStatistics``), newest
  first; the caller's queryset is checked per match (a correlated ``EXISTS``) and the database
  stops after ``SEARCH_MAX_MATCHES`` (500) + 1 matches (see ``_RankedSearchMixin``);
- SQLite ranks with one column-weighted ``bm25()`` (title ten times the body), PostgreSQL with
  ``10·ts_rank(title) + ts_rank(body)``. Wagtail's
  stock SQLite expression multiplies whole-row scores per term, which flips the sign when several
  terms are combined (the best page came last);
- indexing reads each field once per object (the stock indexers read it once per index column)
  and prefetches related objects per batch;
- ``fields=[...]`` searches the segmented title (``["title"]``) or the whole entry; PostgreSQL's
  stock behaviour would read the raw model columns, which are not segmented.

Configure with ``{"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}``.
"""

import math
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchQuery as PostgresSearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import EmptySearchResults, SearchFieldError
from modelsearch.index import RelatedFields
from modelsearch.query import (
    And,
    Boost,
    Fuzzy,
    MatchAll,
    Not,
    Or,
    Phrase,
    PlainText,
)
from modelsearch.query import (
    SearchQuery as BaseQuery,
)
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .analysis import Term, phrase_term, query_terms, relaxed_query_terms
from .index import analysed_value

TITLE_WEIGHT = 10.0
# A query looks at its newest MAX_MATCHES matches (by index order) at most; beyond that, the count
# reads MAX_MATCHES + 1, "more than MAX_MATCHES". Settings: SEARCH_MAX_MATCHES.
MAX_MATCHES = 500
# A query with fewer matches than this also looks for its relaxed form (see Terms.relaxed).
RELAX_BELOW = 10
FTS_COLUMNS = ("autocomplete", "body", "title")  # as created by modelsearch's migration
INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class Terms(BaseQuery):
    """Analysed query words, all of which must match. ``relaxed``: the same query with its long
    Chinese words cut into dictionary words (``search.analysis.relaxed_query_terms``), tried
    when the words as written find few pages."""

    def __init__(self, terms: list[Term], relaxed: "Terms | None" = None):
        self.terms = terms
        self.relaxed = relaxed

    def __repr__(self):
        return f"<Terms {self.terms!r}>"


def analyse(query, *, autocomplete=False, operator=None):
    """Rewrite a query (a string or a modelsearch query tree) into analysed ``Terms``.

    Returns ``None`` when nothing searchable is left (only punctuation, emoji, …).
    """
    if isinstance(query, str):
        query = PlainText(query, operator=operator or "and")
    if isinstance(query, MatchAll | Terms):  # Terms: analysed already (e.g. a relaxed query)
        return query
    if isinstance(query, PlainText | Fuzzy):
        terms = query_terms(query.query_string, autocomplete=autocomplete)
        if not terms:
            return None
        if getattr(query, "operator", "and").lower() == "or" and len(terms) > 1:
            return Or([Terms([term]) for term in terms])
        relaxed = None if autocomplete else relaxed_query_terms(query.query_string)
        return Terms(terms, relaxed=Terms(relaxed) if relaxed else None)
    if isinstance(query, Phrase):
        term = phrase_term(query.query_string)
        return Terms([term]) if term else None
    if isinstance(query, Boost):
        return analyse(query.subquery, autocomplete=autocomplete)
    if isinstance(query, Not):
        inner = analyse(query.subquery, autocomplete=autocomplete)
        if isinstance(inner, Not):  # not not: the query itself (e.g. Not(MATCH_NONE))
            return inner.subquery
        return Not(inner) if inner is not None else None
    if isinstance(query, And | Or):
        parts = [analyse(sub, autocomplete=autocomplete) for sub in query.subqueries]
        parts = [part for part in parts if part is not None]
        # Everything and nothing (MATCH_ALL, MATCH_NONE = Not(MATCH_ALL)) decide or drop out:
        # the compilers only take them as the whole query.
        everything = [isinstance(part, MatchAll) for part in parts]
        nothing = [isinstance(part, Not) and isinstance(part.subquery, MatchAll) for part in parts]
        absorbing, neutral = (
            (nothing, everything) if isinstance(query, And) else (everything, nothing)
        )
        if any(absorbing):
            return parts[absorbing.index(True)]
        if parts and all(neutral):
            return parts[0]
        parts = [part for part, drop in zip(parts, neutral, strict=True) if not drop]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    raise NotImplementedError(f"{type(query).__name__} queries are not supported.")


def _columns(fields):
    """The index columns a ``fields=`` restriction maps to (the index holds no other columns)."""
    if fields and set(fields) == {"title"}:
        return ["title"]
    return None


# --- SQLite --------------------------------------------------------------------------------------


def fts5_expression(query) -> str:
    """An FTS5 MATCH expression. Tokens are only Han characters, a-z and 0-9: no quoting issues."""
    if isinstance(query, Terms):
        phrases = [
            '"' + " ".join(term.tokens) + '"' + (" *" if term.prefix else "")
            for term in query.terms
        ]
        return " AND ".join(phrases)
    if isinstance(query, And):
        positive = [fts5_expression(q) for q in query.subqueries if not isinstance(q, Not)]
        negative = [fts5_expression(q.subquery) for q in query.subqueries if isinstance(q, Not)]
        if not positive:
            raise NotImplementedError("A query of only negated terms is not supported.")
        expression = " AND ".join(f"({part})" for part in positive)
        if negative:
            expression = f"({expression}) NOT ({' OR '.join(f'({n})' for n in negative)})"
        return expression
    if isinstance(query, Or):
        return " OR ".join(f"({fts5_expression(q)})" for q in query.subqueries)
    raise NotImplementedError(f"{type(query).__name__} inside a query is not supported.")


def title_hit_sql(query, column) -> tuple[str, list]:
    """An SQL condition: ``query`` matches the segmented text in ``column`` (a title: short, so
    a substring test per phrase is cheap), and its parameters."""
    if isinstance(query, Terms):
        parts, params = [], []
        for term in query.terms:
            parts.append(f"instr(' ' || {column} || ' ', %s) > 0")
            params.append(" " + " ".join(term.tokens) + ("" if term.prefix else " "))
        return "(" + " AND ".join(parts) + ")", params
    if isinstance(query, Not):
        sql, params = title_hit_sql(query.subquery, column)
        return f"NOT {sql}", params
    if isinstance(query, And | Or):
        joiner = " AND " if isinstance(query, And) else " OR "
        parts, params = [], []
        for sub in query.subqueries:
            sql, sub_params = title_hit_sql(sub, column)
            parts.append(sql)
            params.extend(sub_params)
        return "(" + joiner.join(parts) + ")", params
    raise NotImplementedError(f"{type(query).__name__} inside a query is not supported.")


def positive_phrases(query) -> list[Term]:
    """The query's words that count towards a match (those under a negation do not)."""
    if isinstance(query, Terms):
        return list(query.terms)
    if isinstance(query, And | Or):
        return [term for sub in query.subqueries for term in positive_phrases(sub)]
    return []


def title_share_sql(query, column, *, holds) -> tuple[str, list]:
    """An SQL expression: the share (0–1) of the query's words that the title holds, each word
    tested by ``holds(column)`` (SQL with one parameter, the word's phrase); and its params.

    Ranking counts the title this way (times ``TITLE_WEIGHT``), the text by the database's
    ranking function: a title is a hit or not whatever its length. (FTS5's bm25() normalises by
    the length of the whole row and ts_rank varied with the title's words: 17 stations named
    …人大代表联络站, whose text only names their township, ranked a report about 联络站 19th of
    24 on the demo.)"""
    terms = list(dict.fromkeys(positive_phrases(query)))
    if not terms:
        return "0.0", []
    parts = [f"(CASE WHEN {holds(column)} THEN 1.0 ELSE 0.0 END)" for _term in terms]
    return f"(({' + '.join(parts)}) / {float(len(terms))})", [Terms([t]) for t in terms]


class _RankedSearchMixin:
    """Search, ranking and counting shared by the SQLite and PostgreSQL compilers.

    Subclasses provide ``_match(query, score=..., limit=...)``: SQL selecting ``(rid,
    object_id, score)`` of the matching index entries, and its parameters; with ``limit``, the
    newest ``limit`` entries whose object is in the caller's queryset (checked per entry by a
    correlated ``EXISTS``). ``score`` is ``None``, ``"title"`` (1 where the title matches, 0
    elsewhere: cheap) or ``"rank"`` (the database's ranking function, title weighted).

    The bound is what keeps a query fast however many pages match: the database stops reading
    matches once it has enough (checking a phrase is the costly part: it reads the positions of
    every candidate). Up to the bound, ranking and the count are exact; past it, the count reads
    ``max_matches() + 1`` ("more than …") and only the newest matches are ranked.
    """

    def check(self):
        """Only that each of ``fields`` is a searchable field of the model (a mistyped name is
        an error, not an empty result). The caller's queryset, any filter and any ordering, is
        applied by the database itself: the stock check also insists on ``FilterField``s, which
        only a search engine needs."""
        if not self.fields:
            return
        allowed = {field.field_name for field in self.get_search_fields_for_model()}
        for name in self.fields:
            if name not in allowed:
                raise SearchFieldError(
                    f'Cannot search with field "{name}": {self.queryset.model.__name__} has no '
                    "such search field.",
                    field_name=name,
                )

    def get_search_fields_for_model(self):
        return self.queryset.model.get_searchable_search_fields()

    def _within(self, object_id: str) -> tuple[str, list]:
        """The caller's queryset as a condition on one index entry's ``object_id`` expression
        (compiled once per search: the count and each page of results share it)."""
        cached = self.__dict__.setdefault("_within_sql", {})
        if object_id not in cached:
            cached[object_id] = self._compile_within(object_id)
        return cached[object_id]

    def _compile_within(self, object_id: str) -> tuple[str, list]:
        inner = (
            self.queryset.order_by()
            .filter(pk=RawSQL(object_id, []))  # noqa: S611 — our own column reference
            .values("pk")
        )
        sql, params = inner.query.sql_with_params()
        return f"EXISTS ({sql})", list(params)

    def _bounded_rows(self, query) -> list[tuple]:
        """``(rid, object_id, title_hit)`` of the newest ``max_matches() + 1`` matches."""
        try:
            sql, params = self._match(query, score="title", limit=max_matches() + 1)
        except EmptyResultSet:  # the caller's queryset is empty
            return []
        return self._fetch(f"SELECT rid, object_id, score FROM ({sql}) AS m", params)

    def _fetch(self, sql, params):
        return _fetch(sql, params)

    def _candidates(self, query) -> tuple[list, list]:
        """The bounded matches of ``query`` and, when they are fewer than ``RELAX_BELOW``, the
        further matches of its relaxed form (``Terms.relaxed``: its words cut into dictionary
        words). Computed once per search: the count and each page of results share them."""
        cached = self.__dict__.get("_candidates_of")
        if cached is not None and cached[0] is query:
            return cached[1]
        strict = self._bounded_rows(query)
        extra = []
        relaxed = getattr(query, "relaxed", None)
        if relaxed is not None and len(strict) < RELAX_BELOW:
            seen = {row[0] for row in strict}
            extra = [row for row in self._bounded_rows(relaxed) if row[0] not in seen]
        self._candidates_of = (query, (strict, extra))
        return strict, extra

    def _matching(self, query):
        """The caller's queryset restricted to the (bounded) matches, not ranked."""
        strict, extra = self._candidates(query)
        return self.queryset.filter(pk__in=[row[1] for row in strict + extra])

    def _ordered(self, query, rows) -> list[tuple]:
        """``rows`` best first: ranked exactly up to the bound (the databases' ranking functions
        read the positions of every match, and SQLite's bm25() counts the matches of each phrase
        in the whole index: affordable for a bounded number of matches only); past it, title
        matches first, then the newest."""
        if len(rows) > max_matches():
            return sorted(rows, key=lambda row: (row[2], row[0]), reverse=True)
        if not rows:
            return []
        sql, params = self._match(query, score="rank", limit=max_matches() + 1)
        wanted = {row[0] for row in rows}
        ranked = self._fetch(
            f"SELECT rid, object_id, score FROM ({sql}) AS m ORDER BY score DESC, rid DESC", params
        )
        return [row for row in ranked if row[0] in wanted]

    def _ranked(self, query, start, stop, score_field):
        """One page of matches, best first: the query's own matches, then those only its relaxed
        form found (see ``_candidates``). The count is cached for ``count()``."""
        strict, extra = self._candidates(query)
        self._total = min(len(strict) + len(extra), max_matches() + 1)
        start = start or 0
        stop = self._total if stop is None else min(stop, self._total)
        if start >= stop:
            return self.queryset.none()
        rows = self._ordered(query, strict)
        if len(rows) < stop and extra:
            rows += self._ordered(query.relaxed, extra)
        rows = rows[start:stop]
        if not rows:
            return self.queryset.none()
        # The results class puts the loaded objects in this order (sorting in Python: ordering
        # by a CASE over the primary keys cost more to compile than the search itself).
        self._ranking = {
            pk: (number, float(score or 0.0)) for number, (_rid, pk, score) in enumerate(rows)
        }
        return self._load(list(self._ranking))

    def _load(self, pks):
        """The caller's queryset reduced to ``pks``, which were already checked against its
        filters: without re-running them (they can be costly sub-queries) when nothing else in
        the query depends on them."""
        query = self.queryset.query
        if (
            query.annotations
            or query.extra
            or query.distinct
            or query.combinator
            or query.values_select
            or query.group_by
        ):
            return self.queryset.filter(pk__in=pks)
        queryset = self.queryset.all()
        fresh = self.queryset.model._base_manager.filter(pk__in=pks).query
        fresh.select_related = query.select_related
        fresh.deferred_loading = query.deferred_loading
        queryset.query = fresh
        return queryset

    def _search(self, start, stop, score_field=None):
        query = self.query
        if isinstance(query, MatchAll):
            return self.queryset[start:stop]
        negated = isinstance(query, Not)
        if negated:
            query = query.subquery
            if isinstance(query, MatchAll):
                return self.queryset.none()
        if negated:
            sql, params = self._match(query)
            ids = RawSQL(f"SELECT object_id FROM ({sql}) AS m", params)  # noqa: S611
            queryset = self.queryset.exclude(pk__in=ids)
        elif self.order_by_relevance:
            return self._ranked(query, start, stop, score_field or "_score")
        else:
            queryset = self._matching(query)
            if score_field is not None:
                queryset = self._annotate_scores(queryset, query, score_field)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def _annotate_scores(self, queryset, query, score_field):
        """Scores for results in another order (e.g. by date): looked up per result."""
        sql, params = self._match(query, score="rank")
        pk = queryset.model._meta.pk.column
        table = queryset.model._meta.db_table
        score = RawSQL(
            f"SELECT score FROM ({sql}) AS m WHERE object_id = {table}.{pk}",  # noqa: S611
            params,
            output_field=FloatField(),
        )
        return queryset.annotate(**{score_field: score})

    def _count(self):
        if getattr(self, "_total", None) is not None:
            return self._total
        query = self.query
        if isinstance(query, MatchAll):
            return self.queryset.count()
        if isinstance(query, Not):
            return self._search(None, None).count()
        strict, extra = self._candidates(query)
        return min(len(strict) + len(extra), max_matches() + 1)

    def count(self):
        return self._count()


@lru_cache(maxsize=1)
def _sqlite_classes():
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer as SQLiteObjectIndexer

    class ChineseSQLiteQueryCompiler(_RankedSearchMixin, SQLiteSearchQueryCompiler):
        FTS_TABLE_FIELDS = ["title", "body"]
        RANK = {"body": 1.0, "title": TITLE_WEIGHT}

        NO_LIMIT = "LIMIT -1"

        def _match(self, query, *, score=None, limit=None) -> tuple[str, list]:
            """SQL selecting ``(rid, object_id, score)`` of the matching index entries, and its
            parameters: one FTS5 query joined to the index entries by row id, scored with one
            column-weighted bm25(). With ``limit``: the newest ``limit`` entries whose object
            is in the caller's queryset (FTS5 reads its matches in row id order and stops)."""
            columns = _columns(self.fields) or self.FTS_TABLE_FIELDS
            expression = "{" + " ".join(columns) + "} : (" + fts5_expression(query) + ")"
            content_types = get_descendants_content_types_pks(self.queryset.model)
            weights = ", ".join(str(float(self.RANK.get(c, 0.0))) for c in FTS_COLUMNS)
            object_id = "e.object_id"
            if _integer_pk(self.queryset.model):
                object_id = "CAST(e.object_id AS INTEGER)"
            fts = SQLiteFTSIndexEntry._meta.db_table
            entries = IndexEntry._meta.db_table
            score_params = []
            if score == "rank" and self.RANK.get("title") and "body" in columns:
                # The title's share of the query's words (``title_share_sql``) and bm25() over
                # the body alone; the same as the PostgreSQL and engine rankings.
                share, phrases = title_share_sql(
                    query, "e.title", holds=lambda c: f"instr(' ' || {c} || ' ', %s) > 0"
                )
                score_params = [title_hit_sql(p, "e.title")[1][0] for p in phrases]
                body = ", ".join("1.0" if c == "body" else "0.0" for c in FTS_COLUMNS)
                score = f"{float(self.RANK['title'])} * {share} - bm25({fts}, {body})"
            elif score == "rank":
                score = f"-bm25({fts}, {weights})"
            elif score == "title":
                hit, score_params = title_hit_sql(query, "e.title")
                score = f"CASE WHEN {hit} THEN 1.0 ELSE 0.0 END"
            else:
                score = "NULL"
            sql = (
                f"SELECT {fts}.rowid AS rid, {object_id} AS object_id, {score} AS score "
                f"FROM {fts} JOIN {entries} AS e ON e.id = {fts}.rowid "
                f"WHERE {fts} MATCH %s "
                f"AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
            )
            params = [*score_params, expression, *content_types]
            if limit is not None:
                within, within_params = self._within(object_id)
                sql += f" AND {within} ORDER BY {fts}.rowid DESC LIMIT {int(limit)}"
                params.extend(within_params)
            return sql, params

        def search(self, config, start, stop, score_field=None):
            return self._search(start, stop, score_field)

    class ChineseSQLiteAutocompleteCompiler(ChineseSQLiteQueryCompiler):
        FTS_TABLE_FIELDS = ["autocomplete"]
        RANK = {"autocomplete": 1.0, "body": 0.0, "title": 0.0}
        TARGET_SEARCH_FIELD_TYPE = SQLiteAutocompleteQueryCompiler.TARGET_SEARCH_FIELD_TYPE

        def get_config(self, backend):
            return backend.autocomplete_config

        def get_search_fields_for_model(self):
            return self.queryset.model.get_autocomplete_search_fields()

    class Indexer(_OnePassMixin, SQLiteObjectIndexer):
        pass

    class ChineseSQLiteIndex(SQLiteIndex):
        def add_items(self, model, objs):
            """Stock ``add_items`` with each field read once (not once per index column) and no
            title-norm refresh per batch (this backend's ranking does not use the norms)."""
            if not model.get_search_fields():
                return
            objs = list(objs)
            _prefetch_related_fields(model, objs)
            rows = {}
            for obj in objs:
                indexer = Indexer(obj, self.backend)
                rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
            if not rows:
                return
            content_type_pk = get_content_type_pk(model)
            entries = self.entries.filter(content_type_id=content_type_pk)
            indexed = set(entries.filter(object_id__in=rows).values_list("object_id", flat=True))
            for object_id in indexed:
                title, autocomplete, body = rows[object_id]
                entries.filter(object_id=object_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                [
                    IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                    for object_id, (title, autocomplete, body) in rows.items()
                    if object_id not in indexed
                ]
            )

    class ChineseSQLiteSearchResults(_RankedResultsMixin, SQLiteSearchResults):
        def _do_count(self):
            # Counting needs no ranking: the caller's queryset filtered by the FTS matches.
            count = self.query_compiler.count()
            count = max(count - self.start, 0)
            return count if self.stop is None else min(count, self.stop - self.start)

    class ChineseSQLiteSearchBackend(_AnalysingMixin, SQLiteSearchBackend):
        query_compiler_class = ChineseSQLiteQueryCompiler
        results_class = ChineseSQLiteSearchResults
        index_class = ChineseSQLiteIndex
        autocomplete_query_compiler_class = ChineseSQLiteAutocompleteCompiler

    return ChineseSQLiteSearchBackend


class _RankedResultsMixin:
    """Results in the order ``_RankedSearchMixin._ranked`` found them, with their scores."""

    def _do_search(self):
        compiler = self.query_compiler
        compiler._ranking = None
        objs = super()._do_search()
        ranking = compiler._ranking
        if ranking:
            objs.sort(key=lambda obj: ranking[obj.pk][0])
            if self._score_field:
                for obj in objs:
                    setattr(obj, self._score_field, ranking[obj.pk][1])
        return objs


class _OnePassMixin:
    """An ``ObjectIndexer`` that reads each search field of the object once: the stock indexers
    read every field again for each index column (title, body, autocomplete, …)."""

    def prepare_field(self, obj, field):
        if obj is not self.obj:
            yield from self._analysed(obj, field)
            return
        cache = self.__dict__.setdefault("_prepared", {})
        if id(field) not in cache:
            cache[id(field)] = list(self._analysed(obj, field))
        yield from cache[id(field)]

    def _analysed(self, obj, field):
        """The stock items (``(field, [weight,] value)``) with every text value analysed
        (``search.index.analysed_value``). ``RelatedFields`` yield their sub-fields' items,
        analysed already by the recursive call."""
        for item in super().prepare_field(obj, field):
            if isinstance(field, RelatedFields):
                yield item
            else:
                yield (*item[:-1], analysed_value(item[0], item[-1]))


def _integer_pk(model) -> bool:
    """Whether ``model``'s primary key is an integer (the index stores object ids as text)."""
    field = model._meta.pk
    while field.is_relation:  # multi-table inheritance: page_ptr → Page.id
        field = field.target_field
    return field.get_internal_type() in INTEGER_FIELDS


def _prefetch_related_fields(model, objs):
    """Load the related objects ``RelatedFields`` index (authors, tags, …) for a whole batch in
    one query each, instead of one query per object and field. Only for batches (bulk
    indexing): a single object saved by an editor is left as it is."""
    from django.db.models import prefetch_related_objects

    if len(objs) < 2:
        return
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields):
            try:
                prefetch_related_objects(objs, field.field_name)
            except (AttributeError, ValueError, TypeError):
                pass  # not a relation (a method or property): read per object as before


def max_matches() -> int:
    return getattr(settings, "SEARCH_MAX_MATCHES", MAX_MATCHES)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- PostgreSQL ----------------------------------------------------------------------------------

# A query whose matches are estimated to be at least this share of the index reads the newest
# entries in order and checks each (see ``_match``); rarer ones start from the GIN indexes.
ORDERED_SHARE = 0.3
# The ordered read looks at most this many times the entries the estimate says it needs.
ORDERED_WINDOW = 2
STATS_SECONDS = 600  # how long a process keeps the lexeme statistics


class LexemeStatistics:
    """How common each token is in the index, from PostgreSQL's own statistics (``ANALYZE`` keeps
    the most common elements of a tsvector column with the share of rows containing each, in
    ``pg_stats``). Read once per ``STATS_SECONDS`` per process.

    The planner's estimate multiplies its tokens' shares as if they were independent, but a
    word's bigrams occur together (面对 对面 面议 议政 all come from 面对面议政): it thought
    4,300 of 20,000 entries matched where 13,600 did, and read the whole table. Here a phrase is
    estimated by its rarest token (an upper bound), a query by the product over its words."""

    def __init__(self):
        self.loaded_at = None
        self.rows = 0.0
        self.columns = {}

    def _load(self):
        from modelsearch.backends.database.postgres.postgres import IndexEntry

        table = IndexEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.attname, s.most_common_elems::text::text[], s.most_common_elem_freqs, "
                "c.reltuples FROM pg_class AS c LEFT JOIN pg_stats AS s ON s.tablename = c.relname "
                "AND s.schemaname = current_schema() WHERE c.relname = %s "
                "AND c.relnamespace = current_schema()::regnamespace",
                [table],
            )
            rows = cursor.fetchall()
        self.columns, self.rows = {}, 0.0
        for column, elements, frequencies, reltuples in rows:
            self.rows = max(float(reltuples or 0), 0.0)
            if column and elements and frequencies:
                # (The frequencies end with three more numbers: minimum, maximum, nulls.)
                self.columns[column] = dict(zip(elements, frequencies, strict=False))
        self.loaded_at = time.monotonic()

    def refresh(self):
        if self.loaded_at is None or time.monotonic() - self.loaded_at > STATS_SECONDS:
            self._load()

    def share(self, query, columns) -> float | None:
        """The estimated share of index entries matching ``query`` in any of ``columns``, or
        ``None`` when there are no statistics (a small or never analysed table)."""
        self.refresh()
        known = [self.columns[column] for column in columns if column in self.columns]
        if not known or not self.rows:
            return None
        return self._share(query, known)

    def _token(self, token, known) -> float:
        # A token missing from the list is rarer than the rarest listed one: by how much is
        # unknown, so it counts as rare. Reading from the indexes costs a common query tens of
        # milliseconds; reading in order costs a rare one a scan of the whole window.
        return min(1.0, sum(shares.get(token, 0.0) for shares in known))

    def _share(self, query, known) -> float:
        if isinstance(query, Terms):
            share = 1.0
            for term in query.terms:
                tokens = term.tokens[:-1] if term.prefix and len(term.tokens) > 1 else term.tokens
                if term.prefix and len(term.tokens) == 1:
                    continue  # a one-character prefix: could be anything
                share *= min(self._token(token, known) for token in tokens)
            return share
        if isinstance(query, And):
            share = 1.0
            for sub in query.subqueries:
                share *= self._share(sub, known)
            return share
        if isinstance(query, Or):
            return min(1.0, sum(self._share(sub, known) for sub in query.subqueries))
        return 1.0  # Not: the rest of the query decides


lexeme_statistics = LexemeStatistics()


# Sequential scans off for one query (see ChinesePostgresQueryCompiler._fetch), and back as before.
SEQSCAN_OFF = (
    "SELECT set_config('cms.previous_enable_seqscan', current_setting('enable_seqscan'), true), "
    "set_config('enable_seqscan', 'off', true)"
)
SEQSCAN_BACK = (
    "SELECT set_config('enable_seqscan', current_setting('cms.previous_enable_seqscan'), true)"
)

# Bulk indexing on PostgreSQL writes this many rows per statement (see ChinesePostgresIndex).
INDEX_STATEMENT_ROWS = 50


def _vector_sql(texts, config) -> tuple[str, list]:
    """SQL building one index column's tsvector from ``(weight, text)`` runs, and its parameters.
    Weights are one letter A-D (modelsearch's ``get_weight``)."""
    if not texts:
        return "''::tsvector", []
    parts, params = [], []
    for weight, text in texts:
        if weight not in "ABCD" or len(weight) != 1:
            raise ValueError(f"Not a tsvector weight: {weight!r}")
        if config:
            parts.append(f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')")
            params.extend((config, text))
        else:
            parts.append(f"setweight(to_tsvector(%s), '{weight}')")
            params.append(text)
    return " || ".join(parts), params


def _execute_raw(raw_connection, sql, params):
    """Run a statement on a psycopg connection directly (from a writer thread: Django's
    connection objects belong to the thread that opened them)."""
    with raw_connection.cursor() as cursor:
        cursor.execute(sql, params)


def tsquery_expression(query, *, loose=False) -> str:
    """A raw tsquery. Tokens are only Han characters, a-z and 0-9: no quoting issues. ``loose``:
    a phrase's tokens anywhere (``&``) instead of adjacent (``<->``), without a final prefix
    when the phrase has other tokens (a prefix such as 年:* reads the GIN entries of every token
    it starts, which made PostgreSQL prefer reading the whole table)."""
    if isinstance(query, Terms):
        phrases = []
        for term in query.terms:
            lexemes = [f"'{token}'" for token in term.tokens]
            if term.prefix and loose and len(lexemes) > 1:
                lexemes.pop()
            elif term.prefix:
                lexemes[-1] += ":*"
            phrases.append("(" + (" & " if loose else " <-> ").join(lexemes) + ")")
        return " & ".join(phrases)
    if isinstance(query, Not):
        return f"!({tsquery_expression(query.subquery)})"
    if isinstance(query, And):
        return " & ".join(f"({tsquery_expression(q)})" for q in query.subqueries)
    if isinstance(query, Or):
        return " | ".join(f"({tsquery_expression(q)})" for q in query.subqueries)
    raise NotImplementedError(f"{type(query).__name__} inside a query is not supported.")


def tsquery_condition(query, columns, *, alias="e", loose=False) -> tuple[str, list]:
    """A WHERE condition matching ``query`` in any of ``columns`` (tsvector columns of the index
    entry ``alias``) that PostgreSQL can answer from the columns' GIN indexes: each phrase is
    looked up per column (``title @@ q OR body @@ q``) and the phrases are combined with
    AND/OR/NOT. It matches what ``(title || body) @@ query`` matches, except a phrase running from
    the end of the title into the body.

    ``loose``: a condition true for every match and answered by the GIN indexes alone (phrases as
    tokens anywhere, negations left out). A phrase needs the stored vector's positions, i.e.
    reading (and decompressing) each candidate's body; the loose condition does not."""
    if isinstance(query, Terms):
        parts, params = [], []
        for term in query.terms:
            either = " OR ".join(
                f"{alias}.{column} @@ to_tsquery(%s::regconfig, %s)" for column in columns
            )
            parts.append(f"({either})")
            for _column in columns:
                params.extend([None, tsquery_expression(Terms([term]), loose=loose)])
        return " AND ".join(parts), params
    if isinstance(query, Not):
        if loose:
            return "TRUE", []
        sql, params = tsquery_condition(query.subquery, columns, alias=alias)
        return f"NOT ({sql})", params
    if isinstance(query, And | Or):
        joiner = " AND " if isinstance(query, And) else " OR "
        parts, params = [], []
        for sub in query.subqueries:
            sql, sub_params = tsquery_condition(sub, columns, alias=alias, loose=loose)
            parts.append(f"({sql})")
            params.extend(sub_params)
        return joiner.join(parts), params
    raise NotImplementedError(f"{type(query).__name__} inside a query is not supported.")


@lru_cache(maxsize=1)
def _postgres_classes():
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresAutocompleteQueryCompiler,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from modelsearch.backends.database.postgres.postgres import (
        ObjectIndexer as PostgresObjectIndexer,
    )
    from modelsearch.index import AutocompleteField, SearchField

    class ChinesePostgresQueryCompiler(_RankedSearchMixin, PostgresSearchQueryCompiler):
        COLUMNS = ("title", "body")
        RANK = {"title": TITLE_WEIGHT, "body": 1.0}

        def build_tsquery(self, query, config=None):
            return PostgresSearchQuery(tsquery_expression(query), search_type="raw", config=config)

        NO_LIMIT = "LIMIT ALL"

        def _match(self, query, *, score=None, limit=None):
            """SQL selecting ``(rid, object_id, score)`` of the matching index entries, and its
            parameters. The ``"rank"`` score is one ``ts_rank`` per column, weighted (title above
            body), computed by primary key for the rows selected only.

            With ``limit``: the newest ``limit`` entries whose object is in the caller's queryset.
            The loose condition (``tsquery_condition``) lists candidates newest first; the exact
            condition (phrases) and the caller's queryset (a correlated sub-plan: ``OFFSET 0``
            keeps PostgreSQL from turning it into a join over every page) are checked on each
            candidate in turn until ``limit`` have passed, so that as few bodies as possible
            are read: checking a phrase decompresses the entry's body."""
            config = self.config or "simple"
            columns = _columns(self.fields) or self.COLUMNS
            content_types = get_descendants_content_types_pks(self.queryset.model)
            object_id = "e.object_id"
            if _integer_pk(self.queryset.model):
                object_id = "e.object_id::integer"
            table = IndexEntry._meta.db_table
            in_types = f"e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"

            def configured(params):
                return [config if value is None else value for value in params]

            hit, hit_params = "NULL", []
            if score == "title":
                hit = "CASE WHEN m.title @@ to_tsquery(%s::regconfig, %s) THEN 1.0 ELSE 0.0 END"
                hit_params = [config, tsquery_expression(query)]
            if limit is None:
                condition, params = tsquery_condition(query, columns)
                sql = (
                    f"SELECT e.id AS rid, {object_id} AS object_id, e.title FROM {table} AS e "
                    f"WHERE {in_types} AND ({condition})"
                )
                params = [*content_types, *configured(params)]
            else:
                loose, loose_params = tsquery_condition(query, columns, loose=True)
                exact, exact_params = tsquery_condition(query, columns, alias="c")
                within, within_params = self._within("c.object_id")
                within = f"EXISTS ({within[len('EXISTS (') : -1]} OFFSET 0)"
                selected = ", ".join(f"e.{column}" for column in dict.fromkeys(("title", *columns)))
                checks, check_params = [within], list(within_params)
                if exact_params != loose_params:  # phrases (or negations) to check
                    checks.insert(0, f"({exact})")
                    check_params[:0] = configured(exact_params)
                limit = int(limit)
                # From the GIN indexes: the loose condition's candidates, newest first.
                indexed = (
                    f"SELECT c.rid, c.object_id, c.title FROM ("
                    f"SELECT e.id AS rid, {object_id} AS object_id, {selected} "
                    f"FROM {table} AS e WHERE {in_types} AND ({loose}) /*older*/ "
                    f"ORDER BY e.id DESC OFFSET 0) AS c "
                    f"WHERE {' AND '.join(checks)} LIMIT {limit}"
                )
                share = lexeme_statistics.share(query, columns)
                if share is None or share < ORDERED_SHARE or share * lexeme_statistics.rows < limit:
                    self._from_indexes = True
                    sql = indexed
                    params = [*content_types, *configured(loose_params), *check_params]
                else:
                    # A common query: the newest entries in order, each checked (its phrases,
                    # then the caller's queryset), within a window of the entries the estimate
                    # says are needed. Reading a GIN posting list of most of the index costs more
                    # than that (20–35 ms at 20,000 entries). If the estimate was too high, the
                    # older entries follow from the indexes (a UNION ALL branch that PostgreSQL
                    # runs only when the first one did not reach the limit).
                    window = math.ceil(limit / share * ORDERED_WINDOW)
                    newest = f"SELECT e.id FROM {table} AS e WHERE {in_types} ORDER BY e.id DESC"
                    ordered = (
                        f"SELECT c.rid, c.object_id, c.title FROM ("
                        f"SELECT e.id AS rid, {object_id} AS object_id, {selected} "
                        f"FROM {table} AS e WHERE {in_types} ORDER BY e.id DESC "
                        f"LIMIT {window}) AS c WHERE ({exact}) AND {within} LIMIT {limit}"
                    )
                    older = (
                        f"AND e.id < (SELECT coalesce(min(w.id), 0) FROM ({newest} LIMIT {window}) "
                        f"AS w HAVING count(*) = {window}) "
                    )
                    rest = indexed.replace("/*older*/", older)
                    sql = f"SELECT * FROM (({ordered}) UNION ALL ({rest})) AS u LIMIT {limit}"
                    params = [
                        *content_types,
                        *configured(exact_params),
                        *within_params,
                        *content_types,
                        *configured(loose_params),
                        *content_types,
                        *check_params,
                    ]
            if score != "rank":
                return f"SELECT m.rid, m.object_id, {hit} AS score FROM ({sql}) AS m", [
                    *hit_params,
                    *params,
                ]
            ranks, rank_params = [], []
            for column in columns:
                weight = float(self.RANK.get(column, 1.0))
                if column == "title" and len(columns) > 1:
                    # The title's share of the query's words (``title_share_sql``), the other
                    # columns by ts_rank; the same as the SQLite and engine rankings.
                    share, phrases = title_share_sql(
                        query, "r.title", holds=lambda c: f"{c} @@ to_tsquery(%s::regconfig, %s)"
                    )
                    ranks.append(f"{weight} * {share}")
                    for phrase in phrases:
                        rank_params.extend([config, tsquery_expression(phrase)])
                    continue
                ranks.append(
                    f"{weight} * ts_rank('{{1,1,1,1}}', r.{column}, to_tsquery(%s::regconfig, %s))"
                )
                rank_params.extend([config, tsquery_expression(query)])
            rank = f"(SELECT {' + '.join(ranks)} FROM {table} AS r WHERE r.id = m.rid)"
            return (
                f"SELECT m.rid, m.object_id, {rank} AS score FROM ({sql}) AS m",
                [*rank_params, *params],
            )

        def _fetch(self, sql, params):
            """Run a ``_match`` query. One that starts from the GIN indexes runs with sequential
            scans off: PostgreSQL does not count the cost of reading each entry's body (TOAST)
            when it checks a vector, so a scan of the whole table looked cheaper than the indexes
            whenever it expected many candidates — 366 ms instead of a few ms."""
            if not self.__dict__.pop("_from_indexes", False):
                return _fetch(sql, params)
            if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
                return self._fetch_in_transaction(sql, params)
            # One round trip: the setting, the query and the setting put back, sent as one
            # string (client-side binding). PostgreSQL runs such a string as one transaction
            # unless it is inside one already, plans each statement after the previous one ran,
            # and keeps a local setting to that transaction; a pooler that hands out server
            # connections per transaction (PgBouncer) sends it to one connection. Inside the
            # caller's transaction the last statement puts the setting back.
            with connection.cursor() as cursor:
                cursor.execute(f"{SEQSCAN_OFF}; {sql}; {SEQSCAN_BACK}", params)
                cursor.nextset()
                return cursor.fetchall()

        def _fetch_in_transaction(self, sql, params):
            # Server-side binding takes one statement per execute: the same in a transaction.
            with transaction.atomic(savepoint=False), connection.cursor() as cursor:
                cursor.execute(SEQSCAN_OFF)
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                cursor.execute(SEQSCAN_BACK)
                return rows

        def search(self, config, start, stop, score_field=None, backend=None):
            self.config = config
            return self._search(start, stop, score_field)

        def count(self, config=None):
            self.config = config
            return self._count()

    class ChinesePostgresAutocompleteCompiler(ChinesePostgresQueryCompiler):
        LAST_TERM_IS_PREFIX = True
        TARGET_SEARCH_FIELD_TYPE = PostgresAutocompleteQueryCompiler.TARGET_SEARCH_FIELD_TYPE
        COLUMNS = ("autocomplete",)
        RANK = {"autocomplete": 1.0}

        def get_config(self, backend):
            return backend.autocomplete_config

        def get_search_fields_for_model(self):
            return self.queryset.model.get_autocomplete_search_fields()

    class Indexer(_OnePassMixin, PostgresObjectIndexer):
        def weighted_texts(self) -> tuple[list, list, list]:
            """The title, autocomplete and body texts of the object as ``(weight, text)`` runs:
            consecutive texts of the same weight joined by a space, empty ones left out (what
            the stock ``title``/``autocomplete``/``body`` vectors are built from)."""
            columns = ([], [], [])
            for field in self.search_fields:
                for current, weight, value in self.prepare_field(self.obj, field):
                    if isinstance(current, SearchField):
                        texts = columns[0] if current.field_name == "title" else columns[2]
                    elif isinstance(current, AutocompleteField):
                        texts = columns[1]
                    else:
                        continue
                    value = value.strip()
                    if not value:
                        continue
                    if texts and texts[-1][0] == weight:
                        texts[-1] = (weight, f"{texts[-1][1]} {value}")
                    else:
                        texts.append((weight, value))
            return columns

    class ChinesePostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Stock ``add_items`` rewritten for speed, with the same index entries:

            - each field is read once (not once per index column) and related objects are
              prefetched per batch;
            - each column's vector is built in SQL text directly (``setweight(to_tsvector(…))``
              per run of texts of the same weight: the stock code joins one vector per field with
              ``||``, which numbers positions the same way) instead of through Django expressions,
              whose compiling cost more than segmenting the text;
            - the plain-text copies (``title_text``/``body_text``, read only by the stock fuzzy
              search, which this backend answers from the vectors like any other query) are left
              empty: the body's copy doubled what each row writes;
            - no title-norm refresh per batch (this backend's ranking does not use the norms);
            - a big batch is written in statements of ``INDEX_STATEMENT_ROWS`` rows, each sent by a
              second thread on the same connection (same transaction) while this one prepares the
              next: Python's preparation and the server's ``to_tsvector`` and index updates
              overlap instead of taking turns."""
            if not model.get_search_fields():
                return
            objs = list(objs)
            if not objs:
                return
            _prefetch_related_fields(model, objs)
            content_type_pk = get_content_type_pk(model)
            if len(objs) <= INDEX_STATEMENT_ROWS:
                with self.write_connection.cursor() as cursor:
                    cursor.execute(*self._insert(content_type_pk, objs))
                return
            self.write_connection.ensure_connection()
            raw = self.write_connection.connection
            with ThreadPoolExecutor(max_workers=1) as writer:
                pending = None
                for start in range(0, len(objs), INDEX_STATEMENT_ROWS):
                    batch = objs[start : start + INDEX_STATEMENT_ROWS]
                    statement = self._insert(content_type_pk, batch)
                    if pending is not None:
                        self._written(pending)
                    pending = writer.submit(_execute_raw, raw, *statement)
                self._written(pending)

        def _written(self, future):
            with self.write_connection.wrap_database_errors:
                future.result()

        def _insert(self, content_type_pk, objs) -> tuple[str, list]:
            config = self.backend.config
            autocomplete_config = self.backend.autocomplete_config
            rows, params = [], []
            for obj in objs:
                indexer = Indexer(obj, self.backend)
                title, autocomplete, body = indexer.weighted_texts()
                params.extend((content_type_pk, indexer.id))
                vectors = []
                for texts, column_config in (
                    (title, config),
                    (autocomplete, autocomplete_config),
                    (body, config),
                ):
                    sql, vector_params = _vector_sql(texts, column_config)
                    vectors.append(sql)
                    params.extend(vector_params)
                rows.append(f"(%s, %s, {', '.join(vectors)}, 1.0, '', '')")
            return (
                f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, "
                "title, autocomplete, body, title_norm, title_text, body_text) "
                f"(VALUES {', '.join(rows)}) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
                "title = EXCLUDED.title, title_norm = 1.0, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )

    class ChinesePostgresSearchResults(_RankedResultsMixin, PostgresSearchResults):
        def _do_count(self):
            count = self.query_compiler.count(self.query_compiler.get_config(self.backend))
            count = max(count - self.start, 0)
            return count if self.stop is None else min(count, self.stop - self.start)

    class ChinesePostgresSearchBackend(_AnalysingMixin, PostgresSearchBackend):
        query_compiler_class = ChinesePostgresQueryCompiler
        autocomplete_query_compiler_class = ChinesePostgresAutocompleteCompiler
        results_class = ChinesePostgresSearchResults
        index_class = ChinesePostgresIndex

        def __init__(self, params):
            super().__init__(params)
            # Tokens are already analysed: no stemming or stop words for them either.
            self.autocomplete_config = self.config

    return ChinesePostgresSearchBackend


class _AnalysingMixin:
    """Analyse every query before the database backend compiles it."""

    # Querysets are applied in SQL: filters need no FilterField (see _RankedSearchMixin.check).
    filters_any_field = True

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if query is None:  # deprecated for MATCH_ALL: the stock code warns and converts it
            return super().search(query, model_or_queryset, fields=fields, **kwargs)
        analysed = analyse(query, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().search(analysed, model_or_queryset, fields=fields, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        analysed = analyse(query, autocomplete=True, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().autocomplete(analysed, model_or_queryset, fields=fields, **kwargs)


def SearchBackend(params):  # noqa: N802 — Wagtail looks the backend up by this name.
    """The Chinese-aware backend for the default database (SQLite with FTS5, or PostgreSQL)."""
    if connection.vendor == "postgresql":
        backend_class = _postgres_classes()
    elif connection.vendor == "sqlite":
        backend_class = _sqlite_classes()
    else:
        raise NotImplementedError(
            f"Chinese search supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    return backend_class(params)
