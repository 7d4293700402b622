"""Hostile editor input: what an editor types into rich text and StreamField blocks cannot put
script on the public page."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from wagtail.admin.rich_text import DraftailRichTextArea

from home.blocks import RICH_TEXT_FEATURES
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}{% debug %}",
    "</textarea><iframe src=//evil.example>",
]
TEXT = " ".join(PAYLOADS)


def draftail_html(contentstate: dict) -> str:
    """What the admin's rich text editor stores for a submitted editor state."""
    widget = DraftailRichTextArea(features=RICH_TEXT_FEATURES)
    return widget.value_from_datadict({"body": json.dumps(contentstate)}, {}, "body")


def hostile_contentstate() -> dict:
    return {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": TEXT,
                "inlineStyleRanges": [{"offset": 0, "length": 8, "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": 10, "key": 0}],
                "data": {"style": "color:red", "onclick": "alert(1)"},
            },
            {
                "key": "b2",
                "type": "unordered-list-item",
                "depth": 0,
                "text": TEXT,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 4, "key": 1}],
                "data": {},
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
            "1": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": 'https://example.gov.cn/" onmouseover="alert(1)'},
            },
        },
    }


class ActiveContent(HTMLParser):
    """Collects what a browser would execute: script elements, event handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "svg"):
            if not (tag == "script" and (attributes.get("type") == "application/ld+json")):
                if not (tag == "script" and attributes.get("src", "").startswith("/static/")):
                    self.found.append((tag, attrs))
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.found.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "poster") and value:
                if value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                    self.found.append((tag, name, value))


def assert_inert(html: str) -> None:
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == [], html
    assert "SECRET_KEY" not in html or "{{ settings.SECRET_KEY }}" in html


def test_rich_text_from_the_editor_cannot_carry_script():
    stored = draftail_html(hostile_contentstate())
    assert_inert(stored)
    assert "&lt;script&gt;" in stored  # the text is kept, as text


def test_hostile_blocks_render_inert_on_the_public_page(client, home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="要闻", slug="news")
    body = [
        {"type": "paragraph", "value": draftail_html(hostile_contentstate())},
        {"type": "heading", "value": {"text": TEXT, "level": "h2"}},
        {"type": "quote", "value": {"text": TEXT, "attribution": TEXT}},
        {
            "type": "table",
            "value": {
                "caption": TEXT,
                "table": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [[TEXT, TEXT], [TEXT, "<b>粗体</b>"]],
                },
            },
        },
    ]
    article = NewsPageFactory(
        parent=column, title=TEXT[:200], summary=TEXT, source=TEXT[:100], body=json.dumps(body)
    )
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)
    assert "&lt;script&gt;" in html
    # The API is data for other programs: plain text, with a type no browser runs.
    api = client.get(f"/api/v2/news/{article.pk}/")
    assert api.status_code == 200
    assert api["Content-Type"] == "application/json"
    assert api["X-Content-Type-Options"] == "nosniff"
    for block in api.json()["body"]:
        if block["type"] == "paragraph":
            assert_inert(block["value"])
    # Feed readers render the HTML inside each entry: it must be inert too.
    for url in ["/feeds/rss/", "/feeds/atom/"]:
        feed = client.get(url)
        assert feed.status_code == 200, url
        for element in ElementTree.fromstring(feed.content).iter():
            html_element = element.tag.rsplit("}", 1)[-1] in ("description", "content", "summary")
            if html_element and element.text:
                assert_inert(element.text)
