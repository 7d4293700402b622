"""The anonymous full-page cache and the site data every page shares.

Both are keyed by one *site generation*: a token that is replaced whenever something a public page
may show changes (a page published, unpublished, moved or deleted; site settings, images,
snippets). Nothing cached under the old token is read again, so a change is visible at once on
every page that lists it, without knowing which pages those are. The token also lapses by itself
when the next page becomes visible or expires without anyone publishing (an article dated in the
future, a page's expiry time), and cached pages vary by the local date because an article's
citation shows today's date (引用日期).

Where the token lives must be shared by every worker process: the ``default`` cache when
``CACHE_URL`` is set (Redis in production), otherwise a small file-based cache under ``var/``
(settings: ``PAGE_CACHE_GENERATION_ALIAS``). Cached pages themselves may live in a per-process
cache, because their keys carry the token.
"""

import contextvars
import copy
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.module_loading import import_string
from wagtail.models import Page, Site

GENERATION_KEY = "site-generation"
# True while an anonymous public page view is handled: cms.db_router may read from a replica.
reads_from_replica = contextvars.ContextVar("reads_from_replica", default=False)
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


# --- The site generation -----------------------------------------------------------------------


def _generation_cache():
    return caches[settings.PAGE_CACHE_GENERATION_ALIAS]


def next_expiry(*, now: datetime) -> datetime | None:
    """The next moment a live page passes its expiry time (it disappears without a publish)."""
    return (
        Page.objects.live()
        .filter(expire_at__gt=now)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)
        .first()
    )


def _seconds_until_next_change(now: datetime) -> int:
    """How long the current generation may stand: until the next scheduled change of what the
    public sees (``PAGE_CACHE_SCHEDULE`` lists the functions that know), at most a day."""
    moments = [import_string(path)(now=now) for path in settings.PAGE_CACHE_SCHEDULE]
    upcoming = [moment for moment in moments if moment is not None and moment > now]
    limit = now + timedelta(days=1)
    soonest = min([*upcoming, limit])
    return max(1, int((soonest - now).total_seconds()) + 1)


# The generation a request started with, for code that has no request at hand (set by
# PageCacheMiddleware for the request's duration; a change made during it clears it).
_request_generation = contextvars.ContextVar("request_generation", default=None)


def generation(request=None) -> str:
    """The current site generation (remembered on ``request``, and for code without the request
    at hand, for the rest of the request)."""
    if request is not None and hasattr(request, "_site_generation"):
        return request._site_generation
    if request is None and (token := _request_generation.get()) is not None:
        return token
    cache = _generation_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = f"{time.time_ns():x}{secrets.token_hex(4)}"
        cache.add(GENERATION_KEY, token, _seconds_until_next_change(timezone.now()))
        token = cache.get(GENERATION_KEY) or token
    if request is not None:
        request._site_generation = token
    return token


def bump_generation() -> None:
    """Retire every cached page and the shared site data, now and again once the current
    transaction commits (a request between the two may have read the old rows under the token
    made in between)."""
    _generation_cache().delete(GENERATION_KEY)
    _request_generation.set(None)
    transaction.on_commit(_forget_generation)


def _forget_generation() -> None:
    _generation_cache().delete(GENERATION_KEY)
    _request_generation.set(None)


class BoundedMemo:
    """At most ``size`` values by key, in this process, the least recently used dropped first;
    safe to use from several threads. For values that never change under their key: shared by
    every request of the process, they are read, never changed."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.RLock()

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


class _ProcessMemo(BoundedMemo):
    """Values of the shared cache this process has read or built under the current site
    generation, kept in its memory too: a key that carries the generation never changes value,
    so a request reads it without unpickling it from the cache (with Redis, without a round
    trip). Only the current generation's: the first value stored under a new token empties it."""

    _token = None

    def get(self, token: str, key: str):  # type: ignore[override]
        with self._lock:  # the token and the value together (another thread may move it on)
            return super().get(key) if token == self._token else None

    def put(self, token: str, key: str, value) -> None:  # type: ignore[override]
        with self._lock:
            if token != self._token:
                self.clear()
                self._token = token
            super().put(key, value)


_memo = _ProcessMemo(size=2000)


def shared_get_many(keys: list[str]) -> dict[str, object]:
    """The values of ``keys`` (each carrying the current generation) found in this process's
    memory or, for the others, in the shared cache (one read)."""
    token = generation()
    found = {}
    for key in keys:
        value = _memo.get(token, key)
        if value is not None:
            found[key] = value
    missing = [key for key in keys if key not in found]
    if missing:
        for key, value in caches["default"].get_many(missing).items():
            _memo.put(token, key, value)
            found[key] = value
    return found


def shared_set_many(values: dict[str, object]) -> None:
    """Store ``values`` (keys carrying the current generation) in the shared cache, for as long as
    a page, and in this process's memory."""
    token = generation()
    caches["default"].set_many(values, settings.PAGE_CACHE_SECONDS)
    for key, value in values.items():
        _memo.put(token, key, value)


def shared_cached(key: str, build):
    """The value for ``key`` (which carries the current generation) from this process's memory
    or the shared cache, or ``build()`` stored in both (in the cache for as long as a page)."""
    found = shared_get_many([key])
    if key in found:
        return found[key]
    value = build()
    shared_set_many({key: value})
    return value


def _kept_per_generation(name: str, build):
    """``build()`` kept under the current generation: in this process, and in the shared cache
    for the other processes (values nearly every request reads: locale ids, restricted paths…)."""
    return shared_cached(f"{name}:{generation()}", build)


# --- Site data shared by every page ------------------------------------------------------------


def _site_data_key(request) -> str:
    # get_host() refuses hosts outside ALLOWED_HOSTS (400), so no one can fill the cache with
    # made-up host names.
    host = request.get_host().lower()
    return f"site-data:{generation(request)}:{host}:{request.get_port()}"


def prime_site(request) -> None:
    """Give the request its Wagtail site (root page already specific) and its site settings from
    the cache: Wagtail and the settings context processor then find them on the request instead
    of querying (``request._wagtail_site`` and the settings' cache attribute are where they look).
    """
    from .models import SiteSettings

    def build():
        site = Site._find_for_request(request)
        site_settings = None
        if site is not None:
            site.root_page = site.root_page.specific
            site_settings = SiteSettings.for_site(site)
        return {"site": site, "settings": site_settings}

    data = shared_cached(_site_data_key(request), build)
    request._wagtail_site = data["site"]
    if data["settings"] is not None:
        # The kept settings are shared by the process's requests: each gets a copy to hold its
        # request (and its own cache of page URLs, which depend on the request's site).
        site_settings = copy.copy(data["settings"])
        site_settings.__dict__.pop("page_url", None)
        site_settings._page_url_cache = {}
        site_settings._request = request
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)


def cached_for_site(request, name: str, build):
    """``build()``, computed once per site, language and generation (menus and the like)."""
    from django.utils.translation import get_language

    return shared_cached(f"{_site_data_key(request)}:{get_language()}:{name}", build)


def _fragments_kept(request) -> bool:
    """Fragments are rendered afresh, never kept, for previews (a draft must not reach the
    public), without a request and when ``FRAGMENT_CACHE_ENABLED`` is off."""
    return (
        request is not None
        and settings.FRAGMENT_CACHE_ENABLED
        and not getattr(request, "is_preview", False)
    )


def _fragment_key(request, name: str, vary_on) -> str:
    from django.utils.translation import get_language

    digest = hashlib.sha256(repr(list(vary_on)).encode()).hexdigest()[:32]
    return f"{_site_data_key(request)}:{get_language()}:fragment:{name}:{digest}"


def cached_fragment(request, name: str, vary_on, render) -> str:
    """HTML that ``render()`` gives, kept per site, language and generation (and ``vary_on``):
    parts shared by many pages (menu, footer, the home page's lists). A publish retires them with
    everything else."""
    if not _fragments_kept(request):
        return render()
    return shared_cached(_fragment_key(request, name, vary_on), render)


def cached_fragment_filled(request, name: str, vary_on, render, fill: dict[str, str]) -> str:
    """``cached_fragment`` for HTML that many pages share but for a few values of their own
    (an address, a title, an alt text): ``render(marks)`` writes, for each name in ``fill``, its
    mark (letters only, which escaping and ``urlencode`` leave as they are) where the value goes;
    the kept HTML then gets each page's values, escaped as the template escapes a variable."""
    from django.utils.html import conditional_escape

    marks = {key: f"zzKeptFragmentMark{index}zz" for index, key in enumerate(fill)}
    html = cached_fragment(request, name, vary_on, lambda: render(marks))
    for key, mark in marks.items():
        html = html.replace(mark, conditional_escape(fill[key]))
    return html


def cached_fragments(request, name: str, parts: list[tuple[list, object]]) -> list[str]:
    """``cached_fragment`` for several parts at once, ``parts`` being [(vary_on, render)…]:
    those kept are read in one go, the others rendered and kept. The HTML in the same order."""
    if not _fragments_kept(request):
        return [render() for _vary_on, render in parts]
    keys = [_fragment_key(request, name, vary_on) for vary_on, _render in parts]
    found = shared_get_many(list(dict.fromkeys(keys)))
    fresh = {}
    for key, (_vary_on, render) in zip(keys, parts, strict=True):
        if key not in found and key not in fresh:
            fresh[key] = render()
    if fresh:
        shared_set_many(fresh)
    return [found[key] if key in found else fresh[key] for key in keys]


# --- The full-page cache -----------------------------------------------------------------------


def _seconds_until_midnight() -> int:
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def _cacheable_request(request) -> bool:
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    return set(request.GET) <= set(settings.PAGE_CACHE_QUERY_PARAMS)


def page_cache_key(request) -> str:
    """The page's address (host, path, the allowed query parameters), the display-preference
    cookies, the local date and the site generation."""
    query = sorted(
        (name, value)
        for name in settings.PAGE_CACHE_QUERY_PARAMS
        for value in request.GET.getlist(name)
    )
    cookies = [request.COOKIES.get(name, "") for name in settings.PAGE_CACHE_COOKIES]
    parts = [
        request.get_host(),
        request.path,
        repr(query),
        repr(cookies),
        timezone.localdate().isoformat(),
        generation(request),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def use_query_value(request, name: str) -> None:
    """The page read ``?name=`` and its content depends on the value: the page cache may keep
    the response under it. A query parameter no view claimed (one the page ignores, an ``asof``
    that is not the column's current one) still gets its page, but it is never kept, so made-up
    query strings cannot fill the cache with copies of the same HTML."""
    request._page_cache_query_used = {*getattr(request, "_page_cache_query_used", ()), name}


def _query_used(request) -> bool:
    used = getattr(request, "_page_cache_query_used", set())
    return all(name in used and len(request.GET.getlist(name)) == 1 for name in request.GET)


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not _query_used(request):
        return False
    if response.has_header("Cache-Control"):
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache; store what they render.

    Requests with a session cookie (editors, previews: Wagtail's user bar) are never answered
    from the cache and never fill it; neither are responses that set cookies, vary by cookie,
    carry their own Cache-Control, or are not 200. Cacheable responses tell a shared cache in
    front (nginx, a CDN) how long it may keep them (``s-maxage`` / ``X-Accel-Expires``, never
    past local midnight); browsers revalidate every time. ``X-Page-Cache`` says HIT or MISS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Code without the request at hand (per-generation lists) uses the request's generation.
        context_token = _request_generation.set(None)
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(context_token)

    def _respond(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _cacheable_request(request):
            prime_site(request)
            _request_generation.set(generation(request))
            return _private_for_users(request, self.get_response(request))
        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = page_cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return _mark_shared_cacheable(response, "HIT")

        prime_site(request)
        _request_generation.set(generation(request))
        token = reads_from_replica.set(True)
        try:
            response = self.get_response(request)
        finally:
            reads_from_replica.reset(token)
        if not _cacheable_response(request, response):
            return response
        # The session was only looked at (there is none: no session cookie, no cookie set), so
        # the page does not vary by cookie, except by the preference cookies that are in the key.
        vary = [v.strip() for v in response.get("Vary", "").split(",")]
        vary = [v for v in vary if v and v != "Cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        else:
            del response["Vary"]
        seconds = min(settings.PAGE_CACHE_SECONDS, _seconds_until_midnight())
        cache.set(key, (response.status_code, list(response.items()), response.content), seconds)
        return _mark_shared_cacheable(response, "MISS")


def _private_for_users(request, response):
    """What a signed-in user gets (pages with the editors' bar, previews, the admin) is theirs:
    no shared cache in front may keep it, nor the browser on disk."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        add_never_cache_headers(response)
    return response


def _mark_shared_cacheable(response, state: str):
    seconds = min(settings.PAGE_CACHE_SECONDS, _seconds_until_midnight())
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    response["X-Accel-Expires"] = str(seconds)
    response["X-Page-Cache"] = state
    return response


# --- Purging a shared cache in front (nginx, a CDN) --------------------------------------------


def listing_pages(page: Page) -> list[Page]:
    """The pages whose HTML shows ``page``: itself, its ancestors below the tree root (the home
    page, its columns, a station network), its translations, and what the page type adds through
    ``pages_showing_this()`` (an article's neighbours, an activity's stations)."""
    page = page.specific
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    pages += list(page.get_translations().live())
    extra = getattr(page, "pages_showing_this", None)
    if extra is not None:
        pages += list(extra())
    return pages


def urls_showing(page: Page) -> set[str]:
    """Absolute URLs of everything a change to ``page`` may alter: ``listing_pages`` and the
    site's and its columns' feeds (none when no front-end cache is configured)."""
    from django.urls import reverse

    urls = set()
    if not settings.WAGTAILFRONTENDCACHE:
        return urls
    for shown in listing_pages(page):
        url = shown.get_full_url()
        if not url:
            continue
        urls.add(url)
        root = url[: -len(shown.get_url())] if shown.get_url() else url
        urls.update(root + reverse(name) for name in ("feed_rss", "feed_atom"))
        urls.update(
            root + reverse(name, args=[shown.pk])
            for name in ("feed_rss_column", "feed_atom_column")
        )
    return urls


def site_urls() -> set[str]:
    """Each site's home page: what a change to shared content (site settings, snippets, images)
    is purged under (none when no front-end cache is configured). nginx's page store empties
    itself whole on any purge (home.frontendcache)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return set()
    return {f"{site.root_url}/" for site in Site.objects.all()}


def purge_after_commit(urls: set[str]) -> None:
    """Ask the configured front-end caches to drop ``urls`` once the change is committed."""
    if not urls or not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    transaction.on_commit(lambda: purge_urls_from_cache(sorted(urls)))


def locale_ids() -> dict[str, int]:
    """Language code → Locale id, per site generation (a locale added or removed replaces it):
    routing asks for the reader's locale on every request."""
    from wagtail.models import Locale

    return _kept_per_generation(
        "locale-ids", lambda: dict(Locale.objects.values_list("language_code", "id"))
    )


def active_locale_id() -> int:
    """The id of the reader's Locale (Wagtail's ``Locale.get_active()``, which queries the
    database on every call), from the ids kept per site generation."""
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    try:
        locale_id = locale_ids().get(get_supported_content_language_variant(get_language()))
    except LookupError:
        locale_id = None
    return locale_id if locale_id is not None else Locale.get_active().pk


# Above this many pages outside the default language, ``translated_keys`` gives up (None) and the
# language links ask the database for every page: the set is read on every request.
TRANSLATED_KEYS_LIMIT = 5000


def translated_keys() -> frozenset[str] | None:
    """The translation keys (as text) of every page outside the default language, per site
    generation: a page of the default language whose key is not among them has no translation,
    so its language links need no query. A new translation reaches the public only by being
    published, which replaces the generation. None when there are too many to keep."""
    from wagtail.coreutils import get_supported_content_language_variant

    def build():
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = list(
            Page.objects.exclude(locale__language_code=default).values_list(
                "translation_key", flat=True
            )[: TRANSLATED_KEYS_LIMIT + 1]
        )
        if len(found) > TRANSLATED_KEYS_LIMIT:
            return "too many"
        return frozenset(str(value) for value in found)

    keys = _kept_per_generation("translated-keys", build)
    return None if keys == "too many" else keys


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (private sections), per site
    generation: most requests then need no query to know that no restriction applies."""
    from wagtail.models import PageViewRestriction

    return _kept_per_generation(
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
