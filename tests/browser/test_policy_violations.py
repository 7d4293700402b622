"""A real Chromium (the session's browser from conftest) loads the public pages under the Content
Security Policy: nothing is blocked."""

from tests.browser.pages import page_type_paths

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def public_paths() -> list[str]:
    """One page of each public type of the demo site (as the other browser tests see it, with a
    serialized rollback: a transactional test without one left content types that the next
    test's restore inserted again), and a search."""
    return [*page_type_paths().values(), "/search/?q=会议"]


def test_public_pages_load_without_policy_violations(demo_server, browser):
    # Not open_page: its contexts bypass the Content Security Policy, which is what is tested.
    page = browser.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    for path in public_paths():
        response = page.goto(demo_server + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], (path, violations)
    assert not [text for text in console if "Content Security Policy" in text], console
    page.close()


def test_an_injected_inline_script_is_blocked(demo_server, browser):
    """The check above can fail: an inline script on a public page is refused and reported."""
    page = browser.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    page.goto(demo_server + "/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
    page.close()
