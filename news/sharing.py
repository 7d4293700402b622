"""What an article page shows other sites and search engines: its permanent address, citation,
sharing image and structured data (schema.org)."""

import logging

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from home.cache.shared import kept, shared_key
from home.models import SiteSettings
from home.services import SHARE_IMAGE_FILTER, storage_failed_before_sql

from .citation import citation

logger = logging.getLogger(__name__)


def share_image_url(*, article, request) -> str:
    """The address of the feature image's sharing rendition (og:image), kept per image and site
    generation (a changed image starts a new one)."""
    image = article.feature_image
    if not image:
        return ""

    try:
        url = kept(
            shared_key("share-image", image.pk),
            lambda: image.get_rendition(SHARE_IMAGE_FILTER).url,
        )
    except OSError:
        # No room for the rendition (a full media disk): the page without a share image, not a
        # 500; nothing is kept, so the next view tries again.
        logger.exception("Share image of image %s could not be written", image.pk)
        storage_failed_before_sql()
        return ""
    return request.build_absolute_uri(url)


def article_structured_data(*, article, request, url: str, image_url: str, publisher):
    """schema.org NewsArticle for search engines, published by the site's GovernmentOrganization."""
    authors = [{"@type": "Person", "name": name} for name in article.author_names]
    organization = {
        "@type": "GovernmentOrganization",
        "name": publisher.sponsor or publisher.site_name,
        "url": request.build_absolute_uri("/"),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary_text,
        "datePublished": timezone.localtime(article.display_time).isoformat(),
        "dateModified": timezone.localtime(
            article.last_published_at or article.display_time
        ).isoformat(),
        "author": authors or [organization],
        "publisher": organization,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": get_language(),
    }
    if image_url:
        data["image"] = [image_url]
    return data


def article_context(*, article, request) -> dict:
    """What an article page shows media: permanent URL, citation, sharing and structured data."""
    site_settings = SiteSettings.for_request(request)
    permalink = request.build_absolute_uri(reverse("permalink", args=[article.pk]))
    canonical = article.get_full_url(request)
    image_url = share_image_url(article=article, request=request)
    return {
        "permalink": permalink,
        "citation": citation(
            article=article,
            url=permalink,
            accessed=timezone.localdate(),
            publisher=site_settings.site_name,
        ),
        "share_image_url": image_url,
        "structured_data": article_structured_data(
            article=article,
            request=request,
            url=canonical,
            image_url=image_url,
            publisher=site_settings,
        ),
    }
