from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Site
from wagtail.rich_text import RichText

from home.models import HomePage, SiteSettings
from news.models import NewsIndexPage, NewsPage, NewsPageAuthor

SHANGHAI = ZoneInfo("Asia/Shanghai")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "测试人大网"
    slug = "home"
    intro = "<p>测试用首页导语。</p>"

    class Meta:
        model = HomePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    site_name = "测试人大网"
    sponsor = "浙江省人大常委会"
    organizer = "浙江省人大常委会研究室"
    tech_support = "浙江省人大常委会办公厅信息中心"
    icp_number = "浙ICP备05000002号"
    public_security_number = "浙公网安备 33010602010054号"
    website_code = "3300000001"
    address = "浙江省杭州市省府路8号"
    phone = "0571-87050000"

    class Meta:
        model = SiteSettings


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"新闻稿件{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "稿件摘要。"
    publish_time = factory.Sequence(
        lambda n: datetime(2020, 1, 1, 9, 0, tzinfo=SHANGHAI) + timedelta(hours=n)
    )
    first_published_at = factory.SelfAttribute("publish_time")
    source = "浙江人大网"
    responsible_editor = "研究室"
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>代表联络站全面升级，小站点提供大服务。</p>"))]
    )

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if extracted:
            obj.authors = [NewsPageAuthor(name=name) for name in extracted]
            if create:
                obj.save()


def publish(page, *, first_published_at=None):
    """Publish ``page`` through a revision, as an editor would."""
    revision = page.save_revision()
    if first_published_at is not None:
        page.first_published_at = first_published_at
    revision.publish()
    page.refresh_from_db()
    return page
