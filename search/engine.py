"""The site search on a search engine node, and what happens when the node is down or slow.

``search.views.search_pages`` (the one query function) hands its filtered queryset here when the
default backend is an engine (``search.engine_backends``): the engine ranks the live pages of the
reader's language, the best ``CANDIDATES`` (500) of them, and the database keeps those the filters
allow (visibility, type, column, station, dates) in the engine's order, or newest first. So a
query shows at most 500 results on the engine (the database backend counts every match).

``with_fallback`` runs a search and, if the engine cannot be reached or does not answer within its
timeout, logs it and runs the same search on the database backend (``"database"`` in
``WAGTAILSEARCH_BACKENDS``, configured whenever ``SEARCH_URL`` is set), telling the caller so that
the page can show a notice.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.db.models.functions import Coalesce
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .engine_backends import is_engine

logger = logging.getLogger(__name__)

# The engine ranks this many matches; filters and date sort apply to them, and the site shows at
# most this many results (25 pages) for a query on the engine.
CANDIDATES = 500
FALLBACK_BACKEND = "database"


def _engine_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = []
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # the client is an optional part of the install
        pass
    try:
        from elastic_transport import TransportError
        from elasticsearch.exceptions import ApiError

        errors.extend([ApiError, TransportError])
    except ImportError:
        pass
    return tuple(errors)


ENGINE_ERRORS = _engine_errors()


def default_backend_is_engine() -> bool:
    return is_engine(get_search_backend())


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


def engine_search(
    backend,
    query: str,
    pages,
    *,
    by_date=False,
    all_languages=False,
    autocomplete=False,
    limit=CANDIDATES,
) -> RankedPages:
    """The pages of queryset ``pages`` among the best ``limit`` matches of ``query`` on the engine
    ``backend``, best first (engine score), or newest first when ``by_date``."""
    candidates = Page.objects.filter(live=True)
    if not all_languages:
        candidates = candidates.filter(locale=Locale.get_active())
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
