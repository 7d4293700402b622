"""An article is not public before its 发布时间 (embargo): 404 on every path until that moment,
served at that moment, and no cache keeps the 404 past it. Time is moved with a patched
``timezone.now``: one second before 发布时间, and at it."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import Locale

from home.cache.generation import bump_generation
from news.links import adjacent_articles
from news.models import NewsPage
from tests.factories import SHANGHAI, NewsPageFactory

pytestmark = pytest.mark.django_db

# 发布时间 on the minute, in the future of the real clock (the page is published now).
RELEASE = datetime(2031, 5, 20, 9, 30, tzinfo=SHANGHAI)
BEFORE = RELEASE - timedelta(seconds=1)


@contextmanager
def clock(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def embargoed(column):
    return publish(
        NewsPageFactory(parent=column, slug="embargoed", title="禁发稿件", publish_time=RELEASE)
    )


@pytest.fixture
def english_embargoed(home_page, column, embargoed):
    english = Locale.objects.create(language_code="en")
    for page in (home_page, column, embargoed):
        publish(page.copy_for_translation(english))
    return embargoed.get_translation(english)


def anonymous_paths(client, page):
    """What an anonymous reader may ask for: the article's URL and its permanent address."""
    return {
        "url": client.get(page.url).status_code,
        "permalink": client.get(f"/a/{page.pk}/").status_code,
    }


def test_an_embargoed_article_is_404_on_every_path_until_its_publish_time(client, embargoed):
    with clock(BEFORE):
        assert anonymous_paths(client, embargoed) == {"url": 404, "permalink": 404}
        assert "embargoed" not in client.get("/sitemap.xml").content.decode()
        assert client.get(f"/admin/pages/{embargoed.pk}/view_draft/").status_code == 302  # login
    # The site generation (in every cached page's key) lapses at 发布时间 by itself
    # (tests/home/test_page_cache.py); the patched clock does not move the cache's own.
    bump_generation()
    with clock(RELEASE):
        assert anonymous_paths(client, embargoed) == {"url": 200, "permalink": 301}
        assert "/releases/embargoed/" in client.get("/sitemap.xml").content.decode()


def test_the_english_translation_is_embargoed_too(client, english_embargoed):
    assert english_embargoed.url.startswith("/en/")
    with clock(BEFORE):
        assert anonymous_paths(client, english_embargoed) == {"url": 404, "permalink": 404}
    with clock(RELEASE):
        assert anonymous_paths(client, english_embargoed) == {"url": 200, "permalink": 301}


def test_no_cache_keeps_the_404_past_the_publish_time(client, embargoed):
    with clock(BEFORE):
        first = client.get(embargoed.url)
        again = client.get(embargoed.url)
    assert first.status_code == again.status_code == 404
    assert "X-Accel-Expires" not in first  # nginx's page store keeps only what carries it
    assert "s-maxage" not in first.get("Cache-Control", "")
    with clock(RELEASE):
        response = client.get(embargoed.url)
    assert response.status_code == 200
    assert "禁发稿件" in response.content.decode()


def test_the_article_is_routed_in_the_same_statement_whether_embargoed_or_not(
    client, rf, home_page, embargoed, django_assert_num_queries
):
    """The embargo is decided on the row routing reads (PostgreSQL: one statement for the
    article, its byline, topics and neighbours): no statement of its own."""
    from django.http import Http404

    def route():
        request = rf.get(embargoed.url)
        return home_page.specific.route(request, [p for p in embargoed.url.split("/") if p])

    with clock(RELEASE):
        route()  # learns the column's place
        with django_assert_num_queries(1):
            assert route().page.pk == embargoed.pk
    with clock(BEFORE), django_assert_num_queries(1), pytest.raises(Http404):
        route()


def test_the_embargo_rule_agrees_in_python_the_orm_and_sql(column, embargoed):
    """``NewsPage.is_embargoed`` (serving), ``NewsPage.objects.visible()`` (the ORM: lists,
    feeds, the API, search) and the SQL of the 上一篇/下一篇 statement (``news.statements``, from
    ``PUBLIC_ARTICLES``) draw the line at the same instant."""
    older = publish(
        NewsPageFactory(parent=column, slug="older", publish_time=RELEASE - timedelta(days=1))
    )
    for moment, public in ((BEFORE, False), (RELEASE, True)):
        with clock(moment):
            page = NewsPage.objects.get(pk=embargoed.pk)
            assert page.is_embargoed() is not public
            assert NewsPage.objects.visible().filter(pk=page.pk).exists() is public
            _previous, following = adjacent_articles(article=older, column_id=column.pk)
            assert (following is not None and following.pk == page.pk) is public


def test_the_routing_statement_holds_the_embargo(client, embargoed):
    """Routing reads the links along on every database (it did on PostgreSQL only)."""
    with clock(BEFORE):
        assert client.get(embargoed.url).status_code == 404
    with clock(RELEASE):
        assert client.get(embargoed.url).status_code == 200


def test_an_article_without_a_future_publish_time_is_served(client, column):
    page = publish(NewsPageFactory(parent=column, slug="now", publish_time=timezone.now()))
    assert anonymous_paths(client, page) == {"url": 200, "permalink": 301}
