"""Demo columns and articles: the columns of the legacy site's navigation, the seed article through
the legacy importer, and a few articles written for the demo.

Idempotent like the rest of load_demo: existing articles are left as they are.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.html import format_html
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from home.demo import CITIES, demo_image, ensure_page
from home.models import HomePage
from home.services import ensure_regional_editor_group

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

# (title, slug, intro, sub-columns) in the order of the legacy site's main navigation.
COLUMNS = [
    ("人大概览", "overview", "人大常委会的组成、职责和工作机构。", []),
    ("重要发布", "releases", "常委会公告、新闻发布和重要通知。", []),
    ("地方立法", "legislation", "地方性法规的起草、审议、公布和立法动态。", []),
    ("监督广角", "supervision", "听取审议专项工作报告、执法检查和专题询问。", []),
    ("选举任免", "appointments", "选举和人事任免事项。", []),
    ("决议决定", "resolutions", "常委会作出的决议和决定。", []),
    ("代表工作", "deputies", "人大代表履职、代表联络站建设和代表建议办理。", []),
    ("市县人大", "local", "各市、县（市、区）人大工作动态。", CITIES),
    ("机关建设", "organs", "机关党建、作风建设和干部队伍建设。", []),
    ("理论研究", "theory", "人民代表大会制度理论研究成果。", []),
    ("媒体关注", "media", "新闻媒体对人大工作的报道。", []),
    ("专题集锦", "topics", "重要会议和专项工作的专题报道。", []),
]

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


def load_columns(*, stdout) -> None:
    """The columns (and a regional editor group per 市县人大 city) below the home page that
    ``home.demo.load`` made; ``load`` fills them with articles."""
    with transaction.atomic():
        home = HomePage.objects.get(locale=Locale.get_default())
        _ensure_columns(home=home, stdout=stdout)
        _ensure_regional_groups(home=home, stdout=stdout)


def _ensure_columns(*, home: HomePage, stdout) -> None:
    for title, slug, intro, children in COLUMNS:
        column = _ensure_column(NewsIndexPage, home, title, slug, intro, stdout=stdout)
        for child_title, child_slug in children:
            _ensure_column(
                NewsIndexPage,
                column,
                child_title,
                child_slug,
                f"{child_title}人大工作动态。",
                stdout=stdout,
            )


def _ensure_regional_groups(*, home: HomePage, stdout) -> None:
    """A regional editor group per 市县人大 sub-column (绍兴市编辑 …)."""
    local = home.get_children().filter(slug="local").first()
    if local is None:
        return
    for city in local.get_children():
        if not Group.objects.filter(name=f"{city.title}编辑").exists():
            ensure_regional_editor_group(column=city)
            stdout.write(f"  + group {city.title}编辑")


def _ensure_column(model, parent: Page, title: str, slug: str, intro: str, *, stdout):
    return ensure_page(
        parent, model, slug=slug, title=title, intro=f"<p>{intro}</p>", show_in_menus=True,
        stdout=stdout,
    )  # fmt: skip


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
