"""网上联络站 on the station and representative pages: the form, the figures, 公开答复, 代表码."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from home.cache.fragments import identity, kept_html

from .. import stats
from ..forms import MessageForm
from ..models import Category
from ..views import form_url

register = template.Library()


@register.inclusion_tag("liaison/station_panel.html", takes_context=True)
def liaison_station_panel(context, page):
    """For a station's page. The representatives to choose from are the page's own list (no
    query); figures and replies come from the cache (``liaison.stats``)."""
    rows = context.get("station_representatives") or []
    choices = [(row.representative.pk, row.representative.name) for row in rows]

    def render_form():
        form = MessageForm(station=page, rep_choices=choices)
        return render_to_string(
            "liaison/message_form.html", {"form": form, "action": form_url(station=page)}
        )

    # The empty form is the same for every reader of the station (no CSRF token: the challenge
    # guards it), so it is kept like the menu: rendering it was 7.8 ms of a station page's 51 ms
    # at 100k articles (bench/page_speed.py; the station page was 42 ms before the form came).
    vary_on = [identity(page), choices]
    form_html = kept_html(context.get("request"), "liaison-station-form", vary_on, render_form)
    return {"page": page, "form_html": mark_safe(form_html), **stats.station_panel(page)}


@register.inclusion_tag("liaison/representative_panel.html", takes_context=True)
def liaison_representative_panel(context, representative):
    """For a representative's page: the form with the representative chosen, among their
    stations (``roles``: the page's list of them)."""
    roles = context.get("roles") or []
    form = MessageForm(
        representative=representative,
        station_choices=[(page.pk, page.title) for page in roles],
    )
    if len(roles) == 1:
        form = MessageForm(representative=representative, station=roles[0])
    return {
        "representative": representative,
        "form": form,
        "action": form_url(representative=representative),
        "has_station": bool(roles),
    }


@register.filter
def category_label(code: str) -> str:
    return Category(code).label if code in Category.values else ""
