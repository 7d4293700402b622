import pytest

from stations.models import StationLevel
from tests.factories import RepresentativeFactory, StationIndexPageFactory, StationPageFactory
from tests.liaison.staff_fixtures import staff, stations  # noqa: F401


@pytest.fixture(autouse=True)
def private_storage(monkeypatch, tmp_path):
    """Photos go to a fresh private folder for each test (the field resolved its storage,
    STORAGES["private"], when the model was defined)."""
    from django.core.files.storage import FileSystemStorage

    from liaison.models import MessagePhoto

    location = tmp_path / "private"
    field = MessagePhoto._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location))
    return location


@pytest.fixture(autouse=True)
def challenge_off(settings):
    """Most tests send forms as a script would; the challenge's own tests turn it back on."""
    settings.PARTICIPATION_CHALLENGE = False


@pytest.fixture
def network(home_page, site_settings):
    return StationIndexPageFactory(parent=home_page, slug="stations", title="代表联络站")


@pytest.fixture
def station(network):
    return StationPageFactory(
        parent=network, title="甘霖镇人大代表联络站", slug="ganlin", level=StationLevel.TOWNSHIP
    )


@pytest.fixture
def other_station(network):
    return StationPageFactory(
        parent=network, title="三界镇人大代表联络站", slug="sanjie", level=StationLevel.TOWNSHIP
    )


@pytest.fixture
def representative(station):
    representative = RepresentativeFactory(name="钱代表")
    station.station_representatives.create(representative=representative, role="")
    station.save_revision().publish()
    return representative
