"""网上联络站 in a real browser at 375 px: the form page, a station's form (sent with the
challenge solved by the page's script), the receipt, the lookup; axe finds no serious or
critical violation and nothing scrolls sideways, in 关怀版 too."""

import pytest
from wagtail.models import Locale

from liaison.models import Message, Status
from stations.models import StationPage
from tests.browser.conftest import PHONE
from tests.browser.test_page_types import (
    BLOCKING_IMPACTS,
    axe_violations,
    describe,
    horizontal_overflow,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def check(page, axe_source, name, screenshot_dir):
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{name}: {describe(blocking)}"
    assert horizontal_overflow(page) <= 0, name
    page.screenshot(path=screenshot_dir / f"liaison-{name}-375.png", full_page=True)


def test_sending_and_looking_up_at_375px(demo_server, open_page, axe_source, screenshot_dir,
                                        settings):  # fmt: skip
    settings.PARTICIPATION_CHALLENGE = True
    settings.PARTICIPATION_CHALLENGE_MAX_NUMBER = 5000
    station = StationPage.objects.live().get(slug="sanjie", locale=Locale.get_default())
    page = open_page(viewport=PHONE)
    page.goto(demo_server + "/liaison/")
    check(page, axe_source, "general", screenshot_dir)
    page.goto(demo_server + station.url)
    check(page, axe_source, "station", screenshot_dir)
    # Errors next to the fields, everything typed kept (and the page still accessible).
    page.fill("#id_subject", "路口红绿灯时间太短")
    page.fill("#id_text", "绿灯时间太短，老人过马路来不及。")
    page.fill("#id_contact_mobile", "12345")
    page.check("#id_consent")
    with page.expect_navigation():  # after the page's script has solved the challenge
        page.click("button.public-form__submit")
    assert "手机号码格式不正确" in page.content()
    assert page.input_value("#id_text") == "绿灯时间太短，老人过马路来不及。"
    check(page, axe_source, "errors", screenshot_dir)
    page.check("#id_category_0")
    page.fill("#id_contact_mobile", "138 0000 1234")
    page.check("#id_reply_public_0")
    with page.expect_navigation():
        page.click("button.public-form__submit")
    page.wait_for_selector(".liaison__code")
    check(page, axe_source, "sent", screenshot_dir)
    case = page.inner_text(".liaison__case")
    code = page.inner_text(".liaison__code")
    message = Message.objects.get(case_number=case)
    # The script solved the challenge: not held.
    assert message.status == Status.PENDING and message.station_id == station.pk
    page.goto(demo_server + "/liaison/lookup/")
    page.fill("#id_case_number", case)
    page.fill("#id_code", code)
    page.click("button.public-form__submit")
    page.wait_for_load_state("networkidle")
    assert "待受理" in page.content()
    check(page, axe_source, "lookup", screenshot_dir)


def test_without_javascript_and_in_care_mode(demo_server, open_page, axe_source, screenshot_dir,
                                             settings):  # fmt: skip
    settings.PARTICIPATION_CHALLENGE = True
    page = open_page(viewport=PHONE, javascript=False)
    page.goto(demo_server + "/preferences/?care=on&size=large&next=/liaison/")
    page.select_option("#id_station", index=1)
    page.check("#id_category_1")
    page.fill("#id_subject", "无脚本也能提交")
    page.fill("#id_text", "浏览器不运行脚本时，留言也要能提交。")
    page.fill("#id_contact_mobile", "13900001111")
    page.check("#id_reply_public_1")
    page.check("#id_consent")
    page.click("button.public-form__submit")
    page.wait_for_load_state("networkidle")
    assert "工作人员确认后受理" in page.content()
    message = Message.objects.get(subject="无脚本也能提交")
    assert message.status == Status.HELD and message.hold_reasons == ["challenge"]
    page.screenshot(path=screenshot_dir / "liaison-nojs-care-375.png", full_page=True)
    # 关怀版 with large text, checked by axe (which needs JavaScript).
    care = open_page(viewport=PHONE)
    care.goto(demo_server + "/preferences/?care=on&size=large&next=/liaison/")
    check(care, axe_source, "care", screenshot_dir)
