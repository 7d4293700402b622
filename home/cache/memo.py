"""Bounded memories of one process: values that never change under their key, shared by every
request of the process (read, never changed)."""

import threading
from collections import OrderedDict


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


class GenerationMemo(BoundedMemo):
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


# get_url_parts() results by (the page's site root, its URL path, the active language, the
# URLconf): what Wagtail's answer depends on, so an entry is never stale (home.models'
# KeptUrlPartsMixin).
url_parts = BoundedMemo(size=20000)
