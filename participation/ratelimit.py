"""Fixed-window rate limits in the shared cache (``add`` then ``incr``: atomic on Redis and in
local memory, so concurrent requests of several workers count once each)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from home.client_address import client_ip

PREFIX = "participation:rate:"


def client_key(request) -> str:
    """The client's address as far as the trusted proxies say (``home.client_address``)."""
    return client_ip(request) or "unknown"


def _key(kind: str, key: str, window: int) -> str:
    # Hashed: the cache never holds a mobile number or an address in clear.
    digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()[:32]
    return f"{PREFIX}{kind}:{window}:{digest}"


def allow(kind: str, key: str, *, limit: int, window: int) -> bool:
    """Count one more request of ``kind`` for ``key``; False once more than ``limit`` came in
    the current ``window`` (seconds)."""
    cache_key = _key(kind, key, window)
    if cache.add(cache_key, 1, window):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(cache_key, 1, window)
        count = 1
    return count <= limit


def limit_for(name: str) -> tuple[int, int]:
    """(limit, window) of ``PARTICIPATION_RATE_LIMITS[name]``."""
    value = settings.PARTICIPATION_RATE_LIMITS[name]
    return value["limit"], value["window"]


def allow_named(name: str, key: str, *, scope: str = "") -> bool:
    """``allow`` with the limit of ``PARTICIPATION_RATE_LIMITS[name]``; ``scope`` (an app's name)
    keeps the counts of different forms apart."""
    limit, window = limit_for(name)
    return allow(f"{scope}:{name}", key, limit=limit, window=window)


def used(kind: str, key: str, *, window: int) -> int:
    """How many ``kind`` requests ``key`` made in the current window (counts nothing)."""
    return cache.get(_key(kind, key, window)) or 0


def blocked_named(name: str, key: str, *, scope: str = "") -> bool:
    """True once ``key`` has used up ``PARTICIPATION_RATE_LIMITS[name]`` (counts nothing: for
    limits on failures, which ``allow_named`` counts when they happen)."""
    limit, window = limit_for(name)
    return used(f"{scope}:{name}", key, window=window) >= limit
