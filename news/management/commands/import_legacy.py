import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Locale

from home.models import HomePage
from news.legacy import (
    LegacyParseError,
    clean_column_path,
    find_legacy_files,
    read_legacy_file,
)
from news.legacy_import import import_legacy_article

STATUS_LABELS = {"created": "新建", "updated": "更新", "unchanged": "未变", "failed": "失败"}
TITLE_WIDTH = 40  # display columns (a Chinese character takes two)


@dataclass
class Row:
    status: str
    path: Path
    title: str = ""
    column: str = ""
    note: str = ""


class Command(BaseCommand):
    help = (
        "Import saved article pages of the legacy site (HTML or plain-text captures; folders are "
        "read recursively). Re-importing updates the same articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import")
        parser.add_argument("--draft", action="store_true", help="Import as drafts (not live)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what each file would create or update, and why files fail; write nothing",
        )
        parser.add_argument(
            "--column",
            default="",
            help="Column path for files without a breadcrumb, e.g. 市县人大/绍兴市",
        )
        parser.add_argument(
            "--create-columns",
            action="store_true",
            help="Create columns that do not exist, as drafts (their articles are drafts too); "
            "without it such articles fail",
        )
        parser.add_argument(
            "--max-file-mb",
            type=float,
            default=None,
            help="Refuse larger files (default: IMPORT_MAX_FILE_MB, 5)",
        )
        parser.add_argument(
            "--max-depth",
            type=int,
            default=None,
            help="Refuse HTML nested deeper (default: IMPORT_MAX_DEPTH, 200)",
        )

    def handle(self, *args, paths, draft, dry_run, column, verbosity, **options):
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        if home is None:
            raise CommandError("No home page yet: run `manage.py load_demo` or create one first.")
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        try:
            default_column = clean_column_path([p for p in column.split("/") if p.strip()])
        except LegacyParseError as error:
            raise CommandError(f"--column: {error}") from error
        max_file_mb = options["max_file_mb"] or settings.IMPORT_MAX_FILE_MB
        max_depth = options["max_depth"] or settings.IMPORT_MAX_DEPTH
        limits = {"max_bytes": int(max_file_mb * 1024 * 1024), "max_depth": max_depth}

        files = find_legacy_files(paths)
        counts: Counter[str] = Counter()
        rows: list[Row] = []
        for path in tqdm(files, desc="导入", unit="篇", disable=verbosity == 0):
            article = None
            try:
                article = read_legacy_file(path, **limits)
                if not article.column_path:
                    if not default_column:
                        raise LegacyParseError("找不到栏目路径（“您当前位置”）；可用 --column 指定")
                    article.column_path = default_column
                result = import_legacy_article(
                    article=article,
                    home=home,
                    live=not draft,
                    dry_run=dry_run,
                    create_columns=options["create_columns"],
                )
            except LegacyParseError as error:
                rows.append(self._failed(path, article, str(error)))
                continue
            except Exception as error:  # noqa: BLE001 — one bad file must not stop the others
                rows.append(self._failed(path, article, f"{type(error).__name__}: {error}"))
                continue
            notes = []
            if result.changes:
                notes.append(f"变更：{'、'.join(result.changes)}")
            if result.new_columns:
                notes.append(f"新栏目（草稿）：{'、'.join(result.new_columns)}；文章为草稿")
            rows.append(
                Row(result.status, path, article.title, " › ".join(article.column_path),
                    "；".join(notes))
            )  # fmt: skip
        for row in rows:
            counts[row.status] += 1

        if dry_run or verbosity > 1:
            self.stdout.write(format_table(rows))
        prefix = "[试运行，未写入] " if dry_run else ""
        summary = "，".join(f"{STATUS_LABELS[key]} {counts[key]}" for key in STATUS_LABELS)
        self.stdout.write(f"{prefix}共 {len(files)} 个文件：{summary}")
        failures = [row for row in rows if row.status == "failed"]
        for row in failures:
            self.stderr.write(f"失败  {row.path}：{row.note}")
        if failures and not dry_run:
            raise CommandError(f"{len(failures)} 个文件未能导入（见上）；其余文件已处理。")
        if failures:
            raise CommandError(f"{len(failures)} 个文件将无法导入（见上）；未写入任何内容。")

    @staticmethod
    def _failed(path, article, reason) -> Row:
        column = " › ".join(article.column_path) if article else ""
        return Row("failed", path, article.title if article else "", column, reason)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (with …) and padded to exactly that width."""
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))


def format_table(rows: list[Row]) -> str:
    """One line per file: 状态, 文件, 标题, 栏目, 说明 (changes, new columns, the reason of a
    failure), in columns that line up in a terminal whatever the mix of Chinese and Latin."""
    header = Row("状态", Path("文件"), "标题", "栏目", "说明")
    table = [(STATUS_LABELS.get(r.status, r.status), str(r.path), r.title or "—", r.column or "—",
              r.note) for r in [header, *rows]]  # fmt: skip
    widths = [
        max(_width(line[0]) for line in table),
        max(_width(line[1]) for line in table),
        min(TITLE_WIDTH, max(_width(line[2]) for line in table)),
        max(_width(line[3]) for line in table),
    ]
    lines = []
    for line in table:
        cells = [_fit(cell, width) for cell, width in zip(line[:4], widths, strict=True)]
        lines.append("  ".join([*cells, line[4]]).rstrip())
    return "\n".join(lines)
