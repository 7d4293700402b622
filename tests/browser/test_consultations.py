"""法规草案征求意见 in a real browser at 375 px: the listing, the open draft, a 条's comment form
(also with its errors), the closed draft and the feedback report have no serious or critical axe
violation and never scroll sideways; a reader comments on one 条 (the browser solves the
challenge) and sees the counts rise. Screenshots go to var/artifacts/consultations/."""

import re

from django.conf import settings
from wagtail.models import Locale

from consultations.models import Comment, CommentStatus, DraftRegulationPage
from tests.browser.conftest import PHONE
from tests.browser.test_page_types import BLOCKING_IMPACTS, axe_violations, describe

SHOTS = settings.BASE_DIR / "var" / "artifacts" / "consultations"


def check(page, name, axe_source, problems):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"browser-{name}-375.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems[f"{name}: scrolls sideways by"] = overflow
    blocking = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems[f"{name}: axe"] = describe(blocking)


def test_consultation_pages_on_a_phone(demo_server, open_page, axe_source):
    chinese = Locale.get_default()
    drafts = DraftRegulationPage.objects.live().filter(locale=chinese).order_by("closes_at")
    closed, current = drafts[0], drafts[1]
    page = open_page(viewport=PHONE)
    problems = {}
    page.goto(demo_server + current.get_parent().url)
    check(page, "listing", axe_source, problems)
    page.goto(demo_server + current.url)
    check(page, "open-draft", axe_source, problems)
    assert "0 人参与 · 0 条意见" in page.inner_text(".draft__facts")

    page.click("#第三条 .draft-article__comment")
    page.wait_for_selector("h1:has-text('对本条提意见')")
    page.click(".public-form__submit")  # empty: the errors next to their fields
    page.wait_for_selector(".public-form__error")
    check(page, "comment-errors", axe_source, problems)
    page.fill("textarea[name=text]", "建议写明基本原则的具体内容。")
    page.fill("input[name=contact_mobile]", "13812345678")
    page.check("input[name=consent]")
    page.click(".public-form__submit")
    page.wait_for_selector("h1:has-text('意见已收到')", timeout=60_000)
    check(page, "comment-sent", axe_source, problems)
    # The browser solved the challenge: the comment is not held.
    assert Comment.objects.get(draft=current).status == CommentStatus.NEW

    page.goto(demo_server + current.url)
    assert "1 人参与 · 1 条意见" in page.inner_text(".draft__facts")
    assert re.search(r"1 人参与\s*·\s*1 条意见", page.inner_text("#第三条"))

    page.goto(demo_server + closed.url)
    check(page, "closed-draft", axe_source, problems)
    assert "征求意见已于" in page.inner_text("#comment")
    page.click("text=查看意见采纳情况")
    page.wait_for_selector("h1:has-text('意见采纳情况')")
    check(page, "feedback", axe_source, problems)
    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())
