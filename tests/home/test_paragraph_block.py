"""A body's paragraphs are written by the block itself (no template): the same HTML as Wagtail's
rich-text rendering, internal links resolved."""

from django.template import engines
from wagtail.rich_text import RichText

from home.blocks import BaseBodyBlock
from tests.factories import NewsIndexPageFactory


def test_a_paragraph_is_wagtails_rich_text_in_a_div(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    source = f'<p>见<a linktype="page" id="{column.pk}">重要发布</a>，<b>加粗</b> &amp; 更多</p>'
    body = BaseBodyBlock().to_python([{"type": "paragraph", "value": source}])

    loop = "{% for block in body %}{% include_block block %}{% endfor %}"
    html = (
        engines["django"].from_string("{% load wagtailcore_tags %}" + loop).render({"body": body})
    )

    expected = (
        engines["django"]
        .from_string('{% load wagtailcore_tags %}<div class="rich-text">{{ value|richtext }}</div>')
        .render({"value": RichText(source)})
    )
    assert html == expected
    assert '<a href="/releases/">重要发布</a>' in html and "linktype" not in html
