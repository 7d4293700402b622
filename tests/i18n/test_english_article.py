"""An English article page: English citation line, editor-written values marked with their
language (issue #20)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import override

from tests.factories import NewsPageFactory, publish_translations

pytestmark = pytest.mark.django_db
WHEN = datetime(2020, 7, 30, 14, 57, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_english_plain_citation_is_english():
    from news.citation import plain_citation

    values = {
        "authors": ["Shen Lihua", "Lü Ying"],
        "title": "Stations upgraded",
        "source": "Shengzhou People's Congress",
        "published": date(2020, 7, 30),
        "url": "https://example.cn/a/1/",
    }
    with override("en"):
        english = plain_citation(**values)
        untitled = plain_citation(**{**values, "authors": []})
    with override("zh-hans"):
        chinese = plain_citation(**values)

    assert english == (
        "Shen Lihua, Lü Ying. “Stations upgraded.” Shengzhou People's Congress, 30 July 2020. "
        "https://example.cn/a/1/"
    )
    assert untitled.startswith("“Stations upgraded.” Shengzhou")
    assert chinese == (
        "Shen Lihua、Lü Ying：《Stations upgraded》，Shengzhou People's Congress，2020年7月30日，"
        "https://example.cn/a/1/"
    )


def test_english_article_page_citation_and_byline(client, home_page, column):
    article = NewsPageFactory(
        parent=column, slug="upgrade", publish_time=WHEN, authors=["沈丽华", "吕颖"]
    )
    article.save_revision().publish()
    _home, _column, article_en = publish_translations(home_page, column, article)

    html = client.get(article_en.url).content.decode()
    plain = html[html.index('id="citation-plain"') :].split("</p>")[0]

    assert "30 July 2020" in plain and "《" not in plain and "2020年" not in plain
    assert "“新闻稿件" in plain
    assert 'Source: <span lang="zh-hans">浙江人大网</span>' in html
    assert 'Author: <span lang="zh-hans">沈丽华</span>, <span lang="zh-hans">吕颖</span>' in html


def test_chinese_article_page_keeps_its_byline(client, column):
    article = NewsPageFactory(
        parent=column, slug="cn", publish_time=WHEN, authors=["沈丽华", "吕颖"]
    )
    article.save_revision().publish()

    html = client.get(article.url).content.decode()

    assert "来源：浙江人大网" in html and "作者：沈丽华　吕颖" in html
    assert "《新闻稿件" in html and "2020年7月30日" in html
