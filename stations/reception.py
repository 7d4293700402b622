"""Reception-day rules (接待日规则) such as 每月15日 or 每月第一个星期三, and their next date.

A rule is one or more clauses separated by 、，,；; or 和:
- 每月N日 / 每月N号 — in a month without day N (31 in April, 30 in February) the last day counts;
- 每月第K个星期X / 每月第K个周X (K = 一…五, 1…5 or 最后一个) — months without a 5th X are skipped;
- 每周X / 每星期X;
- 每月最后一天.
"""

import calendar
import re
from datetime import date, timedelta

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

MONTH_DAY_RE = re.compile(r"^每(?:个)?月(\d{1,2})[日号]$")
NTH_WEEKDAY_RE = re.compile(
    r"^每(?:个)?月(?:的)?(?:第([一二三四五1-5])个|(最后一个))(?:星期|周|礼拜)([一二三四五六日天])$"
)
WEEKLY_RE = re.compile(r"^每(?:周|星期|礼拜)([一二三四五六日天])$")
LAST_DAY_RE = re.compile(r"^每(?:个)?月(?:的)?最后一天$")
CLAUSE_SPLIT_RE = re.compile(r"[、，,；;]|和")


class ReceptionRuleError(ValueError):
    pass


def _clauses(rule: str) -> list[str]:
    return [c.strip().replace(" ", "") for c in CLAUSE_SPLIT_RE.split(rule) if c.strip()]


def validate_reception_rule(rule: str) -> None:
    """Raise ReceptionRuleError naming the first clause that is not understood."""
    for clause in _clauses(rule):
        if not any(p.match(clause) for p in (MONTH_DAY_RE, NTH_WEEKDAY_RE, WEEKLY_RE, LAST_DAY_RE)):
            raise ReceptionRuleError(clause)
        match = MONTH_DAY_RE.match(clause)
        if match and not 1 <= int(match.group(1)) <= 31:
            raise ReceptionRuleError(clause)


def _month_dates(clause: str, year: int, month: int) -> list[date]:
    days_in_month = calendar.monthrange(year, month)[1]
    if match := MONTH_DAY_RE.match(clause):
        return [date(year, month, min(int(match.group(1)), days_in_month))]
    if LAST_DAY_RE.match(clause):
        return [date(year, month, days_in_month)]
    if match := NTH_WEEKDAY_RE.match(clause):
        nth, last, weekday_name = match.groups()
        weekday = WEEKDAYS[weekday_name]
        days = [
            date(year, month, d)
            for d in range(1, days_in_month + 1)
            if date(year, month, d).weekday() == weekday
        ]
        if last:
            return [days[-1]]
        index = int(nth) if nth.isdigit() else CHINESE_NUMBERS[nth]
        return [days[index - 1]] if index <= len(days) else []
    return []


def next_reception_date(rule: str, *, today: date) -> date | None:
    """The first date on or after ``today`` that ``rule`` names, or None for an empty or
    unreadable rule."""
    try:
        validate_reception_rule(rule)
    except ReceptionRuleError:
        return None
    candidates = []
    for clause in _clauses(rule):
        if match := WEEKLY_RE.match(clause):
            ahead = (WEEKDAYS[match.group(1)] - today.weekday()) % 7
            candidates.append(today + timedelta(days=ahead))
            continue
        year, month = today.year, today.month
        for _month in range(13):  # a 5th weekday occurs within any 13 consecutive months
            found = [d for d in _month_dates(clause, year, month) if d >= today]
            if found:
                candidates.append(found[0])
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return min(candidates) if candidates else None


def _ordinal(index: int) -> str:
    return [
        pgettext("接待日：每月第几个", "一"),
        pgettext("接待日：每月第几个", "二"),
        pgettext("接待日：每月第几个", "三"),
        pgettext("接待日：每月第几个", "四"),
        pgettext("接待日：每月第几个", "五"),
    ][index - 1]


def _describe_clause(clause: str) -> str:
    if match := MONTH_DAY_RE.match(clause):
        return _("每月%(day)s日") % {"day": int(match.group(1))}
    if LAST_DAY_RE.match(clause):
        return _("每月最后一天")
    if match := NTH_WEEKDAY_RE.match(clause):
        nth, last, weekday_name = match.groups()
        weekday = str(WEEKDAY_NAMES[WEEKDAYS[weekday_name]])
        if last:
            return _("每月最后一个%(weekday)s") % {"weekday": weekday}
        index = int(nth) if nth.isdigit() else CHINESE_NUMBERS[nth]
        return _("每月第%(nth)s个%(weekday)s") % {"nth": _ordinal(index), "weekday": weekday}
    if match := WEEKLY_RE.match(clause):
        return _("每%(weekday)s") % {"weekday": str(WEEKDAY_NAMES[WEEKDAYS[match.group(1)]])}
    return clause


def describe_reception_rule(rule: str) -> str:
    """The rule in the reader's language, clause by clause (每月15日、每周五 → day 15 of every
    month, every Friday); a rule that cannot be read is shown as written."""
    from django.conf import settings
    from django.utils.translation import get_language

    if not rule or get_language() == settings.LANGUAGE_CODE:
        return rule  # the rules are written in Chinese: Chinese readers see them as written
    try:
        validate_reception_rule(rule)
    except ReceptionRuleError:
        return rule
    return pgettext("接待日规则的分隔符", "、").join(
        _describe_clause(clause) for clause in _clauses(rule)
    )
