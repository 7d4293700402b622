"""推荐: the results editors pin for a query (Wagtail's search_promotions) on the search page."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, PageViewRestriction

from tests.factories import NewsPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(column):
    """Three articles about 联络站 (editors pin the first) and one without it."""
    pinned = NewsPageFactory(parent=column, title="网上联络站使用指南", slug="guide")
    others = [
        NewsPageFactory(parent=column, title=f"联络站活动{n}", slug=f"activity-{n}") for n in (1, 2)
    ]
    quiet = NewsPageFactory(parent=column, title="代表履职", slug="quiet")
    return {"pinned": pinned, "others": others, "quiet": quiet}


def promote(query: str, page=None, **fields) -> SearchPromotion:
    return SearchPromotion.objects.create(query=Query.get(query), page=page, **fields)


def promotions_section(html: str) -> str:
    start = html.find('class="search-promotions"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def results_section(html: str) -> str:
    start = html.find('<ol class="search-results"')
    return html[start : html.find("</ol>", start)] if start >= 0 else ""


def test_a_promoted_page_is_shown_above_the_results_and_not_repeated(client, articles):
    promote("联络站", articles["pinned"], description="怎样在网上给代表留言")
    html = client.get("/search/", {"q": "联络站"}).content.decode()
    section = promotions_section(html)
    assert (
        "推荐" in section and "网上联络站使用指南" in section and "怎样在网上给代表留言" in section
    )
    assert html.index("search-promotions") < html.index("search-results")
    results = results_section(html)
    assert "联络站活动1" in results and "网上联络站使用指南" not in results


def test_a_promoted_page_among_few_results_leaves_no_empty_advice(client, articles):
    promote("代表履职", articles["quiet"])
    html = client.get("/search/", {"q": "代表履职"}).content.decode()
    assert "代表履职" in promotions_section(html)
    assert "没有找到相关内容" not in html


def test_promotions_on_the_first_page_only(client, articles, settings, monkeypatch):
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 1)
    promote("联络站", articles["pinned"])
    assert promotions_section(client.get("/search/", {"q": "联络站"}).content.decode())
    second = client.get("/search/", {"q": "联络站", "page": 2}).content.decode()
    assert promotions_section(second) == ""


def test_traditional_and_full_width_queries_find_the_promotion(client, articles):
    promote("联络站", articles["pinned"])
    for typed in ("聯絡站", " 联络站 ", "ＬＩＡＮＬＵＯ"):
        if typed == "ＬＩＡＮＬＵＯ":
            promote("lianluo", articles["pinned"])
        html = client.get("/search/", {"q": typed}).content.decode()
        assert "网上联络站使用指南" in promotions_section(html), typed


def test_a_promotion_typed_in_traditional_characters_matches_simplified_queries(client, articles):
    promote("聯絡站", articles["pinned"])
    html = client.get("/search/", {"q": "联络站"}).content.decode()
    assert "网上联络站使用指南" in promotions_section(html)


@pytest.mark.parametrize("hide", ["draft", "expired", "private", "future"])
def test_pages_the_public_may_not_see_are_never_promoted(client, articles, hide):
    page = articles["pinned"]
    if hide == "draft":
        page.unpublish()
    elif hide == "expired":
        page.expire_at = timezone.now() - timedelta(minutes=1)
        page.save()
    elif hide == "private":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    else:
        page.publish_time = timezone.now() + timedelta(days=1)
        publish(page)
    from home.cache.generation import bump_generation

    bump_generation()  # the restricted sections are kept per generation
    promote("联络站", page)
    html = client.get("/search/", {"q": "联络站"}).content.decode()
    assert promotions_section(html) == ""


def test_an_external_link_can_be_promoted(client, articles):
    promote(
        "联络站",
        external_link_url="https://www.npc.gov.cn/",
        external_link_text="全国人大网",
    )
    section = promotions_section(client.get("/search/", {"q": "联络站"}).content.decode())
    assert 'href="https://www.npc.gov.cn/"' in section and "全国人大网" in section


def test_english_readers_see_the_english_translation_or_nothing(client, home_page, column):
    english = Locale.objects.create(language_code="en")
    translated_page = NewsPageFactory(parent=column, title="联络站指南", slug="guide")
    untranslated = NewsPageFactory(parent=column, title="联络站地图", slug="map")
    for page in (home_page, column, translated_page):
        copy = page.copy_for_translation(english)
        if page is translated_page:
            copy.title = "Liaison station guide"
        publish(copy)
    promote("联络站", translated_page, description="中文说明")
    promote("联络站", untranslated)
    html = client.get("/en/search/", {"q": "联络站"}).content.decode()
    section = promotions_section(html)
    assert "Liaison station guide" in section and "/en/" in section
    # The Chinese description is not shown under the English page, nor the untranslated page.
    assert "中文说明" not in section and "联络站地图" not in section
    zh = promotions_section(client.get("/search/", {"q": "联络站"}).content.decode())
    assert "联络站指南" in zh and "联络站地图" in zh and "中文说明" in zh


def test_the_search_page_is_not_page_cached_so_a_new_promotion_shows_at_once(client, articles):
    first = client.get("/search/", {"q": "联络站"})
    assert "X-Page-Cache" not in first and promotions_section(first.content.decode()) == ""
    promote("联络站", articles["pinned"])
    assert "网上联络站使用指南" in promotions_section(
        client.get("/search/", {"q": "联络站"}).content.decode()
    )


def test_query_budget_of_promotions(client, articles, django_assert_max_num_queries):
    promote("联络站", articles["pinned"])
    from search.promotions import promoted

    request = client.get("/search/").wsgi_request
    with django_assert_max_num_queries(2):
        assert [p.title for p in promoted(request, "联络站")] == ["网上联络站使用指南"]


# --- The admin -------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, home_page):
    user = get_user_model().objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return client


def test_an_editor_adds_a_promotion_in_the_admin_and_readers_see_it_at_once(
    editor_client, articles, client
):
    html = editor_client.get("/admin/searchpicks/").content.decode()
    assert "推荐搜索结果" in html and "推广" not in html
    form = editor_client.get("/admin/searchpicks/add/").content.decode()
    assert "外部链接网址" in form and "选择要推荐的本站页面" in form
    # Every label in Chinese (Wagtail names the link text's field in English).
    assert "外部链接文字" in form and "External link text" not in form
    response = editor_client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "联络站",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(articles["pinned"].pk),
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "",
            "editors_picks-0-ORDER": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    editor_client.logout()
    html = client.get("/search/", {"q": "聯絡站"}).content.decode()
    assert "网上联络站使用指南" in promotions_section(html)


def test_the_promotions_admin_reads_well_in_english(client, home_page):
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    html = client.get("/admin/searchpicks/").content.decode()
    assert "Promoted search results" in html
    report = client.get("/admin/reports/search-stats/").content.decode()
    assert "Search statistics" in report and "Most frequent search terms" in report
    form = client.get("/admin/searchpicks/add/").content.decode()
    assert "External link text" in form and "外部链接文字" not in form
