"""The site's one search query (``search_pages``) and its filters, shared by the search page
(``search.views``, which re-exports them) and the search with correction (``search.outcome``)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.cache.lookups import active_locale_id
from home.services import publicly_visible
from news.models import NewsIndexPage, NewsPage
from stations.models import ActivityPage, StationPage

from .backends.engines import is_engine
from .backends.query import RELAX_BELOW, analyse
from .engine import EnginePages, engine_search
from .engine import search_backend as cached_search_backend

# The type filter (新闻/联络站/活动): the only place page types are named.
RESULT_TYPES = {
    "news": (NewsPage, _("新闻")),
    "station": (StationPage, _("联络站")),
    "activity": (ActivityPage, _("活动")),
}


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    column: int | None = None
    station: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    all_languages: bool = False

    @property
    def active(self) -> bool:
        return self != SearchFilters(sort=self.sort)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_pages(query: str, *, filters: SearchFilters = SearchFilters(), backend="default"):
    """The site's one search query: live, public pages matching ``query``, best (or newest) first.

    Articles dated in the future are left out, like everywhere else on the site. The filters
    narrow by type, column (with its sub-columns), station (the station, its sub-stations and
    their activities) and date (发布时间 of articles, 活动日期 of activities); results are in the
    current language only, unless ``lang=all``. On a search engine (``SEARCH_URL``) the engine
    ranks and the database filters (``search.engine``).
    """
    now = timezone.now()
    pages = publicly_visible(Page.objects.all()).exclude(newspage__publish_time__gt=now)
    # Results stay in the reader's language unless asked (lang=all).
    locale = None if filters.all_languages else active_locale_id()
    if locale is not None:
        pages = pages.filter(locale_id=locale)
    if filters.type:
        pages = pages.type(RESULT_TYPES[filters.type][0])
    column = None
    if filters.column is not None:
        column = NewsIndexPage.objects.filter(pk=filters.column).first()
        pages = pages.descendant_of(column) if column else pages.none()
    if filters.station is not None:
        station = StationPage.objects.filter(pk=filters.station).first()
        if station is None:
            pages = pages.none()
        else:
            at_station = Q(path__startswith=station.path)
            held_there = Q(activitypage__stations__path__startswith=station.path)
            pages = pages.filter(at_station | held_there)
    if filters.date_from or filters.date_to:
        start = _start_of(filters.date_from) if filters.date_from else None
        end = _start_of(filters.date_to + timedelta(days=1)) if filters.date_to else None
        pages = pages.filter(_date_range(start, end))

    search_backend = cached_search_backend(backend)
    if is_engine(search_backend):
        return _engine_pages(search_backend, query, pages, filters, column, locale)
    # The database backend checks each match against these filters (a correlated sub-query, see
    # search.backends.database); other backends filter on indexed fields only, so they get the
    # pages' ids, as does the station filter, whose many-to-many join needs de-duplicating.
    if filters.station or not getattr(search_backend, "filters_any_field", False):
        pages = Page.objects.filter(pk__in=pages.values("pk"))
    results = pages.specific()
    if filters.sort == "date":
        newest = Coalesce("newspage__publish_time", "first_published_at")
        results = results.order_by(newest.desc(nulls_last=True), "-id")
        return search_backend.search(query, results, order_by_relevance=False)
    return search_backend.search(query, results)


def _engine_pages(search_backend, query: str, pages, filters: SearchFilters, column, locale):
    """``search_pages`` on a search engine (``search.engine``): a page of results at a time when
    the engine can apply the filters itself (type, column), the best 500 matches filtered in the
    database otherwise (station, dates, newest first) and for queries with few matches, which
    also look for their relaxed form."""
    by_date = filters.sort == "date"
    if not (by_date or filters.station or filters.date_from or filters.date_to):
        model = RESULT_TYPES[filters.type][0] if filters.type else Page
        candidates = model.objects.filter(live=True)
        if locale is not None:
            candidates = candidates.filter(locale_id=locale)
        if column is not None:
            candidates = candidates.filter(path__startswith=column.path)
        results = EnginePages(search_backend, query, candidates, pages)
        relaxed = getattr(analyse(query), "relaxed", None)
        if len(results) >= RELAX_BELOW or relaxed is None:
            return results
        # Few matches: those of the relaxed form follow (it finds every exact match too).
        return EnginePages(search_backend, relaxed, candidates, pages, before=results.allowed_pks())
    return engine_search(search_backend, query, pages, by_date=by_date, locale=locale)


def _date_range(start: datetime | None, end: datetime | None) -> Q:
    def bounds(field, low, high):
        q = Q()
        if low is not None:
            q &= Q(**{f"{field}__gte": low})
        if high is not None:
            q &= Q(**{f"{field}__lt": high})
        return q

    day_start = timezone.localdate(start) if start else None
    day_end = timezone.localdate(end) if end else None
    return (
        Q(newspage__isnull=False) & bounds("newspage__publish_time", start, end)
        | Q(activitypage__isnull=False) & bounds("activitypage__start_date", day_start, day_end)
        | Q(newspage__isnull=True, activitypage__isnull=True)
        & bounds("first_published_at", start, end)
    )
