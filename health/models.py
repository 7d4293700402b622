"""What the content-health checks are told by the editors: how often each column must be updated
and by whom, and the list of terms to watch for. Page fields are left alone (the page classes
belong to their apps): the settings sit beside a page, keyed to it."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

# Government-website inspection rules (政府网站与政务新媒体检查指标): news columns must not be
# stale for two weeks, notice and policy columns for six months.
NEWS_INTERVAL_DAYS = 14
NOTICE_INTERVAL_DAYS = 180
# The home page counts as updated by whatever it shows: the newest article anywhere.
HOME_INTERVAL_DAYS = NEWS_INTERVAL_DAYS


class ColumnKind(models.TextChoices):
    NEWS = "news", _("动态类（14 天）")
    NOTICE = "notice", _("通知公告、政策文件类（180 天）")
    EXEMPT = "exempt", _("不检查更新（如介绍类栏目）")


DEFAULT_INTERVAL_DAYS = {
    ColumnKind.NEWS: NEWS_INTERVAL_DAYS,
    ColumnKind.NOTICE: NOTICE_INTERVAL_DAYS,
    ColumnKind.EXEMPT: None,
}


class ColumnHealth(models.Model):
    """A column's update rule, set where the default (from its title) is not right."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("栏目"),
        on_delete=models.CASCADE,
        related_name="column_health",
    )
    kind = models.CharField(_("栏目类型"), max_length=16, choices=ColumnKind.choices)
    interval_days = models.PositiveIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("超过这么多天没有新稿件即列入“栏目更新”报告；为空时按栏目类型。"),
    )
    responsible_group = models.ForeignKey(
        Group,
        verbose_name=_("负责分组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("接收每周内容健康邮件；为空时取对本栏目有专属编辑权限的分组，否则为“编辑”。"),
    )

    class Meta:
        verbose_name = _("栏目更新要求")
        verbose_name_plural = _("栏目更新要求")

    def __str__(self):
        return self.page.title

    @property
    def effective_interval_days(self) -> int | None:
        if self.interval_days:
            return self.interval_days
        return DEFAULT_INTERVAL_DAYS[ColumnKind(self.kind)]


class TermKind(models.TextChoices):
    MISWRITTEN = "miswritten", _("易错写法")
    DEPRECATED = "deprecated", _("已更名的名称")
    BANNED = "banned", _("禁用词")


class Term(models.Model):
    """A word to watch for: its wrong forms, and (unless banned) the form to write instead."""

    kind = models.CharField(
        _("类型"), max_length=16, choices=TermKind.choices, default=TermKind.MISWRITTEN
    )
    correct = models.CharField(
        _("规范写法"),
        max_length=100,
        blank=True,
        help_text=_("应当使用的写法或现名称；禁用词可留空。"),
    )
    wrong_forms = models.TextField(
        _("错误写法或旧名称"),
        help_text=_("每行一个。出现在规范写法之中的部分不算错误。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("用词")
        verbose_name_plural = _("用词")
        ordering = ["kind", "correct"]

    def __str__(self):
        return self.correct or "、".join(self.wrong_list)

    @property
    def wrong_list(self) -> list[str]:
        return [line.strip() for line in self.wrong_forms.splitlines() if line.strip()]


class Check(models.TextChoices):
    TERM = "term", _("用词")
    INTERNAL_LINK = "internal", _("站内链接")
    EXTERNAL_LINK = "external", _("外部链接")


class Finding(models.Model):
    """A problem a check found on a live page, kept until the check no longer finds it."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("检查项"), max_length=16, choices=Check.choices)
    field = models.CharField(_("字段"), max_length=100, blank=True)
    found = models.CharField(_("发现"), max_length=2000)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    context = models.CharField(_("上下文"), max_length=200, blank=True)
    first_seen = models.DateTimeField(_("首次发现"))

    class Meta:
        verbose_name = _("内容问题")
        verbose_name_plural = _("内容问题")
        indexes = [models.Index(fields=["kind", "page"], name="health_finding_kind_page")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.found}"


class FixedFinding(models.Model):
    """A broken link the check no longer finds (the editor fixed it): kept for the year's count
    of broken links found and fixed (年度报表). The page is kept by id, not by key, so the record
    outlives a deleted page."""

    kind = models.CharField(_("检查项"), max_length=16, choices=Check.choices)
    page_id = models.IntegerField(_("页面"))
    found = models.CharField(_("发现"), max_length=2000)
    first_seen = models.DateTimeField(_("首次发现"))
    fixed_at = models.DateTimeField(_("修复时间"), db_index=True)

    class Meta:
        verbose_name = _("已修复的链接")
        verbose_name_plural = _("已修复的链接")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.found}"
