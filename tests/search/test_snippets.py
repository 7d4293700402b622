"""Result snippets: where the marks fall, and which of a page's texts the extract comes from."""

import pytest
import wagtail_factories
from wagtail.rich_text import RichText

from news.models import NewsPage
from search.snippets import _block_texts, _spans, _texts, highlight, result_snippet
from tests.factories import NewsPageFactory


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


@pytest.mark.django_db
def test_a_body_gives_the_text_wagtail_indexes_without_a_query(
    home_page, django_assert_num_queries
):
    image, document = wagtail_factories.ImageFactory(), wagtail_factories.DocumentFactory()
    picture = {"image": image, "alt_text": "联络站外景"}
    page = NewsPageFactory(
        parent=home_page,
        body=[
            ("heading", {"text": "一、基本情况", "level": "h2"}),
            ("paragraph", RichText("<p>代表<b>联络站</b>&amp;活动室</p><p>第二段<br/>换行</p>")),
            ("image", {"image": picture, "caption": "接待日"}),
            ("gallery", {"title": "组图", "images": [{"image": picture, "caption": "议事"}]}),
            ("quote", {"text": "有事好商量", "attribution": "村民"}),
            ("table", {"caption": "表一", "table": {"data": [["站点", "面积"], ["金庭", "200"]]}}),
            ("attachment", {"document": document, "title": "附件一"}),
        ],
    )
    body = NewsPage._meta.get_field("body")
    stored = NewsPage.objects.get(pk=page.pk)  # the body as stored, read back
    expected = " ".join(" ".join(body.get_searchable_content(stored.body)).split())
    page = NewsPage.objects.get(pk=page.pk)
    with django_assert_num_queries(0):
        texts = list(_texts(page))
    assert expected in texts
    assert "代表联络站&活动室 第二段 换行" in expected


def test_stored_blocks_of_unknown_type_or_shape_are_skipped():
    # Blocks removed from the code since a page was saved, or JSON edited by hand.
    stream = NewsPage._meta.get_field("body").stream_block
    raw = [{"type": "gone", "value": "旧块"}, "junk", {"type": "paragraph", "value": "<p>正文</p>"}]
    assert [text.strip() for text in _block_texts(stream, raw)] == ["正文"]
    assert list(_block_texts(stream, {"type": "paragraph"})) == []
