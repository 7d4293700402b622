"""The judged sets of ``bench/search_quality.py``: loading, searching as the public page does,
and scoring.

Collections (``bench/data``): ``tuned`` (``search_documents.json``, the one the project tuned on),
``heldout`` (``search_heldout_documents.json``, issue #25) and ``dev``
(``search_dev_documents.json``, issue #25's development set, which the search team may tune on).
Each query set names the collection its judgments are complete on, and is run with only that
collection in the index: a document of another collection was never judged for it, so counting
it as irrelevant would move the set's figure for a reason that is not the search's.

Sets: ``tuned`` (``search_judgments.json``), ``heldout`` (``search_heldout_judgments.json``),
``synonyms`` (``search_synonyms.json``), ``typos`` (``search_typos.json``), ``dev``
(``search_dev_judgments.json``) and ``dev-typos`` (``search_dev_typos.json``). Held-out sets and
held-out typos are reported as aggregates only: nothing here returns a query's own result for
them (``imperfect`` lists only queries that are not held out).
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
K = 10
# The first page of the public search (search.views.RESULTS_PER_PAGE).
PAGE = 20
COLLECTION_FILES = {
    "tuned": "search_documents.json",
    "heldout": "search_heldout_documents.json",
    "dev": "search_dev_documents.json",
}
SET_FILES = {
    "tuned": "search_judgments.json",
    "heldout": "search_heldout_judgments.json",
    "synonyms": "search_synonyms.json",
    "typos": "search_typos.json",
    "dev": "search_dev_judgments.json",
    "dev-typos": "search_dev_typos.json",
}
HELD_OUT_SETS = {"heldout", "synonyms"}


def read(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def collections() -> dict[str, list[dict]]:
    return {name: read(file)["documents"] for name, file in COLLECTION_FILES.items()}


@dataclass(frozen=True)
class Query:
    """One query to run: ``text`` on ``collection`` in ``language``, scored on ``relevant``."""

    text: str
    collection: str
    relevant: dict
    language: str = "zh-hans"
    held_out: bool = False
    intended: str = ""  # for a typo: the query it misspells
    kind: str = ""


def judged_sets() -> dict[str, list[Query]]:
    """Every set as queries: tuned, heldout, synonyms, typos, dev, dev-typos (typos scored on the
    intended query's judgments)."""
    tuned = [Query(q["query"], "tuned", q["relevant"]) for q in read(SET_FILES["tuned"])["queries"]]
    heldout = [
        Query(q["query"], "heldout", q["relevant"], q.get("language", "zh-hans"), held_out=True)
        for q in read(SET_FILES["heldout"])["queries"]
    ]
    synonyms = [
        Query(
            q["query"],
            q["collection"],
            q["relevant"],
            q.get("language", "zh-hans"),
            True,
            kind=q["kind"],
        )
        for q in read(SET_FILES["synonyms"])["queries"]
    ]
    dev = [
        Query(q["query"], "dev", q["relevant"], q.get("language", "zh-hans"))
        for q in read(SET_FILES["dev"])["queries"]
    ]
    judged = {
        (name, q.text): q
        for name, queries in (("tuned", tuned), ("heldout", heldout), ("dev", dev))
        for q in queries
    }
    return {
        "tuned": tuned,
        "heldout": heldout,
        "synonyms": synonyms,
        "typos": _typos(read(SET_FILES["typos"])["queries"], judged),
        "dev": dev,
        "dev-typos": _typos(read(SET_FILES["dev-typos"])["queries"], judged),
    }


def _typos(items: list[dict], judged: dict) -> list[Query]:
    """Typos as queries scored on the judgments of the query each misspells."""
    typos = []
    for item in items:
        intended = judged[item["set"], item["intended"]]
        typos.append(
            Query(
                item["typo"],
                intended.collection,
                intended.relevant,
                intended.language,
                item["held_out"],
                intended=intended.text,
                kind=item["kind"],
            )
        )
    return typos


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    def dcg(grades):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(relevant.values(), reverse=True))
    return dcg([relevant.get(doc, 0) for doc in ranked]) / ideal if ideal else 1.0


def shows_intended(ranked: list[str], relevant: dict[str, int]) -> bool:
    """Whether a first page (``PAGE`` results) shows the intended query's results: at least half
    of its documents graded 1–2, and at least one graded 2. Half, not all: the intended query
    itself does not always find all of them (its own recall is measured by the judged sets,
    and the ceiling is printed beside the typo figure); one graded 2: a page of passing mentions
    does not lead the reader to what was meant."""
    page = set(ranked[:PAGE])
    best = any(relevant.get(doc, 0) == 2 for doc in page)
    return recall_at(ranked, relevant, PAGE) >= 0.5 and best


@dataclass
class Outcome:
    """What the public search page shows for one query: document ids of its first page, and
    whether the results are those of a correction or a suggestion was offered."""

    ranked: list[str]
    corrected: bool = False
    suggested: bool = False


@dataclass
class Scores:
    """Aggregates of one set on one configuration (no per-query figures of held-out queries)."""

    queries: int = 0
    recall: float = 0.0
    ndcg: float = 0.0
    passing: int = 0
    corrected: int = 0
    suggested: int = 0
    imperfect: list = field(default_factory=list)

    def add(self, query: Query, outcome: Outcome) -> None:
        recall = recall_at(outcome.ranked, query.relevant)
        ndcg = ndcg_at(outcome.ranked, query.relevant)
        self.queries += 1
        self.recall += recall
        self.ndcg += ndcg
        passed = shows_intended(outcome.ranked, query.relevant)
        self.passing += passed
        self.corrected += outcome.corrected
        self.suggested += outcome.suggested
        if query.held_out:
            return
        if recall < 1 or ndcg < 0.85 or (query.intended and not passed):
            wanted = {doc: grade for doc, grade in query.relevant.items() if grade}
            self.imperfect.append(
                f"{query.text!r}"
                + (f" (for {query.intended!r})" if query.intended else "")
                + f" recall {recall:.2f} nDCG {ndcg:.2f} got {outcome.ranked[:K]} wanted {wanted}"
            )

    @property
    def mean_recall(self) -> float:
        return self.recall / self.queries if self.queries else 0.0

    @property
    def mean_ndcg(self) -> float:
        return self.ndcg / self.queries if self.queries else 0.0


def public_search():
    """``(search, name)``: the public search page's query function — ``search.outcome.run_search``
    (with correction) where it exists, else ``search.views.search_pages`` through
    ``with_fallback`` as the page called it before #25. ``search(text)`` returns ``(page ids of
    the first page, corrected, suggested)``, the query cleaned as the page cleans it."""
    from search.analysis import query_terms
    from search.views import clean_query

    try:
        from search.outcome import run_search
    except ImportError:
        run_search = None

    def search(text: str):
        query = clean_query(text)
        if not query_terms(query):  # the page searches nothing for these (search.views.search)
            return [], False, False
        if run_search is None:
            from search.engine import with_fallback
            from search.views import search_pages

            results, _fell_back = with_fallback(search_pages, query)
            return [page.pk for page in results[:PAGE]], False, False
        outcome = run_search(query)
        pks = [page.pk for page in outcome.results[:PAGE]]
        return pks, bool(outcome.corrected), bool(outcome.suggestion)

    if run_search is None:
        return search, "search.views.search_pages (search.outcome does not exist: no correction)"
    return search, "search.outcome.run_search (the public page's search, with correction)"


def rebuild_vocabulary() -> str:
    """Rebuild the correction vocabulary after indexing (``update_index`` does), where it exists."""
    try:
        from search import vocabulary
    except ImportError:
        return "no correction vocabulary (search.vocabulary does not exist)"
    stats = vocabulary.rebuild()
    return f"correction vocabulary rebuilt ({stats})"
