"""The daily jobs (``manage.py participation_daily``, run by cron like ``publish_scheduled``).

Cron rather than django-tasks: it needs no worker process and no broker on the embedded default
(SQLite, local memory), and cron is already how scheduled publishing runs. Apps register their
jobs in ``AppConfig.ready``: ``participation.jobs.register("liaison reminders", send_reminders)``;
a job is ``fn(*, now) -> str`` (a line saying what it did).
"""

import calendar
from collections.abc import Callable
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ContactDetails

_jobs: dict[str, Callable] = {}


def register(name: str, fn: Callable) -> None:
    """Run ``fn(now=…)`` every day. Registering the same name twice is a programming error."""
    if name in _jobs and _jobs[name] is not fn:
        raise ValueError(f"participation job {name!r} is already registered")
    _jobs[name] = fn


def registered() -> dict[str, Callable]:
    return dict(_jobs)


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` so many calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    days = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, days))


def retention_cutoff(now: datetime) -> datetime:
    return months_before(now, settings.PARTICIPATION_RETENTION_MONTHS)


def erase_expired_contact_details(*, now: datetime) -> dict[str, int]:
    """Erase the contact details of every record of every ``ContactDetails`` model closed more
    than ``PARTICIPATION_RETENTION_MONTHS`` ago. {model label: records erased}."""
    cutoff = retention_cutoff(now)
    erased = {}
    for model in apps.get_models():
        if not issubclass(model, ContactDetails):
            continue
        with transaction.atomic():
            count = (
                model.erasable(cutoff)
                .filter(contact_erased_at__isnull=True)
                .update(contact_name="", contact_mobile="", contact_email="", contact_erased_at=now)
            )
        erased[model._meta.label] = count
    return erased


def run_all(*, now: datetime | None = None) -> list[str]:
    """Every registered job, then the erasure. The lines to print."""
    now = now or timezone.now()
    lines = [f"{name}: {fn(now=now)}" for name, fn in sorted(_jobs.items())]
    for label, count in erase_expired_contact_details(now=now).items():
        lines.append(f"erased contact details: {label}: {count}")
    return lines
