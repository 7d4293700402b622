import io

import pytest
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site

from tests.factories import HomePageFactory, NewsIndexPageFactory, SiteSettingsFactory


@pytest.fixture
def home_page(db):
    """A HomePage served by the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "测试"},
    )
    return home


@pytest.fixture
def site_settings(home_page):
    return SiteSettingsFactory()


@pytest.fixture
def column(home_page, site_settings):
    """重要发布, a column below the home page (some modules define their own)."""
    return NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")


@pytest.fixture
def demo_site(db):
    """The site as `manage.py load_demo` builds it: the home page, its settings and the columns."""
    from home import demo
    from news import demo as news_demo

    demo.load(stdout=io.StringIO())
    news_demo.load_columns(stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture(autouse=True)
def site_language():
    """Every test starts in the site's language: a request or ``translation.activate`` in the
    test before would otherwise leave its language active (the weekly e-mail test once
    depended on the one before it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: the database is rolled back between tests without
    the signals that retire cached pages and site data."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def render_uncached(client):
    """``render_uncached(url)`` warms the site-wide data on another page (the home page), empties
    the page cache, and returns a function that requests ``url`` — so that a query budget counts
    a page rendered afresh, not one served from the page cache."""
    from django.core.cache import caches

    def prepare(url, *, warm_on="/"):
        client.get(warm_on)
        caches["pages"].clear()
        return lambda: client.get(url)

    return prepare


@pytest.fixture
def wagtail_roots(transactional_db):
    """For transactional tests: the rows Wagtail's migrations create (locale, root page, root
    collection), which the flush that ends each such test removes, on content types the flush may
    have renumbered."""
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("zh-hans"))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def password_protected(db):
    """A collection (内部文件) whose documents need a password."""
    collection = Collection.get_first_root_node().add_child(name="内部文件")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="renda-internal-2026",
    )
    return collection
