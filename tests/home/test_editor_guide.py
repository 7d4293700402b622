import pytest
from django.contrib.auth import get_user_model

from home.editor_guide import render_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home_page):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("小王", password="password")
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return client


def test_the_help_menu_opens_our_guide_not_wagtails(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "/admin/editor-guide/" in html
    assert "guide.wagtail.org" not in html


def test_the_guide_is_shown_in_the_admin_with_its_screenshots(editor_client):
    response = editor_client.get("/admin/editor-guide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>人大网 CMS 编辑手册</h1>" in html
    assert "<table>" in html and "<th>角色（用户组）</th>" in html
    assert 'src="/admin/editor-guide/images/01-login.png"' in html
    image = editor_client.get("/admin/editor-guide/images/01-login.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_the_guide_needs_an_admin_login(client):
    assert client.get("/admin/editor-guide/").status_code == 302
    assert client.get("/admin/editor-guide/images/01-login.png").status_code == 302


def test_only_the_guides_own_images_are_served(editor_client):
    for name in ["..%2Feditor-guide.md", "..%2F..%2FREADME.md", "screenshots.py", "nothing.png"]:
        # A name with a slash matches no address (404, or the redirect adding a slash).
        assert editor_client.get(f"/admin/editor-guide/images/{name}").status_code in (301, 404)


def test_the_markdown_cannot_put_markup_into_the_admin():
    html = render_markdown(
        "# 标题 <script>alert(1)</script>\n\n"
        "正文 **粗体** `代码` [链接](javascript:alert(1)) [网站](https://example.com)\n\n"
        "![图](../secret.png) <img src=x onerror=alert(1)>\n"
    )
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.com">网站</a>' in html
    assert "<strong>粗体</strong>" in html and "<code>代码</code>" in html


def test_nested_lists_keep_their_items():
    html = render_markdown(
        "1. 第一步\n   - 甲\n   - 乙\n\n   ![图](images/01-login.png)\n2. 第二步\n"
    )
    assert html.count("<ol>") == 1 and html.count("<ul>") == 1
    assert html.index("甲") < html.index("乙") < html.index("01-login") < html.index("第二步")
    assert html.count("<li>") == html.count("</li>") == 4
