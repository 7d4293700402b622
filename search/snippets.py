"""Result snippets: a short extract of a page's indexed text with the query words marked."""

import re
from bisect import bisect_right
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.search import index

from .analysis import LATIN_WORDS, normalize_char, stem

SNIPPET_LENGTH = 120
CONTEXT_BEFORE = 30


def _texts(page):
    """The page's indexed text fields apart from the title, as stored on the model, in the order
    of its search fields (generated one at a time: a snippet stops at the first that matches).

    Only the page's own columns are read, so building snippets never runs a query: a
    StreamField's text comes from its stored JSON (``_block_texts``).
    """
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            model_field = page._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, StreamField):
            value = getattr(page, model_field.attname)
            pieces = _block_texts(model_field.stream_block, list(value.raw_data) if value else [])
            text = " ".join(" ".join(pieces).split())
        else:
            value = index.SearchField.get_value(field, page)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            text = " ".join(strip_tags(str(value or "")).split())
        if text:
            yield text


# Rich text as stored: well-formed tags, text escaped. A closing block tag or a line break
# separates words (as in Wagtail's text for indexing); a regular expression strips the tags in a
# tenth of the time of Django's HTML parser (the snippet escapes its text again anyway).
_BREAKS = re.compile(r"</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _rich_text(source: str) -> str:
    return unescape(_TAGS.sub("", _BREAKS.sub(" ", source)))


def _block_texts(block, raw):
    """The text of a block from its stored (JSON) value, as its ``get_searchable_content`` would
    give it, without loading what the value refers to: images, documents, pages and snippets
    chosen in a block give no text (their titles would cost a query per result), an image's alt
    text only when the block stores one."""
    if raw is None or raw == "":
        return
    if isinstance(block, blocks.RichTextBlock):
        if block.search_index:
            yield _rich_text(str(raw))
    elif isinstance(block, ImageBlock):
        if isinstance(raw, dict) and raw.get("alt_text") and not raw.get("decorative"):
            yield raw["alt_text"]
    elif isinstance(block, blocks.ChooserBlock):
        return
    elif isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from _block_texts(child, item.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]  # the stored form of list items since Wagtail 2.16
            yield from _block_texts(block.child_block, item)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                yield from _block_texts(child, raw.get(name))
    else:
        yield from block.get_searchable_content(block.to_python(raw))


class _Folding(dict):
    """A ``str.translate`` table folding each character as the index does (``normalize_char``),
    filled as characters are met. ``irregular`` holds the characters that fold into more or fewer
    than one character (NFKC: ½ → 1⁄2), for which positions must be mapped back one by one."""

    LIMIT = 100_000  # distinct characters kept (Unicode has about 150,000 assigned)

    def __init__(self):
        super().__init__()
        self.irregular = set()
        self._pattern = None

    def __missing__(self, code: int) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
            self.irregular.clear()
            self._pattern = None
        char = chr(code)
        folded = normalize_char(char)
        if len(folded) != 1:
            self.irregular.add(char)
            self._pattern = None
        self[code] = folded
        return folded

    @property
    def pattern(self) -> re.Pattern:
        """Matches any irregular character."""
        if self._pattern is None:
            self._pattern = re.compile("|".join(map(re.escape, sorted(self.irregular))))
        return self._pattern


_FOLDING = _Folding()


def _folded(text: str):
    """``text`` folded, and a function giving for a position in the folded text the position of
    the original character it came from."""
    haystack = text.translate(_FOLDING)
    irregular = _FOLDING.irregular
    if irregular.isdisjoint(text):
        return haystack, _same
    # Between irregular characters the offset is constant: note where each one lands.
    marks, starts, shift = [], [], 0
    for match in _FOLDING.pattern.finditer(text):
        position = match.start()
        size = len(_FOLDING[ord(match.group())])
        starts.append(position + shift)
        marks.append((position, position + shift + size))
        shift += size - 1

    def owner(folded: int) -> int:
        index = bisect_right(starts, folded) - 1
        if index < 0:
            return folded
        position, end = marks[index]
        return position if folded < end else position + 1 + folded - end

    return haystack, owner


def _same(position: int) -> int:
    return position


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where ``words`` (normalised) occur in ``text``, as non-overlapping (start, end) pairs."""
    haystack, owner = _folded(text)
    taken = [False] * len(text)
    spans = []

    def take(start, end):
        first, last = owner(start), owner(end - 1)
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
    first = None
    for text in _texts(page):
        first = first or text
        spans = _spans(text, words) if words else []
        if spans:
            start = max(0, spans[0][0] - CONTEXT_BEFORE)
            break
    else:
        if first is None:
            return SafeString("")
        text, start = first, 0
    extract = text[start : start + SNIPPET_LENGTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(prefix + highlight(extract, words) + suffix)  # noqa: S308 — escaped above
