from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.rich_text import RichText

from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish


@pytest.fixture
def site_admin_client(client, home_page, site_settings):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client


def article(column, *, days_ago=1, text="代表联络站全面升级。", **fields):
    """A live article in ``column`` published ``days_ago`` days ago."""
    when = timezone.now() - timedelta(days=days_ago)
    page = NewsPageFactory(
        parent=column,
        publish_time=when,
        first_published_at=when,
        body=[("paragraph", RichText(f"<p>{text}</p>"))],
        **fields,
    )
    return publish(page, first_published_at=when)


@pytest.fixture
def columns(home_page, site_settings):
    """监督广角 (news, 14 days) and 重要发布 (notice, 180 days)."""
    return (
        NewsIndexPageFactory(parent=home_page, title="监督广角", slug="supervision"),
        NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases"),
    )
