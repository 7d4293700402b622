"""What a process keeps in its own memory between requests: values of the shared cache under the
current site generation, page URLs and formatted dates. Each is keyed by everything its value
depends on, so none can be stale."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation
from wagtail.models import Page, Site

from home.cache.generation import bump_generation
from home.cache.memo import BoundedMemo, GenerationMemo
from home.cache.shared import kept, shared_key
from home.models import SiteSettings
from home.page_cache import prime_site
from home.templatetags.date_tags import local_date
from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish_translations


def test_bounded_memo_drops_the_least_recently_used():
    memo = BoundedMemo(size=2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # now the most recently used
    memo.put("c", 3)
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == (1, 3)


def test_process_memo_serves_only_the_current_generation():
    memo = GenerationMemo(size=10)
    memo.put("one", "key", "old")
    assert memo.get("one", "key") == "old"
    assert memo.get("two", "key") is None  # another generation never sees it
    memo.put("two", "other", "new")  # the first value of a new generation empties the memo
    assert memo.get("one", "key") is None
    assert memo.get("two", "other") == "new"


def test_shared_values_are_kept_in_the_process_until_the_generation_changes(home_page):
    built = []

    def build():
        built.append(1)
        return ["value"]

    assert kept(shared_key("probe"), build) == ["value"]
    caches["default"].clear()  # the process still has it
    assert kept(shared_key("probe"), build) == ["value"]
    assert len(built) == 1

    bump_generation()
    assert kept(shared_key("probe"), build) == ["value"]
    assert len(built) == 2


def test_a_shared_value_is_kept_only_under_a_key_that_carries_the_generation(home_page):
    """A key written by hand could outlive the generation (a stale menu after a publish): only
    the keys ``shared_key``/``site_key`` make are taken."""
    with pytest.raises(TypeError):
        kept("probe", list)
    assert kept(shared_key("probe", 1), list) == []


def test_each_request_gets_its_own_copy_of_the_kept_site_settings(rf, site_settings):
    first, second = rf.get("/"), rf.get("/")
    prime_site(first)
    prime_site(second)
    attr = SiteSettings.get_cache_attr_name()
    one, other = getattr(first, attr), getattr(second, attr)
    assert one is not other
    assert one._request is first and other._request is second
    assert one.site_name == other.site_name == site_settings.site_name


def test_a_change_of_site_settings_shows_on_the_next_page(client, site_settings):
    assert site_settings.site_name in client.get("/").content.decode()
    texts = site_settings.texts
    texts.site_name = "新的站名"
    texts.save()
    assert "新的站名" in client.get("/").content.decode()


@pytest.fixture
def pages(home_page, column):
    article = NewsPageFactory(parent=column, title="稿件", slug="gao-jian")
    home_en, column_en, article_en = publish_translations(home_page, column, article)
    return [
        page.specific
        for page in Page.objects.filter(
            pk__in=[home_page.pk, column.pk, article.pk, home_en.pk, column_en.pk, article_en.pk]
        )
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_kept_page_urls_are_wagtails(rf, pages, language):
    request = rf.get("/")
    with translation.override(language):
        for page in pages:
            kept = page.get_url_parts(request)
            assert kept == Page.get_url_parts(page, request), page
            assert page.get_url_parts(request) == kept  # the kept answer
    article_en = next(
        p for p in pages if isinstance(p, NewsPage) and p.locale.language_code == "en"
    )
    assert article_en.get_url(request).startswith("/en/")


def test_a_moved_article_has_its_new_url(rf, home_page, column):
    article = NewsPageFactory(parent=column, slug="moving")
    request = rf.get("/")
    assert article.get_url(request) == "/releases/moving/"
    other = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    article.move(other, pos="last-child")
    moved = NewsPage.objects.get(pk=article.pk)
    assert moved.get_url(request) == "/deputies/moving/"


def test_pages_of_two_sites_use_wagtails_choice(rf, home_page, column):
    Site.objects.create(hostname="other.example", port=80, root_page=home_page)
    article = NewsPageFactory(parent=column, slug="shared")
    request = rf.get("/")
    assert article.get_url_parts(request) == Page.get_url_parts(article, request)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_local_date_is_djangos_date_filter(language, zone):
    moments = [
        datetime(2020, 7, 30, 16, 30, tzinfo=ZoneInfo("UTC")),  # the next day in Shanghai
        timezone.now(),
        timezone.now() - timedelta(days=400),
        date(2024, 2, 29),
    ]
    formats = ["c", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "DATE_FORMAT", "Y-m-d", None]
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        for moment in moments:
            for fmt in formats if isinstance(moment, datetime) else ["Y-m-d", "DATE_FORMAT"]:
                expected = django_date(timezone.template_localtime(moment), fmt)
                assert local_date(moment, fmt) == expected
                assert local_date(moment, fmt) == expected  # the kept answer
    assert local_date(None, "c") == local_date("", "c") == ""


def test_the_article_page_shows_a_retitled_related_article(client, home_page, column):
    base = timezone.now() - timedelta(days=5)
    article = NewsPageFactory(parent=column, title="本文", slug="ben-wen", publish_time=base)
    related = NewsPageFactory(parent=column, title="旧标题", publish_time=base - timedelta(days=1))
    for page in (article, related):
        page.tags.add("代表联络站")
        page.save_revision().publish()
    assert "旧标题" in client.get("/releases/ben-wen/").content.decode()

    related = NewsPage.objects.get(pk=related.pk)
    related.title = "新标题"
    related.save_revision().publish()
    html = client.get("/releases/ben-wen/").content.decode()
    assert "新标题" in html and "旧标题" not in html


def test_a_machine_readable_date_has_no_fraction_of_a_second():
    """<time datetime> takes at most three digits of a fraction: a moment saved with microseconds
    (timezone.now()) is written to the second; local_date itself stays Django's date filter."""
    from datetime import UTC, datetime

    from home.templatetags.date_tags import local_date, machine_time

    moment = datetime(2026, 10, 28, 5, 58, 34, 999418, tzinfo=UTC)
    assert machine_time(moment) == "2026-10-28T13:58:34+08:00"
    assert local_date(moment, "c") == "2026-10-28T13:58:34.999418+08:00"
