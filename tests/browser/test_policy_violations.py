"""A real Chromium (the session's browser from conftest) loads the public pages under the Content
Security Policy: nothing is blocked."""

import pytest

from stations.models import StationLevel
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StationIndexPageFactory,
    StationPageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def pages(wagtail_roots, home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="要闻", slug="news")
    article = NewsPageFactory(parent=column, title="常委会会议闭幕")
    network = StationIndexPageFactory(parent=home_page, slug="stations")
    city = StationPageFactory(parent=network, level=StationLevel.CITY, slug="city")
    station = StationPageFactory(parent=city, slug="ganlin", reception_rule="每月15日")
    return ["/", article.url, station.url, "/search/?q=会议", network.url]


def test_public_pages_load_without_policy_violations(live_server, pages, browser):
    page = browser.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], (path, violations)
    assert not [text for text in console if "Content Security Policy" in text], console


def test_an_injected_inline_script_is_blocked(live_server, pages, browser):
    """The check above can fail: an inline script on a public page is refused and reported."""
    page = browser.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
