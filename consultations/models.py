"""征求意见: the drafts of local regulations open for public comment, and their listing."""

import time
from datetime import datetime
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.cache.shared import kept, shared_key
from home.models import (
    CachedViewRestrictionsMixin,
    IntroMixin,
    KeptUrlPartsMixin,
    SiteSettings,
    WorkflowPublishingMixin,
)
from home.services import publicly_visible
from home.slugs import AutoSlugMixin
from participation.models import ContactDetails
from search.index import ChineseSearchField, page_search_fields

from .blocks import DraftTextBlock
from .citation import draft_reference

SUMMARY_LENGTH = 120


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("已截止")
    REPORTED = "reported", _("已反馈")


class ConsultationIndexPage(
    WorkflowPublishingMixin,
    KeptUrlPartsMixin,
    CachedViewRestrictionsMixin,
    IntroMixin,
    AutoSlugMixin,
    Page,
):
    """征求意见: the drafts of a 地方立法 column, open ones first with the days remaining."""

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["consultations.DraftRegulationPage"]

    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = page_search_fields()

    class Meta:
        verbose_name = _("法规草案征求意见")
        verbose_name_plural = _("法规草案征求意见")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        drafts = list(
            publicly_visible(DraftRegulationPage.objects.child_of(self)).order_by("-closes_at")
        )
        statuses = {draft.pk: draft.status_at(now) for draft in drafts}
        for draft in drafts:
            draft.days_left = draft.days_left_at(now)
        order = [Status.OPEN, Status.UPCOMING, Status.CLOSED, Status.REPORTED]
        context["groups"] = [
            (status, [draft for draft in drafts if statuses[draft.pk] == status])
            for status in order
        ]
        context["has_drafts"] = bool(drafts)
        return context


class DraftRegulationPage(
    WorkflowPublishingMixin, KeptUrlPartsMixin, CachedViewRestrictionsMixin, AutoSlugMixin, Page
):
    """A draft local regulation open for public comment (征求意见稿), article by article."""

    explanation = RichTextField(
        _("起草说明"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("显示在草案正文之前。"),
    )
    explanation_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("起草说明附件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("如有 Word 或 PDF 版的起草说明，可在此附上。"),
    )
    text = StreamField(
        DraftTextBlock(),
        verbose_name=_("草案正文"),
        blank=True,
        help_text=_("按章、节、条编排；可在保存后用“导入正文”从 Word 文件或粘贴的文字生成。"),
    )
    opens_at = models.DateTimeField(_("征求意见开始时间"), help_text=_("北京时间。"))
    closes_at = models.DateTimeField(
        _("征求意见截止时间"),
        db_index=True,
        help_text=_("北京时间；到这一时刻为止提交的意见均可收到，此后提交的不再接收。"),
    )
    organiser = models.CharField(
        _("组织单位"), max_length=200, help_text=_("如：省人大常委会法制工作委员会。")
    )
    other_ways = RichTextField(
        _("其他提意见方式"),
        blank=True,
        features=["bold", "link"],
        help_text=_("信函地址、电子邮箱、传真等。"),
    )
    feedback_published_at = models.DateTimeField(
        _("意见采纳情况发布时间"),
        null=True,
        blank=True,
        help_text=_("填写后（且已截止）页面显示意见采纳情况，状态为“已反馈”。"),
    )
    feedback_summary = RichTextField(
        _("意见采纳情况说明"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("对收到意见的总体说明；各条的采纳情况在正文各条中填写。"),
    )

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    content_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("organiser")],
            heading=_("征求意见"),
        ),
        FieldPanel("explanation"),
        FieldPanel("explanation_document"),
        HelpPanel(
            template="consultations/admin/import_help_panel.html",
            heading=_("导入正文"),
        ),
        FieldPanel("text"),
        FieldPanel("other_ways"),
        MultiFieldPanel(
            [FieldPanel("feedback_published_at"), FieldPanel("feedback_summary")],
            heading=_("意见采纳情况"),
        ),
    ]

    search_fields = page_search_fields() + [
        ChineseSearchField("explanation"),
        ChineseSearchField("text"),
        ChineseSearchField("organiser"),
        index.FilterField("closes_at"),
    ]

    api_fields = [
        APIField("organiser"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status", serializer=serializers.CharField(source="current_status")),
        APIField("summary", serializer=serializers.CharField(source="summary_text")),
        APIField("feedback_published_at"),
        APIField("participants", serializer=serializers.IntegerField(source="participant_count")),
        APIField("comments", serializer=serializers.IntegerField(source="comment_count")),
    ]

    class Meta:
        verbose_name = _("法规草案征求意见稿")
        verbose_name_plural = _("法规草案征求意见稿")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间须晚于开始时间。")})

    def status_at(self, now: datetime) -> str:
        if now < self.opens_at:
            return Status.UPCOMING
        if now <= self.closes_at:
            return Status.OPEN
        if self.feedback_published_at and self.feedback_published_at <= now:
            return Status.REPORTED
        return Status.CLOSED

    @property
    def current_status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def current_status_label(self) -> str:
        return Status(self.current_status).label

    def closed_message(self, now: datetime) -> str:
        """Why the form is closed at ``now`` (opens on … / closed on …), or "" while open."""
        status = self.status_at(now)
        if status == Status.OPEN:
            return ""
        if status == Status.UPCOMING:
            moment = date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            return gettext("征求意见将于 %(moment)s 开始，届时可提交意见。") % {"moment": moment}
        moment = date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
        return gettext("征求意见已于 %(moment)s 截止，不再接收意见。") % {"moment": moment}

    def days_left_at(self, now: datetime) -> int:
        """Calendar days (Beijing time) until the deadline: 0 on its last day."""
        return (timezone.localdate(self.closes_at) - timezone.localdate(now)).days

    @cached_property
    def summary_text(self) -> str:
        if self.search_description:
            return self.search_description
        text = " ".join(strip_tags(self.explanation).split())
        return Truncator(text).chars(SUMMARY_LENGTH)

    def get_meta_description(self) -> str:
        return self.summary_text

    @cached_property
    def articles(self) -> list:
        """The 条 blocks' values, in order."""
        return [block.value for block in self.text if block.block_type == "article"]

    def article(self, anchor: str):
        """The 条 whose anchor (第十二条) is ``anchor``, or None."""
        return next((value for value in self.articles if value.anchor() == anchor), None)

    @cached_property
    def public_counts(self) -> dict:
        """Participants and comments, overall and per 条 (``articles``: anchor → counts)."""
        return Comment.objects.counts(draft_key=self.translation_key)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        status = self.status_at(now)
        counts = self.public_counts
        # A page previewed before its first save has no id (nor permanent link) yet.
        permalink = (
            request.build_absolute_uri(reverse("permalink", args=[self.pk])) if self.pk else ""
        )
        comment_url = reverse("consultations:comment", args=[self.pk]) if self.pk else ""
        feedback_url = (
            reverse("consultations:feedback", args=[self.pk])
            if self.pk and status == Status.REPORTED
            else ""
        )
        cite = partial(
            draft_reference,
            organiser=self.organiser,
            title=self.title,
            publisher=SiteSettings.for_request(request).site_name,
            # The draft's own date: the day it was put out for comment.
            published=timezone.localdate(self.opens_at),
            accessed=timezone.localdate(now),
            url=permalink,
        )
        empty = {"comments": 0, "participants": 0}
        items = []
        for block in self.text:
            tools = None
            if block.block_type == "article":
                anchor = block.value.anchor()
                tools = {
                    "counts": counts["articles"].get(anchor, empty),
                    "comment_url": (
                        f"{comment_url}?{urlencode({'article': anchor})}#comment-form"
                        if status == Status.OPEN
                        else ""
                    ),
                    "feedback_url": (
                        f"{feedback_url}#{anchor}"
                        if feedback_url and block.value.get("decision")
                        else ""
                    ),
                    "citation": cite(article=anchor),
                    "permalink": f"{permalink}#{anchor}",
                }
            items.append({"block": block, "tools": tools})
        context.update(
            status=status,
            status_label=Status(status).label,
            counts=counts,
            items=items,
            permalink=permalink,
            citation=cite(),
            comment_url=comment_url if status == Status.OPEN else "",
            feedback_url=feedback_url,
            closed_message=self.closed_message(now),
        )
        return context

    @property
    def participant_count(self) -> int:
        return self.public_counts["participants"]

    @property
    def comment_count(self) -> int:
        return self.public_counts["comments"]

    def serve(self, request, *args, **kwargs):
        # Counts and the comment form's CSRF token are per reader and live: never kept by the
        # page cache or a cache in front (the counts themselves are cached, consultations.counts).
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class CommentStatus(models.TextChoices):
    NEW = "new", _("待处理")
    HELD = "held", _("待复核")
    VALID = "valid", _("有效")
    DUPLICATE = "duplicate", _("重复")
    SPAM = "spam", _("垃圾信息")
    OFF_TOPIC = "off_topic", _("与草案无关")


# What the public counts: everything not set aside by moderation (held comments too: they came
# from a person and may well be valid; they were never published anyway).
COUNTED_STATUSES = [CommentStatus.NEW, CommentStatus.HELD, CommentStatus.VALID]
MODERATION_STATUSES = [
    CommentStatus.VALID,
    CommentStatus.DUPLICATE,
    CommentStatus.SPAM,
    CommentStatus.OFF_TOPIC,
]


def _counts_version_key(draft_key) -> str:
    return f"consultation-counts-version:{draft_key}"


class CommentQuerySet(models.QuerySet):
    def for_draft(self, draft_key):
        return self.filter(draft_key=draft_key)

    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)

    def counts(self, *, draft_key) -> dict:
        """The public counts of a draft (all its languages), in two aggregate queries, kept
        under the site generation and the draft's own counts version (replaced by every new
        comment and every moderation: ``forget_counts``), so a comment shows at once without
        retiring the site's page cache."""
        version_key = _counts_version_key(draft_key)
        version = caches["default"].get(version_key)
        if version is None:
            version = time.time_ns()
            caches["default"].add(version_key, version, None)
            version = caches["default"].get(version_key, version)
        key = shared_key("consultation-counts", draft_key, version)
        return kept(key, lambda: self._count(draft_key))

    def _count(self, draft_key) -> dict:
        counted = self.for_draft(draft_key).counted()
        rows = counted.values("article").annotate(
            comments=Count("id"), participants=Count("participant", distinct=True)
        )
        articles = {
            row["article"]: {"comments": row["comments"], "participants": row["participants"]}
            for row in rows
            if row["article"]
        }
        return {
            "comments": sum(row["comments"] for row in rows),
            "participants": counted.values("participant").distinct().count(),
            "articles": articles,
        }


def forget_counts(draft_key) -> None:
    """A comment was added or moderated: the draft's counts are recounted, now and again once
    the transaction commits (a reader in between may have counted without the new row)."""

    def replace():
        caches["default"].set(_counts_version_key(draft_key), time.time_ns(), None)

    replace()
    transaction.on_commit(replace)


class Comment(ContactDetails):
    """A comment on a draft (整体意见) or on one of its articles (对本条的意见). Never published."""

    draft = models.ForeignKey(
        DraftRegulationPage,
        verbose_name=_("法规草案"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # The draft's translation key: the Chinese and the English page count together.
    draft_key = models.UUIDField(editable=False)
    article = models.CharField(
        _("条文"),
        max_length=30,
        blank=True,
        help_text=_("如“第十二条”；为空时是对草案整体的意见。"),
    )
    text = models.TextField(_("意见内容"), max_length=2000)
    # Who took part, for the count of participants: a keyed hash of the mobile number (never the
    # number itself, which is erased after the retention period).
    participant = models.CharField(max_length=64, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("处理状态"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.NEW
    )
    hold_reasons = models.JSONField(_("待复核原因"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("草案意见")
        verbose_name_plural = _("草案意见")
        ordering = ["submitted_at", "pk"]
        permissions = [
            ("moderate_comment", _("处理法规草案意见")),
            ("view_contact", _("查看提意见人联系方式")),
        ]
        indexes = [
            models.Index(fields=["draft_key", "status", "article"], name="consult_comment_counts"),
            models.Index(fields=["draft", "article", "submitted_at"], name="consult_comment_list"),
        ]

    def __str__(self):
        article = self.article or gettext("整体意见")
        return f"{self.draft_id} {article} {self.submitted_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.draft_key is None and self.draft_id is not None:
            self.draft_key = self.draft.translation_key
        super().save(*args, **kwargs)

    @classmethod
    def erasable(cls, cutoff):
        """Comments on drafts whose consultation closed before ``cutoff``."""
        return cls.objects.filter(draft__closes_at__lt=cutoff, contact_erased_at__isnull=True)
