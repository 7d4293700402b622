"""The site generation: a token replaced whenever something a public page may show changes, and
by itself at the next scheduled change (``PAGE_CACHE_SCHEDULE``). Every kept value and cached
page carries it in its key (home.cache)."""

import contextvars
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail.models import Page

GENERATION_KEY = "site-generation"


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
request_generation = contextvars.ContextVar("request_generation", default=None)


def generation(request=None) -> str:
    """The current site generation (remembered on ``request``, and for code without the request
    at hand, for the rest of the request)."""
    if request is not None and hasattr(request, "_site_generation"):
        return request._site_generation
    if request is None and (token := request_generation.get()) is not None:
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
    request_generation.set(None)
    transaction.on_commit(_forget_generation)


def _forget_generation() -> None:
    _generation_cache().delete(GENERATION_KEY)
    request_generation.set(None)
