"""Demo messages for the Shengzhou stations (``load_demo``): a few per station at different
stages, some with a published reply and a rating, so the station pages show figures and 公开答复.

Every one is marked ``is_demo`` and its sender is 演示留言人; they all share the 查询码 printed
below, so a demo walk can look one up.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from participation.fingerprint import text_fingerprint
from stations.models import StationIndexPage, StationLevel, StationPage

from .models import Category, Message, MessageEvent, Rating, Reply, Status
from .services import next_case_number

DEMO_CODE = "246810"
DEMO_SENDER = {"contact_name": "演示留言人", "contact_mobile": "+8619900000000"}

# (category, subject, text, final status, days ago received, days to reply, reply, rating)
DEMO_MESSAGES = [
    (
        Category.ADVICE,
        "建议村口增设路灯",
        "村口到公交站一段没有路灯，晚上老人孩子出行不便，建议增设路灯。（演示留言）",
        Status.CLOSED,
        40,
        6,
        "经与镇建设办对接，村口至公交站路段已于上月新装路灯8盏，现已正常使用。"
        "感谢您的建议。（演示答复）",
        Rating.SATISFIED,
    ),
    (
        Category.QUESTION,
        "咨询代表接待日时间",
        "请问本站代表接待日是每月哪一天？需要预约吗？（演示留言）",
        Status.REPLIED,
        20,
        2,
        "本站每月15日为代表接待日，无需预约，遇节假日顺延。（演示答复）",
        Rating.BASICALLY,
    ),
    (
        Category.HELP,
        "小区排水不畅",
        "雨天小区门口积水严重，排水沟堵塞，希望有关部门疏通。（演示留言）",
        Status.REFERRED,
        9,
        None,
        "",
        "",
    ),
    (
        Category.ADVICE,
        "建议增加文化活动场所",
        "希望在联络站附近增加老年人活动场所和阅览室。（演示留言）",
        Status.PENDING,
        1,
        None,
        "",
        "",
    ),
]


def _demo_stations():
    network = StationIndexPage.objects.filter(slug="shengzhou-stations").first()
    if network is None:
        return StationPage.objects.none()
    return (
        StationPage.objects.descendant_of(network)
        .live()
        .filter(locale_id=network.locale_id, level__in=[StationLevel.CITY, StationLevel.TOWNSHIP])
        .order_by("path")
    )


def _add(station, item, *, now, offset: int) -> Message:
    category, subject, text, status, days_ago, days_to_reply, reply_text, rating = item
    received = now - timedelta(days=days_ago, hours=offset)
    message = Message(
        case_number=next_case_number(received),
        station=station,
        category=category,
        subject=subject,
        text=text,
        reply_public=bool(reply_text),
        status=status,
        received_at=received,
        fingerprint=text_fingerprint(f"{subject}\n{text}"),
        is_demo=True,
        **DEMO_SENDER,
    )
    message.set_lookup_code(DEMO_CODE)
    steps = [("submitted", "", Status.PENDING, received)]
    if status != Status.PENDING:
        message.accepted_at = received + timedelta(days=1)
        steps.append(("accepted", Status.PENDING, Status.ACCEPTED, message.accepted_at))
    if status == Status.REFERRED:
        message.referred_to = "镇建设办（演示）"
        message.referred_at = received + timedelta(days=2)
        steps.append(("referred", Status.ACCEPTED, Status.REFERRED, message.referred_at))
    if days_to_reply is not None:
        message.replied_at = received + timedelta(days=days_to_reply)
        steps.append(("replied", Status.ACCEPTED, Status.REPLIED, message.replied_at))
    if status == Status.CLOSED:
        message.closed_at = message.replied_at + timedelta(days=3)
        steps.append(("closed", Status.REPLIED, Status.CLOSED, message.closed_at))
    if rating:
        message.rating, message.rated_at = rating, message.replied_at + timedelta(days=1)
    message.save()
    MessageEvent.objects.bulk_create(
        MessageEvent(
            message=message, action=action, from_status=old, to_status=new, at=at, note="演示数据"
        )  # fmt: skip
        for action, old, new, at in steps
    )
    if reply_text:
        Reply.objects.create(
            message=message,
            text=reply_text,
            status=Reply.Status.APPROVED,
            submitted_at=message.replied_at,
            reviewed_at=message.replied_at,
        )
    return message


def load(*, stdout) -> None:
    now = timezone.now()
    added = []
    with transaction.atomic():
        for index, station in enumerate(_demo_stations()):
            if Message.objects.filter(station=station, is_demo=True).exists():
                continue
            for item in DEMO_MESSAGES:
                added.append(_add(station, item, now=now, offset=index))
    if added:
        stdout.write(f"  + {len(added)} 条演示留言（网上联络站）")
        stdout.write(f"    演示查询：编号 {added[0].case_number}，查询码 {DEMO_CODE}")
