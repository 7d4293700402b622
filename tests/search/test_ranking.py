"""The query compiler's bounded ranking: a top-N of candidates from one full-text query, the
caller's filters applied to each, and a bound on how many matches a query reads."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from news.models import NewsPage
from search.backends.postgres_statistics import LexemeStatistics, lexeme_statistics
from search.backends.query import RELAX_BELOW, analyse
from search.views import search_pages
from tests.factories import NewsPageFactory, paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]


@pytest.fixture
def articles(column):
    """Six articles about 垃圾分类: the more often it occurs, the better the article ranks."""
    pages = []
    for number in range(6):
        text = "垃圾分类。" * (number + 1) + "其他内容。" * 5
        pages.append(NewsPageFactory(parent=column, title=f"稿件{number}", body=paragraph(text)))
    return pages


def test_best_first_and_count(articles):
    results = Page.objects.live().search("垃圾分类")
    assert [page.title for page in results] == [f"稿件{n}" for n in range(5, -1, -1)]
    assert results.count() == 6
    assert Page.objects.live().search("垃圾分类")[:2].count() == 2


def test_pages_of_results_do_not_overlap(articles):
    results = Page.objects.live().search("垃圾分类")
    pages = [list(results[start : start + 2]) for start in (0, 2, 4)]
    titles = [page.title for chunk in pages for page in chunk]
    assert titles == [f"稿件{n}" for n in range(5, -1, -1)]


@pytest.mark.database_only  # the database backend's bound and relaxed queries
def test_the_callers_filters_apply_before_the_bound(articles, settings):
    # At most two matches are looked at, but the caller's queryset is applied first: the two
    # oldest articles are found although four newer ones match too.
    settings.SEARCH_MAX_MATCHES = 2
    weakest = articles[:2]
    queryset = Page.objects.live().filter(pk__in=[page.pk for page in weakest])
    results = queryset.search("垃圾分类")
    assert [page.title for page in results[:10]] == ["稿件1", "稿件0"]
    assert results.count() == 2


@pytest.mark.database_only  # the database backend's bound and relaxed queries
def test_past_the_bound_the_count_reads_more_than(articles, settings):
    # Six articles match; with a bound of three, the newest four are ranked and the count is
    # "more than three".
    settings.SEARCH_MAX_MATCHES = 3
    results = Page.objects.live().search("垃圾分类")
    assert results.count() == 4
    assert [page.title for page in results[:10]] == ["稿件5", "稿件4", "稿件3", "稿件2"]
    by_date = Page.objects.live().order_by("-id").search("垃圾分类", order_by_relevance=False)
    assert by_date.count() == 4
    assert [page.title for page in by_date] == ["稿件5", "稿件4", "稿件3", "稿件2"]


def test_results_only_of_the_given_queryset_and_model(articles, seed):
    first = articles[0]
    assert [p.pk for p in NewsPage.objects.filter(pk=first.pk).search("垃圾分类")] == [first.pk]
    assert list(NewsPage.objects.none().search("垃圾分类")) == []
    assert Page.objects.live().search("垃圾分类").count() == 7  # the seed article too


def test_other_orderings_and_scores(articles):
    live = Page.objects.live()
    newest = live.order_by("-first_published_at").search("垃圾分类", order_by_relevance=False)
    assert [page.pk for page in newest] == sorted((p.pk for p in articles), reverse=True)
    scored = list(Page.objects.live().search("垃圾分类").annotate_score("relevance"))
    assert [page.relevance for page in scored] == sorted(
        (page.relevance for page in scored), reverse=True
    )
    assert all(page.relevance > 0 for page in scored)
    by_date = live.order_by("first_published_at").search("垃圾分类", order_by_relevance=False)
    with_scores = list(by_date.annotate_score("relevance"))
    assert [page.pk for page in with_scores] == sorted(p.pk for p in articles)
    assert all(page.relevance is not None for page in with_scores)


def test_date_sort_on_the_site_search(articles):
    from search.views import SearchFilters

    results = search_pages("垃圾分类", filters=SearchFilters(sort="date"))
    assert {page.title for page in results} == {page.title for page in articles}


def test_reindexing_updates_entries_in_bulk(articles):
    backend = get_search_backend()
    first = NewsPage.objects.get(pk=articles[0].pk)
    first.title = "香榧币积分"
    backend.add_bulk(NewsPage, [first, NewsPage.objects.get(pk=articles[1].pk)])
    assert [page.pk for page in Page.objects.live().search("香榧币")] == [first.pk]
    assert Page.objects.live().search("垃圾分类").count() == 6


@pytest.mark.database_only  # the database backend's own indexer
def test_each_field_is_read_once_per_object(articles, monkeypatch):
    from search.index import SegmentedValueMixin

    calls = []
    original = SegmentedValueMixin.get_value

    def counting(self, obj):
        calls.append((obj.pk, type(self).__name__, self.field_name))
        return original(self, obj)

    monkeypatch.setattr(SegmentedValueMixin, "get_value", counting)
    get_search_backend().add_bulk(NewsPage, [NewsPage.objects.get(pk=articles[0].pk)])
    assert calls
    assert len(calls) == len(set(calls))


@pytest.mark.database_only  # the database backend's bound and relaxed queries
def test_few_matches_are_followed_by_those_of_the_relaxed_query(column):
    exact = NewsPageFactory(parent=column, title="践行全过程人民民主", body=paragraph("其他内容。"))
    apart = NewsPageFactory(
        parent=column, title="基层立法联系点", body=paragraph("人民民主是一种全过程的民主。")
    )
    NewsPageFactory(parent=column, title="人民来信", body=paragraph("群众的意见。"))  # only 人民
    results = Page.objects.live().search("全过程人民民主")
    assert [page.pk for page in results] == [exact.pk, apart.pk]
    assert results.count() == 2


@pytest.mark.database_only  # the database backend's bound and relaxed queries
def test_the_relaxed_query_is_not_tried_when_the_words_find_enough(column, settings):
    settings.SEARCH_MAX_MATCHES = 1000
    for number in range(RELAX_BELOW):
        NewsPageFactory(parent=column, title=f"乡村振兴{number}", body=paragraph("内容。"))
    NewsPageFactory(parent=column, title="乡村全面振兴", body=paragraph("内容。"))
    results = Page.objects.live().search("乡村振兴")
    assert results.count() == RELAX_BELOW
    assert "乡村全面振兴" not in [page.title for page in results]


# --- PostgreSQL: common queries read the newest entries in order -------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plan choice (SQLite has one plan)"
)


@pytest.fixture
def estimated_share(monkeypatch):
    """Pretend PostgreSQL's statistics say each query matches ``share`` of 1,000 entries."""

    def pretend(share):
        monkeypatch.setattr(lexeme_statistics, "rows", 1000.0)
        monkeypatch.setattr(lexeme_statistics, "share", lambda *args: share)

    return pretend


def search_sql(query):
    with CaptureQueriesContext(connection) as queries:
        results = Page.objects.live().search(query)
        found = ([page.title for page in results[:10]], results.count())
    return found, " ".join(q["sql"] for q in queries.captured_queries)


@postgres_only
@pytest.mark.database_only
def test_a_common_query_reads_in_order_and_finds_the_same(articles, settings, estimated_share):
    settings.SEARCH_MAX_MATCHES = 3
    estimated_share(None)  # no statistics: from the GIN indexes
    from_indexes, sql = search_sql("垃圾分类")
    assert "UNION ALL" not in sql
    estimated_share(1.0)
    in_order, sql = search_sql("垃圾分类")
    assert "UNION ALL" in sql
    assert in_order == from_indexes == (["稿件5", "稿件4", "稿件3", "稿件2"], 4)


@postgres_only
@pytest.mark.database_only
def test_when_the_estimate_was_too_high_older_matches_follow_from_the_indexes(
    articles, column, settings, estimated_share
):
    # The newest ten entries do not match: the ordered window (2 × 4 entries) finds nothing,
    # the indexes find the older matches.
    for number in range(10):
        NewsPageFactory(parent=column, title=f"其他{number}", body=paragraph("其他内容。"))
    settings.SEARCH_MAX_MATCHES = 3
    estimated_share(1.0)
    found, sql = search_sql("垃圾分类")
    assert "UNION ALL" in sql
    assert found == (["稿件5", "稿件4", "稿件3", "稿件2"], 4)
    settings.SEARCH_MAX_MATCHES = 1000
    found, _sql = search_sql("垃圾分类")
    assert found == ([f"稿件{n}" for n in range(5, -1, -1)], 6)


@postgres_only
@pytest.mark.database_only
def test_shares_come_from_postgresqls_statistics(articles):
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IndexEntry._meta.db_table}")
    statistics = LexemeStatistics()
    columns = ("title", "body")
    common = statistics.share(analyse("垃圾分类"), columns)
    assert statistics.rows >= 6
    assert common >= 0.5  # the six articles of the few entries
    assert statistics.share(analyse("香榧币"), columns) == 0.0  # in none
    both = statistics.share(analyse("垃圾分类 香榧币"), columns)
    assert both == 0.0


@postgres_only
@pytest.mark.database_only
def test_postgresql_compiles_no_queries_just_in_time(search_backend):
    # A search costed above jit_above_cost spent 40 ms of 60 compiling (bench/README.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@postgres_only
@pytest.mark.database_only
def test_searches_from_the_indexes_never_scan_the_table_in_one_round_trip(
    articles, estimated_share, monkeypatch
):
    estimated_share(None)
    with CaptureQueriesContext(connection) as queries:
        results = Page.objects.live().search("垃圾分类")
        assert len(results[:10]) == 6
        assert results.count() == 6
    # Each search statement (the results, the count, the relaxed query's) is one round trip with
    # sequential scans off in it, and opens no transaction of its own.
    statements = [query["sql"] for query in queries.captured_queries]
    searches = [sql for sql in statements if "to_tsquery" in sql]
    assert searches
    for sql in searches:
        assert sql.startswith("SELECT set_config('cms.previous_enable_seqscan'"), sql[:80]
        assert "set_config('enable_seqscan', 'off', true)" in sql
    assert not [sql for sql in statements if sql in ("BEGIN", "COMMIT")]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    # Server-side binding takes one statement per execute: the same search in a transaction.
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {"server_side_binding": True})
    assert [page.title for page in Page.objects.live().search("垃圾分类")[:10]] == [
        page.title for page in results[:10]
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    # The caller's own choice, inside its transaction, is left as it was.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        assert Page.objects.live().search("垃圾分类").count() == 6
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "off"
