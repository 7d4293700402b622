import pytest

from tests.factories import NewsIndexPageFactory


@pytest.fixture
def local_columns(home_page, site_settings):
    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    shaoxing = NewsIndexPageFactory(parent=local, title="绍兴市", slug="shaoxing")
    return local, shaoxing
