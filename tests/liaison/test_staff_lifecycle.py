"""A message's way through the station, step by step, with who may take each step."""

import io

import pytest
from django.contrib.auth.models import Group

from liaison import lifecycle
from liaison.lifecycle import TransitionError
from liaison.models import Message, MessageEvent, Reply
from liaison.staff import load_demo
from tests.liaison.staff_fixtures import make_message

pytestmark = pytest.mark.django_db


def history(message):
    return list(
        MessageEvent.objects.filter(message=message)
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "actor__username", "note")
    )


def test_the_whole_way_from_pending_to_closed(stations, staff):
    message = make_message(stations["ganlin"])
    ganlin, reviewer = staff["ganlin"], staff["site"]

    lifecycle.accept(message, user=ganlin)
    lifecycle.refer(message, user=ganlin, to="甘霖镇城建办")
    lifecycle.save_reply(message, user=ganlin, text="已修复。", submit=False)
    lifecycle.save_reply(message, user=ganlin, text="路灯已于本周修复。", submit=True)
    lifecycle.approve_reply(message, user=reviewer)
    lifecycle.close(message, user=ganlin)

    message.refresh_from_db()
    assert message.status == "closed"
    assert message.referred_to == "甘霖镇城建办"
    assert message.accepted_at and message.referred_at and message.replied_at and message.closed_at
    reply = Reply.objects.get(message=message)
    assert (reply.status, reply.text, reply.written_by, reply.reviewed_by) == (
        "approved", "路灯已于本周修复。", ganlin, reviewer,
    )  # fmt: skip
    assert history(message) == [
        ("accept", "pending", "accepted", "ganlin", ""),
        ("refer", "accepted", "referred", "ganlin", "甘霖镇城建办"),
        ("reply_saved", "referred", "referred", "ganlin", ""),
        ("reply_submitted", "referred", "referred", "ganlin", ""),
        ("reply_approved", "referred", "referred", "siteadmin", ""),
        ("answer", "referred", "replied", "siteadmin", ""),
        ("close", "replied", "closed", "ganlin", ""),
    ]


@pytest.mark.parametrize(
    ("status", "step", "words"),
    [
        ("pending", lambda m, u: lifecycle.close(m, user=u), "不能办结"),
        ("accepted", lambda m, u: lifecycle.accept(m, user=u), "不能受理"),
        ("pending", lambda m, u: lifecycle.refer(m, user=u, to="城建办"), "不能转办"),
        ("closed", lambda m, u: lifecycle.reject(m, user=u, reason="重复"), "不能不予受理"),
        ("held", lambda m, u: lifecycle.accept(m, user=u), "不能受理"),
        (
            "pending",
            lambda m, u: lifecycle.save_reply(m, user=u, text="好", submit=True),
            "请先受理",
        ),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_with_a_reason(
    stations, staff, status, step, words
):
    message = make_message(stations["ganlin"], status=status)
    with pytest.raises(TransitionError, match=words):
        step(message, staff["ganlin"])
    message.refresh_from_db()
    assert message.status == status
    assert not MessageEvent.objects.filter(message=message).exists()


def test_not_accepted_needs_a_reason_and_finishes_the_message(stations, staff):
    message = make_message(stations["ganlin"])
    with pytest.raises(TransitionError, match="请填写不予受理的理由"):
        lifecycle.reject(message, user=staff["ganlin"], reason="  ")
    lifecycle.reject(message, user=staff["ganlin"], reason="不属于人大代表职责范围")
    message.refresh_from_db()
    assert (message.status, message.reject_reason) == ("rejected", "不属于人大代表职责范围")
    assert message.closed_at is not None


def test_a_held_message_is_released_or_refused(stations, staff):
    held = make_message(stations["ganlin"], status="held")
    lifecycle.release(held, user=staff["ganlin"])
    held.refresh_from_db()
    assert held.status == "pending"
    spam = make_message(stations["ganlin"], status="held")
    lifecycle.reject(spam, user=staff["ganlin"], reason="广告")
    spam.refresh_from_db()
    assert spam.status == "rejected"


def test_referral_needs_a_unit(stations, staff):
    message = make_message(stations["ganlin"], status="accepted")
    with pytest.raises(TransitionError, match="承办单位"):
        lifecycle.refer(message, user=staff["ganlin"], to="")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("张三丰您好，路灯已修复。", "姓名"),
        ("请拨打 138 1234 5678 联系。", "手机号码"),
        ("已回复至 ZHANG@example.com。", "电子邮箱"),
    ],
)
def test_the_public_reply_may_not_contain_the_senders_contact_details(stations, staff, text, what):
    message = make_message(stations["ganlin"], status="accepted")
    with pytest.raises(TransitionError, match=what):
        lifecycle.save_reply(message, user=staff["ganlin"], text=text, submit=True)
    assert not Reply.objects.filter(message=message).exists()


def test_station_staff_act_only_on_their_own_stations_messages(stations, staff):
    theirs = make_message(stations["shihuang"])
    in_room = make_message(stations["room"])
    with pytest.raises(TransitionError, match="无权"):
        lifecycle.accept(theirs, user=staff["ganlin"])
    with pytest.raises(TransitionError, match="无权"):
        lifecycle.accept(in_room, user=staff["shihuang"])
    lifecycle.accept(in_room, user=staff["ganlin"])  # a room of 甘霖镇 is 甘霖镇's
    with pytest.raises(TransitionError, match="无权"):
        lifecycle.accept(theirs, user=staff["editor"])
    lifecycle.accept(theirs, user=staff["site"])


def test_a_reply_is_reviewed_by_a_reviewer_other_than_its_writer(stations, staff):
    message = make_message(stations["ganlin"], status="accepted")
    lifecycle.save_reply(message, user=staff["site"], text="已修复。", submit=True)
    with pytest.raises(TransitionError, match="不能审核自己"):
        lifecycle.approve_reply(message, user=staff["site"])
    with pytest.raises(TransitionError, match="无权审核"):
        lifecycle.approve_reply(message, user=staff["ganlin"])  # no review_reply
    lifecycle.approve_reply(message, user=staff["reviewer"])
    message.refresh_from_db()
    assert message.status == "replied"


def test_a_returned_reply_goes_back_to_the_writer_and_can_be_submitted_again(stations, staff):
    message = make_message(stations["ganlin"], status="accepted")
    lifecycle.save_reply(message, user=staff["ganlin"], text="修好了。", submit=True)
    with pytest.raises(TransitionError, match="退回意见"):
        lifecycle.return_reply(message, user=staff["site"], note="")
    lifecycle.return_reply(message, user=staff["site"], note="请写明修复日期。")
    reply = Reply.objects.get(message=message)
    assert reply.status == "returned"
    with pytest.raises(TransitionError, match="没有待审核"):
        lifecycle.approve_reply(message, user=staff["site"])
    message.refresh_from_db()
    assert message.status == "accepted"
    lifecycle.save_reply(message, user=staff["ganlin"], text="路灯已于6月3日修复。", submit=True)
    lifecycle.approve_reply(message, user=staff["site"])
    message.refresh_from_db()
    assert message.status == "replied"
    assert ("reply_returned", "请写明修复日期。") in [
        (a, n) for a, _f, _t, _u, n in history(message)
    ]


def test_a_reply_is_public_only_after_its_approval(stations, staff):
    message = make_message(stations["ganlin"], status="accepted", reply_public=True)
    public = Message.objects.with_public_reply()
    lifecycle.save_reply(message, user=staff["ganlin"], text="路灯已修复。", submit=True)
    assert not public.filter(pk=message.pk).exists()
    lifecycle.return_reply(message, user=staff["site"], note="请写明日期。")
    assert not public.filter(pk=message.pk).exists()
    lifecycle.save_reply(message, user=staff["ganlin"], text="路灯已于6月3日修复。", submit=True)
    lifecycle.approve_reply(message, user=staff["site"])
    assert public.filter(pk=message.pk).exists()
    assert message.reply.text == "路灯已于6月3日修复。"


def test_the_demo_gives_each_township_station_its_own_staff_group(stations):
    out = io.StringIO()
    load_demo(stdout=out)
    load_demo(stdout=out)  # safe to run again
    names = set(
        Group.objects.filter(name__startswith="站点管理员（").values_list("name", flat=True)
    )
    assert names == {"站点管理员（甘霖镇）", "站点管理员（石璜镇）"}
    group = Group.objects.get(name="站点管理员（甘霖镇）")
    assert {p.codename for p in group.permissions.all()} == {
        "access_admin", "handle_message", "view_contact",
    }  # fmt: skip
    assert set(group.page_permissions.values_list("page", flat=True)) == {stations["ganlin"].pk}


def test_an_approved_reply_shows_on_the_station_page_at_once(client, stations, staff):
    station = stations["ganlin"]
    message = make_message(station, status="accepted", reply_public=True)
    lifecycle.save_reply(message, user=staff["ganlin"], text="排水沟已于本周疏通。", submit=True)
    before = client.get(station.url)  # the page and the station's figures are cached now
    assert before.status_code == 200 and "排水沟已于本周疏通" not in before.content.decode()
    lifecycle.approve_reply(message, user=staff["site"])
    assert "排水沟已于本周疏通" in client.get(station.url).content.decode()
