"""The search app's models, one section per concern (each with its own migration)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Query log ---


class QueryDay(models.Model):
    """How often a normalised query was searched on one day, and how often it found nothing.

    Nothing else is kept: no address, user, session or time of day (``search.querylog`` records
    it, leaves out whatever looks like personal data and removes days past 90)."""

    date = models.DateField(_("日期"))
    query = models.CharField(_("搜索词"), max_length=100)
    hits = models.PositiveIntegerField(_("搜索次数"), default=0)
    zero_hits = models.PositiveIntegerField(_("无结果次数"), default=0)

    class Meta:
        verbose_name = _("每日搜索词")
        verbose_name_plural = _("每日搜索词")
        constraints = [
            models.UniqueConstraint(fields=["date", "query"], name="search_queryday_once")
        ]
        # The report and 热门搜索 read a date range: the unique index (date, query) serves both.

    def __str__(self):
        return f"{self.date} {self.query}"


class HiddenQuery(models.Model):
    """A query an editor keeps out of 热门搜索 (it stays in the report)."""

    query = models.CharField(_("搜索词"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("不在热门搜索中显示的词")
        verbose_name_plural = _("不在热门搜索中显示的词")

    def __str__(self):
        return self.query
