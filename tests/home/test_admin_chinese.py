"""The editors' everyday admin screens read in Chinese: no English word of Wagtail's left in the
text they see or hear (the allow-list in admin_text.py holds names, not words)."""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageLogEntry

from tests.factories import NewsPageFactory
from tests.home.admin_text import english_words

pytestmark = pytest.mark.django_db

WAGTAIL_ADMIN_LOCALE = Path(wagtail.__file__).parent / "admin" / "locale"


@pytest.fixture
def people(db):
    make = get_user_model().objects.create_user
    # Names in Chinese, as the editors' are: some reports show the user name, not the full name.
    editor = make("小王", "bianji@example.com", "password", first_name="小王")
    editor.groups.add(Group.objects.get(name="编辑"))
    admin = get_user_model().objects.create_superuser(
        "老李", "guanli@example.com", "password", first_name="老李"
    )
    return editor, admin


@pytest.fixture
def content(column, people):
    editor, admin = people
    # Wagtail's sample page ("Welcome to your new Wagtail site!"), replaced by home_page.
    PageLogEntry.objects.filter(label__startswith="Welcome").delete()
    article = NewsPageFactory(parent=column, title="代表联络站全面升级")
    article.save_revision(user=editor).publish(user=admin)
    draft = NewsPageFactory(parent=column, title="草稿稿件", live=False)
    draft.save_revision(user=editor)
    wagtail_factories.ImageFactory(title="联络站照片", collection=Collection.get_first_root_node())
    get_document_model().objects.create(
        title="工作报告", file=ContentFile(b"report", name="report.txt")
    )
    return article


def screens(home_page, column, article):
    return [
        "/admin/",
        f"/admin/pages/{home_page.pk}/",
        f"/admin/pages/{column.pk}/",
        f"/admin/pages/add/news/newspage/{column.pk}/",
        f"/admin/pages/{article.pk}/edit/",  # also the schedule dialog and the status panel
        f"/admin/pages/{article.pk}/history/",
        f"/admin/pages/search/?q={article.title}",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/scheduled/",
    ]


def test_the_login_page_is_chinese(client):
    assert english_words(client.get("/admin/login/").content.decode()) == {}


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_the_everyday_screens_are_chinese(client, home_page, column, content, people, who):
    client.force_login(people[0] if who == "editor" else people[1])
    left = {}
    for url in screens(home_page, column, content):
        response = client.get(url)
        if who == "editor" and response.status_code in (302, 403):
            continue  # a screen for administrators only
        assert response.status_code == 200, url
        for word, text in english_words(response.content.decode()).items():
            left.setdefault(url, {})[word] = text
    assert left == {}, json.dumps(left, ensure_ascii=False, indent=1)


def test_the_schedule_dialog_and_status_panel_are_in_the_editor(client, column, content, people):
    client.force_login(people[0])
    html = client.get(f"/admin/pages/{content.pk}/edit/").content.decode()
    for text in ["选择此页面上线和（或）下线的时间", "有编辑权限的人都可以设置排期", "被引用 0 次"]:
        assert text in html, text


def test_wagtails_scripts_have_every_string_in_chinese(client):
    """The admin's JavaScript reads its strings from the JavaScript catalog (/admin/jsi18n/):
    Wagtail's own zh_Hans djangojs catalog, then ours (locale/wagtail)."""
    source = polib.pofile(str(WAGTAIL_ADMIN_LOCALE / "en/LC_MESSAGES/djangojs.po"))
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    missing = [entry.msgid for entry in source if entry.msgid not in catalog]
    assert missing == []
    assert catalog["Insert a block"] == "插入区块"


def test_the_live_page_link_reads_as_viewing_it(client, column, content, people):
    """In the explorer and the editor the link to the live page said 发布 (publish)."""
    client.force_login(people[0])
    for url in [f"/admin/pages/{column.pk}/", f"/admin/pages/{content.pk}/edit/"]:
        html = client.get(url).content.decode()
        tags = re.findall(r'<a[^>]*class="page-status-tag[^"]*".*?</a>', html, re.S)
        assert tags
        for tag in tags:
            assert "查看线上页面" in tag
            assert "发布" not in re.sub(r"<[^>]+>", "", tag)


def test_our_status_tag_is_wagtails_with_another_label():
    """templates/wagtailadmin/shared/page_status_tag_new.html copies Wagtail's: when Wagtail
    changes its own, this fails, and the copy is made again from the new one."""
    ours = Path("templates/wagtailadmin/shared/page_status_tag_new.html").read_text()
    theirs = (
        Path(wagtail.__file__).parent
        / "admin/templates/wagtailadmin/shared/page_status_tag_new.html"
    ).read_text()
    remade = theirs
    for english, chinese in [
        ("'Live' as live_label", "'查看线上页面' as live_label"),
        ("'Visible to all. Visit the live page'", "'所有人可见。查看线上页面'"),
        ("'Visible to all'", "'所有人可见'"),
        ("'Private. Visit the live page'", "'私有。查看线上页面'"),
        ("'Private'", "'私有'"),
    ]:
        remade = remade.replace(f"{{% trans {english}", f"{{% translate {chinese}")
    assert [line for line in ours.splitlines() if not line.startswith("{# Overrides")] == (
        remade.splitlines()
    )


def test_a_form_with_errors_says_so_in_chinese_and_where(client, column, content, people):
    """The banner is Chinese and names the way to the error; Wagtail 8 marks the tab that holds
    it with a count and adds the "go to the first error" button."""
    client.force_login(people[0])
    data = {
        "title": "重复网址的稿件",
        "slug": content.slug,  # taken by a sibling: the error sits on the 推荐 tab
        "source": "研究室",
        "body-count": "0",
        **{f"authors-{k}": v for k, v in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]},
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/pages/add/news/newspage/{column.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "页面未能保存：有内容未通过检查。请查看标有红色数字的选项卡" in html
    assert "转到第一处错误" in html
    assert english_words(html) == {}


def test_a_search_across_page_types_counts_without_none(client, home_page, column, people):
    """Wagtail names no model for results of several page types ("共 21 个None" in the walk):
    the count says 项 (items) instead of a type's name."""
    from tests.factories import NewsIndexPageFactory

    NewsIndexPageFactory(parent=home_page, title="联络站专栏")
    NewsPageFactory(parent=column, title="联络站升级")
    client.force_login(people[1])

    html = client.get("/admin/pages/search/?q=联络站").content.decode()

    assert "个None" not in html
    assert "共 2 项" in html
