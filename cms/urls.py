from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_index, api_router
from home import converters  # noqa: F401  (registers <id:…>)
from home import views as home_views
from home.sitemaps import PublicSitemap
from news import views as news_views
from search import views as search_views

handler500 = "home.views.server_error"

# Chinese is served without a prefix; these spellings of it redirect there (home.views).
CHINESE_PREFIXES = r"^(?:zh|zh-hans|zh-Hans|zh-cn|zh-CN)/(?P<rest>.*)$"

urlpatterns = [
    path(settings.ADMIN_URL_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("a/<id:page_id>/", home_views.permalink, name="permalink"),
    path("feeds/", include("news.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("preferences/", home_views.set_preferences, name="set_preferences"),
    path("preferences.css", home_views.preferences_css, name="preferences_css"),
    path("api/v2/", api_index, name="api_index"),
    path("api/v2/", api_router.urls),
    re_path(CHINESE_PREFIXES, home_views.chinese_without_prefix),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese (the default language) is served without a prefix, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("open-data/", news_views.open_data, name="open_data"),
    path("", include("participation.urls")),
    path("", include("liaison.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
