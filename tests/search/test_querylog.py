"""The anonymous query log, 搜索统计 in the admin and 热门搜索 on the search page."""

import io
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search import querylog
from search.models import HiddenQuery, QueryDay
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0"}


@pytest.fixture
def articles(column):
    for n in range(3):
        NewsPageFactory(parent=column, title=f"联络站活动{n}", slug=f"activity-{n}")
    NewsPageFactory(parent=column, title="Liaison station open day", slug="open-day")


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params}, **BROWSER)


def logged() -> dict:
    return {row.query: (row.hits, row.zero_hits) for row in QueryDay.objects.all()}


def add_days(query, *, days_ago=0, hits=1, zero_hits=0):
    QueryDay.objects.create(
        date=timezone.localdate() - timedelta(days=days_ago),
        query=query,
        hits=hits,
        zero_hits=zero_hits,
    )


# --- Recording -------------------------------------------------------------------------------


def test_each_search_counts_once_with_its_zero_result_searches(client, articles):
    search(client, "联络站")
    search(client, "聯絡站")  # the same query as the index reads it
    search(client, "没有这个词")
    assert logged() == {"联络站": (2, 0), "没有这个词": (1, 1)}
    assert QueryDay.objects.get(query="联络站").date == timezone.localdate()


def test_only_the_day_query_and_counts_are_stored():
    fields = {field.name for field in QueryDay._meta.get_fields()}
    assert fields == {"id", "date", "query", "hits", "zero_hits"}


@pytest.mark.parametrize(
    "query",
    [
        "13800138000",  # mobile
        "138 0013 8000",
        "+86 138-0013-8000",
        "330683199001011234",  # ID card
        "33068319900101123X",
        "330683900101123",  # 15-digit ID card
        "zhang.san@example.com",  # e-mail
        "张三 zhangsan＠qq.com",
        "zhangsan at qq.com",
        "SZ-2026-000065",  # 网上联络站 case number
        "sz-2026-000065 进度",
        "6222021234567890123",  # bank card: a long digit run
        "0575-83022145",  # landline
        "留言 1234567",
    ],
)
def test_queries_that_look_personal_are_never_stored(client, articles, query):
    response = search(client, query)
    assert response.status_code == 200
    assert QueryDay.objects.count() == 0
    assert querylog.looks_personal(query)


@pytest.mark.parametrize("query", ["12345热线", "2026年工作报告", "联络站", "第14届", "GDP 5%"])
def test_ordinary_queries_with_digits_are_kept(client, articles, query):
    search(client, query)
    assert list(logged()) == [querylog.normalise(query)]


def test_pagination_filters_bots_and_signed_in_users_are_not_logged(client, articles):
    search(client, "联络站", page=2)
    search(client, "联络站", type="news")
    client.get("/search/", {"q": "联络站"}, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider)")
    client.get("/search/", {"q": "联络站"}, HTTP_USER_AGENT="Googlebot/2.1")
    assert logged() == {}
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(user)
    search(client, "联络站")  # an editor checking the public page
    client.get("/admin/pages/search/", {"q": "联络站"}, **BROWSER)
    client.get("/admin/searchpicks/", {"q": "联络站"}, **BROWSER)
    client.get("/admin/reports/search-stats/", {"q": "联络站"}, **BROWSER)
    assert logged() == {}


def test_the_daily_content_health_run_prunes_days_past_90(articles):
    add_days("很久以前", days_ago=querylog.RETENTION_DAYS)
    add_days("八十九天前", days_ago=querylog.RETENTION_DAYS - 1)
    out = io.StringIO()
    call_command("content_health", "--no-external", "--no-email", stdout=out)
    assert set(logged()) == {"八十九天前"}
    assert "search log: 1 old rows removed" in out.getvalue()


def test_recording_costs_one_statement_when_the_day_has_the_query(
    client, articles, django_assert_num_queries
):
    search(client, "联络站")
    request = client.get("/").wsgi_request
    request.META.update(BROWSER)
    with django_assert_num_queries(1):
        querylog.record(request, "联络站", 3)
    with django_assert_num_queries(3):  # a query's first search of the day
        querylog.record(request, "代表", 0)
    started = time.perf_counter()
    for _ in range(200):
        querylog.record(request, "联络站", 3)
    per_search_ms = (time.perf_counter() - started) / 200 * 1000
    # Measured 1.0 ms on SQLite (2 shared cores); the bound only catches a gross regression.
    assert per_search_ms < 20
    assert logged() == {"联络站": (202, 0), "代表": (1, 1)}


def test_the_daily_run_hands_yesterdays_counts_to_wagtail(client, articles):
    add_days("联络站", days_ago=1, hits=7)
    add_days("代表", days_ago=1, hits=2, zero_hits=1)
    old = Query.get("很久以前")
    old.add_hit(date=timezone.localdate() - timedelta(days=querylog.RETENTION_DAYS))
    assert querylog.daily() == (0, 2)
    assert {q.query_string: q.hits for q in Query.objects.all()} == {"联络站": 7, "代表": 2}
    assert querylog.daily() == (0, 2)  # run twice: the same counts
    assert Query.get("代表").hits == 2
    # Wagtail's promotion form offers them (从热门搜索词中选择).
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    chooser = client.get("/admin/searchpicks/queries/chooser/").json()["html"]
    assert "联络站" in chooser


# --- 搜索统计 (the admin report) -----------------------------------------------------------------


@pytest.fixture
def editor(home_page):
    user = get_user_model().objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="编辑"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def report(client, **params) -> str:
    response = client.get("/admin/reports/search-stats/", params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, title: str) -> str:
    start = html.index(title)
    end = html.find("<h2", start + 1)
    return html[start : end if end > 0 else len(html)]


def test_the_report_lists_frequent_and_zero_result_queries_of_30_days(editor_client):
    add_days("联络站", hits=7)
    add_days("联洛站", days_ago=3, hits=2, zero_hits=2)
    add_days("代表", days_ago=29, hits=3)
    add_days("去年的词", days_ago=30, hits=9, zero_hits=9)
    html = report(editor_client)
    top = section(html, "热门搜索词")
    assert top.index("联络站") < top.index("代表") and "去年的词" not in top
    zero = section(html, "无结果的搜索词")
    assert "联洛站" in zero and "联络站" not in zero and "去年的词" not in zero
    assert "去年的词" in report(editor_client, days=90)
    assert "代表" not in report(editor_client, days=7)
    assert report(editor_client, days="abc")  # anything else: 30 days


def test_the_report_offers_one_click_links(editor_client):
    add_days("联洛站", hits=2, zero_hits=2)
    html = report(editor_client)
    assert "/admin/reports/search-stats/promote/?q=%E8%81%94%E6%B4%9B%E7%AB%99" in html
    assert "/search/?q=%E8%81%94%E6%B4%9B%E7%AB%99" in html
    add_synonym = "/admin/search/synonyms/new/?terms=%E8%81%94%E6%B4%9B%E7%AB%99"
    assert add_synonym in html
    # Editors manage synonyms (search 0003): the link opens the form with the query filled in.
    form = editor_client.get(add_synonym)
    assert form.status_code == 200 and "联洛站" in form.content.decode()


def test_the_synonym_link_is_only_offered_to_who_may_add_one(client, editor):
    from django.contrib.auth.models import Permission

    editor.groups.clear()
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="wagtailsearchpromotions", codename="add_searchpromotion"
        ),
    )
    client.force_login(editor)
    add_days("联洛站", hits=2, zero_hits=2)
    html = report(client)
    assert "添加推荐" in html and "添加同义词" not in html
    assert client.get("/admin/search/synonyms/new/").status_code in (302, 403)


def test_add_promotion_opens_wagtails_form_with_the_query_filled_in(editor_client, column):
    html = editor_client.get("/admin/reports/search-stats/promote/", {"q": "聯洛站"}).content
    assert 'value="联洛站"' in html.decode()
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    page = NewsPageFactory(parent=column, title="网上联络站", slug="online")
    SearchPromotion.objects.create(query=Query.get("联洛站"), page=page)
    response = editor_client.get("/admin/reports/search-stats/promote/", {"q": "联洛站"})
    assert response.status_code == 302
    assert response.url == f"/admin/searchpicks/{Query.get('联洛站').pk}/"


def test_hiding_a_query_keeps_it_out_of_popular_searches_at_once(editor_client, client):
    add_days("联络站", hits=9)
    add_days("代表", hits=6)
    assert querylog.popular() == ["联络站", "代表"]
    response = editor_client.post(
        "/admin/reports/search-stats/hide/",
        {"query": "联络站", "hidden": "1", "next": "/admin/reports/search-stats/?days=7"},
    )
    assert response.status_code == 302 and response.url == "/admin/reports/search-stats/?days=7"
    assert list(HiddenQuery.objects.values_list("query", flat=True)) == ["联络站"]
    assert querylog.popular() == ["代表"]
    html = report(editor_client)
    assert "在热门搜索中显示" in section(html, "热门搜索词")
    editor_client.post(
        "/admin/reports/search-stats/hide/",
        {"query": "联络站", "hidden": "0", "next": "https://evil.example/"},
    )
    assert querylog.popular() == ["联络站", "代表"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/admin/reports/search-stats/"),
        ("post", "/admin/reports/search-stats/hide/"),
        ("get", "/admin/reports/search-stats/promote/?q=x"),
    ],
)
def test_staff_without_the_promotion_permission_are_refused(client, home_page, method, url):
    reviewer = get_user_model().objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name="审核"))
    client.force_login(reviewer)
    response = getattr(client, method)(
        url, {"query": "联络站", "hidden": "1"} if method == "post" else None
    )
    assert response.status_code in (302, 403)
    assert not HiddenQuery.objects.exists()
    assert "/admin/reports/search-stats/" not in client.get("/admin/").content.decode()


def test_the_reports_menu_offers_search_stats_to_editors_and_site_admins(client, editor):
    client.force_login(editor)
    # The sidebar is built from JSON in the page: the report's address is in it.
    assert "/admin/reports/search-stats/" in client.get("/admin/").content.decode()
    admin = get_user_model().objects.create_user("siteadmin", password="x")
    admin.groups.add(Group.objects.get(name="站点管理员"))
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "/admin/reports/search-stats/" in html
    assert "/admin/searchpicks/reports/search-terms/" not in html  # Wagtail's, not fed


# --- 热门搜索 --------------------------------------------------------------------------------


def test_popular_needs_several_searches_with_results_and_nothing_personal():
    add_days("联络站", hits=querylog.POPULAR_MIN_SEARCHES)
    add_days("罕见的词", hits=querylog.POPULAR_MIN_SEARCHES - 1)
    add_days("联洛站", hits=20, zero_hits=20)  # never found anything
    add_days("旧词", days_ago=querylog.POPULAR_DAYS, hits=50)
    add_days("13800138000", hits=50)  # stored before the filter knew the pattern
    add_days("open day", hits=6)
    assert querylog.popular() == ["open day", "联络站"]
    assert querylog.popular(limit=1) == ["open day"]
    assert querylog.popular(latin_only=True) == ["open day"]


def test_popular_searches_on_the_search_page(client, articles):
    add_days("联络站", hits=9)
    add_days("open day", hits=6)
    empty = search(client, "").content.decode()
    assert "热门搜索" in empty and 'href="?q=%E8%81%94%E7%BB%9C%E7%AB%99"' in empty
    nothing = search(client, "没有这个词").content.decode()
    assert nothing.index("没有找到相关内容") < nothing.index("热门搜索")
    found = search(client, "联络站").content.decode()
    assert "search-popular" not in found
    english = client.get("/en/search/", **BROWSER).content.decode()
    assert "Popular searches" in english and "open day" in english and "联络站" not in english
