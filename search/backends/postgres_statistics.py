"""How common each token is in the PostgreSQL index, which decides how a query reads its matches
(``search.backends.postgres``: from the GIN indexes, or the newest entries in order)."""

import time

from django.db import connection
from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.query import And, Or

from .query import Terms

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

    def _phrase(self, term, known) -> float:
        if term.prefix and len(term.tokens) == 1:
            return 1.0  # a one-character prefix: could be anything
        tokens = term.tokens[:-1] if term.prefix else term.tokens
        return min(self._token(token, known) for token in tokens)

    def _share(self, query, known) -> float:
        if isinstance(query, Terms):
            share = 1.0
            for term in query.terms:
                # A word with synonyms matches where any of its phrases does: at most the sum.
                share *= min(1.0, sum(self._phrase(phrase, known) for phrase in term.phrases))
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
