"""Purging a shared cache in front (nginx, a CDN): the URLs a change may alter, and Wagtail's
front-end cache backend for nginx's page store (docs/deploy.md).

nginx keeps each page a reader viewed as a plain file and serves it like a static file. Any purge
empties the whole store with one ``DELETE`` (nginx's WebDAV module removes the directory), whatever
URLs Wagtail names: a change may show on pages no list names (相关文章 of other articles), and
Django's own page cache is retired as a whole in the same way (the site generation,
home.cache.generation).

A request that read the old rows before the change committed may store its page just after the
``DELETE``; so the store is emptied once more ``REPURGE_AFTER`` seconds later (default 5; 0 turns
it off). Changes during that wait get one more pass after it.

    WAGTAILFRONTENDCACHE = {"nginx": {
        "BACKEND": "home.cache.purge.PageStoreBackend",
        "LOCATION": "http://127.0.0.1:80",  # where the app servers reach nginx
    }}
"""

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

logger = logging.getLogger("wagtail.frontendcache")


# --- What a change may alter -------------------------------------------------------------------


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
    itself whole on any purge (``PageStoreBackend``)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return set()
    return {f"{site.root_url}/" for site in Site.objects.all()}


def purge_after_commit(urls: set[str]) -> None:
    """Ask the configured front-end caches to drop ``urls`` once the change is committed."""
    if not urls or not settings.WAGTAILFRONTENDCACHE:
        return
    transaction.on_commit(lambda: purge_urls_from_cache(sorted(urls)))


# --- nginx's page store ------------------------------------------------------------------------


# Second passes waiting, per (LOCATION, host), for the whole process: Wagtail makes a new backend
# for every purge.
_repurge_lock = threading.Lock()
_repurges: dict[tuple[str, str], dict] = {}


class PageStoreBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")
        self.repurge_after = float(params.get("REPURGE_AFTER", 5))
        self.timeout = float(params.get("TIMEOUT", 10))

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        urls = list(urls)
        if not urls:
            return
        # The Host of the site's server block (the purge location is inside it).
        host = urllib.parse.urlsplit(urls[0]).netloc
        self.empty(host)
        if self.repurge_after > 0:
            self._schedule_repurge(host)

    def empty(self, host: str) -> bool:
        """Empty the store; True when it was emptied (or already empty)."""
        request = urllib.request.Request(
            f"{self.location}/.page-store/", method="DELETE", headers={"Host": host}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):  # noqa: S310 (configured)
                return True
        except urllib.error.HTTPError as error:
            if error.code == 404:  # nothing stored since the last purge
                return True
            logger.error("Could not empty the page store at %s: HTTP %s", self.location, error.code)
        except OSError as error:
            logger.error("Could not empty the page store at %s: %s", self.location, error)
        return False

    def _schedule_repurge(self, host: str) -> None:
        key = (self.location, host)
        with _repurge_lock:
            pending = _repurges.get(key)
            if pending is not None:
                pending["again"] = True  # one more pass after the pending one
                return
            _repurges[key] = {"again": False}
            self._start_timer(host)

    def _start_timer(self, host: str) -> None:
        timer = threading.Timer(self.repurge_after, self._repurge, args=[host])
        timer.daemon = True
        timer.start()

    def _repurge(self, host: str) -> None:
        self.empty(host)
        key = (self.location, host)
        with _repurge_lock:
            if _repurges[key]["again"]:
                _repurges[key]["again"] = False
                self._start_timer(host)
            else:
                del _repurges[key]
