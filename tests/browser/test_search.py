"""The search page in a real browser at 375 px and 1366 px: with results and a 推荐, with 热门搜索,
with zero results, with a corrected typo, in Chinese, in English and in 关怀版 — axe finds no
serious or critical violation and nothing scrolls sideways on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from search.models import QueryDay
from stations.models import StationIndexPage
from tests.browser.conftest import PHONE
from tests.browser.test_page_types import (
    BLOCKING_IMPACTS,
    axe_violations,
    describe,
    horizontal_overflow,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
LAPTOP = {"width": 1366, "height": 900}
# (name, address, what the page must show)
VIEWS = [
    ("popular", "/search/", ".search-popular"),
    ("results", "/search/?q=联络站", ".search-promotions"),
    ("zero", "/search/?q=没有这个词", ".search-empty__lead"),
    # A homophone typo: the correction's results, with the way back to the query as typed.
    ("corrected", "/search/?q=联洛站", ".search-correction__link"),
    ("english", "/en/search/?q=station", ".search-promotions"),
]


@pytest.fixture
def steered(demo_server):
    """A promotion of the stations' index for 联络站 (and station), readers' searches logged."""
    stations = StationIndexPage.objects.get(locale=Locale.get_default())
    for query in ("联络站", "station"):
        SearchPromotion.objects.create(
            query=Query.get(query), page=stations, description="全市联络站的地址和接待时间"
        )
    today = timezone.localdate()
    for n, query in enumerate(["联络站", "代表", "人大常委会", "嵊州", "垃圾分类", "网上联络站"]):
        QueryDay.objects.create(date=today - timedelta(days=n), query=query, hits=20 - n)
    return demo_server


def check(page, axe_source, name):
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{name}: {describe(blocking)}"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375", "1366"])
def test_the_search_page_is_accessible_and_fits(
    steered, open_page, axe_source, screenshot_dir, viewport
):
    page = open_page(viewport=viewport)
    for name, path, shown in VIEWS:
        page.goto(steered + path)
        assert page.locator(shown).count() == 1, name
        check(page, axe_source, f"{name}-{viewport['width']}")
        assert horizontal_overflow(page) <= 0, name
        page.screenshot(
            path=screenshot_dir / f"search-{name}-{viewport['width']}.png", full_page=True
        )
    # The promoted index is shown once, above the results, not again among them.
    page.goto(steered + "/search/?q=联络站")
    promoted = page.locator(".search-promotions__link").inner_text()
    assert promoted == "嵊州市人大代表联络站"
    assert promoted not in page.locator(".search-results").inner_text()
    english = page.goto(steered + "/en/search/?q=station")
    assert english.ok
    assert (
        page.locator(".search-promotions__link").inner_text() == "Shengzhou Deputy Liaison Stations"
    )


def test_care_mode_at_375px(steered, open_page, axe_source, screenshot_dir):
    page = open_page(viewport=PHONE)
    page.goto(steered + "/preferences/?care=on&size=large&next=/search/%3Fq%3D联络站")
    assert page.locator(".search-promotions").count() == 1
    check(page, axe_source, "care")
    assert horizontal_overflow(page) <= 0
    page.screenshot(path=screenshot_dir / "search-care-375.png", full_page=True)
    page.goto(steered + "/search/")
    assert page.locator(".search-popular").count() == 1
    check(page, axe_source, "care-popular")
    assert horizontal_overflow(page) <= 0
    page.screenshot(path=screenshot_dir / "search-care-popular-375.png", full_page=True)
    page.goto(steered + "/search/?q=垃圾分累")
    assert "垃圾分类" in page.locator(".search-correction").inner_text()
    assert page.locator(".search-results__item").count() >= 1
    check(page, axe_source, "care-corrected")
    assert horizontal_overflow(page) <= 0
    page.screenshot(path=screenshot_dir / "search-care-corrected-375.png", full_page=True)


def test_the_search_report_reads_on_a_phone(steered, open_page, screenshot_dir, django_user_model):
    """报告 › 搜索统计 at 375 px: each row is a card, the query has the width of the row (it
    was squeezed to two characters a line beside four stacked buttons) and nothing scrolls
    sideways."""
    django_user_model.objects.create_superuser("reporter", "r@example.com", "report-pass-2026")
    page = open_page(viewport=PHONE)
    page.goto(steered + "/admin/login/")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", "report-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(steered + "/admin/reports/search-stats/")
    assert page.locator(".search-stats__query", has_text="人大常委会").count() >= 1
    assert horizontal_overflow(page) <= 0
    share = page.evaluate(
        """() => [...document.querySelectorAll('.search-stats__query')].map(
            cell => cell.getBoundingClientRect().width / cell.closest('table').clientWidth)"""
    )
    assert share and min(share) > 0.4, share
    page.screenshot(path=screenshot_dir / "search-report-375.png", full_page=True)
