"""The message model: lookup codes, the reply's privacy check, erasure after retention."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.models import Message, Reply, Status
from participation import jobs
from participation.models import ContactAccess, log_contact_access

from .factories import MessageFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def test_the_lookup_code_is_kept_only_as_a_keyed_hash(station):
    message = MessageFactory(station=station)
    assert "123456" not in message.lookup_code_hash
    assert message.check_lookup_code("123456")
    assert not message.check_lookup_code("123457")
    # The same code for another case number gives another hash.
    assert Message.hash_lookup_code("SZ-2026-000002", "123456") != message.lookup_code_hash


def test_a_reply_may_not_name_the_sender(station):
    message = MessageFactory(
        station=station, contact_name="王小明", contact_email="wang@example.cn"
    )
    for text in ["王小明您好，已处理。", "请致电 138 1234 5678", "已发至 WANG@example.cn"]:
        reply = Reply(message=message, text=text)
        with pytest.raises(ValidationError):
            reply.clean()
    Reply(message=message, text="您好，路灯已修复。").clean()


def test_public_reply_needs_approval_and_consent(station):
    approved = ReplyFactory(message__station=station, message__status=Status.REPLIED,
                            message__reply_public=True)  # fmt: skip
    ReplyFactory(message__station=station, message__status=Status.REPLIED,
                 message__reply_public=False)  # fmt: skip
    ReplyFactory(message__station=station, message__status=Status.REPLIED,
                 message__reply_public=True, status=Reply.Status.SUBMITTED)  # fmt: skip
    assert list(Message.objects.with_public_reply()) == [approved.message]
    assert approved.is_public


def test_contact_details_are_erased_after_the_retention_period(station, settings):
    settings.PARTICIPATION_RETENTION_MONTHS = 12
    now = timezone.now()
    old = MessageFactory(station=station, status=Status.CLOSED, closed_at=now - timedelta(days=370))
    recent = MessageFactory(
        station=station, status=Status.CLOSED, closed_at=now - timedelta(days=300)
    )
    open_old = MessageFactory(station=station, status=Status.ACCEPTED,
                              received_at=now - timedelta(days=800))  # fmt: skip
    lines = jobs.run_all(now=now)
    assert "erased contact details: liaison.Message: 1" in lines
    old.refresh_from_db()
    recent.refresh_from_db()
    open_old.refresh_from_db()
    assert (old.contact_name, old.contact_mobile, old.contact_email) == ("", "", "")
    assert old.contact_erased_at is not None
    assert old.text and old.subject  # the message itself stays
    assert recent.contact_mobile and open_old.contact_mobile


def test_months_before_keeps_the_end_of_month():
    moment = timezone.datetime(2026, 3, 31, 12, tzinfo=timezone.get_default_timezone())
    assert jobs.months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert jobs.months_before(moment, 12).date().isoformat() == "2025-03-31"


def test_contact_access_is_logged(station, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x")
    messages = [MessageFactory(station=station) for _ in range(3)]
    assert log_contact_access(user, messages[0], "view") == 1
    assert log_contact_access(user, Message.objects.all(), "export") == 3
    assert ContactAccess.objects.filter(user=user, action="export").count() == 3
