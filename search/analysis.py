"""Chinese text analysis for the search index: the same rules on the index and the query side.

Text is normalised (NFKC: full-width letters and digits become ASCII; traditional characters become
simplified through OpenCC; lower case), then cut into tokens:

- a run of Han characters becomes its overlapping bigrams plus its last character
  (代表联络站 → 代表 表联 联络 络站 站), so every substring of two or more characters is a phrase of
  bigrams and every single character is the prefix of a token;
- a run of Latin letters and digits is one token (G20 → g20, 2020年 → 2020 年), reduced to its
  English stem (Snowball's English stemmer: representatives → repres, visiting → visit), so
  English pages are found by any form of a word; as-you-type fields keep whole words, since a
  half-typed word is a prefix of the word, not of its stem;
- everything else (punctuation, emoji, control characters) separates tokens and is dropped.

The tokens are joined by spaces, which both SQLite FTS5's default tokenizer and PostgreSQL's
``simple`` configuration split on, so no database tokenizer needs installing.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import opencc
import snowballstemmer

# CJK unified ideographs with extension A, compatibility ideographs and the supplementary planes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RUNS = re.compile(f"([{HAN}]+)|([a-z0-9]+)")
LATIN_WORDS = re.compile("[a-z0-9]+")
# PostgreSQL drops words longer than 2,047 bytes; Latin runs that long are not words anyway.
MAX_LATIN_TOKEN = 60


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English stem of a lower-case Latin word (digits and short words are left alone)."""
    if len(word) < 4 or not word.isalpha():
        return word
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return _converter().convert(text).lower()


@lru_cache(maxsize=8192)
def normalize_char(char: str) -> str:
    """One character as the index sees it (for mapping matches back onto the original text)."""
    return normalize(char)


def _run_tokens(han: str) -> list[str]:
    if len(han) == 1:
        return [han]
    tokens = list(map(str.__add__, han, han[1:]))
    tokens.append(han[-1])
    return tokens


def tokenize(text: str, *, stemmed: bool = True) -> list[str]:
    """The index tokens of ``text`` (see the module docstring)."""
    tokens = []
    for match in TOKEN_RUNS.finditer(normalize(text)):
        han, latin = match.groups()
        if han:
            tokens.extend(_run_tokens(han))
        else:
            latin = latin[:MAX_LATIN_TOKEN]
            tokens.append(stem(latin) if stemmed else latin)
    return tokens


def segment(text: str, *, stemmed: bool = True) -> str:
    """The value stored in the index for ``text``: its tokens separated by spaces."""
    return " ".join(tokenize(text, stemmed=stemmed))


# Snowball's English stop words that carry no meaning of their own in a search (pronouns and
# negations, which can, are kept).
ENGLISH_STOP_WORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or than that the "
    "their then there these this those to was were will with".split()
)


def _bare(word: str) -> str:
    """A normalised query word without the punctuation around it (``the,`` → ``the``)."""
    runs = TOKEN_RUNS.findall(word)
    return runs[0][1] if len(runs) == 1 else ""


@dataclass(frozen=True)
class Term:
    """One word of a query: tokens that must appear next to each other, in order.

    ``prefix`` marks the last token as a prefix (a single Han character, or the last word typed
    into an autocomplete box). ``synonyms``: other phrases the word may be matched as instead
    (``search.synonyms``), each a term without synonyms of its own; any one of the word's
    ``phrases`` will do.
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    synonyms: tuple["Term", ...] = ()

    @property
    def phrases(self) -> tuple["Term", ...]:
        """The word's own phrase, then its synonyms'."""
        if not self.synonyms:
            return (self,)
        return (Term(self.tokens, self.prefix), *self.synonyms)


@lru_cache(maxsize=8192)
def _word_term(word: str, *, autocomplete: bool, last_word: bool) -> Term | None:
    """The term of one normalised query word (see ``query_terms``)."""
    runs = [match.groups() for match in TOKEN_RUNS.finditer(word)]
    tokens: list[str] = []
    prefix = False
    for position, (han, latin) in enumerate(runs):
        last = position == len(runs) - 1
        if latin:
            latin = latin[:MAX_LATIN_TOKEN]
            tokens.append(latin if autocomplete else stem(latin))
            prefix = last and autocomplete and last_word
        elif len(han) == 1:
            tokens.append(han)
            prefix = last
        else:
            run = _run_tokens(han)
            # The final character's own token only exists where the indexed run ends too,
            # so a query word ending in Han text stops at its last bigram.
            tokens.extend(run[:-1] if last else run)
            prefix = last and autocomplete and last_word
    return Term(tokens=tuple(tokens), prefix=prefix) if tokens else None


def _contains(longer: Term, shorter: Term) -> bool:
    """Whether every text ``longer`` matches is matched by ``shorter`` too (its tokens a run of
    ``longer``'s; prefixes aside)."""
    if longer.prefix or shorter.prefix or len(shorter.tokens) > len(longer.tokens):
        return False
    size = len(shorter.tokens)
    return any(
        longer.tokens[start : start + size] == shorter.tokens
        for start in range(len(longer.tokens) - size + 1)
    )


def _with_synonyms(term: Term, words) -> Term:
    """``term`` with the phrases of ``words`` (its synonyms) as alternatives, leaving out those
    that could not match more: a synonym containing the word or another synonym
    (代表联络站 ↔ 人大代表联络站: searching 代表联络站 finds 人大代表联络站 anyway)."""
    phrases = [term]
    for word in words:
        phrase = _word_term(word, autocomplete=False, last_word=True)
        if phrase is not None and phrase not in phrases:
            phrases.append(phrase)
    kept = [
        phrase
        for phrase in phrases
        if phrase is term
        or not any(other is not phrase and _contains(phrase, other) for other in phrases)
    ]
    return replace(term, synonyms=tuple(kept[1:])) if len(kept) > 1 else term


def query_terms(query: str, *, autocomplete: bool = False, alternatives=None) -> list[Term]:
    """The terms of a user's query: one per space-separated word, all of which must match.

    A word is matched as a substring of the indexed text: its bigrams must be adjacent; a word
    made of one Han character matches any token starting with it. ``alternatives``: a function
    giving the normalised words a query word may also be matched as, itself first
    (``search.synonyms.alternatives``); each word then matches any of them.
    """
    terms = []
    words = normalize(query).split()
    if not autocomplete:
        # English function words (“visits to the stations”) are left out when the query has
        # other words: each query word must occur, and a text rarely has every “to” and “of”
        # a reader types. Indexed as any word, so a query of only such words still searches.
        content = [word for word in words if _bare(word) not in ENGLISH_STOP_WORDS]
        words = content or words
    for number, word in enumerate(words):
        term = _word_term(word, autocomplete=autocomplete, last_word=number == len(words) - 1)
        if term is None:
            continue
        if alternatives is not None:
            term = _with_synonyms(term, alternatives(word)[1:])
        elif autocomplete and (bare := _bare(word)) and stem(bare) != bare:
            # As-you-type fields hold whole words, not stems: a complete English word also
            # matches as its stem's prefix (visiting → visit…: visited, visits), as the admin's
            # page search, which is an autocomplete, would otherwise miss other forms.
            term = replace(term, synonyms=(Term((stem(bare),), prefix=True),))
        terms.append(term)
    return list(dict.fromkeys(terms))


def phrase_term(query: str) -> Term | None:
    """The term of an exact phrase: the tokens of all its words in order, as the index cuts the
    same text (``rust programming`` → rust program; ``代表 联络站`` → 代表 表 联络 络站), its last
    Han run ending at its last bigram like a query word's."""
    runs = [match.groups() for match in TOKEN_RUNS.finditer(normalize(query))]
    tokens: list[str] = []
    for position, (han, latin) in enumerate(runs):
        if latin:
            tokens.append(stem(latin[:MAX_LATIN_TOKEN]))
        else:
            run = _run_tokens(han)
            tokens.extend(run[:-1] if position == len(runs) - 1 and len(han) > 1 else run)
    if not tokens:
        return None
    return Term(tokens=tuple(tokens), prefix=bool(runs[-1][0]) and len(runs[-1][0]) == 1)


def highlight_terms(query: str, *, alternatives=None) -> list[str]:
    """The normalised words of ``query`` to mark in result snippets, longest first: Han runs as
    typed, Latin words as their stems (``search.snippets`` marks every word with that stem);
    with ``alternatives`` (see ``query_terms``), those of each word's synonyms too."""
    words = set()
    texts = normalize(query).split()
    if alternatives is not None:
        texts = [alternative for word in texts for alternative in alternatives(word)]
    for match in TOKEN_RUNS.finditer(" ".join(texts)):
        han, latin = match.groups()
        words.add(han or stem(latin[:MAX_LATIN_TOKEN]))
    return sorted(words, key=len, reverse=True)


# --- Relaxed queries -------------------------------------------------------------------------
# A query word is first matched as written (its bigrams adjacent). When that finds few pages, the
# word is also looked up as its dictionary words, each of which must occur, in any order:
# 全过程人民民主 → 全过程 + 人民 + 民主 finds “人民民主是一种全过程的民主”, 网上联络站 → 网上 +
# 联络站 finds 网上代表联络站. The segmenter (jieba's dictionary through rjieba, the Rust
# implementation: same cuts as jieba, 0.3 s to load instead of 2.1 s) is used on the query side
# only; the index keeps its bigrams, so no re-indexing depends on the dictionary.

# A place name is often written without its administrative unit (金庭镇 → 金庭, 嵊州市 → 嵊州).
PLACE_SUFFIXES = ("自治区", "自治州", "街道", "省", "市", "县", "区", "镇", "乡", "村")


@lru_cache(maxsize=1)
def _segmenter():
    # Imported on first use, not with this module (which every process loads with the page
    # models): importing rjieba reads its dictionary (0.1–0.3 s), which only searches need, not
    # page views, indexing or management commands.
    import rjieba

    return rjieba


@lru_cache(maxsize=4096)
def dictionary_words(text: str) -> tuple[str, ...]:
    """The dictionary words of a run of Han characters (rjieba, without its HMM guesses)."""
    return tuple(_segmenter().cut(text, hmm=False))


def _relaxed_words(han: str) -> list[str]:
    words = [word for word in dictionary_words(han) if len(word) > 1]
    if len(words) > 1:
        return words
    for suffix in PLACE_SUFFIXES:
        if han.endswith(suffix) and len(han) - len(suffix) >= 2:
            return [han[: -len(suffix)]]
    return [han]


def relaxed_words(query: str) -> list[str]:
    """The words of ``query``'s relaxed form, in order, each once: Chinese words of three or more
    characters cut into their dictionary words, the others (and Latin words) as typed."""
    pieces = []
    for word in normalize(query).split():
        for match in TOKEN_RUNS.finditer(word):
            han, latin = match.groups()
            pieces.extend(_relaxed_words(han) if han and len(han) >= 3 else [han or latin])
    return list(dict.fromkeys(pieces))


def relaxed_query_terms(query: str, *, alternatives=None) -> list[Term] | None:
    """The terms of ``query`` with each Chinese word of three or more characters replaced by its
    dictionary words (single characters dropped), all of which must match; ``None`` when that
    changes nothing. ``alternatives``: as for ``query_terms``, applied to the dictionary words."""
    pieces = relaxed_words(query)
    relaxed = query_terms(" ".join(pieces))
    if not relaxed or relaxed == query_terms(query):
        return None
    return query_terms(" ".join(pieces), alternatives=alternatives) if alternatives else relaxed
