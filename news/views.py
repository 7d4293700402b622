"""订阅与开放数据 (/open-data/, /en/open-data/): the feeds of every live column, the JSON API with
examples, and how to cite the site, for journalists and developers — built from the live page
tree, so a new column appears here when it is published."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Site

from home.services import publicly_visible

from .models import NewsIndexPage, NewsPage


def _columns(site, locale):
    """The site's live public columns in ``locale`` in tree order (sub-columns after their
    column), with ``level`` 0 for a top-level column; the default language's when ``locale`` has
    none (a translation of the site not yet published)."""
    root = site.root_page
    for language in (locale, Locale.get_default()):
        home = root.get_translation_or_none(language) if language else None
        if home is None or not home.live:
            continue
        columns = list(publicly_visible(NewsIndexPage.objects.descendant_of(home)).order_by("path"))
        if columns:
            for column in columns:
                column.level = column.depth - home.depth - 1
            return columns
    return []


@require_safe
def open_data(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    columns = _columns(site, Locale.get_active())
    newest = (
        NewsPage.objects.visible()
        .filter(locale=columns[0].locale if columns else Locale.get_default())
        .order_by("-publish_time", "-pk")
        .only("pk")
        .first()
    )
    api_root = request.build_absolute_uri(reverse("api_index"))
    feed_url = request.build_absolute_uri
    context = {
        "columns": [
            {
                "column": column,
                "rss": feed_url(reverse("feed_rss_column", args=[column.pk])),
                "atom": feed_url(reverse("feed_atom_column", args=[column.pk])),
            }
            for column in columns
        ],
        "site_rss": feed_url(reverse("feed_rss")),
        "site_atom": feed_url(reverse("feed_atom")),
        "api_root": api_root,
        "example_column": columns[0] if columns else None,
        "example_article_id": newest.pk if newest else None,
        "example_permalink": feed_url(reverse("permalink", args=[newest.pk])) if newest else "",
    }
    return TemplateResponse(request, "news/open_data.html", context)
