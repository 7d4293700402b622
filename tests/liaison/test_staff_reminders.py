"""Reminders before and at each deadline, escalation at 30 and 60 days: each sent once, on a
clock the tests set (``now``)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from wagtail.users.models import UserProfile

from liaison import lifecycle
from liaison.models import MessageReminder
from liaison.reminders import send_reminders
from tests.liaison.staff_fixtures import days_ago, make_message

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(days, hours=0):
    return RECEIVED + timedelta(days=days, hours=hours)


def sent(now):
    mail.outbox.clear()
    counts = send_reminders(now=now)
    return counts, [(sorted(m.to), m.subject) for m in mail.outbox]


def test_the_station_staff_are_reminded_before_and_at_each_deadline_once(stations, staff):
    message = make_message(stations["ganlin"], received_at=RECEIVED)
    assert sent(at(1)) == ({}, [])
    counts, mails = sent(at(2, 1))  # a day before the 受理 deadline
    assert counts == {"accept_soon": 1}
    # Both of 甘霖镇's handlers (with or without 查看联系方式); not 石璜镇's, not the site's.
    assert mails == [
        (["ganlin@example.com", "handler@example.com"],
         f"【网上联络站】留言 {message.case_number} 明天到达受理期限"),
    ]  # fmt: skip
    assert sent(at(2, 5)) == ({}, [])  # once
    counts, mails = sent(at(3, 1))
    assert counts == {"accept_due": 1} and "已到受理期限" in mails[0][1]
    assert sent(at(4)) == ({}, [])

    lifecycle.accept(message, user=staff["ganlin"], now=at(4))
    assert sent(at(14, 1))[0] == {"reply_soon": 1}
    assert sent(at(15, 1))[0] == {"reply_due": 1}
    assert sent(at(20)) == ({}, [])


def test_old_unanswered_messages_are_escalated_to_the_site_administrators(stations, staff):
    message = make_message(stations["ganlin"], status="accepted", received_at=RECEIVED)
    MessageReminder.objects.bulk_create(
        MessageReminder(message=message, kind=kind, sent_at=at(15), recipients=1)
        for kind in ("accept_soon", "accept_due", "reply_soon", "reply_due")
    )
    counts, mails = sent(at(30, 1))
    assert counts == {"escalate_30": 1}
    recipients, subject = mails[0]
    assert {"siteadmin@example.com", "siteadmin2@example.com", "ganlin@example.com"} <= set(
        recipients
    )
    assert "shihuang@example.com" not in recipients
    assert "已30天未答复" in subject
    assert sent(at(31)) == ({}, [])
    assert sent(at(60, 1))[0] == {"escalate_60": 1}
    assert sent(at(61)) == ({}, [])


def test_a_job_that_missed_days_sends_only_what_is_due_now(stations, staff):
    message = make_message(stations["ganlin"], received_at=RECEIVED)
    counts, _mails = sent(at(40))
    assert counts == {"accept_due": 1, "reply_due": 1, "escalate_30": 1}
    kinds = dict(MessageReminder.objects.filter(message=message).values_list("kind", "skipped"))
    assert kinds == {"accept_soon": True, "accept_due": False, "reply_soon": True,
                     "reply_due": False, "escalate_30": False}  # fmt: skip
    assert sent(at(41)) == ({}, [])


def test_answered_and_closed_messages_are_not_reminded(stations, staff):
    make_message(stations["ganlin"], status="replied", received_at=RECEIVED)
    make_message(stations["ganlin"], status="rejected", received_at=RECEIVED)
    assert sent(at(70)) == ({}, [])


def test_a_station_without_staff_of_its_own_reminds_the_site_administrators(stations, staff):
    make_message(stations["city"], received_at=RECEIVED)
    _counts, mails = sent(at(2, 1))
    assert set(mails[0][0]) == {"siteadmin@example.com", "siteadmin2@example.com"}


def test_the_reminders_hold_no_contact_details(stations, staff):
    make_message(stations["ganlin"], received_at=RECEIVED)
    send_reminders(now=at(40))
    for message in mail.outbox:
        assert "13812345678" not in message.body and "张三丰" not in message.body
        assert "zhang@example.com" not in message.body


def test_participation_daily_sends_the_reminders(stations, staff):
    make_message(stations["ganlin"], received_at=days_ago(4))
    out = io.StringIO()
    call_command("participation_daily", stdout=out)
    assert "liaison reminders: 网上联络站提醒：accept_due 1" in out.getvalue()
    assert len(mail.outbox) == 1
    out = io.StringIO()
    call_command("participation_daily", stdout=out)
    assert "网上联络站提醒：无" in out.getvalue()


def test_each_handler_reads_the_reminder_in_their_admin_language(stations, staff):
    """One handler chose English in their account: they get their own English e-mail, the
    other keeps the Chinese one — whatever language the job itself had active."""
    profile = UserProfile.get_for_user(staff["handler"])
    profile.preferred_language = "en"
    profile.save()
    message = make_message(stations["ganlin"], received_at=RECEIVED)
    with translation.override("en"):
        counts, mails = sent(at(2, 1))
    assert counts == {"accept_soon": 1}
    assert sorted(mails) == [
        (["ganlin@example.com"], f"【网上联络站】留言 {message.case_number} 明天到达受理期限"),
        (["handler@example.com"], f"[Online liaison station] Message {message.case_number} "
                                  "reaches its acceptance deadline tomorrow"),
    ]  # fmt: skip
