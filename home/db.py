"""Running hand-written statements and turning their rows into model instances: the one place
that does what the ORM would do around a statement it did not write (``news/statements.py``)."""

import functools
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


@contextmanager
def prepared_cursor(*, using: str = "default"):
    """A cursor for hand-written statements run on every page view: on PostgreSQL it binds
    parameters on the server, so that psycopg prepares a statement the fifth time a connection
    runs it (``prepare_threshold``, cms/settings/base.py) and PostgreSQL need not parse and plan
    it again and again: planning was most of a small query's time.

    The site's other queries keep Django's default, client-side binding (the search's
    one-round-trip statement needs it). ``DATABASE_PREPARED_STATEMENTS=false`` turns this off,
    for a pooler that cannot keep prepared statements (PgBouncer in transaction mode before
    1.21, or without ``max_prepared_statements``). Queries are counted and logged as usual.
    ``using``: the database alias (``router.db_for_read``: a replica for public page views).
    """
    connection = connections[using]

    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    # Imported here: the module needs psycopg, which a SQLite-only installation may lack.
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    with wrapper(ServerBindingCursor(connection.connection), connection) as cursor:
        yield cursor


def db_datetime(moment: datetime, *, using: str = "default"):
    """A datetime as database ``using`` stores it (SQLite: naive UTC text), for a parameter."""
    return connections[using].ops.adapt_datetimefield_value(moment)


def quote(name: str, *, using: str = "default") -> str:
    return connections[using].ops.quote_name(name)


def column(model, name: str, aliases: dict, *, using: str = "default") -> str:
    """``alias.column`` of ``model``'s field ``name``, the alias being that of the table the
    field is stored in (``aliases``: {concrete model: alias}; a page type's inherited fields
    live in ``wagtailcore_page``)."""
    field = model._meta.get_field(name)
    return f"{aliases[field.model]}.{quote(field.column, using=using)}"


def select_list(fields, aliases: dict, *, using: str = "default") -> str:
    """The select list of ``fields`` (model fields), each read from its table's alias."""
    return ", ".join(
        f"{aliases[field.model]}.{quote(field.column, using=using)}" for field in fields
    )


def instance_from_row(model, fields, values, *, using: str):
    """A ``model`` instance from a hand-written statement's ``values`` (of ``fields``) read from
    database ``using``, converted as the ORM converts what it reads (SQLite's dates and UUIDs,
    for one)."""
    connection = connections[using]
    names, converters = _readers(using, model, tuple(fields))
    values = list(values)
    for index, col, functions in converters:
        for function in functions:
            values[index] = function(values[index], col, connection)
    return model.from_db(connection.alias, names, values)


@functools.cache
def _readers(using: str, model, fields: tuple) -> tuple[list[str], list[tuple]]:
    """The attribute names of ``fields`` and the ORM's converters of their values read from
    database ``using`` (the ORM's own; worked out once per process)."""
    connection = connections[using]

    converters = []
    for index, model_field in enumerate(fields):
        col = model_field.get_col(model_field.model._meta.db_table)
        functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if functions:
            converters.append((index, col, functions))
    return [field.attname for field in fields], converters
