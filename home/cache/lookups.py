"""Small lookups nearly every request reads, kept per site generation (``shared.kept``): the
locale ids, the translated pages' keys, the restricted tree paths."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction

from .shared import kept, shared_key


def locale_ids() -> dict[str, int]:
    """Language code → Locale id, per site generation (a locale added or removed replaces it):
    routing asks for the reader's locale on every request."""
    return kept(
        shared_key("locale-ids"), lambda: dict(Locale.objects.values_list("language_code", "id"))
    )


def active_locale_id() -> int:
    """The id of the reader's Locale (Wagtail's ``Locale.get_active()``, which queries the
    database on every call), from the ids kept per site generation."""
    try:
        locale_id = locale_ids().get(get_supported_content_language_variant(get_language()))
    except LookupError:
        locale_id = None
    return locale_id if locale_id is not None else Locale.get_active().pk


# Above this many pages outside the default language, ``translated_keys`` gives up (None) and the
# language links ask the database for every page: the set is read on every request.
TRANSLATED_KEYS_LIMIT = 5000


def translated_keys() -> frozenset[str] | None:
    """The translation keys (as text) of every page outside the default language, per site
    generation: a page of the default language whose key is not among them has no translation,
    so its language links need no query. A new translation reaches the public only by being
    published, which replaces the generation. None when there are too many to keep."""

    def build():
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = list(
            Page.objects.exclude(locale__language_code=default).values_list(
                "translation_key", flat=True
            )[: TRANSLATED_KEYS_LIMIT + 1]
        )
        if len(found) > TRANSLATED_KEYS_LIMIT:
            return "too many"
        return frozenset(str(value) for value in found)

    keys = kept(shared_key("translated-keys"), build)
    return None if keys == "too many" else keys


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (private sections), per site
    generation: most requests then need no query to know that no restriction applies."""
    return kept(
        shared_key("restricted-paths"),
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
