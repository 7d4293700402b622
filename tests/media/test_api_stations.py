import pytest

from stations.models import StationLevel, StationRepresentative
from tests.factories import (
    ActivityIndexPageFactory,
    ActivityPageFactory,
    RepresentativeFactory,
    StationIndexPageFactory,
    StationPageFactory,
)

pytestmark = pytest.mark.django_db


def test_station_activity_and_representative_endpoints(client, home_page, site_settings):
    network = StationIndexPageFactory(parent=home_page)
    city = StationPageFactory(parent=network, title="总站", level=StationLevel.CITY)
    ganlin = StationPageFactory(parent=city, title="甘霖站", township="甘霖镇")
    room = StationPageFactory(parent=ganlin, title="苍岩室", level=StationLevel.ROOM)
    StationPageFactory(parent=city, title="草稿站", live=False)
    rep = RepresentativeFactory(name="张代表")
    StationRepresentative.objects.create(page=ganlin, representative=rep, role="站长")
    RepresentativeFactory(name="不在站的代表")
    activities = ActivityIndexPageFactory(parent=network)
    activity = ActivityPageFactory(parent=activities, title="接待日")
    activity.stations.add(ganlin)
    activity.save()
    ActivityPageFactory(parent=activities, title="其他活动", activity_type="training")

    stations = client.get("/api/v2/stations/").json()["items"]
    assert [item["title"] for item in stations] == ["总站", "甘霖站", "苍岩室"]
    rooms = client.get("/api/v2/stations/", {"level": "room"}).json()["items"]
    assert [item["title"] for item in rooms] == [room.title]
    assert client.get("/api/v2/stations/", {"level": "x"}).status_code == 400
    detail = client.get(f"/api/v2/stations/{ganlin.pk}/").json()
    assert detail["functions"] == ["接待", "联络"]

    by_station = client.get("/api/v2/activities/", {"station": ganlin.pk}).json()["items"]
    assert [item["title"] for item in by_station] == ["接待日"]
    by_type = client.get("/api/v2/activities/", {"activity_type": "training"}).json()["items"]
    assert [item["title"] for item in by_type] == ["其他活动"]

    reps = client.get("/api/v2/representatives/").json()["items"]
    assert [item["name"] for item in reps] == ["张代表"]
    rep_detail = client.get(f"/api/v2/representatives/{rep.pk}/").json()
    assert rep_detail["stations"] == [{"id": ganlin.pk, "title": "甘霖站", "role": "站长"}]
