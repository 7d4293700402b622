"""站内链接: links and embeds that point at a page, document or image which is gone or not
published, read from a page's rich text and StreamField blocks.

Wagtail's reference index is not used: it forgets a reference as soon as its target is deleted
(``ReferenceIndex.remove_references_to``), which is exactly the broken link to find. The page's own
content is read instead, as stored (raw block data keeps the id of a deleted document).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text

HREF_RE = re.compile(r"""<a\b[^>]*?\bhref=["'](https?://[^"'\s>]+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    field: str
    label: str
    model: type | None  # Page, Document or Image for an internal link; None for an external URL
    target: str  # the id, or the URL


def page_links(page: Page) -> list[Link]:
    """Every link in the rich text and blocks of ``page`` (its specific class)."""
    links = []
    for field in page._meta.concrete_fields:
        label = str(field.verbose_name)
        if isinstance(field, StreamField):
            raw = field.value_from_object(page).raw_data
            for model, target in _from_block(field.stream_block, list(raw)):
                links.append(Link(field.name, label, model, target))
        elif isinstance(field, RichTextField):
            for model, target in _from_rich_text(field.value_from_object(page) or ""):
                links.append(Link(field.name, label, model, target))
    return links


def _from_rich_text(html: str):
    for model, object_id, *_path in extract_references_from_rich_text(html):
        yield model, str(object_id)
    for url in HREF_RE.findall(html):
        yield None, url


def _from_block(block, raw):
    if raw is None or raw == "":
        return
    if isinstance(block, ImageBlock) and not isinstance(raw, dict):
        yield get_image_model(), str(raw)  # an ImageBlock stored as a bare image id
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _from_block(child_block, child.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from _from_block(block.child_block, value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _from_block(child_block, raw.get(name))
    elif isinstance(block, blocks.ChooserBlock):
        yield block.model_class, str(raw.pk if hasattr(raw, "pk") else raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield from _from_rich_text(str(raw))
    elif isinstance(block, blocks.URLBlock) and str(raw).startswith(("http://", "https://")):
        yield None, str(raw)


@dataclass(frozen=True)
class BrokenLink:
    page_id: int
    field: str
    label: str
    target: str
    reason: str


def broken_internal_links(pages: list[Page]) -> list[BrokenLink]:
    """The internal links of ``pages`` whose target is deleted or not public: three queries for
    any number of pages (one per kind of target)."""
    wanted = defaultdict(set)
    found = []
    for page in pages:
        for link in page_links(page):
            if link.model is not None:
                wanted[_kind(link.model)].add(link.target)
                found.append((page.pk, link))
    existing = _existing(wanted)
    broken = []
    for page_id, link in found:
        kind = _kind(link.model)
        state = existing[kind].get(link.target)
        if state == "ok":
            continue
        broken.append(
            BrokenLink(page_id, link.field, link.label, f"{kind}:{link.target}",
                       _reason(kind, state))
        )  # fmt: skip
    return broken


def _kind(model) -> str:
    if issubclass(model, Page):
        return "page"
    if issubclass(model, get_document_model()):
        return "document"
    if issubclass(model, get_image_model()):
        return "image"
    return model._meta.label_lower


def _existing(wanted) -> dict[str, dict[str, str]]:
    """``{kind: {id: "ok" | "unpublished"}}``; a deleted target is missing. A live page behind a
    password is a working link (its readers have the password); one past its expiry is not."""
    result = defaultdict(dict)
    page_ids = [int(pk) for pk in wanted.get("page", ()) if pk.isdigit()]
    if page_ids:
        now = timezone.now()
        for pk, live, expire_at in Page.objects.filter(pk__in=page_ids).values_list(
            "pk", "live", "expire_at"
        ):
            visible = live and (expire_at is None or expire_at > now)
            result["page"][str(pk)] = "ok" if visible else "unpublished"
    for kind, model in (("document", get_document_model()), ("image", get_image_model())):
        ids = [int(pk) for pk in wanted.get(kind, ()) if pk.isdigit()]
        for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True):
            result[kind][str(pk)] = "ok"
    return result


def _reason(kind: str, state: str | None) -> str:
    names = {"page": gettext("页面"), "document": gettext("文件"), "image": gettext("图片")}
    name = names.get(kind, kind)
    if state == "unpublished":
        return gettext("链接的%(kind)s未发布或已下线") % {"kind": name}
    return gettext("链接的%(kind)s已删除") % {"kind": name}
