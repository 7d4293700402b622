"""E-mail to staff in the language each of them reads the admin in.

The senders run from cron jobs and from requests in either language; what they had active is
nobody's choice. Each member chose a language in their Wagtail account (账号设置 › 语言), or
left it to the site's language (``LANGUAGE_CODE``)."""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from wagtail.users.models import UserProfile


def preferred_language(user) -> str:
    try:
        language = user.wagtail_userprofile.preferred_language
    except UserProfile.DoesNotExist:
        language = ""
    return language or settings.LANGUAGE_CODE


def addresses_by_language(users: Iterable) -> dict[str, list[str]]:
    """The users' e-mail addresses (those who have one) grouped by the language they read."""
    grouped = defaultdict(list)
    for user in users:
        if user.email:
            grouped[preferred_language(user)].append(user.email)
    return dict(grouped)


def mail_staff(users: Iterable, compose: Callable[[], tuple[str, str]]) -> int:
    """Sends ``compose()``'s (subject, body), written once per language, to ``users``; returns
    how many e-mails went out (one per language)."""
    sent = 0
    for language, addresses in addresses_by_language(users).items():
        with translation.override(language):
            subject, body = compose()
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        sent += 1
    return sent
