from django.urls import path

from home import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "liaison"

urlpatterns = [
    path("liaison/", views.write, name="write"),
    path("liaison/lookup/", views.lookup, name="lookup"),
    path("liaison/lookup/rate/", views.rate, name="rate"),
    path(
        "liaison/qr/station-<id:station_id>.<str:fmt>",
        views.station_qr,
        name="station_qr",
    ),
    path(
        "liaison/qr/representative-<id:representative_id>.<str:fmt>",
        views.representative_qr,
        name="representative_qr",
    ),
]
