"""Reading a draft regulation's text into 章 / 节 / 条 / 款 from pasted text or a .docx.

A line that starts with 第…章 or 第…节 is a heading; 第…条 (and 第…条之一) starts an article,
whose text on the same line is its first 款; every following line is a further 款 of it, except
项 lines — （一）, （二） … — which stay inside the 款 they enumerate. Numbers are Chinese
numerals (to the thousands) or Arabic digits; labels are written back the canonical way
(第12条 → 第十二条), so each article's anchor is stable. What fits none of this (a title
before the first article, a 目录) is reported with its line number and text, never dropped
silently.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS |= {"七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "[零〇一二两三四五六七八九十百千0-9０-９]+"
SPACE = " \t\u3000\u00a0"

CHAPTER = re.compile(rf"^第({NUMERAL})章(?:[{SPACE}]+(.*))?$")
SECTION = re.compile(rf"^第({NUMERAL})节(?:[{SPACE}]+(.*))?$")
# The separator after 第…条 is usually a (full-width) space; without one, the line is an
# article only when its number is the next one expected (else 第十条规定的… opening a 款 would
# be read as an article).
ARTICLE = re.compile(rf"^第({NUMERAL})条(?:之({NUMERAL}))?([{SPACE}]*)(.*)$")
ITEM = re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")
CONTENTS = re.compile(rf"^目[{SPACE}]*录$")


def chinese_number(text: str) -> int:
    """十二 → 12, 一百零二 → 102, 二十 → 20, 12 → 12; ValueError for anything else."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if not text:
        raise ValueError(text)
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in UNITS:
            total += (current or 1) * UNITS[char]
            current = 0
        else:
            raise ValueError(text)
    return total + current


def chinese_numeral(number: int) -> str:
    """12 → 十二, 102 → 一百零二, 110 → 一百一十, 20 → 二十 (as statutes write them)."""
    if number <= 0:
        return "零"
    names = "零一二三四五六七八九"
    parts = []
    zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit_value)
        if digit:
            if zero:
                parts.append("零")
            zero = False
            parts.append(names[digit] + unit)
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int, sub: int | None = None) -> str:
    """第十二条, 第十条之一."""
    label = f"第{chinese_numeral(number)}条"
    return f"{label}之{chinese_numeral(sub)}" if sub else label


@dataclass
class Heading:
    kind: str  # "chapter" or "section"
    number: int
    title: str  # 总则

    @property
    def label(self) -> str:
        return f"第{chinese_numeral(self.number)}{'章' if self.kind == 'chapter' else '节'}"


@dataclass
class Article:
    number: int
    sub: int | None
    paragraphs: list[str] = field(default_factory=list)  # 款; 项 lines kept inside theirs

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)


@dataclass
class Line:
    number: int  # 1-based line of the input
    text: str


@dataclass
class ParsedText:
    items: list[Heading | Article] = field(default_factory=list)
    unrecognised: list[Line] = field(default_factory=list)
    warnings: list[Line] = field(default_factory=list)  # numbering out of sequence

    @property
    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]

    def stream_data(self) -> list[tuple[str, dict]]:
        """The items as the StreamField's raw data (consultations.blocks.DraftTextBlock)."""
        data = []
        for item in self.items:
            if isinstance(item, Heading):
                data.append((item.kind, {"number": item.number, "title": item.title}))
            else:
                value = {"number": item.number, "sub": item.sub, "paragraphs": item.paragraphs}
                data.append(("article", value))
        return data


def _clean(line: str) -> str:
    return line.strip(SPACE + "\r\n\ufeff")


def _heading(text: str) -> Heading | None:
    for kind, pattern in (("chapter", CHAPTER), ("section", SECTION)):
        match = pattern.match(text)
        if match:
            try:
                value = chinese_number(match.group(1))
            except ValueError:
                return None
            return Heading(kind, value, _clean(match.group(2) or ""))
    return None


def parse_lines(lines: list[str]) -> ParsedText:
    """Structure the lines of a draft (see the module's description)."""
    result = ParsedText()
    article: Article | None = None
    last_number = 0
    in_contents = False
    contents_first = None
    for number, raw in enumerate(lines, start=1):
        text = _clean(raw)
        if not text:
            continue
        if CONTENTS.match(text):
            in_contents, contents_first = True, None
            result.unrecognised.append(Line(number, text))
            continue
        heading = _heading(text)
        if in_contents:
            # A 目录 lists the headings; it ends where its first heading comes again (or at the
            # first line that is not a heading).
            if heading is not None and contents_first is None:
                contents_first = heading.label
            elif heading is None or heading.label == contents_first:
                in_contents = False
            if in_contents:
                result.unrecognised.append(Line(number, text))
                continue
        if heading is not None:
            result.items.append(heading)
            article = None
            continue
        match = ARTICLE.match(text)
        if match:
            try:
                value = chinese_number(match.group(1))
                sub = chinese_number(match.group(2)) if match.group(2) else None
            except ValueError:
                value, sub = None, None
            expected = value is not None and (
                value == last_number + 1 or (sub and value == last_number)
            )
            if value is not None and (match.group(3) or not match.group(4) or expected):
                if not expected:
                    result.warnings.append(Line(number, text))
                article = Article(value, sub)
                rest = _clean(match.group(4))
                if rest:
                    article.paragraphs.append(rest)
                result.items.append(article)
                last_number = value
                continue
        last = result.items[-1] if result.items else None
        if article is None and isinstance(last, Heading) and not last.title:
            last.title = text  # 第一章 on a line of its own, 总则 on the next
        elif article is None:
            result.unrecognised.append(Line(number, text))
        elif ITEM.match(text) and article.paragraphs:
            article.paragraphs[-1] += "\n" + text
        else:
            article.paragraphs.append(text)
    return result


def parse_text(text: str) -> ParsedText:
    return parse_lines(text.splitlines())


def docx_lines(data: bytes) -> list[str]:
    """The paragraphs of a .docx as lines (soft line breaks split too); ValueError when the
    file is not a readable .docx."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValueError(str(error)) from error
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n"))
    return lines


def parse_docx(data: bytes) -> ParsedText:
    return parse_lines(docx_lines(data))
