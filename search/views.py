import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.cache.lookups import active_locale_id
from home.cache.shared import kept, site_key
from home.services import publicly_visible
from news.models import NewsIndexPage, NewsPage
from stations.models import ActivityPage, StationPage

from .analysis import highlight_terms, query_terms
from .backends.engines import is_engine
from .backends.query import RELAX_BELOW, analyse, max_matches
from .engine import EnginePages, engine_search, with_fallback
from .engine import search_backend as cached_search_backend
from .snippets import result_snippet

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 100
SUGGESTIONS = 8

# The type filter (新闻/联络站/活动): the only place page types are named.
RESULT_TYPES = {
    "news": (NewsPage, _("新闻")),
    "station": (StationPage, _("联络站")),
    "activity": (ActivityPage, _("活动")),
}
SORTS = {"relevance": _("按相关度"), "date": _("按时间")}


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


def clean_query(value: str) -> str:
    """The query as typed, without control characters (NUL included), at most 100 characters."""
    text = "".join(ch for ch in value if not unicodedata.category(ch).startswith("C"))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def parse_filters(params) -> SearchFilters:
    """Filters from the query string; anything invalid is ignored rather than an error."""
    result_type = params.get("type", "")
    return SearchFilters(
        type=result_type if result_type in RESULT_TYPES else "",
        column=_int(params.get("column", "")),
        station=_int(params.get("station", "")),
        date_from=_date(params.get("from", "")),
        date_to=_date(params.get("to", "")),
        sort=params.get("sort") if params.get("sort") in SORTS else "relevance",
        all_languages=params.get("lang") == "all",
    )


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


def _query_string(query: str, filters: SearchFilters, **changes) -> str:
    filters = replace(filters, **changes)
    params = {
        "q": query,
        "type": filters.type,
        "column": filters.column or "",
        "station": filters.station or "",
        "from": filters.date_from.isoformat() if filters.date_from else "",
        "to": filters.date_to.isoformat() if filters.date_to else "",
        "sort": "" if filters.sort == "relevance" else filters.sort,
        "lang": "all" if filters.all_languages else "",
    }
    return urlencode({key: value for key, value in params.items() if value})


def search(request):
    # Imported here: search.outcome builds on this module's search_pages.
    from .outcome import run_search

    query = clean_query(request.GET.get("q", ""))
    filters = parse_filters(request.GET)
    searchable = bool(query_terms(query))
    # exact=1: the query as typed, without correction (the notice's 仍然搜索 link).
    exact = request.GET.get("exact") == "1"
    results, fell_back, outcome = Page.objects.none(), False, None
    if searchable:
        outcome = run_search(query, filters=filters, correction=not exact)
        results, fell_back, query = outcome.results, outcome.fell_back, outcome.query
    paginator = Paginator(results, RESULTS_PER_PAGE)
    more_than = None
    # Past the bound the backend stopped counting (see search.backends.database).
    if paginator.count > max_matches():
        paginator.count = max_matches()
        more_than = number_format(max_matches(), force_grouping=True)
    page = paginator.get_page(request.GET.get("page"))
    words = highlight_terms(query)
    context = {
        "search_query": query,
        "searchable": searchable,
        "engine_unavailable": fell_back,
        "filters": filters,
        "search_results": page,
        "paginator": paginator,
        "more_than": more_than,
        "results": [
            {"page": result, "type": _type_label(result), "snippet": result_snippet(result, words)}
            for result in page
        ],
        "result_types": [(key, label) for key, (_model, label) in RESULT_TYPES.items()],
        "sorts": list(SORTS.items()),
        # The filter choices change only when pages do: kept per site generation.
        "columns": kept(site_key(request, "search-columns"), lambda: _choices(NewsIndexPage)),
        "stations": kept(site_key(request, "search-stations"), lambda: _choices(StationPage)),
        "pagination_query": _query_string(query, filters) + ("&exact=1" if exact else ""),
        "correction": _correction_links(outcome, filters),
        "without_filters": _query_string(query, SearchFilters()),
        "word_suggestions": [word for word in query.split() if len(query.split()) > 1],
    }
    return TemplateResponse(request, "search/search.html", context)


def _correction_links(outcome, filters: SearchFilters) -> dict | None:
    """What ``search/_correction.html`` shows: the correction or the suggestion, with links that
    keep the filters."""
    if outcome is None or not (outcome.corrected or outcome.suggestion):
        return None
    return {
        "outcome": outcome,
        "original_query": _query_string(outcome.original, filters) + "&exact=1",
        "suggestion_query": _query_string(outcome.suggestion or "", filters),
    }


def _choices(model) -> list:
    # Only what the public may see: a login-only column is not named in the dropdown.
    return list(publicly_visible(model.objects.all()).order_by("path").only("pk", "title", "depth"))


def _type_label(page) -> str:
    for model, label in RESULT_TYPES.values():
        if isinstance(page, model):
            return label
    return page.specific_class._meta.verbose_name if page.specific_class else ""


def suggest(request):
    """Titles for the search box as the reader types (progressive enhancement; JSON)."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if query_terms(query, autocomplete=True):
        matches, _fell_back = with_fallback(suggest_pages, query)
        suggestions = [{"title": page.title, "url": page.get_url(request)} for page in matches]
    return JsonResponse({"query": query, "suggestions": suggestions})


def suggest_pages(query: str, *, backend="default") -> list:
    """The first live, public pages in the current language whose title words start as typed."""
    locale = active_locale_id()
    pages = publicly_visible(Page.objects.filter(locale_id=locale)).exclude(
        newspage__publish_time__gt=timezone.now()
    )
    search_backend = cached_search_backend(backend)
    if is_engine(search_backend):
        matches = engine_search(
            search_backend, query, pages, autocomplete=True, limit=50, locale=locale
        )
        return matches[:SUGGESTIONS]
    matches = Page.objects.filter(pk__in=pages.values("pk")).autocomplete(query, backend=backend)
    return list(matches[:SUGGESTIONS])
