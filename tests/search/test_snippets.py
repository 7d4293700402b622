"""Result snippets: where the marks fall, and which of a page's texts the extract comes from."""

import pytest
from wagtail.rich_text import RichText

from news.models import NewsPage
from search.snippets import _spans, highlight, result_snippet


def test_marks_fall_on_the_original_characters_after_text_that_folds_longer():
    # NFKC folds “…” into three characters and “½” into three: positions after them must still
    # point at the original characters.
    text = "代表说……½ 联络站"
    assert _spans(text, ["联络站"]) == [(text.index("联"), text.index("站") + 1)]
    assert highlight(text, ["联络站"]) == "代表说……½ <mark>联络站</mark>"


def test_a_match_inside_a_folded_character_marks_the_whole_character():
    assert highlight("一又½天", ["1⁄2"]) == "一又<mark>½</mark>天"
    assert highlight("Ａ聯絡站", ["联络站"]) == "Ａ<mark>聯絡站</mark>"


def test_every_occurrence_is_marked_once():
    assert highlight("站站站", ["站站"]) == "<mark>站站</mark>站"
    assert highlight("visiting visits", ["visit"]) == "<mark>visiting</mark> <mark>visits</mark>"


def _page(**fields):
    # A new page looks up its content type: hence the database marks below.
    defaults = {"title": "标题", "kicker": "", "subtitle": "", "summary": "", "source": ""}
    return NewsPage(**(defaults | fields))


@pytest.mark.django_db
def test_the_extract_comes_from_the_first_text_that_matches():
    page = _page(
        summary="摘要里没有这个词。",
        body=[("paragraph", RichText("<p>正文提到联络站。</p>"))],
    )
    assert result_snippet(page, ["联络站"]) == "正文提到<mark>联络站</mark>。"


@pytest.mark.django_db
def test_without_a_match_the_extract_is_the_opening_of_the_first_text():
    page = _page(summary="摘要。", body=[("paragraph", RichText("<p>正文。</p>"))])
    assert result_snippet(page, ["联络站"]) == "摘要。"
    assert result_snippet(_page(), ["联络站"]) == ""
