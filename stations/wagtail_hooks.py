from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import StationGapsReportView


@hooks.register("register_admin_urls")
def register_station_gaps_report_urls():
    return [
        path("reports/station-gaps/", StationGapsReportView.as_view(), name="station_gaps_report"),
        path(
            "reports/station-gaps/results/",
            StationGapsReportView.as_view(results_only=True),
            name="station_gaps_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_station_gaps_report_menu_item():
    return MenuItem(
        _("联络站信息缺项"), reverse("station_gaps_report"), icon_name="warning", order=160
    )
