"""Demo articles: the seed article through the legacy importer, and a few written for the demo.

Idempotent like the rest of load_demo: existing articles are left as they are.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.html import format_html
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.demo import demo_image
from home.models import HomePage

from .legacy import read_legacy_file
from .legacy_import import import_legacy_article
from .models import NewsIndexPage, NewsPage, NewsPageAuthor

SEED_FILE = (
    Path(__file__).parent
    / "fixtures"
    / "legacy"
    / ("shengzhou-liaison-station-upgrade-2020-07-30.txt")
)
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Written for the demo (marked 演示稿件 in their source): enough to fill the home page sections and
# the 图片新闻 carousel.
# (column slugs, slug, title, time, summary, paragraphs, photo news, topics)
DEMO_ARTICLES = [
    (
        ["releases"],
        "demo-standing-committee-session",
        "省人大常委会举行第二十二次会议（演示稿件）",
        datetime(2020, 7, 29, 9, 30),
        "会议审议了多项地方性法规草案和专项工作报告。",
        [
            "本次会议为演示内容。会议听取和审议了多项地方性法规草案及省政府有关专项工作报告。",
            "会议强调，要坚持依法履职，不断提升立法、监督工作质量。",
        ],
        True,
        ["常委会会议"],
    ),
    (
        ["legislation"],
        "demo-regulation-draft-comments",
        "一部地方性法规草案公开征求意见（演示稿件）",
        datetime(2020, 7, 20, 10, 0),
        "社会各界可通过网站、信函等方式提出意见和建议。",
        [
            "本文为演示内容。为推进科学立法、民主立法，法规草案全文在本网站公布，公开征求社会各界意见。",
            "意见征集期间，公民、法人和其他组织均可通过本网站或信函方式提出意见。",
        ],
        False,
        ["立法征求意见"],
    ),
    (
        ["supervision"],
        "demo-law-enforcement-inspection",
        "常委会执法检查组赴基层开展检查（演示稿件）",
        datetime(2020, 7, 15, 15, 20),
        "检查组通过实地察看、座谈交流等方式了解法律实施情况。",
        [
            "本文为演示内容。执法检查组深入乡镇、企业和社区，实地察看法律贯彻实施情况。",
            "检查组要求，要针对发现的问题抓好整改，推动法律规定落地见效。",
        ],
        True,
        ["执法检查"],
    ),
    (
        ["deputies"],
        "demo-liaison-station-reception-day",
        "代表联络站开展集中接待选民活动（演示稿件）",
        datetime(2020, 7, 10, 14, 0),
        "人大代表进站接待选民，面对面听取群众意见建议。",
        [
            "本文为演示内容。在代表联络站接待日，多名人大代表进站接待选民，认真听取群众反映的问题。",
            "对群众反映的交通、环境等问题，代表们现场记录并承诺跟踪督办。",
        ],
        True,
        ["代表联络站", "接待选民"],
    ),
]


def load(*, stdout) -> None:
    home = HomePage.objects.get(locale=Locale.get_default())
    if not NewsPage.objects.filter(legacy_id=read_legacy_file(SEED_FILE).legacy_id).exists():
        result = import_legacy_article(article=read_legacy_file(SEED_FILE), home=home)
        stdout.write(f"  + {result.page.title}（由旧站导入）")
    for index, article in enumerate(DEMO_ARTICLES, start=1):
        with transaction.atomic():
            _ensure_article(home, index, *article, stdout=stdout)


def _ensure_article(
    home, index, column_slugs, slug, title, when, summary, paragraphs, photo, topics, *, stdout
):
    column = home
    for column_slug in column_slugs:
        column = column.get_children().type(NewsIndexPage).get(slug=column_slug)
    if column.get_children().filter(slug=slug).exists():
        return
    image = (
        demo_image(title=f"演示图片 {index}", filename=f"demo-photo-{index}.png",
                   colors=[("#b3191d", "#f2c14e"), ("#0b4f9c", "#9ad0f5"),
                           ("#2f6b3a", "#c9e4a6"), ("#6b2f5f", "#f0b8d8")][index % 4])
        if photo
        else None
    )  # fmt: skip
    page = NewsPage(
        title=title,
        slug=slug,
        summary=summary,
        publish_time=when.replace(tzinfo=SHANGHAI),
        source="浙江人大网（演示稿件）",
        responsible_editor="研究室",
        feature_image=image,
        feature_image_caption="演示图片" if image else "",
        is_photo_news=photo,
        body=[("paragraph", RichText(format_html("<p>{}</p>", text))) for text in paragraphs],
        authors=[NewsPageAuthor(name="演示作者")],
    )
    column.add_child(instance=page)
    page.tags.add(*topics)
    revision = page.save_revision()
    page.first_published_at = page.publish_time
    revision.publish()
    stdout.write(f"  + {title}")
