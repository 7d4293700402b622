"""Fragments shared by many pages (menu, footer, the home page's lists) are kept per site
generation: with the page cache off they are still cached, and still never stale after a change,
and a preview never puts a draft into them."""

import re
from urllib.parse import quote

import pytest
from wagtail.models import Page

from home.cache.fragments import kept_fragment
from home.page_cache import prime_site
from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


@pytest.fixture
def column(home_page, site_settings):
    column = NewsIndexPageFactory(
        parent=home_page, title="重要发布", slug="releases", show_in_menus=True
    )
    column.save_revision().publish()
    return column


@pytest.fixture
def article(column):
    page = NewsPageFactory(parent=column, title="第一篇稿件", feature_image=None)
    page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


def test_the_home_page_lists_are_cached_and_refreshed_on_publish(client, article, column):
    assert "第一篇稿件" in client.get("/").content.decode()
    # Kept: the same rows changed behind the cache's back (no signal) are not read again.
    NewsPage.objects.filter(pk=article.pk).update(title="改过的标题")
    assert "第一篇稿件" in client.get("/").content.decode()

    newer = NewsPageFactory(parent=column, title="刚发布的稿件", feature_image=None)
    newer.save_revision().publish()

    html = client.get("/").content.decode()
    assert "刚发布的稿件" in html
    assert "改过的标题" in html and "第一篇稿件" not in html


def test_the_menu_shows_a_new_column_and_marks_the_current_one(client, article, home_page):
    html = client.get(article.url).content.decode()
    assert 'href="/releases/" aria-current="true">重要发布' in html
    assert "代表工作" not in html

    other = NewsIndexPageFactory(
        parent=home_page, title="代表工作", slug="deputies", show_in_menus=True
    )
    other.save_revision().publish()

    html = client.get(article.url).content.decode()
    assert 'href="/deputies/">代表工作' in html
    assert 'href="/releases/" aria-current="true">重要发布' in html
    html = client.get("/deputies/").content.decode()
    assert 'href="/deputies/" aria-current="true">代表工作' in html
    assert 'href="/releases/">重要发布' in html


def test_the_footer_follows_the_site_settings(client, article, site_settings):
    assert "浙ICP备05000002号" in client.get(article.url).content.decode()
    site_settings.icp_number = "浙ICP备99999999号"
    site_settings.save()
    html = client.get(article.url).content.decode()
    assert "浙ICP备99999999号" in html and "浙ICP备05000002号" not in html


@pytest.mark.parametrize("public_first", [True, False])
def test_a_preview_shows_the_draft_and_never_reaches_the_fragments(
    client, article, home_page, public_first
):
    # The preview is rendered for the site's own host (localhost:80), so are these requests.
    client.defaults["HTTP_HOST"] = "localhost"
    if public_first:
        assert "测试用首页导语" in client.get("/").content.decode()
    draft = home_page.get_latest_revision_as_object()
    draft.intro = "<p>尚未发布的导语。</p>"
    draft.save_revision()

    preview = draft.make_preview_request().content.decode()
    assert '<div class="home-intro"><p>尚未发布的导语。</p></div>' in preview

    html = client.get("/").content.decode()
    assert "尚未发布的导语" not in html
    assert "测试用首页导语" in html


def test_fragments_can_be_switched_off(client, article, settings):
    settings.FRAGMENT_CACHE_ENABLED = False
    client.get("/")
    NewsPage.objects.filter(pk=article.pk).update(title="改过的标题")
    assert "改过的标题" in client.get("/").content.decode()


def preference_links(html: str) -> set[str]:
    return set(re.findall(r'href="/preferences/\?[^"]*next=([^"]*)"', html))


def test_the_kept_banner_carries_each_pages_own_address(client, article, column):
    # The same banner for every page of a language, with the page's address put in afterwards.
    assert preference_links(client.get("/").content.decode()) == {"/"}
    assert preference_links(client.get(article.url).content.decode()) == {
        quote(article.url, safe="/")
    }
    html = client.get(column.url, {"page": "2", "q": "<&>"}).content.decode()
    # The address as the template writes it: urlencoded, then escaped.
    assert preference_links(html) == {"/releases/%3Fpage%3D2%26q%3D%253C%2526%253E"}
    assert "zzKeptFragmentMark" not in html


def test_the_banner_of_a_search_page_holds_its_query(client, article):
    html = client.get("/search/", {"q": "联络站"}).content.decode()
    assert 'name="q" value="联络站"' in html
    assert 'name="q" value=""' in client.get("/").content.decode()


def test_a_kept_picture_carries_each_pages_own_alt_text(rf, home_page, settings):
    import wagtail_factories
    from django.template import engines

    from home.templatetags.image_tags import picture_html

    image = wagtail_factories.ImageFactory()
    request = rf.get("/")
    prime_site(request)
    kept = engines["django"].from_string(
        '{% include "components/picture.html" with image=image alt=alt sizes="100vw" only %}'
    )
    for alt in ["第一张", 'a "quoted" <b>&</b> alt', ""]:
        html = kept.render({"image": image, "alt": alt}, request).strip()
        assert html == picture_html(image, alt=alt, sizes="100vw", eager=False)
        assert html.count("<source") == 2 and "zzKeptFragmentMark" not in html


def breadcrumb_items(html: str) -> list[str]:
    trail = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    return re.findall(r'<li class="breadcrumbs__item"[^>]*>(.*?)</li>', trail)


def test_kept_breadcrumbs_carry_each_pages_own_title(client, article, column):
    other = NewsPageFactory(parent=column, title="标题 <b>&</b> 另一篇", feature_image=None)
    other.save_revision().publish()

    first = breadcrumb_items(client.get(article.url).content.decode())
    second = breadcrumb_items(client.get(other.url).content.decode())

    assert first[:2] == second[:2]  # 首页 > 重要发布, from the kept fragment
    assert first[-1].endswith("第一篇稿件")
    assert second[-1].endswith("标题 &lt;b&gt;&amp;&lt;/b&gt; 另一篇")
    assert 'aria-current="page"' in client.get(other.url).content.decode()


def test_kept_citations_carry_each_articles_own_reference(client, article, column):
    other = NewsPageFactory(parent=column, title="另一篇 <i>&</i>", feature_image=None)
    other.save_revision().publish()
    for page, title in ((article, "第一篇稿件"), (other, "另一篇 &lt;i&gt;&amp;&lt;/i&gt;")):
        html = client.get(page.url).content.decode()
        section = html[
            html.index('class="citation"') : html.index(
                "</section>", html.index('class="citation"')
            )
        ]
        assert f"{title}[EB/OL]" in section and f"《{title}》" in section
        assert (
            f'<a href="http://testserver/a/{page.pk}/">http://testserver/a/{page.pk}/</a>'
            in section
        )
        assert "zzKeptFragmentMark" not in section


def test_only_signed_in_editors_get_the_user_bar(client, article, django_user_model):
    assert "wagtail-userbar" not in client.get(article.url).content.decode()
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    assert "wagtail-userbar" in client.get(article.url).content.decode()


def test_a_declared_fragment_is_rendered_once_and_filled_per_call(rf, home_page):
    """``@kept_fragment``: kept by the values it varies on, the filled ones put in (escaped) on
    every call; a page varies it by its row, whatever type it was loaded as."""
    rendered = []

    @kept_fragment("probe", vary_on=("page",), fill=("title",))
    def probe(request, *, page, title):
        rendered.append(page.pk)
        return f"<b>{title}</b>"

    request = rf.get("/")
    prime_site(request)
    assert probe(request, page=home_page, title="一") == "<b>一</b>"
    plain = Page.objects.get(pk=home_page.pk)  # the same row as a plain Page
    assert probe(request, page=plain, title="<二>") == "<b>&lt;二&gt;</b>"
    assert rendered == [home_page.pk]
    assert probe.many(request, [{"page": home_page, "title": "三"}]) == ["<b>三</b>"]
    assert rendered == [home_page.pk]
