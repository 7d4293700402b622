"""Chinese text analysis for the search index: the same rules on the index and the query side.

Text is normalised (NFKC: full-width letters and digits become ASCII; traditional characters become
simplified through OpenCC; lower case), then cut into tokens:

- a run of Han characters becomes its overlapping bigrams plus its last character
  (代表联络站 → 代表 表联 联络 络站 站), so every substring of two or more characters is a phrase of
  bigrams and every single character is the prefix of a token;
- a run of Latin letters and digits is one token (G20 → g20, 2020年 → 2020 年);
- everything else (punctuation, emoji, control characters) separates tokens and is dropped.

The tokens are joined by spaces, which both SQLite FTS5's default tokenizer and PostgreSQL's
``simple`` configuration split on, so no database tokenizer needs installing.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

# CJK unified ideographs with extension A, compatibility ideographs and the supplementary planes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RUNS = re.compile(f"([{HAN}]+)|([a-z0-9]+)")
# PostgreSQL drops words longer than 2,047 bytes; Latin runs that long are not words anyway.
MAX_LATIN_TOKEN = 60


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


def tokenize(text: str) -> list[str]:
    """The index tokens of ``text`` (see the module docstring)."""
    tokens = []
    for match in TOKEN_RUNS.finditer(normalize(text)):
        han, latin = match.groups()
        if han:
            tokens.extend(_run_tokens(han))
        else:
            tokens.append(latin[:MAX_LATIN_TOKEN])
    return tokens


def segment(text: str) -> str:
    """The value stored in the index for ``text``: its tokens separated by spaces."""
    return " ".join(tokenize(text))


@dataclass(frozen=True)
class Term:
    """One word of a query: tokens that must appear next to each other, in order.

    ``prefix`` marks the last token as a prefix (a single Han character, or the last word typed
    into an autocomplete box).
    """

    tokens: tuple[str, ...]
    prefix: bool = False


def query_terms(query: str, *, autocomplete: bool = False) -> list[Term]:
    """The terms of a user's query: one per space-separated word, all of which must match.

    A word is matched as a substring of the indexed text: its bigrams must be adjacent; a word
    made of one Han character matches any token starting with it.
    """
    terms = []
    words = normalize(query).split()
    for number, word in enumerate(words):
        runs = [match.groups() for match in TOKEN_RUNS.finditer(word)]
        tokens: list[str] = []
        prefix = False
        for position, (han, latin) in enumerate(runs):
            last = position == len(runs) - 1
            if latin:
                tokens.append(latin[:MAX_LATIN_TOKEN])
                prefix = last and autocomplete and number == len(words) - 1
            elif len(han) == 1:
                tokens.append(han)
                prefix = last
            else:
                run = _run_tokens(han)
                # The final character's own token only exists where the indexed run ends too,
                # so a query word ending in Han text stops at its last bigram.
                tokens.extend(run[:-1] if last else run)
                prefix = last and autocomplete and number == len(words) - 1
        if tokens:
            terms.append(Term(tokens=tuple(tokens), prefix=prefix))
    return list(dict.fromkeys(terms))


def highlight_terms(query: str) -> list[str]:
    """The normalised words of ``query`` to mark in result snippets, longest first."""
    words = {match.group() for match in TOKEN_RUNS.finditer(normalize(query))}
    return sorted(words, key=len, reverse=True)
