"""The database backend on PostgreSQL, with Chinese text analysis on the query side.

Each query word becomes a phrase of its tokens (``'联络' <-> '络站'``), all of which must match
(``tsquery_expression``). One statement per page of results: a condition the GIN indexes answer
or, for a query the lexeme statistics (``search.backends.postgres_statistics``) say is common,
the newest entries read in order; the caller's queryset checked per match until the bound
(``search.backends.database.RankedSearchMixin``). Ranking: the title's share of the query's
words times ``TITLE_WEIGHT`` plus ``ts_rank`` over the body. ``fields=[...]`` searches the
segmented title or the whole entry (the stock compiler would read the raw model columns, which
are not segmented).

Loaded only on PostgreSQL (``search.backends.SearchBackend``).
"""

import math

from django.contrib.postgres.search import SearchQuery as PostgresSearchQuery
from django.db import connection, transaction
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import And, Not, Or
from modelsearch.utils import get_descendants_content_types_pks

from .database import (
    AnalysingMixin,
    RankedResultsMixin,
    RankedSearchMixin,
    fetch_rows,
    integer_pk,
    searched_columns,
    title_share_sql,
)
from .postgres_index import ChinesePostgresIndex
from .postgres_statistics import lexeme_statistics
from .query import TITLE_WEIGHT, Terms

# A query whose matches are estimated to be at least this share of the index reads the newest
# entries in order and checks each (``ChinesePostgresQueryCompiler._match``); rarer ones start
# from the GIN indexes.
ORDERED_SHARE = 0.3
# The ordered read looks at most this many times the entries the estimate says it needs.
ORDERED_WINDOW = 2


# Sequential scans off for one query (see ChinesePostgresQueryCompiler._fetch), and back as before.
SEQSCAN_OFF = (
    "SELECT set_config('cms.previous_enable_seqscan', current_setting('enable_seqscan'), true), "
    "set_config('enable_seqscan', 'off', true)"
)
SEQSCAN_BACK = (
    "SELECT set_config('enable_seqscan', current_setting('cms.previous_enable_seqscan'), true)"
)


def tsquery_expression(query, *, loose=False) -> str:
    """A raw tsquery. Tokens are only Han characters, a-z and 0-9: no quoting issues. ``loose``:
    a phrase's tokens anywhere (``&``) instead of adjacent (``<->``), without a final prefix
    when the phrase has other tokens (a prefix such as 年:* reads the GIN entries of every token
    it starts, which made PostgreSQL prefer reading the whole table)."""
    if isinstance(query, Terms):
        words = []
        for term in query.terms:
            phrases = []
            for phrase in term.phrases:
                lexemes = [f"'{token}'" for token in phrase.tokens]
                if phrase.prefix and loose and len(lexemes) > 1:
                    lexemes.pop()
                elif phrase.prefix:
                    lexemes[-1] += ":*"
                phrases.append("(" + (" & " if loose else " <-> ").join(lexemes) + ")")
            # A word with synonyms: any of its phrases.
            words.append(phrases[0] if len(phrases) == 1 else f"({' | '.join(phrases)})")
        return " & ".join(words)
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


class ChinesePostgresQueryCompiler(RankedSearchMixin, PostgresSearchQueryCompiler):
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
        columns = searched_columns(self.fields) or self.COLUMNS
        content_types = get_descendants_content_types_pks(self.queryset.model)
        object_id = "e.object_id"
        if integer_pk(self.queryset.model):
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
            return fetch_rows(sql, params)
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


class ChinesePostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    def _do_count(self):
        count = self.query_compiler.count(self.query_compiler.get_config(self.backend))
        count = max(count - self.start, 0)
        return count if self.stop is None else min(count, self.stop - self.start)


class ChinesePostgresSearchBackend(AnalysingMixin, PostgresSearchBackend):
    query_compiler_class = ChinesePostgresQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteCompiler
    results_class = ChinesePostgresSearchResults
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # Tokens are already analysed: no stemming or stop words for them either.
        self.autocomplete_config = self.config


SearchBackend = ChinesePostgresSearchBackend  # the name Wagtail looks up in a backend module
