"""Pinyin keys under which the vocabulary is looked up (``search.vocabulary``,
``search.correction``).

Readers type Chinese with pinyin input methods, so their typos are mostly another character of the
same sound (联洛站 for 联络站, 嵊洲 for 嵊州: only the tone differs), of a sound they do not tell
apart (zh/z, n/l …), or one wrong character picked from the candidates.

- ``pinyin_key``: the syllables without tones, space-separated (``lian luo zhan``): the tone is
  not typed with a pinyin input method, so any character of the syllable is one candidate away.
- ``near_key``: the same with the confusions of ``NEAR_INITIALS`` / ``NEAR_FINALS`` merged. They are
  the pairs that the fuzzy-pinyin (模糊音) settings of the common input methods offer (Sogou,
  Microsoft Pinyin: z=zh, c=ch, s=sh, l=n, f=h, an=ang, en=eng, in=ing), because speakers of the
  southern dialects — Wu, as spoken in 嵊州 itself, Min, Cantonese, Xiang — do not distinguish
  them and type the sound they hear. r/l is left out: it is offered but rarely switched on, and it
  would merge many common words (日/立, 人/林).
- ``masked``: a word with one character replaced by ``?`` (垃圾分?), for one wrong character of any
  sound in a word of three or more characters.
"""

from functools import lru_cache
from itertools import product

from pypinyin import Style, lazy_pinyin, pinyin

MASK = "?"
# Initials first, longest first, so that zh is not read as z + h.
NEAR_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("h", "f"))
# Finals: the velar nasal read as the dental one (iang, uang follow from ang).
NEAR_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))
# A character with several readings contributes at most this many (the heteronyms of pypinyin's
# dictionary, the first being the most common), and a span at most this many combinations.
READINGS_PER_CHARACTER = 3
READINGS_PER_SPAN = 8


def reading(word: str) -> tuple[str, ...]:
    """The toneless syllables of ``word`` as read in context (pypinyin's phrase dictionary picks
    重庆's chong), one per character."""
    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors=lambda chars: list(chars)))


@lru_cache(maxsize=1024)
def near_syllable(syllable: str) -> str:
    for initial, merged in NEAR_INITIALS:
        if syllable.startswith(initial):
            syllable = merged + syllable[len(initial) :]
            break
    for final, merged in NEAR_FINALS:
        if syllable.endswith(final):
            return syllable[: -len(final)] + merged
    return syllable


def pinyin_key(syllables) -> str:
    return " ".join(syllables)


def near_key(syllables) -> str:
    return " ".join(near_syllable(syllable) for syllable in syllables)


def masked(word: str) -> list[str]:
    """``word`` with each of its characters in turn replaced by ``MASK`` (words of 3+ characters:
    in a two-character word one wrong character of another sound leaves too little to go on)."""
    if len(word) < 3:
        return []
    return [word[:index] + MASK + word[index + 1 :] for index in range(len(word))]


@lru_cache(maxsize=8192)
def character_readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character, most common first (at most
    ``READINGS_PER_CHARACTER``)."""
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda chars: list(chars))
    return tuple(dict.fromkeys(readings[0]))[:READINGS_PER_CHARACTER]


def span_readings(context: tuple[str, ...], text: str) -> list[tuple[str, ...]]:
    """The readings a typed span may stand for: the one in context first, then other readings of
    its characters (a typo such as 重 may have been typed as zhong or chong), at most
    ``READINGS_PER_SPAN``."""
    readings = [context]
    choices = [character_readings(char) for char in text]
    for combination in product(*choices):
        if len(readings) >= READINGS_PER_SPAN:
            break
        if combination not in readings:
            readings.append(combination)
    return readings
