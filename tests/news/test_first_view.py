"""The query budget of an article's FIRST view: the site's shared data warm (another page of the
site and another article of the column have been shown since the last publication), the
article's own data cold — the long tail of a big site, where most articles are viewed rarely.
Routing reads the article, its feature image, byline, topics and 上一篇/下一篇 in one statement
(news/statements.py) on every database."""

import io

import pytest
import wagtail_factories
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsPage
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

# The article's own queries: the routing statement and the 相关文章 lists of its topics (4 on
# SQLite before routing read the byline, topics and neighbours along there too).
FIRST_VIEW_BUDGET = 2
# A whole first view on the demo site (``load_demo``), the worst of its articles: 11 queries on
# SQLite and 10 on PostgreSQL before; routing, the column's other children, the site texts of
# the language and the like are the rest.
DEMO_FIRST_VIEW_BUDGET = 10


@pytest.fixture
def first_view(client, home_page, column):
    """``first_view(article)``: the article's first view after the home page and another
    article of its column were shown (page cache emptied), and its queries."""

    def view(article, *, other):
        client.get("/")
        client.get(other.url)
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.url)
        assert response.status_code == 200
        return response, queries

    return view


@pytest.mark.parametrize("count", [3, 30])
def test_an_articles_first_view_stays_within_its_budget(column, count, first_view):
    for _ in range(count):
        NewsPageFactory(parent=column, feature_image=None)
    other = NewsPageFactory(parent=column, title="另一篇")
    other.tags.add("其他主题")
    other.save_revision().publish()
    article = NewsPageFactory(
        parent=column,
        title="首次浏览",
        authors=["甲", "乙"],
        feature_image=wagtail_factories.ImageFactory(),
    )
    article.tags.add("主题")
    article.save_revision().publish()

    response, queries = first_view(article, other=other)

    assert len(queries) <= FIRST_VIEW_BUDGET, "\n".join(q["sql"] for q in queries)
    html = response.content.decode()
    assert "作者：甲　乙" in html and ">主题</a>" in html
    assert "另一篇" in html  # 上一篇, read along by routing


def test_every_demo_articles_first_view_stays_within_the_budget(client, db, settings):
    call_command("load_demo", stdout=io.StringIO())  # the whole demo: articles, stations, English
    settings.PAGE_CACHE_ENABLED = False
    articles = list(NewsPage.objects.live().order_by("pk"))
    assert len(articles) > 1
    for article in articles:
        others = [page for page in articles if page.pk != article.pk]
        other = next((page for page in others if page.locale_id == article.locale_id), others[0])
        for cache in caches.all():
            cache.clear()
        for url in ("/", "/en/", other.url):
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.url)
        assert response.status_code == 200
        assert len(queries) <= DEMO_FIRST_VIEW_BUDGET, (article.url, len(queries))
