"""Queries and operations on articles: listings, neighbours, the legacy import."""

import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import router, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText

from home.services import (
    SHARE_IMAGE_FILTER,
    pk_in_any,
    prepared_cursor,
    storage_failed_before_sql,
)

from .legacy import LegacyArticle, LegacyParseError, clean_column_title
from .models import NewsIndexPage, NewsPage, NewsPageAuthor, NewsPageTag

logger = logging.getLogger(__name__)

LIST_FIELDS_DEFERRED = ["body", "summary"]


def parse_snapshot(value: str | None) -> datetime:
    """The moment a paginated listing is frozen at (``?asof=<unix seconds>``), never the future.

    Articles that go live after it stay off the pages a reader is paging through, so page 2 does
    not repeat the end of page 1 when something new is published meanwhile.
    """
    now = timezone.now()
    try:
        moment = datetime.fromtimestamp(int(value), tz=timezone.get_current_timezone())
    except (TypeError, ValueError, OverflowError, OSError):
        return now
    return min(moment, now)


def column_articles(*, column: Page, snapshot: datetime):
    """The visible articles of a column and its sub-columns, newest first, each with the title of
    the column it sits in (``column_title``) — one query per page of results. The body is loaded
    too (same query) because the list shows each summary, derived from the body when empty."""
    parent_title = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("title")[:1]
    return (
        NewsPage.visible()
        .descendant_of(column)
        .filter(first_published_at__lte=snapshot)
        .annotate(column_title=Subquery(parent_title))
        .order_by("-publish_time", "-pk")
    )


# The article page's 上一篇/下一篇 and 相关文章: small lists the database answers from its
# indexes in about a millisecond. Built with the ORM they cost several times that in Python
# (filters, sub-queries and their compilation on every request); here each is a branch of one SQL
# statement, a UNION ALL of ordered, limited branches over the aliases ``n`` (news_newspage) and
# ``p`` (wagtailcore_page), each with the rules of ``NewsPage.visible()`` (live, not expired, not
# in a private section, not dated in the future), the list fields deferred as
# ``LIST_FIELDS_DEFERRED`` says.
#
# 相关文章 are drawn from lists shared by many articles — the newest of each topic, the newest of
# each column — kept per site generation (any publication retires them, like the page cache), so
# an article page asks the database only for its own 上一篇/下一篇: planning and running the
# related branches was most of the statement's 8-10 ms at 100,000 articles.

RELATED_LIMIT = 5
# Candidates kept per topic and per column: one more than shown, as the article itself may be one.
RELATED_CANDIDATES = RELATED_LIMIT + 1


@dataclass
class ArticleLinks:
    previous: NewsPage | None
    next: NewsPage | None
    related: list[NewsPage]


def _db_time(moment: datetime):
    """A datetime as the database stores it (SQLite: naive UTC text)."""
    from django.db import connection

    return connection.ops.adapt_datetimefield_value(moment)


@functools.cache
def _columns(fields: tuple) -> str:
    """The select list of ``fields`` of an article (``n``) and its page (``p``)."""
    from django.db import connection

    quote = connection.ops.quote_name
    return ", ".join(
        f"{'p' if field.model is Page else 'n'}.{quote(field.column)}" for field in fields
    )


def _visible(*, n: str, p: str) -> tuple[str, list]:
    """The rules of ``NewsPage.visible()`` as SQL on the aliases ``n`` (news_newspage) and ``p``
    (wagtailcore_page): live, not expired, not dated in the future, not in a private section."""
    from home.cache.lookups import restricted_paths

    now = _db_time(timezone.now())
    sql = f"{p}.live AND ({p}.expire_at IS NULL OR {p}.expire_at > %s) AND {n}.publish_time <= %s"
    params: list = [now, now]
    for path in restricted_paths():
        sql += f" AND {p}.path NOT LIKE %s"
        params.append(f"{path}%")  # tree paths are letters and digits: nothing to escape
    return sql, params


def _branch(
    *,
    kind: str,
    article: NewsPage | None,
    condition: str,
    params: list,
    order: str,
    limit: int,
    fields: tuple | None = None,
):
    """One branch of the UNION ALL: visible articles (not ``article``) meeting ``condition``,
    read with ``fields`` (by default those of a list, ``_list_fields``)."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = _columns(fields or _list_fields())
    visible, visible_params = _visible(n="n", p="p")
    if article is not None:
        visible += " AND p.id <> %s"
        visible_params.append(article.pk)
    # The inner SELECT keeps its own ORDER BY and LIMIT (SQLite allows them only in a subquery).
    sql = (
        f"SELECT * FROM (SELECT {columns}, '{kind}' AS link_kind"
        f" FROM {quote(NewsPage._meta.db_table)} n"
        f" INNER JOIN {quote(Page._meta.db_table)} p ON n.page_ptr_id = p.id"
        f" WHERE {visible} AND {condition} ORDER BY {order} LIMIT {int(limit)}) {kind}_branch"
    )
    return sql, [*visible_params, *params]


def _union(
    branches: list[tuple[str, list]], fields: tuple | None = None
) -> dict[str, list[NewsPage]]:
    """Run the branches (each reading ``fields``, by default ``_list_fields``) as one statement:
    {kind: [articles in the branch's order]}."""

    found: dict[str, list[NewsPage]] = {}
    if branches:
        sql = " UNION ALL ".join(branch_sql for branch_sql, _params in branches)
        params = [param for _sql, branch_params in branches for param in branch_params]
        fields = fields or _list_fields()
        using = router.db_for_read(NewsPage)
        with prepared_cursor(using=using) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for *values, kind in rows:
            found.setdefault(kind, []).append(_instance(NewsPage, fields, values, using=using))
    return found


def _instance(model, fields, values, *, using: str):
    """A ``model`` instance from a hand-written statement's ``values`` (of ``fields``) read from
    database ``using``, converted as the ORM converts what it reads (SQLite's dates and UUIDs,
    for one)."""
    from django.db import connections

    connection = connections[using]
    names, converters = _readers(using, model, tuple(fields))
    values = list(values)
    for index, column, functions in converters:
        for function in functions:
            values[index] = function(values[index], column, connection)
    return model.from_db(connection.alias, names, values)


@functools.cache
def _readers(using: str, model, fields: tuple) -> tuple[list[str], list[tuple]]:
    """The attribute names of ``fields`` and the ORM's converters of their values read from
    database ``using`` (the ORM's own; worked out once per process)."""
    from django.db import connections

    connection = connections[using]

    converters = []
    for index, model_field in enumerate(fields):
        column = model_field.get_col(model_field.model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return [field.attname for field in fields], converters


def _other_children(column: Page) -> frozenset[str]:
    """URL paths of the children of ``column`` that are not articles (live or not), per site
    generation: a new or moved page replaces it."""
    from home.cache.shared import kept, shared_key

    return kept(
        shared_key("column-other-children", column.pk),
        lambda: frozenset(
            Page.objects.child_of(column).not_type(NewsPage).values_list("url_path", flat=True)
        ),
    )


@functools.cache
def _route_statement() -> tuple[str, str, list, list]:
    """``article_for_route``'s statement (its select list and the rest) and the fields it reads
    (written once per process)."""
    from django.db import connection

    quote = connection.ops.quote_name
    image_field = NewsPage._meta.get_field("feature_image")
    image_model = image_field.related_model
    page_fields = list(NewsPage._meta.concrete_fields)
    image_fields = list(image_model._meta.concrete_fields)
    columns = [f"{'p' if f.model is Page else 'n'}.{quote(f.column)}" for f in page_fields]
    columns += [f"i.{quote(f.column)}" for f in image_fields]
    rest = (
        f" FROM {quote(NewsPage._meta.db_table)} n"
        f" INNER JOIN {quote(Page._meta.db_table)} p ON n.page_ptr_id = p.id"
        f" LEFT OUTER JOIN {quote(image_model._meta.db_table)} i"
        f" ON i.{quote(image_model._meta.pk.column)} = n.{quote(image_field.column)}"
        " WHERE p.slug = %s AND p.url_path = %s AND p.path LIKE %s AND p.depth = %s"
    )
    return f"SELECT {', '.join(columns)}", rest, page_fields, image_fields


@dataclass
class ServedLinks:
    """An article's byline, topics and 上一篇/下一篇, read along with it by routing."""

    authors: list[str]
    topics: list[Tag]
    previous: NewsPage | None
    next: NewsPage | None


def _served_links_sql() -> tuple[str, list]:
    """Four more columns of the routing statement (PostgreSQL): the authors' names in byline
    order, the topics (id, name, slug) by id, and the previous and next visible article of the
    column (its ``LINK_FIELDS``, as JSON), each probing the (column, publish_time, id)
    index as ``_neighbours`` does. Saves two statements per article view."""
    from django.db import connection

    quote = connection.ops.quote_name
    fields = _link_fields()
    neighbour = ", ".join(
        f"{'p2' if field.model is Page else 'n2'}.{quote(field.column)}" for field in fields
    )
    visible, visible_params = _visible(n="n2", p="p2")
    columns = [
        f"(SELECT json_agg(a.name ORDER BY a.sort_order, a.id)"
        f" FROM {quote(NewsPageAuthor._meta.db_table)} a WHERE a.page_id = n.page_ptr_id)",
        f"(SELECT json_agg(json_build_array(t.id, t.name, t.slug) ORDER BY t.id)"
        f" FROM {quote(Tag._meta.db_table)} t"
        f" INNER JOIN {quote(NewsPageTag._meta.db_table)} nt ON nt.tag_id = t.id"
        " WHERE nt.content_object_id = n.page_ptr_id)",
    ]
    params = []
    for compare, order in (("<", "DESC"), (">", "ASC")):
        columns.append(
            f"(SELECT json_build_array({neighbour}) FROM {quote(NewsPage._meta.db_table)} n2"
            f" INNER JOIN {quote(Page._meta.db_table)} p2 ON n2.page_ptr_id = p2.id"
            f" WHERE {visible} AND n2.column_id = n.column_id"
            f" AND (n2.publish_time, n2.page_ptr_id) {compare} (n.publish_time, n.page_ptr_id)"
            f" ORDER BY n2.publish_time {order}, n2.page_ptr_id {order} LIMIT 1)"
        )
        params += visible_params
    return ", ".join(columns), params


def _served_links(values: list, *, using: str) -> ServedLinks:
    """``ServedLinks`` from the four JSON columns of ``_served_links_sql``."""
    authors, topics, previous, following = values

    def neighbour(found):
        return None if found is None else _instance(NewsPage, _link_fields(), found, using=using)

    return ServedLinks(
        authors=authors or [],
        topics=[Tag(id=pk, name=name, slug=slug) for pk, name, slug in topics or []],
        previous=neighbour(previous),
        next=neighbour(following),
    )


def article_for_route(*, parent: Page, slug: str, url_path: str) -> NewsPage | None:
    """The article (live or not) at ``url_path``, a child of ``parent``, with its feature image:
    how routing loads an article (``NewsIndexPage.routed_child``). One prepared statement: the
    ORM took longer to compile this query than PostgreSQL took to run it. On PostgreSQL it also
    reads the article's byline, topics and neighbours (``served_links``, used by
    ``NewsPage.get_context``). None, without a query, for the column's other children
    (sub-columns, a station network), whose URL paths are kept per site generation."""
    from django.db import connections

    if url_path in _other_children(parent):
        return None
    select, rest, page_fields, image_fields = _route_statement()
    using = router.db_for_read(NewsPage)
    extras, params = "", []
    if connections[using].vendor == "postgresql":
        extras, params = _served_links_sql()
        extras = f", {extras}"
    with prepared_cursor(using=using) as cursor:
        # tree paths are letters and digits: nothing to escape in the pattern
        cursor.execute(
            f"{select}{extras}{rest}",
            [*params, slug, url_path, f"{parent.path}%", parent.depth + 1],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    page = _instance(NewsPage, page_fields, row[: len(page_fields)], using=using)
    image_field = NewsPage._meta.get_field("feature_image")
    image_model = image_field.related_model
    image_values = row[len(page_fields) : len(page_fields) + len(image_fields)]
    image = None
    if image_values[image_fields.index(image_model._meta.pk)] is not None:
        image = _instance(image_model, image_fields, image_values, using=using)
    image_field.set_cached_value(page, image)
    if extras:
        page.served_links = _served_links(
            list(row[len(page_fields) + len(image_fields) :]), using=using
        )
    return page


@functools.cache
def _list_fields() -> tuple:
    """The columns an article of a list is read with (``LIST_FIELDS_DEFERRED`` left out)."""
    return tuple(
        field for field in NewsPage._meta.concrete_fields if field.name not in LIST_FIELDS_DEFERRED
    )


# What 上一篇/下一篇 show and link to (a title and an address): the rest is left unread. Plain
# numbers and text, so that routing can read them as JSON too (``_served_links_sql``).
LINK_FIELDS = ("id", "path", "depth", "title", "url_path", "locale", "live", "page_ptr")


@functools.cache
def _link_fields() -> tuple:
    """``LINK_FIELDS`` in the model's order (``Model.from_db`` reads a subset in that order)."""
    return tuple(field for field in NewsPage._meta.concrete_fields if field.name in LINK_FIELDS)


def column_id_from_tree(*, article: NewsPage) -> int | None:
    """The id of the page ``article`` sits under in the tree (its column), read from its path:
    what ``NewsPage.column`` holds once the article is saved."""
    if not article.path:
        return None
    return (
        Page.objects.using(router.db_for_write(NewsPage, instance=article))
        .filter(path=article.path[: -Page.steplen])
        .values_list("pk", flat=True)
        .first()
    )


def follow_move(*, article: Page, column: Page) -> None:
    """Store ``column`` as the column of the moved ``article`` (its new parent)."""
    NewsPage.objects.filter(pk=article.pk).update(column=column)


def _neighbours(
    *, article: NewsPage, column_id: int | None = None
) -> tuple[NewsPage | None, NewsPage | None]:
    """Each direction is one probe of the index on (column, publish_time, id): a keyset
    condition on (publish_time, id) — ties in time ordered by id, the article itself left out —
    read in the index's order, stopping at the first visible article. The same plan whether
    PostgreSQL plans the prepared statement for its values or generically."""
    column_id = article.column_id if column_id is None else column_id
    if article.publish_time is None or column_id is None:
        return None, None
    when = _db_time(article.publish_time)
    branches = [
        _branch(
            kind=kind,
            article=None,
            condition=f"n.column_id = %s AND (n.publish_time, n.page_ptr_id) {compare} (%s, %s)",
            params=[column_id, when, article.pk],
            order=f"n.publish_time {order}, n.page_ptr_id {order}",
            limit=1,
            fields=_link_fields(),
        )
        for kind, compare, order in (("previous", "<", "DESC"), ("next", ">", "ASC"))
    ]
    found = _union(branches, _link_fields())
    return next(iter(found.get("previous", [])), None), next(iter(found.get("next", [])), None)


def _related_candidates(*, tag_ids: list[int], column_path: str) -> tuple[list, list]:
    """The newest ``RELATED_CANDIDATES`` visible articles of each topic in ``tag_ids`` (merged)
    and of the column at ``column_path`` (its sub-columns included), kept per site generation:
    any publication, and the moment an article dated in the future appears, retires them. The
    lists missing from the cache are read in one statement."""
    from django.db import connection

    from home.cache.shared import keep_many, kept_many, shared_key

    keys = {shared_key("related", "topic", tag_id): ("topic", tag_id) for tag_id in tag_ids}
    keys[shared_key("related", "column", column_path)] = ("column", column_path)
    lists = kept_many(list(keys))
    missing = [key for key in keys if key not in lists]
    if missing:
        tags = connection.ops.quote_name(NewsPageTag._meta.db_table)
        newest = "n.publish_time DESC, p.id DESC"
        branches = []
        for number, key in enumerate(missing):
            kind, value = keys[key]
            if kind == "topic":
                condition = (
                    f"EXISTS (SELECT 1 FROM {tags} t WHERE t.content_object_id = n.page_ptr_id"
                    " AND t.tag_id = %s)"
                )
                params = [value]
            else:
                condition, params = "p.path LIKE %s", [f"{value}%"]
            branches.append(
                _branch(
                    kind=f"list{number}",
                    article=None,
                    condition=condition,
                    params=params,
                    order=newest,
                    limit=RELATED_CANDIDATES,
                )
            )
        found = _union(branches)
        fresh = {key: found.get(f"list{number}", []) for number, key in enumerate(missing)}
        keep_many(fresh)
        lists.update(fresh)
    by_topic = [page for key, (kind, _v) in keys.items() if kind == "topic" for page in lists[key]]
    column = next(lists[key] for key, (kind, _v) in keys.items() if kind == "column")
    return by_topic, column


def _related(*, article: NewsPage, tag_ids: list[int] | None) -> list[NewsPage]:
    if tag_ids is None:
        tag_ids = list(
            NewsPageTag.objects.filter(content_object_id=article.pk).values_list(
                "tag_id", flat=True
            )
        )
    by_topic, column = _related_candidates(
        tag_ids=sorted(set(tag_ids)), column_path=article.path[: -Page.steplen]
    )

    def newest_first(page):
        return (page.publish_time, page.pk)

    # 相关文章: those sharing a topic (the newest five), then the newest of the column. Each
    # topic's list holds its newest six, so the newest five sharing any topic (the article itself
    # left out) are among them. An article of the column that shares a topic but is not among
    # those five would come after them, so past the limit: the result is that of ranking all.
    seen = {article.pk}
    shared = []
    for page in sorted(by_topic, key=newest_first, reverse=True):
        if page.pk not in seen:
            seen.add(page.pk)
            shared.append(page)
    shared = shared[:RELATED_LIMIT]
    seen = {article.pk, *(page.pk for page in shared)}
    in_column = [page for page in column if page.pk not in seen]
    return (shared + in_column)[:RELATED_LIMIT]


def byline_and_topics(*, article: NewsPage) -> tuple[list[str], list[Tag]]:
    """The names of ``article``'s authors (in byline order) and its topics, read in one
    statement (the two relations would take one query each). For a saved article only: a
    preview's authors and topics are in memory, not yet in the database."""
    from django.db import connection

    quote = connection.ops.quote_name
    authors = quote(NewsPageAuthor._meta.db_table)
    tagged = quote(NewsPageTag._meta.db_table)
    tags = quote(Tag._meta.db_table)
    sql = (
        f"SELECT 0 AS kind, a.id, a.name, '' AS slug, a.sort_order FROM {authors} a"
        " WHERE a.page_id = %s"
        f" UNION ALL SELECT 1, t.id, t.name, t.slug, NULL FROM {tags} t"
        f" INNER JOIN {tagged} nt ON nt.tag_id = t.id WHERE nt.content_object_id = %s"
        " ORDER BY 1, 5, 2"
    )
    names, topics = [], []
    with prepared_cursor(using=router.db_for_read(NewsPage)) as cursor:
        cursor.execute(sql, [article.pk, article.pk])
        for kind, pk, name, slug, _order in cursor.fetchall():
            if kind == 0:
                names.append(name)
            else:
                topics.append(Tag(id=pk, name=name, slug=slug))
    return names, topics


def article_links(
    *, article: NewsPage, tag_ids: list[int] | None = None, neighbours: tuple | None = None
) -> ArticleLinks:
    """上一篇, 下一篇 (one query, unless the caller has them: ``neighbours``) and 相关文章 (from
    lists kept per site generation) of ``article``; ``tag_ids``, its topics, when the caller has
    them already."""
    previous, following = neighbours if neighbours is not None else _neighbours(article=article)
    return ArticleLinks(
        previous=previous, next=following, related=_related(article=article, tag_ids=tag_ids)
    )


def adjacent_articles(
    *, article: NewsPage, column_id: int | None = None
) -> tuple[NewsPage | None, NewsPage | None]:
    """The previous (older) and next (newer) visible article in the same column (same parent),
    by publish time, ties broken by id: one index probe each, however big the column. The column
    is the one stored on the article unless ``column_id`` says otherwise (a page being moved,
    whose stored column follows the tree only once the move is done)."""
    return _neighbours(article=article, column_id=column_id)


def related_articles(*, article: NewsPage) -> list[NewsPage]:
    """Articles sharing a topic with ``article`` first, then the newest of its column. Only the
    newest six of each topic and of the column are candidates (ordered, limited branches the
    database answers from the publish_time index), so the cost does not grow with the site."""
    return _related(article=article, tag_ids=None)


def latest_by_column(*, home: Page, columns: list[Page], per_column: int = 6) -> list[tuple]:
    """[(column, [articles…])] for the given top-level columns that have visible articles,
    newest first in each — one query whatever the number of columns or articles: one ordered,
    limited sub-query per column, each answered from the publish_time index."""
    if not columns:
        return []
    visible = NewsPage.visible().order_by("-publish_time", "-pk").values("pk")
    newest = pk_in_any(
        visible.filter(path__startswith=column.path)[:per_column] for column in columns
    )
    prefix_length = Page.steplen * (home.depth + 1)
    ranked = (
        NewsPage.objects.filter(newest)
        .annotate(column_path=Substr("path", 1, prefix_length))
        .defer(*LIST_FIELDS_DEFERRED)
        .order_by("-publish_time", "-pk")
    )
    by_column: dict[str, list[NewsPage]] = {}
    for article in ranked:
        by_column.setdefault(article.column_path, []).append(article)
    return [(column, by_column[column.path]) for column in columns if column.path in by_column]


def photo_news(*, home: Page, limit: int = 5) -> list[NewsPage]:
    """The newest visible 图片新闻 with a feature image, renditions prefetched."""
    return list(
        NewsPage.visible()
        .descendant_of(home)
        .filter(is_photo_news=True, feature_image__isnull=False)
        .select_related("feature_image")
        .prefetch_related("feature_image__renditions")
        .order_by("-publish_time", "-pk")[:limit]
    )


def ensure_publish_time(*, page: NewsPage) -> None:
    """Give a published article without 发布时间 the time it first went live."""
    if page.publish_time is None and page.first_published_at is not None:
        NewsPage.objects.filter(pk=page.pk, publish_time__isnull=True).update(
            publish_time=page.first_published_at
        )
        page.publish_time = page.first_published_at


# --- The legacy import -------------------------------------------------------------------------


@dataclass
class ImportResult:
    status: str  # "created", "updated" or "unchanged"
    page: NewsPage | None
    changes: list[str] = field(default_factory=list)
    new_columns: list[str] = field(default_factory=list)


def legacy_body(paragraphs: list[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(format_html("<p>{}</p>", text))) for text in paragraphs]


def _body_paragraphs(page: NewsPage) -> list[str]:
    return [
        strip_tags(block.value.source) for block in page.body if block.block_type == "paragraph"
    ]


def _differences(page: NewsPage, article: LegacyArticle, column: Page | None) -> list[str]:
    current = {
        "标题": page.title,
        "发布时间": page.publish_time,
        "来源": page.source,
        "作者": [author.name for author in page.authors.all()],
        "责任编辑": page.responsible_editor,
        "正文": _body_paragraphs(page),
    }
    wanted = {
        "标题": article.title,
        "发布时间": article.publish_time,
        "来源": article.source,
        "作者": article.authors,
        "责任编辑": article.responsible_editor,
        "正文": article.paragraphs,
    }
    changes = [name for name in current if current[name] != wanted[name]]
    if column is None or not page.path.startswith(column.path) or page.depth != column.depth + 1:
        changes.append("栏目")
    return changes


def _walk_columns(*, home: Page, titles: list[str]) -> tuple[Page, list[str]]:
    """The deepest existing column along ``titles`` below home, and the titles still missing."""
    parent = home
    for index, title in enumerate(titles):
        child = parent.get_children().type(NewsIndexPage).filter(title=title).first()
        if child is None:
            return parent, titles[index:]
        parent = child
    return parent, []


def _find_column(*, home: Page, titles: list[str]) -> tuple[Page | None, list[str]]:
    """The column at ``titles`` below home, or None and the titles still missing."""
    parent, missing = _walk_columns(home=home, titles=titles)
    return (None if missing else parent), missing


def ensure_column_path(*, home: Page, titles: list[str]) -> tuple[NewsIndexPage, list[str]]:
    """The column at ``titles`` below home, creating the missing ones as drafts: a column's
    title comes from a legacy page's breadcrumb, so an editor reviews it (and the workflow
    publishes it) before the public sees it."""
    parent, missing = _walk_columns(home=home, titles=titles)
    for title in missing:
        clean = clean_column_title(title)
        slug = slugify(clean, allow_unicode=True) or "column"
        taken = set(parent.get_children().values_list("slug", flat=True))
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        child = NewsIndexPage(title=clean, slug=slug, live=False)
        parent.add_child(instance=child)
        child.save_revision()
        parent = child
    return parent.specific, missing


class MissingColumnError(LegacyParseError):
    """The article's column does not exist and the import may not create columns."""


def _is_live_path(column: Page) -> bool:
    """The column and every column above it are live (the public can reach what is inside)."""
    ancestors = Page.objects.ancestor_of(column, inclusive=True).filter(depth__gt=1)
    return not ancestors.filter(live=False).exists()


def import_legacy_article(
    *,
    article: LegacyArticle,
    home: Page,
    live: bool = True,
    dry_run: bool = False,
    create_columns: bool = False,
) -> ImportResult:
    """Create or update the article for ``article``, in one transaction.

    Re-importing the same legacy article (same title and publication time) updates that page;
    if nothing differs it is left alone. With ``dry_run`` nothing is written. A column that does
    not exist is an error (``MissingColumnError``) unless ``create_columns``: then the missing
    columns are created as drafts, and an article in a column that is not live is a draft too.
    """
    existing = NewsPage.objects.filter(legacy_id=article.legacy_id).first()
    column, missing = _find_column(home=home, titles=article.column_path)
    if missing and not create_columns:
        raise MissingColumnError(
            f"栏目不存在：{' › '.join(article.column_path)}（可用 --create-columns 新建为草稿栏目）"
        )
    if existing is not None:
        draft = existing.get_latest_revision_as_object()
        changes = _differences(draft, article, column)
        if not changes or dry_run:
            return ImportResult(
                "updated" if changes else "unchanged", existing, changes, missing if changes else []
            )
    elif dry_run:
        return ImportResult("created", None, [], missing)

    with transaction.atomic():
        column, created_columns = ensure_column_path(home=home, titles=article.column_path)
        live = live and _is_live_path(column)
        if existing is None:
            page = NewsPage(
                legacy_id=article.legacy_id, slug=_article_slug(article, column), live=False
            )
            _fill(page, article)
            column.add_child(instance=page)
            revision = page.save_revision()
            if live:
                page.first_published_at = article.publish_time
                revision.publish()
            return ImportResult("created", page, [], created_columns)

        page = existing.get_latest_revision_as_object()
        _fill(page, article)
        revision = page.save_revision()
        if existing.live and live:
            revision.publish()
        if "栏目" in changes:
            existing.refresh_from_db()
            existing.move(column, pos="last-child")
        return ImportResult("updated", page, changes, created_columns)


def _fill(page: NewsPage, article: LegacyArticle) -> None:
    from .models import NewsPageAuthor

    page.title = article.title
    page.publish_time = article.publish_time
    page.source = article.source
    page.responsible_editor = article.responsible_editor
    page.body = legacy_body(article.paragraphs)
    page.authors = [NewsPageAuthor(name=name) for name in article.authors]


def _article_slug(article: LegacyArticle, column: Page) -> str:
    slug = f"{article.publish_time:%Y%m%d}-{article.legacy_id[:8]}"
    if column.get_children().filter(slug=slug).exists():
        slug = f"{article.publish_time:%Y%m%d}-{article.legacy_id[:16]}"
    return slug


# --- Citation ------------------------------------------------------------------------------------


def gbt7714_authors(names: list[str]) -> str:
    """GB/T 7714-2015 §8.1: up to three authors; more than three → the first three and “等”."""
    if len(names) > 3:
        return ", ".join(names[:3]) + ", 等"
    return ", ".join(names)


def citation(*, article: NewsPage, url: str, accessed, publisher: str) -> dict[str, str]:
    """The GB/T 7714-2015 reference of an online article, and a plain Chinese citation line.

    作者. 题名[EB/OL]. 来源, 发布日期[引用日期]. URL.
    """
    authors = article.author_names
    published = timezone.localtime(article.display_time).date()
    source = article.source or publisher
    head = f"{gbt7714_authors(authors)}. " if authors else ""
    reference = (
        f"{head}{article.title}[EB/OL]. {source}, {published:%Y-%m-%d}[{accessed:%Y-%m-%d}]. {url}."
    )
    plain = plain_citation(
        authors=authors, title=article.title, source=source, published=published, url=url
    )
    return {"gbt7714": reference, "plain": plain}


def plain_citation(*, authors: list[str], title: str, source: str, published, url: str) -> str:
    """The plain citation line in the reader's language: 甲、乙：《题名》，来源，2020年7月30日，URL
    in Chinese; 甲, 乙. “Title.” Source, 30 July 2020. URL. in English (the language's own
    quotation marks, separators and date format, from the catalogs and cms/formats)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext, pgettext

    values = {
        "byline": pgettext("引用：作者之间的分隔符", "、").join(authors),
        "title": title,
        "source": source,
        "date": date_format(published, "DATE_FORMAT"),
        "url": url,
    }
    if authors:
        return gettext("%(byline)s：《%(title)s》，%(source)s，%(date)s，%(url)s") % values
    return gettext("《%(title)s》，%(source)s，%(date)s，%(url)s") % values


def share_image_url(*, article: NewsPage, request) -> str:
    """The address of the feature image's sharing rendition (og:image), kept per image and site
    generation (a changed image starts a new one)."""
    from home.cache.shared import kept, shared_key

    image = article.feature_image
    if not image:
        return ""

    try:
        url = kept(
            shared_key("share-image", image.pk),
            lambda: image.get_rendition(SHARE_IMAGE_FILTER).url,
        )
    except OSError:
        # No room for the rendition (a full media disk): the page without a share image, not a
        # 500; nothing is kept, so the next view tries again.
        logger.exception("Share image of image %s could not be written", image.pk)
        storage_failed_before_sql()
        return ""
    return request.build_absolute_uri(url)


def article_structured_data(*, article: NewsPage, request, url: str, image_url: str, publisher):
    """schema.org NewsArticle for search engines, published by the site's GovernmentOrganization."""
    authors = [{"@type": "Person", "name": name} for name in article.author_names]
    organization = {
        "@type": "GovernmentOrganization",
        "name": publisher.sponsor or publisher.site_name,
        "url": request.build_absolute_uri("/"),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary_text,
        "datePublished": timezone.localtime(article.display_time).isoformat(),
        "dateModified": timezone.localtime(
            article.last_published_at or article.display_time
        ).isoformat(),
        "author": authors or [organization],
        "publisher": organization,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": get_language(),
    }
    if image_url:
        data["image"] = [image_url]
    return data


def article_context(*, article: NewsPage, request) -> dict:
    """What an article page shows media: permanent URL, citation, sharing and structured data."""
    from django.urls import reverse

    from home.models import SiteSettings

    site_settings = SiteSettings.for_request(request)
    permalink = request.build_absolute_uri(reverse("permalink", args=[article.pk]))
    canonical = article.get_full_url(request)
    image_url = share_image_url(article=article, request=request)
    return {
        "permalink": permalink,
        "citation": citation(
            article=article,
            url=permalink,
            accessed=timezone.localdate(),
            publisher=site_settings.site_name,
        ),
        "share_image_url": image_url,
        "structured_data": article_structured_data(
            article=article,
            request=request,
            url=canonical,
            image_url=image_url,
            publisher=site_settings,
        ),
    }


def next_scheduled_article(*, now: datetime) -> datetime | None:
    """The next moment a live article dated in the future (发布时间) appears in the listings."""
    return (
        NewsPage.objects.live()
        .filter(publish_time__gt=now)
        .order_by("publish_time")
        .values_list("publish_time", flat=True)
        .first()
    )
