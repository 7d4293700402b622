"""留言: public messages (网上联络站, liaison app) still unanswered after 30, 60 and 90 days — an
inspection fails a site for messages left unanswered for more than three months."""

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from liaison.models import OPEN_STATUSES, Message

THRESHOLDS = (30, 60, 90)


def unanswered_counts(*, now: datetime | None = None) -> dict[int, int]:
    """``{days: number of open messages received more than days ago}`` (one query)."""
    now = now or timezone.now()
    counts = Message.objects.filter(OPEN_STATUSES).aggregate(
        **{
            str(days): Count("pk", filter=Q(received_at__lt=now - timedelta(days=days)))
            for days in THRESHOLDS
        }
    )
    return {days: counts[str(days)] for days in THRESHOLDS}
