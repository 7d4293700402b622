"""A message's way through the station: 待受理 → 已受理 → 已转办 → 已答复 → 已办结, or 不予受理
with a reason; a held message (待审核) is released to 待受理 or refused. The public reply is
written by staff (draft → submitted), approved or returned by a reviewer; its approval answers
the message (已答复).

Every step checks who asks (``liaison.permissions``), refuses what the status does not allow with
a message the staff can read, and writes one ``MessageEvent`` (who, when, from, to, note): the
message's history. Steps lock the message's row, so two clicks on two screens do not both pass.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.cache.generation import bump_generation
from home.cache.purge import purge_after_commit, urls_showing

from .models import Message, MessageEvent, Reply
from .permissions import can_handle_messages, can_review_replies, can_see_message

# action: (statuses it may start from, the status it leads to, its name in messages)
TRANSITIONS = {
    "release": (("held",), "pending", gettext_lazy("通过审核（转为待受理）")),
    "accept": (("pending",), "accepted", gettext_lazy("受理")),
    "refer": (("accepted", "referred"), "referred", gettext_lazy("转办")),
    "reject": (("held", "pending"), "rejected", gettext_lazy("不予受理")),
    "answer": (("accepted", "referred"), "replied", gettext_lazy("答复")),
    "close": (("replied",), "closed", gettext_lazy("办结")),
}
# Reply steps leave the message's status as it is; they are history entries all the same.
REPLY_SAVED, REPLY_SUBMITTED = "reply_saved", "reply_submitted"
REPLY_APPROVED, REPLY_RETURNED = "reply_approved", "reply_returned"
ACTION_LABELS = {
    **{action: label for action, (_from, _to, label) in TRANSITIONS.items()},
    # Written by the public side (liaison.services) and the demo (liaison.demo), which names a
    # step by the status it reached.
    "submitted": gettext_lazy("收到留言"),
    "rated": gettext_lazy("留言人评价"),
    "accepted": gettext_lazy("受理"),
    "referred": gettext_lazy("转办"),
    "replied": gettext_lazy("答复"),
    "closed": gettext_lazy("办结"),
    REPLY_SAVED: gettext_lazy("保存答复草稿"),
    REPLY_SUBMITTED: gettext_lazy("提交答复审核"),
    REPLY_APPROVED: gettext_lazy("答复审核通过"),
    REPLY_RETURNED: gettext_lazy("答复退回修改"),
}
REPLY_STATUSES_OPEN = ("accepted", "referred")


class TransitionError(Exception):
    """A step that is not allowed; ``str(error)`` is the message for the staff."""


def allowed_actions(message) -> list[str]:
    return [
        action for action, (sources, _to, _l) in TRANSITIONS.items() if message.status in sources
    ]


def _check_handler(user, message) -> None:
    if not (can_handle_messages(user) and can_see_message(user, message)):
        raise TransitionError(_("您无权办理这条留言。"))


def _status_label(status: str) -> str:
    return str(dict(Message._meta.get_field("status").choices).get(status, status))


def _transition(message, action, *, user, now=None, note="", **fields):
    sources, target, label = TRANSITIONS[action]
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status not in sources:
            raise TransitionError(
                _("留言 %(case)s 当前为“%(status)s”，不能%(action)s。")
                % {
                    "case": locked.case_number,
                    "status": _status_label(locked.status),
                    "action": label,
                }
            )
        from_status = locked.status
        locked.status = target
        for name, value in fields.items():
            setattr(locked, name, now if value is _NOW else value)
        locked.save(update_fields=["status", *fields])
        MessageEvent.objects.create(
            message=locked,
            action=action,
            from_status=from_status,
            to_status=target,
            actor=user,
            at=now,
            note=note,
        )
    message.refresh_from_db()  # the caller's instance shows the step taken
    return message


_NOW = object()  # stands for the step's own time in ``fields``


def release(message, *, user, now=None):
    _check_handler(user, message)
    return _transition(message, "release", user=user, now=now)


def accept(message, *, user, now=None):
    _check_handler(user, message)
    return _transition(message, "accept", user=user, now=now, accepted_at=_NOW)


def refer(message, *, user, to: str, now=None):
    _check_handler(user, message)
    to = (to or "").strip()
    if not to:
        raise TransitionError(_("请填写承办单位。"))
    return _transition(
        message, "refer", user=user, now=now, note=to, referred_to=to, referred_at=_NOW
    )


def reject(message, *, user, reason: str, now=None):
    _check_handler(user, message)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("请填写不予受理的理由。"))
    # A refused message is finished: its contact details are erased after the retention period.
    return _transition(
        message, "reject", user=user, now=now, note=reason, reject_reason=reason, closed_at=_NOW
    )


def close(message, *, user, now=None):
    _check_handler(user, message)
    return _transition(message, "close", user=user, now=now, closed_at=_NOW)


# --- The public reply ---------------------------------------------------------------------------


def _check_reply_text(text: str, message) -> str:
    """The reply's text, refused when empty or when it names the sender (``Reply.clean``)."""
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("请填写答复内容。"))
    try:
        Reply(message=message, text=text).clean()
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    return text


def save_reply(message, *, user, text: str, submit: bool, now=None) -> Reply:
    """Write (or rewrite) the reply; ``submit`` sends it to 审核."""
    _check_handler(user, message)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status not in REPLY_STATUSES_OPEN:
            raise TransitionError(
                _("留言 %(case)s 当前为“%(status)s”，不能撰写答复（请先受理）。")
                % {"case": locked.case_number, "status": _status_label(locked.status)}
            )
        text = _check_reply_text(text, locked)
        reply = Reply.objects.filter(message=locked).first() or Reply(message=locked)
        if reply.status == "approved":
            raise TransitionError(_("答复已审核通过，不能再修改。"))
        reply.text = text
        reply.written_by = user
        reply.status = "submitted" if submit else "draft"
        if submit:
            reply.submitted_at = now
        reply.save()
        MessageEvent.objects.create(
            message=locked,
            action=REPLY_SUBMITTED if submit else REPLY_SAVED,
            from_status=locked.status,
            to_status=locked.status,
            actor=user,
            at=now,
        )
    message.refresh_from_db()
    return reply


def _submitted_reply(message, user) -> Reply:
    if not (can_review_replies(user) and can_see_message(user, message)):
        raise TransitionError(_("您无权审核答复。"))
    reply = Reply.objects.select_for_update().filter(message=message).first()
    if reply is None or reply.status != "submitted":
        raise TransitionError(_("没有待审核的答复。"))
    if reply.written_by_id == user.pk:
        raise TransitionError(_("不能审核自己撰写的答复，请由另一位审核人审核。"))
    return reply


def approve_reply(message, *, user, now=None) -> Reply:
    """The reviewer approves: the reply is final and the message is answered (已答复)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        reply = _submitted_reply(locked, user)
        _check_reply_text(reply.text, locked)
        _record_review(locked, reply, "approved", REPLY_APPROVED, user=user, now=now)
        _transition(message, "answer", user=user, now=now, replied_at=_NOW)
        if locked.reply_public:
            _public_content_changed(locked.station)
    return reply


def _public_content_changed(station) -> None:
    """A published reply is new public content on the station's page (公开答复, liaison.stats):
    retire the cached pages and shared data, and empty the front-end page store for the
    station's pages, as a publication does."""
    bump_generation()
    purge_after_commit(urls_showing(station))


def return_reply(message, *, user, note: str, now=None) -> Reply:
    """The reviewer sends the reply back to the staff with what to change."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise TransitionError(_("请填写退回意见。"))
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        reply = _submitted_reply(locked, user)
        _record_review(locked, reply, "returned", REPLY_RETURNED, user=user, now=now, note=note)
    return reply


def _record_review(locked, reply, status, action, *, user, now, note="") -> None:
    """The reviewer's decision on the reply, and its line in the message's history (the
    message's own status is moved by the caller, if at all)."""
    reply.status = status
    reply.reviewed_by = user
    reply.reviewed_at = now
    reply.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    MessageEvent.objects.create(
        message=locked,
        action=action,
        from_status=locked.status,
        to_status=locked.status,
        actor=user,
        at=now,
        note=note,
    )
