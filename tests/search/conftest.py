from pathlib import Path

import pytest
from django.conf import settings

from news.legacy import read_legacy_file
from news.models import NewsPage
from news.services import import_legacy_article
from tests.factories import NewsIndexPageFactory

SEED = (
    Path(settings.BASE_DIR)
    / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
)


@pytest.fixture
def seed(home_page, site_settings):
    """The seed article, imported and published as the legacy importer does it."""
    page = import_legacy_article(article=read_legacy_file(SEED), home=home_page).page
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def column(home_page, site_settings):
    return NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
