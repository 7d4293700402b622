"""What every kind of public input shares: the sender's contact details (and their erasure), the
log of who read them, the sensitive-word list and the privacy notice."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.snippets.models import register_snippet

# Shipped notice, shown while site administrators have not written their own.
DEFAULT_PRIVACY_NOTICE = _(
    "<p>您通过本网站提交留言或意见时，我们收集您填写的姓名（可不填）、手机号码和电子邮箱（可不填），"
    "仅用于联系您、答复您和统计办理情况。</p>"
    "<p>您的联系方式不会在网站上公开，只有负责办理的工作人员可以查看，每次查看都有记录。"
    "留言办结满一定期限后，您的联系方式将被自动删除，留言内容和答复保留。</p>"
    "<p>您选择“公开”时，答复内容可能在网站上公布，但不会包含您的姓名、电话或邮箱。</p>"
)


class ContactDetails(models.Model):
    """The sender's contact details, kept apart from what may be published.

    Never shown on a public page, in the API, feeds, the sitemap or a search index. Subclasses
    say when a record is closed (``erasable``); ``participation_daily`` erases the details of
    records closed longer than ``PARTICIPATION_RETENTION_MONTHS`` ago.
    """

    contact_name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact_mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    contact_erased_at = models.DateTimeField(_("联系方式删除时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def erasable(cls, cutoff):
        """Records closed before ``cutoff`` whose contact details are still kept."""
        raise NotImplementedError(f"{cls.__name__} must say when its records are closed")

    def erase_contact_details(self, *, now=None) -> None:
        self.contact_name = ""
        self.contact_mobile = ""
        self.contact_email = ""
        self.contact_erased_at = now or timezone.now()
        self.save(
            update_fields=["contact_name", "contact_mobile", "contact_email", "contact_erased_at"]
        )


class ContactAccess(models.Model):
    """Who read whose contact details, and when (every view and export is logged)."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        EXPORT = "export", _("导出")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = _("联系方式查看记录")
        verbose_name_plural = _("联系方式查看记录")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.content_type}#{self.object_id}"


def log_contact_access(user, obj_or_qs, action: str) -> int:
    """Record that ``user`` read the contact details of one record or of every record of a
    QuerySet (``action``: "view" or "export"). Returns the number of rows written."""
    if isinstance(obj_or_qs, models.QuerySet):
        model = obj_or_qs.model
        ids = list(obj_or_qs.order_by().values_list("pk", flat=True))
    else:
        model, ids = type(obj_or_qs), [obj_or_qs.pk]
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    ContactAccess.objects.bulk_create(
        [
            ContactAccess(user=user, at=now, content_type=content_type, object_id=pk, action=action)
            for pk in ids
        ],
        batch_size=1000,
    )
    return len(ids)


@register_snippet
class SensitiveTerm(models.Model):
    """A word or phrase that holds a submission for review (it is never rejected for it)."""

    term = models.CharField(
        _("敏感词"),
        max_length=50,
        unique=True,
        help_text=_("包含此词的留言或意见先进入待审核，由工作人员查看后再受理。"),
    )
    note = models.CharField(_("备注"), max_length=100, blank=True)

    panels = [FieldPanel("term"), FieldPanel("note")]

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["term"]

    def __str__(self):
        return self.term


@register_setting(icon="lock")
class PrivacySettings(BaseSiteSetting):
    """个人信息保护: the notice every public form's consent links to (``/privacy/``)."""

    notice = RichTextField(
        _("个人信息保护说明"),
        blank=True,
        features=["h2", "h3", "bold", "ol", "ul", "link"],
        help_text=_(
            "显示在“个人信息保护”页面，留言和意见表单的同意选项链接到此页。留空时显示默认说明。"
        ),
    )

    panels = [FieldPanel("notice")]

    class Meta:
        verbose_name = _("个人信息保护")

    def notice_or_default(self) -> str:
        return self.notice or str(DEFAULT_PRIVACY_NOTICE)
