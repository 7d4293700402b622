"""The header's search box suggests titles as the reader types, on every page, like the search
page's box: an ARIA combobox that works from the keyboard and fits a phone's screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_header_box_suggests_titles_from_the_keyboard(demo_server, open_page, viewport):
    page = open_page(viewport=viewport)
    page.goto(demo_server + "/")
    box = page.locator("#site-search-q")
    suggestions = page.locator("#site-search-q-suggestions")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.click()
    box.press_sequentially("联络")
    expect(suggestions).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(suggestions).to_have_attribute("role", "listbox")
    options = suggestions.get_by_role("option")
    expect(options.first).to_contain_text("联络")
    # The list stays on screen (a phone's 375 px included).
    area = suggestions.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= viewport["width"]

    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()

    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    expect(suggestions).to_be_visible()
    target = options.first.locator("a").get_attribute("href")
    box.press("Enter")  # opens the active suggestion instead of submitting the query
    page.wait_for_url(f"**{target}")


def test_header_box_still_submits_the_query(demo_server, open_page):
    page = open_page(viewport=PHONE)
    page.goto(demo_server + "/")
    box = page.locator("#site-search-q")
    box.fill("联络站")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.locator(".search__title")).to_be_visible()
