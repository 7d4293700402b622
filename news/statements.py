"""The hand-written SQL of the article pages — routing, the byline and topics, 上一篇/下一篇 and
the 相关文章 lists: the only place in ``news`` where SQL text is written.

Each is a small list the database answers from its indexes in about a millisecond; built with
the ORM they cost several times that in Python (filters, sub-queries and their compilation on
every request). The functions take the article model (``articles``: ``NewsPage``, whose module
imports this one) and the rules of visibility (``home.visibility``, the same the ORM listings
use); rows become instances through ``home.db``. The aliases are ``n`` (the article's table) and
``p`` (``wagtailcore_page``), ``n2``/``p2`` in a sub-select.
"""

import functools
import json
from dataclasses import dataclass

from django.db import connections, router
from taggit.models import Tag
from wagtail.models import Page

from home.db import db_datetime, instance_from_row, prepared_cursor, quote, select_list
from home.visibility import Visibility

# What an article of a list is read without (the list shows a summary, the rest is not needed).
LIST_FIELDS_DEFERRED = ["body", "summary"]

# What 上一篇/下一篇 show and link to (a title and an address): the rest is left unread. Plain
# numbers and text, so that they can be read as JSON inside another statement.
LINK_FIELDS = ("id", "path", "depth", "title", "url_path", "locale", "live", "page_ptr")


@functools.cache
def list_fields(articles) -> tuple:
    """The columns an article of a list is read with (``LIST_FIELDS_DEFERRED`` left out)."""
    return tuple(
        field for field in articles._meta.concrete_fields if field.name not in LIST_FIELDS_DEFERRED
    )


@functools.cache
def link_fields(articles) -> tuple:
    """``LINK_FIELDS`` in the model's order (``Model.from_db`` reads a subset in that order)."""
    return tuple(field for field in articles._meta.concrete_fields if field.name in LINK_FIELDS)


@functools.lru_cache(maxsize=16)
def _tables(articles, *, using: str) -> dict[str, str]:
    """The quoted tables of an article, its authors, its topic links and the topics."""
    authors = articles._meta.get_field("authors").related_model
    tagged = articles._meta.get_field("tagged_items").related_model
    tags = tagged._meta.get_field("tag").related_model
    return {
        "articles": quote(articles._meta.db_table, using=using),
        "pages": quote(Page._meta.db_table, using=using),
        "authors": quote(authors._meta.db_table, using=using),
        "tagged": quote(tagged._meta.db_table, using=using),
        "tags": quote(tags._meta.db_table, using=using),
    }


# --- An article's byline, topics and 上一篇/下一篇 ----------------------------------------------


@dataclass
class ArticleLinks:
    """An article's byline (names in order), topics and previous and next visible article of
    its column."""

    authors: list[str]
    topics: list
    previous: object | None
    next: object | None


def _json(using: str) -> tuple[str, str]:
    """The database's JSON array and aggregate functions."""
    if connections[using].vendor == "postgresql":
        return "json_build_array", "json_agg"
    return "json_array", "json_group_array"


def _neighbour_sql(
    articles, *, newer: bool, column: str, when: str, pk: str, visibility, using: str
) -> tuple[str, list]:
    """A sub-select of the previous (older) or next (newer) visible article in the column
    ``column`` from the moment ``when`` and id ``pk`` (SQL expressions: the outer article's
    columns, or ``%s``), as a JSON array of its ``LINK_FIELDS``. One probe of the index on
    (column, publish_time, id): a keyset condition on (publish_time, id) — ties in time ordered
    by id, the article itself left out — read in the index's order, stopping at the first
    visible article. The same plan whether PostgreSQL plans the prepared statement for its
    values or generically."""
    visible, params = visibility.sql(articles, {Page: "p2", articles: "n2"}, using=using)
    return _neighbour_text(articles, newer, column, when, pk, visible, using), params


@functools.lru_cache(maxsize=64)
def _neighbour_text(articles, newer, column, when, pk, visible, using) -> str:
    """``_neighbour_sql``'s text (written once per visibility text: per private sections)."""
    array, _aggregate = _json(using)
    tables = _tables(articles, using=using)
    aliases = {Page: "p2", articles: "n2"}
    compare, order = (">", "ASC") if newer else ("<", "DESC")
    return (
        f"(SELECT {array}({select_list(link_fields(articles), aliases, using=using)})"
        f" FROM {tables['articles']} n2 INNER JOIN {tables['pages']} p2 ON n2.page_ptr_id = p2.id"
        f" WHERE {visible} AND n2.column_id = {column}"
        f" AND (n2.publish_time, n2.page_ptr_id) {compare} ({when}, {pk})"
        f" ORDER BY n2.publish_time {order}, n2.page_ptr_id {order} LIMIT 1)"
    )


@functools.lru_cache(maxsize=16)
def _byline_sql(articles, *, using: str) -> str:
    """Two sub-selects on the article ``n``: its authors as [sort order, id, name] and its topics
    as [id, name, slug], JSON arrays in no particular order (``_links`` orders them: SQLite
    before 3.44 cannot order inside an aggregate)."""
    array, aggregate = _json(using)
    tables = _tables(articles, using=using)
    return (
        f"(SELECT {aggregate}({array}(a.sort_order, a.id, a.name)) FROM {tables['authors']} a"
        " WHERE a.page_id = n.page_ptr_id),"
        f" (SELECT {aggregate}({array}(t.id, t.name, t.slug)) FROM {tables['tags']} t"
        f" INNER JOIN {tables['tagged']} nt ON nt.tag_id = t.id"
        " WHERE nt.content_object_id = n.page_ptr_id)"
    )


def _links_sql(articles, *, visibility, using: str) -> tuple[str, list]:
    """Four columns on the article ``n``: byline, topics, previous and next (``_links``)."""
    sql, params = _byline_sql(articles, using=using), []
    for newer in (False, True):
        neighbour, neighbour_params = _neighbour_sql(
            articles,
            newer=newer,
            column="n.column_id",
            when="n.publish_time",
            pk="n.page_ptr_id",
            visibility=visibility,
            using=using,
        )
        sql += f", {neighbour}"
        params += neighbour_params
    return sql, params


def _loaded(value):
    """A JSON column's value: PostgreSQL's driver decodes it, SQLite's gives the text."""
    return json.loads(value) if isinstance(value, str) else value


def _links(articles, values, *, using: str) -> ArticleLinks:
    """``ArticleLinks`` from the four columns of ``_links_sql``."""

    authors, topics, previous, following = (_loaded(value) for value in values)

    def neighbour(found):
        if found is None:
            return None
        return instance_from_row(articles, link_fields(articles), found, using=using)

    return ArticleLinks(
        authors=[name for _order, _pk, name in sorted(authors or [], key=lambda a: a[:2])],
        topics=[Tag(id=pk, name=name, slug=slug) for pk, name, slug in sorted(topics or [])],
        previous=neighbour(previous),
        next=neighbour(following),
    )


def article_links(articles, *, article, visibility: Visibility | None = None) -> ArticleLinks:
    """The byline, topics and (with ``visibility``) neighbours of the saved ``article``: one
    statement, the same columns routing reads along with an article (``article_for_route``)."""
    using = router.db_for_read(articles)
    if visibility is None:
        columns, params = f"{_byline_sql(articles, using=using)}, NULL, NULL", []
    else:
        columns, params = _links_sql(articles, visibility=visibility, using=using)
    sql = f"SELECT {columns} FROM {_tables(articles, using=using)['articles']} n"
    with prepared_cursor(using=using) as cursor:
        cursor.execute(f"{sql} WHERE n.page_ptr_id = %s", [*params, article.pk])
        row = cursor.fetchone()
    return _links(articles, row or (None, None, None, None), using=using)


def neighbours(articles, *, article, column_id: int, visibility: Visibility) -> tuple:
    """The previous and next visible article of column ``column_id`` around ``article`` (one
    statement: the sub-selects of ``_neighbour_sql``, on values instead of an article's row)."""
    using = router.db_for_read(articles)
    columns, params = [], []
    for newer in (False, True):
        sql, visible_params = _neighbour_sql(
            articles,
            newer=newer,
            column="%s",
            when="%s",
            pk="%s",
            visibility=visibility,
            using=using,
        )
        columns.append(sql)
        params += [*visible_params, column_id, db_datetime(article.publish_time, using=using)]
        params.append(article.pk)
    with prepared_cursor(using=using) as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        row = cursor.fetchone()
    fields = link_fields(articles)
    return tuple(
        None if value is None else instance_from_row(articles, fields, _loaded(value), using=using)
        for value in row
    )


# --- Routing -----------------------------------------------------------------------------------


@functools.cache
def _route_statement(articles, using: str) -> tuple[str, str, list, list]:
    """``article_for_route``'s select list, the rest of its statement and the fields it reads
    (written once per process)."""
    image_field = articles._meta.get_field("feature_image")
    image_model = image_field.related_model
    page_fields = list(articles._meta.concrete_fields)
    image_fields = list(image_model._meta.concrete_fields)
    columns = select_list(page_fields, {Page: "p", articles: "n"}, using=using)
    columns += ", " + select_list(image_fields, {image_model: "i"}, using=using)
    tables = _tables(articles, using=using)
    rest = (
        f" FROM {tables['articles']} n INNER JOIN {tables['pages']} p ON n.page_ptr_id = p.id"
        f" LEFT OUTER JOIN {quote(image_model._meta.db_table, using=using)} i"
        f" ON i.{quote(image_model._meta.pk.column, using=using)}"
        f" = n.{quote(image_field.column, using=using)}"
        " WHERE p.slug = %s AND p.url_path = %s AND p.path LIKE %s AND p.depth = %s"
    )
    return f"SELECT {columns}", rest, page_fields, image_fields


def article_for_route(articles, *, parent, slug: str, url_path: str, visibility: Visibility):
    """The article (live or not) at ``url_path``, a child of ``parent``, with its feature image,
    its byline, topics and neighbours (``served_links``, ``ArticleLinks``): one prepared
    statement. The ORM took longer to compile the article's query than PostgreSQL took to run
    it, and the links read along save two statements per article view. None if there is none."""
    using = router.db_for_read(articles)
    select, rest, page_fields, image_fields = _route_statement(articles, using)
    links, params = _links_sql(articles, visibility=visibility, using=using)
    with prepared_cursor(using=using) as cursor:
        # tree paths are letters and digits: nothing to escape in the pattern
        cursor.execute(
            f"{select}, {links}{rest}",
            [*params, slug, url_path, f"{parent.path}%", parent.depth + 1],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    page = instance_from_row(articles, page_fields, row[: len(page_fields)], using=using)
    image_field = articles._meta.get_field("feature_image")
    image_model = image_field.related_model
    image_values = row[len(page_fields) : len(page_fields) + len(image_fields)]
    image = None
    if image_values[image_fields.index(image_model._meta.pk)] is not None:
        image = instance_from_row(image_model, image_fields, image_values, using=using)
    image_field.set_cached_value(page, image)
    page.served_links = _links(articles, row[len(page_fields) + len(image_fields) :], using=using)
    return page


# --- 相关文章: the newest articles of topics and columns ---------------------------------------


def _branch(articles, *, kind: str, condition: str, params: list, limit: int, visibility, using):
    """One branch of the UNION ALL: the newest ``limit`` visible articles meeting
    ``condition``, read with ``list_fields``."""
    aliases = {Page: "p", articles: "n"}
    columns = select_list(list_fields(articles), aliases, using=using)
    visible, visible_params = visibility.sql(articles, aliases, using=using)
    tables = _tables(articles, using=using)
    # The inner SELECT keeps its own ORDER BY and LIMIT (SQLite allows them only in a subquery).
    sql = (
        f"SELECT * FROM (SELECT {columns}, '{kind}' AS link_kind"
        f" FROM {tables['articles']} n INNER JOIN {tables['pages']} p ON n.page_ptr_id = p.id"
        f" WHERE {visible} AND {condition}"
        f" ORDER BY n.publish_time DESC, p.id DESC LIMIT {int(limit)}) {kind}_branch"
    )
    return sql, [*visible_params, *params]


def newest_lists(articles, *, lists: list[tuple[str, object]], limit: int, visibility) -> list:
    """The newest ``limit`` visible articles of each of ``lists`` — ("topic", tag id) or
    ("column", tree path: its sub-columns included) — in one statement, a UNION ALL of ordered,
    limited branches: [[articles, newest first] for each list]."""
    using = router.db_for_read(articles)
    tagged = _tables(articles, using=using)["tagged"]
    branches = []
    for number, (kind, value) in enumerate(lists):
        if kind == "topic":
            condition = (
                f"EXISTS (SELECT 1 FROM {tagged} t WHERE t.content_object_id = n.page_ptr_id"
                " AND t.tag_id = %s)"
            )
            params = [value]
        else:
            condition, params = "p.path LIKE %s", [f"{value}%"]
        branches.append(
            _branch(
                articles,
                kind=f"list{number}",
                condition=condition,
                params=params,
                limit=limit,
                visibility=visibility,
                using=using,
            )
        )
    found: dict[str, list] = {}
    if branches:
        sql = " UNION ALL ".join(branch_sql for branch_sql, _params in branches)
        params = [param for _sql, branch_params in branches for param in branch_params]
        fields = list_fields(articles)
        with prepared_cursor(using=using) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for *values, kind in rows:
            found.setdefault(kind, []).append(
                instance_from_row(articles, fields, values, using=using)
            )
    return [found.get(f"list{number}", []) for number in range(len(lists))]
