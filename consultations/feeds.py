"""RSS 2.0 feed of the drafts open for comment (and those that were), newest first."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Site

from home.models import SiteSettings
from home.services import publicly_visible

from .models import DraftRegulationPage

FEED_LENGTH = 30


@dataclass
class FeedSource:
    request: object
    site: Site
    site_name: str


class ConsultationFeed(Feed):
    # One instance serves every request (and thread): what a request needs travels in the
    # object get_object returns, never on the instance.
    def get_object(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        return FeedSource(request, site, SiteSettings.for_site(site).site_name)

    def title(self, source):
        return gettext("%(site)s · 法规草案征求意见") % {"site": source.site_name}

    def link(self, source):
        return source.site.root_page.get_full_url(source.request)

    def description(self, source):
        return gettext("%(site)s公开征求意见的法规草案") % {"site": source.site_name}

    def items(self, source):
        drafts = publicly_visible(DraftRegulationPage.objects.descendant_of(source.site.root_page))
        items = list(drafts.order_by("-opens_at", "-pk")[:FEED_LENGTH])
        for item in items:
            item.feed_url = item.get_full_url(source.request)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        deadline = gettext("征求意见截止时间：%(moment)s") % {
            "moment": timezone.localtime(item.closes_at).strftime("%Y-%m-%d %H:%M")
        }
        return escape(f"{item.summary_text} {deadline}")

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return timezone.localtime(item.opens_at)

    def item_author_name(self, item):
        return item.organiser
