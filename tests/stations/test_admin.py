import json

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model

from stations.models import StationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    client.force_login(user)
    return client


def station_form(**overrides):
    data = {
        "title": "新联络站",
        "slug": "new-station",
        "level": "township",
        "township": "",
        "address": "",
        "latitude": "",
        "longitude": "",
        "floor_area": "",
        "premises": "",
        "opening_hours": "",
        "reception_rule": "",
        "reception_note": "",
        "phone": "",
        "other_facilities": "",
        "practices": json.dumps({"blocks": [], "entityMap": {}}),
        "functions": ["reception"],
    }
    for prefix in ["photos", "station_representatives"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def add_url(parent, model="stationpage"):
    return f"/admin/pages/add/stations/{model}/{parent.pk}/"


def test_add_forms_render(admin_client, network, city_station, activity_index):
    assert admin_client.get(add_url(city_station)).status_code == 200
    assert admin_client.get(add_url(activity_index, "activitypage")).status_code == 200
    assert admin_client.get(f"/admin/pages/{city_station.pk}/edit/").status_code == 200
    assert admin_client.get("/admin/snippets/stations/representative/add/").status_code == 200


def test_a_township_station_can_be_added_under_the_city_station(admin_client, city_station):
    response = admin_client.post(add_url(city_station), station_form())

    assert response.status_code == 302
    station = StationPage.objects.get(slug="new-station")
    assert station.get_parent().pk == city_station.pk
    assert station.functions == ["reception"]


@pytest.mark.parametrize(
    ("parent_fixture", "level"),
    [("network", "room"), ("township_station", "township"), ("city_station", "city")],
)
def test_hierarchy_rules_are_enforced_in_the_editor(admin_client, request, parent_fixture, level):
    parent = request.getfixturevalue(parent_fixture)

    response = admin_client.post(add_url(parent), station_form(level=level))

    assert response.status_code == 200
    assert "不能设在" in response.content.decode()
    assert not StationPage.objects.filter(slug="new-station").exists()


def test_gallery_photo_without_alt_text_is_refused(admin_client, city_station):
    image = wagtail_factories.ImageFactory()
    data = station_form(
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": str(image.pk),
            "photos-0-alt_text": "",
            "photos-0-caption": "",
            "photos-0-ORDER": "1",
            "photos-0-id": "",
            "photos-0-DELETE": "",
            # Drafts may be incomplete (Wagtail defers required fields); publishing may not.
            "action-publish": "action-publish",
        }
    )

    response = admin_client.post(add_url(city_station), data)

    assert response.status_code == 200
    assert not StationPage.objects.filter(slug="new-station").exists()
    photo_errors = response.context["form"].formsets["photos"].errors
    assert "alt_text" in photo_errors[0]


def test_unknown_function_choice_is_refused(admin_client, city_station):
    response = admin_client.post(add_url(city_station), station_form(functions=["teleport"]))
    assert response.status_code == 200
    assert not StationPage.objects.filter(slug="new-station").exists()
