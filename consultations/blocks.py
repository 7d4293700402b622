"""The structured text of a draft regulation: a flat stream of 章, 节 and 条 blocks.

Numbers are stored as numbers, not as text: the labels (第十二条) and the anchors are written
from them, so a translation keeps the same anchors (#第十二条) and only the text is translated.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .labels import article_anchor, article_display, heading_display


class Decision:
    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"
    CHOICES = [
        (ADOPTED, _("采纳")),
        (PARTLY, _("部分采纳")),
        (NOT_ADOPTED, _("未采纳")),
    ]


class HeadingStructValue(blocks.StructValue):
    def label(self):
        return heading_display(self.block.kind, self.get("number"))


class ChapterBlock(blocks.StructBlock):
    kind = "chapter"
    number = blocks.IntegerBlock(label=_("章号"), min_value=1)
    title = blocks.CharBlock(label=_("章名"), required=False, max_length=100)

    class Meta:
        icon = "title"
        template = "blocks/draft_heading_block.html"
        label = _("章")
        value_class = HeadingStructValue
        preview_value = {"number": 1, "title": "总则"}


class SectionBlock(ChapterBlock):
    kind = "section"

    class Meta:
        label = _("节")
        preview_value = {"number": 1, "title": "一般规定"}


class ArticleStructValue(blocks.StructValue):
    def anchor(self):
        return article_anchor(self.get("number"), self.get("sub"))

    def label(self):
        return article_display(self.get("number"), self.get("sub"))

    def decision_label(self):
        return dict(Decision.CHOICES).get(self.get("decision"), "")


class ArticleBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("条号"), min_value=1)
    sub = blocks.IntegerBlock(
        label=_("之几"),
        required=False,
        min_value=1,
        help_text=_("插入的条文，如“第十条之一”填 1；一般条文留空。"),
    )
    paragraphs = blocks.ListBlock(
        blocks.TextBlock(label=_("款")),
        label=_("款"),
        min_num=1,
        help_text=_("每款一项；款中的项（一）（二）……各占一行。"),
    )
    decision = blocks.ChoiceBlock(
        label=_("采纳情况"),
        choices=Decision.CHOICES,
        required=False,
        help_text=_("征求意见截止后填写，显示在意见采纳情况中。"),
    )
    reason = blocks.TextBlock(label=_("采纳情况说明"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/draft_article_block.html"
        label = _("条")
        value_class = ArticleStructValue
        form_classname = "struct-block draft-article-block"
        preview_value = {
            "number": 1,
            "paragraphs": ["为了规范示范工作，根据有关法律，结合本省实际，制定本条例。"],
        }


class DraftTextBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    section = SectionBlock()
    article = ArticleBlock()
