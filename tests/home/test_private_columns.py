"""A login-only column (a Wagtail view restriction) is not named anywhere the public looks."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

SECRET = "内部通报栏目"


@pytest.fixture
def private_column(home_page, site_settings):
    parent = NewsIndexPageFactory(parent=home_page, title="人大概览", slug="overview")
    parent.show_in_menus = True
    parent.save()
    NewsIndexPageFactory(parent=parent, title="公开子栏目", slug="public-sub", show_in_menus=True)
    hidden_parent = NewsIndexPageFactory(parent=home_page, title=SECRET, slug="internal")
    hidden_parent.show_in_menus = True
    hidden_parent.save()
    private = NewsIndexPageFactory(parent=parent, title=SECRET, slug="internal", show_in_menus=True)
    NewsPageFactory(parent=private, title="内部文章", feature_image=None)
    NewsPageFactory(parent=parent, title="公开文章", feature_image=None)
    for page in (private, hidden_parent):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return parent, private


@pytest.mark.parametrize(
    "url",
    ["/", "/overview/", "/search/?q=文章", "/sitemap.xml", "/feeds/rss/", "/api/v2/news/"],
)
def test_a_private_column_is_not_named_publicly(client, private_column, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert SECRET not in html, url
    assert "内部文章" not in html, url


def test_the_public_parts_are_still_listed(client, private_column):
    assert "公开子栏目" in client.get("/overview/").content.decode()
    assert "公开子栏目" in client.get("/search/?q=文章").content.decode()
    assert "人大概览" in client.get("/").content.decode()


def test_a_private_columns_feed_and_page_need_a_login(client, private_column):
    _parent, private = private_column
    assert client.get(f"/feeds/rss/{private.pk}/").status_code == 404
    assert client.get(private.url).status_code == 302  # to the login page
