"""The editors' guide (docs/editor-guide.md) inside the admin, where the help menu sends editors
instead of Wagtail's English guide.

No Markdown library is installed, and the guide uses a small part of Markdown (headings,
paragraphs, nested lists, tables, images, links, bold, code): this renders that part. Every piece
of text is escaped before any tag is added, so the file cannot put markup of its own into the
admin; link targets are limited to http(s), in-page anchors and the guide's own images.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE = Path(settings.BASE_DIR) / "docs" / "editor-guide.md"
IMAGES = GUIDE.parent / "images"
IMAGE_NAME = re.compile(r"^[\w-]+\.png$")

_INLINE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)"
    r"|\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|`(?P<code>[^`]+)`"
)
_LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*]|\d+\.) +(?P<text>.*)$")


def _image_url(src: str) -> str | None:
    name = src.removeprefix("images/")
    if src.startswith("images/") and IMAGE_NAME.match(name):
        return reverse("editor_guide_image", args=[name])
    return None


def _inline(text: str) -> str:
    """One line of Markdown text as HTML: escaped, then the inline marks turned into tags."""
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[last : match.start()]))
        last = match.end()
        if match["src"] is not None:
            url = _image_url(match["src"])
            out.append(
                f'<img src="{escape(url)}" alt="{escape(match["alt"])}" loading="lazy">'
                if url
                else escape(match["alt"])
            )
        elif match["href"] is not None:
            href = match["href"]
            if href.startswith(("https://", "http://", "#")):
                out.append(f'<a href="{escape(href)}">{_inline(match["text"])}</a>')
            else:
                out.append(_inline(match["text"]))
        elif match["bold"] is not None:
            out.append(f"<strong>{_inline(match['bold'])}</strong>")
        else:
            out.append(f"<code>{escape(match['code'])}</code>")
    out.append(escape(text[last:]))
    return "".join(out)


def _table(rows: list[str]) -> str:
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    head, body = cells[0], cells[2:]
    html = ["<table><thead><tr>"]
    html += [f"<th>{_inline(cell)}</th>" for cell in head]
    html.append("</tr></thead><tbody>")
    for row in body:
        html.append("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>")
    html.append("</tbody></table>")
    return "".join(html)


def _list(lines: list[str]) -> str:
    """A (nested) list: items by their marker, deeper indents inside the item before them,
    other indented lines (text, images) continuing the item they follow."""
    html, stack = [], []  # stack: (indent, tag) of the open lists
    for line in lines:
        item = _LIST_ITEM.match(line)
        if item is None:
            if line.strip():
                html.append(f"<p>{_inline(line.strip())}</p>")
            continue
        indent = len(item["indent"])
        tag = "ol" if item["marker"][0].isdigit() else "ul"
        while stack and indent < stack[-1][0]:
            html.append(f"</li></{stack.pop()[1]}>")
        if stack and indent == stack[-1][0]:
            html.append("</li>")
        else:
            html.append(f"<{tag}>")
            stack.append((indent, tag))
        html.append(f"<li>{_inline(item['text'])}")
    while stack:
        html.append(f"</li></{stack.pop()[1]}>")
    return "".join(html)


def render_markdown(text: str) -> str:
    """The guide's Markdown as safe HTML (see the module's docstring for what it understands)."""
    html, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif heading := re.match(r"^(#{1,4}) +(.*)$", line):
            level = len(heading[1])
            html.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
            i += 1
        elif line.lstrip().startswith("|"):
            end = i
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            html.append(_table(lines[i:end]))
            i = end
        elif _LIST_ITEM.match(line):
            end = i + 1
            # A list goes on through blank lines while the next text is indented or an item.
            while end < len(lines) and (
                not lines[end].strip() or lines[end].startswith(" ") or _LIST_ITEM.match(lines[end])
            ):
                end += 1
            html.append(_list(lines[i:end]))
            i = end
        else:
            end = i
            while end < len(lines) and lines[end].strip() and not re.match(r"^(#|\|)", lines[end]):
                end += 1
            # Lines of a paragraph run on, as in Markdown.
            html.append("<p>" + "\n".join(_inline(part) for part in lines[i:end]) + "</p>")
            i = end
    return mark_safe("\n".join(html))  # noqa: S308 — every text piece went through escape()


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("编辑手册")
    header_icon = "help"
    template_name = "wagtailadmin/editor_guide.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "guide": render_markdown(GUIDE.read_text(encoding="utf-8")),
        }


def guide_image(request, name: str):
    """A screenshot of the guide; only the PNG files in docs/images are served."""
    path = IMAGES / name
    if not IMAGE_NAME.match(name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
