"""报告 › 联络站信息缺项: which stations lack the facts a visitor needs (issue #20)."""

import pytest
from django.contrib.auth import get_user_model

from stations.models import StationRepresentative
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client


def test_report_lists_stations_with_their_missing_facts(
    admin_client, city_station, township_station
):
    StationRepresentative.objects.create(
        page=township_station, representative=RepresentativeFactory()
    )

    response = admin_client.get("/admin/reports/station-gaps/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "联络站信息缺项" in html
    assert f'href="/admin/pages/{city_station.pk}/edit/"' in html
    assert "地址、联系电话、开放时间、接待日规则、进站代表" in html
    # the township station lacks only its opening hours
    assert f'href="/admin/pages/{township_station.pk}/edit/"' in html
    row = html[html.index(f"/admin/pages/{township_station.pk}/edit/") :].split("</tr>")[0]
    assert "开放时间" in row and "地址" not in row and "进站代表" not in row


def test_a_complete_station_is_not_listed(admin_client, township_station):
    township_station.opening_hours = "工作日 8:30-17:00"
    township_station.save_revision().publish()
    StationRepresentative.objects.create(
        page=township_station, representative=RepresentativeFactory()
    )

    html = admin_client.get("/admin/reports/station-gaps/").content.decode()

    assert f"/admin/pages/{township_station.pk}/edit/" not in html


def test_the_report_is_in_the_reports_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/station-gaps/" in html


def test_readers_cannot_see_the_report(client, home_page):
    response = client.get("/admin/reports/station-gaps/")
    assert response.status_code == 302  # to the login page
