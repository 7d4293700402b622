"""The public page types of the demo site and where to find one of each."""

from wagtail.models import Locale

from news.models import NewsIndexPage, NewsPage
from stations.models import ActivityPage, Representative, StationIndexPage, StationPage


def page_type_paths() -> dict[str, str]:
    """{page type: path} for one page of each public type in the demo content."""
    chinese = Locale.get_default()
    network = StationIndexPage.objects.live().get(locale=chinese)
    station = StationPage.objects.live().filter(locale=chinese, photos__isnull=False).first()
    article = (
        NewsPage.objects.live()
        .filter(locale=chinese, is_photo_news=True)
        .order_by("-publish_time")
        .first()
    )
    column = article.get_parent().specific
    assert isinstance(column, NewsIndexPage), column
    representative = Representative.objects.order_by("pk").first()
    return {
        "home": "/",
        "column": column.url,
        "article": article.url,
        "station-index": network.url,
        "station": station.url,
        "activity": ActivityPage.objects.live()
        .filter(locale=chinese)
        .order_by("-start_date")
        .first()
        .url,
        "representative": f"{network.url}representatives/{representative.pk}/",
        "search": "/search/?q=联络站",
        "open-data": "/open-data/",
        "not-found": "/no-such-page/",
        **english_paths(),
    }


def english_paths() -> dict[str, str]:
    """The English pages a reader of the translated demo reaches (issue #20): home, an article,
    the station network and a station whose lists fall back to Chinese items."""
    english = Locale.objects.get(language_code="en")
    return {
        "home-en": "/en/",
        "article-en": NewsPage.objects.live().filter(locale=english).order_by("pk").first().url,
        "station-index-en": StationIndexPage.objects.live().get(locale=english).url,
        "station-en": StationPage.objects.live()
        .filter(locale=english, level="township")
        .order_by("path")
        .first()
        .url,
    }
