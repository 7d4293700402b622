"""Every public page type in a real browser: axe-core finds no serious or critical violation, a
phone-sized window (375 px) never scrolls sideways, and screenshots at 375 px and 1280 px, and at
375 px in 关怀版 with large text, are saved to var/artifacts/screenshots/ for people to look at.
All of axe's findings, whatever their impact, go to var/artifacts/axe-report.json."""

import json

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import page_type_paths

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_every_page_type_is_accessible_and_fits_a_phone(
    demo_server, open_page, axe_source, screenshot_dir
):
    paths = page_type_paths()
    problems = {}
    report = {}
    care = {"care": "on", "text_size": "large"}  # 关怀版 with the largest text
    for viewport, suffix, cookies in [
        (PHONE, "375", {}),
        (DESKTOP, "1280", {}),
        (PHONE, "375-care", care),
    ]:
        page = open_page(viewport=viewport)
        if cookies:
            page.context.add_cookies(
                [{"name": k, "value": v, "url": demo_server} for k, v in cookies.items()]
            )
        for name, path in paths.items():
            response = page.goto(demo_server + path, wait_until="load")
            expected = 404 if name == "not-found" else 200
            assert response.status == expected, (name, path, response.status)
            page.screenshot(path=screenshot_dir / f"{name}-{suffix}.png", full_page=True)
            overflow = horizontal_overflow(page)
            if overflow > 0:
                problems[f"{name} @ {suffix}px: scrolls sideways by"] = overflow
            violations = axe_violations(page, axe_source)
            report[f"{name}-{suffix}"] = [
                {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations
            ]
            blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
            if blocking:
                problems[f"{name} @ {suffix}px: axe"] = describe(blocking)
    (screenshot_dir.parent / "axe-report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert not problems, "\n".join(f"{key}: {value}" for key, value in problems.items())
