from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from health.messages import unanswered_counts
from home.services import ensure_regional_editor_group
from liaison.models import Status
from tests.factories import NewsIndexPageFactory, StationIndexPageFactory, StationPageFactory
from tests.liaison.factories import MessageFactory
from tests.workflow.conftest import make_user

from .conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_groups(columns, home_page):
    news, notice = columns
    article(notice, days_ago=1)
    article(news, days_ago=20, text="人大长委会开会。", title="监督稿件")
    city = NewsIndexPageFactory(parent=home_page, title="绍兴市", slug="shaoxing")
    ensure_regional_editor_group(column=city)
    article(city, days_ago=1, text='<a linktype="page" id="999999">断链</a>', title="绍兴稿件")
    make_user("editor", "编辑")
    make_user("shaoxing", "绍兴市编辑")
    return news, city


def test_each_group_gets_what_concerns_its_columns(two_groups):
    call_command("content_health", "--no-external", "--email", stdout=open("/dev/null", "w"))

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"editor@example.com", "shaoxing@example.com"}
    editors = by_recipient["editor@example.com"]
    assert editors.subject == "内容健康周报：编辑"
    assert "监督广角：20 天未更新（要求 14 天）" in editors.body
    assert "监督稿件（正文）：人大长委会 — 应为“人大常委会”" in editors.body
    assert "绍兴稿件" not in editors.body
    city = by_recipient["shaoxing@example.com"].body
    assert "绍兴稿件（正文）：page:999999 — 链接的页面已删除" in city
    assert "监督" not in city
    assert "/admin/pages/" in city


def test_no_email_except_on_the_weekly_day(two_groups):
    call_command("content_health", "--no-external", "--no-email", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


def test_a_clean_site_sends_nothing(columns):
    news, notice = columns
    article(news, days_ago=1)
    article(notice, days_ago=1)
    make_user("editor", "编辑")
    call_command("content_health", "--no-external", "--email", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


@pytest.fixture
def station(home_page, site_settings):
    network = StationIndexPageFactory(parent=home_page, slug="stations", title="代表联络站")
    return StationPageFactory(parent=network, title="甘霖镇人大代表联络站", slug="ganlin")


def test_unanswered_messages_are_counted_past_30_60_90_days(station):
    now = timezone.now()
    for days, status in [
        (10, Status.PENDING),
        (45, Status.ACCEPTED),
        (75, Status.REFERRED),
        (100, Status.HELD),
        (120, Status.REPLIED),
        (200, Status.CLOSED),
    ]:
        MessageFactory(station=station, received_at=now - timedelta(days=days), status=status)

    assert unanswered_counts(now=now) == {30: 3, 60: 2, 90: 1}  # answered ones do not count


def test_the_panel_shows_unanswered_messages(site_admin_client, station):
    MessageFactory(station=station, received_at=timezone.now() - timedelta(days=95))
    html = site_admin_client.get("/admin/").content.decode()
    assert "超过 90 天未答复的留言" in html


def test_each_member_reads_the_report_in_their_admin_language(two_groups):
    """The job's own language does not leak into the e-mail: the editor who left the language
    to the site gets Chinese, the one who chose English gets English."""
    english = make_user("editor-en", "编辑")
    profile = UserProfile.get_for_user(english)
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        call_command("content_health", "--no-external", "--email", stdout=open("/dev/null", "w"))

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert by_recipient[("editor@example.com",)].subject == "内容健康周报：编辑"
    assert by_recipient[("shaoxing@example.com",)].subject == "内容健康周报：绍兴市编辑"
    assert by_recipient[("editor-en@example.com",)].subject == "Weekly content health: 编辑"
    english = by_recipient[("editor-en@example.com",)].body
    assert "Overdue or empty columns" in english
    assert "监督广角: not updated for 20 days (required: 14 days)" in english
    assert "监督稿件 (Body): 人大长委会 — should be “人大常委会”" in english
    assert "：" not in english.split("\n", 1)[1]  # no Chinese punctuation around the English
