"""Grow the demo site to N articles, for the page benchmarks (page_speed.py, load.py).

    bin/with-postgres bash -c '.venv/bin/python bench/generate_site.py --count 1000 &&
                               .venv/bin/python bench/page_speed.py'

Builds on the demo site (`load_demo`: the columns, the 市县人大 cities, the liaison-station network,
the English pages) and adds articles until there are ``--count`` generated ones, so 1k → 10k →
100k only adds the difference. Articles are written in bulk (pages, then the article rows, authors
and topics), which is what makes 100k possible in minutes instead of hours; they are live, spread
over every Chinese column with weights (the cities get many), dated over 2000–today, ~1,500
characters of the seed article's sentences in random order, two authors at most, one to three
topics out of 30, and a feature image (one of 12 drawn ones, renditions prepared) on a quarter of
them, a few of which are 图片新闻. Refuses the development database.
"""

import argparse
import io
import os
import random
import re
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

SLUG_PREFIX = "g"
BATCH = 2000
TOPICS = [
    "代表联络站", "地方立法", "预算审查", "民生实事", "乡村振兴", "生态环境", "营商环境",
    "基层治理", "代表建议", "执法检查", "专题询问", "备案审查", "人事任免", "法治宣传",
    "共同富裕", "数字化改革", "社会保障", "教育", "医疗卫生", "食品安全", "安全生产",
    "文化遗产", "交通", "水利", "住房", "养老", "就业", "科技创新", "对外开放", "民族宗教",
]  # fmt: skip
NAMES = ["沈丽华", "吕颖", "王建国", "李明", "张晓燕", "陈志强", "刘芳", "杨帆", "赵磊", "周敏"]


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _sentences() -> list[str]:
    from news.legacy import read_legacy_file

    seed = read_legacy_file(
        ROOT / "news/fixtures/legacy/shengzhou-liaison-station-upgrade-2020-07-30.txt"
    )
    return [s for p in seed.paragraphs for s in re.split(r"(?<=[。；])", p) if s.strip()]


def _images():
    """Twelve drawn images titled 基准图片, created once, with their renditions prepared."""
    from wagtail.images import get_image_model

    from home.demo import demo_image
    from home.services import SHARE_IMAGE_FILTER, picture_filters

    image_model = get_image_model()
    palette = ["#b3191d", "#f2c14e", "#1d5fb3", "#3a8f3a", "#7a3ab3", "#b36b1d"]
    images = []
    for number in range(12):
        title = f"基准图片 {number + 1}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            image = demo_image(
                title=title,
                filename=f"bench-{number + 1}.jpg",
                colors=(palette[number % 6], palette[(number + 2) % 6]),
            )
        image.get_renditions(*picture_filters(image.width), SHARE_IMAGE_FILTER)
        images.append(image)
    return images


def _columns():
    """Every Chinese column, with a weight: the cities and 重要发布 get more articles."""
    from wagtail.models import Locale

    from news.models import NewsIndexPage

    columns = list(NewsIndexPage.objects.filter(locale=Locale.get_default()).order_by("path"))
    weights = [3 if column.depth > 3 or column.slug == "releases" else 1 for column in columns]
    return columns, weights


def _body(rng, sentences):
    """A body of paragraph blocks, in StreamField's stored (raw) form: quicker to write."""
    paragraphs, length = [], 0
    while length < 1500:
        paragraph = "".join(rng.sample(sentences, 3))
        paragraphs.append(
            {"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": str(uuid.uuid4())}
        )
        length += len(paragraph)
    return paragraphs


def _add_batch(*, numbers, rng, sentences, columns, weights, images, tags):
    """Insert the articles numbered ``numbers``: page rows in bulk, then the article rows (the
    child table of Page, written with Django's raw insert as ``save(raw=True)`` does), authors
    and topics in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Page

    from news.models import NewsPage, NewsPageAuthor, NewsPageTag

    content_type = ContentType.objects.get_for_model(NewsPage)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    span = (datetime.now(UTC) - start).total_seconds()
    chosen = rng.choices(columns, weights=weights, k=len(numbers))
    by_column: dict[int, list[int]] = {}
    for number, column in zip(numbers, chosen, strict=True):
        by_column.setdefault(column.pk, []).append(number)

    pages, articles = [], []
    for column in columns:
        mine = by_column.get(column.pk, [])
        if not mine:
            continue
        column.refresh_from_db(fields=["numchild", "path"])
        last = column.get_last_child()
        position = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for offset, number in enumerate(mine, start=1):
            when = start + timedelta(seconds=rng.uniform(0, span))
            title = rng.choice(sentences).strip("。；，")[:36] or f"基准稿件{number}"
            slug = f"{SLUG_PREFIX}{number}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    locale_id=column.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{column.url_path}{slug}/",
                    path=Page._get_path(column.path, column.depth + 1, position + offset),
                    depth=column.depth + 1,
                    numchild=0,
                    first_published_at=when,
                    last_published_at=when,
                    translation_key=uuid.uuid4(),
                )
            )
            image = rng.choice(images) if rng.random() < 0.25 else None
            articles.append(
                NewsPage(
                    title=title,
                    column_id=column.pk,  # what NewsPage.save sets; the raw insert skips it
                    publish_time=when,
                    source=rng.choice(["浙江人大网", "嵊州市人大常委会", "绍兴日报", ""]),
                    responsible_editor=rng.choice(NAMES),
                    summary="" if rng.random() < 0.5 else rng.choice(sentences)[:120],
                    feature_image=image,
                    is_photo_news=image is not None and rng.random() < 0.08,
                    body=_body(rng, sentences),
                )
            )
        Page.objects.filter(pk=column.pk).update(numchild=F("numchild") + len(mine))

    created = Page.objects.bulk_create(pages)
    for page, article in zip(created, articles, strict=True):
        article.page_ptr_id = page.pk
        article.pk = page.pk
    fields = list(NewsPage._meta.local_concrete_fields)
    NewsPage.objects._insert(articles, fields=fields, raw=True)
    NewsPageAuthor.objects.bulk_create(
        NewsPageAuthor(page_id=article.pk, name=name, sort_order=order)
        for article in articles
        for order, name in enumerate(rng.sample(NAMES, rng.randint(0, 2)))
    )
    NewsPageTag.objects.bulk_create(
        NewsPageTag(content_object_id=article.pk, tag=tag)
        for article in articles
        for tag in rng.sample(tags, rng.randint(1, 3))
    )


def generate(count: int, *, stdout=out) -> int:
    """Add generated articles until there are ``count``; returns how many were added."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from taggit.models import Tag
    from tqdm import tqdm

    from home.cache.generation import bump_generation
    from news.models import NewsPage

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    existing = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX, slug__regex=r"^g\d+$").count()
    missing = count - existing
    if missing <= 0:
        stdout(f"{existing} generated articles already (wanted {count}); nothing to add")
        return 0
    rng = random.Random(2026 + existing)
    sentences = _sentences()
    images = _images()
    columns, weights = _columns()
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"t{n}"})[0]
        for n, name in enumerate(TOPICS)
    ]
    with tqdm(total=missing, unit="篇", desc="生成文章") as bar:
        for first in range(existing, count, BATCH):
            numbers = list(range(first, min(first + BATCH, count)))
            with transaction.atomic():
                _add_batch(
                    numbers=numbers,
                    rng=rng,
                    sentences=sentences,
                    columns=columns,
                    weights=weights,
                    images=images,
                    tags=tags,
                )
            bar.update(len(numbers))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    bump_generation()
    stdout(f"added {missing} articles; {count} generated articles in all")
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="generated articles wanted")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    if str(settings.DATABASES["default"]["NAME"]).endswith("db.sqlite3"):
        sys.exit("Refusing to run on the development database; set DATABASE_URL.")
    from search_quality import ensure_database

    ensure_database()
    generate(args.count)


if __name__ == "__main__":
    main()
