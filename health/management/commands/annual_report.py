"""网站年度工作报表: ``manage.py annual_report --year 2026 --output var/2026.xlsx --draft-page``."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from health.annual import annual_figures
from health.annual_output import DEFAULT_COLUMN_SLUG, create_draft, find_column, write_xlsx


class Command(BaseCommand):
    help = "Draft the year's figures (网站年度工作报表) as XLSX and, optionally, a draft article."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", help="XLSX path (default var/annual-report-<year>.xlsx)")
        parser.add_argument("--draft-page", action="store_true", help="also create a draft page")
        parser.add_argument(
            "--column", default=DEFAULT_COLUMN_SLUG, help="slug of the column for the draft"
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="of the labels")

    def handle(self, *args, year, output, draft_page, column, language, **options):
        with translation.override(language):
            figures = annual_figures(year)
            for label, value in figures.rows():
                self.stdout.write(f"{label}: {value}")
            path = write_xlsx(figures, Path(output or f"var/annual-report-{year}.xlsx"))
            self.stdout.write(f"XLSX: {path}")
            if draft_page:
                parent = find_column(column)
                if parent is None:
                    raise CommandError(f"no column with slug {column!r}")
                page = create_draft(figures, parent)
                self.stdout.write(f"draft page: {page.title} (id {page.pk}, not published)")
