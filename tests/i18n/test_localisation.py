from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from tests.factories import NewsPageFactory, publish, translated

pytestmark = pytest.mark.django_db
WHEN = datetime(2020, 7, 30, 14, 57, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def english(db):
    return Locale.objects.create(language_code="en")


@pytest.fixture
def english_site(home_page, column, english):
    home_en = translated(home_page, english, title="Zhejiang People's Congress")
    column_en = translated(column, english, title="Releases")
    return home_en, column_en


def test_wagtail_localize_creates_a_draft_translation_and_syncs_it(column, english):
    article = publish(NewsPageFactory(parent=column, title="代表联络站全面升级"))
    translate_object(column, [english])
    column.get_translation(english).save_revision().publish()

    translate_object(article, [english])

    target = article.get_translation(english)
    assert not target.live  # translating a live page does not publish the translation
    assert Translation.objects.filter(source__object_id=article.translation_key).exists()

    article.title = "代表联络站全面升级（修订）"
    article.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(article)
    Translation.objects.get(source=source, target_locale=english).save_target()

    assert article.get_translation(english).get_latest_revision_as_object().title == (
        "代表联络站全面升级（修订）"  # untranslated strings fall back to the source text
    )


def test_language_switcher_goes_to_the_translation(client, column, english_site, english):
    article = NewsPageFactory(parent=column, slug="upgrade", publish_time=WHEN)
    article_en = translated(article, english, title="Liaison stations upgraded")

    html = client.get("/releases/upgrade/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert f'href="{article_en.url}" hreflang="en" lang="en">English</a>' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://localhost/en/releases/upgrade/">' in html
    )
    assert (
        '<link rel="alternate" hreflang="zh-hans" href="http://localhost/releases/upgrade/">'
        in html
    )

    html_en = client.get("/en/releases/upgrade/").content.decode()
    assert '<html lang="en">' in html_en
    assert 'href="/releases/upgrade/" hreflang="zh-hans" lang="zh-hans">简体中文</a>' in html_en


def test_a_translation_published_later_appears_in_the_language_links_at_once(
    client, column, english_site, english, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the language links themselves, rendered every time
    article = NewsPageFactory(parent=column, slug="later", publish_time=WHEN)
    html = client.get("/releases/later/").content.decode()
    assert 'href="/en/" hreflang="en"' in html  # untranslated: the English home page

    article_en = translated(article, english, title="Translated later")

    html = client.get("/releases/later/").content.decode()
    assert f'href="{article_en.url}" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="http://localhost/en/releases/later/">' in html


def test_an_untranslated_page_needs_no_query_for_its_language_links(
    rf, column, english_site, django_assert_num_queries
):
    from django.template import Context, Template

    from home.page_cache import prime_site

    article = NewsPageFactory(parent=column, slug="alone", publish_time=WHEN)
    request = rf.get("/releases/alone/")
    prime_site(request)
    template = Template(
        "{% load navigation_tags %}{% language_links as languages %}"
        "{% for item in languages.switch %}{{ item.url }}|{{ item.translated }}{% endfor %}"
    )
    template.render(Context({"request": request, "page": article}))  # fills the site data
    with django_assert_num_queries(0):
        html = template.render(Context({"request": request, "page": article}))
    assert html == "/en/|False"


@pytest.mark.parametrize("prefix", ["/zh/", "/zh-hans/", "/zh-Hans/", "/zh-cn/"])
def test_chinese_prefixes_redirect_to_the_unprefixed_address(client, column, prefix):
    response = client.get(f"{prefix}releases/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/releases/?page=2"
    assert client.get(prefix.rstrip("/") + "/")["Location"] == "/"
    assert client.get(f"{prefix}/evil.example/")["Location"] == "/evil.example/"
    assert client.get(f"{prefix}%5Cevil.example/")["Location"] == "/evil.example/"


def test_untranslated_pages_switch_to_the_other_home(client, column, english_site):
    NewsPageFactory(parent=column, slug="only-chinese")

    html = client.get("/releases/only-chinese/").content.decode()

    assert 'href="/en/" hreflang="en"' in html
    assert 'hreflang="en" href=' not in html  # no alternate for a missing translation


def test_dates_follow_the_language(client, column, english_site, english):
    article = NewsPageFactory(parent=column, slug="dated", publish_time=WHEN)
    translated(article, english, title="Dated article")

    assert "2020年7月30日 14:57" in client.get("/releases/dated/").content.decode()
    assert "30 July 2020, 14:57" in client.get("/en/releases/dated/").content.decode()


def test_interface_strings_are_translated(client, english_site):
    html = client.get("/en/").content.decode()
    assert "Search" in html and "站内搜索" not in html


def test_search_stays_in_the_readers_language(client, column, english_site, english):
    article = NewsPageFactory(parent=column, slug="g20", title="G20 代表联络站")
    translated(article, english, title="G20 liaison station")

    chinese = client.get("/search/", {"q": "G20"}).content.decode()
    english_results = client.get("/en/search/", {"q": "G20"}).content.decode()
    both = client.get("/search/", {"q": "G20", "lang": "all"}).content.decode()

    assert "G20 代表联络站" in chinese and "G20 liaison station" not in chinese
    assert "G20 liaison station" in english_results and "G20 代表联络站" not in english_results
    assert "G20 liaison station" in both and "G20 代表联络站" in both


def test_english_search_finds_any_form_of_a_word(client, column, english_site, english):
    from wagtail.rich_text import RichText

    article = NewsPageFactory(parent=column, slug="visit", title="代表走访联络站")
    translated(
        article,
        english,
        title="Deputies visited the liaison stations",
        body=[("paragraph", RichText("<p>Representatives listened to the voters.</p>"))],
    )
    for query in ("visit", "visiting", "station", "deputy", "representative listens"):
        html = client.get("/en/search/", {"q": query}).content.decode()
        assert "Deputies visited the liaison stations" in html, query
    html = client.get("/en/search/", {"q": "representative"}).content.decode()
    assert "<mark>Representatives</mark> listened" in html
    assert "Deputies visited" not in client.get("/en/search/", {"q": "visitor"}).content.decode()


def test_site_texts_are_translated_with_wagtail_localize(client, site_settings, english_site):
    english = english_site[0].locale
    texts = site_settings.texts
    translate_object(texts, [english])
    translation = texts.get_translation(english)
    assert translation.sponsor == "浙江省人大常委会"  # untranslated: the Chinese text until done
    translation.sponsor = "Standing Committee of the Zhejiang Provincial People's Congress"
    translation.site_name = "Zhejiang People's Congress"
    translation.save()

    english_html = client.get("/en/").content.decode()
    chinese_html = client.get("/").content.decode()
    assert "Standing Committee of the Zhejiang Provincial People&#x27;s Congress" in english_html
    assert "<title>Zhejiang People&#x27;s Congress" in english_html
    assert "浙江省人大常委会主办" in chinese_html and "Standing Committee" not in chinese_html


def test_representatives_are_translatable_snippets(english):
    from tests.factories import RepresentativeFactory

    rep = RepresentativeFactory(name="张代表", occupation="教师")

    translate_object(rep, [english])

    copy = rep.get_translation(english)
    assert copy.locale == english and copy.translation_key == rep.translation_key
    assert copy.name == "张代表"  # untranslated text falls back to the source until translated


def test_po_download_and_upload_translate_a_page(client, column, english):
    import polib
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(admin)
    article = publish(NewsPageFactory(parent=column, title="代表联络站全面升级"))
    translate_object(column, [english])
    translate_object(article, [english])
    translation = Translation.objects.get(
        source__object_id=article.translation_key, target_locale=english
    )

    response = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    entry = next(e for e in po if e.msgid == "代表联络站全面升级")
    entry.msgstr = "Liaison stations upgraded"
    upload = SimpleUploadedFile("article-en.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302

    translation.save_target(publish=False)
    target = article.get_translation(english)
    assert target.get_latest_revision_as_object().title == "Liaison stations upgraded"
    assert not target.live  # still goes through 审核发布 before it is public
