from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import IntroMixin, SitePage
from home.visibility import publicly_visible
from search.index import ChineseSearchField, page_search_fields

from ..blocks import ActivityBodyBlock
from ..listings import activity_listing_context
from .representatives import Representative


class ActivityIndexPage(IntroMixin, SitePage):
    """The activities of the network (活动动态), newest first."""

    parent_page_types = ["stations.StationIndexPage"]
    subpage_types = ["stations.ActivityPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = page_search_fields()

    class Meta:
        verbose_name = _("活动动态")
        verbose_name_plural = _("活动动态")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            activity_listing_context(
                index=self, request=request, activities=ActivityPage, types=ActivityType
            )
        )
        return context


class ActivityType(models.TextChoices):
    RECEPTION_DAY = "reception_day", _("代表接待日")
    FACE_TO_FACE = "face_to_face", _("面对面议政")
    INSPECTION = "inspection", _("实地督查")
    SURVEY = "survey", _("调研视察")
    TRAINING = "training", _("学习培训")
    OTHER = "other", _("其他")


class ActivityPage(SitePage):
    """An activity held at one or more stations (联络站活动)."""

    start_date = models.DateField(
        _("活动日期"), null=True, blank=True, help_text=_("不清楚具体日期时可留空。")
    )
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("多日活动填写。"))
    activity_type = models.CharField(
        _("活动类型"), max_length=20, choices=ActivityType.choices, default=ActivityType.OTHER
    )
    stations = ParentalManyToManyField(
        "stations.StationPage", verbose_name=_("联络站"), related_name="activities", blank=True
    )
    representatives = ParentalManyToManyField(
        Representative, verbose_name=_("参加代表"), related_name="activities", blank=True
    )
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = StreamField(ActivityBodyBlock(), verbose_name=_("正文"), blank=True)

    parent_page_types = ["stations.ActivityIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("activity_type"),
                FieldPanel("stations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("representatives", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("活动信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("follow_ups", label=_("问题办理"), heading=_("群众反映问题的办理情况")),
    ]

    search_fields = page_search_fields() + [
        ChineseSearchField("summary"),
        ChineseSearchField("body"),
        ChineseSearchField("station_names"),
        index.RelatedFields("representatives", [ChineseSearchField("name")]),
        index.FilterField("activity_type"),
        index.FilterField("start_date"),
    ]

    api_fields = [
        APIField("start_date"),
        APIField("end_date"),
        APIField("activity_type"),
        APIField("stations", serializer=serializers.ListField(source="station_summaries")),
        APIField(
            "representatives", serializer=serializers.ListField(source="representative_names")
        ),
        APIField("summary"),
        APIField("body"),
        APIField("follow_ups", serializer=serializers.ListField(source="follow_up_data")),
    ]

    class Meta:
        verbose_name = _("联络站活动")
        verbose_name_plural = _("联络站活动")

    @property
    def station_names(self) -> list[str]:
        """The stations' names, for the search index (not under ``title``, which is boosted)."""
        return [station.title for station in self.stations.all()]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于活动日期。")})

    @cached_property
    def lead_summary(self) -> str:
        """The summary to show above the body, empty when the body opens with the same words
        (editors often paste the first paragraph as the summary; readers would read it twice)."""
        summary = "".join(self.summary.split())
        if not summary:
            return ""
        for block in self.body:
            if block.block_type == "paragraph":
                opening = "".join(strip_tags(block.value.source).split())
                return "" if opening.startswith(summary) else self.summary
        return self.summary

    @property
    def station_summaries(self) -> list[dict]:
        return [
            {"id": station.pk, "title": station.title, "url": station.url}
            for station in publicly_visible(self.stations.all()).order_by("path")
        ]

    @property
    def representative_names(self) -> list[str]:
        return [representative.name for representative in self.representatives.all()]

    @property
    def follow_up_data(self) -> list[dict]:
        return [
            {"issue": item.issue, "status": item.get_status_display(), "reply": item.reply}
            for item in self.follow_ups.all()
        ]

    def pages_showing_this(self) -> list[Page]:
        """Beyond the activity listing: the stations whose pages list their latest activities
        (for purging a cache in front, home.cache)."""
        return list(self.stations.live())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["activity_stations"] = list(publicly_visible(self.stations.all()).order_by("path"))
        context["activity_representatives"] = list(self.representatives.all())
        context["follow_ups"] = list(self.follow_ups.all())
        return context


class FollowUpStatus(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已办结")


class ActivityFollowUp(Orderable):
    """An issue raised at an activity and how it is being handled."""

    page = ParentalKey(ActivityPage, related_name="follow_ups", on_delete=models.CASCADE)
    issue = models.CharField(_("反映的问题"), max_length=300)
    status = models.CharField(
        _("办理状态"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.ACCEPTED,
    )
    reply = models.TextField(_("答复"), blank=True)

    panels = [FieldPanel("issue"), FieldPanel("status"), FieldPanel("reply")]

    class Meta(Orderable.Meta):
        verbose_name = _("问题办理")
        verbose_name_plural = _("问题办理")
