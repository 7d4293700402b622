"""Synonyms editors manage (设置 › 同义词): one-way and equivalent sets, a set word inside a longer
query word, an editor's change effective at the next search — on the database backend and on
every search engine node."""

import pytest
from django.urls import reverse

from search import synonyms
from search.analysis import query_terms
from search.backends.query import analyse
from search.models import Synonym, SynonymKind
from search.views import SearchFilters, search_pages
from tests.factories import NewsPageFactory, paragraph

pytestmark = pytest.mark.django_db


def article(column, title, text):
    # The factory's source (浙江人大网) would match 人大 everywhere.
    return NewsPageFactory(parent=column, title=title, body=paragraph(text), source="本网")


def titles(query):
    # Articles only: the home page of the tests is 测试人大网.
    return {page.title for page in search_pages(query, filters=SearchFilters(type="news"))}


# --- The sets as alternatives of a query word ---------------------------------------------------


def test_the_default_set_is_loaded_by_the_migration():
    assert Synonym.objects.filter(active=True).count() >= 20
    assert synonyms.alternatives("人大常委会") == ("人大常委会", "人民代表大会常务委员会")
    assert synonyms.alternatives("人民代表大会常务委员会") == (
        "人民代表大会常务委员会",
        "人大常委会",
    )


def test_one_way_finds_the_others_not_the_reverse():
    assert synonyms.alternatives("人大") == ("人大", "人民代表大会")
    assert synonyms.alternatives("人民代表大会") == ("人民代表大会",)


def test_a_set_word_inside_a_longer_query_word_applies_the_longest_first():
    assert synonyms.alternatives("绍兴市人大常委会") == (
        "绍兴市人大常委会",
        "绍兴市人民代表大会常务委员会",
    )
    # 人大常委会 (five characters) rather than 省人大 (three) or 人大 (two).
    assert synonyms.alternatives("省人大常委会") == ("省人大常委会", "省人民代表大会常务委员会")
    assert set(synonyms.alternatives("全国人大法工委")) == {
        "全国人大法工委",
        "全国人民代表大会法工委",
        "全国人大法制工作委员会",
        "全国人民代表大会法制工作委员会",
    }


def test_the_word_is_normalised_first_and_latin_words_match_whole():
    Synonym.objects.create(kind=SynonymKind.EQUIVALENT, terms="npc\n全国人大")
    assert synonyms.alternatives("人大常委會")[0] == "人大常委会"  # traditional → simplified
    assert "全国人大" in synonyms.alternatives("NPC")
    assert synonyms.alternatives("npcs") == ("npcs",)


def test_inactive_sets_do_not_apply():
    Synonym.objects.filter(terms__startswith="人大\n").update(active=False)
    synonyms.forget()
    assert synonyms.alternatives("人大") == ("人大",)


def test_a_synonym_that_could_not_match_more_is_left_out_of_the_query():
    # 人大代表联络站 contains 代表联络站: searching 代表联络站 finds it anyway.
    assert "人大代表联络站" in synonyms.alternatives("代表联络站")
    (term,) = analyse("代表联络站").terms
    assert term.synonyms == ()
    (term,) = analyse("人大代表联络站").terms
    assert [phrase.tokens for phrase in term.synonyms] == [("代表", "表联", "联络", "络站")]


def test_suggestions_as_one_types_use_no_synonyms():
    (term,) = analyse("人大", autocomplete=True).terms
    assert term.synonyms == ()
    assert query_terms("人大", autocomplete=True) == analyse("人大", autocomplete=True).terms


def test_highlighting_marks_the_synonyms_too():
    assert synonyms.highlight_terms("人大 联络站") == ["人民代表大会", "联络站", "人大"]


def test_an_editors_change_applies_in_this_and_other_processes(django_capture_on_commit_callbacks):
    assert synonyms.alternatives("香榧币") == ("香榧币",)
    with django_capture_on_commit_callbacks(execute=True):
        rule = Synonym.objects.create(kind=SynonymKind.ONE_WAY, terms="香榧币\n积分币")
    assert synonyms.alternatives("香榧币") == ("香榧币", "积分币")
    token = synonyms._token()
    with django_capture_on_commit_callbacks(execute=True):
        rule.delete()
    # Another process, which loaded the sets before the change: the shared token moved on.
    synonyms._loaded = (token, synonyms.SynonymTable([("one_way", ["香榧币", "积分币"])]))
    assert synonyms.alternatives("香榧币") == ("香榧币",)


# --- The admin -----------------------------------------------------------------------------------


def test_the_add_form_is_prefilled_from_a_query(admin_client):
    response = admin_client.get(reverse("search_synonyms:add"), {"terms": "联洛站 网上联络站"})
    assert response.status_code == 200
    assert response.context["form"].initial["terms"] == "联洛站\n网上联络站"


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("人大", "至少填写两个词。"),
        ("人大\n人大", "重复了"),
        ("人大\n人大（", "重复了"),
        ("人大\n！！", "没有可搜索的文字"),
        ("人 大\n人民代表大会", "有空格"),
        ("人大\n" + "人" * 31, "太长"),
        ("人大常委会\n人民代表大会常务委员会", "已有相同的一组同义词"),
    ],
)
def test_the_form_says_what_is_wrong_next_to_the_words(admin_client, terms, message):
    response = admin_client.post(
        reverse("search_synonyms:add"), {"kind": "equivalent", "terms": terms, "note": ""}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["terms"])
    assert message in errors


def test_site_administrators_and_editors_manage_synonyms_and_reviewers_do_not(
    client, django_user_model
):
    from django.contrib.auth.models import Group

    # Editors answer 搜索统计 with synonyms and 推荐 (search 0003, 0005); reviewers and signers
    # review pages, not search.
    for name, group in (("siteadmin", "站点管理员"), ("editor", "编辑")):
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(Group.objects.get(name=group))
        assert all(
            user.has_perm(f"search.{action}_synonym")
            for action in ("add", "change", "delete", "view")
        )
        client.force_login(user)
        assert client.get(reverse("search_synonyms:index")).status_code == 200
    reviewer = django_user_model.objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name="审核"))
    client.force_login(reviewer)
    assert client.get(reverse("search_synonyms:index")).status_code in (302, 403)


# --- Searching, on every backend -----------------------------------------------------------------


@pytest.fixture
def congress_pages(column, search_backend):
    article(column, "甲", "市人民代表大会开幕。")
    article(column, "乙", "人大举行会议。")
    article(column, "丙", "开通线上联络站。")
    article(column, "丁", "网上联络站上线。")
    article(column, "戊", "绍兴市人民代表大会常务委员会召开会议。")


def test_one_way_on_every_backend(congress_pages):
    assert titles("人大") == {"甲", "乙", "戊"}
    assert titles("人民代表大会") == {"甲", "戊"}


def test_equivalent_on_every_backend(congress_pages):
    assert titles("网上联络站") == {"丙", "丁"}
    assert titles("线上联络站") == {"丙", "丁"}
    assert titles("网上联络站 开通") == {"丙"}


def test_inside_a_longer_word_on_every_backend(congress_pages):
    assert titles("绍兴市人大常委会") == {"戊"}
    assert titles("绍兴市人大常委会 会议") == {"戊"}


def test_a_title_holding_a_synonym_counts_as_the_title(column, search_backend):
    article(column, "其他", "线上联络站。" * 3)
    article(column, "线上联络站开通", "内容。")
    assert [page.title for page in search_pages("网上联络站")] == ["线上联络站开通", "其他"]


def test_an_editors_new_synonym_applies_at_the_next_search(admin_client, column, search_backend):
    article(column, "香榧", "积分可兑换香榧币。")
    article(column, "越剧", "越剧诞生于嵊州。")
    assert titles("小歌班") == set()
    response = admin_client.post(
        reverse("search_synonyms:add"),
        {"kind": "one_way", "terms": "小歌班\n越剧", "note": "越剧的旧称", "active": "on"},
    )
    assert response.status_code == 302
    assert titles("小歌班") == {"越剧"}
    assert titles("越剧") == {"越剧"}  # one-way: 越剧 does not find 小歌班
    rule = Synonym.objects.get(terms="小歌班\n越剧")
    admin_client.post(reverse("search_synonyms:delete", args=[rule.pk]))
    assert titles("小歌班") == set()


def test_the_search_page_marks_the_synonym_that_matched(client, column, search_backend):
    article(column, "丙", "开通线上联络站。")
    html = client.get("/search/", {"q": "网上联络站"}).content.decode()
    assert "开通<mark>线上联络站</mark>。" in html
