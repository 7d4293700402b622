from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Locale, Site
from wagtail.rich_text import RichText

from home.models import HomePage, SiteSettings, SiteTexts
from news.models import NewsIndexPage, NewsPage, NewsPageAuthor
from stations.models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityType,
    CongressLevel,
    Representative,
    StationIndexPage,
    StationLevel,
    StationPage,
)

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


class SiteTextsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    locale = factory.LazyFunction(Locale.get_default)
    site_name = "测试人大网"
    sponsor = "浙江省人大常委会"
    organizer = "浙江省人大常委会研究室"
    tech_support = "浙江省人大常委会办公厅信息中心"
    address = "浙江省杭州市省府路8号"

    class Meta:
        model = SiteTexts


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    texts = factory.SubFactory(SiteTextsFactory, site=factory.SelfAttribute("..site"))
    icp_number = "浙ICP备05000002号"
    public_security_number = "浙公网安备 33010602010054号"
    website_code = "3300000001"
    phone = "0571-87050000"

    class Meta:
        model = SiteSettings


def paragraph(text: str) -> list:
    """A page body of one paragraph of ``text`` (HTML allowed)."""
    return [("paragraph", RichText(f"<p>{text}</p>"))]


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


def publish_translations(*pages, language_code="en"):
    """Each of ``pages`` (parents first) copied into ``language_code`` and published: the copies."""
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    copies = []
    for page in pages:
        copy = page.copy_for_translation(locale)
        copy.save_revision().publish()
        copies.append(copy)
    return copies


def translated(page, locale, **fields):
    """``page`` copied into ``locale`` with ``fields`` set on the copy, published: the copy."""
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def publish(page, *, first_published_at=None):
    """Publish ``page`` through a revision, as an editor would."""
    revision = page.save_revision()
    if first_published_at is not None:
        page.first_published_at = first_published_at
    revision.publish()
    page.refresh_from_db()
    return page


class StationIndexPageFactory(wagtail_factories.PageFactory):
    title = "嵊州市人大代表联络站"
    slug = factory.Sequence(lambda n: f"stations-{n}")

    class Meta:
        model = StationIndexPage


class StationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"第{n}人大代表联络站")
    slug = factory.Sequence(lambda n: f"station-{n}")
    level = StationLevel.TOWNSHIP
    township = "甘霖镇"
    functions = factory.LazyFunction(lambda: ["reception", "liaison"])
    facilities = factory.LazyFunction(lambda: ["computer"])

    class Meta:
        model = StationPage


class ActivityIndexPageFactory(wagtail_factories.PageFactory):
    title = "联络站活动"
    slug = "activities"

    class Meta:
        model = ActivityIndexPage


class ActivityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"联络站活动{n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    activity_type = ActivityType.FACE_TO_FACE
    start_date = factory.Sequence(lambda n: date(2020, 7, 1) + timedelta(days=n % 300))
    summary = "代表进站接待选民。"

    class Meta:
        model = ActivityPage


class RepresentativeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"代表{n}")
    congress_level = CongressLevel.COUNTY
    constituency = "三界镇选区"

    class Meta:
        model = Representative


def stored_document(content: bytes, name: str, *, title: str = "", collection=None):
    """A document with ``content`` stored as ``name`` (in the root collection by default)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    return get_document_model().objects.create(
        title=title or name,
        collection=collection or Collection.get_first_root_node(),
        file=ContentFile(content, name=name),
    )
