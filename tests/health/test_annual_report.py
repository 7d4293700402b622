from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import Page

from consultations.models import Comment, ConsultationIndexPage, DraftRegulationPage
from consultations.parsing import parse_text
from health import checks
from health.annual import annual_figures
from health.models import Check, Finding, FixedFinding
from news.models import NewsPage
from tests.consultations.conftest import DRAFT_TEXT
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StationIndexPageFactory,
    StationPageFactory,
    publish,
)
from tests.liaison.factories import MessageFactory

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def published(column, when, **fields):
    return publish(NewsPageFactory(parent=column, publish_time=when, **fields),
                   first_published_at=when)  # fmt: skip


@pytest.fixture
def year_2025(home_page, site_settings):
    """A known year: articles on both sides of its Beijing-time edges, messages, drafts with
    comments, and broken links found and fixed in and out of it."""
    supervision = NewsIndexPageFactory(parent=home_page, title="监督广角", slug="supervision")
    releases = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    hidden = NewsIndexPageFactory(parent=home_page, title="内部资料", slug="internal",
                                  show_in_menus=False)  # fmt: skip
    for when in (at(2025, 3, 1, 10), at(2025, 3, 1, 15), at(2025, 12, 31, 23, 30)):
        published(supervision, when)
    published(supervision, at(2024, 12, 31, 23))  # 2024 in Beijing (and in UTC)
    published(supervision, at(2026, 1, 1, 0, 30))  # 2026 in Beijing, still 2025 in UTC
    published(releases, at(2025, 6, 1, 9))
    published(hidden, at(2025, 7, 1, 9))  # counted for its column, not on the home page
    NewsPageFactory(parent=releases, publish_time=at(2025, 8, 1), live=False)  # a draft

    network = StationIndexPageFactory(parent=home_page, slug="stations")
    station = StationPageFactory(parent=network, title="甘霖镇人大代表联络站", slug="ganlin")
    for received, days in [(at(2025, 2, 1), 4), (at(2025, 3, 1), 10), (at(2025, 4, 1), 1)]:
        MessageFactory(station=station, received_at=received,
                       replied_at=received + timedelta(days=days), status="replied")  # fmt: skip
    MessageFactory(station=station, received_at=at(2025, 5, 1))  # not answered
    MessageFactory(station=station, received_at=at(2025, 5, 2), is_demo=True)
    MessageFactory(station=station, received_at=at(2024, 12, 31, 23))

    index = hidden.add_child(instance=ConsultationIndexPage(title="征求意见", slug="drafts"))
    drafts = []
    for number, opens in enumerate((at(2025, 5, 1), at(2024, 11, 1)), start=1):
        draft = index.add_child(instance=DraftRegulationPage(
            title=f"示范条例（草案）{number}", slug=f"draft-{number}", opens_at=opens,
            closes_at=opens + timedelta(days=30), organiser="法制工作委员会",
            text=parse_text(DRAFT_TEXT).stream_data(),
        ))  # fmt: skip
        draft.save_revision().publish()
        drafts.append(draft)
    for draft, submitted, status, demo in [
        (drafts[0], at(2025, 5, 2), "new", False),
        (drafts[0], at(2025, 5, 3), "valid", False),
        (drafts[0], at(2025, 5, 4), "spam", False),  # set aside by moderation
        (drafts[0], at(2025, 5, 5), "new", True),  # demo
        (drafts[1], at(2025, 1, 2), "valid", False),  # an older draft, commented this year
        (drafts[1], at(2024, 11, 2), "valid", False),
    ]:
        Comment.objects.create(draft=draft, text="意见", contact_name="李四",
                               participant="p", status=status, submitted_at=submitted,
                               is_demo=demo)  # fmt: skip

    page = Page.objects.filter(depth__gt=1).first()
    for kind, seen in [(Check.INTERNAL_LINK, at(2025, 9, 1)), (Check.EXTERNAL_LINK, at(2024, 9, 1)),
                       (Check.TERM, at(2025, 9, 1))]:  # fmt: skip
        Finding.objects.create(page=page, kind=kind, found="x", first_seen=seen)
    for kind, seen, fixed in [
        (Check.EXTERNAL_LINK, at(2025, 2, 1), at(2025, 3, 1)),
        (Check.INTERNAL_LINK, at(2024, 6, 1), at(2025, 1, 5)),
        (Check.INTERNAL_LINK, at(2024, 6, 1), at(2024, 7, 1)),
    ]:
        FixedFinding.objects.create(kind=kind, page_id=page.pk, found="y", first_seen=seen,
                                    fixed_at=fixed)  # fmt: skip
    return home_page


def test_the_figures_of_a_known_year(year_2025):
    figures = annual_figures(2025)

    columns = dict(figures.columns)
    assert columns["监督广角"] == 3
    assert columns["重要发布"] == 1
    assert columns["内部资料"] == 1
    assert figures.articles == 5
    assert (figures.home_articles, figures.home_days) == (4, 3)  # 3 March, 1 June, 31 December
    assert (figures.messages_received, figures.messages_answered) == (4, 3)
    assert figures.median_reply_days == 4.0
    assert (figures.consultations, figures.comments) == (1, 3)
    assert (figures.links_found, figures.links_fixed) == (2, 2)


def test_labels_in_both_languages(year_2025):
    figures = annual_figures(2025)
    with translation.override("zh-hans"):
        chinese = dict(figures.rows())
    with translation.override("en"):
        english = dict(figures.rows())

    assert chinese["答复用时中位数（天）"] == 4.0
    assert english["Median days to reply"] == 4.0
    assert english["Articles on the home page"] == 4
    assert english["Broken links fixed"] == 2


def test_the_command_writes_the_xlsx_and_a_draft_for_the_editors(year_2025, tmp_path):
    output = tmp_path / "2025.xlsx"

    call_command("annual_report", "--year", "2025", "--output", str(output), "--draft-page",
                 "--language", "en", stdout=open(tmp_path / "log", "w"))  # fmt: skip

    workbook = load_workbook(output)
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert summary["Comments received"] == 3
    assert summary["Messages received"] == 4
    per_column = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert per_column["监督广角"] == 3
    draft = NewsPage.objects.get(title="2025 annual website report")
    assert not draft.live and draft.has_unpublished_changes
    assert draft.get_parent().slug == "releases"
    tables = [block.value["table"]["data"] for block in draft.body if block.block_type == "table"]
    assert ["Median days to reply", "4.0"] in tables[0]


def test_a_broken_link_fixed_is_recorded(home_page, site_settings):
    column = NewsIndexPageFactory(parent=home_page, title="重要发布", slug="releases")
    gone = published(column, at(2025, 1, 1))
    link = f'<p><a linktype="page" id="{gone.pk}">旧文</a></p>'
    page = published(column, at(2025, 1, 2), body=[("paragraph", link)])
    gone.delete()
    checks.check_site()
    assert Finding.objects.filter(kind=Check.INTERNAL_LINK).count() == 1
    assert not FixedFinding.objects.exists()

    page.body = [("paragraph", "<p>已改正。</p>")]
    publish(page)
    checks.check_site()

    fixed = FixedFinding.objects.get()
    assert (fixed.kind, fixed.page_id) == (Check.INTERNAL_LINK, page.pk)
    assert not Finding.objects.filter(kind=Check.INTERNAL_LINK).exists()
