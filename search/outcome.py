"""A site search with query correction: what the search page shows for a query.

The query is searched as typed. Only when it finds fewer than ``FEW_RESULTS`` pages is a
correction looked for (``search.correction``), so ordinary searches pay nothing:

- the query found nothing and its correction finds pages: the correction's results are shown
  (``corrected``; the page says so and links to the query as typed, searched without correction);
- the query found a few pages and its correction finds more: the query's results are shown with
  the correction proposed (``suggestion``, "您是不是要找");
- otherwise the query's results, and nothing more.

Then, when the query shown (as typed or corrected) finds fewer than ``PARTIAL_BELOW`` pages and
has two to ``MAX_PARTIAL_WORDS`` words (its relaxed form's: long Chinese words cut into dictionary
words), the pages holding every word but one follow them (``partial_from``: how many hold every
word; the page says so). Requiring every word was what the development set's remaining
failures had in common: 法规草案 征求意见 against 条例（草案）……征求社会各界意见, 乡镇人大主席团
against 观海卫镇人大主席团, 预算审查监督 against 预算联网监督. Only pages beyond the full matches
are added, so the ranking of those is untouched.
"""

from dataclasses import dataclass, replace
from typing import Any

from django.core.paginator import Paginator

from .analysis import relaxed_words
from .correction import correct
from .engine import RankedPages, with_fallback
from .query_pages import SearchFilters, search_pages

# A typo still finds a page or two where the same typo (an old spelling such as 嵊洲), or the
# same characters across two words, happen to occur; a word the site uses finds more. Below 3
# results a proposal is worth its line (the reader sees at once whether the few results are what
# they wanted); from 3 on, the query as typed evidently means something on the site and is left
# alone, which also keeps real words next to a homophone (留念 / 流年) from being second-guessed.
FEW_RESULTS = 3
# The relaxed form's own threshold (search.backends.query.RELAX_BELOW): below it a query's matches
# are few enough to show what holds most of its words after them.
PARTIAL_BELOW = 10
# Each word left out is one more search (5–10 ms at 100,000 articles): at most this many words,
# which covers the development and judged sets' longest queries (4 words).
MAX_PARTIAL_WORDS = 5
# Pages taken from each search without one word.
PARTIAL_TAKE = 20
NO_FILTERS = SearchFilters()


@dataclass(frozen=True)
class SearchOutcome:
    results: Any
    query: str
    original: str
    corrected: bool = False
    suggestion: str | None = None
    fell_back: bool = False
    # Pages holding every word come first; after them, from this position on, pages holding all
    # but one (None: every result holds every word).
    partial_from: int | None = None


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
    outcome = _corrected(query, filters, backend, correction)
    return _with_partial_matches(outcome, filters, backend)


def _corrected(query, filters, backend, correction) -> SearchOutcome:
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


def _with_partial_matches(outcome: SearchOutcome, filters, backend) -> SearchOutcome:
    """``outcome`` with the pages that hold all of its query's words but one after its results,
    when it found few (see the module docstring). Not for 按时间 (newest first among the pages
    that match, which these do not)."""
    # A single character is no word to match alone (2020年 without 2020 would list every page
    # with 年 in it).
    words = [word for word in relaxed_words(outcome.query) if len(word) > 1]
    if filters.sort == "date" or not 2 <= len(words) <= MAX_PARTIAL_WORDS:
        return outcome
    found = _count(outcome.results)
    if found >= PARTIAL_BELOW:
        return outcome
    full = [page.pk for page in outcome.results[:found]]
    # A page found without more of the words ranks first (it holds more of them), then by its
    # best rank in those searches.
    seen: dict[int, list[int]] = {}
    fell_back = outcome.fell_back
    for left_out in range(len(words)):
        rest = " ".join(words[:left_out] + words[left_out + 1 :])
        results, rest_fell_back = _search(rest, filters, backend)
        fell_back = fell_back or rest_fell_back
        for rank, page in enumerate(results[:PARTIAL_TAKE]):
            if page.pk not in full:
                seen.setdefault(page.pk, []).append(rank)
    if not seen:
        return outcome
    partial = sorted(seen, key=lambda pk: (-len(seen[pk]), min(seen[pk]), -pk))
    return replace(
        outcome,
        results=RankedPages(full + partial),
        partial_from=len(full),
        fell_back=fell_back,
    )
