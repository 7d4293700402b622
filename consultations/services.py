"""What spans the drafts and their comments: scheduling, importing the text, taking and
moderating comments, the feedback report."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min

from participation.fingerprint import text_fingerprint

from .blocks import Decision
from .models import (
    MODERATION_STATUSES,
    Comment,
    CommentStatus,
    DraftRegulationPage,
    forget_counts,
)
from .parsing import ParsedText


def next_status_change(*, now: datetime) -> datetime | None:
    """The next moment a live draft opens, closes or shows its feedback report: the listing and
    the column pages change then without anyone publishing (home.cache.PAGE_CACHE_SCHEDULE)."""
    live = DraftRegulationPage.objects.live()
    moments = [
        live.filter(**{f"{name}__gt": now}).aggregate(soonest=Min(name))["soonest"]
        for name in ("opens_at", "closes_at", "feedback_published_at")
    ]
    upcoming = [moment for moment in moments if moment is not None]
    return min(upcoming) if upcoming else None


def import_text(*, draft: DraftRegulationPage, parsed: ParsedText, user) -> None:
    """Replace the draft's text by the parsed one in a new revision (a draft of the page, not
    published: it goes through 审核发布 like any edit)."""
    page = draft.get_latest_revision_as_object()
    page.text = parsed.stream_data()
    page.save_revision(user=user, log_action=True)


# --- Comments ------------------------------------------------------------------------------------

ACCEPTED, HELD, DUPLICATE, DISCARDED = "accepted", "held", "duplicate", "discarded"
DUPLICATE_WINDOW = timedelta(hours=24)


def participant_key(mobile: str) -> str:
    """Who took part, for the count of participants: a keyed hash of the number."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"consultations:{mobile}".encode(), hashlib.sha256
    ).hexdigest()


def submit_comment(*, draft: DraftRegulationPage, article: str, form, now: datetime) -> str:
    """Store a valid comment; what became of it: ACCEPTED, HELD (kept for review: no solved
    challenge, sensitive words), DUPLICATE (the same text from the same number on the same 条
    within 24 hours: not stored again) or DISCARDED (the honeypot was filled: nothing stored,
    answered as if accepted)."""
    if form.is_spam:
        return DISCARDED
    data = form.cleaned_data
    participant = participant_key(data["contact_mobile"])
    fingerprint = text_fingerprint(data["text"])
    with transaction.atomic():
        if Comment.objects.filter(
            draft_key=draft.translation_key,
            article=article,
            participant=participant,
            fingerprint=fingerprint,
            submitted_at__gte=now - DUPLICATE_WINDOW,
        ).exists():
            return DUPLICATE
        Comment.objects.create(
            draft=draft,
            draft_key=draft.translation_key,
            article=article,
            text=data["text"],
            contact_name=data.get("contact_name", ""),
            contact_mobile=data["contact_mobile"],
            participant=participant,
            fingerprint=fingerprint,
            status=CommentStatus.HELD if form.is_held else CommentStatus.NEW,
            hold_reasons=list(form.hold_reasons),
            submitted_at=now,
        )
        forget_counts(draft.translation_key)
    return HELD if form.is_held else ACCEPTED


def moderate(*, comments, status: str, user, now: datetime) -> int:
    """Set the moderation status of ``comments`` (a QuerySet); the count of those changed."""
    if status not in MODERATION_STATUSES:
        raise ValueError(status)
    keys = set(comments.values_list("draft_key", flat=True))
    changed = comments.update(status=status, moderated_by=user, moderated_at=now)
    for key in keys:
        forget_counts(key)
    return changed


# --- The feedback report -------------------------------------------------------------------------


@dataclass
class FeedbackRow:
    anchor: str
    label: str
    decision: str
    decision_label: str
    reason: str
    comments: int


def feedback_report(*, draft: DraftRegulationPage) -> dict:
    """意见采纳情况: a row per 条 that received comments or carries a decision, and the totals
    per decision."""
    counts = draft.public_counts
    rows = []
    for value in draft.articles:
        anchor = value.anchor()
        comments = counts["articles"].get(anchor, {}).get("comments", 0)
        if not (comments or value.get("decision")):
            continue
        rows.append(
            FeedbackRow(
                anchor=anchor,
                label=value.label(),
                decision=value.get("decision") or "",
                decision_label=value.decision_label(),
                reason=value.get("reason") or "",
                comments=comments,
            )
        )
    totals = [
        (label, sum(1 for row in rows if row.decision == key)) for key, label in Decision.CHOICES
    ]
    return {
        "rows": rows,
        "totals": totals,
        "counts": counts,
        "general_comments": counts["comments"]
        - sum(article["comments"] for article in counts["articles"].values()),
    }
