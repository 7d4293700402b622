"""Slugs an editor never has to think about: the pinyin of the title, in ASCII, short and unique
among the page's siblings (省人大常委会召开会议 → sheng-ren-da-chang-wei-hui-zhao-kai-hui-yi).

Wagtail fills an empty slug with ``slugify(title)``, which gives nothing for a Chinese title when
slugs are ASCII, and its admin form requires the field: every new article failed to save with the
error hidden on the 推荐 tab. Here the form leaves the field optional and fills it from the title,
the model fills it on any other save (copies, imports, translations made in code), and the editor
shows the slug as the title is typed (``static/js/admin-slug.js`` asks ``suggest_slug_view``).
"""

import re

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

# Long enough to tell articles apart (about ten syllables), short enough to read and share.
MAX_SLUG_LENGTH = 60
SLUG_HELP_TEXT = _("网址中的页面名称。留空即按标题的拼音自动生成，一般无需修改。")


def slug_from_title(title: str) -> str:
    """The title as an ASCII slug: Han characters become their pinyin (by word, so 重庆 is
    chong-qing), other letters and digits are kept, the rest separates words; cut at a word
    boundary. Empty when the title has nothing to spell (only punctuation or emoji)."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use, not at start

    spelled = " ".join(lazy_pinyin(title or "", style=Style.NORMAL, errors="default"))
    # Punctuation separates words (No.1 → no-1), apostrophes do not (People's → peoples);
    # slugify drops accents and turns full-width digits into 0-9.
    slug = slugify(re.sub(r"[^\w'’]+", " ", spelled))
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def unique_slug(title: str, *, parent: Page | None, page: Page | None = None) -> str:
    """``slug_from_title`` made unique among ``parent``'s children (``-2``, ``-3`` …), ``page``
    itself excepted. A title with nothing to spell gets the date (20261206)."""
    base = slug_from_title(title) or timezone.localdate().strftime("%Y%m%d")
    if parent is None:
        return base
    taken = set(
        parent.get_children()
        .filter(slug__startswith=base)
        .exclude(pk=getattr(page, "pk", None))
        .values_list("slug", flat=True)
    )
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def _known_parent(page: Page) -> Page | None:
    # Before its first save a page knows its parent only when the tree code cached it.
    if page.path:
        return page.get_parent()
    return getattr(page, "_cached_parent_obj", None)


class AutoSlugPageForm(WagtailAdminPageForm):
    """The page editor's form: the slug may be left empty and is then made from the title."""

    class Media:
        js = ["js/admin-slug.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is None:
            return
        field.required = False
        field.help_text = SLUG_HELP_TEXT
        parent = self.parent_page or (_known_parent(self.instance) if self.instance.pk else None)
        if self.instance.pk is None or not self.instance.live:
            # Only a page not yet live follows its title: a live page's address stays put.
            # Wagtail's own sync (urlify on w-sync:apply) gives way to static/js/admin-slug.js.
            field.widget.attrs["data-action"] = "blur->w-slug#slugify"
            field.widget.attrs["data-slug-suggest-url"] = (
                reverse("suggest_slug")
                + "?"
                + (f"parent={parent.pk if parent else ''}&page={self.instance.pk or ''}")
            )
            field.widget.attrs["data-slug-auto"] = (
                "true"
                if not self.instance.slug
                or self.instance.slug
                == unique_slug(self.instance.title, parent=parent, page=self.instance)
                else "false"
            )

    def clean(self):
        if not self.cleaned_data.get("slug") and self.cleaned_data.get("title"):
            parent = self.parent_page or _known_parent(self.instance)
            self.cleaned_data["slug"] = unique_slug(
                self.cleaned_data["title"], parent=parent, page=self.instance
            )
        return super().clean()


class AutoSlugMixin:
    """Every page type: an empty slug is filled from the title on any save, and the editor's
    form does the same (so no path ends in the empty-slug error)."""

    base_form_class = AutoSlugPageForm

    def full_clean(self, *args, **kwargs):
        self._fill_empty_slug()
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Page.save() runs for a page that is not live (drafts, copies) instead of full_clean.
        self._fill_empty_slug()
        return super().minimal_clean()

    def _fill_empty_slug(self):
        if not self.slug and self.title:
            parent = _known_parent(self)
            if parent is not None:
                self.slug = unique_slug(self.title, parent=parent, page=self)


def suggest_slug_view(request):
    """The slug the editor will get for ``title`` under ``parent`` (JSON), as the title is typed."""
    parent = Page.objects.filter(pk=_int(request.GET.get("parent"))).first()
    page = Page.objects.filter(pk=_int(request.GET.get("page"))).first()
    if parent is None and page is not None:
        parent = page.get_parent()
    return JsonResponse(
        {"slug": unique_slug(request.GET.get("title", "")[:255], parent=parent, page=page)}
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None
