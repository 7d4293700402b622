"""The 年度报表 written out: an XLSX for the research office and a draft article (not published:
it goes through 审核 like any other) with the figures in tables for the editors to complete."""

from pathlib import Path

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.models import Locale

from news.models import NewsIndexPage, NewsPage

from .annual import AnnualFigures

# Where the draft goes when the editors name no column: 重要发布 in the demo's tree.
DEFAULT_COLUMN_SLUG = "releases"


def _sheets(figures: AnnualFigures):
    return [
        (gettext("年度报表"), [gettext("项目"), gettext("数量")], figures.rows()),
        (gettext("栏目发稿"), [gettext("栏目"), gettext("发布稿件")], figures.columns),
    ]


def write_xlsx(figures: AnnualFigures, path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, header, rows in _sheets(figures):
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 32
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def report_title(year: int) -> str:
    return gettext("%(year)s年度网站工作报表") % {"year": year}


def _table(caption: str, header: list[str], rows) -> tuple[str, dict]:
    data = [header, *[[str(label), "" if value is None else str(value)] for label, value in rows]]
    return (
        "table",
        {
            "caption": caption,
            "table": {"data": data, "first_row_is_table_header": True,
                      "first_col_is_header": False, "table_caption": ""},
        },
    )  # fmt: skip


def find_column(slug: str | None) -> NewsIndexPage | None:
    """The column of the default language with ``slug`` (重要发布 when none is named)."""
    columns = NewsIndexPage.objects.filter(locale=Locale.get_default())
    return columns.filter(slug=slug or DEFAULT_COLUMN_SLUG).order_by("path").first()


def create_draft(figures: AnnualFigures, column: NewsIndexPage, *, user=None) -> NewsPage:
    """A new article in ``column``, saved as a draft revision only (never live)."""
    note = gettext(
        "以下数字由网站内容管理系统统计，请编辑补充说明后提交审核；“首页更新”按首页栏目中"
        "新发布的稿件计算。"
    )
    sheets = _sheets(figures)
    body = [("paragraph", f"<p>{note}</p>")]
    body += [_table(title, header, rows) for title, header, rows in sheets]
    page = NewsPage(title=report_title(figures.year), live=False, body=body)
    column.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page
