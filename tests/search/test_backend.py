"""The Chinese-aware search backends: the same tests run on SQLite and PostgreSQL, and on a real
search engine node (see ``search_backend`` in conftest.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from news.models import NewsPage
from stations.models import Representative
from tests.factories import (
    ActivityIndexPageFactory,
    ActivityPageFactory,
    NewsPageFactory,
    RepresentativeFactory,
    StationIndexPageFactory,
    StationPageFactory,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]


def found(query, queryset=None):
    queryset = Page.objects.live() if queryset is None else queryset
    return [page.title for page in queryset.search(query)]


def test_the_default_backend_is_the_chinese_one(search_backend):
    database = {"sqlite": "search.backends.sqlite", "postgresql": "search.backends.postgres"}
    module = {"database": database[connection.vendor], "engine": "search.backends.engines"}
    assert type(get_search_backend()).__module__ == module[search_backend]


@pytest.mark.parametrize(
    "query", ["联络站", "代表联络站", "香榧币", "垃圾分类", "嵊州", "面对面议政", "嵊州 香榧币"]
)
def test_the_seed_article_is_found(seed, query):
    assert found(query) == [seed.title]


@pytest.mark.parametrize("query", ["聯絡站", "嵊州 香榧幣", "垃圾分類"])
def test_traditional_characters_find_simplified_text(seed, query):
    assert found(query) == [seed.title]


def test_words_not_in_the_text_find_nothing(seed):
    assert found("和服") == []
    assert found("嵊州 上海") == []  # every word must match


def test_latin_words_and_digits(column):
    article = NewsPageFactory(parent=column, title="G20杭州峰会十周年", body=[])
    NewsPageFactory(parent=column, title="2020年代表工作要点", body=[])
    assert found("G20") == [article.title]
    assert found("ｇ２０") == [article.title]
    assert found("2020年") == ["2020年代表工作要点"]
    assert found("2021年") == []


def test_title_matches_rank_above_body_matches(column):
    body_only = NewsPageFactory(
        parent=column,
        title="常委会召开会议",
        body=[("paragraph", RichText("<p>会议听取了关于垃圾分类工作的报告。</p>"))],
    )
    in_title = NewsPageFactory(
        parent=column,
        title="谷来镇推进垃圾分类",
        body=[("paragraph", RichText("<p>镇人大组织代表参与试点工作。</p>"))],
    )
    assert found("垃圾分类") == [in_title.title, body_only.title]
    # Several words: the page matching best still comes first (stock SQLite scoring flipped).
    assert found("垃圾分类 工作") == [in_title.title, body_only.title]


def test_every_article_field_is_searchable(column):
    article = NewsPageFactory(
        parent=column,
        title="标题",
        kicker="浙江省人大常委会",
        subtitle="副题文字",
        summary="摘要里的羲之调解",
        source="嵊州市人大常委会办公室",
        body=[("paragraph", RichText("<p>正文中的一网四制。</p>"))],
        authors=["王小明"],
    )
    article.tags.add("代表履职")
    publish(article)
    queries = [
        "浙江省人大",
        "副题",
        "羲之调解",
        "一网四制",
        "嵊州市人大常委会办公室",
        "王小明",
        "代表履职",
    ]
    for query in queries:
        assert found(query) == [article.title], query


def test_stations_activities_and_representatives_are_searchable(home_page, site_settings):
    network = StationIndexPageFactory(parent=home_page)
    station = StationPageFactory(
        parent=network,
        title="高新园区（三界镇）人大代表联络站",
        township="三界镇",
        address="三界镇政府大院",
        practices="<p>每月设代表接待日</p>",
        functions=["display", "reception"],
    )
    activities = ActivityIndexPageFactory(parent=network)
    representative = RepresentativeFactory(name="张三丰", occupation="茶农")
    activity = ActivityPageFactory(
        parent=activities,
        title="交通问题面对面议政",
        summary="交警负责人参加",
        stations=[station],
        representatives=[representative],
    )
    publish(activity)  # stations and representatives are saved after the page itself
    assert found("政府大院") == [station.title]
    assert found("代表接待日") == [station.title]
    assert found("展示", Page.objects.type(type(station))) == [station.title]
    assert found("交警") == [activity.title]
    assert found("三界镇 交警") == [activity.title]  # the station's name
    assert found("张三丰 议政") == [activity.title]
    backend = get_search_backend()
    assert [r.name for r in backend.search("茶农", Representative)] == ["张三丰"]
    assert [r.name for r in backend.autocomplete("张三", Representative)] == ["张三丰"]


def test_drafts_and_unpublished_pages_are_not_found_by_the_site(seed, column):
    draft = NewsPageFactory(parent=column, title="代表联络站草稿", live=False)
    assert draft.title not in found("联络站")
    seed.unpublish()
    assert found("联络站") == []
    publish(NewsPage.objects.get(pk=seed.pk))
    assert found("联络站") == [seed.title]


def test_the_index_follows_edits_moves_and_deletion(seed, column, home_page):
    page = NewsPage.objects.get(pk=seed.pk)
    page.title = "香榧之乡谷来镇"
    publish(page)
    assert found("谷来镇") == ["香榧之乡谷来镇"]
    other = column.add_child(instance=NewsPage(title="栏目", slug="sub"))
    page.refresh_from_db()
    page.move(column, pos="last-child")
    assert Page.objects.live().descendant_of(column).search("谷来镇")[0].pk == page.pk
    page.delete()
    assert found("谷来镇") == []
    assert other.pk


def test_search_restricted_to_titles_uses_the_segmented_title(seed):
    assert found("联络站") == [seed.title]
    assert [p.pk for p in Page.objects.search("联络站", fields=["title"])] == [seed.pk]
    assert list(Page.objects.search("香榧币", fields=["title"])) == []


def test_autocomplete_matches_the_start_of_title_words(seed):
    assert [p.pk for p in Page.objects.live().autocomplete("嵊州市代")] == [seed.pk]
    assert [p.pk for p in Page.objects.live().autocomplete("嵊")] == [seed.pk]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "🙂",
        "\x00",
        "' OR 1=1 --",
        '"联络站',
        "NEAR(a b)",
        "联络站*",
        "-联络站",
        "a" * 5000,
    ],
)
def test_hostile_queries_never_fail(seed, query):
    assert isinstance(found(query), list)


def test_admin_page_search_finds_chinese(seed, client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "联络站"})
    assert response.status_code == 200
    assert seed.title in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage parameter")
@pytest.mark.database_only  # a PostgreSQL storage parameter of the database backend
def test_the_index_table_is_not_scanned_in_parallel():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'wagtailsearch_indexentry'")
        assert "parallel_workers=0" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname = 'body'"
        )
        assert cursor.fetchone()[0] == "e"  # external: not compressed (search/migrations/0002)
