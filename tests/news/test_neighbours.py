"""上一篇/下一篇: the column stored on each article (``NewsPage.column``) follows the tree, and the
neighbours read through it are those of ordering the column's visible articles by hand."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction, Revision
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from news.links import adjacent_articles
from news.models import NewsPage
from news.routing import article_for_route
from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish

pytestmark = pytest.mark.django_db


def assert_columns_follow_tree():
    """Every article's stored column is its parent in the tree."""
    parents = dict(Page.objects.values_list("path", "pk"))
    stored = {
        pk: (column_id, parents.get(path[: -Page.steplen]))
        for pk, path, column_id in NewsPage.objects.values_list("pk", "path", "column_id")
    }
    assert {pk: tree for pk, (_column, tree) in stored.items()} == {
        pk: column for pk, (column, _tree) in stored.items()
    }
    assert all(column is not None for column, _tree in stored.values())


def brute_force_neighbours(article: NewsPage):
    """The previous and next article as the rules say, ranked in Python over the parent's
    children: visible (live, not expired, public, not dated in the future), by publish time then
    id."""
    now = timezone.now()
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    parent = Page.objects.get(path=article.path[: -Page.steplen])
    visible = sorted(
        (
            (page.publish_time, page.pk, page)
            for page in NewsPage.objects.child_of(parent)
            if page.live
            and (page.expire_at is None or page.expire_at > now)
            and page.publish_time is not None
            and page.publish_time <= now
            and not any(page.path.startswith(path) for path in restricted)
        ),
        key=lambda entry: entry[:2],
    )
    key = (article.publish_time, article.pk)
    older = [page for time, pk, page in visible if (time, pk) < key]
    newer = [page for time, pk, page in visible if (time, pk) > key]
    return (older[-1] if older else None, newer[0] if newer else None)


@pytest.fixture
def other(home_page):
    return NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")


@pytest.fixture
def english(db):
    return Locale.objects.create(language_code="en")


def test_the_column_is_set_when_an_article_is_created(column, local_columns):
    local, shaoxing = local_columns
    article = NewsPageFactory(parent=column)
    nested = NewsPageFactory(parent=shaoxing)

    assert article.column_id == column.pk
    assert NewsPage.objects.get(pk=nested.pk).column_id == shaoxing.pk
    assert_columns_follow_tree()


def test_a_copy_takes_the_column_it_is_copied_to(column, other):
    article = NewsPageFactory(parent=column, slug="story")

    elsewhere = article.copy(to=other)
    beside = article.copy(to=column, update_attrs={"slug": "story-2"})

    assert NewsPage.objects.get(pk=elsewhere.pk).column_id == other.pk
    assert NewsPage.objects.get(pk=beside.pk).column_id == column.pk
    assert_columns_follow_tree()


def test_copying_a_column_gives_its_articles_the_new_column(home_page, column):
    NewsPageFactory(parent=column)
    NewsPageFactory(parent=column)

    copied = column.copy(recursive=True, to=home_page, update_attrs={"slug": "releases-copy"})

    assert set(NewsPage.objects.child_of(copied).values_list("column_id", flat=True)) == {copied.pk}
    assert_columns_follow_tree()


def test_a_moved_article_takes_its_new_neighbours(column, other):
    base = timezone.now() - timedelta(days=10)
    before = NewsPageFactory(parent=column, title="原栏目较早", publish_time=base)
    article = NewsPageFactory(parent=column, title="移动的稿件", publish_time=base + timedelta(1))
    after = NewsPageFactory(parent=column, title="原栏目较新", publish_time=base + timedelta(2))
    there = NewsPageFactory(parent=other, title="新栏目稿件", publish_time=base)
    revision = article.save_revision()  # saved before the move, published after it

    NewsPage.objects.get(pk=article.pk).move(other, pos="last-child")

    moved = NewsPage.objects.get(pk=article.pk)
    assert moved.column_id == other.pk
    assert adjacent_articles(article=moved) == (there, None)
    assert adjacent_articles(article=before) == (None, after)
    assert adjacent_articles(article=after) == (before, None)
    Revision.objects.get(pk=revision.pk).publish()  # as the admin loads it
    assert NewsPage.objects.get(pk=article.pk).column_id == other.pk
    assert_columns_follow_tree()


def test_a_moved_column_keeps_its_articles(home_page, local_columns):
    local, shaoxing = local_columns
    first = NewsPageFactory(parent=shaoxing)
    second = NewsPageFactory(parent=shaoxing)

    shaoxing.move(home_page, pos="last-child")

    assert adjacent_articles(article=NewsPage.objects.get(pk=first.pk)) == (None, second)
    assert_columns_follow_tree()


def test_the_pages_to_purge_follow_the_tree_while_an_article_moves(column, other):
    """Purging (home.cache) asks for an article's neighbours before and after a move, while
    the stored column may still be the old one: they come from the tree."""
    base = timezone.now() - timedelta(days=10)
    article = NewsPageFactory(parent=column, publish_time=base + timedelta(days=1))
    there = NewsPageFactory(parent=other, publish_time=base)
    NewsPageFactory(parent=column, publish_time=base)

    article.move(other, pos="last-child")
    NewsPage.objects.filter(pk=article.pk).update(column=column)  # not followed yet

    assert NewsPage.objects.get(pk=article.pk).pages_showing_this() == [there]


def test_translations_and_aliases_have_their_own_column(home_page, column, other, english):
    base = timezone.now() - timedelta(days=10)
    article = NewsPageFactory(parent=column, title="原文", publish_time=base)
    neighbour = NewsPageFactory(parent=column, title="邻居", publish_time=base + timedelta(1))
    home_en = home_page.copy_for_translation(english)
    column_en = column.copy_for_translation(english)
    for page in (home_en, column_en):
        page.save_revision().publish()

    translation = article.copy_for_translation(english)
    publish(translation)
    translate_object(neighbour, [english])  # wagtail-localize: a draft translation
    alias = article.create_alias(parent=other, update_slug="alias")

    assert NewsPage.objects.get(pk=translation.pk).column_id == column_en.pk
    assert neighbour.get_translation(english).specific.column_id == column_en.pk
    assert NewsPage.objects.get(pk=alias.pk).column_id == other.pk
    assert adjacent_articles(article=NewsPage.objects.get(pk=translation.pk)) == (None, None)
    assert adjacent_articles(article=article) == (None, neighbour)

    article.title = "原文（修订）"
    publish(article)  # updates the alias from the article's new revision
    assert NewsPage.objects.get(pk=alias.pk).column_id == other.pk
    neighbour.title = "邻居（修订）"
    publish(neighbour)
    source, _created = TranslationSource.update_or_create_from_instance(neighbour)
    Translation.objects.get(source=source, target_locale=english).save_target()  # a sync
    assert neighbour.get_translation(english).specific.column_id == column_en.pk
    assert_columns_follow_tree()


def test_neighbours_are_those_of_ranking_the_column_by_hand(column, local_columns, other):
    local, shaoxing = local_columns
    now = timezone.now()
    base = now - timedelta(days=30)
    times = [base + timedelta(days=day) for day in (1, 2, 2, 2, 3, 4, 4, 5, 6)]
    articles = [NewsPageFactory(parent=local, publish_time=time) for time in times]
    articles[1].unpublish()  # a draft, tied in time with two others
    NewsPage.objects.filter(pk=articles[4].pk).update(expire_at=now - timedelta(hours=1))
    PageViewRestriction.objects.create(
        page=articles[6], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    articles.append(NewsPageFactory(parent=local, publish_time=now + timedelta(days=1)))
    articles.append(NewsPageFactory(parent=local, publish_time=base + timedelta(days=2)))
    NewsPageFactory(parent=shaoxing, publish_time=base + timedelta(days=2))  # a sub-column
    NewsPageFactory(parent=other, publish_time=base + timedelta(days=3))  # another column
    undated = NewsPageFactory(parent=local, publish_time=None)
    NewsPage.objects.filter(pk=undated.pk).update(publish_time=None)

    for article in NewsPage.objects.child_of(local).exclude(pk=undated.pk):
        expected = brute_force_neighbours(article)
        assert adjacent_articles(article=article) == expected, article.pk
        assert served_neighbours(article, expected) == expected, article.pk
    undated = NewsPage.objects.get(pk=undated.pk)
    assert adjacent_articles(article=undated) == (None, None)
    assert served_neighbours(undated, (None, None)) == (None, None)

    PageViewRestriction.objects.create(
        page=local, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for article in NewsPage.objects.child_of(local).exclude(pk=undated.pk):
        assert adjacent_articles(article=article) == (None, None)
        assert served_neighbours(article, (None, None)) == (None, None)


def served_neighbours(article: NewsPage, otherwise):
    """上一篇/下一篇 as routing reads them along with the article (on every database now;
    ``otherwise``, what they are read as on their own, is kept for the callers' symmetry)."""
    found = article_for_route(
        NewsPage, parent=article.get_parent(), slug=article.slug, url_path=article.url_path
    )
    links = found.served_links
    for neighbour in (links.previous, links.next):
        if neighbour is not None:  # what the page shows of it, read along
            assert neighbour.title and neighbour.url_path and neighbour.pk == neighbour.id
    return links.previous, links.next


def test_the_migration_fills_the_column_of_existing_articles(column, local_columns):
    local, shaoxing = local_columns
    NewsPageFactory(parent=column)
    NewsPageFactory(parent=shaoxing)
    NewsPageFactory(parent=local)
    NewsPage.objects.update(column=None)
    migration = importlib.import_module("news.migrations.0002_article_column")

    migration.fill_columns(apps, SimpleNamespace(connection=connection))

    assert_columns_follow_tree()
