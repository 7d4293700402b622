"""推荐: the results editors pin for a query (Wagtail's ``search_promotions``), as the search
page shows them above the ordinary results.

A promotion matches the query as ``search.querylog.normalise`` reads both (聯絡站 finds the
promotions of 联络站). A promoted page is shown only while the public may see it (live, not
expired, not private, not dated in the future) and in the reader's language: on /en/ the
English translation of a promoted Chinese page, or nothing when it has none (a Chinese page
among English results would be a dead end for the reader). External links are shown in every
language, as the editor wrote them.

Read on every search, without a cache, so that a promotion is shown as soon as it is saved:
two small queries (the promotions, then the visible pages in the language), about 0.5 ms.
"""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from home.cache.lookups import active_locale_id
from home.services import publicly_visible

from .querylog import normalise


@dataclass(frozen=True)
class Promotion:
    title: str
    url: str
    description: str
    page: Page | None = None


def promoted(request, query: str) -> list[Promotion]:
    """The promotions to show for ``query``, in the editors' order."""
    key = normalise(query)
    if not key:
        return []
    # Every promotion with its query string: a few dozen rows on a real site, compared in Python
    # because editors may have typed the query in traditional characters or full width.
    matching = [
        promotion
        for promotion in SearchPromotion.objects.select_related("query", "page").order_by(
            "sort_order", "pk"
        )
        if normalise(promotion.query.query_string) == key
    ]
    if not matching:
        return []
    pages = _visible_in_language([p.page for p in matching if p.page is not None])
    shown, seen = [], set()
    for promotion in matching:
        if promotion.page is None:
            shown.append(
                Promotion(
                    promotion.external_link_text or promotion.external_link_url,
                    promotion.external_link_url,
                    promotion.description,
                )
            )
            continue
        page = pages.get(promotion.page.translation_key)
        if page is None or page.pk in seen:
            continue
        seen.add(page.pk)
        # The editor's description is written for the promoted page, in its language.
        description = promotion.description if page.pk == promotion.page_id else ""
        shown.append(
            Promotion(
                page.title, page.get_url(request), description or page.search_description, page
            )
        )
    return shown


def _visible_in_language(pages: list[Page]) -> dict:
    """{translation key: the page in the current language}, for those the public may
    see now."""
    if not pages:
        return {}
    candidates = Page.objects.filter(
        translation_key__in={page.translation_key for page in pages}, locale_id=active_locale_id()
    ).exclude(newspage__publish_time__gt=timezone.now())
    return {page.translation_key: page for page in publicly_visible(candidates)}
