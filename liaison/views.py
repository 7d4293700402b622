"""The public pages of 网上联络站: the form (general, or with a station or representative
chosen), the receipt, the lookup with the rating, and the 代表码 QR codes."""

import io
import secrets

import segno
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.services import publicly_visible
from participation import ratelimit
from participation.views import public_input
from stations.models import Representative, StationPage

from . import stats
from .forms import LookupForm, MessageForm, RatingForm
from .models import Message, Status
from .services import find_for_lookup, rate_reply, submit_message

RATING_SALT = "liaison.rating"
RATING_MAX_AGE = 3600


def _int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _addressee(request):
    """The station and representative chosen by the address (?station=, ?representative=: a
    代表码, or the form of a station's page); 404 for one that is not public."""
    station = representative = None
    if (station_id := _int_param(request, "station")) is not None:
        station = get_object_or_404(publicly_visible(StationPage.objects.all()), pk=station_id)
    if (rep_id := _int_param(request, "representative")) is not None:
        representative = get_object_or_404(Representative, pk=rep_id)
    return station, representative


def form_url(*, station=None, representative=None) -> str:
    """The form with its addressee chosen (what the 代表码 opens)."""
    url = reverse("liaison:write")
    if station is not None:
        return f"{url}?station={station.pk}"
    if representative is not None:
        return f"{url}?representative={representative.pk}"
    return url


@public_input
def write(request):
    """给代表留言: the general page (choose a station or representative), or the form with its
    addressee chosen. A valid message gets its case number and 查询码 on this response, once."""
    station, representative = _addressee(request)
    context = {"station": station, "representative": representative}
    if request.method != "POST":
        form = MessageForm(station=station, representative=representative)
        return TemplateResponse(request, "liaison/write.html", {**context, "form": form})
    form = MessageForm(request.POST, request.FILES, station=station, representative=representative)
    if not form.is_valid():
        return TemplateResponse(
            request, "liaison/write.html", {**context, "form": form}, status=400
        )
    if form.is_spam:
        # Answered as if accepted (a bot learns nothing), nothing stored.
        fake = f"{secrets.randbelow(1_000_000):06d}"
        return TemplateResponse(
            request,
            "liaison/sent.html",
            {"case_number": f"SZ-0000-{fake}", "code": fake, "held": False},
        )
    if not form.check_limits(request):
        return TemplateResponse(
            request, "liaison/write.html", {**context, "form": form}, status=429
        )
    sent = submit_message(
        data=form.cleaned_data, held_for=form.hold_reasons, language=get_language()
    )
    stats.forget_station(form.cleaned_data["station"])
    return TemplateResponse(
        request,
        "liaison/sent.html",
        {
            "case_number": sent.message.case_number,
            "code": sent.code,
            "duplicate": sent.duplicate,
            "held": sent.message.status == Status.HELD,
            "emailed": bool(sent.message.contact_email) and not sent.duplicate,
        },
    )


def _result(request, message, *, rating_form=None, rated_now=False, status=200):
    token = signing.dumps(message.pk, salt=RATING_SALT)
    reply = getattr(message, "reply", None)
    context = {
        "message": message,
        "reply": reply if reply is not None and reply.status == reply.Status.APPROVED else None,
        "rating_form": rating_form or RatingForm(initial={"token": token}),
        "rated_now": rated_now,
    }
    return TemplateResponse(request, "liaison/lookup_result.html", context, status=status)


@public_input
def lookup(request):
    """留言查询: 编号 + 查询码 → status, dates and the approved reply; nothing else. Wrong pairs
    are counted per address and per case number; past either limit every attempt is refused
    with the same words, right or wrong."""
    if request.method != "POST":
        return TemplateResponse(request, "liaison/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "liaison/lookup.html", {"form": form}, status=400)
    address = ratelimit.client_key(request)
    case_number = form.cleaned_data["case_number"].strip().upper()
    if ratelimit.blocked_named(
        "lookup_address", address, scope="liaison"
    ) or ratelimit.blocked_named("lookup_case", case_number, scope="liaison"):
        form.add_error(None, _("查询错误次数过多，请稍后再试。"))
        return TemplateResponse(request, "liaison/lookup.html", {"form": form}, status=429)
    message = find_for_lookup(case_number, form.cleaned_data["code"])
    if message is None:
        ratelimit.allow_named("lookup_address", address, scope="liaison")
        ratelimit.allow_named("lookup_case", case_number, scope="liaison")
        form.add_error(None, _("留言编号或查询码不正确，请核对后再试。"))
        return TemplateResponse(request, "liaison/lookup.html", {"form": form}, status=400)
    return _result(request, message)


@public_input
def rate(request):
    """The sender's rating, from the lookup result (a signed token stands for the pair)."""
    if request.method != "POST":
        raise Http404
    form = RatingForm(request.POST)
    try:
        message_id = signing.loads(
            request.POST.get("token", ""), salt=RATING_SALT, max_age=RATING_MAX_AGE
        )
        message = Message.objects.select_related("reply").get(pk=message_id)
    except (signing.BadSignature, Message.DoesNotExist, TypeError, ValueError):
        return TemplateResponse(
            request,
            "liaison/lookup.html",
            {"form": LookupForm(), "expired": True},
            status=400,
        )
    if not form.is_valid():
        return _result(request, message, rating_form=form, status=400)
    rated = rate_reply(message=message, rating=form.cleaned_data["rating"])
    message.refresh_from_db()
    return _result(request, message, rated_now=rated)


def _qr_response(url: str, fmt: str, filename: str):
    if fmt not in ("png", "svg"):
        raise Http404
    qr = segno.make(url, error="m")
    output = io.BytesIO()
    if fmt == "svg":
        qr.save(output, kind="svg", scale=10, border=2, title=url)
        content_type = "image/svg+xml"
    else:
        qr.save(output, kind="png", scale=12, border=2)
        content_type = "image/png"
    response = HttpResponse(output.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


def station_qr(request, station_id: int, fmt: str):
    """代表码 of a station: opens the form with the station chosen (print-ready PNG or SVG)."""
    station = get_object_or_404(publicly_visible(StationPage.objects.all()), pk=station_id)
    url = request.build_absolute_uri(form_url(station=station))
    return _qr_response(url, fmt, f"daibiaoma-{station.slug}")


def representative_qr(request, representative_id: int, fmt: str):
    """代表码 of a representative: opens the form with the representative chosen."""
    representative = get_object_or_404(Representative, pk=representative_id)
    url = request.build_absolute_uri(form_url(representative=representative))
    return _qr_response(url, fmt, f"daibiaoma-{representative.pk}")
