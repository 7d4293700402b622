"""Queries behind the station, network, activity and representative pages.

The page classes (stations/models) call these from ``get_context`` and pass the models each
one reads: this module sits below them and imports none (models never import what uses them).
"""

import segno
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from home.cache.lookups import active_locale_id
from home.navigation import default_locale_id, in_reader_language, with_translations
from home.pagination import page_or_404
from home.visibility import publicly_visible


def pinyin_order(name: str) -> tuple:
    """Sort key for a Chinese place name: its pinyin syllable by syllable (tone numbers after
    the letters, as a dictionary orders them), then the characters: 北漳镇, 长乐镇, 甘霖镇 …
    where code points give 三江街道, 下王镇, 仙岩镇, 北漳镇 …"""
    # Imported here: its dictionaries take 0.2 s and about 50 MB, needed only by the network page.
    from pypinyin import Style, lazy_pinyin

    return (lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True), name)


def network_stations(*, network, stations) -> list:
    """The network's live stations in the reader's language, one per station whatever has been
    translated: each station's version in the network's language, else the other language's
    (marked ``fallback_lang``), in the order of the default language's tree (the complete one).
    One query (two when the network is translated). ``stations``: the station model."""
    roots = with_translations(network)
    below = Q()
    for root in roots:
        below |= Q(path__startswith=root.path, depth__gt=root.depth)
    found = list(publicly_visible(stations.objects.filter(below)).defer("practices"))
    default = default_locale_id()
    found.sort(key=lambda station: (station.locale_id != default, station.path))
    return in_reader_language(found, locale_id=network.locale_id)


def network_context(*, network, params, stations, levels, activity_indexes) -> dict:
    """The network overview: counts per level, township filter options, the filtered list. The
    counts describe the whole network, translated or not. ``stations``, ``levels`` and
    ``activity_indexes``: the station model, its level choices and the activity index model."""
    every = network_stations(network=network, stations=stations)
    counts = dict.fromkeys(levels.values, 0)
    for station in every:
        counts[station.level] = counts.get(station.level, 0) + 1
    townships = sorted(
        {station.township for station in every if station.township}, key=pinyin_order
    )

    level = params.get("level", "")
    level = level if level in levels.values else ""
    township = params.get("township", "")
    township = township if township in townships else ""
    listed = [
        station
        for station in every
        if (not level or station.level == level) and (not township or station.township == township)
    ]
    return {
        "level_counts": [(levels(key), counts[key]) for key in levels.values],
        "network_formula": "+".join(str(counts[key]) for key in levels.values),
        "townships": townships,
        "levels": levels.choices,
        "selected_level": level,
        "selected_township": township,
        "stations": listed,
        "map": station_map(listed),
        "activity_index": publicly_visible(activity_indexes.objects.child_of(network)).first(),
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


def station_context(*, station, url: str, networks, roles, representatives, activities) -> dict:
    """A station's page. Its lists (representatives, sub-stations, activities) cover the station
    in every language: a translated station shows the other language's items where its own
    language has none, marked with their language (``fallback_lang``). ``networks``, ``roles``,
    ``representatives``, ``activities``: the models of the network, of a representative's role
    at a station, of the representatives and of the activities."""
    versions = with_translations(station)
    return {
        "network": networks.objects.ancestor_of(station).first(),
        "qr_svg": qr_code_svg(url),
        "qr_png": qr_code_png_data_uri(url),
        "photos": list(
            station.photos.select_related("image").prefetch_related("image__renditions")
        ),
        "station_representatives": station_representatives(
            station=station, versions=versions, roles=roles, representatives=representatives
        ),
        "child_stations": _child_stations(station=station, versions=versions),
        "latest_activities": _latest_activities(
            station=station, versions=versions, activities=activities
        ),
    }


def station_representatives(*, station, versions, roles, representatives) -> list:
    """The station's representatives (its own rows, else those of its first translation that
    has any), each shown in the reader's language where that version of the snippet exists."""
    locale_id = active_locale_id()
    every = list(
        roles.objects.filter(page_id__in=[v.pk for v in versions])
        .annotate(
            own_version=_reader_version(
                representatives, "representative__translation_key", locale_id
            )
        )
        .select_related("representative__photo")
        .order_by("sort_order", "pk")
    )  # one query for the station and its translations
    rows = []
    for version in versions:
        rows = [row for row in every if row.page_id == version.pk]
        if rows:
            break
    others = {
        row.own_version for row in rows if row.own_version not in (None, row.representative_id)
    }
    if others:
        # The reader's version of the representatives that have one (one query, only then).
        found = representatives.objects.select_related("photo").in_bulk(others)
        for row in rows:
            row.representative = found.get(row.own_version, row.representative)
    return rows


def _reader_version(representatives, key_field: str, locale_id: int):
    """The id of the representative with ``key_field``'s translation key in ``locale_id``."""
    return Subquery(
        representatives.objects.filter(
            translation_key=OuterRef(key_field), locale_id=locale_id
        ).values("pk")[:1]
    )


def _child_stations(*, station, versions) -> list:
    below = Q()
    for version in versions:
        below |= Q(path__startswith=version.path, depth=version.depth + 1)
    children = list(publicly_visible(type(station).objects.filter(below)).defer("practices"))
    default = default_locale_id()
    children.sort(key=lambda child: (child.locale_id != default, child.path))
    return in_reader_language(children, locale_id=station.locale_id)


def _latest_activities(*, station, versions, activities, limit=6) -> list:
    """The newest activities reported for the station in any language, one version of each
    (the reader's where it exists)."""
    found = list(
        publicly_visible(activities.objects.filter(stations__in=[v.pk for v in versions]))
        .defer("body")
        .distinct()
        .order_by(F("start_date").desc(nulls_last=True), "-pk")[: limit * len(versions)]
    )
    return in_reader_language(found, locale_id=station.locale_id)[:limit]


def activity_listing_context(*, index, request, activities, types) -> dict:
    """An activity index: the activities below it (and its translations), filtered by type.
    ``activities``, ``types``: the activity model and its type choices."""
    # The stations an activity is reported for, read through the relation (a model above this).
    stations = activities._meta.get_field("stations").related_model
    params = request.GET

    activity_type = params.get("type", "")
    activity_type = activity_type if activity_type in types.values else ""
    versions = with_translations(index)
    below = Q()
    for version in versions:
        below |= Q(path__startswith=version.path, depth=version.depth + 1)
    listed = (
        publicly_visible(activities.objects.filter(below))
        .defer("body")
        .prefetch_related(
            Prefetch(
                "stations",
                queryset=publicly_visible(stations.objects.all()).only(
                    "title", "url_path", "path", "depth"
                ),
            )
        )
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    if activity_type:
        listed = listed.filter(activity_type=activity_type)
    if len(versions) > 1:
        # A translated list: each activity once, the reader's version where it exists, else the
        # other language's (marked), rather than only what has been translated so far.
        listed = in_reader_language(list(listed), locale_id=index.locale_id)
    page = page_or_404(Paginator(listed, 20), request)
    return {
        "activities": page,
        "activity_types": types.choices,
        "selected_type": activity_type,
        "pagination_query": f"type={activity_type}" if activity_type else "",
    }


def _below_any(pages, field="page__path") -> Q:
    condition = Q()
    for page in pages:
        condition |= Q(**{f"{field}__startswith": page.path})
    return condition


def network_representatives(*, network, representatives):
    """The representatives of the network's stations in any language, each once, in the
    reader's language where that version exists. ``representatives``: their model."""
    locale_id = active_locale_id()
    reps = list(
        representatives.objects.filter(
            _below_any(with_translations(network), "station_roles__page__path")
        )
        .annotate(own_version=_reader_version(representatives, "translation_key", locale_id))
        .select_related("photo")
        .distinct()
        .order_by("name", "pk")
    )
    others = {rep.own_version for rep in reps if rep.own_version not in (None, rep.pk)}
    if others:
        reps += representatives.objects.select_related("photo").in_bulk(others).values()
    return in_reader_language(reps, locale_id=locale_id)


def representative_context(*, network, representative, roles, stations, activities) -> dict:
    """A representative's profile: their stations and activities in any language, one version
    of each (the reader's where it exists). ``roles``, ``stations``, ``activities``: the models
    of a role at a station, of the stations and of the activities."""
    versions = with_translations(network)
    locale_id = active_locale_id()
    held = list(
        roles.objects.filter(
            _below_any(versions),
            representative__translation_key=representative.translation_key,
            page__live=True,
        ).select_related("page")
    )
    by_page = {}
    for role in held:
        page = role.page
        page.role = role.role_label
        by_page.setdefault(page.translation_key, []).append(page)
    pages = in_reader_language(
        sorted((p for group in by_page.values() for p in group), key=lambda p: p.path),
        locale_id=locale_id,
    )
    pages = _in_locale_where_live(pages, locale_id=locale_id, stations=stations)
    found = list(
        publicly_visible(
            activities.objects.filter(
                representatives__translation_key=representative.translation_key
            )
        )
        .defer("body")
        .distinct()
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    return {
        "representative": representative,
        "roles": pages,
        "activities": in_reader_language(found, locale_id=locale_id),
    }


def _in_locale_where_live(pages, *, locale_id, stations) -> list:
    """``pages`` with each other-language page (``fallback_lang``) replaced by its live
    translation in ``locale_id`` where one exists (a role recorded on the Chinese station only
    still links to the English station); one query, none when all are in ``locale_id``."""
    foreign = [page for page in pages if page.fallback_lang]
    if not foreign:
        return pages
    found = {
        page.translation_key: page
        for page in publicly_visible(
            stations.objects.filter(
                translation_key__in=[page.translation_key for page in foreign],
                locale_id=locale_id,
            )
        ).defer("practices")
    }
    result = []
    for page in pages:
        translation = found.get(page.translation_key) if page.fallback_lang else None
        if translation is not None:
            translation.role = getattr(page, "role", "")
            translation.fallback_lang = ""
            page = translation
        result.append(page)
    return result


def qr_code_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (for posters: print the page or save the image)."""

    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=url)


def qr_code_png_data_uri(url: str) -> str:

    return segno.make(url, error="m").png_data_uri(scale=12, border=2)
