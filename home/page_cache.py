"""The anonymous full-page cache, and the site data every page shares (the request's Wagtail site
and site settings, kept per site generation): the only caching module that reads the site's
own models, so it sits above home.cache and home.models rather than inside the cache package
(import-linter: no cycle between home.cache and home.models)."""

import contextvars
import copy
import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.models import Site

from .cache.generation import generation, request_generation
from .cache.shared import kept, shared_key, site_parts
from .models import SiteSettings

# True while an anonymous public page view is handled: cms.db_router may read from a replica.
reads_from_replica = contextvars.ContextVar("reads_from_replica", default=False)
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


# --- Site data shared by every page ------------------------------------------------------------


def prime_site(request) -> None:
    """Give the request its Wagtail site (root page already specific) and its site settings from
    the cache: Wagtail and the settings context processor then find them on the request instead
    of querying (``request._wagtail_site`` and the settings' cache attribute are where they look).
    """

    def build():
        site = Site._find_for_request(request)
        site_settings = None
        if site is not None:
            site.root_page = site.root_page.specific
            site_settings = SiteSettings.for_site(site)
        return {"site": site, "settings": site_settings}

    data = kept(shared_key("site-data", *site_parts(request), request=request), build)
    request._wagtail_site = data["site"]
    if data["settings"] is not None:
        # The kept settings are shared by the process's requests: each gets a copy to hold its
        # request (and its own cache of page URLs, which depend on the request's site).
        site_settings = copy.copy(data["settings"])
        site_settings.__dict__.pop("page_url", None)
        site_settings._page_url_cache = {}
        site_settings._request = request
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)


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
        context_token = request_generation.set(None)
        try:
            return self._respond(request)
        finally:
            request_generation.reset(context_token)

    def _respond(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _cacheable_request(request):
            prime_site(request)
            request_generation.set(generation(request))
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
        request_generation.set(generation(request))
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
