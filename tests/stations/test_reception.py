from datetime import date

import pytest

from stations.reception import ReceptionRuleError, next_reception_date, validate_reception_rule

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("rule", "today", "expected"),
    [
        ("每月15日", SATURDAY, date(2026, 12, 15)),
        ("每月15日", date(2026, 12, 15), date(2026, 12, 15)),  # today counts
        ("每月15号", date(2026, 12, 16), date(2027, 1, 15)),  # across the year end
        ("每月31日", date(2026, 4, 10), date(2026, 4, 30)),  # a 30-day month: its last day
        ("每月30日", date(2027, 2, 1), date(2027, 2, 28)),  # February
        ("每月30日", date(2028, 2, 1), date(2028, 2, 29)),  # leap February
        ("每月31日", date(2026, 1, 31), date(2026, 1, 31)),
        ("每月最后一天", date(2026, 2, 3), date(2026, 2, 28)),
        ("每月第一个星期三", SATURDAY, date(2026, 12, 2)),
        ("每月第1个周三", date(2026, 12, 2), date(2026, 12, 2)),
        ("每月第三个星期一", date(2026, 11, 1), date(2026, 11, 16)),
        ("每月最后一个星期五", SATURDAY, date(2026, 12, 25)),
        ("每月第五个星期日", SATURDAY, date(2026, 11, 29)),  # November 2026 has five Sundays
        ("每月第五个星期日", date(2026, 11, 30), date(2027, 1, 31)),  # December has four
        ("每周三", SATURDAY, date(2026, 12, 2)),
        ("每星期六", SATURDAY, SATURDAY),
        ("每月1日、每月15日", SATURDAY, date(2026, 12, 1)),
        ("每月15日和每周五", date(2026, 12, 14), date(2026, 12, 15)),
    ],
)
def test_next_reception_date(rule, today, expected):
    assert next_reception_date(rule, today=today) == expected


@pytest.mark.parametrize(
    "rule", ["", "随时接待", "每月32日", "每月0日", "每月第六个星期三", "每周八"]
)
def test_unreadable_rules_have_no_date(rule):
    assert next_reception_date(rule, today=SATURDAY) is None


def test_validation_names_the_clause_it_cannot_read():
    validate_reception_rule("每月15日、每月第一个星期三")
    with pytest.raises(ReceptionRuleError, match="随时"):
        validate_reception_rule("每月15日、随时")
