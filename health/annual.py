"""网站年度工作报表: the year's figures the research office publishes by the end of January,
drafted from the site's own records.

What each figure counts (a year is Beijing time, Asia/Shanghai, 1 January to 31 December):

- 栏目发稿: articles (default language) published that year and visible to the public now, per
  column (a sub-column on its own line, "市县人大 › 绍兴市").
- 首页更新: the home page lists the newest articles of each top-level column shown in its menu
  (``latest_news_by_column``), so every article published in such a column (or below it) updated
  the home page when it appeared. Counted twice: the articles (首页更新稿件) and the days with at
  least one (首页更新天数).
- 网上联络站: messages (not demo) received that year; those of them answered (a reply sent); the
  median of the days from receipt to reply of the answered ones.
- 征求意见: drafts (default language, live) whose comment period opened that year; comments
  received that year (not demo, not set aside by moderation as spam, duplicate or off topic).
- 链接: broken links (internal and external) first found that year, and those fixed that year
  (``FixedFinding``: recorded when a check no longer finds a link it found before).
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Locale, Page

from consultations.models import COUNTED_STATUSES, Comment, DraftRegulationPage
from home.models import HomePage
from home.visibility import publicly_visible
from liaison.models import Message
from news.models import NewsIndexPage, NewsPage

from .models import Check, Finding, FixedFinding

LINK_CHECKS = (Check.INTERNAL_LINK, Check.EXTERNAL_LINK)
SECONDS_PER_DAY = 86400


@dataclass
class AnnualFigures:
    year: int
    columns: list[tuple[str, int]] = field(default_factory=list)
    home_articles: int = 0
    home_days: int = 0
    messages_received: int = 0
    messages_answered: int = 0
    median_reply_days: float | None = None
    consultations: int = 0
    comments: int = 0
    links_found: int = 0
    links_fixed: int = 0

    @property
    def articles(self) -> int:
        return sum(count for _title, count in self.columns)

    def rows(self) -> list[tuple[str, object]]:
        """(label, value) in the reader's language: the summary the XLSX and the draft show."""
        median = "" if self.median_reply_days is None else self.median_reply_days
        return [
            (gettext("发布稿件总数"), self.articles),
            (gettext("首页更新稿件数"), self.home_articles),
            (gettext("首页更新天数"), self.home_days),
            (gettext("收到网上留言"), self.messages_received),
            (gettext("其中已答复"), self.messages_answered),
            (gettext("答复用时中位数（天）"), median),
            (gettext("开展征求意见（件）"), self.consultations),
            (gettext("收到意见（条）"), self.comments),
            (gettext("发现失效链接"), self.links_found),
            (gettext("修复失效链接"), self.links_fixed),
        ]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()  # Asia/Shanghai (cms.settings)
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def annual_figures(year: int) -> AnnualFigures:
    start, end = year_bounds(year)
    figures = AnnualFigures(year)
    locale = Locale.get_default()
    articles = (
        NewsPage.objects.visible()
        .filter(locale=locale)
        .annotate(shown=Coalesce("publish_time", "first_published_at"))
        .filter(shown__gte=start, shown__lt=end)
    )
    figures.columns = _per_column(articles, locale)
    figures.home_articles, figures.home_days = _home_updates(articles, locale)
    _messages(figures, start, end)
    figures.consultations = (
        DraftRegulationPage.objects.live()
        .filter(locale=locale, opens_at__gte=start, opens_at__lt=end)
        .count()
    )
    figures.comments = Comment.objects.filter(
        is_demo=False, status__in=COUNTED_STATUSES, submitted_at__gte=start, submitted_at__lt=end
    ).count()
    in_year = Q(first_seen__gte=start, first_seen__lt=end, kind__in=LINK_CHECKS)
    figures.links_found = (
        Finding.objects.filter(in_year).count() + FixedFinding.objects.filter(in_year).count()
    )
    figures.links_fixed = FixedFinding.objects.filter(
        kind__in=LINK_CHECKS, fixed_at__gte=start, fixed_at__lt=end
    ).count()
    return figures


def _per_column(articles, locale) -> list[tuple[str, int]]:
    counts = {}
    for column_id in articles.values_list("column_id", flat=True):
        counts[column_id] = counts.get(column_id, 0) + 1
    columns = list(
        NewsIndexPage.objects.filter(locale=locale).order_by("path").values("pk", "path", "title")
    )
    titles = {column["path"]: column["title"] for column in columns}
    rows = []
    for column in columns:  # in tree order; every column, an empty one with 0
        parents = [
            titles[column["path"][:length]]
            for length in range(Page.steplen, len(column["path"]), Page.steplen)
            if column["path"][:length] in titles
        ]
        rows.append((" › ".join([*parents, column["title"]]), counts.get(column["pk"], 0)))
    return rows


def _home_updates(articles, locale) -> tuple[int, int]:
    home = publicly_visible(HomePage.objects.filter(locale=locale)).order_by("path").first()
    if home is None:
        return 0, 0
    shown_columns = publicly_visible(home.get_children()).in_menu()
    paths = Q()
    for path in shown_columns.values_list("path", flat=True):
        paths |= Q(path__startswith=path)
    if not paths:
        return 0, 0
    on_home = articles.filter(paths)
    tz = timezone.get_default_timezone()
    days = on_home.annotate(day=TruncDate("shown", tzinfo=tz)).values("day").distinct().count()
    return on_home.count(), days


def _messages(figures: AnnualFigures, start, end) -> None:
    received = Message.objects.real().filter(received_at__gte=start, received_at__lt=end)
    figures.messages_received = received.count()
    answered = list(
        received.filter(replied_at__isnull=False).values_list("received_at", "replied_at")
    )
    figures.messages_answered = len(answered)
    if answered:
        days = [(replied - sent).total_seconds() / SECONDS_PER_DAY for sent, replied in answered]
        figures.median_reply_days = round(statistics.median(days), 1)
