"""PostgreSQL bulk indexing (``ChinesePostgresIndex.add_items``): the entries it writes are the ones
Wagtail's stock indexer writes, and its statements sent from a writer thread stay in the caller's
transaction."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresIndex
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from news.models import NewsPage
from search.backends import postgres_index
from search.backends.postgres_index import ChinesePostgresIndex
from stations.models import ActivityPage, Representative, StationPage
from tests.factories import (
    ActivityIndexPageFactory,
    ActivityPageFactory,
    NewsPageFactory,
    RepresentativeFactory,
    StationIndexPageFactory,
    StationPageFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's own indexer (SQLite has another)"
    ),
]


def entries():
    return {
        (entry.content_type_id, entry.object_id): (
            str(entry.title),
            str(entry.autocomplete),
            str(entry.body),
        )
        for entry in IndexEntry.objects.all()
    }


@pytest.fixture
def indexed(column, home_page):
    """Pages of every indexed type, with related objects, and the instances to index."""
    news = [
        NewsPageFactory(
            parent=column,
            title=f"代表联络站{number}",
            kicker="引题：嵊州",
            subtitle="副题",
            summary="",  # an empty field between non-empty ones
            source="绍兴日报",
            authors=["张三", "李四"],
            body=[("paragraph", RichText(f"<p>香榧币积分第{number}期，G20 visiting。</p>"))],
        )
        for number in range(4)
    ]
    stations = StationIndexPageFactory(parent=home_page)
    station = StationPageFactory(
        parent=stations, address="嵊州市三界镇", practices="<p>面对面议政</p>"
    )
    activity_index = ActivityIndexPageFactory(parent=stations)
    activity = ActivityPageFactory(parent=activity_index)
    activity.representatives.add(RepresentativeFactory(name="王五"))
    RepresentativeFactory(name="赵六", bio="垃圾分类")
    return {
        NewsPage: list(NewsPage.objects.filter(pk__in=[page.pk for page in news])),
        StationPage: [StationPage.objects.get(pk=station.pk)],
        ActivityPage: [ActivityPage.objects.get(pk=activity.pk)],
        Representative: list(Representative.objects.all()),
    }


def test_entries_are_those_of_the_stock_indexer(indexed, monkeypatch):
    monkeypatch.setattr(postgres_index, "INDEX_STATEMENT_ROWS", 2)  # the writer thread too
    backend = get_search_backend()
    for model, objs in indexed.items():
        IndexEntry.objects.all().delete()
        backend.add_bulk(model, objs)
        ours = entries()
        IndexEntry.objects.all().delete()
        PostgresIndex.add_items(backend.get_index_for_model(model), model, objs)
        stock = entries()
        assert len(ours) == len(objs), model
        assert ours == stock, model  # the same tokens, positions and weights


def test_news_vectors_hold_every_field_in_order(indexed):
    get_search_backend().add_bulk(NewsPage, indexed[NewsPage])
    page = indexed[NewsPage][0]
    title, autocomplete, body = entries()[(page.content_type_id, str(page.pk))]
    assert "'代表'" in title and "'联络'" in title
    assert "'代表'" in autocomplete
    # 引题, 副题, body, 来源 and the authors, one after the other (the empty summary left out).
    for token in ("'引题'", "'副题'", "'香榧'", "'g20'", "'visit'", "'绍兴'", "'张三'", "'李四'"):
        assert token in body, token


def test_a_big_batch_is_written_in_statements_within_the_callers_transaction(indexed, monkeypatch):
    monkeypatch.setattr(postgres_index, "INDEX_STATEMENT_ROWS", 1)
    backend = get_search_backend()
    news = indexed[NewsPage]
    IndexEntry.objects.all().delete()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        backend.add_bulk(NewsPage, news)
        assert IndexEntry.objects.count() == len(news)  # seen inside the transaction
        raise Rollback
    assert IndexEntry.objects.count() == 0  # and rolled back with it

    backend.add_bulk(NewsPage, news)
    found = NewsPage.objects.live().search("香榧币")
    assert {page.pk for page in found} == {page.pk for page in news}


def test_a_failing_statement_fails_the_indexing_with_a_database_error(indexed, monkeypatch):
    monkeypatch.setattr(postgres_index, "INDEX_STATEMENT_ROWS", 1)
    insert = ChinesePostgresIndex._insert
    calls = []

    def second_fails(self, content_type_pk, objs):
        calls.append(objs)
        sql, params = insert(self, content_type_pk, objs)
        if len(calls) == 2:
            sql = sql.replace("INSERT INTO", "INSERT INTO no_such_table_", 1)
        return sql, params

    monkeypatch.setattr(ChinesePostgresIndex, "_insert", second_fails)
    IndexEntry.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        get_search_backend().add_bulk(NewsPage, indexed[NewsPage])
    assert IndexEntry.objects.count() == 0


def test_update_index_rebuilds_every_entry_through_the_writer(indexed, monkeypatch):
    monkeypatch.setattr(postgres_index, "INDEX_STATEMENT_ROWS", 2)
    IndexEntry.objects.all().delete()
    call_command("update_index", stdout=io.StringIO())
    news = indexed[NewsPage]
    found = {page.pk for page in NewsPage.objects.live().search("香榧币")}
    assert found == {page.pk for page in news}
    indexed_ids = set(IndexEntry.objects.values_list("object_id", flat=True))
    for objs in indexed.values():
        assert {str(obj.pk) for obj in objs} <= indexed_ids


def test_english_stems_are_indexed_without_being_analysed_again():
    """English words reach PostgreSQL already stemmed (search.analysis; tests/search/
    test_english.py): the ``simple`` configuration must keep them as they are."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', 'repres visit the liaison station')")
        (vector,) = cursor.fetchone()
    # ``simple`` only lower-cases: the stems stay as they are, the stop word too.
    assert vector == "'liaison':4 'repres':1 'station':5 'the':3 'visit':2"
