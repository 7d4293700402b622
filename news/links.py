"""What an article page links to: its byline and topics, 上一篇/下一篇 and 相关文章.

相关文章 are drawn from lists shared by many articles — the newest of each topic, the newest of
each column — kept per site generation (any publication retires them, like the page cache), so
an article page asks the database only for its own links: planning and running the related
branches was most of the statement's 8-10 ms at 100,000 articles.
"""

from dataclasses import dataclass

from wagtail.models import Page

from home.cache.shared import keep_many, kept_many, shared_key

from . import statements
from .querysets import PUBLIC_ARTICLES, column_id_from_tree

RELATED_LIMIT = 5
# Candidates kept per topic and per column: one more than shown, as the article itself may be one.
RELATED_CANDIDATES = RELATED_LIMIT + 1


@dataclass
class RelatedLinks:
    previous: object | None
    next: object | None
    related: list


def served_links(*, article) -> statements.ArticleLinks:
    """The byline, topics and neighbours of the saved ``article``: read along by routing
    (``routing.article_for_route``), else in one statement."""
    found = getattr(article, "served_links", None)
    if found is None:
        found = statements.article_links(type(article), article=article, visibility=PUBLIC_ARTICLES)
        article.served_links = found
    return found


def byline_and_topics(*, article) -> tuple[list[str], list]:
    """The names of ``article``'s authors (in byline order) and its topics, read in one
    statement. For a saved article only: a preview's authors and topics are in memory, not yet
    in the database."""
    links = statements.article_links(type(article), article=article)
    return links.authors, links.topics


def adjacent_articles(*, article, column_id: int | None = None) -> tuple:
    """The previous (older) and next (newer) visible article in the same column (same parent),
    by publish time, ties broken by id: one index probe each, however big the column. The column
    is the one stored on the article unless ``column_id`` says otherwise (a page being moved,
    whose stored column follows the tree only once the move is done)."""
    column_id = article.column_id if column_id is None else column_id
    if article.publish_time is None or column_id is None:
        return None, None
    return statements.neighbours(
        type(article), article=article, column_id=column_id, visibility=PUBLIC_ARTICLES
    )


def pages_linking_to(*, article) -> list:
    """The articles whose 上一篇/下一篇 link to ``article``: its neighbours in the column it has in
    the tree (while it moves, the stored one may not follow yet)."""
    neighbours = adjacent_articles(article=article, column_id=column_id_from_tree(article=article))
    return [neighbour for neighbour in neighbours if neighbour]


def _related_candidates(articles, *, tag_ids: list[int], column_path: str) -> tuple[list, list]:
    """The newest ``RELATED_CANDIDATES`` visible articles of each topic in ``tag_ids`` (merged)
    and of the column at ``column_path`` (its sub-columns included), kept per site generation:
    any publication, and the moment an article dated in the future appears, retires them. The
    lists missing from the cache are read in one statement."""
    keys = {shared_key("related", "topic", tag_id): ("topic", tag_id) for tag_id in tag_ids}
    keys[shared_key("related", "column", column_path)] = ("column", column_path)
    lists = kept_many(list(keys))
    missing = [key for key in keys if key not in lists]
    if missing:
        found = statements.newest_lists(
            articles,
            lists=[keys[key] for key in missing],
            limit=RELATED_CANDIDATES,
            visibility=PUBLIC_ARTICLES,
        )
        fresh = dict(zip(missing, found, strict=True))
        keep_many(fresh)
        lists.update(fresh)
    by_topic = [page for key, (kind, _v) in keys.items() if kind == "topic" for page in lists[key]]
    column = next(lists[key] for key, (kind, _v) in keys.items() if kind == "column")
    return by_topic, column


def related_articles(*, article, tag_ids: list[int] | None = None) -> list:
    """Articles sharing a topic with ``article`` first, then the newest of its column. Only the
    newest six of each topic and of the column are candidates (ordered, limited branches the
    database answers from the publish_time index), so the cost does not grow with the site.
    ``tag_ids``: the article's topics, when the caller has them already."""
    if tag_ids is None:
        tagged = type(article)._meta.get_field("tagged_items").related_model
        tag_ids = list(
            tagged.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True)
        )
    by_topic, column = _related_candidates(
        type(article), tag_ids=sorted(set(tag_ids)), column_path=article.path[: -Page.steplen]
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


def article_links(
    *, article, tag_ids: list[int] | None = None, neighbours: tuple | None = None
) -> RelatedLinks:
    """上一篇, 下一篇 (one query, unless the caller has them: ``neighbours``) and 相关文章 (from
    lists kept per site generation) of ``article``; ``tag_ids``, its topics, when the caller has
    them already."""
    if neighbours is None:
        neighbours = adjacent_articles(article=article)
    previous, following = neighbours
    return RelatedLinks(
        previous=previous,
        next=following,
        related=related_articles(article=article, tag_ids=tag_ids),
    )
