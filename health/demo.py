"""Planted problems for the content-health panel (marked 演示 in their titles): an article with a
miswritten term, a deprecated name and a link to a deleted page, one linking to an address that
answers 404, and in 决议决定 a decision marked 已废止 with the decision that replaced it. Then
every check runs once, so the panel shows real findings at once.

Idempotent like the rest of load_demo.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import HomePage
from news.document_status import DocumentStatus
from news.models import NewsIndexPage, NewsPage

from .checks import check_site

# A page id no page has: the demo's link to a page that was deleted.
DELETED_PAGE_ID = 987654
# (column slug, slug, title, paragraphs as HTML)
PLANTED = [
    (
        "supervision",
        "demo-health-wording",
        "市人大常委员会开展专题调研（演示：用词与断链）",
        [
            "本文为内容健康检查的演示稿件。市人大常委员会组织部分代表赴国土资源部门调研。",
            f'详见<a linktype="page" id="{DELETED_PAGE_ID}">已删除的通知</a>。',
        ],
    ),
    (
        "deputies",
        "demo-health-external-link",
        "代表建议办理情况通报（演示：外部断链）",
        [
            "本文为内容健康检查的演示稿件。",
            '原文见<a href="http://127.0.0.1:9/demo-missing-report">有关部门网站</a>。',
        ],
    ),
]
# 决议决定: (slug, title, paragraph); the first is repealed by the second.
DECISIONS = [
    (
        "demo-health-repealed-decision",
        "关于加强某项工作的决定（演示：已废止）",
        "本文为文件状态的演示稿件。本决定已由新的决定废止。",
    ),
    (
        "demo-health-new-decision",
        "关于进一步加强某项工作的决定（演示：替代文件）",
        "本文为文件状态的演示稿件。本决定自公布之日起施行，原决定同时废止。",
    ),
]


def _publish(column, *, slug, title, paragraphs, when, **fields) -> NewsPage:
    page = NewsPage(
        title=title,
        slug=slug,
        publish_time=when,
        source="演示稿件",
        body=[("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs],
        **fields,
    )
    column.specific.add_child(instance=page)
    revision = page.save_revision()
    page.first_published_at = when
    revision.publish()
    return page


def _load_decisions(home, *, stdout) -> None:
    column = home.get_children().type(NewsIndexPage).filter(slug="resolutions").first()
    if column is None or column.get_children().filter(slug=DECISIONS[0][0]).exists():
        return
    (old_slug, old_title, old_text), (new_slug, new_title, new_text) = DECISIONS
    now = timezone.now()
    with transaction.atomic():
        new = _publish(
            column,
            slug=new_slug,
            title=new_title,
            paragraphs=[new_text],
            when=now - timedelta(days=30),
        )
        _publish(
            column,
            slug=old_slug,
            title=old_title,
            paragraphs=[old_text],
            when=now - timedelta(days=400),
            document_status=DocumentStatus.REPEALED,
            document_status_date=date(2026, 1, 1),
            document_replaced_by=new,
        )
    stdout.write(f"  + {new_title}")
    stdout.write(f"  + {old_title}")


def load(*, stdout) -> None:
    home = HomePage.objects.get(locale=Locale.get_default())
    for column_slug, slug, title, paragraphs in PLANTED:
        column = home.get_children().type(NewsIndexPage).filter(slug=column_slug).first()
        if column is None or column.get_children().filter(slug=slug).exists():
            continue
        with transaction.atomic():
            _publish(
                column,
                slug=slug,
                title=title,
                paragraphs=paragraphs,
                when=timezone.now() - timedelta(days=40),
            )
        stdout.write(f"  + {title}")
    _load_decisions(home, stdout=stdout)
    counts = check_site()
    stdout.write("  content health: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
