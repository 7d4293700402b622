import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    client.force_login(user)
    return client


def test_admin_login_is_chinese_with_the_site_name(client, settings):
    html = client.get("/admin/login/").content.decode()
    assert "登录" in html
    assert f"{settings.WAGTAIL_SITE_NAME}内容管理" in html


def test_admin_dashboard_is_chinese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "控制面板" in html


def test_site_settings_form_shows_field_errors_and_saves_nothing(admin_client, site_settings):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/home/sitesettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "texts": site_settings.texts_id,
            "icp_number": "not an icp number",
            "public_security_number": "",
            "website_code": "12",
            "phone": "",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "ICP 备案号格式应为" in html
    assert "政府网站标识码由 10 位数字或字母组成" in html
    assert SiteSettings.objects.get(site=site).website_code == "3300000001"


def test_site_settings_can_be_edited(admin_client, site_settings):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/home/sitesettings/{site.pk}/"
    response = admin_client.post(
        url,
        {
            "texts": site_settings.texts_id,
            "icp_number": "浙ICP备12345678号-1",
            "public_security_number": "",
            "website_code": "3306000001",
            "party_gov_logo_url": "",
            "postcode": "",
            "phone": "0575-85200000",
        },
    )
    assert response.status_code == 302
    saved = SiteSettings.objects.get(site=site)
    assert saved.icp_number == "浙ICP备12345678号-1"


def test_site_texts_are_edited_as_a_snippet(admin_client, site_settings):
    texts = site_settings.texts
    url = f"/admin/snippets/home/sitetexts/edit/{texts.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "site": texts.site_id,
            "site_name": "绍兴人大",
            "sponsor": "绍兴市人大常委会",
            "organizer": "",
            "tech_support": "",
            "address": "",
        },
    )
    assert response.status_code == 302
    assert SiteSettings.objects.get(site=texts.site).site_name == "绍兴人大"
