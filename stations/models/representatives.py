from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from search.index import ChineseAutocompleteField, ChineseSearchField


class CongressLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡镇")


# “县人大代表” as one phrase per level: word order differs between languages (County People's
# Congress deputy), so the level's label and 人大代表 are not glued together.
CONGRESS_TITLES = {
    CongressLevel.NATIONAL: _("全国人大代表"),
    CongressLevel.PROVINCIAL: _("省人大代表"),
    CongressLevel.CITY: _("市人大代表"),
    CongressLevel.COUNTY: _("县人大代表"),
    CongressLevel.TOWNSHIP: _("乡镇人大代表"),
}


@register_snippet
class Representative(TranslatableMixin, index.Indexed, models.Model):
    """A people's congress representative (人大代表); translated with wagtail-localize."""

    name = models.CharField(_("姓名"), max_length=50)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    congress_level = models.CharField(
        _("代表层级"), max_length=20, choices=CongressLevel.choices, default=CongressLevel.COUNTY
    )
    constituency = models.CharField(
        _("选区或代表团"), max_length=100, blank=True, help_text=_("例如：三界镇选区")
    )
    occupation = models.CharField(_("职业或职务"), max_length=100, blank=True)
    bio = models.TextField(_("简介"), blank=True, max_length=1000)

    panels = [
        FieldPanel("name"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("congress_level"), FieldPanel("constituency")]),
        FieldPanel("occupation"),
        FieldPanel("bio"),
    ]
    search_fields = [
        ChineseSearchField("name"),
        ChineseAutocompleteField("name"),
        ChineseSearchField("constituency"),
        ChineseSearchField("occupation"),
        ChineseSearchField("bio"),
    ]

    api_fields = [
        APIField("name"),
        APIField("congress_level"),
        APIField("constituency"),
        APIField("occupation"),
        APIField("bio"),
        APIField("photo", serializer=ImageRenditionField("fill-300x400|format-jpeg")),
        APIField("stations", serializer=serializers.ListField(source="station_summaries")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.congress_title}）"

    @property
    def congress_title(self) -> str:
        """县人大代表, in the reader's language."""
        return str(CONGRESS_TITLES.get(self.congress_level, self.get_congress_level_display()))

    @property
    def station_summaries(self) -> list[dict]:
        roles = self.station_roles.filter(page__live=True).select_related("page")
        return [{"id": r.page_id, "title": r.page.title, "role": r.role} for r in roles]
