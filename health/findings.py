"""Keeping the stored findings of a check equal to what it finds now, page by page.

A finding keeps the time it was first seen while the check still finds it; one the check no
longer finds is deleted (the editor fixed it), so reports and the dashboard show what is left.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Check, Finding, FixedFinding

FOUND_LENGTH = 2000
# Broken links that disappear are recorded as fixed (FixedFinding, for the 年度报表).
RECORDED_FIXES = (Check.INTERNAL_LINK, Check.EXTERNAL_LINK)


@dataclass(frozen=True)
class Found:
    page_id: int
    field: str
    found: str
    detail: str = ""
    context: str = ""

    @property
    def key(self):
        return (self.page_id, self.field, self.found[:FOUND_LENGTH])


def replace_findings(*, kind: str, page_ids: Iterable[int] | None, found: Iterable[Found]) -> int:
    """Make the stored findings of ``kind`` on ``page_ids`` (all pages if None) equal ``found``;
    returns how many there are now."""
    now = timezone.now()
    with transaction.atomic():
        stored = Finding.objects.filter(kind=kind)
        if page_ids is not None:
            stored = stored.filter(page_id__in=list(page_ids))
        first_seen = {
            (row.page_id, row.field, row.found): row.first_seen
            for row in stored.only("page_id", "field", "found", "first_seen")
        }
        stored.delete()
        rows = {}
        for item in found:
            rows.setdefault(
                item.key,
                Finding(
                    kind=kind,
                    page_id=item.page_id,
                    field=item.field,
                    found=item.found[:FOUND_LENGTH],
                    detail=item.detail[:500],
                    context=item.context[:200],
                    first_seen=first_seen.get(item.key, now),
                ),
            )
        Finding.objects.bulk_create(rows.values(), batch_size=500)
        if kind in RECORDED_FIXES:
            FixedFinding.objects.bulk_create(
                [
                    FixedFinding(
                        kind=kind, page_id=key[0], found=key[2], first_seen=seen, fixed_at=now
                    )
                    for key, seen in first_seen.items()
                    if key not in rows
                ],  # fmt: skip
                batch_size=500,
            )
    return len(rows)
