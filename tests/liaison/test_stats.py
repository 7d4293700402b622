"""The station's figures: right (against a brute-force count), and the station page's query
budget holds at 10,000 messages."""

import random
import statistics
from datetime import timedelta

import pytest
from django.utils import timezone

from liaison import stats
from liaison.models import Message, Rating, Reply, Status
from liaison.stats import of_station

from .factories import MessageFactory, ReplyFactory

pytestmark = pytest.mark.django_db

STATUSES = [Status.HELD, Status.PENDING, Status.ACCEPTED, Status.REFERRED, Status.REPLIED,
            Status.CLOSED, Status.REJECTED]  # fmt: skip


def fill(station, count: int, *, seed: int = 23) -> list[Message]:
    """``count`` messages this year at random stages (bulk: 10,000 in a few seconds)."""
    rng = random.Random(seed)
    now = timezone.now()
    start = now.replace(month=1, day=1, hour=12)
    span = max(1, int((now - start).total_seconds()))
    messages = []
    for n in range(count):
        received = start + timedelta(seconds=rng.randrange(span))
        status = rng.choice(STATUSES)
        answered = status in (Status.REPLIED, Status.CLOSED)
        messages.append(
            Message(
                case_number=f"SZ-T{seed}-{station.pk}-{n:06d}",
                station=station,
                category="advice",
                subject=f"主题{n}",
                text=f"内容{n}",
                contact_mobile="+8613812345678",
                status=status,
                received_at=received,
                replied_at=received + timedelta(hours=rng.randrange(1, 800)) if answered else None,
                closed_at=received + timedelta(days=30) if status == Status.CLOSED else None,
                rating=rng.choice(["", *Rating.values]) if answered else "",
                fingerprint=f"f{n}",
                reply_public=rng.random() < 0.5,
            )
        )
    return Message.objects.bulk_create(messages, batch_size=1000)


def brute_force(messages) -> dict:
    counted = [m for m in messages if m.status != Status.HELD]
    finished = [m for m in counted if m.status in (Status.REPLIED, Status.CLOSED, Status.REJECTED)]
    timed = [m for m in counted if m.status in (Status.REPLIED, Status.CLOSED)]
    rated = [m for m in counted if m.rating]
    good = [m for m in rated if m.rating in (Rating.SATISFIED, Rating.BASICALLY)]
    median = statistics.median((m.replied_at - m.received_at).total_seconds() for m in timed)
    return {
        "received": len(counted),
        "completion_rate": round(100 * len(finished) / len(counted)),
        "median_days": round(median / 86400, 1),
        "rated": len(rated),
        "satisfaction_rate": round(100 * len(good) / len(rated)),
    }


@pytest.mark.parametrize("count", [1, 2, 51, 300])
def test_figures_agree_with_a_brute_force_count(station, count):
    messages = fill(station, count, seed=count)
    if not any(m.status in (Status.REPLIED, Status.CLOSED) for m in messages):
        messages += fill(station, 1, seed=99)  # at least one answered
        Message.objects.filter(pk=messages[-1].pk).update(
            status=Status.REPLIED, replied_at=messages[-1].received_at + timedelta(days=2),
            rating=Rating.SATISFIED,
        )  # fmt: skip
        messages = list(Message.objects.all())
    if not any(m.rating for m in messages if m.status != Status.HELD):
        pytest.skip("no rating drawn")
    figures = stats.station_figures(of_station(station), year=timezone.localdate().year)
    expected = brute_force(list(Message.objects.all()))
    assert {key: figures[key] for key in expected} == expected


def test_last_year_and_other_stations_do_not_count(station, other_station):
    MessageFactory(station=station, received_at=timezone.now() - timedelta(days=400))
    MessageFactory(station=other_station)
    MessageFactory(station=station)
    figures = stats.station_figures(of_station(station), year=timezone.localdate().year)
    assert figures["received"] == 1
    assert figures["median_days"] is None and figures["satisfaction_rate"] is None


def test_public_replies_carry_no_personal_data(station):
    reply = ReplyFactory(
        message__station=station,
        message__status=Status.REPLIED,
        message__reply_public=True,
        message__replied_at=timezone.now(),
        message__subject="我的电话13812345678，路灯坏了",
        text="已处理，如有问题请拨打 0575-8300 1234 或写信到 a@b.cn",
    )
    (item,) = stats.latest_public_replies(of_station(station))
    flat = repr(item)
    for secret in ["13812345678", "8300 1234", "a@b.cn", "王小明", reply.message.case_number,
                   reply.message.text]:  # fmt: skip
        assert secret not in flat
    assert "路灯坏了" in item["subject"] and "已处理" in item["reply"]


def page_queries(station, count, render_uncached, django_assert_max_num_queries):
    from django.core.cache import caches

    caches["default"].clear()  # the figures of an earlier call
    fill(station, count)
    Reply.objects.bulk_create(
        [
            Reply(message=m, text="已答复。", status=Reply.Status.APPROVED)
            for m in Message.objects.filter(status__in=[Status.REPLIED, Status.CLOSED])[:500]
        ]
    )
    request = render_uncached(station.url)
    with django_assert_max_num_queries(50) as captured:
        response = request()
    assert response.status_code == 200
    assert "网上留言办理情况" in response.content.decode()
    return request, captured.captured_queries


def test_the_station_page_costs_the_same_with_10000_messages(
    station, render_uncached, django_assert_max_num_queries
):
    _request, few = page_queries(station, 20, render_uncached, django_assert_max_num_queries)
    Message.objects.all().delete()
    request, many = page_queries(station, 10_000, render_uncached, django_assert_max_num_queries)
    assert len(many) <= len(few)
    # The figures: one aggregate, the median's middle rows, the latest replies.
    assert len([q for q in many if "liaison_message" in q["sql"]]) == 3
    # Kept per station and generation: the next first view (page cache emptied) reads none.
    from django.core.cache import caches

    caches["pages"].clear()
    with django_assert_max_num_queries(50) as again:
        assert request().status_code == 200
    assert not [q for q in again.captured_queries if "liaison_message" in q["sql"]]
