"""The database backend on SQLite (FTS5), with Chinese text analysis on the query side.

Each query word becomes an FTS5 phrase of its tokens (``"联络 络站"``), all of which must match
(``fts5_expression``); one FTS5 ``MATCH`` joined to the index entries by row id finds the newest
matches in the caller's queryset (``search.backends.database.RankedSearchMixin``). Ranking: the
title's share of the query's words times ``TITLE_WEIGHT`` plus ``bm25()`` over the body. Wagtail's
stock SQLite expression multiplies whole-row scores per term, which flips the sign when several
terms are combined (the best page came last).

Loaded only on SQLite (``search.backends.SearchBackend``): modelsearch's SQLite module looks up
the FTS5 model, which exists on SQLite only.
"""

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
from modelsearch.query import And, Not, Or
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .database import (
    AnalysingMixin,
    RankedResultsMixin,
    RankedSearchMixin,
    integer_pk,
    searched_columns,
    title_share_sql,
)
from .indexing import OnePassMixin, prefetch_related_fields
from .query import TITLE_WEIGHT, Terms

FTS_COLUMNS = ("autocomplete", "body", "title")  # as created by modelsearch's migration


def fts5_expression(query) -> str:
    """An FTS5 MATCH expression. Tokens are only Han characters, a-z and 0-9: no quoting issues."""
    if isinstance(query, Terms):
        words = []
        for term in query.terms:
            phrases = [
                '"' + " ".join(phrase.tokens) + '"' + (" *" if phrase.prefix else "")
                for phrase in term.phrases
            ]
            # A word with synonyms: any of its phrases.
            words.append(phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})")
        return " AND ".join(words)
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
            either = []
            for phrase in term.phrases:
                either.append(f"instr(' ' || {column} || ' ', %s) > 0")
                params.append(" " + " ".join(phrase.tokens) + ("" if phrase.prefix else " "))
            parts.append(either[0] if len(either) == 1 else f"({' OR '.join(either)})")
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


class ChineseSQLiteQueryCompiler(RankedSearchMixin, SQLiteSearchQueryCompiler):
    FTS_TABLE_FIELDS = ["title", "body"]
    RANK = {"body": 1.0, "title": TITLE_WEIGHT}

    NO_LIMIT = "LIMIT -1"

    def _match(self, query, *, score=None, limit=None) -> tuple[str, list]:
        """SQL selecting ``(rid, object_id, score)`` of the matching index entries, and its
        parameters: one FTS5 query joined to the index entries by row id, scored with one
        column-weighted bm25(). With ``limit``: the newest ``limit`` entries whose object
        is in the caller's queryset (FTS5 reads its matches in row id order and stops)."""
        columns = searched_columns(self.fields) or self.FTS_TABLE_FIELDS
        expression = "{" + " ".join(columns) + "} : (" + fts5_expression(query) + ")"
        content_types = get_descendants_content_types_pks(self.queryset.model)
        weights = ", ".join(str(float(self.RANK.get(c, 0.0))) for c in FTS_COLUMNS)
        object_id = "e.object_id"
        if integer_pk(self.queryset.model):
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


class ChineseSQLiteObjectIndexer(OnePassMixin, SQLiteObjectIndexer):
    pass


class ChineseSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Stock ``add_items`` with each field read once (not once per index column) and no
        title-norm refresh per batch (this backend's ranking does not use the norms)."""
        if not model.get_search_fields():
            return
        objs = list(objs)
        prefetch_related_fields(model, objs)
        rows = {}
        for obj in objs:
            indexer = ChineseSQLiteObjectIndexer(obj, self.backend)
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


class ChineseSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    def _do_count(self):
        # Counting needs no ranking: the caller's queryset filtered by the FTS matches.
        count = self.query_compiler.count()
        count = max(count - self.start, 0)
        return count if self.stop is None else min(count, self.stop - self.start)


class ChineseSQLiteSearchBackend(AnalysingMixin, SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteQueryCompiler
    results_class = ChineseSQLiteSearchResults
    index_class = ChineseSQLiteIndex
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteCompiler


SearchBackend = ChineseSQLiteSearchBackend  # the name Wagtail looks up in a backend module
