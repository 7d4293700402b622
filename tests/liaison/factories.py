"""Test data for 网上联络站 (shared with the staff side's tests)."""

import itertools

import factory
from django.utils import timezone

from liaison.models import Category, Message, Reply, Status
from participation.fingerprint import text_fingerprint

_numbers = itertools.count(1)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message with lookup code "123456" (``MessageFactory(station=…)``)."""

    class Meta:
        model = Message

    case_number = factory.LazyFunction(lambda: f"SZ-2026-{next(_numbers) + 900000:06d}")
    category = Category.ADVICE
    subject = "路灯不亮"
    text = factory.Sequence(lambda n: f"村口的路灯坏了很久（{n}）")
    contact_name = "王小明"
    contact_mobile = "+8613812345678"
    status = Status.PENDING
    received_at = factory.LazyFunction(timezone.now)
    fingerprint = factory.LazyAttribute(lambda message: text_fingerprint(message.text))
    lookup_code_hash = factory.LazyAttribute(
        lambda message: Message.hash_lookup_code(message.case_number, "123456")
    )


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    message = factory.SubFactory(MessageFactory)
    text = "已联系供电所，路灯已于本周修复。"
    status = Reply.Status.APPROVED
