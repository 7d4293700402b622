"""What an article view reads, and how: routing in one query, the byline and topics in one
statement, prepared statements on PostgreSQL, and nothing stale after a change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.cache.generation import bump_generation, generation, request_generation
from home.cache.lookups import restricted_paths
from news.links import byline_and_topics
from news.models import NewsPage, NewsPageAuthor
from stations.models import StationIndexPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StationIndexPageFactory

WHEN = timezone.now() - timedelta(days=3)


@pytest.fixture
def article(column):
    page = NewsPageFactory(
        parent=column, slug="first", title="第一篇", authors=["乙", "甲"], publish_time=WHEN
    )
    page.tags.add("代表联络站", "立法")
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def route(rf, home_page, path):
    request = rf.get(path)
    return home_page.specific.route(request, [part for part in path.split("/") if part])


def test_an_article_is_routed_in_one_query_once_its_column_is_known(
    rf, home_page, article, django_assert_num_queries
):
    first = route(rf, home_page, "/releases/first/")  # learns the column's place (kept)
    with django_assert_num_queries(1):
        routed = route(rf, home_page, "/releases/first/")
    page = routed.page
    assert type(page) is NewsPage and page.pk == article.pk
    assert first.page.pk == page.pk
    assert [ancestor.pk for ancestor in page.route_ancestors] == [
        home_page.pk,
        article.get_parent().pk,
    ]
    with django_assert_num_queries(0):  # read along: the feature image, the fields
        assert page.feature_image == article.feature_image
        assert [block.block_type for block in page.body] == [
            block.block_type for block in article.body
        ]
        assert page.publish_time == article.publish_time


def test_routing_keeps_wagtails_outcomes(client, rf, home_page, column, article):
    draft = NewsPageFactory(parent=column, slug="draft", live=False)
    sub = NewsIndexPageFactory(parent=column, title="绍兴市", slug="shaoxing")
    deeper = NewsPageFactory(parent=sub, slug="deeper", title="绍兴稿件")
    StationIndexPageFactory(parent=column, title="联络站", slug="stations")

    with pytest.raises(Http404):  # not live
        route(rf, home_page, f"/releases/{draft.slug}/")
    with pytest.raises(Http404):  # no such page, and nothing kept for it
        route(rf, home_page, "/releases/nothing/here/")
    assert route(rf, home_page, "/releases/shaoxing/").page.specific_class is type(sub)
    assert route(rf, home_page, "/releases/shaoxing/deeper/").page.pk == deeper.pk
    assert type(route(rf, home_page, "/releases/stations/").page) is StationIndexPage
    assert client.get("/releases/shaoxing/deeper/").status_code == 200
    assert client.get("/releases/nothing/").status_code == 404


def test_a_moved_or_renamed_column_is_followed_at_once(client, home_page, column, article):
    assert client.get("/releases/first/").status_code == 200
    column.slug = "news"
    column.save_revision().publish()
    assert client.get("/releases/first/").status_code == 404
    assert client.get("/news/first/").status_code == 200

    other = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    NewsPage.objects.get(pk=article.pk).move(other, pos="last-child")
    old = client.get("/news/first/")  # Wagtail's redirect to the new place, never the page
    assert (old.status_code, old.get("Location")) == (301, "/deputies/first/")
    assert "第一篇" in client.get("/deputies/first/").content.decode()


def test_a_private_article_still_asks_for_its_password(client, settings, article):
    settings.PAGE_CACHE_ENABLED = False
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    html = client.get(article.url).content.decode()
    assert 'name="password"' in html
    assert "article__title" not in html


def test_byline_and_topics_are_one_statement_in_byline_order(article, django_assert_num_queries):
    with django_assert_num_queries(1):
        names, topics = byline_and_topics(article=article)
    assert names == ["乙", "甲"]
    assert sorted(topic.name for topic in topics) == ["代表联络站", "立法"]
    assert {topic.pk for topic in topics} == set(article.tags.values_list("pk", flat=True))


def test_the_article_shows_its_byline_and_topics_and_a_preview_its_unsaved_ones(client, article):
    html = client.get(article.url).content.decode()
    assert "作者：乙　甲" in html
    assert ">代表联络站</a>" in html and ">立法</a>" in html

    draft = article.get_latest_revision_as_object()
    draft.authors = [NewsPageAuthor(name="丙")]
    draft.tags.set(["预览主题"])
    preview = draft.make_preview_request().content.decode()
    assert "作者：丙" in preview
    assert ">预览主题</a>" in preview and ">代表联络站</a>" not in preview


def test_a_change_during_a_request_is_not_hidden_by_the_requests_generation(db):
    """Code without the request at hand reads the request's generation; a publish during the
    request (the admin) forgets it, so what is read afterwards is the new one's."""
    token = request_generation.set("old-generation")
    try:
        assert generation() == "old-generation"
        bump_generation()
        assert generation() != "old-generation"
    finally:
        request_generation.reset(token)


def test_the_per_generation_lists_follow_a_new_restriction(column, article):
    assert restricted_paths() == ()
    PageViewRestriction.objects.create(
        page=column, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert restricted_paths() == (column.path,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_serves_an_article_from_one_prepared_statement(
    client, settings, article, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(6):
        assert client.get(article.url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # The article, its feature image, byline, topics and 上一篇/下一篇 in one statement.
    assert any(
        all(part in statement for part in ("wagtailimages_image", "news_newspageauthor", "n2"))
        for statement in prepared
    )
    with django_assert_num_queries(1):
        html = client.get(article.url).content.decode()
    assert "作者：乙　甲" in html and "代表联络站" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_prepared_statements_can_be_turned_off(settings, article):
    from home.db import prepared_cursor

    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:
        assert type(cursor.cursor).__name__ == "Cursor"  # Django's client-side binding
    settings.DATABASE_PREPARED_STATEMENTS = True
    with prepared_cursor() as cursor:
        assert type(cursor.cursor).__name__ == "ServerBindingCursor"


def test_a_columns_other_children_are_not_looked_for_as_articles(
    rf, home_page, column, django_assert_num_queries
):
    StationIndexPageFactory(parent=column, title="联络站", slug="stations")
    route(rf, home_page, "/releases/stations/")  # learns the column's place and other children
    with django_assert_num_queries(2):  # the page by its URL path, then as its type
        assert type(route(rf, home_page, "/releases/stations/").page) is StationIndexPage
    NewsPageFactory(parent=column, slug="later")  # created after: found all the same
    assert route(rf, home_page, "/releases/later/").page.slug == "later"
