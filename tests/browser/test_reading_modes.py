"""What only a browser shows of two ways of reading: 关怀版 with large text on a laptop screen (the
news within the first screen, no picture stretched past its pixels) and the printout of an
article (the site's name and the permanent link on top)."""

from tests.browser.conftest import PHONE
from tests.browser.pages import page_type_paths

LAPTOP = {"width": 1366, "height": 768}

# Each shown <img> beside the pixel width of the file the browser chose for it (loaded again on
# its own: an <img> with a srcset reports the size its `sizes` asks for, not the file's).
RENDERED_AND_FILE_WIDTHS = """async () => {
  const shown = [...document.images].filter((img) => img.offsetWidth > 0 && img.currentSrc);
  return Promise.all(shown.map((img) => new Promise((resolve) => {
    const file = new Image();
    file.onload = () => resolve({src: img.currentSrc, rendered: img.getBoundingClientRect().width,
                                 file: file.naturalWidth});
    file.onerror = () => resolve({src: img.currentSrc, rendered: 0, file: 0});
    file.src = img.currentSrc;
  })));
}"""


def open_in_care_mode(open_page, demo_server, viewport):
    page = open_page(viewport=viewport)
    page.context.add_cookies(
        [
            {"name": "care", "value": "on", "url": demo_server},
            {"name": "text_size", "value": "large", "url": demo_server},
        ]
    )
    page.goto(demo_server + "/")
    page.wait_for_load_state("networkidle")
    return page


def test_care_mode_home_keeps_the_news_on_the_first_screen(demo_server, open_page, screenshot_dir):
    page = open_in_care_mode(open_page, demo_server, LAPTOP)
    assert page.locator("html").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") > 20

    first_news = page.locator(".news-sections .article-list__item").first
    top = first_news.evaluate("e => e.getBoundingClientRect().top")
    height = first_news.evaluate("e => e.getBoundingClientRect().height")
    assert top + height <= LAPTOP["height"], f"the first news item ends at {top + height}px"

    # Every picture, the lazy ones too, once scrolled into view.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    images = page.evaluate(RENDERED_AND_FILE_WIDTHS)
    assert any("demo-photo" in image["src"] for image in images), images
    for image in images:
        assert 0 < image["rendered"] <= image["file"], f"stretched past its pixels: {image}"
    page.screenshot(path=screenshot_dir / "care-home-1366.png", full_page=True)


def test_care_mode_home_on_a_phone_stretches_no_picture(demo_server, open_page, screenshot_dir):
    page = open_in_care_mode(open_page, demo_server, PHONE)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    for image in page.evaluate(RENDERED_AND_FILE_WIDTHS):
        assert 0 < image["rendered"] <= image["file"], f"stretched past its pixels: {image}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=screenshot_dir / "care-home-375.png", full_page=True)


def test_printed_article_starts_with_the_site_name_and_permanent_link(
    demo_server, open_page, screenshot_dir
):
    page = open_page(viewport={"width": 800, "height": 1100})
    page.goto(demo_server + page_type_paths()["article"])
    masthead = page.locator(".print-masthead")
    assert not masthead.is_visible()  # on screen the header names the site

    page.emulate_media(media="print")
    assert masthead.is_visible()
    assert masthead.locator(".print-masthead__site").inner_text() == "浙江人大"
    link = masthead.locator(".print-masthead__link").inner_text()
    assert "/a/" in link and link.startswith("永久链接：http")
    # On top: above the title, and the first thing printed (the header is not printed).
    masthead_box = masthead.bounding_box()
    title_box = page.locator(".article__title").bounding_box()
    assert masthead_box["y"] + masthead_box["height"] <= title_box["y"]
    assert masthead_box["y"] < 50
    page.screenshot(path=screenshot_dir / "article-print.png", full_page=True)
    page.pdf(path=screenshot_dir / "article-print.pdf")
