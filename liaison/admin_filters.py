"""The message list's filters (station, representative, status, category, overdue, date), shared
by the list, its XLSX export and the overdue report, so that an export holds what the list shows."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from stations.models import Representative, StationPage

from .deadlines import overdue_bands, overdue_condition
from .models import Message
from .permissions import visible_stations


class MessageFilterSet(WagtailFilterSet):
    station = django_filters.ModelChoiceFilter(
        label=_("联络站（含下属联络室）"),
        queryset=StationPage.objects.none(),
        method="filter_station",
    )
    representative = django_filters.ModelChoiceFilter(
        label=_("代表"), queryset=Representative.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Message._meta.get_field("status").choices
    )
    category = django_filters.ChoiceFilter(
        label=_("类别"), choices=Message._meta.get_field("category").choices
    )
    overdue = django_filters.ChoiceFilter(label=_("超期"), choices=[], method="filter_overdue")
    received = django_filters.DateFromToRangeFilter(
        label=_("收到日期"), field_name="received_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Message
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        stations = StationPage.objects.filter(pk__in=Message.objects.values("station"))
        if request is not None:
            stations = visible_stations(request.user, stations)
        self.filters["station"].queryset = stations.order_by("path")
        self.filters["representative"].queryset = Representative.objects.filter(
            pk__in=Message.objects.filter(station__in=stations).values("representative")
        ).order_by("name")
        self.filters["overdue"].extra["choices"] = [
            (value, label) for value, label, _condition in overdue_bands()
        ]

    def filter_station(self, queryset, name, station):
        if station is None:
            return queryset
        return queryset.filter(station__path__startswith=station.path)

    def filter_overdue(self, queryset, name, value):
        condition = overdue_condition(value, timezone.now())
        return queryset if condition is None else queryset.filter(condition)
