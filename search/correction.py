"""Query correction: 联洛站 → 联络站, 嵊洲 → 嵊州, 香菲币 → 香榧币, 垃圾分累 → 垃圾分类.

Each run of Han characters in the query is covered, left to right, by pieces (dynamic programming
over the run, spans of 2–8 characters):

- a span that is a word of the site's vocabulary (``search.vocabulary``) as typed: free;
- a span replaced by a vocabulary word of the same toneless reading (``search.pinyin``), read in
  context (``SAME_READING``) or through another reading of its characters (``OTHER_READING``), of a
  near reading (``NEAR_READING``: zh/z, n/l, ing/in …), or, for three characters or more, differing
  in one character of any sound (``ONE_CHARACTER``);
- a single character not inside a word: ``UNCOVERED``.

The cheapest cover wins; a replacement is chosen only where it covers characters that no word
covered (each change costs less than the characters it covers, more than any cover without a
change), so a query made of the site's words is left alone, and among replacements the fewest,
the closest in sound and then the most frequent word win. Latin words and digits are not
touched (``G20 峰汇`` → ``G20 峰会``). Whether a correction is shown at all is
``search.outcome``'s decision: only when the query as typed finds nothing or very little, so
that a real word the site does not use (留念 next to the site's 流年) is not "corrected" away.
"""

import re

from .analysis import HAN, normalize
from .pinyin import masked, near_key, pinyin_key, reading, span_readings
from .vocabulary import LoadedVocabulary, current

MIN_SPAN, MAX_SPAN = 2, 8
UNCOVERED = 1.0
SAME_READING = 0.3
OTHER_READING = 0.35
NEAR_READING = 0.5
ONE_CHARACTER = 0.7
# Other readings of a span's characters are tried on short spans only: the combinations grow
# with each character, and a long span read wrongly in context is rare.
OTHER_READINGS_UP_TO = 4
HAN_RUNS = re.compile(f"[{HAN}]+")


def _candidates(vocabulary: LoadedVocabulary, span: str, context: tuple[str, ...]):
    """``(cost, word)`` of the best replacement of ``span``, or None."""
    found: dict[int, float] = {}

    def offer(positions, cost):
        for position in positions:
            if found.get(position, UNCOVERED) > cost:
                found[position] = cost

    offer(vocabulary.by_pinyin.get(pinyin_key(context)), SAME_READING)
    readings = span_readings(context, span) if len(span) <= OTHER_READINGS_UP_TO else [context]
    for other in readings[1:]:
        offer(vocabulary.by_pinyin.get(pinyin_key(other)), OTHER_READING)
    for each in readings:
        offer(vocabulary.by_near.get(near_key(each)), NEAR_READING)
    for form in masked(span):
        offer(vocabulary.by_mask.get(form), ONE_CHARACTER)
    # The closest sound first, then the most frequent word (the lowest position); a word of
    # another length would be a hash collision (see search.vocabulary.KeyTable).
    for position, cost in sorted(found.items(), key=lambda item: (item[1], item[0])):
        word = vocabulary.word(position)
        if len(word) == len(span) and word != span:
            return cost, word
    return None


def correct_run(run: str, vocabulary: LoadedVocabulary | None = None) -> str | None:
    """The corrected form of one normalised run of Han characters, or None."""
    vocabulary = vocabulary if vocabulary is not None else current()
    if len(run) < MIN_SPAN or not len(vocabulary) or run in vocabulary:
        return None
    syllables = reading(run)
    if len(syllables) != len(run):
        return None
    size = len(run)
    best: list[tuple[float, int, str | None]] = [(0.0, 0, None)] + [(float("inf"), 0, None)] * size
    for end in range(1, size + 1):
        cost = best[end - 1][0] + UNCOVERED
        if cost < best[end][0]:
            best[end] = (cost, end - 1, None)
        for start in range(max(0, end - MAX_SPAN), end - MIN_SPAN + 1):
            span = run[start:end]
            if span in vocabulary:
                cost, replacement = 0.0, None
            else:
                candidate = _candidates(vocabulary, span, syllables[start:end])
                if candidate is None:
                    continue
                cost, replacement = candidate
            total = best[start][0] + cost
            if total < best[end][0]:
                best[end] = (total, start, replacement)
    pieces, end, changed = [], size, False
    while end > 0:
        _cost, start, replacement = best[end]
        changed = changed or replacement is not None
        pieces.append(replacement or run[start:end])
        end = start
    return "".join(reversed(pieces)) if changed else None


def correct(query: str) -> str | None:
    """``query`` with its Han runs corrected from the site's vocabulary (Latin words, digits and
    spacing as typed), or None when nothing needs correcting."""
    vocabulary = current()
    if not len(vocabulary):
        return None
    pieces, position, changed = [], 0, False
    for match in HAN_RUNS.finditer(query):
        run = normalize(match.group())
        corrected = None
        if len(run) == len(match.group()) and HAN_RUNS.fullmatch(run):
            corrected = correct_run(run, vocabulary)
        pieces.append(query[position : match.start()])
        pieces.append(corrected or match.group())
        changed = changed or corrected is not None
        position = match.end()
    pieces.append(query[position:])
    return "".join(pieces) if changed else None
