"""Take the editor guide's screenshots by walking one article from draft to live in a browser.

Run against the development site with the demo users (`make run` in another terminal):

    .venv/bin/python docs/screenshots.py --column-id ID [--base http://127.0.0.1:8000]

ID is the page id of 重要发布 (shown in its admin URL, /admin/pages/ID/).

It uses Debian's Chromium (/usr/bin/chromium) through Playwright, logs in as 编辑, 审核 and 签发,
and writes PNG files to docs/images/. It creates one article in 重要发布 each time it runs.
"""

import argparse
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

IMAGES = Path(__file__).parent / "images"
PASSWORD = "renda-demo-2026"
APPROVE = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--column-id", type=int, required=True, help="page id of 重要发布")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    IMAGES.mkdir(exist_ok=True)
    title = f"演示：代表联络站开展接待日活动（{time.strftime('%H%M%S')}）"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)

        def session(username):
            context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
            page = context.new_page()
            page.goto(f"{base}/admin/login/")
            return page, context

        def login(page, username):
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")

        def shot(page, name):
            page.screenshot(path=str(IMAGES / f"{name}.png"))
            print(f"docs/images/{name}.png")

        def click_action(page, selector):
            # Secondary actions sit in the footer's drop-down menu; click them as the menu would.
            with page.expect_navigation():
                page.eval_on_selector(selector, "el => el.click()")
            page.wait_for_load_state("networkidle")

        # 1. 编辑 writes a draft and submits it.
        editor, _ = session("editor")
        shot(editor, "01-login")
        login(editor, "editor")
        editor.goto(f"{base}/admin/pages/search/?q=重要发布")
        shot(editor, "02-editor-dashboard")
        editor.goto(f"{base}/admin/pages/add/news/newspage/{args.column_id}/")
        editor.fill("input[name=title]", title)
        editor.fill("input[name=source]", "研究室")
        editor.fill("textarea[name=summary]", "演示稿件：用于编辑手册截图。")
        editor.eval_on_selector("input[name=slug]", f"el => el.value = 'guide-{int(time.time())}'")
        shot(editor, "03-editor-new-article")
        click_action(editor, "button[name=action-submit]")
        shot(editor, "04-editor-submitted")
        edit_link = editor.locator(".messages a", has_text="编辑").first.get_attribute("href")
        page_id = re.search(r"/pages/(\d+)/edit", edit_link).group(1)

        # 2. 审核 sees the task on the dashboard, previews and approves.
        reviewer, _ = session("reviewer")
        login(reviewer, "reviewer")
        shot(reviewer, "05-reviewer-dashboard")
        reviewer.goto(f"{base}/admin/pages/{page_id}/edit/")
        shot(reviewer, "06-reviewer-edit")
        click_action(reviewer, APPROVE)
        shot(reviewer, "07-reviewer-approved")

        # 3. 签发 signs off: the article goes live.
        signer, _ = session("signer")
        login(signer, "signer")
        signer.goto(f"{base}/admin/pages/{page_id}/edit/")
        click_action(signer, APPROVE)
        shot(signer, "08-signer-published")
        signer.goto(f"{base}/admin/pages/{page_id}/history/")
        shot(signer, "09-history")
        signer.goto(f"{base}/admin/reports/scheduled/")
        shot(signer, "10-scheduled-report")

        public = browser.new_page(viewport={"width": 1280, "height": 860})
        public.goto(f"{base}/releases/")
        shot(public, "11-public-column")
        ok = title in public.content()
        browser.close()
    print("the article is live" if ok else "the article is NOT live", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
