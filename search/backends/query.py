"""What every backend of the site shares about a query: its analysed words, their weights and
bounds.

``analyse`` rewrites a query (a string or a modelsearch query tree, from the site's search page,
the admin or the API) into ``Terms``: each word a phrase of its tokens (``search.analysis``), or
any of the phrases of its synonyms (``search.synonyms``), all of which must match. The database
compilers (``search.backends.sqlite``, ``search.backends.postgres``) and the engines'
(``search.backends.engine_query``) compile these.
"""

from django.conf import settings
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.query import SearchQuery as BaseQuery

from .. import synonyms
from ..analysis import Term, phrase_term, query_terms, relaxed_query_terms

# A title holding the query counts this many times the body, on every backend.
TITLE_WEIGHT = 10.0
# A query looks at its newest MAX_MATCHES matches (by index order) at most; beyond that, the count
# reads MAX_MATCHES + 1, "more than MAX_MATCHES". Settings: SEARCH_MAX_MATCHES.
MAX_MATCHES = 500
# A query with fewer matches than this also looks for its relaxed form (see Terms.relaxed).
RELAX_BELOW = 10
# Among equally relevant pages the newer comes first: an article's 发布时间 (its publish_time),
# else when the page first went live; as lookups from Page (the database backends) and as
# attributes of the specific page (the engines index it: ``engine_mapping.RECENCY_FIELD``).
RECENCY = ("newspage__publish_time", "first_published_at")
RECENCY_ATTRIBUTES = ("publish_time", "first_published_at")


class Terms(BaseQuery):
    """Analysed query words, all of which must match. ``relaxed``: the same query with its long
    Chinese words cut into dictionary words (``search.analysis.relaxed_query_terms``), tried
    when the words as written find few pages."""

    def __init__(self, terms: list[Term], relaxed: "Terms | None" = None):
        self.terms = terms
        self.relaxed = relaxed

    def __repr__(self):
        return f"<Terms {self.terms!r}>"


def analyse(query, *, autocomplete=False, operator=None):
    """Rewrite a query (a string or a modelsearch query tree) into analysed ``Terms``.

    Returns ``None`` when nothing searchable is left (only punctuation, emoji, …).
    """
    if isinstance(query, str):
        query = PlainText(query, operator=operator or "and")
    if isinstance(query, MatchAll | Terms):  # Terms: analysed already (e.g. a relaxed query)
        return query
    if isinstance(query, PlainText | Fuzzy):
        # Synonyms (search.synonyms) for searches; suggestions as one types match what is typed.
        alternatives = None if autocomplete else synonyms.lookup()
        terms = query_terms(
            query.query_string, autocomplete=autocomplete, alternatives=alternatives
        )
        if not terms:
            return None
        if getattr(query, "operator", "and").lower() == "or" and len(terms) > 1:
            return Or([Terms([term]) for term in terms])
        relaxed = None
        if not autocomplete:
            relaxed = relaxed_query_terms(query.query_string, alternatives=alternatives)
        return Terms(terms, relaxed=Terms(relaxed) if relaxed else None)
    if isinstance(query, Phrase):
        term = phrase_term(query.query_string)
        return Terms([term]) if term else None
    if isinstance(query, Boost):
        return analyse(query.subquery, autocomplete=autocomplete)
    if isinstance(query, Not):
        inner = analyse(query.subquery, autocomplete=autocomplete)
        if isinstance(inner, Not):  # not not: the query itself (e.g. Not(MATCH_NONE))
            return inner.subquery
        return Not(inner) if inner is not None else None
    if isinstance(query, And | Or):
        parts = [analyse(sub, autocomplete=autocomplete) for sub in query.subqueries]
        parts = [part for part in parts if part is not None]
        # Everything and nothing (MATCH_ALL, MATCH_NONE = Not(MATCH_ALL)) decide or drop out:
        # the compilers only take them as the whole query.
        everything = [isinstance(part, MatchAll) for part in parts]
        nothing = [isinstance(part, Not) and isinstance(part.subquery, MatchAll) for part in parts]
        absorbing, neutral = (
            (nothing, everything) if isinstance(query, And) else (everything, nothing)
        )
        if any(absorbing):
            return parts[absorbing.index(True)]
        if parts and all(neutral):
            return parts[0]
        parts = [part for part, drop in zip(parts, neutral, strict=True) if not drop]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    raise NotImplementedError(f"{type(query).__name__} queries are not supported.")


def positive_phrases(query) -> list[Term]:
    """The query's words that count towards a match (those under a negation do not)."""
    if isinstance(query, Terms):
        return list(query.terms)
    if isinstance(query, And | Or):
        return [term for sub in query.subqueries for term in positive_phrases(sub)]
    return []


def max_matches() -> int:
    return getattr(settings, "SEARCH_MAX_MATCHES", MAX_MATCHES)
