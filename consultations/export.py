"""The XLSX export of a draft's comments for the drafting office, grouped by 条."""

from django.utils import timezone
from django.utils.translation import gettext

from participation.export import xlsx_response

from .models import CommentStatus, DraftRegulationPage


def _national(mobile: str) -> str:
    """+8613812345678 → 138 1234 5678: how the office dials it (a cell starting with + would be
    read as a formula, and the export escapes it with a visible apostrophe). Stored numbers are
    E.164 mainland mobiles (participation.forms.MainlandMobileField), so slicing is enough:
    phonenumbers' formatter cost 3 s of a 10,000-comment export."""
    digits = mobile.removeprefix("+86")
    if len(digits) == 11 and digits.isdigit():
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return mobile.lstrip("+")


def comment_rows(*, draft: DraftRegulationPage, comments, with_contact: bool):
    """Rows in the order of the text: for each 条 a row with its label and text, then a row per
    comment on it; then the comments on the whole draft, then those on a 条 no longer in the
    text. Read in one pass over the comments (10,000 in well under a second)."""
    by_article: dict[str, list] = {}
    fields = ["article", "text", "status", "submitted_at"]
    if with_contact:
        fields += ["contact_name", "contact_mobile", "contact_erased_at"]
    for comment in comments.order_by("submitted_at", "pk").values(*fields):
        by_article.setdefault(comment["article"], []).append(comment)
    labels = dict(CommentStatus.choices)

    def comment_row(comment, label):
        row = [
            label,
            "",
            timezone.localtime(comment["submitted_at"]).strftime("%Y-%m-%d %H:%M:%S"),
            str(labels.get(comment["status"], comment["status"])),
            comment["text"],
        ]
        if with_contact:
            erased = comment["contact_erased_at"] is not None
            row += [comment["contact_name"], "" if erased else _national(comment["contact_mobile"])]
        return row

    for value in draft.articles:
        anchor = value.anchor()
        text = "\n".join(value.get("paragraphs") or [])
        yield [anchor, text, "", "", ""] + (["", ""] if with_contact else [])
        for comment in by_article.pop(anchor, []):
            yield comment_row(comment, anchor)
    general = gettext("整体意见")
    for comment in by_article.pop("", []):
        yield comment_row(comment, general)
    for anchor, rest in by_article.items():
        for comment in rest:
            yield comment_row(comment, anchor)


def comments_workbook(*, draft: DraftRegulationPage, comments, with_contact: bool):
    header = [
        gettext("条文"),
        gettext("条文内容"),
        gettext("提交时间"),
        gettext("处理状态"),
        gettext("意见内容"),
    ]
    if with_contact:
        header += [gettext("姓名"), gettext("手机号码")]
    rows = comment_rows(draft=draft, comments=comments, with_contact=with_contact)
    filename = f"draft-{draft.pk}-comments-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [(gettext("意见"), header, rows)])
