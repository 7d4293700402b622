import io

import pytest
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, SiteSettingsFactory


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
def demo_site(db):
    """The site as `manage.py load_demo` builds it."""
    from home import demo

    demo.load(stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


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
