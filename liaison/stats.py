"""A station's figures for the year and its latest published replies (公开答复).

Computed in aggregate SQL (one aggregate, and for the median two rows read at an offset: the
same on SQLite and PostgreSQL, which has no portable median), then kept in the shared cache
under the site generation for ``FIGURES_SECONDS``: the station page costs the same with 10 or
10,000 messages, and a new message shows in the figures within minutes. A reply approved by the
staff changes public content and retires the generation (the staff side), so it shows at once.
"""

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from home.caching import generation
from home.navigation import default_locale_id

from .models import ANSWERED, FINISHED, Message, Rating, Status
from .redaction import redact

FIGURES_SECONDS = 300
LATEST_REPLIES = 5


def _ratio(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def of_station(page) -> Q:
    """Messages of the station ``page`` in any language (they belong to its Chinese page): by
    id on the Chinese page, by translation key through a join on another language's, which
    saves the query that would look the Chinese page up first."""
    if page.locale_id == default_locale_id():
        return Q(station_id=page.pk)
    return Q(station__translation_key=page.translation_key, station__locale_id=default_locale_id())


def station_figures(station: Q, *, year: int) -> dict:
    """Received (held messages not yet released are not counted), 办结率 (answered or refused,
    of received), median days to a reply, satisfaction (满意 or 基本满意, of rated)."""
    messages = Message.objects.filter(station).received_in(year)
    messages = messages.exclude(status=Status.HELD)
    counts = messages.aggregate(
        received=Count("pk"),
        finished=Count("pk", filter=Q(status__in=[*ANSWERED, *FINISHED])),
        timed=Count("pk", filter=Q(status__in=ANSWERED, replied_at__isnull=False)),
        rated=Count("pk", filter=~Q(rating="")),
        satisfied=Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY])),
    )
    median_days = None
    if counts["timed"]:
        n = counts["timed"]
        middle = list(
            messages.filter(status__in=ANSWERED, replied_at__isnull=False)
            .annotate(waited=F("replied_at") - F("received_at"))
            .order_by("waited")
            .values_list("waited", flat=True)[(n - 1) // 2 : n // 2 + 1]
        )
        seconds = sum(waited.total_seconds() for waited in middle) / len(middle)
        median_days = round(seconds / 86400, 1)
    return {
        "year": year,
        "received": counts["received"],
        "completion_rate": _ratio(counts["finished"], counts["received"]),
        "median_days": median_days,
        "answered": counts["timed"],
        "rated": counts["rated"],
        "satisfaction_rate": _ratio(counts["satisfied"], counts["rated"]),
    }


def latest_public_replies(station: Q, *, limit: int = LATEST_REPLIES) -> list[dict]:
    """The station's latest replies the public may read, as plain values without any personal
    data: no name, number, e-mail, case number or message text; digits and addresses masked."""
    rows = (
        Message.objects.with_public_reply()
        .filter(station)
        .order_by("-replied_at", "-pk")
        .values("category", "subject", "received_at", "replied_at", "reply__text")[:limit]
    )
    return [
        {
            "category": Message(category=row["category"]).get_category_display(),
            "category_code": row["category"],
            "subject": redact(row["subject"]),
            "received_at": row["received_at"],
            "replied_at": row["replied_at"],
            "reply": redact(row["reply__text"]),
        }
        for row in rows
    ]


def _key(page_id: int, year: int) -> str:
    return f"liaison:station:{page_id}:{year}:{generation()}"


def station_panel(page) -> dict:
    """Figures and latest replies of the station ``page`` (in any language: the messages are
    the Chinese station's) for this year, from the cache when kept."""
    year = timezone.localdate().year

    def build():
        station = of_station(page)
        figures = station_figures(station, year=year)
        return {"figures": figures, "replies": latest_public_replies(station)}

    return cache.get_or_set(_key(page.pk, year), build, FIGURES_SECONDS)


def forget_station(station) -> None:
    """A message came in: the figures are computed again on the next view of the station's
    page, in every language."""
    year = timezone.localdate().year
    keys = [_key(station.pk, year)]
    keys += [_key(pk, year) for pk in station.get_translations().values_list("pk", flat=True)]
    cache.delete_many(keys)
