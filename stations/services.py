"""Queries behind the station, network, activity and representative pages."""

import segno
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch

from home.pagination import page_or_404
from home.services import publicly_visible

from .models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityType,
    Representative,
    StationIndexPage,
    StationLevel,
    StationPage,
    StationRepresentative,
)


def _live_stations(network):

    return publicly_visible(StationPage.objects.descendant_of(network))


def network_context(*, network, params) -> dict:
    """The network overview: counts per level, township filter options, the filtered list."""

    rows = list(
        _live_stations(network).order_by().values("level", "township").annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(StationLevel.values, 0)
    for row in rows:
        counts[row["level"]] = counts.get(row["level"], 0) + row["n"]
    townships = sorted({row["township"] for row in rows if row["township"]})

    level = params.get("level", "")
    level = level if level in StationLevel.values else ""
    township = params.get("township", "")
    township = township if township in townships else ""
    stations = _live_stations(network).order_by("path")
    if level:
        stations = stations.filter(level=level)
    if township:
        stations = stations.filter(township=township)
    stations = list(stations.defer("practices"))
    return {
        "level_counts": [(StationLevel(key), counts[key]) for key in StationLevel.values],
        "network_formula": "+".join(str(counts[key]) for key in StationLevel.values),
        "townships": townships,
        "levels": StationLevel.choices,
        "selected_level": level,
        "selected_township": township,
        "stations": stations,
        "map": station_map(stations),
        "activity_index": publicly_visible(ActivityIndexPage.objects.child_of(network)).first(),
    }


def station_map(stations, *, width=600, height=400, margin=30) -> dict | None:
    """Points for a self-drawn SVG map (no tiles, no third-party key): an equirectangular
    projection of the stations' coordinates onto a ``width`` × ``height`` box."""
    located = [s for s in stations if s.latitude is not None and s.longitude is not None]
    if not located:
        return None
    lats = [float(s.latitude) for s in located]
    lons = [float(s.longitude) for s in located]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.01)
    scale = min((width - 2 * margin) / span, (height - 2 * margin) / span)
    points = [
        {
            "station": station,
            "x": round(margin + (float(station.longitude) - min(lons)) * scale, 1),
            "y": round(height - margin - (float(station.latitude) - min(lats)) * scale, 1),
        }
        for station in located
    ]
    return {"width": width, "height": height, "points": points}


def station_context(*, station, url: str) -> dict:
    return {
        "network": StationIndexPage.objects.ancestor_of(station).first(),
        "qr_svg": qr_code_svg(url),
        "qr_png": qr_code_png_data_uri(url),
        "photos": list(
            station.photos.select_related("image").prefetch_related("image__renditions")
        ),
        "station_representatives": list(
            station.station_representatives.select_related("representative__photo")
        ),
        "child_stations": list(
            publicly_visible(StationPage.objects.child_of(station))
            .defer("practices")
            .order_by("path")
        ),
        "latest_activities": list(
            publicly_visible(ActivityPage.objects.filter(stations=station))
            .defer("body")
            .order_by(F("start_date").desc(nulls_last=True), "-pk")[:6]
        ),
    }


def activity_listing_context(*, index, request) -> dict:
    params = request.GET

    activity_type = params.get("type", "")
    activity_type = activity_type if activity_type in ActivityType.values else ""
    activities = (
        publicly_visible(ActivityPage.objects.child_of(index))
        .defer("body")
        .prefetch_related(
            Prefetch(
                "stations",
                queryset=publicly_visible(StationPage.objects.all()).only(
                    "title", "url_path", "path", "depth"
                ),
            )
        )
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    if activity_type:
        activities = activities.filter(activity_type=activity_type)
    page = page_or_404(Paginator(activities, 20), request)
    return {
        "activities": page,
        "activity_types": ActivityType.choices,
        "selected_type": activity_type,
        "pagination_query": f"type={activity_type}" if activity_type else "",
    }


def network_representatives(*, network):

    return (
        Representative.objects.filter(station_roles__page__path__startswith=network.path)
        .select_related("photo")
        .distinct()
        .order_by("name", "pk")
    )


def representative_context(*, network, representative) -> dict:

    roles = list(
        StationRepresentative.objects.filter(
            representative=representative, page__live=True, page__path__startswith=network.path
        ).select_related("page")
    )
    activities = list(
        publicly_visible(ActivityPage.objects.filter(representatives=representative))
        .defer("body")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    return {"representative": representative, "roles": roles, "activities": activities}


def qr_code_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (for posters: print the page or save the image)."""

    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=url)


def qr_code_png_data_uri(url: str) -> str:

    return segno.make(url, error="m").png_data_uri(scale=12, border=2)
