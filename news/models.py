from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.cache.shared import kept, site_key
from home.models import IntroMixin, SitePage
from home.page_cache import use_query_value
from home.pagination import page_or_404
from home.visibility import publicly_visible
from search.index import ChineseSearchField, page_search_fields

from .blocks import NewsBodyBlock
from .document_status import DocumentStatusField, DocumentStatusMixin, DocumentStatusPageForm
from .links import article_links, pages_linking_to, served_links
from .querysets import NewsPageManager, column_id_from_tree, parse_snapshot
from .routing import article_for_route
from .sharing import article_context

ARTICLES_PER_PAGE = 20
SUMMARY_LENGTH = 120


class NewsIndexPage(IntroMixin, SitePage):
    """A column (栏目) of the site, such as 重要发布 or 市县人大 › 绍兴市. Columns nest."""

    parent_page_types = ["home.HomePage", "news.NewsIndexPage"]
    subpage_types = [
        "news.NewsIndexPage",
        "news.NewsPage",
        "stations.StationIndexPage",
        "consultations.ConsultationIndexPage",
    ]

    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = page_search_fields()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    @staticmethod
    def routed_child(*, parent: Page, slug: str, url_path: str):
        """Most children are articles: routing looks for one first (``HomePage.route``)."""
        return article_for_route(NewsPage, parent=parent, slug=slug, url_path=url_path)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The column's pages link each other with ``asof``, the moment the listing is frozen at.
        # What the public sees changes only with a new site generation, so one moment per
        # generation (the first view's) serves every reader: that ``asof`` is kept by the page
        # cache; other values are shown but not kept (no cache entry per made-up moment).
        current = kept(
            site_key(request, "column-asof", self.pk), lambda: int(timezone.now().timestamp())
        )
        asof = request.GET.get("asof")
        if asof == str(current):
            use_query_value(request, "asof")
        snapshot = parse_snapshot(asof)
        articles = NewsPage.objects.visible().in_column(self, snapshot=snapshot)
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        # Counting a big column costs more than listing a page of it: the count is kept per site
        # generation (any publication retires it), for the current listing only (the current
        # ``asof`` shows the same articles); an older or made-up moment is counted each time.
        if asof is None or asof == str(current):
            paginator.count = kept(site_key(request, "column-count", self.pk), articles.count)
        else:
            paginator.count = articles.count()
        # Sub-columns and other sections filed here (such as a liaison-station network): a few
        # pages, but finding them reads the column's whole subtree, so they are kept per site
        # generation too.
        context["subcolumns"] = kept(
            site_key(request, "subcolumns", self.pk),
            lambda: list(publicly_visible(self.get_children()).not_type(NewsPage)),
        )
        context["articles"] = page_or_404(paginator, request)
        context["pagination_query"] = f"asof={int(snapshot.timestamp()) if asof else current}"
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(DocumentStatusMixin, SitePage):
    """A news article (新闻稿件)."""

    kicker = models.CharField(
        _("引题"), max_length=200, blank=True, help_text=_("显示在标题上方的一行。")
    )
    subtitle = models.CharField(
        _("副题"), max_length=200, blank=True, help_text=_("显示在标题下方的一行。")
    )
    summary = models.TextField(
        _("摘要"),
        blank=True,
        max_length=500,
        help_text=_("用于栏目列表、订阅和搜索结果；为空时自动取正文开头。"),
    )
    publish_time = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("文章上显示的发布时间；为空时取首次发布的时间。"),
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)
    responsible_editor = models.CharField(_("责任编辑"), max_length=100, blank=True)
    feature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("题图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("显示在文章顶部、栏目列表和首页图片新闻中。"),
    )
    feature_image_caption = models.CharField(_("题图说明"), max_length=200, blank=True)
    is_photo_news = models.BooleanField(
        _("图片新闻"),
        default=False,
        help_text=_("勾选后（且有题图）显示在首页图片新闻轮播中。"),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("正文"), blank=True)
    tags = ClusterTaggableManager(
        through=NewsPageTag, blank=True, verbose_name=_("主题"), help_text=_("用逗号分隔多个主题。")
    )
    # The column (parent page) the article sits in, kept equal to the tree by ``save`` (a new
    # page, a copy, a translation, an alias) and by news.signals (a move): 上一篇/下一篇 are one
    # probe of the index below per direction (news.statements._neighbour_sql).
    column = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # the index below starts with it
    )
    legacy_id = models.CharField(
        _("旧站标识"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("由旧站导入时记录，用于重复导入时更新同一篇文章。"),
    )

    objects = NewsPageManager()

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        FieldPanel("kicker"),
        FieldPanel("title"),
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [
                FieldPanel("publish_time"),
                FieldPanel("source"),
                InlinePanel("authors", label=_("作者"), heading=_("作者")),
                FieldPanel("responsible_editor"),
            ],
            heading=_("发布信息"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("feature_image"),
                FieldPanel("feature_image_caption"),
                FieldPanel("is_photo_news"),
            ],
            heading=_("题图"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        *DocumentStatusMixin.document_status_panels,
    ]
    base_form_class = DocumentStatusPageForm

    search_fields = page_search_fields() + [
        ChineseSearchField("kicker"),
        ChineseSearchField("subtitle"),
        ChineseSearchField("summary"),
        ChineseSearchField("body"),
        ChineseSearchField("source"),
        index.RelatedFields("authors", [ChineseSearchField("name")]),
        index.RelatedFields("tags", [ChineseSearchField("name")]),
        index.FilterField("publish_time"),
        index.FilterField("is_photo_news"),
        ChineseSearchField("document_status_text"),
    ]

    api_fields = [
        APIField("kicker"),
        APIField("subtitle"),
        APIField("summary", serializer=serializers.CharField(source="summary_text")),
        APIField("publish_time"),
        APIField("source"),
        APIField("authors", serializer=serializers.ListField(source="author_names")),
        APIField("responsible_editor"),
        APIField("tags"),
        APIField("is_photo_news"),
        APIField(
            "feature_image",
            serializer=ImageRenditionField("width-800|format-jpeg"),
        ),
        APIField("feature_image_caption"),
        APIField("body"),
        APIField("document_status", serializer=DocumentStatusField()),
    ]

    # Set from the tree position of each copy (a copy, a translation, an alias), not copied.
    exclude_fields_in_copy = ["column"]

    class Meta:
        verbose_name = _("新闻稿件")
        verbose_name_plural = _("新闻稿件")
        indexes = [
            models.Index(
                fields=["column", "publish_time", "page_ptr"], name="news_article_column_time"
            )
        ]

    def full_clean(self, *args, exclude=None, **kwargs):
        # ``column`` comes from the tree, not from an editor: no query to validate it.
        super().full_clean(*args, exclude={*(exclude or ()), "column"}, **kwargs)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None and (self.pk is None or self.column_id is None):
            self.column_id = column_id_from_tree(article=self)
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision's content keeps the article where it is now (its column, like its path)."""
        page = super().with_content_json(content)
        page.column_id = self.column_id
        return page

    @classmethod
    def serve_queryset(cls):
        """How ``HomePage.route`` loads an article: with its feature image (its renditions come
        from Wagtail's rendition cache, keyed by the image's file)."""
        return cls.objects.select_related("feature_image")

    @property
    def display_time(self):
        """发布时间: the editor's value, else the time it first went live."""
        return self.publish_time or self.first_published_at or self.latest_revision_created_at

    @cached_property
    def summary_text(self) -> str:
        """The summary, or the opening of the body when the editor left it empty."""
        if self.summary:
            return self.summary
        for block in self.body:
            if block.block_type == "paragraph":
                text = " ".join(strip_tags(block.value.source).split())
                if text:
                    return Truncator(text).chars(SUMMARY_LENGTH)
        return ""

    @cached_property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        neighbours = None
        if getattr(request, "is_preview", False):
            # A preview's byline and topics are in memory, not yet in the database.
            context["topics"] = list(self.tags.all())
        else:
            # Read along by routing (news.statements.article_for_route), else in one statement.
            served = served_links(article=self)
            self.__dict__["author_names"], context["topics"] = served.authors, served.topics
            neighbours = (served.previous, served.next)
        context.update(article_context(article=self, request=request))
        context["authors"] = self.author_names
        links = article_links(
            article=self, tag_ids=[topic.pk for topic in context["topics"]], neighbours=neighbours
        )
        context["previous_article"], context["next_article"] = links.previous, links.next
        context["related_articles"] = links.related
        return context

    def pages_showing_this(self) -> list[Page]:
        """Beyond its columns and the home page: the articles whose 上一篇/下一篇 link to it
        (for purging a cache in front, home.cache)."""
        return pages_linking_to(article=self)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary_text

    def is_embargoed(self) -> bool:
        """Before its 发布时间 an article is not public: the embargo rule of ``PUBLIC_ARTICLES``
        (news.querysets: the ORM's ``visible()`` and the SQL of news.statements) for one loaded
        article."""
        return self.publish_time is not None and self.publish_time > timezone.now()

    def get_sitemap_urls(self, request=None):
        return [] if self.is_embargoed() else super().get_sitemap_urls(request)


class NewsPageAuthor(Orderable):
    """One author (作者) of an article: one person, in order of the byline."""

    page = ParentalKey(NewsPage, related_name="authors", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=50)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("作者")
        verbose_name_plural = _("作者")

    def __str__(self):
        return self.name
