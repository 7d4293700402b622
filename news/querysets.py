"""The ORM listings of articles, as methods of ``NewsPage.objects`` (``NewsPage.objects.visible()
.in_column(column, snapshot=…)``), the way Wagtail's ``PageQuerySet`` serves ``Page.objects``."""

from datetime import datetime

from django.db import router
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page, PageManager, PageQuerySet

from home.services import pk_in_any
from home.visibility import Visibility

from .statements import LIST_FIELDS_DEFERRED

# What the public may see of the articles: the rules of every page, and not before 发布时间.
PUBLIC_ARTICLES = Visibility(embargo_field="publish_time")


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


class NewsPageQuerySet(PageQuerySet):
    def visible(self):
        """Articles the public may see: live, public, not expired and not dated in the future
        (``PUBLIC_ARTICLES``, the rules the hand-written SQL reads too)."""
        return self.filter(PUBLIC_ARTICLES.q())

    def newest_first(self):
        return self.order_by("-publish_time", "-pk")

    def in_column(self, column: Page, *, snapshot: datetime):
        """The articles of a column and its sub-columns that were published by ``snapshot``,
        newest first, each with the title of the column it sits in (``column_title``) — one
        query per page of results. The body is loaded too (same query) because the list shows
        each summary, derived from the body when empty."""
        parent_title = Page.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        ).values("title")[:1]
        return (
            self.descendant_of(column)
            .filter(first_published_at__lte=snapshot)
            .annotate(column_title=Subquery(parent_title))
            .newest_first()
        )

    def latest_by_column(self, *, home: Page, columns: list[Page], per_column: int = 6) -> list:
        """[(column, [articles…])] for the given top-level columns that have visible articles,
        newest first in each — one query whatever the number of columns or articles: one
        ordered, limited sub-query per column, each answered from the publish_time index."""
        if not columns:
            return []
        visible = self.visible().newest_first().values("pk")
        newest = pk_in_any(
            visible.filter(path__startswith=column.path)[:per_column] for column in columns
        )
        prefix_length = Page.steplen * (home.depth + 1)
        ranked = (
            self.filter(newest)
            .annotate(column_path=Substr("path", 1, prefix_length))
            .defer(*LIST_FIELDS_DEFERRED)
            .newest_first()
        )
        by_column: dict[str, list] = {}
        for article in ranked:
            by_column.setdefault(article.column_path, []).append(article)
        return [(column, by_column[column.path]) for column in columns if column.path in by_column]

    def photo_news(self, *, home: Page, limit: int = 5) -> list:
        """The newest visible 图片新闻 with a feature image, renditions prefetched."""
        return list(
            self.visible()
            .descendant_of(home)
            .filter(is_photo_news=True, feature_image__isnull=False)
            .select_related("feature_image")
            .prefetch_related("feature_image__renditions")
            .newest_first()[:limit]
        )

    def next_scheduled(self, *, now: datetime) -> datetime | None:
        """The next moment a live article dated in the future (发布时间) appears in the
        listings."""
        return (
            self.live()
            .filter(publish_time__gt=now)
            .order_by("publish_time")
            .values_list("publish_time", flat=True)
            .first()
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


def column_id_from_tree(*, article) -> int | None:
    """The id of the page ``article`` sits under in the tree (its column), read from its path:
    what ``NewsPage.column`` holds once the article is saved."""
    if not article.path:
        return None
    return (
        Page.objects.using(router.db_for_write(type(article), instance=article))
        .filter(path=article.path[: -Page.steplen])
        .values_list("pk", flat=True)
        .first()
    )
