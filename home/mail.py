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


def addresses_by_language(users: Iterable) -> dict[str, list[str]]:
    """The users' e-mail addresses (those who have one) grouped by the language they read; the
    languages read in one query, whether ``users`` is a queryset or a list."""
    users = [user for user in users if user.email]
    chosen = dict(
        UserProfile.objects.filter(user__in=[user.pk for user in users])
        .exclude(preferred_language="")
        .values_list("user_id", "preferred_language")
    )
    grouped = defaultdict(list)
    for user in users:
        grouped[chosen.get(user.pk, settings.LANGUAGE_CODE)].append(user.email)
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
