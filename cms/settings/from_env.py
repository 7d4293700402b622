"""Settings built from environment variables: the database connections and the search backend.

Plain functions, so that ``base.py`` sets each of ``DATABASES`` and ``WAGTAILSEARCH_BACKENDS`` in
one place, and tests and benchmarks build the same configurations from a URL of their own.
Not a settings module: nothing here is read by Django directly.
"""

from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


def database_from_env(
    env: environ.Env, *, default_url: str, prepared_statements: bool
) -> dict[str, dict]:
    """``DATABASES`` from ``DATABASE_URL`` (else ``default_url``) and, when it is set, a read-only
    ``replica`` from ``DATABASE_REPLICA_URL`` (anonymous page views read from it:
    ``cms.db_router``). The other ``DATABASE_*`` variables tune the connections (README)."""
    databases = {"default": env.db_url("DATABASE_URL", default=default_url)}
    default = databases["default"]
    if default["ENGINE"] == SQLITE:
        options = default.setdefault("OPTIONS", {})
        # WAL lets readers carry on while an editor saves; a busy timeout avoids "database is
        # locked".
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        options.setdefault("transaction_mode", "IMMEDIATE")
    elif default["ENGINE"].startswith(POSTGRESQL):
        # Database outage: fail fast, then serve the static 503 page (home.views.server_error).
        default.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2)
        )
    if env("DATABASE_REPLICA_URL", default=""):
        databases["replica"] = env.db_url("DATABASE_REPLICA_URL")

    jit = env.bool("DATABASE_JIT", default=False)
    for database in databases.values():
        # Persistent connections: a worker thread keeps its connection for DATABASE_CONN_MAX_AGE
        # seconds (0 closes it after every request). Opening a PostgreSQL connection per request
        # cost an article page ~10-20 ms at 100k (the connection itself, then the new server
        # process planning every query with cold catalog caches; bench/README.md). Each thread of
        # each worker holds one connection: keep WEB_CONCURRENCY x threads x app servers below
        # PostgreSQL's max_connections, or put PgBouncer in front. A connection broken by a
        # restart is replaced (CONN_HEALTH_CHECKS).
        database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
        database["CONN_HEALTH_CHECKS"] = True
        if not database["ENGINE"].startswith(POSTGRESQL):
            continue
        options = database.setdefault("OPTIONS", {})
        if prepared_statements:
            # psycopg's own default, which Django turns off (None). Only cursors that bind on
            # the server prepare: Django's default cursors bind on the client and never do.
            options.setdefault("prepare_threshold", 5)
        if not jit:
            # PostgreSQL's JIT compiler starts on any query the planner costs above 100,000,
            # which a full-text search over a large index is, and compiling took 40 ms of a
            # 60 ms search (measured at 20,000 articles; bench/README.md). Page queries are far
            # too short to gain from it.
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return databases


def search_backend_from_url(url: str, *, index_prefix: str = "") -> dict:
    """Map SEARCH_URL to a Wagtail search backend configuration.

    ``""`` → the database backend with Chinese text analysis (``search.backends``);
    ``opensearch://host:port`` and ``elasticsearch://host:port``
    (``opensearch+https://`` for TLS, ``user:password@`` for credentials) → Wagtail's engine
    backends with the site's Chinese analysis (``search.backends.engines``); searches give up
    after 2 s. Anything else is a configuration error, reported at start-up.
    """
    if not url:
        return {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}
    parts = urlsplit(url)
    engine, _plus, transport = parts.scheme.partition("+")
    backends = {
        "opensearch": "search.backends.engines.OpenSearchBackend",
        "elasticsearch": "search.backends.engines.ElasticsearchBackend",
    }
    if engine not in backends or transport not in ("", "http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"SEARCH_URL {url!r}: use opensearch://host:port or elasticsearch://host:port "
            "(optionally +https, user:password@), or leave it empty for the database backend."
        )
    credentials = None
    if parts.username:
        credentials = (unquote(parts.username), unquote(parts.password or ""))
    host = {"host": parts.hostname, "port": parts.port or 9200}
    options = {}
    if engine == "elasticsearch":  # the 8.x client takes a scheme, and credentials apart
        host["scheme"] = "https" if transport == "https" else "http"
        if credentials:
            options["basic_auth"] = credentials
    else:
        host.update(use_ssl=transport == "https", http_auth=credentials)
    return {
        "BACKEND": backends[engine],
        "HOSTS": [host],
        "OPTIONS": options,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 2,
    }
