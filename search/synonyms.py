"""Synonyms at query time: the words a query word may also be matched as (``alternatives``).

Editors keep the sets in the admin (设置 › 同义词, ``search.models.Synonym``): 等同 sets, where any
word finds the others, and 单向 ones, where the first word finds the others but not the reverse
(人大 → 人民代表大会). A set's word inside a longer query word applies too: 绍兴市人大常委会 is also
looked for as 绍兴市人民代表大会常务委员会. The query analysis (``search.backends.query.analyse``)
makes each query word match any of its alternatives, on every backend; suggestions as one types
do not use synonyms.

The sets are loaded once per process and kept until they change. Whether they changed is one
read of a version token in the cache every worker shares (the site generation's cache,
``PAGE_CACHE_GENERATION_ALIAS``): saving or deleting a set replaces the token (``forget``, wired
in ``search.signals``), and every process reloads at its next search. A token of its own rather
than the site generation: a synonym changes no cached page (search pages are not cached), so it
should not retire them all, and the generation changes with every publication, which would
reload the sets each time.

Cost (``bench/synonym_lookup.py``, 2026-12-07, the 2-core machine shared with three test runs):
analysing a query and its relaxed form with synonyms adds 0.14–0.20 ms with the tests' in-memory
cache and 0.19–0.28 ms with the development file cache, with 50 or 500 sets alike (a set word is
looked up by its first character, and each query word's alternatives are kept per table);
loading 500 sets takes 37–99 ms, once per change per process.
"""

import itertools
import re
import secrets
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from .analysis import highlight_terms as _highlight_terms
from .analysis import normalize

VERSION_KEY = "search-synonyms"
# A query word becomes at most this many phrases (itself included): a word holding several
# set words (全国人大法工委) has a combination per replacement, and each phrase is one more
# lookup in the index.
MAX_ALTERNATIVES = 8
_LATIN = re.compile("[a-z0-9]")


class SynonymTable:
    """The active sets, as what each normalised word finds besides itself."""

    def __init__(self, sets):
        expansions: dict[str, list[str]] = {}
        for kind, words in sets:
            words = list(dict.fromkeys(normalize(word) for word in words))
            sources = words if kind == "equivalent" else words[:1]
            for source in sources:
                found = expansions.setdefault(source, [])
                found.extend(word for word in words if word != source and word not in found)
        self.expansions = {source: tuple(found) for source, found in expansions.items() if found}
        starting: dict[str, list[str]] = {}
        for source in self.expansions:
            starting.setdefault(source[0], []).append(source)
        # By first character, longest first: the longest set word at each position applies.
        self.starting = {
            char: tuple(sorted(sources, key=len, reverse=True))
            for char, sources in starting.items()
        }
        self.alternatives = lru_cache(maxsize=4096)(self._alternatives)

    def _occurrences(self, word: str) -> list[tuple[int, int, str]]:
        """The set words inside ``word``, in order, not overlapping: the longest first (in
        省人大常委会, 人大常委会 rather than 省人大). A Latin set word counts only as a whole word
        (npc is not inside npcs)."""
        found = []
        for position, char in enumerate(word):
            for source in self.starting.get(char, ()):
                end = position + len(source)
                if not word.startswith(source, position):
                    continue
                if _LATIN.match(source[0]) and position and _LATIN.match(word[position - 1]):
                    continue
                if _LATIN.match(source[-1]) and end < len(word) and _LATIN.match(word[end]):
                    continue
                found.append((position, end, source))
        taken = [False] * len(word)
        chosen = []
        for start, end, source in sorted(found, key=lambda o: (o[0] - o[1], o[0])):
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                chosen.append((start, end, source))
        return sorted(chosen)

    def _alternatives(self, word: str) -> tuple[str, ...]:
        occurrences = self._occurrences(word)
        if not occurrences:
            return (word,)
        choices = [(source, *self.expansions[source]) for _start, _end, source in occurrences]
        result = [word]
        for combination in itertools.product(*choices):
            pieces, cursor = [], 0
            for (start, end, _source), chosen in zip(occurrences, combination, strict=True):
                pieces += [word[cursor:start], chosen]
                cursor = end
            alternative = "".join(pieces) + word[cursor:]
            if alternative not in result:
                result.append(alternative)
            if len(result) == MAX_ALTERNATIVES:
                break
        return tuple(result)


_loaded: tuple[str | None, SynonymTable | None] = (None, None)


def _version_cache():
    return caches[settings.PAGE_CACHE_GENERATION_ALIAS]


def _token() -> str:
    cache = _version_cache()
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, f"{time.time_ns():x}{secrets.token_hex(4)}", None)
        token = cache.get(VERSION_KEY)
    return token


def _load() -> SynonymTable:
    from .models import Synonym

    rows = Synonym.objects.filter(active=True).order_by("pk").values_list("kind", "terms")
    return SynonymTable((kind, Synonym(terms=terms).words) for kind, terms in rows)


def current() -> SynonymTable:
    """The active synonym sets, reloaded when an editor changed them (in any process)."""
    global _loaded
    token = _token()
    loaded_token, table = _loaded
    if table is None or loaded_token != token:
        table = _load()
        _loaded = (token, table)
    return table


@lru_cache(maxsize=8192)
def _normalized(word: str) -> str:
    return normalize(word)  # OpenCC costs ~20 µs a call; query words repeat


def alternatives(word: str) -> tuple[str, ...]:
    """The normalised ``word`` itself, then the words it may also be matched as."""
    return lookup()(word)


def lookup():
    """``alternatives`` for one query: the sets checked once (one read of the version token),
    not once per word."""
    table = current()

    def alternatives(word: str) -> tuple[str, ...]:
        word = _normalized(word)
        return table.alternatives(word) if word else ()

    return alternatives


def highlight_terms(query: str) -> list[str]:
    """``search.analysis.highlight_terms`` with each word's synonyms: result snippets mark the
    synonym that matched too."""
    return _highlight_terms(query, alternatives=lookup())


def forget() -> None:
    """The sets changed: every process reloads them at its next search, now and again once the
    current transaction commits (a search in between may have loaded the old rows under the
    token made in between)."""
    global _loaded
    _loaded = (None, None)
    _version_cache().delete(VERSION_KEY)
    transaction.on_commit(lambda: _version_cache().delete(VERSION_KEY))
