"""StreamField blocks shared by articles, station profiles and activity stories."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import expand_db_html

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text in ``<div class="rich-text">``, written here rather than by a template: a body
    has many paragraphs, and two template renderings each (the block's and Wagtail's rich-text
    wrapper) cost more than the text itself."""

    def render_basic(self, value, context=None):
        html = expand_db_html(value.source) if value is not None else ""
        return format_html('<div class="rich-text">{}</div>', mark_safe(html))  # noqa: S308 (Wagtail's rich-text HTML, as its own template writes it)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题")), ("h4", _("四级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("小标题")
        preview_value = {"text": "资源全面整合", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("图片")
        preview_value = {"caption": "代表联络站接待日现场"}


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("组图标题"), required=False, max_length=100)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("图片"), min_num=1)

    class Meta:
        icon = "image"
        template = "blocks/gallery_block.html"
        label = _("组图")
        preview_value = {"title": "联络站一览", "images": []}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("引文")
        preview_value = {
            "text": "门常开、人常在、活动常有。",
            "attribution": "嵊州市人大常委会",
        }


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(
        label=_("显示名称"), required=False, max_length=200, help_text=_("为空时显示文件标题。")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/attachment_block.html"
        label = _("附件下载")
        preview_value = {"title": "关于深化全市人大代表联络站建设工作的指导意见"}


class VideoBlock(blocks.StructBlock):
    """A video file hosted by the site (uploaded as a document), played by the browser itself."""

    video = DocumentChooserBlock(
        label=_("视频文件"), help_text=_("上传 MP4（H.264）或 WebM 文件。")
    )
    poster = ImageBlock(label=_("封面图"), required=False)
    caption = blocks.CharBlock(label=_("视频说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("视频")
        preview_value = {"caption": "代表联络站提升建设纪实"}


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("表格标题"), required=False, max_length=200)
    table = TableBlock(label=_("表格"), table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        label = _("表格")
        preview_value = {
            "caption": "联络站面积",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [["联络站", "面积（平方米）"], ["三界镇", "300"], ["甘霖镇", "60"]],
            },
        }


class BaseBodyBlock(blocks.StreamBlock):
    """The body of an article or story. Extend by subclassing."""

    paragraph = ParagraphBlock(
        label=_("段落"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        preview_value="<p>本网讯 为紧跟时代发展步伐，更好发挥代表联络站作用……</p>",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    table = TableWithCaptionBlock()
    attachment = AttachmentBlock()
    video = VideoBlock()
