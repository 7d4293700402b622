import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from home.models import HomePage, SiteSettings
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "revisions": Revision.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "settings": list(SiteSettings.objects.values()),
        "images": get_image_model().objects.count(),
    }


def test_load_demo_builds_the_site():
    call_command("load_demo", stdout=io.StringIO())

    home = HomePage.objects.get(locale=Locale.get_default())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    top = [p.title for p in home.get_children().live().in_menu()]
    assert top == [
        "人大概览", "重要发布", "地方立法", "监督广角", "选举任免", "决议决定",
        "代表工作", "市县人大", "机关建设", "理论研究", "媒体关注", "专题集锦",
    ]  # fmt: skip
    local = NewsIndexPage.objects.get(slug="local", locale=Locale.get_default())
    assert local.get_children().count() == 11
    assert local.get_children().filter(title="绍兴市").exists()
    settings = SiteSettings.for_site(site)
    assert settings.icp_number == "浙ICP备05000002号"
    assert settings.party_gov_logo is not None
    # Wagtail's welcome page is gone; the other home page is the English translation.
    assert [p.locale.language_code for p in Page.objects.filter(depth=2).exclude(pk=home.pk)] == [
        "en"
    ]
    english_home = home.get_translation(Locale.objects.get(language_code="en"))
    assert english_home.live and english_home.title == "Zhejiang People's Congress"


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot()

    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert snapshot() == before
    assert "+" not in out.getvalue()


def test_load_demo_keeps_editor_changes():
    call_command("load_demo", stdout=io.StringIO())
    column = NewsIndexPage.objects.get(slug="releases", locale=Locale.get_default())
    column.title = "新闻发布"
    column.save_revision().publish()

    call_command("load_demo", stdout=io.StringIO())

    assert NewsIndexPage.objects.get(slug="releases", locale=Locale.get_default()).title == (
        "新闻发布"
    )
