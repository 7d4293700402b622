"""Wagtail's database search backend with Chinese text analysis on the query side.

The index side is done by the fields in ``search.index``: their values are segmented text. Here
``search()`` and ``autocomplete()`` run every query — from the site's search page, the admin or the
API, which call the backend directly — through the same analysis (``search.analysis``) before
compiling it, for SQLite (FTS5) and PostgreSQL:

- each query word becomes a phrase of its tokens (FTS5 ``"联络 络站"``, PostgreSQL
  ``'联络' <-> '络站'``) and all words must match;
- SQLite ranks with one column-weighted ``bm25()`` (title ten times the body), looked up by row id
  for the matching entries only. Wagtail's stock expression multiplies whole-row scores per term,
  which flips the sign when several terms are combined (the best page came last);
- ``fields=[...]`` searches the segmented title (``["title"]``) or the whole entry; PostgreSQL's
  stock behaviour would read the raw model columns, which are not segmented.

Configure with ``{"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}``.
"""

from functools import lru_cache

from django.contrib.postgres.search import SearchQuery as PostgresSearchQuery
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import EmptySearchResults
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
from modelsearch.utils import get_descendants_content_types_pks

from .analysis import Term, query_terms

TITLE_WEIGHT = 10.0
# Ranking looks at the best CANDIDATES matches (or twice the results asked for) in one FTS query.
CANDIDATES = 1000
FTS_COLUMNS = ("autocomplete", "body", "title")  # as created by modelsearch's migration
INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class Terms(BaseQuery):
    """Analysed query words, all of which must match."""

    def __init__(self, terms: list[Term]):
        self.terms = terms

    def __repr__(self):
        return f"<Terms {self.terms!r}>"


def analyse(query, *, autocomplete=False, operator=None):
    """Rewrite a query (a string or a modelsearch query tree) into analysed ``Terms``.

    Returns ``None`` when nothing searchable is left (only punctuation, emoji, …).
    """
    if isinstance(query, str):
        query = PlainText(query, operator=operator or "and")
    if isinstance(query, MatchAll):
        return query
    if isinstance(query, PlainText | Fuzzy):
        terms = query_terms(query.query_string, autocomplete=autocomplete)
        if not terms:
            return None
        if getattr(query, "operator", "and").lower() == "or" and len(terms) > 1:
            return Or([Terms([term]) for term in terms])
        return Terms(terms)
    if isinstance(query, Phrase):
        terms = query_terms(query.query_string)
        return Terms(terms) if terms else None
    if isinstance(query, Boost):
        return analyse(query.subquery, autocomplete=autocomplete)
    if isinstance(query, Not):
        inner = analyse(query.subquery, autocomplete=autocomplete)
        return Not(inner) if inner is not None else None
    if isinstance(query, And | Or):
        parts = [analyse(sub, autocomplete=autocomplete) for sub in query.subqueries]
        parts = [part for part in parts if part is not None]
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


class WeightedBM25(Func):
    """bm25() with per-column weights; FTS5 columns are (autocomplete, body, title)."""

    output_field = FloatField()

    def __init__(self, *, autocomplete=0.0, body=1.0, title=TITLE_WEIGHT):
        self.weights = (autocomplete, body, title)
        super().__init__()

    def as_sql(self, compiler, connection, **extra):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, %s, %s, %s)", list(self.weights)


@lru_cache(maxsize=1)
def _sqlite_classes():
    from modelsearch.backends.database.sqlite.sqlite import (
        IndexEntry,
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class ChineseSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
        FTS_TABLE_FIELDS = ["title", "body"]
        RANK = {"body": 1.0, "title": TITLE_WEIGHT}

        def check(self):
            # ``fields`` is mapped onto the index columns in _columns(); the base check would
            # insist on model SearchFields, which the segmented index does not need.
            fields, self.fields = self.fields, None
            super().check()
            self.fields = fields

        def _match(self, query, *, scored=True) -> tuple[str, list]:
            """SQL selecting ``(object_id, score)`` of the matching index entries, and its
            parameters: one FTS5 query joined to the index entries by row id."""
            columns = _columns(self.fields) or self.FTS_TABLE_FIELDS
            expression = "{" + " ".join(columns) + "} : (" + fts5_expression(query) + ")"
            content_types = get_descendants_content_types_pks(self.queryset.model)
            weights = ", ".join(str(float(self.RANK.get(c, 0.0))) for c in FTS_COLUMNS)
            object_id = "e.object_id"
            if self.queryset.model._meta.pk.get_internal_type() in INTEGER_FIELDS:
                object_id = "CAST(e.object_id AS INTEGER)"
            fts_table = SQLiteFTSIndexEntry._meta.db_table
            entry_table = IndexEntry._meta.db_table
            score = f"-bm25({fts_table}, {weights})" if scored else "0.0"
            sql = (
                f"SELECT {object_id} AS object_id, {score} AS score "
                f"FROM {fts_table} JOIN {entry_table} AS e ON e.id = {fts_table}.rowid "
                f"WHERE {fts_table} MATCH %s "
                f"AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
            )
            return sql, [expression, *content_types]

        def _matching(self, query):
            """The caller's queryset restricted to the matches (no ranking)."""
            sql, params = self._match(query, scored=False)
            ids = RawSQL(f"SELECT object_id FROM ({sql})", params)  # noqa: S611 — our own SQL
            return self.queryset.filter(pk__in=ids)

        def _ranked(self, query, start, stop, score_field):
            """The best matches first, ranked by one FTS query bounded to a top-N of candidates.

            Only those candidates (not every match) are checked against the caller's queryset;
            when its filters leave too few of them, all matches are ranked instead.
            """
            sql, params = self._match(query)
            ordered = f"{sql} ORDER BY score DESC, object_id DESC"
            hits = None
            if stop is not None:
                limit = max(CANDIDATES, 2 * stop)
                candidates = _fetch(f"{ordered} LIMIT {int(limit)}", params)
                keep = set(
                    self.queryset.filter(pk__in=[pk for pk, _score in candidates])
                    .order_by()
                    .values_list("pk", flat=True)
                )
                hits = [(pk, score) for pk, score in candidates if pk in keep]
                if len(candidates) == limit and len(hits) < stop:
                    hits = None  # the caller's filters removed too many of the best matches
            if hits is None:
                keep = set(self._matching(query).order_by().values_list("pk", flat=True))
                hits = [(pk, score) for pk, score in _fetch(ordered, params) if pk in keep]
            scores = dict(hits[start:stop])
            if not scores:
                return self.queryset.none()
            score = Case(
                *[When(pk=pk, then=Value(value)) for pk, value in scores.items()],
                output_field=FloatField(),
            )
            return (
                self.queryset.filter(pk__in=list(scores))
                .annotate(**{score_field: score})
                .order_by(F(score_field).desc(), "-pk")
            )

        def search(self, config, start, stop, score_field=None):
            query = self.query
            if isinstance(query, MatchAll):
                return self.queryset[start:stop]
            negated = isinstance(query, Not)
            if negated:
                query = query.subquery
                if isinstance(query, MatchAll):
                    return self.queryset.none()
            if negated:
                sql, params = self._match(query, scored=False)
                ids = RawSQL(f"SELECT object_id FROM ({sql})", params)  # noqa: S611
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
            sql, params = self._match(query)
            pk = queryset.model._meta.pk.column
            table = queryset.model._meta.db_table
            score = RawSQL(
                f"SELECT score FROM ({sql}) WHERE object_id = {table}.{pk}",  # noqa: S611
                params,
                output_field=FloatField(),
            )
            return queryset.annotate(**{score_field: score})

        def count(self):
            query = self.query
            if isinstance(query, MatchAll):
                return self.queryset.count()
            if isinstance(query, Not):
                return self.search(None, None, None).count()
            return self._matching(query).count()

    class ChineseSQLiteAutocompleteCompiler(ChineseSQLiteQueryCompiler):
        FTS_TABLE_FIELDS = ["autocomplete"]
        RANK = {"autocomplete": 1.0, "body": 0.0, "title": 0.0}
        TARGET_SEARCH_FIELD_TYPE = SQLiteAutocompleteQueryCompiler.TARGET_SEARCH_FIELD_TYPE

        def get_config(self, backend):
            return backend.autocomplete_config

        def get_search_fields_for_model(self):
            return self.queryset.model.get_autocomplete_search_fields()

    class ChineseSQLiteSearchResults(SQLiteSearchResults):
        def _do_count(self):
            # Counting needs no ranking: the caller's queryset filtered by the FTS matches.
            count = self.query_compiler.count()
            count = max(count - self.start, 0)
            return count if self.stop is None else min(count, self.stop - self.start)

    class ChineseSQLiteSearchBackend(_AnalysingMixin, SQLiteSearchBackend):
        query_compiler_class = ChineseSQLiteQueryCompiler
        results_class = ChineseSQLiteSearchResults
        autocomplete_query_compiler_class = ChineseSQLiteAutocompleteCompiler

    return ChineseSQLiteSearchBackend


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _RawFTS(Func):
    """An already-built FTS5 expression, passed as one parameter to MATCH."""

    def __init__(self, expression: str):
        self.expression = expression
        super().__init__()

    def as_sql(self, compiler, connection, **extra):
        # MatchExpression substitutes the parameters into its own single parameter.
        return "%s", [self.expression]


# --- PostgreSQL ----------------------------------------------------------------------------------


def tsquery_expression(query) -> str:
    """A raw tsquery. Tokens are only Han characters, a-z and 0-9: no quoting issues."""
    if isinstance(query, Terms):
        phrases = []
        for term in query.terms:
            lexemes = [f"'{token}'" for token in term.tokens]
            if term.prefix:
                lexemes[-1] += ":*"
            phrases.append("(" + " <-> ".join(lexemes) + ")")
        return " & ".join(phrases)
    if isinstance(query, Not):
        return f"!({tsquery_expression(query.subquery)})"
    if isinstance(query, And):
        return " & ".join(f"({tsquery_expression(q)})" for q in query.subqueries)
    if isinstance(query, Or):
        return " | ".join(f"({tsquery_expression(q)})" for q in query.subqueries)
    raise NotImplementedError(f"{type(query).__name__} inside a query is not supported.")


@lru_cache(maxsize=1)
def _postgres_classes():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class ChinesePostgresQueryCompiler(PostgresSearchQueryCompiler):
        def check(self):
            fields, self.fields = self.fields, None
            super().check()
            self.fields = fields

        def build_tsquery(self, query, config=None):
            return PostgresSearchQuery(tsquery_expression(query), search_type="raw", config=config)

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            return SearchRank(
                vector, self.build_tsquery(query, config=config), weights=self.sql_weights
            )

        def get_search_vectors(self, search_query):
            vectors = self.get_index_vectors(search_query)
            if _columns(self.fields) == ["title"]:
                return vectors[:1]
            return vectors

    class ChinesePostgresAutocompleteCompiler(ChinesePostgresQueryCompiler):
        LAST_TERM_IS_PREFIX = True
        TARGET_SEARCH_FIELD_TYPE = PostgresAutocompleteQueryCompiler.TARGET_SEARCH_FIELD_TYPE

        def get_config(self, backend):
            return backend.autocomplete_config

        def get_search_fields_for_model(self):
            return self.queryset.model.get_autocomplete_search_fields()

        def get_index_vectors(self, search_query):
            return [(F("index_entries__autocomplete"), 1.0)]

    class ChinesePostgresSearchBackend(_AnalysingMixin, PostgresSearchBackend):
        query_compiler_class = ChinesePostgresQueryCompiler
        autocomplete_query_compiler_class = ChinesePostgresAutocompleteCompiler

        def __init__(self, params):
            super().__init__(params)
            # Tokens are already analysed: no stemming or stop words for them either.
            self.autocomplete_config = self.config

    return ChinesePostgresSearchBackend


class _AnalysingMixin:
    """Analyse every query before the database backend compiles it."""

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
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
