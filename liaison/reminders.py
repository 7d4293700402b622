"""Reminders before and at each deadline, and escalation of old unanswered messages.

Run once a day by ``manage.py participation_daily`` (registered in ``LiaisonConfig.ready``):

- a day before the 受理 deadline and at it, while the message waits for 受理: the station's staff;
- a day before the reply deadline and at it, while it is unanswered: the station's staff;
- at each escalation age (``LIAISON_ESCALATION_DAYS``, 30 and 60): the site administrators and the
  station's staff.

Each reminder is sent once: ``MessageReminder`` (unique per message and kind) is written in the
same transaction as the mail is sent, so a failed mail is tried again the next day and a second
run sends nothing. A job that did not run for a while does not send stale warnings: when a
later reminder of the same track is due, the earlier ones are recorded as skipped, not sent. A
station without staff of its own has its reminders sent to the site administrators.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.mail import mail_staff

from .deadlines import AWAITING_ACCEPT, UNANSWERED, accept_deadline, reply_deadline
from .models import Message, MessageReminder
from .permissions import site_administrators, station_staff

NOTICE = timedelta(days=1)


@dataclass
class Due:
    kind: str
    at: object  # when it became due
    escalation: bool
    days: int = 0  # an escalation's days without a reply

    @property
    def subject(self) -> str:
        """In the active language: each recipient's, when the reminder is written (home.mail)."""
        if self.escalation:
            return _("已%(days)d天未答复，提请站点管理员督办") % {"days": self.days}
        return {
            "accept_soon": _("明天到达受理期限"),
            "accept_due": _("已到受理期限"),
            "reply_soon": _("明天到达答复期限"),
            "reply_due": _("已到答复期限"),
        }[self.kind]


def _tracks(message):
    """The reminders of ``message`` by track, each a list in the order they fall due."""
    accept_at, reply_at = accept_deadline(message), reply_deadline(message)
    tracks = []
    if message.status in AWAITING_ACCEPT:
        tracks.append([
            Due("accept_soon", accept_at - NOTICE, False),
            Due("accept_due", accept_at, False),
        ])  # fmt: skip
    if message.status in UNANSWERED:
        tracks.append([
            Due("reply_soon", reply_at - NOTICE, False),
            Due("reply_due", reply_at, False),
        ])  # fmt: skip
        tracks.append(
            [
                Due(f"escalate_{days}", message.received_at + timedelta(days=days), True, days)
                for days in sorted(settings.LIAISON_ESCALATION_DAYS)
            ]
        )
    return tracks


def due_reminders(message, now, sent: set[str]):
    """(to send, to record as skipped) for ``message`` at ``now``, given the kinds already sent."""
    send, skip = [], []
    for track in _tracks(message):
        due = [item for item in track if item.at <= now and item.kind not in sent]
        if due:
            send.append(due[-1])
            skip.extend(due[:-1])
    return send, skip


def _admin_url(message) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "liaison_message:inspect", args=[message.pk]
    )


def _compose(message, due: Due) -> tuple[str, str]:
    """The reminder's subject and body, in the active language."""
    received = date_format(timezone.localtime(message.received_at), "Y-m-d H:i")
    body = _(
        "网上联络站留言 %(case)s %(what)s。\n\n"
        "联络站：%(station)s\n主题：%(subject)s\n收到时间：%(received)s\n"
        "受理期限：%(accept)s\n答复期限：%(reply)s\n\n请登录后台办理：%(url)s\n"
    ) % {
        "case": message.case_number,
        "what": due.subject,
        "station": message.station.title,
        "subject": message.subject,
        "received": received,
        "accept": date_format(timezone.localtime(accept_deadline(message)), "Y-m-d H:i"),
        "reply": date_format(timezone.localtime(reply_deadline(message)), "Y-m-d H:i"),
        "url": _admin_url(message),
    }
    subject = _("【网上联络站】留言 %(case)s %(what)s") % {
        "case": message.case_number,
        "what": due.subject,
    }
    return subject, body


def _recipients(message, due: Due) -> list:
    staff = station_staff(message.station)
    admins = list(site_administrators())
    if due.escalation or not staff:
        seen = {user.pk for user in admins}
        return admins + [user for user in staff if user.pk not in seen]
    return staff


def send_reminders(*, now=None) -> dict[str, int]:
    """Send what is due at ``now``; returns the count of reminders sent per kind."""
    now = now or timezone.now()
    earliest_notice = min(
        settings.LIAISON_ACCEPT_DAYS, settings.LIAISON_REPLY_DAYS, *settings.LIAISON_ESCALATION_DAYS
    )
    candidates = (
        Message.objects.filter(
            status__in=UNANSWERED, received_at__lte=now - timedelta(days=earliest_notice) + NOTICE
        )
        .select_related("station")
        .order_by("received_at", "pk")
    )
    counts: dict[str, int] = {}
    for message in candidates.iterator(chunk_size=500):
        sent = set(MessageReminder.objects.filter(message=message).values_list("kind", flat=True))
        send, skip = due_reminders(message, now, sent)
        for due in skip:
            _record_skipped(message, due, now)
        for due in send:
            recipients = _recipients(message, due)
            try:
                with transaction.atomic():
                    MessageReminder.objects.create(
                        message=message, kind=due.kind, sent_at=now, recipients=len(recipients)
                    )
                    # Each recipient reads it in their own admin language.
                    mail_staff(recipients, partial(_compose, message, due))
            except IntegrityError:
                continue  # another run sent it in the meantime
            counts[due.kind] = counts.get(due.kind, 0) + 1
    return counts


def _record_skipped(message, due: Due, now) -> None:
    try:
        with transaction.atomic():
            MessageReminder.objects.create(
                message=message, kind=due.kind, sent_at=now, recipients=0, skipped=True
            )
    except IntegrityError:
        pass


def daily_job(*, now) -> str:
    """The ``participation_daily`` job: what it sent, in one line."""
    counts = send_reminders(now=now)
    summary = "、".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    return _("网上联络站提醒：%(summary)s") % {"summary": summary or _("无")}
