"""How long a message may wait: 受理 within ``LIAISON_ACCEPT_DAYS`` of its receipt, an answer
(an approved reply) within ``LIAISON_REPLY_DAYS``, and the ages at which it is escalated
(``LIAISON_ESCALATION_DAYS``; the overdue report also shows the 90-day band, the inspections'
limit). One definition, used by the overdue report, the list's filter and the reminders."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Statuses in which the sender still waits for a 受理, and for an answer.
AWAITING_ACCEPT = ("held", "pending")
UNANSWERED = ("held", "pending", "accepted", "referred")
INSPECTION_LIMIT_DAYS = 90


def accept_days() -> timedelta:
    return timedelta(days=settings.LIAISON_ACCEPT_DAYS)


def reply_days() -> timedelta:
    return timedelta(days=settings.LIAISON_REPLY_DAYS)


def accept_deadline(message):
    return message.received_at + accept_days()


def reply_deadline(message):
    return message.received_at + reply_days()


def accept_overdue_q(now) -> Q:
    return Q(status__in=AWAITING_ACCEPT, received_at__lte=now - accept_days())


def reply_overdue_q(now) -> Q:
    return Q(status__in=UNANSWERED, received_at__lte=now - reply_days())


def older_than_q(now, days: int) -> Q:
    return Q(status__in=UNANSWERED, received_at__lte=now - timedelta(days=days))


def overdue_q(now) -> Q:
    """Past either deadline and still unanswered."""
    return accept_overdue_q(now) | reply_overdue_q(now)


# The overdue filter's choices: (value, label, condition).
def overdue_bands():
    bands = [
        ("any", _("全部超期"), overdue_q),
        ("accept", _("受理超期"), accept_overdue_q),
        ("reply", _("答复超期"), reply_overdue_q),
    ]
    for days in band_days():
        bands.append((str(days), band_label(days), _older_than(days)))
    return bands


def band_days() -> list[int]:
    """The escalation ages and the inspections' limit, in days."""
    return sorted({*settings.LIAISON_ESCALATION_DAYS, INSPECTION_LIMIT_DAYS})


def band_label(days: int) -> str:
    return _("超过%(days)d天未答复") % {"days": days}


def age_band(message, now) -> str:
    """The band an unanswered message has reached, e.g. 超过60天未答复 (empty below the first)."""
    age = (now - message.received_at).days
    reached = [days for days in band_days() if age >= days]
    return str(band_label(max(reached))) if reached else ""


def _older_than(days):
    return lambda now: older_than_q(now, days)


def overdue_condition(value: str, now) -> Q | None:
    for band, _label, condition in overdue_bands():
        if band == value:
            return condition(now)
    return None


def overdue_label(message, now) -> str:
    """What is overdue about ``message`` (empty when nothing), e.g. 答复超期（已 32 天）."""
    if message.status not in UNANSWERED:
        return ""
    age = (now - message.received_at).days
    if now >= reply_deadline(message):
        return str(_("答复超期（已%(days)d天）") % {"days": age})
    if message.status in AWAITING_ACCEPT and now >= accept_deadline(message):
        return str(_("受理超期（已%(days)d天）") % {"days": age})
    return ""
