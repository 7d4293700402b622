from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import converters  # noqa: F401  (registers <id:…>, used by the routes below)
from home.models import IntroMixin, SitePage
from home.slugs import AutoSlugPageForm
from home.validators import validate_phone
from search.index import ChineseSearchField, page_search_fields

from ..listings import (
    network_context,
    network_representatives,
    representative_context,
    station_context,
)
from ..reception import (
    ReceptionRuleError,
    describe_reception_rule,
    next_reception_date,
    validate_reception_rule,
)
from .activities import ActivityIndexPage, ActivityPage
from .fields import ChoiceListField
from .representatives import Representative


class StationLevel(models.TextChoices):
    CITY = "city", _("代表联络总站")
    TOWNSHIP = "township", _("乡镇（街道）代表联络站")
    ROOM = "room", _("村（社区）·企业代表联络室")


# Which level may sit under which: the "1+15+N" network.
ALLOWED_PARENT_LEVELS = {
    StationLevel.CITY: {None},
    StationLevel.TOWNSHIP: {None, StationLevel.CITY},
    StationLevel.ROOM: {StationLevel.TOWNSHIP},
}

# The roles editors usually write (职责): shown in the reader's language.
ROLE_LABELS = {
    "站长": _("站长"),
    "副站长": _("副站长"),
    "联络员": _("联络员"),
    "进站代表": pgettext_lazy("职责", "进站代表"),
    "召集人": _("召集人"),
    "主席团成员": _("主席团成员"),
}

FUNCTION_CHOICES = [
    ("display", _("展示")),
    ("reception", _("接待")),
    ("liaison", _("联络")),
    ("deliberation", _("议事")),
    ("study", _("学习")),
]
FACILITY_CHOICES = [
    ("computer", _("电脑")),
    ("tv", _("电视机")),
    ("projector", _("投影仪")),
    ("touchscreen", _("触摸屏")),
    ("audio", _("音响设备")),
    ("meeting_table", _("会议桌椅")),
    ("library", _("图书资料")),
]


class StationPageForm(AutoSlugPageForm):
    """Keeps the "1+15+N" hierarchy: a level may only sit under the levels it belongs to."""

    def clean(self):
        cleaned_data = super().clean()
        level = cleaned_data.get("level")
        parent = self.parent_page
        if level and parent is not None and not level_allowed_under(level, parent):
            self.add_error(
                "level",
                _("“%(level)s”不能设在“%(parent)s”之下。")
                % {"level": StationLevel(level).label, "parent": parent.title},
            )
        return cleaned_data


def level_allowed_under(level: str, parent: Page) -> bool:
    return getattr(parent.specific, "level", None) in ALLOWED_PARENT_LEVELS[StationLevel(level)]


class StationIndexPage(RoutablePageMixin, IntroMixin, SitePage):
    """The liaison-station network (代表联络站网络): overview, filterable list, map."""

    parent_page_types = ["home.HomePage", "news.NewsIndexPage"]
    subpage_types = ["stations.StationPage", "stations.ActivityIndexPage"]

    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = page_search_fields()

    class Meta:
        verbose_name = _("代表联络站网络")
        verbose_name_plural = _("代表联络站网络")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            network_context(
                network=self,
                params=request.GET,
                stations=StationPage,
                levels=StationLevel,
                activity_indexes=ActivityIndexPage,
            )
        )
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("representatives/")
    def representatives_route(self, request):
        return self.render(
            request,
            context_overrides={
                "representatives": network_representatives(
                    network=self, representatives=Representative
                )
            },
            template="stations/representative_index.html",
        )

    @path("representatives/<id:representative_id>/")
    def representative_route(self, request, representative_id):
        representative = get_object_or_404(Representative, pk=representative_id)
        return self.render(
            request,
            context_overrides=representative_context(
                network=self,
                representative=representative,
                roles=StationRepresentative,
                stations=StationPage,
                activities=ActivityPage,
            ),
            template="stations/representative_page.html",
        )


class StationPage(SitePage):
    """A liaison station or room (代表联络站 / 代表联络室). The page tree is the hierarchy."""

    level = models.CharField(_("层级"), max_length=20, choices=StationLevel.choices)
    township = models.CharField(
        _("所在乡镇（街道）"),
        max_length=50,
        blank=True,
        help_text=_("用于联络站列表筛选，如：甘霖镇"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("显示在联络站地图上；与经度一起填写。"),
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    floor_area = models.PositiveIntegerField(_("面积（平方米）"), null=True, blank=True)
    floor_area_is_minimum = models.BooleanField(
        _("面积为约数（以上）"), default=False, help_text=_("勾选后显示为“300 平方米以上”。")
    )
    premises = models.CharField(
        _("场所"),
        max_length=100,
        blank=True,
        help_text=_("例如：政府大院富余用房、党群服务中心、租用民房改造"),
    )
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    reception_rule = models.CharField(
        _("接待日规则"),
        max_length=100,
        blank=True,
        help_text=_(
            "例如：每月15日、每月第一个星期三、每周五；多条用顿号分隔。页面据此显示下次接待日。"
        ),
    )
    reception_note = models.CharField(
        _("接待安排"),
        max_length=300,
        blank=True,
        help_text=_("例如：每次由1名主席团成员和5名以上代表共同接待"),
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    functions = ChoiceListField(_("功能"), item_choices=FUNCTION_CHOICES)
    facilities = ChoiceListField(_("设施"), item_choices=FACILITY_CHOICES)
    other_facilities = models.CharField(_("其他设施"), max_length=200, blank=True)
    practices = RichTextField(
        _("特色做法"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        help_text=_("例如：羲之调解、一网四制"),
    )

    parent_page_types = ["stations.StationIndexPage", "stations.StationPage"]
    subpage_types = ["stations.StationPage"]
    base_form_class = StationPageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("level"), FieldPanel("township"), FieldPanel("address")],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("位置"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("floor_area"), FieldPanel("floor_area_is_minimum")]),
                FieldPanel("premises"),
                FieldPanel("functions"),
                FieldPanel("facilities"),
                FieldPanel("other_facilities"),
            ],
            heading=_("阵地与设施"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("reception_rule"),
                FieldPanel("reception_note"),
                FieldPanel("phone"),
            ],
            heading=_("开放与接待"),
        ),
        InlinePanel("photos", label=_("照片"), heading=_("照片")),
        InlinePanel("station_representatives", label=_("进站代表"), heading=_("进站代表")),
        FieldPanel("practices"),
    ]

    search_fields = page_search_fields() + [
        ChineseSearchField("township"),
        ChineseSearchField("address"),
        ChineseSearchField("premises"),
        ChineseSearchField("practices"),
        ChineseSearchField("function_labels"),
        ChineseSearchField("facility_labels"),
        index.FilterField("level"),
        index.FilterField("township"),
    ]

    api_fields = [
        APIField("level"),
        APIField("township"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("floor_area"),
        APIField("floor_area_is_minimum"),
        APIField("premises"),
        APIField("opening_hours"),
        APIField("reception_rule"),
        APIField("reception_note"),
        APIField("next_reception", serializer=serializers.DateField(read_only=True)),
        APIField("phone"),
        APIField("functions", serializer=serializers.ListField(source="function_labels")),
        APIField("facilities", serializer=serializers.ListField(source="facility_labels")),
        APIField("other_facilities"),
        APIField("practices"),
    ]

    class Meta:
        verbose_name = _("代表联络站")
        verbose_name_plural = _("代表联络站")

    def clean(self):
        super().clean()
        errors = {}
        if self.reception_rule:
            try:
                validate_reception_rule(self.reception_rule)
            except ReceptionRuleError as error:
                errors["reception_rule"] = _(
                    "无法识别“%(clause)s”。可写：每月15日、每月第一个星期三、每月最后一个星期五、每周五。"
                ) % {"clause": error}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("经度和纬度需同时填写。")
        if errors:
            raise ValidationError(errors)

    @property
    def function_labels(self) -> list[str]:
        return self._meta.get_field("functions").labels(self.functions)

    @property
    def facility_labels(self) -> list[str]:
        return self._meta.get_field("facilities").labels(self.facilities)

    @property
    def reception_rule_text(self) -> str:
        """The reception days in the reader's language (每月15日 → day 15 of every month)."""
        return describe_reception_rule(self.reception_rule)

    @cached_property
    def next_reception(self):
        if not self.reception_rule:
            return None
        return next_reception_date(self.reception_rule, today=timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            station_context(
                station=self,
                url=self.get_full_url(request),
                networks=StationIndexPage,
                roles=StationRepresentative,
                representatives=Representative,
                activities=ActivityPage,
            )
        )
        return context


class StationPhoto(Orderable):
    page = ParentalKey(StationPage, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("替代文字"), max_length=200, help_text=_("为看不到图片的读者描述图片内容（必填）。")
    )
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("照片")
        verbose_name_plural = _("照片")


class StationRepresentative(Orderable):
    page = ParentalKey(
        StationPage, related_name="station_representatives", on_delete=models.CASCADE
    )
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("代表"),
        on_delete=models.CASCADE,
        related_name="station_roles",
    )
    role = models.CharField(
        _("职责"), max_length=50, blank=True, help_text=_("例如：站长、进站代表、联络员")
    )

    panels = [FieldPanel("representative"), FieldPanel("role")]

    @property
    def role_label(self) -> str:
        """The usual roles in the reader's language; any other role as the editor wrote it."""
        label = ROLE_LABELS.get(self.role.strip())
        return str(label) if label is not None else self.role

    class Meta(Orderable.Meta):
        verbose_name = _("进站代表")
        verbose_name_plural = _("进站代表")
