"""栏目更新: which columns are past their update interval or empty, and the home page.

One query for the newest article of every column, one for the columns, one for the settings and
one for the groups: the whole site is a handful of statements, however many articles it has.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page

from home.models import HomePage
from home.services import publicly_visible
from news.models import NewsIndexPage, NewsPage

from .models import DEFAULT_INTERVAL_DAYS, HOME_INTERVAL_DAYS, ColumnHealth, ColumnKind

# The main editorial group (home/migrations/0002): responsible where no group is set or has
# rights of its own on the column.
EDITOR_GROUP = "编辑"
# Words in a column's title that tell its type when no editor has set it (the demo's 重要发布,
# 地方立法, 决议决定, 选举任免 are notices and documents; 人大概览 and 专题集锦 introduce).
NOTICE_WORDS = ("发布", "公告", "通知", "立法", "决议", "决定", "任免", "文件", "法规", "政策",
                "理论")  # fmt: skip
EXEMPT_WORDS = ("概览", "简介", "专题")


def default_kind(title: str) -> str:
    if any(word in title for word in EXEMPT_WORDS):
        return ColumnKind.EXEMPT
    if any(word in title for word in NOTICE_WORDS):
        return ColumnKind.NOTICE
    return ColumnKind.NEWS


@dataclass
class ColumnFreshness:
    page: Page
    kind: str
    interval_days: int | None
    last_published: datetime | None
    group: Group | None
    now: datetime

    @property
    def is_empty(self) -> bool:
        return self.last_published is None

    @property
    def days_since(self) -> int | None:
        if self.last_published is None:
            return None
        return (self.now - self.last_published).days

    @property
    def is_stale(self) -> bool:
        if self.interval_days is None or self.is_empty:
            return False
        return self.now - self.last_published > timedelta(days=self.interval_days)

    @property
    def is_due(self) -> bool:
        """What the report lists: past its interval, or (if checked at all) empty."""
        return self.is_stale or (self.is_empty and self.interval_days is not None)

    @property
    def is_home(self) -> bool:
        return isinstance(self.page.specific_deferred, HomePage)


def _newest_by_column(now: datetime, locale: Locale) -> dict[int, datetime]:
    shown = Coalesce("publish_time", "first_published_at")
    articles = (
        publicly_visible(NewsPage.objects.filter(locale=locale))
        .annotate(shown=shown)
        .filter(Q(shown__lte=now))
        .values("column_id")
        .annotate(newest=Max("shown"))
        .order_by()
    )
    return {row["column_id"]: row["newest"] for row in articles if row["column_id"]}


def _responsible_groups(pages: list[Page]) -> dict[int, Group | None]:
    """The group with rights of its own on the page or its nearest ancestor below the root (a
    regional group such as 绍兴市编辑), else 编辑."""
    grants = (
        GroupPagePermission.objects.filter(page__depth__gt=1, permission__codename="change_page")
        .select_related("group", "page")
        .order_by("-page__depth", "group__name")
    )
    by_path: dict[str, Group] = {}
    for grant in grants:
        by_path.setdefault(grant.page.path, grant.group)
    editors = Group.objects.filter(name=EDITOR_GROUP).first()
    result = {}
    for page in pages:
        owner = None
        for depth in range(len(page.path) // Page.steplen, 1, -1):
            owner = by_path.get(page.path[: depth * Page.steplen])
            if owner is not None:
                break
        result[page.pk] = owner or editors
    return result


def column_freshness(*, now: datetime | None = None) -> list[ColumnFreshness]:
    """Every public column of the default language, and the home page first."""
    now = now or timezone.now()
    locale = Locale.get_default()
    newest = _newest_by_column(now, locale)
    columns = list(publicly_visible(NewsIndexPage.objects.filter(locale=locale)).order_by("path"))
    settings = {
        row.page_id: row for row in ColumnHealth.objects.filter(page__in=[c.pk for c in columns])
    }
    homes = list(publicly_visible(HomePage.objects.filter(locale=locale)).order_by("path"))
    groups = _responsible_groups(homes + columns)
    rows = []
    for home in homes:
        latest = max(
            (when for when in [home.last_published_at, *newest.values()] if when), default=None
        )
        rows.append(
            ColumnFreshness(home, ColumnKind.NEWS, HOME_INTERVAL_DAYS, latest, groups[home.pk], now)
        )
    for column in columns:
        # A column is as fresh as the newest article below it (市县人大 by its cities).
        below = [
            when
            for other in columns
            if other.path.startswith(column.path) and (when := newest.get(other.pk)) is not None
        ]
        setting = settings.get(column.pk)
        kind = setting.kind if setting else default_kind(column.title)
        interval = setting.effective_interval_days if setting else DEFAULT_INTERVAL_DAYS[kind]
        group = (setting.responsible_group if setting else None) or groups[column.pk]
        rows.append(ColumnFreshness(column, kind, interval, max(below, default=None), group, now))
    return rows


def due_columns(*, now: datetime | None = None) -> list[ColumnFreshness]:
    return [row for row in column_freshness(now=now) if row.is_due]
