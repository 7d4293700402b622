"""The import of articles from the old site (parsed by ``news.legacy``): creating or updating
pages and the columns they sit in."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import format_html, strip_tags
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.rich_text import RichText

from .legacy import LegacyArticle, LegacyParseError, clean_column_title
from .models import NewsIndexPage, NewsPage, NewsPageAuthor


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
