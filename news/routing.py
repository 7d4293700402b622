"""How routing finds an article below a column (``NewsIndexPage.routed_child``)."""

from wagtail.models import Page

from home.cache.shared import kept, shared_key

from . import statements
from .querysets import PUBLIC_ARTICLES


def _other_children(column: Page, *, articles) -> frozenset[str]:
    """URL paths of the children of ``column`` that are not articles (live or not), per site
    generation: a new or moved page replaces it."""
    return kept(
        shared_key("column-other-children", column.pk),
        lambda: frozenset(
            Page.objects.child_of(column).not_type(articles).values_list("url_path", flat=True)
        ),
    )


def article_for_route(articles, *, parent: Page, slug: str, url_path: str):
    """The article (live or not) at ``url_path``, a child of ``parent``, with its feature image,
    byline, topics and neighbours, in one prepared statement (``statements.article_for_route``).
    None, without a query, for the column's other children (sub-columns, a station network),
    whose URL paths are kept per site generation. ``articles``: the article model."""
    if url_path in _other_children(parent, articles=articles):
        return None
    return statements.article_for_route(
        articles, parent=parent, slug=slug, url_path=url_path, visibility=PUBLIC_ARTICLES
    )
