"""Import time of a generated 200-条 draft (.docx) and export time of 10,000 comments (issue #24).

    DATABASE_URL=sqlite:///$PWD/var/bench-consultations.sqlite3 \\
        .venv/bin/python bench/consultation_bench.py [--articles 200] [--comments 10000]

Migrates the database it is given (never var/db.sqlite3), creates a draft page below a column,
then times:

- import: the .docx (generated with python-docx from ``consultations.demo.draft_lines``, about
  3 lines per 条 with 款 and 项) read, structured and saved as a new revision of the draft,
  as 导入正文 does (``parse_docx`` + ``import_text``);
- export: the XLSX workbook of ``--comments`` comments spread over the 条, grouped by 条 with the
  条's text, as the staff's one-click export builds it (``comments_workbook``, the whole file
  written to memory).

Both must stay within 10 s (issue #24).
"""

import argparse
import io
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT}/var/bench-consultations.sqlite3")
if os.environ["DATABASE_URL"].endswith("var/db.sqlite3"):
    sys.exit("Use a separate database (DATABASE_URL), not var/db.sqlite3.")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from docx import Document  # noqa: E402
from wagtail.models import Page  # noqa: E402

from consultations.demo import draft_lines  # noqa: E402
from consultations.export import comments_workbook  # noqa: E402
from consultations.models import (  # noqa: E402
    Comment,
    CommentStatus,
    ConsultationIndexPage,
    DraftRegulationPage,
)
from consultations.parsing import parse_docx  # noqa: E402
from consultations.services import import_text, participant_key  # noqa: E402
from news.models import NewsIndexPage  # noqa: E402

LIMIT_SECONDS = 10


def docx_of(lines: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bench_draft() -> DraftRegulationPage:
    root = Page.get_first_root_node()
    column = NewsIndexPage.objects.filter(slug="bench-legislation").first()
    if column is None:
        column = NewsIndexPage(title="基准地方立法", slug="bench-legislation")
        root.add_child(instance=column)
    index = ConsultationIndexPage.objects.child_of(column).first()
    if index is None:
        index = column.add_child(instance=ConsultationIndexPage(title="征求意见", slug="bench"))
    now = timezone.now()
    draft = DraftRegulationPage(
        title=f"基准草案 {now:%H%M%S}",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        organiser="基准",
    )
    index.add_child(instance=draft)
    return draft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--comments", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    draft = bench_draft()

    lines = draft_lines(subject="基准测试", articles=args.articles)
    data = docx_of(lines)
    started = time.perf_counter()
    parsed = parse_docx(data)
    parse_seconds = time.perf_counter() - started
    import_text(draft=draft, parsed=parsed, user=None)
    import_seconds = time.perf_counter() - started
    print(
        f"import: {len(parsed.articles)} 条, {len(lines)} lines, {len(data) / 1024:.0f} KiB .docx: "
        f"{import_seconds:.2f} s (parse {parse_seconds:.2f} s, save revision "
        f"{import_seconds - parse_seconds:.2f} s); {len(parsed.unrecognised)} line(s) "
        f"unrecognised; limit {LIMIT_SECONDS} s: "
        f"{'OK' if import_seconds <= LIMIT_SECONDS else 'FAIL'}"
    )

    draft = DraftRegulationPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    anchors = [value.anchor() for value in draft.articles]
    now = timezone.now()
    Comment.objects.bulk_create(
        [
            Comment(
                draft_id=draft.pk,
                draft_key=draft.translation_key,
                article=anchors[number % len(anchors)] if number % 10 else "",
                text=f"基准意见 {number}：建议修改本条的表述，使之更加明确具体。" * 3,
                contact_mobile=f"+86138{number:08d}",
                participant=participant_key(str(number)),
                fingerprint=str(number),
                status=CommentStatus.NEW,
                submitted_at=now,
            )
            for number in range(args.comments)
        ],
        batch_size=1000,
    )
    comments = Comment.objects.for_draft(draft.translation_key)
    started = time.perf_counter()
    response = comments_workbook(draft=draft, comments=comments, with_contact=True)
    body = b"".join(response) if response.streaming else response.content
    export_seconds = time.perf_counter() - started
    print(
        f"export: {comments.count()} comments over {len(anchors)} 条, {len(body) / 1024:.0f} KiB "
        f"XLSX: {export_seconds:.2f} s; limit {LIMIT_SECONDS} s: "
        f"{'OK' if export_seconds <= LIMIT_SECONDS else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
