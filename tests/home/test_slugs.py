import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from home.slugs import AutoSlugMixin, AutoSlugPageForm, slug_from_title, unique_slug
from news.models import NewsPage
from tests.factories import NewsPageFactory
from tests.news.test_admin import admin_client  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("省人大常委会召开会议", "sheng-ren-da-chang-wei-hui-zhao-kai-hui-yi"),
        ("重庆代表团：２０２６年工作", "chong-qing-dai-biao-tuan-2026-nian-gong-zuo"),
        ("Zhejiang People's Congress", "zhejiang-peoples-congress"),
        ("Café 代表 No.1", "cafe-dai-biao-no-1"),
    ],
)
def test_a_title_gives_an_ascii_pinyin_slug(title, slug):
    assert slug_from_title(title) == slug


def test_a_long_title_is_cut_at_a_word_boundary():
    slug = slug_from_title("浙江省第十四届人民代表大会常务委员会第二十次会议在杭州举行全体会议")
    assert len(slug) <= 60
    assert ASCII_SLUG.match(slug)
    assert "zhe-jiang-sheng-di-shi-si-jie".startswith(slug) or slug.startswith("zhe-jiang")


def test_a_title_with_nothing_to_spell_gets_the_date(column):
    assert unique_slug("！？……", parent=column) == timezone.localdate().strftime("%Y%m%d")


def test_the_slug_is_unique_among_siblings_only(column, home_page):
    NewsPageFactory(parent=column, title="会议", slug="hui-yi")
    NewsPageFactory(parent=column, title="会议", slug="hui-yi-2")
    assert unique_slug("会议", parent=column) == "hui-yi-3"
    assert unique_slug("会议", parent=home_page) == "hui-yi"
    page = NewsPage.objects.get(slug="hui-yi")
    assert unique_slug("会议", parent=column, page=page) == "hui-yi"  # its own slug is free


def test_every_page_type_fills_an_empty_slug():
    """Each page type of the project: the mixin (model saves) and its form (the editor)."""
    page_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and model._meta.app_label != "wagtailcore"
    ]
    assert len(page_models) >= 7
    for model in page_models:
        assert issubclass(model, AutoSlugMixin), model
        assert issubclass(model.get_edit_handler().get_form_class(), AutoSlugPageForm), model


def test_a_page_saved_without_a_slug_gets_one(column):
    page = column.add_child(instance=NewsPage(title="代表联络站全面升级", slug="", live=False))
    assert page.slug == "dai-biao-lian-luo-zhan-quan-mian-sheng-ji"
    copy = page.copy(update_attrs={"slug": "", "title": "代表联络站全面升级"})
    copy.refresh_from_db()
    assert copy.slug == "dai-biao-lian-luo-zhan-quan-mian-sheng-ji-2"
    live = column.add_child(instance=NewsPage(title="Live page", slug="", live=True))
    assert live.slug == "live-page"


def test_a_chinese_title_saves_as_a_draft_without_a_slug(admin_client, column):  # noqa: F811
    data = {
        "title": "代表联络站全面升级",
        "slug": "",
        "source": "研究室",
        "body-count": "0",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    for field in "kicker subtitle summary publish_time responsible_editor tags".split():
        data[field] = ""
    data["feature_image_caption"] = ""
    url = f"/admin/pages/add/news/newspage/{column.pk}/"

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert admin_client.post(url, data).status_code == 302  # the same title again
    slugs = sorted(NewsPage.objects.child_of(column).values_list("slug", flat=True))
    assert slugs == [
        "dai-biao-lian-luo-zhan-quan-mian-sheng-ji",
        "dai-biao-lian-luo-zhan-quan-mian-sheng-ji-2",
    ]


def test_the_editor_suggests_the_slug_as_the_title_is_typed(admin_client, column):  # noqa: F811
    NewsPageFactory(parent=column, title="会议", slug="hui-yi")
    form = admin_client.get(f"/admin/pages/add/news/newspage/{column.pk}/").content.decode()
    url = re.search(r'data-slug-suggest-url="([^"]+)"', form)[1].replace("&amp;", "&")
    assert "admin-slug.js" in form

    response = admin_client.get(f"{url}&title=会议")
    assert response.json() == {"slug": "hui-yi-2"}


def test_the_slug_suggestion_needs_admin_login(client, column):
    response = client.get("/admin/slug/", {"title": "会议", "parent": column.pk})
    assert response.status_code == 302
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)  # no admin access
    assert client.get("/admin/slug/", {"title": "会议"}).status_code in (302, 403)
