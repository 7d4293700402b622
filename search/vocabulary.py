"""The site's vocabulary: the words of its public pages, for correcting queries
(``search.correction``).

``rebuild()`` reads every live, public page's search fields (titles and the text the index
analyses, every page type, both languages), cuts each run of Han characters into words with
rjieba's search mode (its HMM on, so that names missing from the dictionary — 金庭镇 — come out
whole; the dictionary words inside longer words too), keeps the words of 2–8 characters and
counts in how many pages each occurs (document frequency). The words of the synonym sets
(``search.models.Synonym``) are added: editors chose them as the site's words (内司委, 代表之家),
so a typo of one is corrected to it. At most ``SEARCH_VOCABULARY_WORDS`` words are kept, so
that the vocabulary stays small on a big site: first the words of titles and synonym sets
and those met in ``MIN_PAGES`` pages, most frequent first, then, while there is room, words
met once (on a small site all of them). Each word is stored with its toneless reading
(``search.pinyin``) in one compressed row (``search.models.Vocabulary``).

``current()`` is this process's copy, loaded from that row into dictionaries keyed by reading,
near reading and one-character-masked form. A rebuild writes a new version stamp into the default
cache; a process compares it with its copy's before using it (the cache key expires after
``CHECK_SECONDS``, after which the database's stamp is read once), so every process picks up a
rebuild at its next correction.
"""

import json
import logging
import re
import sys
import time
import uuid
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from modelsearch import index
from wagtail.models import Page

from home.visibility import publicly_visible

from .analysis import HAN, PLACE_SUFFIXES, normalize
from .models import Synonym, Vocabulary, split_synonym_words
from .pinyin import masked, near_key, pinyin_key, reading

logger = logging.getLogger(__name__)

MIN_LENGTH, MAX_LENGTH = 2, 8
# A word outside the titles met in fewer pages comes after all others: a word met once is as often
# a typo of the site's own as a word, and at 100k articles such words are most of the vocabulary
# (the cap then leaves them out). On a small site they are kept: the development set's 63 pages
# named 信访 and 观海卫 once each, and their typos (人大信仿, 观海位) found nothing.
MIN_PAGES = 2
# At most this many words (the most frequent): 50,000 words hold ~3 MB per process (see
# bench/search_correction.py).
DEFAULT_MAX_WORDS = 50_000
CHECK_SECONDS = 30
VERSION_KEY = "search-vocabulary-version"
PAGES_PER_QUERY = 500
HAN_WORD = re.compile(f"[{HAN}]{{{MIN_LENGTH},{MAX_LENGTH}}}")


@dataclass(frozen=True)
class VocabularyStats:
    words: int
    pages: int
    memory_bytes: int
    stored_bytes: int
    seconds: float


# --- Reading the pages ----------------------------------------------------------------------------


def _texts(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return [str(value)]


def _field_texts(obj, fields) -> list[str]:
    """The raw text of ``obj``'s full-text fields (not the segmented form the index stores)."""
    texts = []
    for field in fields:
        if isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            objects = related.all() if hasattr(related, "all") else [related]
            for item in objects:
                texts.extend(_field_texts(item, field.fields))
        elif isinstance(field, index.SearchField) and field.field_name != "title":
            # index.SearchField's own reading, without search.index's segmentation.
            texts.extend(_texts(index.SearchField.get_value(field, obj)))
    return texts


def _public_pages():
    """The live, public pages in batches, each as its specific class with its related search
    fields prefetched."""
    from .backends.indexing import prefetch_related_fields

    pks = list(
        publicly_visible(Page.objects.live())
        .exclude(depth=1)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pks), PAGES_PER_QUERY):
        batch = list(Page.objects.filter(pk__in=pks[start : start + PAGES_PER_QUERY]).specific())
        by_model: dict[type, list] = {}
        for page in batch:
            by_model.setdefault(type(page), []).append(page)
        for model, pages in by_model.items():
            prefetch_related_fields(model, pages)
        yield from batch


def _cut(text: str) -> set[str]:
    # Imported here, as in search.analysis: loading rjieba's dictionary is for searches and
    # rebuilds only, not for every process that imports the page models.
    import rjieba

    # One cut per text (rjieba splits at punctuation and Latin itself), each distinct word
    # checked once (_kept): 2,000 generated articles took 14.0 s of CPU cut run by run with every
    # word checked, of which 7 s in the place-name check.
    # cut_for_search: the words and the dictionary words inside the longer ones (防治法 → 防治,
    # 防治法; 信访工作 → 信访, 工作, 信访工作), which readers type alone: with plain cut the
    # development set's 水污染防制 and 人大信仿 had nothing to be corrected to. 1.6× plain cut's
    # CPU (rjieba, 100 kB of text).
    words = set()
    for word in set(rjieba.cut_for_search(normalize(text), True)):
        words.update(_kept(word))
    return words


@lru_cache(maxsize=65536)
def _kept(word: str) -> tuple[str, ...]:
    """The vocabulary words a word of the text gives: itself if it is 2–8 Han characters, and
    its place name without the administrative unit."""
    if not HAN_WORD.fullmatch(word):
        return ()
    return (word, *_place_name(word))


def _place_name(word: str) -> list[str]:
    """A place name without its administrative unit (嵊州市 → 嵊州), as readers often type it
    (and as search.analysis relaxes it)."""
    for suffix in PLACE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_LENGTH:
            return [word[: -len(suffix)]]
    return []


def count_words() -> tuple[Counter, set[str], int]:
    """Document frequency of each word, the words of titles, and the number of pages read."""
    frequencies: Counter = Counter()
    title_words: set[str] = set()
    pages = 0
    for page in _public_pages():
        pages += 1
        words = _cut(page.title)
        title_words |= words
        for text in _field_texts(page, page.get_search_fields()):
            words |= _cut(text)
        frequencies.update(words)
    for word in synonym_words():
        title_words.add(word)
        frequencies[word] = max(frequencies[word], 1)
    return frequencies, title_words, pages


def synonym_words() -> set[str]:
    """The Han words of the active synonym sets, normalised as queries are."""
    words = set()
    for terms in Synonym.objects.filter(active=True).values_list("terms", flat=True):
        for word in split_synonym_words(terms):
            word = normalize(word)
            if HAN_WORD.fullmatch(word):
                words.add(word)
    return words


def select(frequencies: Counter, title_words: set[str], limit: int) -> list[tuple[str, int]]:
    """The kept words with their frequencies: titles' words and words of ``MIN_PAGES`` pages
    first, then words met once, each group most frequent first; at most ``limit``."""

    def rank(item):
        word, count = item
        return (count < MIN_PAGES and word not in title_words, -count, word)

    return sorted(frequencies.items(), key=rank)[:limit]


# --- Building and storing -------------------------------------------------------------------------


def max_words() -> int:
    return getattr(settings, "SEARCH_VOCABULARY_WORDS", DEFAULT_MAX_WORDS)


def rebuild() -> VocabularyStats:
    """Read the pages, store the new vocabulary, load it in this process; returns its figures."""
    started = time.perf_counter()
    frequencies, title_words, pages = count_words()
    words = select(frequencies, title_words, max_words())
    payload = {
        "words": [word for word, _count in words],
        "frequencies": [count for _word, count in words],
        "pinyin": [pinyin_key(reading(word)) for word, _count in words],
    }
    data = zlib.compress(json.dumps(payload, ensure_ascii=False).encode(), 6)
    version = uuid.uuid4().hex
    with transaction.atomic():
        Vocabulary.objects.all().delete()
        Vocabulary.objects.create(
            version=version, built_at=timezone.now(), words=len(words), data=data
        )
    loaded = LoadedVocabulary(version, payload)
    _install(loaded)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, version, CHECK_SECONDS))
    return VocabularyStats(
        words=len(loaded),
        pages=pages,
        memory_bytes=loaded.memory_bytes(),
        stored_bytes=len(data),
        seconds=time.perf_counter() - started,
    )


def load_demo(*, stdout) -> None:
    """The demo loader's last step (``DEMO_LOADERS``): the vocabulary of the demo pages."""
    stats = rebuild()
    stdout.write(f"  vocabulary: {stats.words} words from {stats.pages} pages")


# --- This process's copy --------------------------------------------------------------------------


class KeyTable:
    """Keys mapped to word positions, as two arrays: the keys' 64-bit hashes, sorted, and the
    position of each key's word (a key's words most frequent first). 12 bytes an entry, where a
    dict of strings took ~130 (47,000 words, 220,000 keys: 27 MB as dicts, 3 MB as arrays; a
    lookup is a binary search, ~1 µs). Two keys with the same hash would share their words; at
    64 bits that is one chance in 10^9 for the whole vocabulary, and the callers compare the words
    they get back with what they looked up where a wrong word could slip through."""

    def __init__(self, pairs: list[tuple[int, int]]):
        pairs.sort()
        self.hashes = array("q", [key for key, _position in pairs])
        self.positions = array("I", [position for _key, position in pairs])

    def __len__(self):
        return len(self.hashes)

    def get(self, key: str) -> list[int]:
        hashed = hash(key)
        index = bisect_left(self.hashes, hashed)
        found = []
        while index < len(self.hashes) and self.hashes[index] == hashed:
            found.append(self.positions[index])
            index += 1
        return found

    def memory_bytes(self) -> int:
        return sys.getsizeof(self.hashes) + sys.getsizeof(self.positions)


class LoadedVocabulary:
    """The words, most frequent first (one string and the end of each word in it), their
    frequencies, and the tables of positions by word, by reading, by near reading and by
    one-character-masked form."""

    def __init__(self, version: str, payload: dict):
        self.version = version
        words = payload["words"]
        self.text = "".join(words)
        self.ends = array("I", accumulate(len(word) for word in words))
        self.frequencies = array("I", payload["frequencies"])
        exact, by_pinyin, by_near, by_mask = [], [], [], []
        for position, (word, key) in enumerate(zip(words, payload["pinyin"], strict=True)):
            exact.append((hash(word), position))
            by_pinyin.append((hash(key), position))
            by_near.append((hash(near_key(key.split(" "))), position))
            by_mask.extend((hash(form), position) for form in masked(word))
        self.exact = KeyTable(exact)
        self.by_pinyin = KeyTable(by_pinyin)
        self.by_near = KeyTable(by_near)
        self.by_mask = KeyTable(by_mask)

    def __len__(self):
        return len(self.ends)

    def word(self, position: int) -> str:
        start = self.ends[position - 1] if position else 0
        return self.text[start : self.ends[position]]

    def top(self, count: int) -> list[str]:
        return [self.word(position) for position in range(min(count, len(self)))]

    def _position(self, word: str) -> int | None:
        for position in self.exact.get(word):
            if self.word(position) == word:
                return position
        return None

    def __contains__(self, word: str) -> bool:
        return self._position(word) is not None

    def frequency(self, word: str) -> int:
        position = self._position(word)
        return 0 if position is None else self.frequencies[position]

    def memory_bytes(self) -> int:
        tables = (self.exact, self.by_pinyin, self.by_near, self.by_mask)
        return (
            sys.getsizeof(self.text)
            + sys.getsizeof(self.ends)
            + sys.getsizeof(self.frequencies)
            + sum(table.memory_bytes() for table in tables)
        )


EMPTY = LoadedVocabulary("", {"words": [], "frequencies": [], "pinyin": []})
_state = {"vocabulary": EMPTY}


def _install(vocabulary: LoadedVocabulary) -> None:
    _state["vocabulary"] = vocabulary


def _load() -> LoadedVocabulary:
    row = Vocabulary.objects.order_by("-built_at").first()
    if row is None:
        return EMPTY
    if row.version == _state["vocabulary"].version:
        return _state["vocabulary"]
    payload = json.loads(zlib.decompress(bytes(row.data)))
    return LoadedVocabulary(row.version, payload)


def current() -> LoadedVocabulary:
    """This process's vocabulary, reloaded when a rebuild stored a new one (see the module
    docstring: one cache read per call, one database read per ``CHECK_SECONDS`` at most)."""
    vocabulary = _state["vocabulary"]
    version = cache.get(VERSION_KEY)
    if version is not None and version == vocabulary.version:
        return vocabulary
    if version is None:
        stored = Vocabulary.objects.order_by("-built_at").values_list("version", flat=True)
        version = stored.first() or ""
        cache.set(VERSION_KEY, version, CHECK_SECONDS)
    if version != vocabulary.version:
        vocabulary = _load()
        _install(vocabulary)
    return vocabulary
