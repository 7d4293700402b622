import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from health.checks import check_site
from health.models import ColumnHealth, Finding
from tests.factories import NewsIndexPageFactory
from tests.workflow.conftest import article_form, client_for, make_user

from .conftest import article

pytestmark = pytest.mark.django_db

REPORTS = ["freshness", "terms", "internal_links", "external_links"]


@pytest.fixture
def planted(columns, home_page):
    news, _notice = columns
    article(news, days_ago=30, text="省人大常委员会召开会议。", title="陈旧稿件")
    article(news, days_ago=30, text='<a linktype="page" id="999999">断链</a>', title="断链稿件")
    NewsIndexPageFactory(parent=home_page, title="代表工作", slug="deputies")
    check_site()
    return news


def test_reports_list_the_planted_problems(site_admin_client, planted):
    html = site_admin_client.get("/admin/reports/freshness/").content.decode()
    assert "监督广角" in html and "超期未更新" in html
    assert "代表工作" in html and "空栏目" in html
    assert "编辑" in html  # the responsible group
    html = site_admin_client.get("/admin/reports/terms/").content.decode()
    assert "陈旧稿件" in html and "人大常委员会" in html and "应为“人大常委会”" in html
    html = site_admin_client.get("/admin/reports/internal_links/").content.decode()
    assert "断链稿件" in html and "链接的页面已删除" in html


def test_reports_are_clean_on_a_clean_site(site_admin_client, columns):
    news, notice = columns
    article(news, days_ago=1)
    article(notice, days_ago=1)
    check_site()
    for name in ["terms", "internal_links", "external_links"]:
        response = site_admin_client.get(f"/admin/reports/{name}/")
        assert response.status_code == 200
        assert "没有" in response.content.decode() or "No " in response.content.decode()
    html = site_admin_client.get("/admin/reports/freshness/").content.decode()
    assert "超期未更新" not in html and "空栏目" not in html


def test_reports_export_and_answer_in_english(site_admin_client, planted):
    response = site_admin_client.get("/admin/reports/freshness/?export=csv")
    assert response.status_code == 200
    assert "监督广角" in b"".join(response.streaming_content).decode()
    site_admin_client.cookies["django_language"] = "en"
    for name in REPORTS:
        response = site_admin_client.get(f"/admin/reports/{name}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200


def test_the_dashboard_panel_is_for_site_administrators(site_admin_client, planted):
    html = site_admin_client.get("/admin/").content.decode()
    assert "内容健康" in html and "超期未更新的栏目" in html
    assert 'href="/admin/reports/terms/"' in html
    editor = client_for(make_user("editor", "编辑"))
    assert "超期未更新的栏目" not in editor.get("/admin/").content.decode()
    site_admin = client_for(make_user("boss", "站点管理员"))
    assert "超期未更新的栏目" in site_admin.get("/admin/").content.decode()


def test_submitting_a_page_with_a_wrong_term_warns_and_still_submits(columns):
    news, _notice = columns
    editor = client_for(make_user("editor", "编辑"))
    data = article_form(title="省人大常委员会举行会议")
    response = editor.post(f"/admin/pages/add/news/newspage/{news.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Page.objects.get(pk=response.url.split("/")[-3])
    data["action-submit"] = "Submit"
    response = editor.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)

    html = response.content.decode()
    assert "用词提示：“人大常委员会”，共 1 处" in html
    page.refresh_from_db()
    assert page.workflow_in_progress  # a warning, not a block

    warnings = editor.get(f"/admin/health/terms/{page.pk}/").json()["warnings"]
    assert warnings == [
        {
            "field": "title",
            "text": "用词提示：“人大常委员会”应为“人大常委会”（…省人大常委员会举行会议…）",
        }
    ]
    # The editor sees the warnings on the edit page (term-warnings.js places them by field).
    assert "health/term-warnings.js" in editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_clean_submission_has_no_warning(columns):
    news, _notice = columns
    editor = client_for(make_user("editor", "编辑"))
    data = article_form(title="省人大常委会举行会议")
    response = editor.post(f"/admin/pages/add/news/newspage/{news.pk}/", data)
    page = Page.objects.get(pk=response.url.split("/")[-3])
    data["action-submit"] = "Submit"
    html = editor.post(f"/admin/pages/{page.pk}/edit/", data, follow=True).content.decode()
    assert "用词提示" not in html
    assert editor.get(f"/admin/health/terms/{page.pk}/").json() == {"warnings": []}


def test_term_warnings_need_edit_rights(columns, home_page):
    news, _notice = columns
    page = article(news)
    group = Group.objects.create(name="访客")
    outsider = make_user("outsider", "访客")
    assert group.user_set.filter(pk=outsider.pk).exists()
    response = client_for(outsider).get(f"/admin/health/terms/{page.pk}/")
    assert response.status_code in {302, 403, 404}


def test_editors_keep_the_term_list(columns):
    editor = client_for(make_user("editor", "编辑"))
    assert editor.get("/admin/snippets/health/term/").status_code == 200
    response = editor.post(
        "/admin/snippets/health/term/add/",
        {
            "kind": "miswritten",
            "correct": "张三同志",
            "wrong_forms": "张山同志\n章三同志",
            "note": "",
        },
    )
    assert response.status_code == 302
    news, _notice = columns
    page = article(news, text="张山同志出席会议。")

    assert [f.found for f in Finding.objects.filter(page=page)] == ["张山同志"]


def test_site_administrators_set_a_column_rule(columns):
    news, _notice = columns
    site_admin = client_for(make_user("boss", "站点管理员"))
    assert site_admin.get("/admin/snippets/health/columnhealth/add/").status_code == 200
    response = site_admin.post(
        "/admin/snippets/health/columnhealth/add/",
        {"page": news.pk, "kind": "notice", "interval_days": "30", "responsible_group": ""},
    )
    assert response.status_code == 302
    assert ColumnHealth.objects.get(page=news).effective_interval_days == 30
