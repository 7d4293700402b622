"""What readers do with the keyboard and the reading preferences, in a real browser: the main menu
and the photo carousel work from the keyboard, and 关怀版 and 字号 work (and persist) with
JavaScript switched off."""

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import page_type_paths

MAX_TABS = 40


def tab_to(page, locator, *, backwards=False) -> None:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus (fails after MAX_TABS presses)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never got the focus after {MAX_TABS} Tab presses")


def root_font_size(page) -> float:
    return float(page.locator("html").evaluate("e => getComputedStyle(e).fontSize")[:-2])


def test_main_menu_opens_and_closes_from_the_keyboard_on_a_phone(demo_server, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_server + "/")
    toggle = page.locator(".main-nav__toggle")
    column_link = page.locator(".main-nav__link", has_text="人大概览")
    expect(toggle).to_be_visible()
    expect(column_link).to_be_hidden()

    tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(column_link).to_be_visible()
    tab_to(page, column_link)
    page.keyboard.press("Escape")
    expect(column_link).to_be_hidden()
    expect(toggle).to_be_focused()

    page.keyboard.press("Space")
    tab_to(page, column_link)
    page.keyboard.press("Enter")
    page.wait_for_url("**/overview/")
    expect(page.locator("h1")).to_have_text("人大概览")


def test_main_menu_works_without_javascript(demo_server, open_page):
    phone = open_page(viewport=PHONE, javascript=False)
    phone.goto(demo_server + "/")
    column_link = phone.locator(".main-nav__link", has_text="人大概览")
    expect(column_link).to_be_hidden()
    tab_to(phone, phone.locator(".main-nav__toggle"))
    phone.keyboard.press("Enter")
    expect(column_link).to_be_visible()

    desktop = open_page(viewport=DESKTOP, javascript=False)
    desktop.goto(demo_server + "/")
    expect(desktop.locator(".main-nav__toggle")).to_be_hidden()
    column_link = desktop.locator(".main-nav__link", has_text="人大概览")
    expect(column_link).to_be_visible()
    tab_to(desktop, column_link)


def test_photo_carousel_works_from_the_keyboard(demo_server, open_page):
    page = open_page(viewport=DESKTOP)
    page.goto(demo_server + "/")
    viewport = page.locator(".carousel__viewport")
    dots = page.locator(".carousel__dot")
    expect(dots).to_have_count(3)
    expect(dots.nth(0)).to_have_attribute("aria-current", "true")

    tab_to(page, viewport)
    page.keyboard.press("ArrowRight")
    expect(dots.nth(1)).to_have_attribute("aria-current", "true")
    expect(dots.nth(0)).not_to_have_attribute("aria-current", "true")
    page.wait_for_function(
        "() => document.querySelector('.carousel__viewport').scrollLeft > 0", timeout=5000
    )

    tab_to(page, page.locator(".carousel__button--next"), backwards=True)
    page.keyboard.press("Enter")
    expect(dots.nth(2)).to_have_attribute("aria-current", "true")
    page.keyboard.press("Enter")  # past the last slide: back to the first
    expect(dots.nth(0)).to_have_attribute("aria-current", "true")

    tab_to(page, dots.nth(1))
    page.keyboard.press("Enter")
    expect(page.locator(".carousel__slide").nth(1).locator("a")).to_be_focused()


def test_care_mode_and_text_size_work_and_persist_without_javascript(demo_server, open_page):
    paths = page_type_paths()
    page = open_page(viewport=PHONE, javascript=False)
    page.goto(demo_server + paths["article"])
    enter = page.locator(".preferences__care--enter")
    leave = page.locator(".preferences__care--leave")
    standard_size = root_font_size(page)
    expect(leave).to_be_hidden()

    enter.click()
    page.wait_for_url(demo_server + paths["article"])
    assert root_font_size(page) == standard_size * 1.25
    expect(enter).to_be_hidden()
    expect(leave).to_be_visible()
    # Higher contrast: body text is pure black in 关怀版.
    assert page.locator("body").evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert {c["name"]: c["value"] for c in page.context.cookies()}["care"] == "on"

    # Without JavaScript the choice is a link: read the size once the new page has loaded (read
    # during the navigation it gave the old document's 16 px on a busy machine).
    page.locator(".preferences__size--large").click()
    expect(page.locator(".preferences__size--large .preferences__current")).to_be_attached()
    page.wait_for_load_state()
    large_care = root_font_size(page)
    assert large_care > standard_size * 1.25
    assert (
        page.locator(".preferences__size--large").evaluate(
            "e => getComputedStyle(e.querySelector('.preferences__current')).display"
        )
        != "none"
    )

    # Persisted: every page type keeps the choice, and still fits a phone.
    for name, path in paths.items():
        page.goto(demo_server + path)
        assert root_font_size(page) == large_care, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px in 关怀版"

    leave.click()
    expect(enter).to_be_visible()
    page.locator(".preferences__size--medium").click()
    expect(page.locator(".preferences__size--medium .preferences__current")).to_be_attached()
    page.wait_for_load_state()
    assert root_font_size(page) == standard_size
