"""What the public does with 网上联络站: send a message, look it up, rate the reply."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from home.navigation import default_locale_id
from home.services import publicly_visible
from participation.fingerprint import text_fingerprint
from stations.models import Representative, StationPage

from .models import CaseSequence, Message, MessageEvent, MessagePhoto, Rating, Status

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = timedelta(hours=24)


@dataclass
class Sent:
    """The outcome of a submission. ``code`` is the 查询码, shown once and never stored;
    ``duplicate``: the same sender sent the same text within 24 hours (nothing new stored)."""

    message: Message | None
    code: str = ""
    duplicate: bool = False


def chinese_station(page) -> StationPage | None:
    """The station a message belongs to: the Chinese version of ``page`` (messages and figures
    are kept once per station, whatever the language of the page they were sent from)."""
    if page is None:
        return None
    default = default_locale_id()
    if page.locale_id == default:
        return page
    return (
        publicly_visible(StationPage.objects.filter(translation_key=page.translation_key))
        .filter(locale_id=default)
        .first()
    )


def chinese_representative(representative) -> Representative | None:
    if representative is None:
        return None
    default = default_locale_id()
    if representative.locale_id == default:
        return representative
    return Representative.objects.filter(
        translation_key=representative.translation_key, locale_id=default
    ).first()


def _next_case_number(now) -> str:
    """SZ-2026-000123: the prefix, the year (Asia/Shanghai) and the year's next number.

    The sequence row is incremented with one UPDATE (the row stays locked until the enclosing
    transaction commits), so concurrent submissions never get the same number."""
    prefix = settings.LIAISON_CASE_PREFIX
    year = timezone.localtime(now).year
    CaseSequence.objects.get_or_create(prefix=prefix, year=year)
    CaseSequence.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
    last = CaseSequence.objects.values_list("last", flat=True).get(prefix=prefix, year=year)
    return f"{prefix}-{year}-{last:06d}"


def new_lookup_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def find_duplicate(*, mobile: str, fingerprint: str, now) -> Message | None:
    return (
        Message.objects.filter(
            fingerprint=fingerprint,
            contact_mobile=mobile,
            received_at__gte=now - DUPLICATE_WINDOW,
        )
        .order_by("-received_at")
        .first()
    )


def submit_message(*, data: dict, held_for: list[str], language: str) -> Sent:
    """Store a message from the public form's cleaned ``data`` (station and representative
    already the Chinese ones), its photos and its first history entry; then e-mail the case
    number and 查询码 to the sender when an address was given."""
    now = timezone.now()
    fingerprint = text_fingerprint(f"{data['subject']}\n{data['text']}")
    with transaction.atomic():
        duplicate = find_duplicate(mobile=data["contact_mobile"], fingerprint=fingerprint, now=now)
        if duplicate is not None:
            return Sent(message=duplicate, duplicate=True)
        code = new_lookup_code()
        message = Message(
            case_number=_next_case_number(now),
            station=data["station"],
            representative=data.get("representative"),
            category=data["category"],
            subject=data["subject"],
            text=data["text"],
            reply_public=data["reply_public"],
            contact_name=data.get("contact_name", ""),
            contact_mobile=data["contact_mobile"],
            contact_email=data.get("contact_email", ""),
            status=Status.HELD if held_for else Status.PENDING,
            hold_reasons=held_for,
            received_at=now,
            fingerprint=fingerprint,
        )
        message.set_lookup_code(code)
        message.save()
        for photo in data.get("photos") or []:
            MessagePhoto.objects.create(
                message=message,
                file=photo,
                content_type=photo.content_type,
                size=photo.size,
            )
        MessageEvent.objects.create(
            message=message,
            action="submitted",
            to_status=message.status,
            at=now,
            note=", ".join(held_for),
        )
    if message.contact_email:
        transaction.on_commit(lambda: _mail_receipt(message, code, language))
    return Sent(message=message, code=code)


def _mail_receipt(message: Message, code: str, language: str) -> None:
    """The case number and 查询码 by e-mail. A mail server that fails does not undo the message
    (the sender saw both on the page); the log line names the case, never the address."""
    with translation.override(language):
        subject = _("您的留言已收到（编号 %(case)s）") % {"case": message.case_number}
        body = render_to_string(
            "liaison/receipt_email.txt",
            {"message": message, "code": code, "base_url": settings.WAGTAILADMIN_BASE_URL},
        )
    try:
        send_mail(subject, body, None, [message.contact_email])
    except (OSError, ConnectionError) as error:
        logger.warning("receipt e-mail for %s not sent: %s", message.case_number, type(error))


def find_for_lookup(case_number: str, code: str) -> Message | None:
    """The message with this case number and 查询码, or None (either wrong: the caller cannot
    tell which, and neither can the sender)."""
    case_number = case_number.strip().upper()
    message = Message.objects.filter(case_number=case_number).select_related("reply").first()
    if message is None:
        # The same work as for a real case, so the answer's timing tells nothing either.
        Message.hash_lookup_code(case_number, code)
        return None
    return message if message.check_lookup_code(code) else None


def rate_reply(*, message: Message, rating: str) -> bool:
    """The sender's rating of the reply, once (False when already rated or not answered)."""
    if rating not in Rating.values:
        return False
    now = timezone.now()
    with transaction.atomic():
        updated = Message.objects.filter(
            pk=message.pk, status__in=[Status.REPLIED, Status.CLOSED], rating=""
        ).update(rating=rating, rated_at=now)
        if updated:
            MessageEvent.objects.create(message=message, action="rated", at=now, note=rating)
    return bool(updated)
