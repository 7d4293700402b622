"""Result snippets: a short extract of a page's indexed text with the query words marked."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.search import index

from .analysis import LATIN_WORDS, normalize_char, stem

SNIPPET_LENGTH = 120
CONTEXT_BEFORE = 30


def _texts(page) -> list[str]:
    """The page's indexed text fields apart from the title, as stored on the model.

    Only concrete model fields are read, so building snippets never runs a query.
    """
    texts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            page._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            continue
        value = index.SearchField.get_value(field, page)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        text = " ".join(strip_tags(str(value or "")).split())
        if text:
            texts.append(text)
    return texts


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where ``words`` (normalised) occur in ``text``, as non-overlapping (start, end) pairs."""
    folded = [normalize_char(char) for char in text]
    # Map positions in the folded string back to characters of the original text.
    owner, flat = [], []
    for position, piece in enumerate(folded):
        flat.append(piece)
        owner.extend([position] * len(piece))
    haystack = "".join(flat)
    taken = [False] * len(text)
    spans = []

    def take(start, end):
        first, last = owner[start], owner[end - 1]
        if not any(taken[first : last + 1]):
            spans.append((first, last + 1))
            for i in range(first, last + 1):
                taken[i] = True

    stems = {word for word in words if word.isascii()}
    if stems:  # English words: every word of the text with the same stem
        for match in LATIN_WORDS.finditer(haystack):
            if stem(match.group()) in stems:
                take(match.start(), match.end())
    for word in words:
        if word in stems:
            continue
        start = haystack.find(word)
        while start != -1:
            take(start, start + len(word))
            start = haystack.find(word, start + len(word))
    return sorted(spans)


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of ``words`` wrapped in <mark>."""
    parts, cursor = [], 0
    for start, end in _spans(text, words):
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped


def result_snippet(page, words: list[str]) -> SafeString:
    """An extract around the first match in the page's text (else its opening), highlighted."""
    texts = _texts(page)
    if not texts:
        return SafeString("")
    for text in texts:
        spans = _spans(text, words) if words else []
        if spans:
            start = max(0, spans[0][0] - CONTEXT_BEFORE)
            break
    else:
        text, start = texts[0], 0
    extract = text[start : start + SNIPPET_LENGTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(prefix + highlight(extract, words) + suffix)  # noqa: S308 — escaped above
