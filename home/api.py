"""Shared pieces of the read-only JSON API (Wagtail API v2)."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import Http404
from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale

from .converters import MAX_ID
from .services import publicly_visible


def parse_date_param(request, name):
    """A YYYY-MM-DD query parameter as a date, None when absent, a 400 error when malformed."""
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise BadRequestError(f"{name} must be a date like 2020-07-30") from error


def parse_id_param(request, name):
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise BadRequestError(f"{name} must be a positive integer id")
    return int(value)


def day_bounds(request, field: str) -> dict:
    """Filter kwargs for ``from``/``to`` (inclusive days in the site's time zone) on ``field``."""
    start, end = parse_date_param(request, "from"), parse_date_param(request, "to")
    lookups = {}
    zone = timezone.get_current_timezone()
    if start:
        lookups[f"{field}__gte"] = datetime.combine(start, time.min, tzinfo=zone)
    if end:
        lookups[f"{field}__lte"] = datetime.combine(end, time.max, tzinfo=zone)
    return lookups


class DateRangeFilter(BaseFilterBackend):
    """``from`` / ``to`` on the view's ``date_field``."""

    def filter_queryset(self, request, queryset, view):
        lookups = day_bounds(request, view.date_field)
        if view.date_field_is_date:
            lookups = {key: value.date() for key, value in lookups.items()}
        return queryset.filter(**lookups) if lookups else queryset


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging, with an offset the database can take (else a 400)."""

    max_offset = 10_000_000

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail reports the malformed value itself
        if offset > self.max_offset:
            raise BadRequestError(f"offset cannot be higher than {self.max_offset}")
        return super().paginate_queryset(queryset, request, view=view)


class BadQueryIs400Mixin:
    """For API viewsets: a query value the database cannot take is a 400, never a 500.

    Wagtail's field filters (``?publish_time=…``, ``?stations=…``) let such a value escape as
    ValidationError or ValueError while filtering, or as OverflowError / DataError when the
    query runs (an id past 64 bits).
    """

    pagination_class = BoundedPagination

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            raise BadRequestError("; ".join(error.messages)) from error
        except ValueError as error:
            raise BadRequestError(str(error)) from error

    def listing_view(self, request):
        try:
            return super().listing_view(request)
        except (OverflowError, DataError) as error:
            raise BadRequestError("a query parameter is out of range") from error

    def get_object(self):
        # The router's ``<int:pk>`` takes any number of digits: past 64 bits there is no such
        # row, and asking the database would raise (OverflowError on SQLite).
        if int(self.kwargs.get("pk", 0)) > MAX_ID:
            raise Http404("not found")
        return super().get_object()

    def find_view(self, request):
        """``find/?id=…``: an id that is no number, or past 64 bits, finds nothing (404)."""
        value = request.GET.get("id")
        if value is not None and not (value.isascii() and value.isdigit() and int(value) <= MAX_ID):
            raise Http404("not found")
        return super().find_view(request)


def in_requested_language(request, queryset):
    """``locale=<code>``: the pages in that language; without it, in the site's default language
    (Chinese). A list mixing languages showed a translation above its original, with the day it
    was translated as its ``first_published_at``."""
    code = request.GET.get("locale")
    if code is None:
        return queryset.filter(locale=Locale.get_default())
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        codes = ", ".join(Locale.objects.order_by("pk").values_list("language_code", flat=True))
        raise BadRequestError(f"locale must be one of: {codes}")
    return queryset.filter(locale=locale)


class PublicPagesAPIViewSet(BadQueryIs400Mixin, PagesAPIViewSet):
    """Live, public, unexpired pages of one model; the base of the site's endpoints. Lists are in
    one language (``in_requested_language``); a detail answers for a page in any language."""

    date_field = "first_published_at"
    date_field_is_date = False
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["from", "to"])

    def get_base_queryset(self):
        return publicly_visible(super().get_base_queryset())

    def get_queryset(self):
        ids = self.get_base_queryset().values_list("pk", flat=True)
        return self.model.objects.filter(pk__in=ids).order_by("-pk")

    def filter_queryset(self, queryset):
        # Lists only (a detail is found through here too); before the view's own filters, as
        # the search filter must stay the last one.
        if self.action == "listing_view":
            try:
                queryset = in_requested_language(self.request, queryset)
            except ValueError as error:  # a value the database driver refuses (a NUL)
                raise BadRequestError(str(error)) from error
        return super().filter_queryset(queryset)
