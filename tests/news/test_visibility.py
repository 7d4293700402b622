"""The one definition of "visible to the public" (home/visibility.py) read as an ORM condition
and as SQL selects the same pages: drafts, scheduled pages (go-live in the future), expired
ones, embargoed articles (发布时间 in the future), pages in a private section, and aliases —
at the exact instants where each rule changes its mind."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from home.cache.generation import bump_generation
from home.visibility import PUBLIC_PAGES
from news.models import NewsPage
from news.querysets import PUBLIC_ARTICLES
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=500_000)
# Moments around now: long before and after, a second either side, and now itself.
MOMENTS = st.sampled_from([None, -86_400, -1, 0, 1, 86_400])

PAGES = st.lists(
    st.fixed_dictionaries(
        {
            "live": st.booleans(),
            "go_live_at": MOMENTS,  # a draft scheduled for later is not live yet
            "expire_at": MOMENTS,
            "publish_time": MOMENTS,
            "private": st.booleans(),
            "alias": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


def moment(offset):
    return None if offset is None else NOW + timedelta(seconds=offset)


def expected(spec) -> bool:
    """The rules, written out for one page."""
    expire_at, publish_time = moment(spec["expire_at"]), moment(spec["publish_time"])
    return (
        spec["live"]
        and (expire_at is None or expire_at > NOW)
        and publish_time is not None
        and publish_time <= NOW
        and not spec["private"]
    )


def sql_selection(visibility, model, aliases) -> set[int]:
    condition, params = visibility.sql(model, aliases, now=NOW)
    pages = connection.ops.quote_name(Page._meta.db_table)
    if model is Page:
        sql = f"SELECT p.id FROM {pages} p WHERE {condition}"
    else:
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"SELECT p.id FROM {table} n INNER JOIN {pages} p ON n.page_ptr_id = p.id"
        sql += f" WHERE {condition}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=PAGES)
def test_the_orm_and_the_sql_readings_of_visibility_agree(home_page, specs):
    with transaction.atomic():  # each example's pages are rolled back
        bump_generation()
        public = NewsIndexPageFactory(parent=home_page, title="公开", slug="public")
        private = NewsIndexPageFactory(parent=home_page, title="内部", slug="internal")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        bump_generation()
        created, previous = {}, None
        for spec in specs:
            column = private if spec["private"] else public
            if spec["alias"] and previous is not None and previous.get_parent().pk != column.pk:
                page = previous.create_alias(parent=column, update_slug=f"alias-{previous.pk}")
            else:
                page = NewsPageFactory(parent=column)
            NewsPage.objects.filter(pk=page.pk).update(
                live=spec["live"],
                go_live_at=moment(spec["go_live_at"]),
                expire_at=moment(spec["expire_at"]),
                publish_time=moment(spec["publish_time"]),
            )
            created[page.pk] = spec
            previous = page

        articles = {Page: "p", NewsPage: "n"}
        orm = set(NewsPage.objects.filter(PUBLIC_ARTICLES.q(now=NOW)).values_list("pk", flat=True))
        assert orm == sql_selection(PUBLIC_ARTICLES, NewsPage, articles)
        assert orm == {pk for pk, spec in created.items() if expected(spec)}

        pages = set(Page.objects.filter(PUBLIC_PAGES.q(now=NOW)).values_list("pk", flat=True))
        assert pages == sql_selection(PUBLIC_PAGES, Page, {Page: "p"})
        assert public.pk in pages and private.pk not in pages
        transaction.set_rollback(True)
