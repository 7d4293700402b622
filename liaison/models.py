"""网上联络站: messages from the public to a station or a representative, their handling history
and the reply.

The sender's contact details live in ``ContactDetails`` fields and never leave the staff side;
the 查询码 (lookup code) is never stored, only its HMAC. A reply is public only once approved
(审核) and when the sender allowed publication (``reply_public``).
"""

import hmac
import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from participation.models import ContactDetails
from participation.storage import photo_path, private_storage


class Category(models.TextChoices):
    ADVICE = "advice", _("意见建议")
    QUESTION = "question", _("咨询")
    HELP = "help", _("求助")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    HELD = "held", _("待审核")
    PENDING = "pending", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REFERRED = "referred", _("已转办")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    REJECTED = "rejected", _("不予受理")


# Statuses in which a message has been answered (the reply exists and was sent).
ANSWERED = (Status.REPLIED, Status.CLOSED)
# Statuses in which the public no longer waits for anything (closed_at is set).
FINISHED = (Status.CLOSED, Status.REJECTED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class MessageQuerySet(models.QuerySet):
    def real(self):
        """Not demo messages."""
        return self.filter(is_demo=False)

    def received_in(self, year: int):
        """Received in ``year`` (local time, Asia/Shanghai)."""
        tz = timezone.get_default_timezone()
        start = datetime(year, 1, 1, tzinfo=tz)
        end = datetime(year + 1, 1, 1, tzinfo=tz)
        return self.filter(received_at__gte=start, received_at__lt=end)

    def with_public_reply(self):
        """Messages whose reply the public may read: answered, the reply approved, the sender
        allowed publication."""
        return self.filter(
            status__in=ANSWERED,
            reply_public=True,
            reply__status=Reply.Status.APPROVED,
        )


class CaseSequence(models.Model):
    """The last case number given out in a year (one row per prefix and year)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_case_sequence_per_year")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


class Message(ContactDetails):
    """A message to a station (and possibly one of its representatives)."""

    case_number = models.CharField(_("编号"), max_length=24, unique=True)
    lookup_code_hash = models.CharField(max_length=64, editable=False)
    station = models.ForeignKey(
        "stations.StationPage",
        verbose_name=_("联络站"),
        on_delete=models.PROTECT,
        related_name="liaison_messages",
    )
    representative = models.ForeignKey(
        "stations.Representative",
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_messages",
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"), max_length=2000)
    reply_public = models.BooleanField(_("答复可公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # Why a message waits for review before it is handled ("challenge", "sensitive").
    hold_reasons = models.JSONField(_("待审核原因"), default=list, blank=True)
    referred_to = models.CharField(_("承办单位"), max_length=200, blank=True)
    reject_reason = models.TextField(_("不予受理理由"), blank=True)
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    referred_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # When it was closed (已办结) or refused (不予受理): the public waits for nothing more.
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # Duplicate detection (participation.fingerprint): same number, same text, within 24 hours.
    fingerprint = models.CharField(max_length=64, editable=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众留言")
        verbose_name_plural = _("群众留言")
        ordering = ["-received_at"]
        indexes = [
            # The station's figures for a year and its list of published replies.
            models.Index(fields=["station", "received_at"], name="liaison_station_received"),
            # The overdue report and the staff's lists by status.
            models.Index(fields=["status", "received_at"], name="liaison_status_received"),
            # Duplicate detection.
            models.Index(fields=["fingerprint", "received_at"], name="liaison_fingerprint"),
        ]
        permissions = [
            ("handle_message", _("办理留言")),
            ("view_contact", _("查看留言人联系方式")),
            ("review_reply", _("审核答复")),
        ]

    def __str__(self):
        return f"{self.case_number} {self.subject}"

    @classmethod
    def erasable(cls, cutoff):
        return cls.objects.filter(status__in=FINISHED, closed_at__lt=cutoff)

    @staticmethod
    def hash_lookup_code(case_number: str, code: str) -> str:
        """HMAC of the 查询码 with the site's secret, bound to the case number."""
        return salted_hmac(
            "liaison.lookup-code", f"{case_number}:{code}", algorithm="sha256"
        ).hexdigest()

    def set_lookup_code(self, code: str) -> None:
        self.lookup_code_hash = self.hash_lookup_code(self.case_number, code)

    def check_lookup_code(self, code: str) -> bool:
        expected = self.hash_lookup_code(self.case_number, code)
        return hmac.compare_digest(expected, self.lookup_code_hash)

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED

    @property
    def can_be_rated(self) -> bool:
        return self.is_answered and not self.rating


class MessagePhoto(models.Model):
    """A photo sent with a message: private storage, never a public URL."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), storage=private_storage, upload_to=photo_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("留言照片")
        verbose_name_plural = _("留言照片")

    def __str__(self):
        return f"{self.message_id}: {self.file.name}"


class MessageEvent(models.Model):
    """One step of a message's handling (the history): who (null: the public or the system),
    when, from which status to which, and a note."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.message_id} {self.action}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class Reply(models.Model):
    """The public reply to a message, written by staff and approved (审核) before it is shown."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("退回")

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="reply")
    text = models.TextField(_("答复内容"), max_length=4000)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")

    def __str__(self):
        return f"{self.message_id} {self.get_status_display()}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.message.reply_public

    def clean(self):
        """The reply is public text: the sender's name and number must not appear in it."""
        super().clean()
        message = self.message
        found = []
        name = message.contact_name.strip()
        if len(name) >= 2 and name in self.text:
            found.append(_("留言人姓名"))
        mobile = _digits(message.contact_mobile)[-11:]
        if mobile and mobile in _digits(self.text):
            found.append(_("留言人手机号码"))
        if message.contact_email and message.contact_email.lower() in self.text.lower():
            found.append(_("留言人电子邮箱"))
        if found:
            raise ValidationError(
                {
                    "text": _("答复将会公开，不能包含%(what)s。")
                    % {"what": "、".join(str(item) for item in found)}
                }
            )


# Q for messages needing the staff's attention (not finished), for reports and reminders.
OPEN_STATUSES = Q(status__in=[Status.HELD, Status.PENDING, Status.ACCEPTED, Status.REFERRED])
