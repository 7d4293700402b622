"""A site search with query correction: what the search page shows for a query.

The query is searched as typed. Only when it finds fewer than ``FEW_RESULTS`` pages is a
correction looked for (``search.correction``), so ordinary searches pay nothing:

- the query found nothing and its correction finds pages: the correction's results are shown
  (``corrected``; the page says so and links to the query as typed, searched without correction);
- the query found a few pages and its correction finds more: the query's results are shown with
  the correction proposed (``suggestion``, "您是不是要找");
- otherwise the query's results, and nothing more.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator

from .correction import correct
from .engine import with_fallback
from .query_pages import SearchFilters, search_pages

# A typo still finds a page or two where the same typo (an old spelling such as 嵊洲), or the
# same characters across two words, happen to occur; a word the site uses finds more. Below 3
# results a proposal is worth its line (the reader sees at once whether the few results are what
# they wanted); from 3 on, the query as typed evidently means something on the site and is left
# alone, which also keeps real words next to a homophone (留念 / 流年) from being second-guessed.
FEW_RESULTS = 3
NO_FILTERS = SearchFilters()


@dataclass(frozen=True)
class SearchOutcome:
    results: Any
    query: str
    original: str
    corrected: bool = False
    suggestion: str | None = None
    fell_back: bool = False


def _count(results) -> int:
    """The number of results as the paginator counts them (a search's ``count()``, kept by the
    results, so the page's paginator does not count again; a sequence's ``len``)."""
    return Paginator(results, 1).count


def _search(query: str, filters: SearchFilters, backend: str):
    if backend == "default":
        return with_fallback(search_pages, query, filters=filters)
    return search_pages(query, filters=filters, backend=backend), False


def run_search(
    query: str,
    *,
    filters: SearchFilters = NO_FILTERS,
    backend: str = "default",
    correction: bool = True,
) -> SearchOutcome:
    """Search ``query`` (see the module docstring); ``correction=False`` searches it as typed
    only (the page's 仍然搜索 link)."""
    results, fell_back = _search(query, filters, backend)
    outcome = SearchOutcome(results=results, query=query, original=query, fell_back=fell_back)
    if not correction:
        return outcome
    found = _count(results)
    if found >= FEW_RESULTS:
        return outcome
    corrected = correct(query)
    if corrected is None:
        return outcome
    corrected_results, corrected_fell_back = _search(corrected, filters, backend)
    corrected_found = _count(corrected_results)
    if found == 0 and corrected_found > 0:
        return SearchOutcome(
            results=corrected_results,
            query=corrected,
            original=query,
            corrected=True,
            fell_back=fell_back or corrected_fell_back,
        )
    if corrected_found > found:
        return SearchOutcome(
            results=results,
            query=query,
            original=query,
            suggestion=corrected,
            fell_back=fell_back,
        )
    return outcome
