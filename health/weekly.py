"""The weekly content-health e-mail: each column's responsible group gets what concerns its
columns (overdue or empty columns, and the wording and link problems on pages below them)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.utils.translation import gettext

from home.mail import mail_staff

from .freshness import ColumnFreshness, column_freshness
from .models import Finding


@dataclass
class GroupReport:
    group: Group
    columns: list[ColumnFreshness] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def recipients(self):
        """The group's active members with an e-mail address."""
        return self.group.user_set.filter(is_active=True).exclude(email="").order_by("email")


def group_reports() -> list[GroupReport]:
    """What concerns each group: a page belongs to the deepest column (or home page) above it."""
    rows = column_freshness()
    reports: dict[int, GroupReport] = {}

    def report_for(group):
        return reports.setdefault(group.pk, GroupReport(group))

    for row in rows:
        if row.is_due and row.group is not None:
            report_for(row.group).columns.append(row)
    owners = sorted(rows, key=lambda row: len(row.page.path), reverse=True)
    findings = Finding.objects.filter(page__live=True).select_related("page").order_by("kind", "pk")
    for finding in findings:
        owner = next((row for row in owners if finding.page.path.startswith(row.page.path)), None)
        if owner is not None and owner.group is not None:
            report_for(owner.group).findings.append(finding)
    return [report for report in reports.values() if report.columns or report.findings]


def send_weekly_emails() -> int:
    """One e-mail per group with something to do, and per language its members read; returns
    how many were sent."""
    # Written in each member's admin language (home.mail), not the caller's.
    return sum(
        mail_staff(report.recipients, lambda report=report: weekly_email(report))
        for report in group_reports()
    )


def weekly_email(report: GroupReport) -> tuple[str, str]:
    """The subject and body of a group's e-mail, in the active language."""
    by_kind = defaultdict(list)
    for finding in report.findings:
        by_kind[finding.get_kind_display()].append(finding)
    context = {
        "report": report,
        "by_kind": dict(by_kind),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    subject = gettext("内容健康周报：%(group)s") % {"group": report.group.name}
    return subject, render_to_string("health/weekly_email.txt", context)
