"""The anonymous full-page cache: served again, never stale after a change, never for editors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.cache.generation import _seconds_until_next_change
from home.cache.lookups import locale_ids
from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def article(column):
    page = NewsPageFactory(parent=column, title="初版标题", feature_image=None)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def republish(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()


def test_an_anonymous_page_is_served_from_the_cache(client, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert first["X-Page-Cache"] == "MISS"
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert "s-maxage=" in second["Cache-Control"]
    assert int(second["X-Accel-Expires"]) > 0


@pytest.mark.parametrize("url", ["article", "/releases/", "/", "/feeds/rss/"])
def test_publishing_refreshes_the_page_and_the_pages_that_list_it(client, article, url):
    url = article.url if url == "article" else url
    assert "初版标题" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "HIT"

    republish(article, title="修改后的标题")

    response = client.get(url)
    assert response["X-Page-Cache"] == "MISS"
    html = response.content.decode()
    assert "修改后的标题" in html
    assert "初版标题" not in html


def test_unpublishing_removes_the_page_and_its_listing(client, article):
    client.get(article.url)
    client.get("/releases/")
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert "初版标题" not in client.get("/releases/").content.decode()


def test_moving_and_deleting_are_seen_at_once(client, article, home_page):
    other = NewsIndexPageFactory(parent=home_page, title="地方立法", slug="laws")
    other.save_revision().publish()
    old_url = article.url
    client.get(old_url)
    client.get("/laws/")
    article.move(other, pos="last-child")
    assert client.get(old_url).status_code != 200
    assert "初版标题" in client.get("/laws/").content.decode()

    NewsPage.objects.get(pk=article.pk).delete()
    assert "初版标题" not in client.get("/laws/").content.decode()


def test_editors_never_get_nor_fill_the_cache(client, article, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-123456789")
    client.force_login(user)
    editor_view = client.get(article.url)
    assert "X-Page-Cache" not in editor_view
    assert client.get(article.url).get("X-Page-Cache") is None

    client.logout()
    public_view = client.get(article.url)
    assert public_view["X-Page-Cache"] == "MISS"
    assert "wagtail-userbar" not in public_view.content.decode()
    assert client.get(article.url)["X-Page-Cache"] == "HIT"


def test_search_and_unknown_query_parameters_bypass_the_cache(client, article):
    assert "X-Page-Cache" not in client.get("/search/", {"q": "标题"})
    assert "X-Page-Cache" not in client.get("/releases/", {"utm_source": "x"})
    assert client.get("/releases/", {"page": "1"})["X-Page-Cache"] == "MISS"
    assert client.get("/releases/", {"page": "1"})["X-Page-Cache"] == "HIT"
    assert client.get("/releases/", {"page": "2"}).status_code == 404  # one page only


def test_cookies_named_in_the_setting_get_their_own_copy(client, article, settings):
    settings.PAGE_CACHE_COOKIES = ["care_mode"]
    assert client.get(article.url)["X-Page-Cache"] == "MISS"
    client.cookies["care_mode"] = "1"
    assert client.get(article.url)["X-Page-Cache"] == "MISS"
    assert client.get(article.url)["X-Page-Cache"] == "HIT"
    client.cookies["care_mode"] = ""
    assert client.get(article.url)["X-Page-Cache"] == "HIT"


def test_reading_preference_cookies_share_the_cached_page(client, article):
    """The page HTML is the same in 关怀版 and every text size (/preferences.css applies them),
    so those cookies get the one cached copy."""
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "MISS"
    client.cookies["care"] = "on"
    client.cookies["text_size"] = "large"
    again = client.get(article.url)
    assert again["X-Page-Cache"] == "HIT"
    assert again.content == first.content


def test_the_citation_date_is_never_yesterdays(client, article, monkeypatch):
    today = timezone.localdate()
    assert f"[{today:%Y-%m-%d}]" in client.get(article.url).content.decode()
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert f"[{tomorrow:%Y-%m-%d}]" in response.content.decode()


def test_the_generation_lapses_when_a_dated_article_becomes_visible(column):
    now = timezone.now()
    future = NewsPageFactory(parent=column, publish_time=now + timedelta(minutes=30))
    future.save_revision().publish()
    seconds = _seconds_until_next_change(now)
    assert 30 * 60 - 5 <= seconds <= 30 * 60 + 5


def test_site_settings_changes_are_seen_at_once(client, article, site_settings):
    client.get(article.url)
    site_settings.phone = "0571-88888888"
    site_settings.save()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "0571-88888888" in response.content.decode()


def test_a_bad_host_is_refused_not_cached(client, article):
    assert client.get(article.url, HTTP_HOST="evil.example").status_code == 400


def test_the_cached_page_has_no_cookie_vary_and_sets_no_cookie(client, article):
    response = client.get(article.url)
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_private_sections_stay_private_and_uncached(client, article, column):
    from wagtail.models import PageViewRestriction

    client.get(article.url)  # cached while public
    restriction = PageViewRestriction.objects.create(
        page=column, restriction_type=PageViewRestriction.PASSWORD, password="renda-secret"
    )
    for _ in range(2):
        response = client.get(article.url)
        assert response.get("X-Page-Cache") != "HIT"
        assert "初版标题" not in response.content.decode()
    restriction.delete()
    assert "初版标题" in client.get(article.url).content.decode()


def test_a_cache_hit_keeps_the_security_headers(client, article):
    """Hits are answered before the CSP middleware: the policy is stored with the page."""
    first = client.get(article.url)
    second = client.get(article.url)
    assert second["X-Page-Cache"] == "HIT"
    policy = first["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[header] == first[header], header


def test_routing_keeps_the_locale_ids_per_generation_and_a_new_locale_retires_them(
    client, article, django_assert_num_queries
):
    from wagtail.models import Locale

    client.get(article.url)
    ids = locale_ids()
    assert ids["zh-hans"] == article.locale_id
    with django_assert_num_queries(0):
        assert locale_ids() == ids

    french = Locale.objects.create(language_code="fr")

    assert locale_ids()["fr"] == french.pk
