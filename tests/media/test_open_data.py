"""For journalists: the API lists one language in 发布时间 order, /api/v2/ is an index, and the
订阅与开放数据 page lists the live columns' feeds and the API in Chinese and English."""

from datetime import timedelta

import feedparser
import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish_translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_article(home_page, column):
    """An article of 2020 whose English translation was published today (a higher id, a new
    ``first_published_at``), and a newer Chinese article."""
    article = NewsPageFactory(parent=column, title="旧稿件")
    newer = NewsPageFactory(
        parent=column, title="新稿件", publish_time=article.publish_time + timedelta(days=3)
    )
    home_en, column_en, article_en = publish_translations(home_page, column, article)
    article_en.refresh_from_db()
    return article, newer, article_en


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_news_api_lists_the_default_language_by_publish_time(client, translated_article):
    article, newer, article_en = translated_article
    assert article_en.first_published_at > newer.publish_time  # translated today

    assert titles(client.get("/api/v2/news/")) == ["新稿件", "旧稿件"]
    assert titles(client.get("/api/v2/news/", {"locale": "zh-hans"})) == ["新稿件", "旧稿件"]
    english = client.get("/api/v2/news/", {"locale": "en", "fields": "publish_time"}).json()
    assert [item["id"] for item in english["items"]] == [article_en.pk]
    # Its 发布时间 is the original's, not the day it was translated.
    assert (
        english["items"][0]["publish_time"]
        == client.get(f"/api/v2/news/{article.pk}/").json()["publish_time"]
    )
    # A detail answers in any language.
    assert client.get(f"/api/v2/news/{article_en.pk}/").status_code == 200


def test_api_lists_refuse_an_unknown_locale(client, translated_article):
    for endpoint in ("news", "stations", "activities"):
        response = client.get(f"/api/v2/{endpoint}/", {"locale": "fr"})
        assert response.status_code == 400
        assert "zh-hans" in response.json()["message"]
        for hostile in ("", "en\x00", "x" * 5000):
            assert client.get(f"/api/v2/{endpoint}/", {"locale": hostile}).status_code == 400


def test_api_root_is_an_index_of_the_endpoints(client, home_page):
    response = client.get("/api/v2/")

    assert response.status_code == 200
    index = response.json()
    by_name = {endpoint["name"]: endpoint for endpoint in index["endpoints"]}
    assert set(by_name) == {"news", "stations", "activities", "representatives", "consultations"}
    assert by_name["news"]["url"] == "http://testserver/api/v2/news/"
    assert {"locale", "column", "from", "to", "limit"} <= set(by_name["news"]["parameters"])
    assert index["documentation"] == "http://testserver/open-data/"
    for endpoint in index["endpoints"]:
        assert client.get(endpoint["url"]).status_code == 200


def test_open_data_page_lists_every_live_column_feed(client, home_page, column):
    sub = NewsIndexPageFactory(parent=column, title="绍兴市")
    NewsPageFactory(parent=sub, title="市县稿件")
    draft = NewsIndexPageFactory(parent=home_page, title="未发布栏目")
    draft.unpublish()

    response = client.get("/open-data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "订阅与开放数据" in html
    for page in (column, sub):
        assert f"http://testserver/feeds/rss/{page.pk}/" in html
        assert f"http://testserver/feeds/atom/{page.pk}/" in html
    assert "未发布栏目" not in html
    assert "http://testserver/api/v2/news/?column=" in html
    assert "引用规范" in html and "/a/" in html
    # The feed it names answers with the column's article.
    feed = feedparser.parse(client.get(f"/feeds/rss/{column.pk}/").content)
    assert [entry.title for entry in feed.entries] == ["市县稿件"]


def test_open_data_page_in_english_and_linked_from_the_footer(client, home_page, column):
    home_en, column_en = publish_translations(home_page, column)

    chinese = client.get("/").content.decode()
    assert 'href="/open-data/"' in chinese

    response = client.get("/en/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Feeds and open data" in html and "Citation policy" in html
    assert f"/feeds/rss/{column_en.pk}/" in html
    assert "locale=en" in html
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()


def test_open_data_page_without_columns(client, home_page, site_settings):
    # Nothing published yet: no columns, no example ids, and still a page.
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert "http://testserver/feeds/rss/" in response.content.decode()


def test_ids_past_any_key_are_not_found(client, home_page, site_settings):
    # Found by tests/robustness' generated paths: the id overflowed the database's integer.
    for kind in ("rss", "atom"):
        assert client.get(f"/feeds/{kind}/9223372036854775808/").status_code == 404
        assert client.get(f"/feeds/{kind}/9223372036854775807/").status_code == 404
    for endpoint in ("news", "stations", "activities"):
        assert client.get(f"/api/v2/{endpoint}/9223372036854775808/").status_code == 404
