"""Indexing on PostgreSQL: the stock index entries, written faster (see
``ChinesePostgresIndex.add_items``)."""

from concurrent.futures import ThreadPoolExecutor

from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresIndex
from modelsearch.backends.database.postgres.postgres import ObjectIndexer as PostgresObjectIndexer
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

from .indexing import OnePassMixin, prefetch_related_fields

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


class ChinesePostgresObjectIndexer(OnePassMixin, PostgresObjectIndexer):
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
        prefetch_related_fields(model, objs)
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
            indexer = ChinesePostgresObjectIndexer(obj, self.backend)
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
