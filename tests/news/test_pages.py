import json
import re
from datetime import timedelta

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from home.blocks import BaseBodyBlock
from news.links import adjacent_articles, article_links, related_articles
from news.models import NewsIndexPage, NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, publish

pytestmark = pytest.mark.django_db


def stream_json(*blocks):
    """StreamField raw data, as the admin saves it (ids of images and documents)."""
    return json.dumps([{"type": name, "value": value} for name, value in blocks])


def test_article_renders_metadata_and_every_block(client, column):
    image = wagtail_factories.ImageFactory(title="联络站外景")
    document = wagtail_factories.DocumentFactory(title="指导意见")
    table = {
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "data": [["联络站", "面积"], ["三界镇", "300"]],
    }
    image_value = {"image": image.pk, "decorative": False, "alt_text": "联络站外景照片"}
    body = stream_json(
        ("paragraph", "<p>本网讯 代表联络站全面升级。</p>"),
        ("heading", {"text": "资源全面整合", "level": "h2"}),
        ("image", {"image": image_value, "caption": "高新园区联络站"}),
        (
            "gallery",
            {"title": "联络站组图", "images": [{"image": image_value, "caption": "组图一"}]},
        ),
        ("quote", {"text": "门常开、人常在、活动常有。", "attribution": "嵊州市人大常委会"}),
        ("table", {"caption": "联络站面积", "table": table}),
        ("attachment", {"document": document.pk, "title": "下载指导意见"}),
        ("video", {"video": document.pk, "poster": None, "caption": "联络站纪实视频"}),
    )
    page = NewsPageFactory(
        parent=column,
        title="嵊州市代表联络站全面升级",
        kicker="引题：小站点",
        subtitle="副题：大服务",
        source="嵊州市人大常委会",
        authors=["沈丽华", "吕颖"],
        responsible_editor="陈编辑",
        feature_image=image,
        feature_image_caption="题图说明文字",
        body=body,
    )
    page.tags.add("代表联络站")
    page.save()

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "引题：小站点" in html and "副题：大服务" in html
    published = (
        r'发布时间：<time datetime="2020-[^"]+\+08:00">'
        r"2020年\d{1,2}月\d{1,2}日 \d\d:\d\d</time>"
    )
    assert re.search(published, html)
    assert "来源：嵊州市人大常委会" in html
    assert "作者：沈丽华　吕颖" in html
    assert "责任编辑：陈编辑" in html
    assert "题图说明文字" in html
    assert "本网讯 代表联络站全面升级。" in html
    assert '<h2 class="body-heading">资源全面整合</h2>' in html
    assert 'alt="联络站外景照片"' in html and "高新园区联络站" in html
    assert "联络站组图" in html and "组图一" in html
    assert "门常开、人常在、活动常有。" in html and "——嵊州市人大常委会" in html
    assert "联络站面积" in html and re.search(r"<td\s*>\s*300\s*</td>", html)
    assert "下载指导意见" in html and f'href="{document.url}"' in html
    assert "<video" in html and "联络站纪实视频" in html
    assert ">代表联络站</a>" in html
    assert "data-print" in html
    assert "<source" in html and "image/avif" in html and 'width="' in html
    assert "您当前位置" in html


@pytest.mark.parametrize("name", list(BaseBodyBlock.base_blocks))
def test_every_block_renders_its_preview_value(name):
    block = BaseBodyBlock.base_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()


def test_publish_time_defaults_to_first_publish(column):
    page = NewsPageFactory(parent=column, publish_time=None, first_published_at=None, live=False)

    publish(page)

    assert page.publish_time is not None
    assert page.publish_time == page.first_published_at


def test_summary_is_derived_from_the_body_when_empty(column):
    page = NewsPageFactory(
        parent=column,
        summary="",
        body=[
            ("heading", {"text": "小标题", "level": "h2"}),
            ("paragraph", RichText("<p>这是<b>正文</b>的第一段。" + "很长" * 100 + "</p>")),
        ],
    )
    assert page.summary_text.startswith("这是正文的第一段。")
    assert len(page.summary_text) <= 120
    assert page.get_meta_description() == page.summary_text


def test_column_lists_own_and_sub_column_articles_newest_first(client, local_columns):
    local, shaoxing = local_columns
    older = NewsPageFactory(parent=local, title="市县综合稿件")
    newer = NewsPageFactory(parent=shaoxing, title="绍兴稿件")

    html = client.get("/local/").content.decode()

    assert html.index(newer.title) < html.index(older.title)
    assert '<p class="article-list__summary">稿件摘要。</p>' in html
    assert "[绍兴市]" in html  # the sub-column of an article not directly in this column
    assert '<a href="/local/shaoxing/">绍兴市</a>' in html


def test_drafts_and_future_articles_never_appear(client, home_page, column):
    NewsPageFactory(parent=column, title="已发布稿件", is_photo_news=True)
    NewsPageFactory(parent=column, title="草稿稿件", live=False)
    NewsPageFactory(
        parent=column,
        title="未来稿件",
        publish_time=timezone.now() + timedelta(days=1),
        first_published_at=timezone.now() - timedelta(minutes=1),
    )

    for url in ["/", "/releases/"]:
        html = client.get(url).content.decode()
        assert "已发布稿件" in html
        assert "草稿稿件" not in html
        assert "未来稿件" not in html


def test_column_pagination(client, column):
    for _ in range(45):
        NewsPageFactory(parent=column)
    titles = list(NewsPage.objects.order_by("-publish_time").values_list("title", flat=True))

    first = client.get("/releases/").content.decode()
    second = client.get("/releases/", {"page": 2}).content.decode()
    third = client.get("/releases/", {"page": 3}).content.decode()

    assert titles[0] in first and titles[19] in first and titles[20] not in first
    assert titles[20] in second and titles[39] in second
    assert titles[44] in third
    assert "第 2 页，共 3 页" in second
    # No such page (issue #21: each made-up value was a page-cache entry of its own).
    assert client.get("/releases/", {"page": "abc"}).status_code == 404
    assert client.get("/releases/", {"page": "999"}).status_code == 404


def test_pagination_is_stable_when_articles_are_published_meanwhile(client, column):
    for _ in range(25):
        NewsPageFactory(parent=column, first_published_at=timezone.now() - timedelta(hours=1))
    first = client.get("/releases/")
    snapshot = first.context["pagination_query"]
    assert f"?page=2&amp;{snapshot}" in first.content.decode()
    second_before = client.get(f"/releases/?page=2&{snapshot}").content.decode()

    NewsPageFactory(parent=column, title="刚刚发布", publish_time=timezone.now())

    second_after = client.get(f"/releases/?page=2&{snapshot}").content.decode()
    assert second_after == second_before
    assert "刚刚发布" in client.get("/releases/").content.decode()


def test_previous_next_and_related_articles(client, column, home_page):
    other = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    first = NewsPageFactory(parent=column, title="第一篇")
    middle = NewsPageFactory(parent=column, title="第二篇")
    last = NewsPageFactory(parent=column, title="第三篇")
    elsewhere = NewsPageFactory(parent=other, title="同主题稿件")
    for page in (middle, elsewhere):
        page.tags.add("代表联络站")
        page.save()

    html = client.get(middle.url).content.decode()

    assert f'上一篇：<a href="{first.url}" rel="prev">第一篇</a>' in html
    assert f'下一篇：<a href="{last.url}" rel="next">第三篇</a>' in html
    related = html[html.index('id="related-title"') :]
    assert related.index("同主题稿件") < related.index("第三篇")


def test_neighbours_and_related_skip_what_the_public_may_not_see(column, home_page):
    """上一篇/下一篇 and 相关文章 (written in SQL): only live, unexpired, public articles that
    are not dated in the future; equal publish times are ordered by id."""
    base = timezone.now() - timedelta(days=10)
    older = NewsPageFactory(parent=column, title="较早", publish_time=base)
    private = NewsPageFactory(parent=column, title="私密", publish_time=base + timedelta(days=1))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    NewsPageFactory(
        parent=column,
        title="已过期",
        publish_time=base + timedelta(days=2),
        expire_at=timezone.now() - timedelta(hours=1),
    )
    middle = NewsPageFactory(parent=column, title="中间", publish_time=base + timedelta(days=3))
    same_time = NewsPageFactory(parent=column, title="同时", publish_time=middle.publish_time)
    NewsPageFactory(parent=column, title="草稿", publish_time=base + timedelta(days=4), live=False)
    NewsPageFactory(parent=column, title="未来", publish_time=timezone.now() + timedelta(days=1))
    elsewhere = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    NewsPageFactory(parent=elsewhere, title="别的栏目", publish_time=base)
    middle, same_time = (NewsPage.objects.get(pk=page.pk) for page in (middle, same_time))

    assert adjacent_articles(article=middle) == (older, same_time)
    assert adjacent_articles(article=same_time) == (middle, None)
    assert [page.title for page in related_articles(article=middle)] == ["同时", "较早"]

    PageViewRestriction.objects.all().delete()
    assert adjacent_articles(article=middle)[0].title == "私密"
    assert "私密" in [page.title for page in related_articles(article=middle)]


def test_related_articles_come_from_lists_kept_per_generation_yet_follow_every_change(
    column, home_page, django_assert_num_queries
):
    other = NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    base = timezone.now() - timedelta(days=10)
    article = NewsPageFactory(parent=column, title="本文", publish_time=base)
    same_topic = NewsPageFactory(parent=other, title="同主题", publish_time=base)
    for page in (article, same_topic):
        page.tags.add("代表联络站")
        page.save()
    article = NewsPage.objects.get(pk=article.pk)
    tag_ids = list(article.tags.values_list("pk", flat=True))

    assert [page.title for page in related_articles(article=article)] == ["同主题"]
    with django_assert_num_queries(1):  # the lists are kept: only 上一篇/下一篇 are asked for
        links = article_links(article=article, tag_ids=tag_ids)
    assert [page.title for page in links.related] == ["同主题"]

    newer = NewsPageFactory(parent=other, title="新的同主题", publish_time=base + timedelta(days=1))
    newer.tags.add("代表联络站")
    newer.save()
    sibling = NewsPageFactory(parent=column, title="本栏目新稿", publish_time=base)
    assert [page.title for page in related_articles(article=article)] == [
        "新的同主题",
        "同主题",
        "本栏目新稿",
    ]

    newer.unpublish()
    sibling.unpublish()
    assert [page.title for page in related_articles(article=article)] == ["同主题"]


def test_home_shows_photo_news_carousel_and_latest_by_column(client, home_page, column):
    image = wagtail_factories.ImageFactory()
    NewsPageFactory(parent=column, title="图片新闻稿件", is_photo_news=True, feature_image=image)
    NewsPageFactory(parent=column, title="无图的图片新闻", is_photo_news=True)
    NewsPageFactory(parent=column, title="普通稿件", feature_image=image)

    html = client.get("/").content.decode()

    carousel = html[
        html.index("data-carousel") : html.index("</section>", html.index("data-carousel"))
    ]
    assert "图片新闻稿件" in carousel
    assert "无图的图片新闻" not in carousel
    assert "普通稿件" not in carousel
    assert 'href="#photo-news-1"' in carousel  # slide links work without JavaScript
    sections = html[html.index('class="news-sections"') :]
    assert "重要发布" in sections and "普通稿件" in sections


def test_news_page_tree_rules(home_page):
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsPage.allowed_subpage_models() == []
    assert not NewsPage.can_create_at(home_page)


def make_articles(column, count):
    for _ in range(count):
        NewsPageFactory(parent=column, feature_image=None)


@pytest.mark.parametrize("count", [3, 30])
def test_column_query_count_does_not_grow_with_the_list(
    column, count, render_uncached, django_assert_max_num_queries
):
    make_articles(column, count)
    request = render_uncached("/releases/")
    with django_assert_max_num_queries(8):
        response = request()
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_article_query_budget(column, count, render_uncached, django_assert_max_num_queries):
    make_articles(column, count)
    page = NewsPageFactory(
        parent=column, authors=["甲", "乙"], feature_image=wagtail_factories.ImageFactory()
    )
    page.tags.add("主题")
    page.save_revision().publish()
    request = render_uncached(page.url)
    with django_assert_max_num_queries(10):
        response = request()
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_home_query_budget(
    home_page, column, count, render_uncached, django_assert_max_num_queries
):
    image = wagtail_factories.ImageFactory()
    for _ in range(count):
        NewsPageFactory(parent=column, is_photo_news=True, feature_image=image)
    request = render_uncached("/", warm_on="/releases/")
    with django_assert_max_num_queries(12):
        response = request()
    assert response.status_code == 200


def test_document_block_survives_a_deleted_document(client, column):
    document = wagtail_factories.DocumentFactory()
    page = NewsPageFactory(
        parent=column, body=stream_json(("attachment", {"document": document.pk, "title": "附件"}))
    )
    Document.objects.all().delete()
    assert client.get(page.url).status_code == 200
