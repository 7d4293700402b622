import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import extruct
import feedparser
import pytest
import wagtail_factories
from django.utils import timezone

from news.citation import citation
from news.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish, publish_translations

pytestmark = pytest.mark.django_db
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def column(home_page, site_settings):
    return NewsIndexPageFactory(parent=home_page, title="市县人大", slug="local")


def test_permalink_survives_move_and_slug_change(
    client, home_page, column, django_capture_on_commit_callbacks
):
    article = publish(NewsPageFactory(parent=column, slug="old-slug", title="可引用的稿件"))
    permalink = f"/a/{article.pk}/"
    assert client.get(permalink)["Location"] == "/local/old-slug/"
    assert client.get(permalink).status_code == 301

    article.slug = "new-slug"
    with django_capture_on_commit_callbacks(execute=True):  # the redirect is made on commit
        article.save_revision().publish()
    other = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    article.refresh_from_db()
    article.move(other, pos="last-child")

    response = client.get(permalink)
    assert response.status_code == 301 and response["Location"] == "/releases/new-slug/"
    old = client.get("/local/old-slug/")  # the old address redirects too
    assert old.status_code == 301 and old["Location"].endswith("/releases/new-slug/")


def test_permalink_of_unpublished_or_unknown_pages_is_404(client, column):
    draft = NewsPageFactory(parent=column, live=False)
    assert client.get(f"/a/{draft.pk}/").status_code == 404
    assert client.get("/a/999999/").status_code == 404


@pytest.mark.parametrize(
    ("authors", "expected_head"),
    [
        ([], "嵊州市代表联络站全面升级[EB/OL]"),
        (["沈丽华"], "沈丽华. 嵊州市代表联络站全面升级[EB/OL]"),
        (["沈丽华", "吕颖"], "沈丽华, 吕颖. 嵊州市代表联络站全面升级[EB/OL]"),
        (["甲", "乙", "丙", "丁"], "甲, 乙, 丙, 等. 嵊州市代表联络站全面升级[EB/OL]"),
    ],
)
def test_gbt7714_citation(column, authors, expected_head):
    article = NewsPageFactory(
        parent=column, title="嵊州市代表联络站全面升级", source="嵊州市人大常委会", authors=authors
    )
    article.publish_time = timezone.make_aware(timezone.datetime(2020, 7, 30, 14, 57))
    accessed = timezone.datetime(2026, 11, 28).date()

    result = citation(
        article=article, url="https://example.cn/a/1/", accessed=accessed, publisher="浙江人大"
    )

    assert result["gbt7714"] == (
        f"{expected_head}. 嵊州市人大常委会, 2020-07-30[2026-11-28]. https://example.cn/a/1/."
    )
    assert "《嵊州市代表联络站全面升级》，嵊州市人大常委会，2020年7月30日" in result["plain"]


def test_article_page_shows_citation_permalink_and_copy_button(client, column):
    article = NewsPageFactory(parent=column, authors=["沈丽华", "吕颖"])
    html = client.get(article.url).content.decode()
    assert "引用本文" in html
    assert f"http://testserver/a/{article.pk}/" in html
    assert "沈丽华, 吕颖. " in html and "[EB/OL]" in html
    assert 'data-copy-target="citation-gbt7714"' in html
    assert "copy-citation.js" in html


def test_feeds_parse_and_list_only_live_items_newest_first(client, column):
    image = wagtail_factories.ImageFactory()
    NewsPageFactory(parent=column, title="较早稿件", authors=["沈丽华"])
    newer = NewsPageFactory(parent=column, title="较新稿件", feature_image=image)
    newer.tags.add("代表联络站")
    newer.save()
    NewsPageFactory(parent=column, title="草稿稿件", live=False)
    NewsPageFactory(
        parent=column, title="未来稿件", publish_time=timezone.now() + timedelta(days=1)
    )

    for url in [
        "/feeds/rss/",
        "/feeds/atom/",
        f"/feeds/rss/{column.pk}/",
        f"/feeds/atom/{column.pk}/",
    ]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.bozo_exception)
        titles = [entry.title for entry in feed.entries]
        assert titles == ["较新稿件", "较早稿件"], url
        first, second = feed.entries
        assert first.link == f"http://localhost{newer.url}"
        assert first.published_parsed
        assert "+0800" in first.published or "+08:00" in first.published
        assert [tag.term for tag in first.tags] == ["代表联络站"]
        assert second.author == "沈丽华"
        enclosure = [link for link in first.links if link.rel == "enclosure"]
        assert enclosure and enclosure[0].type == "image/jpeg"
        assert second.summary == "稿件摘要。"


def test_feed_of_unknown_column_is_404(client, column):
    assert client.get("/feeds/rss/999999/").status_code == 404


def test_feed_autodiscovery_links(client, column):
    html = client.get(column.url).content.decode()
    assert 'type="application/rss+xml"' in html and f"/feeds/rss/{column.pk}/" in html
    assert 'type="application/atom+xml"' in html and "/feeds/atom/" in html


def test_sitemap_is_valid_and_complete(client, home_page, column):
    live = publish(NewsPageFactory(parent=column, title="已发布"))
    draft = NewsPageFactory(parent=column, title="草稿", live=False)
    expired = NewsPageFactory(parent=column, title="已过期", expire_at=timezone.now())

    root = ET.fromstring(client.get("/sitemap.xml").content)

    locations = {
        url.findtext("s:loc", namespaces=SITEMAP_NS) for url in root.findall("s:url", SITEMAP_NS)
    }
    assert {f"http://localhost{p.url}" for p in [home_page, column, live]} <= locations
    assert f"http://localhost{draft.url}" not in locations
    assert f"http://localhost{expired.url}" not in locations
    entry = next(
        url
        for url in root.findall("s:url", SITEMAP_NS)
        if url.findtext("s:loc", namespaces=SITEMAP_NS).endswith(live.url)
    )
    # The day in the site's time zone (Asia/Shanghai): from 16:00 UTC it is already the next day.
    published = timezone.localtime(live.last_published_at)
    assert entry.findtext("s:lastmod", namespaces=SITEMAP_NS) == f"{published:%Y-%m-%d}"


def test_sitemap_lists_language_alternates(client, home_page, column):
    article = NewsPageFactory(parent=column, title="有译文的稿件")
    home_en, column_en, article_en = publish_translations(home_page, column, article)

    root = ET.fromstring(client.get("/sitemap.xml").content)

    entry = next(
        url
        for url in root.findall("s:url", SITEMAP_NS)
        if url.findtext("s:loc", namespaces=SITEMAP_NS).endswith(article.url)
    )
    languages = {link.get("hreflang") for link in entry.findall("x:link", SITEMAP_NS)}
    assert languages == {"zh-hans", "en"}


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_structured_data_and_opengraph(client, home_page, column):
    image = wagtail_factories.ImageFactory()
    article = NewsPageFactory(
        parent=column, title="结构化数据稿件", authors=["沈丽华", "吕颖"], feature_image=image
    )

    html = client.get(article.url).content.decode()
    data = extruct.extract(
        html, base_url=f"http://testserver{article.url}", syntaxes=["json-ld", "opengraph"]
    )

    news = next(item for item in data["json-ld"] if item["@type"] == "NewsArticle")
    assert news["headline"] == "结构化数据稿件"
    assert news["datePublished"].endswith("+08:00") and news["dateModified"]
    assert [a["name"] for a in news["author"]] == ["沈丽华", "吕颖"]
    assert news["publisher"]["@type"] == "GovernmentOrganization"
    assert news["image"][0].startswith("http://testserver/media/")
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:type"] == "article" and og["og:title"] == "结构化数据稿件"
    assert og["og:image"].startswith("http://testserver/")
    assert f'<link rel="canonical" href="http://localhost{article.url}">' in html

    home = extruct.extract(client.get("/").content.decode(), syntaxes=["json-ld"])
    organization = next(i for i in home["json-ld"] if i["@type"] == "GovernmentOrganization")
    assert organization["name"] == "浙江省人大常委会"


def test_structured_data_escapes_hostile_titles(client, column):
    article = NewsPageFactory(parent=column, title="</script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    block = html[html.index('application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>" not in block
    assert json.loads(block.split(">", 1)[1])["headline"] == article.title


def test_api_lists_only_live_items_and_filters(client, home_page, column):
    other = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    in_july = NewsPageFactory(parent=column, title="七月稿件")
    in_july.publish_time = timezone.make_aware(timezone.datetime(2020, 7, 30, 14, 57))
    in_july.save()
    NewsPageFactory(parent=other, title="另一栏目稿件")
    NewsPageFactory(parent=column, title="草稿", live=False)
    NewsPageFactory(parent=column, title="过期", expire_at=timezone.now() - timedelta(minutes=1))

    def titles(**params):
        response = client.get("/api/v2/news/", params)
        assert response.status_code == 200
        return [item["title"] for item in response.json()["items"]]

    assert set(titles()) == {"七月稿件", "另一栏目稿件"}
    assert titles(column=column.pk) == ["七月稿件"]
    assert titles(**{"from": "2020-07-01", "to": "2020-07-31"}) == ["七月稿件"]
    assert client.get("/api/v2/news/", {"column": "abc"}).status_code == 400
    assert client.get("/api/v2/news/", {"from": "yesterday"}).status_code == 400
    detail = client.get(f"/api/v2/news/{in_july.pk}/").json()
    assert detail["publish_time"].startswith("2020-07-30T14:57:00+08:00")
    assert detail["summary"] == "稿件摘要。"
    draft = NewsPage.objects.get(title="草稿")
    assert client.get(f"/api/v2/news/{draft.pk}/").status_code == 404


def test_api_allows_cross_origin_reads(client, column):
    response = client.get("/api/v2/news/", HTTP_ORIGIN="https://media.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(
        column.url, HTTP_ORIGIN="https://media.example.org"
    )
