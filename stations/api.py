from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from home.api import BadQueryIs400Mixin, DateRangeFilter, PublicPagesAPIViewSet, parse_id_param
from home.services import publicly_visible

from .models import ActivityPage, ActivityType, Representative, StationLevel, StationPage


class StationFieldsFilter(BaseFilterBackend):
    """``level`` and ``township`` for stations."""

    def filter_queryset(self, request, queryset, view):
        level = request.GET.get("level")
        if level:
            if level not in StationLevel.values:
                raise BadRequestError(f"level must be one of {', '.join(StationLevel.values)}")
            queryset = queryset.filter(level=level)
        township = request.GET.get("township")
        if township:
            queryset = queryset.filter(township=township[:50])
        return queryset


class ActivityFieldsFilter(BaseFilterBackend):
    """``station=<id>`` and ``activity_type`` for activities."""

    def filter_queryset(self, request, queryset, view):
        station_id = parse_id_param(request, "station")
        if station_id is not None:
            queryset = queryset.filter(stations=station_id)
        activity_type = request.GET.get("activity_type")
        if activity_type:
            if activity_type not in ActivityType.values:
                raise BadRequestError(
                    f"activity_type must be one of {', '.join(ActivityType.values)}"
                )
            queryset = queryset.filter(activity_type=activity_type)
        return queryset


class StationsAPIViewSet(PublicPagesAPIViewSet):
    """/api/v2/stations/: liaison stations and rooms."""

    model = StationPage
    name = "stations"
    filter_backends = [FieldsFilter, StationFieldsFilter, OrderingFilter, SearchFilter]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(
        ["level", "township"]
    )
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + [
        "level",
        "township",
        "address",
    ]

    def get_queryset(self):
        return super().get_queryset().order_by("path")


class ActivitiesAPIViewSet(PublicPagesAPIViewSet):
    """/api/v2/activities/: activities at the stations, newest first."""

    model = ActivityPage
    name = "activities"
    date_field = "start_date"
    date_field_is_date = True
    filter_backends = [
        FieldsFilter,
        ActivityFieldsFilter,
        DateRangeFilter,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(
        ["station", "activity_type"]
    )
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + [
        "start_date",
        "activity_type",
        "stations",
    ]

    def get_queryset(self):
        return super().get_queryset().order_by("-start_date", "-pk")


class RepresentativesAPIViewSet(BadQueryIs400Mixin, BaseAPIViewSet):
    """/api/v2/representatives/: representatives who serve at a live station."""

    model = Representative
    name = "representatives"
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "congress_level",
        "constituency",
        "occupation",
        "bio",
        "photo",
        "stations",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "name",
        "congress_level",
        "constituency",
    ]
    filter_backends = [FieldsFilter, OrderingFilter]

    def get_queryset(self):
        station_ids = publicly_visible(StationPage.objects.all()).values_list("pk", flat=True)
        return (
            Representative.objects.filter(station_roles__page__in=station_ids)
            .distinct()
            .order_by("name", "pk")
        )
