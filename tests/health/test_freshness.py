import pytest
from django.contrib.auth.models import Group

from health.freshness import column_freshness, due_columns
from health.models import ColumnHealth, ColumnKind
from home.services import ensure_regional_editor_group
from tests.factories import NewsIndexPageFactory

from .conftest import article

pytestmark = pytest.mark.django_db


def by_title(rows):
    return {row.page.title: row for row in rows}


def test_fresh_columns_are_not_due(columns):
    news, notice = columns
    article(news, days_ago=3)
    article(notice, days_ago=100)

    rows = by_title(column_freshness())

    assert not rows["监督广角"].is_due
    assert not rows["重要发布"].is_due  # a notice column has six months
    assert rows["重要发布"].interval_days == 180
    assert rows["监督广角"].interval_days == 14
    assert due_columns() == []


def test_stale_and_empty_columns_are_due_with_last_time_and_group(columns, home_page):
    news, notice = columns
    old = article(news, days_ago=20)
    article(notice, days_ago=100)
    empty = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")

    rows = by_title(due_columns())

    assert set(rows) == {"监督广角", "代表工作", home_page.title}
    assert rows["监督广角"].is_stale
    assert rows["监督广角"].last_published == old.publish_time
    assert rows["监督广角"].days_since == 20
    assert rows["代表工作"].is_empty and rows["代表工作"].page.pk == empty.pk
    assert rows["监督广角"].group == Group.objects.get(name="编辑")
    assert not by_title(column_freshness())["重要发布"].is_stale


def test_home_page_is_as_fresh_as_the_newest_article(columns, home_page):
    news, _notice = columns
    article(news, days_ago=20)
    assert by_title(due_columns())[home_page.title].is_home

    article(news, days_ago=2)

    assert home_page.title not in by_title(due_columns())


def test_a_parent_column_is_as_fresh_as_its_sub_columns(home_page, site_settings):
    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    city = NewsIndexPageFactory(parent=local, title="绍兴市", slug="shaoxing")
    article(city, days_ago=2)
    group = ensure_regional_editor_group(column=city)

    rows = by_title(column_freshness())

    assert not rows["市县人大"].is_due
    assert rows["绍兴市"].group == group  # the regional group, not 编辑
    assert rows["市县人大"].group.name == "编辑"


def test_unpublished_and_future_articles_do_not_count(columns):
    news, _notice = columns
    draft = article(news, days_ago=1)
    draft.unpublish()
    article(news, days_ago=-3)  # 发布时间 three days from now

    assert by_title(due_columns())["监督广角"].is_empty


def test_an_editor_sets_the_interval_type_and_group_per_column(columns):
    news, notice = columns
    article(news, days_ago=20)
    article(notice, days_ago=40)
    group = Group.objects.get(name="审核")
    ColumnHealth.objects.create(page=news, kind=ColumnKind.NEWS, interval_days=30)
    ColumnHealth.objects.create(page=notice, kind=ColumnKind.NEWS, responsible_group=group)

    rows = by_title(column_freshness())

    assert not rows["监督广角"].is_due
    assert rows["重要发布"].is_stale and rows["重要发布"].group == group


def test_exempt_columns_are_never_due(home_page, site_settings):
    NewsIndexPageFactory(parent=home_page, title="人大概览", slug="overview")

    row = by_title(column_freshness())["人大概览"]

    assert row.kind == ColumnKind.EXEMPT and not row.is_due
