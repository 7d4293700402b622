"""The anonymous query log: per day and normalised query, how many searches and how many found
nothing — nothing else (no address, user, session or time of day). It feeds the admin report
搜索统计 (``search.admin_views``) and 热门搜索 on the search page.

Queries that look like personal data (a mobile or ID-card number, an e-mail address, a long run
of digits, a 网上联络站 case number) are never stored, nor shown. Days older than
``RETENTION_DAYS`` are removed by the first search recorded on a new day (no cron line).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from home.cache.generation import bump_generation
from home.cache.shared import kept, shared_key

from .analysis import normalize
from .models import HiddenQuery, QueryDay

RETENTION_DAYS = 90
REPORT_DAYS = (7, 30, 90)
POPULAR_DAYS = 30
# 热门搜索 shows a query only once it found results for at least this many searches in 30 days:
# one reader's unusual query (a name, an address typed in the wrong box) is never shown to the
# next readers, and a handful of repeated searches by one person weighs little.
POPULAR_MIN_SEARCHES = 5

# What looks like personal data. Digits may be written in groups ("138 0013 8000"): runs are
# counted across spaces, dots and hyphens. Six digits and more covers mobile (11), ID-card (15/18),
# landline (7–8), QQ and bank-card numbers and 网上联络站 case numbers (SZ-2026-000065: ten
# digits); 12345 (the government hotline) and years stay searchable.
_DIGIT_RUN = re.compile(r"\d(?:[\s.\-]*\d){5,}")
_ID_CARD = re.compile(r"\d{17}[\dx]|\d{15}", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+|\b[\w.+-]+\s*(?:at|＠)\s*[\w-]+\.[a-z]{2,}\b", re.IGNORECASE)
_CASE_NUMBER = re.compile(r"\b[a-z]{2,}\s*-\s*\d{4}\s*-\s*\d+", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff]")
_BOT = re.compile(r"bot|spider|crawl|slurp|headless|python-requests|curl|wget", re.IGNORECASE)


def normalise(query: str) -> str:
    """The query as logged and as promotions are looked up: as the index reads text (full width
    to half, traditional to simplified, lower case: 聯絡站 → 联络站) and as Wagtail keys its
    promotions (single spaces)."""
    return normalise_query_string(normalize(query))[: QueryDay._meta.get_field("query").max_length]


def looks_personal(query: str) -> bool:
    """True when ``query`` may identify a person (see the module docstring)."""
    text = normalize(query)
    return any(pattern.search(text) for pattern in (_DIGIT_RUN, _ID_CARD, _EMAIL, _CASE_NUMBER))


def _wanted(request) -> bool:
    """A public reader's search: not an editor's (signed in: previews, checking a promotion, the
    admin), not a crawler's (its user agent says so; not worth more than a regular expression)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _BOT.search(request.headers.get("User-Agent", ""))


def record(request, query: str, count: int) -> None:
    """Count one search for ``query`` that found ``count`` results, today. The public search
    view calls it for the first page of a search only.

    One UPDATE in the usual case (the row of the day exists), an INSERT for a query's first
    search of the day, then Wagtail's count (``_count_for_wagtail``), in one transaction.
    About 2 ms per search on SQLite (1.0 ms of it ours)."""
    key = normalise(query)
    if not key or not _wanted(request) or looks_personal(key):
        return
    today = timezone.localdate()
    _prune_once_a_day(today)
    zero = 1 if count == 0 else 0
    counts = {"hits": F("hits") + 1, "zero_hits": F("zero_hits") + zero}
    with transaction.atomic():
        if not QueryDay.objects.filter(date=today, query=key).update(**counts):
            try:
                with transaction.atomic():
                    QueryDay.objects.create(date=today, query=key, hits=1, zero_hits=zero)
            except IntegrityError:  # another search inserted the row in between
                QueryDay.objects.filter(date=today, query=key).update(**counts)
        _count_for_wagtail(key, today)


def _count_for_wagtail(key: str, today: date) -> None:
    """Wagtail's own count (Query and QueryDailyHits: the query and its hits per day, nothing
    more), so that its promotion form's 从热门搜索词中选择 and the 推荐 list's 次数 work. One
    UPDATE in the usual case: Wagtail's ``Query.get(key).add_hit()`` takes four statements
    (SQLite, a loaded 2-core machine: record() 1.0 ms without Wagtail's count, 2.2 ms with this
    UPDATE, 4.3 ms with ``add_hit``)."""
    hits = QueryDailyHits.objects.filter(query__query_string=key, date=today)
    if not hits.update(hits=F("hits") + 1):
        Query.get(key).add_hit(date=today)


def _prune_once_a_day(today: date) -> None:
    # cache.add is true for the first caller of the day (per cache: a process's own with the
    # in-memory cache, so a few more DELETEs a day, each finding nothing).
    if cache.add(f"search-querylog-pruned:{today.isoformat()}", True, 60 * 60 * 25):
        prune(today=today)


def prune(*, today: date | None = None) -> int:
    """Remove the days older than ``RETENTION_DAYS``; the number of rows removed."""
    today = today or timezone.localdate()
    oldest_kept = today - timedelta(days=RETENTION_DAYS - 1)
    removed, _per_model = QueryDay.objects.filter(date__lt=oldest_kept).delete()
    QueryDailyHits.objects.filter(date__lt=oldest_kept).delete()
    Query.garbage_collect()  # the queries left without hits or promotions
    return removed


# --- Reading the log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryCount:
    query: str
    hits: int
    zero_hits: int
    hidden: bool = False


def _since(days: int) -> date:
    return timezone.localdate() - timedelta(days=days - 1)


def _totals(days: int):
    return (
        QueryDay.objects.filter(date__gte=_since(days))
        .values("query")
        .annotate(total=Sum("hits"), zero=Sum("zero_hits"))
    )


def report(*, days: int = 30, limit: int = 50) -> dict[str, list[QueryCount]]:
    """搜索统计: the most frequent queries and those that found nothing, over the last ``days``."""
    hidden = set(HiddenQuery.objects.values_list("query", flat=True))

    def rows(queryset):
        return [
            QueryCount(row["query"], row["total"], row["zero"], row["query"] in hidden)
            for row in queryset[:limit]
            if not looks_personal(row["query"])
        ]

    return {
        "top": rows(_totals(days).order_by("-total", "query")),
        "zero": rows(_totals(days).filter(zero__gt=0).order_by("-zero", "-total", "query")),
    }


def popular(limit: int = 8, *, latin_only: bool = False) -> list[str]:
    """热门搜索: the queries of the last 30 days that found results for at least
    ``POPULAR_MIN_SEARCHES`` searches, most frequent first, without those an editor hid or that
    look personal. Kept per site generation (at most a day; a hide replaces it at once).

    ``latin_only``: without Chinese characters, for the English pages (the log does not say in
    which language a query was searched, and a Chinese query finds no English page)."""

    def build():
        totals = (
            _totals(POPULAR_DAYS)
            .annotate(found=Sum("hits") - Sum("zero_hits"))
            .filter(found__gte=POPULAR_MIN_SEARCHES)
            .exclude(query__in=HiddenQuery.objects.values("query"))
            .order_by("-found", "query")
        )
        queries = []
        for row in totals[: limit * 4]:
            if looks_personal(row["query"]) or (latin_only and _HAN.search(row["query"])):
                continue
            queries.append(row["query"])
        return queries[:limit]

    return kept(shared_key("search-popular", limit, latin_only), build)


def set_hidden(query: str, hidden: bool) -> None:
    """Keep ``query`` out of 热门搜索 (or show it again), from the next page view on."""
    key = normalise(query)
    if hidden:
        HiddenQuery.objects.get_or_create(query=key)
    else:
        HiddenQuery.objects.filter(query=key).delete()
    bump_generation()
