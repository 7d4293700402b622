import pytest

from stations.models import StationLevel
from tests.factories import (
    ActivityIndexPageFactory,
    StationIndexPageFactory,
    StationPageFactory,
)


@pytest.fixture
def network(home_page, site_settings):
    return StationIndexPageFactory(parent=home_page, slug="stations")


@pytest.fixture
def city_station(network):
    return StationPageFactory(
        parent=network, title="嵊州市人大代表联络总站", slug="city", level=StationLevel.CITY
    )


@pytest.fixture
def township_station(city_station):
    return StationPageFactory(
        parent=city_station,
        title="甘霖镇人大代表联络站",
        slug="ganlin",
        township="甘霖镇",
        address="甘霖镇人民政府",
        floor_area=60,
        premises="办公用房",
        reception_rule="每月15日",
        reception_note="每次由1名主席团成员和5名以上代表共同接待",
        phone="0575-83000000",
        functions=["display", "reception", "liaison", "deliberation", "study"],
        facilities=["computer", "tv", "projector", "touchscreen"],
        practices="<p>羲之调解</p>",
    )


@pytest.fixture
def activity_index(network):
    return ActivityIndexPageFactory(parent=network)
