"""Real headless Chromium against a live test server with the demo content.

The tools come from the machine (Debian's chromium, a Java runtime) and from tests/browser/
node_modules (axe-core, vnu-jar; `make browser-deps`). Where one is missing the tests are skipped
with the reason — except in CI (CI=true), where a missing tool fails the run.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} — CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs the rest of the session in another context (greenlets), where
    # Django opens new database connections. Hand them the snapshot of the migrated database that
    # pytest-django took, so that each test's serialized rollback can restore it (root page,
    # locale) after the previous test's flush.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        # The event loop Playwright keeps on this thread makes Django refuse database calls from
        # it; they are plain synchronous calls between browser steps, so allow them.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_JS.exists(), f"axe-core not found at {AXE_JS} (make browser-deps)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "Java not found (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"vnu.jar not found at {VNU_JAR} (make browser-deps)")
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def media_root(settings, tmp_path):
    """Renditions of this test's images in a fresh folder (the database is flushed per test)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_content(db, media_root):
    """The whole demo site (`manage.py load_demo`), inside the test's transaction."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo_server(browser, live_server, media_root, django_db_serialized_rollback):
    """The live server's URL, serving the demo site (`manage.py load_demo`).

    Each test first restores the migrations' data (root page, locale) that the previous test's
    flush removed."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def open_page(browser, demo_server):
    """Opens pages in fresh contexts (no cookies) and closes them after the test, once the server
    has answered everything they asked for: the live server shares the test's database connection,
    which the test's teardown then flushes.

    axe is injected later, so the contexts bypass the Content Security Policy."""
    contexts = []

    def open_(*, viewport=PHONE, javascript=True):
        context = browser.new_context(
            viewport=viewport,
            java_script_enabled=javascript,
            bypass_csp=True,
            locale="zh-CN",
            reduced_motion="reduce",
        )
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()
