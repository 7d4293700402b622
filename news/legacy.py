"""Reading saved article pages of the legacy site (HTML files and plain-text page captures).

``read_legacy_file`` turns one file into a ``LegacyArticle`` or raises ``LegacyParseError`` with a
reason an editor can act on. Nothing here touches the database.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, CData, NavigableString
from bs4.builder import HTMLTreeBuilder

LEGACY_TIME_ZONE = ZoneInfo("Asia/Shanghai")
SUFFIXES = {".txt", ".html", ".htm", ".shtml"}

BREADCRUMB_RE = re.compile(r"您(?:当前|现在)?的?位置\s*[:：]\s*(?P<trail>.+)$")
CRUMB_SPLIT_RE = re.compile(r"\s*(?:>|＞|»|›|&gt;)\s*")
DATE_LABEL_RE = re.compile(
    r"(?:发布时间|发布日期|发表时间)\s*[:：]\s*(?P<value>[^\s　]*(?:\s+[\d:：]+)?)"
)
DATE_VALUE_RE = re.compile(
    r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?$"
)
META_LABELS = ("来源", "作者", "责任编辑")
META_RE = {
    label: re.compile(rf"{label}\s*[:：]\s*(?P<value>.*?)\s*(?=(?:来源|作者|责任编辑)\s*[:：]|$)")
    for label in META_LABELS
}
META_LINE_RE = re.compile(r"^\s*(?:来源|作者|责任编辑)\s*[:：]")
END_OF_ARTICLE_RE = re.compile(r"[\[【]\s*(?:关闭窗口|关闭|打印本页|打印)\s*[\]】]")
# Lines of page furniture that legacy templates put inside the article area.
CHROME_LINE_RE = re.compile(
    r"^(?:【?\s*字[号体]\s*[:：]?.*[大中小].*】?|【?\s*(?:打印|关闭窗口|返回顶部)\s*】?|分享到\s*[:：]?.*)$"
)
AUTHOR_SPLIT_RE = re.compile(r"\s{2,}|[、，,；;/|]")
# A column title taken from a breadcrumb: text only (a tag written as text, such as
# "&lt;script&gt;", is dropped), at most this many characters (the longest real one has 12).
COLUMN_TITLE_MAX_LENGTH = 30
TAG_TEXT_RE = re.compile(r"<[^<>]*>?|[<>]")


class LegacyParseError(ValueError):
    """A file that cannot be imported, with the reason in Chinese for the import report."""


@dataclass
class LegacyArticle:
    title: str
    column_path: list[str]
    publish_time: datetime
    paragraphs: list[str]
    source: str = ""
    authors: list[str] = field(default_factory=list)
    responsible_editor: str = ""

    @property
    def legacy_id(self) -> str:
        """Identifies the article across re-imports: its title and legacy publication time."""
        key = f"{self.publish_time.isoformat()}|{self.title}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


def find_legacy_files(paths: list[Path]) -> list[Path]:
    """The files to import: each file given, and every page file under each folder given."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        else:
            files.append(path)
    return files


def read_legacy_file(
    path: Path, *, max_bytes: int | None = None, max_depth: int | None = None
) -> LegacyArticle:
    """``max_bytes``: larger files are refused unread; ``max_depth``: HTML whose elements nest
    deeper is refused before it is parsed. Both default to the settings ``IMPORT_MAX_FILE_MB`` and
    ``IMPORT_MAX_DEPTH``: a 64 MB page took 2 GB of memory to parse, 200,000 nested ``<div>``s
    more than 300 s (bench/import_limits.py)."""
    max_bytes, max_depth = _limits(max_bytes, max_depth)
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)  # never more, whatever the file claims to be
    except OSError as error:
        raise LegacyParseError(f"无法读取文件：{error.strerror or error}") from error
    if len(raw) > max_bytes:
        raise LegacyParseError(f"文件过大：超过 {_megabytes(max_bytes)}（可用 --max-file-mb 调整）")
    is_html = path.suffix.lower() in {".html", ".htm", ".shtml"} or _looks_like_html(raw)
    text = decode_legacy_bytes(raw, is_html=is_html)
    if is_html:
        check_nesting(text, max_depth=max_depth)
    lines = html_to_lines(text) if is_html else text.splitlines()
    return parse_legacy_lines(lines)


def _limits(max_bytes: int | None, max_depth: int | None) -> tuple[int, int]:
    from django.conf import settings

    if max_bytes is None:
        max_bytes = settings.IMPORT_MAX_FILE_MB * 1024 * 1024
    if max_depth is None:
        max_depth = settings.IMPORT_MAX_DEPTH
    return max_bytes, max_depth


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.3g} MB"


class _NestingProbe(HTMLParser):
    """Follows how deep the elements nest as BeautifulSoup's html.parser tree will hold them (an
    unclosed tag stays open, an end tag closes up to its start tag, void elements hold nothing)
    and stops at the first element past ``max_depth``: a linear pass, where building the tree of a
    deeply nested page took minutes."""

    VOID = frozenset(HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS)

    def __init__(self, max_depth: int):
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.open.append(tag)
        if len(self.open) > self.max_depth:
            raise LegacyParseError(
                f"HTML 嵌套过深：超过 {self.max_depth} 层（可用 --max-depth 调整）"
            )

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index] == tag:
                del self.open[index:]
                return


def check_nesting(html: str, *, max_depth: int) -> None:
    """Raise LegacyParseError when ``html`` nests elements deeper than ``max_depth``."""
    probe = _NestingProbe(max_depth)
    probe.feed(html)
    probe.close()


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def decode_legacy_bytes(raw: bytes, *, is_html: bool = False) -> str:
    """UTF-8 (with or without BOM), the charset an HTML page declares, or GB18030 (GBK, GB2312)."""
    if not raw.strip():
        raise LegacyParseError("文件为空")
    if b"\x00" in raw[:4096]:
        raise LegacyParseError("不是文本文件（含有二进制数据）")
    encodings = ["utf-8-sig"]
    if is_html:
        declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            encodings.insert(0, "gb18030" if name in {"gb2312", "gbk", "gb18030"} else name)
    encodings.append("gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise LegacyParseError("无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）")


BLOCK_TAGS = [
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "ul", "ol", "section", "article", "header", "footer", "nav", "dd", "dt", "center",
]  # fmt: skip


BLOCK_TAG_SET = frozenset(BLOCK_TAGS)
TEXT_TYPES = (NavigableString, CData)  # what get_text() reads: not comments nor the doctype


def html_to_lines(html: str) -> list[str]:
    """The visible text of a page, one line per block element.

    One walk over the tree, each block element's text between line breaks. (Inserting the line
    breaks into the tree instead cost a search of the parent's children for each: 4 s for a
    0.4 MB page of 4,000 paragraphs, growing with the square of its size.)"""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["head", "script", "style", "noscript", "iframe", "select", "button"]):
        tag.decompose()
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            parts.append("\n")
        elif isinstance(node, NavigableString):
            if type(node) in TEXT_TYPES:
                # Line breaks in the HTML source are spaces; only block elements start lines.
                parts.append(re.sub(r"[\r\n]+", " ", node))
        else:
            if node.name in BLOCK_TAG_SET:
                parts.append("\n")
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
    return "".join(parts).splitlines()


def _clean(line: str) -> str:
    return line.replace("\u3000", " ").replace("\xa0", " ").strip()


def parse_legacy_lines(raw_lines: list[str]) -> LegacyArticle:
    lines = [_clean(line) for line in raw_lines]

    date_index, date_text = _find_date(lines)
    if date_index is None:
        raise LegacyParseError("找不到发布时间（“发布时间：”一行）")
    publish_time = parse_legacy_time(date_text)

    crumb_index, column_path = _find_breadcrumb(lines[:date_index])
    title = next(
        (line for line in reversed(lines[crumb_index + 1 : date_index]) if line),
        "",
    )
    # Some templates put the title on the date line itself: "标题 发布时间：…".
    if not title:
        title = lines[date_index][: lines[date_index].find("发布")].strip()
    if not title:
        raise LegacyParseError("找不到标题")
    if column_path and column_path[-1] == title:
        column_path = column_path[:-1]
    column_path = clean_column_path(column_path)

    paragraphs, meta = _body_and_meta(lines[date_index + 1 :])
    if not paragraphs:
        raise LegacyParseError("正文为空")
    return LegacyArticle(
        title=title,
        column_path=column_path,
        publish_time=publish_time,
        paragraphs=paragraphs,
        source=meta.get("来源", ""),
        authors=split_authors(meta.get("作者", "")),
        responsible_editor=meta.get("责任编辑", ""),
    )


def clean_column_title(title: str) -> str:
    """A breadcrumb's column title as text: no markup written as text, no control characters,
    spaces collapsed, at most ``COLUMN_TITLE_MAX_LENGTH`` characters."""
    text = TAG_TEXT_RE.sub(" ", title)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    return " ".join(text.split())[:COLUMN_TITLE_MAX_LENGTH].strip()


def clean_column_path(titles: list[str]) -> list[str]:
    """Each title through ``clean_column_title``; a title with no text left is an error."""
    cleaned = []
    for title in titles:
        text = clean_column_title(title)
        if not text:
            raise LegacyParseError(f"栏目名无效：“{title[:COLUMN_TITLE_MAX_LENGTH]}”")
        cleaned.append(text)
    return cleaned


def _find_date(lines: list[str]) -> tuple[int | None, str]:
    for index, line in enumerate(lines):
        match = DATE_LABEL_RE.search(line)
        if match:
            return index, match.group("value").strip()
    return None, ""


def parse_legacy_time(text: str) -> datetime:
    match = DATE_VALUE_RE.match(text.strip())
    if not match:
        raise LegacyParseError(f"无法解析发布时间：“{text}”")
    parts = {key: int(value) if value else 0 for key, value in match.groupdict().items()}
    try:
        return datetime(
            parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"],
            tzinfo=LEGACY_TIME_ZONE,
        )  # fmt: skip
    except ValueError as error:
        raise LegacyParseError(f"无法解析发布时间：“{text}”（{error}）") from error


def _find_breadcrumb(lines: list[str]) -> tuple[int, list[str]]:
    """The last breadcrumb line above the title, as column titles below 首页."""
    for index in range(len(lines) - 1, -1, -1):
        match = BREADCRUMB_RE.search(lines[index])
        if match:
            crumbs = [c.strip() for c in CRUMB_SPLIT_RE.split(match.group("trail")) if c.strip()]
            if crumbs and crumbs[0] in {"首页", "网站首页", "主页"}:
                crumbs = crumbs[1:]
            return index, crumbs
    return -1, []


def _body_and_meta(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    paragraphs: list[str] = []
    meta: dict[str, str] = {}
    in_meta = False
    for line in lines:
        if END_OF_ARTICLE_RE.search(line):
            break
        if META_LINE_RE.match(line):
            in_meta = True
            for label, pattern in META_RE.items():
                match = pattern.search(line)
                if match and label not in meta:
                    meta[label] = match.group("value").strip()
            continue
        if in_meta:
            if line:
                break  # the first non-metadata line after the byline ends the article
            continue
        if line and not CHROME_LINE_RE.match(line):
            paragraphs.append(line)
    return paragraphs, meta


def split_authors(value: str) -> list[str]:
    """'沈丽华  吕 颖' → ['沈丽华', '吕颖']: names are separated by two spaces or punctuation;
    a single space inside a Chinese name only pads it to the width of a three-character name."""
    names = []
    for part in AUTHOR_SPLIT_RE.split(value.strip()):
        part = part.strip()
        if not part:
            continue
        if re.fullmatch(r"[\u4e00-\u9fff\s·]+", part):
            part = "".join(part.split())
        names.append(part)
    return names
