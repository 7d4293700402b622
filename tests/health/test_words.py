import pytest

from health.checks import check_site
from health.models import Check, Finding, Term, TermKind
from health.words import TermChecker

from .conftest import article

pytestmark = pytest.mark.django_db


def checker(*terms):
    return TermChecker([Term(kind=k, correct=c, wrong_forms="\n".join(w)) for k, c, w in terms])


def test_wrong_forms_are_found_and_correct_forms_are_not():
    words = checker(
        (TermKind.MISWRITTEN, "人民代表大会常务委员会", ["人民代表大会常务委员"]),
        (TermKind.MISWRITTEN, "人大常委会", ["人大常委员会"]),
    )
    assert words.find("浙江省人民代表大会常务委员会公告") == []
    assert [f for _s, f, _t in words.find("省人大常委员会和人民代表大会常务委员开会")] == [
        "人大常委员会",
        "人民代表大会常务委员",
    ]


def test_the_starter_list_is_shipped_and_catches_common_miswritings():
    assert Term.objects.filter(correct="人大常委会").exists()
    words = TermChecker.from_database()
    found = [f for _s, f, _t in words.find("市人大长委会召开会议，国土资源部有关负责人出席。")]
    assert found == ["人大长委会", "国土资源部"]
    assert words.find("浙江省人民代表大会常务委员会、自然资源部、人大常委会、地方性法规") == []


def test_site_check_stores_findings_on_live_pages_only(columns):
    news, _notice = columns
    bad = article(news, text="省人大常委员会举行会议。此处填写", title="演示稿件")
    article(news, text="省人大常委会举行会议。")
    draft = article(news, text="人大长委会")
    draft.unpublish()

    counts = check_site()

    findings = Finding.objects.filter(kind=Check.TERM)
    assert counts[Check.TERM] == 2
    assert {(f.page_id, f.found) for f in findings} == {
        (bad.pk, "人大常委员会"),
        (bad.pk, "此处填写"),
    }
    detail = {f.found: f.detail for f in findings}
    assert detail["人大常委员会"] == "应为“人大常委会”"
    assert detail["此处填写"] == "禁用词，请删改"


def test_fixing_the_page_removes_the_finding_on_publish(columns):
    news, _notice = columns
    page = article(news, text="省人大常委员会举行会议。")
    check_site()
    assert Finding.objects.filter(page=page).exists()

    page.body = [("paragraph", "<p>省人大常委会举行会议。</p>")]
    page.save_revision().publish()

    assert not Finding.objects.filter(page=page).exists()


def test_a_finding_keeps_its_first_seen_time(columns):
    news, _notice = columns
    article(news, text="省人大常委员会举行会议。")
    check_site()
    first = Finding.objects.get().first_seen

    check_site()

    assert Finding.objects.get().first_seen == first
