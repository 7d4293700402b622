"""The pages navigation links go to, in the reader's language.

The site's root page is the default language's home page; a reader of another language is served
its translation (Wagtail routes ``/en/…`` through ``root_page.localized``), so the home links, the
main menu and the breadcrumbs start from that translation. Where a column has no live translation
the menu keeps the other language's column and says so (its language code, for ``hreflang``/``lang``
and a visible marker). Both lists are kept per site, language and generation
(``home.cache.shared.site_key``): a page view asks the database nothing for them.
"""

from django.conf import settings
from wagtail.models import Page, Site

from .cache.lookups import active_locale_id, locale_ids, translated_keys
from .cache.shared import kept, site_key
from .services import publicly_visible


def site_root(request) -> Page | None:
    """The site's root page (the default language's home page), from the primed site data."""
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _language_of(locale_id: int) -> str:
    return next((code for code, pk in locale_ids().items() if pk == locale_id), "")


def language_name(code: str) -> str:
    """The language's own name (简体中文, English): what a reader of it recognises."""
    return dict(settings.LANGUAGES).get(code, code)


def locale_home(request) -> Page | None:
    """The home page in the reader's language: the root's live translation, else the root."""
    root = site_root(request)
    if root is None:
        return None
    locale_id = active_locale_id()
    if root.locale_id == locale_id:
        return root

    def build():
        translation = root.get_translations().filter(locale_id=locale_id).live().specific()
        return translation.first() or root

    return kept(site_key(request, "locale-home"), build)


def menu_columns(request) -> list[dict]:
    """The main menu's columns, in the root's order: each column's live translation in the
    reader's language, else the column itself with ``lang`` set to its language; then columns
    only the translated home page has. ``[{"page": …, "lang": "" or a language code}]``."""
    root = site_root(request)
    home = locale_home(request)
    if root is None or home is None:
        return []

    def build():
        own = list(publicly_visible(home.get_children()).in_menu())
        if home.pk == root.pk:
            return [{"page": column, "lang": ""} for column in own]
        by_key = {column.translation_key: column for column in own}
        fallback = _language_of(root.locale_id)
        items = []
        for column in publicly_visible(root.get_children()).in_menu():
            translation = by_key.pop(column.translation_key, None)
            if translation is not None:
                items.append({"page": translation, "lang": ""})
            else:
                items.append({"page": column, "lang": fallback})
        # Columns only the translated home page has (left in ``by_key``), in its order.
        items += [{"page": column, "lang": ""} for column in by_key.values()]
        return items

    return kept(site_key(request, "main-menu-columns"), build)


def breadcrumb_home(request, page) -> Page | None:
    """The home page ``page`` lies below: the reader's language's, else the root (None when the
    page is outside both)."""
    for home in (locale_home(request), site_root(request)):
        if home is not None and page.path.startswith(home.path):
            return home
    return None


def with_translations(page) -> list[Page]:
    """``page`` and its live translations (a section that exists in several languages: one
    network of stations whatever has been translated). No query when the page has no
    translation (``home.cache.lookups.translated_keys``)."""
    keys = translated_keys()
    untranslated = keys is not None and str(page.translation_key) not in keys
    if untranslated and page.locale_id == default_locale_id():
        return [page]
    return [page, *page.get_translations().live().only("path", "depth", "locale_id")]


def default_locale_id() -> int | None:
    """The id of the default language's Locale (the one the site's tree is written in)."""
    from wagtail.coreutils import get_supported_content_language_variant

    return locale_ids().get(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def in_reader_language(items, *, locale_id: int) -> list:
    """One version of each item (pages or translatable snippets, grouped by translation key):
    the one in ``locale_id`` where there is one, else the first given; in the order given. A
    version in another language gets ``fallback_lang`` (its language code) for ``lang`` and
    ``hreflang`` attributes; the others get "". Lists then show what exists in any language
    instead of claiming there is nothing."""
    chosen: dict = {}
    for item in items:
        current = chosen.get(item.translation_key)
        if current is None or (current.locale_id != locale_id and item.locale_id == locale_id):
            chosen[item.translation_key] = item
    result = []
    seen = set()
    for item in items:
        best = chosen[item.translation_key]
        if best.translation_key in seen:
            continue
        seen.add(best.translation_key)
        best.fallback_lang = "" if best.locale_id == locale_id else _language_of(best.locale_id)
        result.append(best)
    return result
