"""The site search on a search engine node, and what happens when the node is down or slow.

``search.views.search_pages`` (the one query function) hands its filtered queryset here when the
default backend is an engine (``search.backends.engines``). Two ways, both showing at most
``CANDIDATES`` (500) results for a query:

- ``EnginePages`` (a query, optionally narrowed by type or column): the engine filters what it
  indexes (live, language, type, column), ranks, counts up to 500 and returns only the page
  shown (plus a margin); the database checks those pages against the rest of the visibility
  rules (private sections, expiry, future dates) and fetches more if it rejected some.
- ``engine_search`` (station or date filters, newest first, and queries with few matches, which
  also look for their relaxed form): the engine ranks the best 500 matches and the database keeps
  those the filters allow, in the engine's order or newest first.

``with_fallback`` runs a search and, if the engine cannot be reached or does not answer within its
timeout, logs it and runs the same search on the database backend (``"database"`` in
``WAGTAILSEARCH_BACKENDS``, configured whenever ``SEARCH_URL`` is set), telling the caller so that
the page can show a notice.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from elastic_transport import TransportError
from elasticsearch.exceptions import ApiError
from opensearchpy.exceptions import OpenSearchException
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .backends.engines import is_engine

logger = logging.getLogger(__name__)

# The engine ranks this many matches; filters and date sort apply to them, and the site shows at
# most this many results (25 pages) for a query on the engine.
CANDIDATES = 500
# EnginePages: the first request asks for a page of results (20): every page fetched is checked
# and loaded (the costliest part of a search), and the database rarely rejects one (a page in a
# private section, or expired since it was indexed). When it does, the next request asks for
# what is missing and a margin.
FIRST_FETCH = 20
MARGIN = 2
FALLBACK_BACKEND = "database"


# What the engines' clients raise when a node cannot be reached, times out or refuses a request.
ENGINE_ERRORS = (OpenSearchException, ApiError, TransportError)


_backends: dict[str, object] = {}


def search_backend(alias: str = "default"):
    """The configured search backend ``alias``, one instance per process.

    Wagtail's ``get_search_backend`` builds a new backend, and so a new engine client with a new
    connection pool, on every call: each search then opened a TCP connection to the node. Kept
    here, the client's connections are reused (keep-alive). Forgotten when
    ``WAGTAILSEARCH_BACKENDS`` changes (tests)."""
    backend = _backends.get(alias)
    if backend is None:
        backend = _backends[alias] = get_search_backend(alias)
    return backend


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        _backends.clear()


def default_backend_is_engine() -> bool:
    return is_engine(search_backend())


def with_fallback(search, *args, **kwargs):
    """``(search(*args, **kwargs), False)``, or on an engine error the same search on the database
    backend: ``(results, True)``."""
    try:
        return search(*args, **kwargs), False
    except ENGINE_ERRORS:
        if FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search engine unavailable; searching the database instead", exc_info=True)
        return search(*args, backend=FALLBACK_BACKEND, **kwargs), True


class RankedPages(Sequence):
    """Pages in a given order of primary keys; the specific pages of a slice load on access."""

    def __init__(self, pks: list[int]):
        self.pks = pks

    def __len__(self):
        return len(self.pks)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        pks = self.pks[index]
        pages = {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}
        return [pages[pk] for pk in pks if pk in pages]


class EnginePages(Sequence):
    """The engine's matches of ``query`` among ``candidates`` (filters the engine indexes), best
    first, fetched a page at a time and checked against ``pages`` (the full filters) in the
    database.

    The length is the engine's count (up to ``limit``) less the pages the database rejected so
    far: exact unless a rejected page (one in a private section, or expired before the index
    heard of it) lies beyond the pages fetched — then it is one too high per such page, and the
    last page of results is shorter than the others."""

    def __init__(self, backend, query, candidates, pages, *, limit=CANDIDATES, before=()):
        self.backend, self.query, self.candidates, self.pages = backend, query, candidates, pages
        self.limit = limit
        # ``before``: pages listed first (already checked), skipped when the engine finds them:
        # the exact matches of a query, before the further matches of its relaxed form.
        self._before = set(before)
        self._allowed: list[int] = list(before)
        self._loaded = {}  # the pages checked and loaded so far, by primary key
        self._fetched = 0  # engine matches read so far
        self._total = None  # the engine's count, up to limit
        self._rejected = 0

    def _read(self, wanted: int) -> None:
        """Fetch matches until ``wanted`` pages passed the database's check, or none are left."""
        while len(self._allowed) < wanted or self._total is None:
            end = self.limit if self._total is None else min(self._total, self.limit)
            if self._fetched >= end:
                return
            size = min(max(wanted - len(self._allowed) + MARGIN, FIRST_FETCH), end - self._fetched)
            sliced = self.backend.ranked_slice(
                self.query, self.candidates, start=self._fetched, size=size, track=self.limit
            )
            if sliced is None:  # nothing can match
                self._total = len(self._allowed)
                return
            pks, total = sliced
            if self._total is None:
                self._total = min(total, self.limit)
            self._fetched += size
            new = [pk for pk in pks if pk not in self._before]
            # The check and the loading in one go: the allowed pages, specific (one query for the
            # pages and one per page type), in no particular order (the engine's is kept).
            if new:
                self._loaded.update(
                    (page.pk, page) for page in self.pages.filter(pk__in=new).order_by().specific()
                )
            kept = {pk for pk in new if pk in self._loaded}
            self._allowed += [pk for pk in new if pk in kept]
            self._rejected += len(new) - len(kept)
            if len(pks) < size:  # the engine has no more
                self._total = len(self._allowed) + self._rejected
                return

    def allowed_pks(self) -> list[int]:
        """Every match's primary key, in order (all of them are fetched)."""
        self._read(self.limit)
        return list(self._allowed)

    def __len__(self):
        self._read(1)
        return max(self._total - self._rejected, len(self._allowed))

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        stop = index.stop if index.stop is not None else len(self)
        if stop < 0:
            stop += len(self)
        self._read(stop)
        pks = self._allowed[index]
        missing = [pk for pk in pks if pk not in self._loaded]  # ``before``: checked, not loaded
        if missing:
            self._loaded.update(
                (page.pk, page) for page in Page.objects.filter(pk__in=missing).specific()
            )
        return [self._loaded[pk] for pk in pks if pk in self._loaded]


def engine_search(
    backend,
    query: str,
    pages,
    *,
    by_date=False,
    locale=None,
    autocomplete=False,
    limit=CANDIDATES,
) -> RankedPages:
    """The pages of queryset ``pages`` among the best ``limit`` matches of ``query`` on the engine
    ``backend``, best first (engine score), or newest first when ``by_date``; in the Locale whose
    id is ``locale`` only (all languages when ``None``)."""
    candidates = Page.objects.filter(live=True)
    if locale is not None:
        candidates = candidates.filter(locale_id=locale)
    pks = backend.ranked_pks(query, candidates, limit=limit, autocomplete=autocomplete)
    if not pks:
        return RankedPages([])
    allowed = pages.filter(pk__in=pks).order_by()
    if by_date:
        newest = Coalesce("newspage__publish_time", "first_published_at")
        ordered = allowed.order_by(newest.desc(nulls_last=True), "-id")
        return RankedPages(list(ordered.values_list("pk", flat=True)))
    kept = set(allowed.values_list("pk", flat=True))
    return RankedPages([pk for pk in pks if pk in kept])
