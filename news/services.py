"""Operations on articles that publishing and the page cache call (wired in news.signals and
``PAGE_CACHE_SCHEDULE``). The rest lives in modules named for their job: listings in
``querysets``, the hand-written SQL in ``statements``, routing, links, citation, sharing and the
legacy import."""

from datetime import datetime

from wagtail.models import Page

from .models import NewsPage


def ensure_publish_time(*, page: NewsPage) -> None:
    """Give a published article without 发布时间 the time it first went live."""
    if page.publish_time is None and page.first_published_at is not None:
        NewsPage.objects.filter(pk=page.pk, publish_time__isnull=True).update(
            publish_time=page.first_published_at
        )
        page.publish_time = page.first_published_at


def follow_move(*, article: Page, column: Page) -> None:
    """Store ``column`` as the column of the moved ``article`` (its new parent)."""
    NewsPage.objects.filter(pk=article.pk).update(column=column)


def next_scheduled_article(*, now: datetime) -> datetime | None:
    """The next moment a live article dated in the future (发布时间) appears in the listings."""
    return NewsPage.objects.next_scheduled(now=now)
