"""The site's search backends: Wagtail's (modelsearch's) with Chinese text analysis.

Configure the database backend with ``{"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}``
(``SearchBackend`` below picks the module for the default database), an engine with
``search.backends.engines.OpenSearchBackend`` or ``...ElasticsearchBackend``
(``cms.settings.base.search_backend_from_url`` writes these from ``SEARCH_URL``).

The index side is done by the fields in ``search.index``: their values are segmented text, and
every backend analyses the text fields Wagtail and other apps declare the same way. Every query —
from the site's search page, the admin or the API, which call the backend directly — goes
through the same analysis (``search.analysis``) before it is compiled.

- ``query``: the analysed query (``Terms``, ``analyse``) and what all backends share about it
  (``TITLE_WEIGHT``, the bound on matches, relaxed queries);
- ``indexing``: each field read once and analysed, related objects prefetched per batch;
- ``database``: the bounded, ranked search of both database backends;
- ``sqlite``: SQLite with FTS5;
- ``postgres``, ``postgres_index``, ``postgres_statistics``: PostgreSQL's query compiler and
  backend, its bulk indexing, and the lexeme statistics that choose a query's plan;
- ``engines``, ``engine_query``, ``engine_mapping``: OpenSearch and Elasticsearch, their query
  compiler and their mapping and analysis settings.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 — Wagtail looks the backend up by this name.
    """The Chinese-aware backend for the default database (SQLite with FTS5, or PostgreSQL).

    Each database's module is imported on that database only, as Wagtail's own database backend
    does: modelsearch's SQLite module looks up the FTS5 model, which PostgreSQL does not have.
    """
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend as backend_class
    elif connection.vendor == "sqlite":
        from .sqlite import ChineseSQLiteSearchBackend as backend_class
    else:
        raise NotImplementedError(
            f"Chinese search supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    return backend_class(params)
