from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Locale

from home.models import HomePage
from news.legacy import LegacyParseError, find_legacy_files, read_legacy_file
from news.services import import_legacy_article

STATUS_LABELS = {"created": "新建", "updated": "更新", "unchanged": "未变", "failed": "失败"}


class Command(BaseCommand):
    help = (
        "Import saved article pages of the legacy site (HTML or plain-text captures; folders are "
        "read recursively). Re-importing updates the same articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import")
        parser.add_argument("--draft", action="store_true", help="Import as drafts (not live)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing"
        )
        parser.add_argument(
            "--column",
            default="",
            help="Column path for files without a breadcrumb, e.g. 市县人大/绍兴市",
        )

    def handle(self, *args, paths, draft, dry_run, column, verbosity, **options):
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        if home is None:
            raise CommandError("No home page yet: run `manage.py load_demo` or create one first.")
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        default_column = [part for part in column.split("/") if part.strip()]

        files = find_legacy_files(paths)
        counts: Counter[str] = Counter()
        failures: list[tuple[Path, str]] = []
        details: list[str] = []
        for path in tqdm(files, desc="导入", unit="篇", disable=verbosity == 0):
            try:
                article = read_legacy_file(path)
                if not article.column_path:
                    if not default_column:
                        raise LegacyParseError("找不到栏目路径（“您当前位置”）；可用 --column 指定")
                    article.column_path = default_column
                result = import_legacy_article(
                    article=article, home=home, live=not draft, dry_run=dry_run
                )
            except LegacyParseError as error:
                counts["failed"] += 1
                failures.append((path, str(error)))
                continue
            except Exception as error:  # noqa: BLE001 — one bad file must not stop the others
                counts["failed"] += 1
                failures.append((path, f"{type(error).__name__}: {error}"))
                continue
            counts[result.status] += 1
            line = f"{STATUS_LABELS[result.status]}  {path}  →  {' › '.join(article.column_path)}"
            if result.changes:
                line += f"（变更：{'、'.join(result.changes)}）"
            if result.new_columns:
                line += f"（新栏目：{'、'.join(result.new_columns)}）"
            details.append(line)

        if verbosity > 1:
            for line in details:
                self.stdout.write(line)
        prefix = "[试运行，未写入] " if dry_run else ""
        summary = "，".join(f"{STATUS_LABELS[key]} {counts[key]}" for key in STATUS_LABELS)
        self.stdout.write(f"{prefix}共 {len(files)} 个文件：{summary}")
        for path, reason in failures:
            self.stderr.write(f"失败  {path}：{reason}")
        if failures:
            raise CommandError(f"{len(failures)} 个文件未能导入（见上）；其余文件已处理。")
