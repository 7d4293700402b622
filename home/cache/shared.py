"""Values kept under the current site generation: in the shared cache for every process (for as
long as a page, ``PAGE_CACHE_SECONDS``) and in this process's memory (``GenerationMemo``).

A key is made by ``shared_key`` (per generation) or ``site_key`` (per generation, site and
language), which put the generation in: the reading and storing functions take no other key, so
a value can never outlive the generation it was built under.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from .generation import generation
from .memo import GenerationMemo


class SharedKey(str):
    """A key of the shared cache that carries the site generation (made by ``shared_key`` or
    ``site_key`` only)."""

    __slots__ = ()


def shared_key(name: str, *parts, request=None) -> SharedKey:
    """The key of ``name`` (and ``parts``) under the current site generation, ``request``'s when
    given: ``name:generation:part…``."""
    return SharedKey(":".join([name, generation(request), *map(str, parts)]))


def site_key(request, name: str, *parts) -> SharedKey:
    """The key of ``name`` (and ``parts``) for the request's site and language under its site
    generation (menus and the like, fragments)."""
    return shared_key(
        "site-data", *site_parts(request), get_language(), name, *parts, request=request
    )


def site_parts(request) -> tuple[str, str]:
    """What tells the request's site apart: its host and port."""
    # get_host() refuses hosts outside ALLOWED_HOSTS (400), so no one can fill the cache with
    # made-up host names.
    return request.get_host().lower(), request.get_port()


_memo = GenerationMemo(size=2000)


def _checked(keys):
    for key in keys:
        if type(key) is not SharedKey:
            raise TypeError(f"{key!r} does not carry the site generation (use shared_key/site_key)")
    return keys


def kept_many(keys: list[SharedKey]) -> dict[SharedKey, object]:
    """The values of ``keys`` found in this process's memory or, for the others, in the shared
    cache (one read)."""
    token = generation()
    found = {}
    for key in _checked(keys):
        value = _memo.get(token, key)
        if value is not None:
            found[key] = value
    missing = [key for key in keys if key not in found]
    if missing:
        for key, value in caches["default"].get_many(missing).items():
            _memo.put(token, key, value)
            found[key] = value
    return found


def keep_many(values: dict[SharedKey, object]) -> None:
    """Store ``values`` in the shared cache, for as long as a page, and in this process's
    memory."""
    token = generation()
    caches["default"].set_many(_checked(values), settings.PAGE_CACHE_SECONDS)
    for key, value in values.items():
        _memo.put(token, key, value)


def kept(key: SharedKey, build):
    """The value for ``key`` from this process's memory or the shared cache, or ``build()``
    stored in both (in the cache for as long as a page)."""
    found = kept_many([key])
    if key in found:
        return found[key]
    value = build()
    keep_many({key: value})
    return value
