import pytest

from stations.models import StationLevel
from tests.factories import RepresentativeFactory, StationIndexPageFactory, StationPageFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    return tmp_path / "private"


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
