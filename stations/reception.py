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
        for _ in range(13):  # a 5th weekday occurs within any 13 consecutive months
            found = [d for d in _month_dates(clause, year, month) if d >= today]
            if found:
                candidates.append(found[0])
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return min(candidates) if candidates else None
