"""RSS 2.0 and Atom feeds of the site's articles, site-wide and per column (with sub-columns)."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from wagtail.models import Page, Site

from home.models import SiteSettings
from home.services import publicly_visible

from .models import NewsIndexPage, NewsPage

FEED_LENGTH = 30
MAX_PAGE_ID = 2**63 - 1  # the largest value of a page's (big)integer key
ENCLOSURE_FILTER = "width-800|format-jpeg"


@dataclass
class FeedSource:
    request: object
    root: Page
    column: NewsIndexPage | None
    site_name: str


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, column_id=None):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        column = None
        if column_id is not None:
            if column_id > MAX_PAGE_ID:  # no such page; the database cannot even compare it
                raise Http404
            column = publicly_visible(NewsIndexPage.objects.filter(pk=column_id)).first()
            if column is None:
                raise Http404
        site_name = SiteSettings.for_site(site).site_name
        return FeedSource(request=request, root=site.root_page, column=column, site_name=site_name)

    def title(self, source):
        return f"{source.site_name} · {source.column.title}" if source.column else source.site_name

    def link(self, source):
        return (source.column or source.root).get_full_url(source.request)

    def description(self, source):
        if source.column:
            return f"{source.site_name}“{source.column.title}”栏目的最新文章"
        return f"{source.site_name}的最新文章"

    subtitle = description  # Atom's name for it

    def items(self, source):
        items = list(
            NewsPage.objects.visible()
            .descendant_of(source.column or source.root)
            .select_related("feature_image")
            .prefetch_related("authors", "tags", "feature_image__renditions")
            .order_by("-publish_time", "-pk")[:FEED_LENGTH]
        )
        for item in items:
            item.enclosure = None
            if item.feature_image:
                rendition = item.feature_image.get_rendition(ENCLOSURE_FILTER)
                url = source.request.build_absolute_uri(rendition.url)
                item.enclosure = Enclosure(url, str(rendition.file.size), "image/jpeg")
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers treat the description as HTML: the plain-text summary is escaped.
        return escape(item.summary_text)

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return timezone.localtime(item.publish_time)  # keeps +08:00 in the feed

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at or item.publish_time)

    def item_author_name(self, item):
        return "、".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        return [item.enclosure] if item.enclosure else []


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
