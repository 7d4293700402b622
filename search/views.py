import unicodedata
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.cache.lookups import active_locale_id
from home.cache.shared import kept, site_key
from home.services import publicly_visible
from news.models import NewsIndexPage
from stations.models import StationPage

from .analysis import query_terms
from .backends.engines import is_engine
from .backends.query import max_matches
from .engine import engine_search, with_fallback
from .engine import search_backend as cached_search_backend
from .outcome import run_search
from .promotions import promoted
from .query_pages import RESULT_TYPES, SearchFilters, search_pages
from .querylog import popular, record
from .snippets import result_snippet
from .synonyms import highlight_terms  # the query's words and their synonyms

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 100
SUGGESTIONS = 8

SORTS = {"relevance": _("按相关度"), "date": _("按时间")}
# Re-exported: search_pages is the site's one query function, whoever imports it from here.
__all__ = ["RESULT_TYPES", "SearchFilters", "clean_query", "search", "search_pages", "suggest"]


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
    if searchable and "page" not in request.GET and not filters.active:
        # The query as typed: a typo the correction rescued still found nothing by itself, which
        # is what 搜索统计's zero-result list is for.
        full = paginator.count if outcome.partial_from is None else outcome.partial_from
        record(request, outcome.original, 0 if outcome.corrected else full)
    promotions = promoted(request, query) if searchable and page.number == 1 else []
    promoted_pks = {promotion.page.pk for promotion in promotions if promotion.page}
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
            if result.pk not in promoted_pks
        ],
        "promotions": promotions,
        "popular": popular(latin_only=get_language() != "zh-hans")
        if not query or (searchable and not paginator.count)
        else [],
        "result_types": [(key, label) for key, (_model, label) in RESULT_TYPES.items()],
        "sorts": list(SORTS.items()),
        # The filter choices change only when pages do: kept per site generation.
        "columns": kept(site_key(request, "search-columns"), lambda: _choices(NewsIndexPage)),
        "stations": kept(site_key(request, "search-stations"), lambda: _choices(StationPage)),
        "pagination_query": _query_string(query, filters) + ("&exact=1" if exact else ""),
        "correction": _correction_links(outcome, filters),
        "partial_from": outcome.partial_from if outcome else None,
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
