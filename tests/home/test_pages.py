import pytest
from django.test import Client
from wagtail.models import Page

from consultations.models import ConsultationIndexPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from stations.models import StationIndexPage
from tests.factories import NewsIndexPageFactory

pytestmark = pytest.mark.django_db


def test_home_renders_navigation_and_footer(client, home_page, site_settings):
    NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    NewsIndexPageFactory(parent=home_page, title="隐藏栏目", slug="hidden", show_in_menus=False)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'class="main-nav"' in html
    assert '<a class="main-nav__link" href="/releases/">重要发布</a>' in html
    assert "隐藏栏目" not in html
    # Footer: every filing detail from the site settings, with the filing links.
    assert "浙江省人大常委会主办" in html
    assert "浙江省人大常委会研究室承办" in html
    assert "技术支持：浙江省人大常委会办公厅信息中心" in html
    assert '<a href="https://beian.miit.gov.cn/"' in html
    assert "浙ICP备05000002号" in html
    assert "code=33010602010054" in html
    assert "网站标识码：3300000001" in html
    assert "0571-87050000" in html
    # No breadcrumb on the home page itself.
    assert "您当前位置" not in html


def test_breadcrumbs_show_the_path_below_home(client, home_page, site_settings):
    local = NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")
    NewsIndexPageFactory(parent=local, title="绍兴市", slug="shaoxing")

    response = client.get("/local/shaoxing/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "您当前位置：" in html
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    assert crumbs.index("首页") < crumbs.index("市县人大") < crumbs.index("绍兴市")
    assert crumbs.count("&gt;") == 2
    assert '<li class="breadcrumbs__item" aria-current="page">' in crumbs
    # The navigation marks the column that contains the current page.
    assert 'href="/local/" aria-current="true"' in html


def test_every_demo_column_renders_with_breadcrumbs(client, demo_site):
    columns = NewsIndexPage.objects.live()
    assert columns.count() == 12 + 11
    for column in columns:
        response = client.get(column.url)
        assert response.status_code == 200, column.url
        html = response.content.decode()
        assert f'<h1 class="column__title">{column.title}</h1>' in html
        assert "您当前位置：" in html


def test_city_columns_are_listed_on_their_parent(client, demo_site):
    html = client.get("/local/").content.decode()
    for city in ["杭州市", "宁波市", "绍兴市", "丽水市"]:
        assert city in html


def test_home_lists_columns_with_sub_columns(
    demo_site, render_uncached, django_assert_max_num_queries
):
    request = render_uncached("/", warm_on="/overview/")
    with django_assert_max_num_queries(12):
        response = request()
    html = response.content.decode()
    assert 'class="column-card__subs"' in html
    assert '<a href="/local/shaoxing/">绍兴市</a>' in html


def test_page_tree_rules():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert NewsIndexPage in HomePage.allowed_subpage_models()
    assert set(NewsIndexPage.allowed_parent_page_models()) == {HomePage, NewsIndexPage}
    assert HomePage not in NewsIndexPage.allowed_subpage_models()
    assert set(NewsIndexPage.allowed_subpage_models()) == {
        NewsIndexPage,
        NewsPage,
        StationIndexPage,
        ConsultationIndexPage,
    }


def test_a_column_cannot_be_created_under_the_root(home_page):
    root = Page.get_first_root_node()
    assert not NewsIndexPage.can_create_at(root)
    assert NewsIndexPage.can_create_at(home_page)
    assert not HomePage.can_create_at(home_page)


def test_not_found_page_is_chinese(client, home_page, site_settings):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "抱歉，您访问的页面不存在" in html
    assert "返回首页" in html
    assert 'class="main-nav"' in html


def test_server_error_page_is_chinese(home_page, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "抱歉，网站暂时出现故障" in response.content.decode()


def test_search_page_renders(client, home_page, site_settings):
    NewsIndexPageFactory(parent=home_page, title="Legislation", slug="legislation")

    response = client.get("/search/", {"q": "Legislation"})

    assert response.status_code == 200
    assert 'href="/legislation/">Legislation</a>' in response.content.decode()


@pytest.mark.parametrize("page_param", ["0", "-1", "abc", "99999", "1" * 50])
def test_search_page_survives_odd_page_numbers(client, home_page, page_param):
    response = client.get("/search/", {"q": "人大", "page": page_param})
    assert response.status_code == 200
