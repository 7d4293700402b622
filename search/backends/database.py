"""The search both database backends share (``search.backends.sqlite``,
``search.backends.postgres``): bounded, ranked matching, results in that order, and the query
analysis on the way in.

- one statement per page of results: the full-text query drives (FTS5 ``MATCH`` joined to the
  index entries by row id; on PostgreSQL a condition the GIN indexes answer or, for a query its
  statistics say is common, the newest entries read in order), newest first; the caller's
  queryset is checked per match (a correlated ``EXISTS``) and the database stops after
  ``SEARCH_MAX_MATCHES`` (500) + 1 matches (see ``RankedSearchMixin``);
- ranking: the title's share of the query's words times ``TITLE_WEIGHT`` (``title_share_sql``)
  plus the database's ranking function over the body;
- ``fields=[...]`` searches the segmented title (``["title"]``) or the whole entry
  (``searched_columns``).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from modelsearch.backends.base import EmptySearchResults, SearchFieldError
from modelsearch.query import MatchAll, Not
from wagtail.models import Page

from .query import RECENCY, RELAX_BELOW, Terms, analyse, max_matches, positive_phrases

INTEGER_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def searched_columns(fields):
    """The index columns a ``fields=`` restriction maps to (the index holds no other columns)."""
    if fields and set(fields) == {"title"}:
        return ["title"]
    return None


def title_share_sql(query, column, *, holds) -> tuple[str, list]:
    """An SQL expression: the share (0–1) of the query's words that the title holds, each word
    tested by ``holds(column)`` (SQL with one parameter, a phrase) per phrase (its own and its
    synonyms'); and the phrases in the order of the parameters.

    Ranking counts the title this way (times ``TITLE_WEIGHT``), the text by the database's
    ranking function: a title is a hit or not whatever its length. (FTS5's bm25() normalises by
    the length of the whole row and ts_rank varied with the title's words: 17 stations named
    …人大代表联络站, whose text only names their township, ranked a report about 联络站 19th of
    24 on the demo.)"""
    terms = list(dict.fromkeys(positive_phrases(query)))
    if not terms:
        return "0.0", []
    parts, phrases = [], []
    for term in terms:
        # A word with synonyms is in the title when any of its phrases is.
        either = " OR ".join(holds(column) for _phrase in term.phrases)
        parts.append(f"(CASE WHEN {either} THEN 1.0 ELSE 0.0 END)")
        phrases += [Terms([phrase]) for phrase in term.phrases]
    return f"(({' + '.join(parts)}) / {float(len(terms))})", phrases


def integer_pk(model) -> bool:
    """Whether ``model``'s primary key is an integer (the index stores object ids as text)."""
    field = model._meta.pk
    while field.is_relation:  # multi-table inheritance: page_ptr → Page.id
        field = field.target_field
    return field.get_internal_type() in INTEGER_FIELDS


def fetch_rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class RankedSearchMixin:
    """Search, ranking and counting shared by the SQLite and PostgreSQL compilers.

    Subclasses provide ``_match(query, score=..., limit=...)``: SQL selecting ``(rid,
    object_id, score)`` of the matching index entries, and its parameters; with ``limit``, the
    newest ``limit`` entries whose object is in the caller's queryset (checked per entry by a
    correlated ``EXISTS``). ``score`` is ``None``, ``"title"`` (1 where the title matches, 0
    elsewhere: cheap) or ``"rank"`` (the database's ranking function, title weighted).

    The bound is what keeps a query fast however many pages match: the database stops reading
    matches once it has enough (checking a phrase is the costly part: it reads the positions of
    every candidate). Up to the bound, ranking and the count are exact; past it, the count reads
    ``max_matches() + 1`` ("more than …") and only the newest matches are ranked.
    """

    def check(self):
        """Only that each of ``fields`` is a searchable field of the model (a mistyped name is
        an error, not an empty result). The caller's queryset, any filter and any ordering, is
        applied by the database itself: the stock check also insists on ``FilterField``s, which
        only a search engine needs."""
        if not self.fields:
            return
        allowed = {field.field_name for field in self.get_search_fields_for_model()}
        for name in self.fields:
            if name not in allowed:
                raise SearchFieldError(
                    f'Cannot search with field "{name}": {self.queryset.model.__name__} has no '
                    "such search field.",
                    field_name=name,
                )

    def get_search_fields_for_model(self):
        return self.queryset.model.get_searchable_search_fields()

    def _within(self, object_id: str) -> tuple[str, list]:
        """The caller's queryset as a condition on one index entry's ``object_id`` expression
        (compiled once per search: the count and each page of results share it)."""
        cached = self.__dict__.setdefault("_within_sql", {})
        if object_id not in cached:
            cached[object_id] = self._compile_within(object_id)
        return cached[object_id]

    def _compile_within(self, object_id: str) -> tuple[str, list]:
        inner = (
            self.queryset.order_by()
            .filter(pk=RawSQL(object_id, []))  # noqa: S611 — our own column reference
            .values("pk")
        )
        sql, params = inner.query.sql_with_params()
        return f"EXISTS ({sql})", list(params)

    def _bounded_rows(self, query) -> list[tuple]:
        """``(rid, object_id, title_hit)`` of the newest ``max_matches() + 1`` matches."""
        try:
            sql, params = self._match(query, score="title", limit=max_matches() + 1)
        except EmptyResultSet:  # the caller's queryset is empty
            return []
        return self._fetch(f"SELECT rid, object_id, score FROM ({sql}) AS m", params)

    def _fetch(self, sql, params):
        return fetch_rows(sql, params)

    def _candidates(self, query) -> tuple[list, list]:
        """The bounded matches of ``query`` and, when they are fewer than ``RELAX_BELOW``, the
        further matches of its relaxed form (``Terms.relaxed``: its words cut into dictionary
        words). Computed once per search: the count and each page of results share them."""
        cached = self.__dict__.get("_candidates_of")
        if cached is not None and cached[0] is query:
            return cached[1]
        strict = self._bounded_rows(query)
        extra = []
        relaxed = getattr(query, "relaxed", None)
        if relaxed is not None and len(strict) < RELAX_BELOW:
            seen = {row[0] for row in strict}
            extra = [row for row in self._bounded_rows(relaxed) if row[0] not in seen]
        self._candidates_of = (query, (strict, extra))
        return strict, extra

    def _matching(self, query):
        """The caller's queryset restricted to the (bounded) matches, not ranked."""
        strict, extra = self._candidates(query)
        return self.queryset.filter(pk__in=[row[1] for row in strict + extra])

    def _ordered(self, query, rows) -> list[tuple]:
        """``rows`` best first: ranked exactly up to the bound (the databases' ranking functions
        read the positions of every match, and SQLite's bm25() counts the matches of each phrase
        in the whole index: affordable for a bounded number of matches only); past it, title
        matches first, then the newest."""
        if len(rows) > max_matches():
            return sorted(rows, key=lambda row: (row[2], row[0]), reverse=True)
        if not rows:
            return []
        sql, params = self._match(query, score="rank", limit=max_matches() + 1)
        wanted = {row[0] for row in rows}
        ranked = self._fetch(
            f"SELECT rid, object_id, score FROM ({sql}) AS m ORDER BY score DESC, rid DESC", params
        )
        return self._newer_first_among_equals([row for row in ranked if row[0] in wanted])

    def _newer_first_among_equals(self, rows) -> list[tuple]:
        """``rows`` (best first) with pages of equal score newest first (``RECENCY``); the
        index row comes next (the page indexed last first). Only the tied pages' dates are read,
        one query, and only when there are ties (two copies of an article, short pages alike)."""
        if len(rows) < 2 or not issubclass(self.queryset.model, Page):
            return rows
        # Scores are equal when computed from equal counts; rounding absorbs float noise.
        scores = [round(float(row[2] or 0.0), 9) for row in rows]
        tied = {
            row[1]
            for number, row in enumerate(rows)
            if scores[number]
            in (scores[max(number - 1, 0) : number] + scores[number + 1 : number + 2])
        }
        if not tied:
            return rows
        dates = dict(
            Page.objects.filter(pk__in=tied)
            .annotate(recency=Coalesce(*RECENCY))
            .values_list("pk", "recency")
        )

        def newest(number_row):
            number, row = number_row
            date = dates.get(row[1])
            return (-scores[number], date is None, -date.timestamp() if date else 0.0)

        return [row for _number, row in sorted(enumerate(rows), key=newest)]

    def _ranked(self, query, start, stop, score_field):
        """One page of matches, best first: the query's own matches, then those only its relaxed
        form found (see ``_candidates``). The count is cached for ``count()``."""
        strict, extra = self._candidates(query)
        self._total = min(len(strict) + len(extra), max_matches() + 1)
        start = start or 0
        stop = self._total if stop is None else min(stop, self._total)
        if start >= stop:
            return self.queryset.none()
        rows = self._ordered(query, strict)
        if len(rows) < stop and extra:
            rows += self._ordered(query.relaxed, extra)
        rows = rows[start:stop]
        if not rows:
            return self.queryset.none()
        # The results class puts the loaded objects in this order (sorting in Python: ordering
        # by a CASE over the primary keys cost more to compile than the search itself).
        self._ranking = {
            pk: (number, float(score or 0.0)) for number, (_rid, pk, score) in enumerate(rows)
        }
        return self._load(list(self._ranking))

    def _load(self, pks):
        """The caller's queryset reduced to ``pks``, which were already checked against its
        filters: without re-running them (they can be costly sub-queries) when nothing else in
        the query depends on them."""
        query = self.queryset.query
        if (
            query.annotations
            or query.extra
            or query.distinct
            or query.combinator
            or query.values_select
            or query.group_by
        ):
            return self.queryset.filter(pk__in=pks)
        queryset = self.queryset.all()
        fresh = self.queryset.model._base_manager.filter(pk__in=pks).query
        fresh.select_related = query.select_related
        fresh.deferred_loading = query.deferred_loading
        queryset.query = fresh
        return queryset

    def _search(self, start, stop, score_field=None):
        query = self.query
        if isinstance(query, MatchAll):
            return self.queryset[start:stop]
        negated = isinstance(query, Not)
        if negated:
            query = query.subquery
            if isinstance(query, MatchAll):
                return self.queryset.none()
        if negated:
            sql, params = self._match(query)
            ids = RawSQL(f"SELECT object_id FROM ({sql}) AS m", params)  # noqa: S611
            queryset = self.queryset.exclude(pk__in=ids)
        elif self.order_by_relevance:
            return self._ranked(query, start, stop, score_field or "_score")
        else:
            queryset = self._matching(query)
            if score_field is not None:
                queryset = self._annotate_scores(queryset, query, score_field)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def _annotate_scores(self, queryset, query, score_field):
        """Scores for results in another order (e.g. by date): looked up per result."""
        sql, params = self._match(query, score="rank")
        pk = queryset.model._meta.pk.column
        table = queryset.model._meta.db_table
        score = RawSQL(
            f"SELECT score FROM ({sql}) AS m WHERE object_id = {table}.{pk}",  # noqa: S611
            params,
            output_field=FloatField(),
        )
        return queryset.annotate(**{score_field: score})

    def _count(self):
        if getattr(self, "_total", None) is not None:
            return self._total
        query = self.query
        if isinstance(query, MatchAll):
            return self.queryset.count()
        if isinstance(query, Not):
            return self._search(None, None).count()
        strict, extra = self._candidates(query)
        return min(len(strict) + len(extra), max_matches() + 1)

    def count(self):
        return self._count()


class RankedResultsMixin:
    """Results in the order ``RankedSearchMixin._ranked`` found them, with their scores."""

    def _do_search(self):
        compiler = self.query_compiler
        compiler._ranking = None
        objs = super()._do_search()
        ranking = compiler._ranking
        if ranking:
            objs.sort(key=lambda obj: ranking[obj.pk][0])
            if self._score_field:
                for obj in objs:
                    setattr(obj, self._score_field, ranking[obj.pk][1])
        return objs


class AnalysingMixin:
    """Analyse every query before the database backend compiles it."""

    # Querysets are applied in SQL: filters need no FilterField (see RankedSearchMixin.check).
    filters_any_field = True

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if query is None:  # deprecated for MATCH_ALL: the stock code warns and converts it
            return super().search(query, model_or_queryset, fields=fields, **kwargs)
        analysed = analyse(query, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().search(analysed, model_or_queryset, fields=fields, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        analysed = analyse(query, autocomplete=True, operator=operator)
        if analysed is None:
            return EmptySearchResults()
        return super().autocomplete(analysed, model_or_queryset, fields=fields, **kwargs)
