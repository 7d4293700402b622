from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .models import WorkflowPublishingMixin


class PublicSitemap(Sitemap):
    """Wagtail's sitemap (with lastmod) plus language alternates between translations, without
    pages past their expiry time."""

    def items(self):
        now = timezone.now()
        return super().items().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # An article before its 发布时间 lists no URL (NewsPage.get_sitemap_urls).
        pages = [
            item
            for item in self.paginator.page(page).object_list
            if not (isinstance(item, WorkflowPublishingMixin) and item.is_embargoed())
        ]
        translations = {}
        now = timezone.now()
        for translation in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={p.translation_key for p in pages})
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
            .select_related("locale")
        ):
            translations.setdefault(translation.translation_key, []).append(translation)
        for url_info, item in zip(urls, pages, strict=True):
            siblings = translations.get(item.translation_key, [])
            if len(siblings) > 1:
                url_info["alternates"] = [
                    {
                        "lang_code": sibling.locale.language_code,
                        "location": sibling.get_full_url(self.request),
                    }
                    for sibling in siblings
                ]
        return urls
