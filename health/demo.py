"""Planted problems for the content-health panel (marked 演示 in their titles): an article with a
miswritten term, a deprecated name and a link to a deleted page, and one linking to an address
that answers 404. Then every check runs once, so the panel shows real findings at once.

Idempotent like the rest of load_demo.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import HomePage
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


def load(*, stdout) -> None:
    home = HomePage.objects.get(locale=Locale.get_default())
    for column_slug, slug, title, paragraphs in PLANTED:
        column = home.get_children().type(NewsIndexPage).filter(slug=column_slug).first()
        if column is None or column.get_children().filter(slug=slug).exists():
            continue
        with transaction.atomic():
            when = timezone.now() - timedelta(days=40)
            page = NewsPage(
                title=title,
                slug=slug,
                publish_time=when,
                source="演示稿件",
                body=[("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs],
            )
            column.specific.add_child(instance=page)
            revision = page.save_revision()
            page.first_published_at = when
            revision.publish()
        stdout.write(f"  + {title}")
    counts = check_site()
    stdout.write("  content health: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
