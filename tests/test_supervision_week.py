"""The ISO week of a supervision meeting (ote/supervision/week.py). Every date below is
worked out by hand from the calendar: an ISO week runs Monday–Sunday and belongs to the
year of its Thursday, so a year has 53 weeks when it starts on a Thursday (2015, 2020,
2026) or is a leap year starting on a Wednesday (2020 is both: 2020-01-01 was a
Wednesday)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ote.supervision.week import Week


# ------------------------------------------------------------------ parse, label, round trip
@pytest.mark.parametrize(
    ("label", "monday", "sunday", "number"),
    [
        ("2026-W27", date(2026, 6, 29), date(2026, 7, 5), 27),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), 1),  # 2026-01-01 is a Thursday
        ("2025-W01", date(2024, 12, 30), date(2025, 1, 5), 1),  # 2025-01-01 is a Wednesday
        ("2025-W52", date(2025, 12, 22), date(2025, 12, 28), 52),  # 2025's last week
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), 53),
        ("2021-W01", date(2021, 1, 4), date(2021, 1, 10), 1),  # 2021-01-01…03 are 2020-W53
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3), 53),  # 2026 starts on a Thursday
        ("2027-W01", date(2027, 1, 4), date(2027, 1, 10), 1),
        ("2027-W52", date(2027, 12, 27), date(2028, 1, 2), 52),
        ("2024-W09", date(2024, 2, 26), date(2024, 3, 3), 9),  # over 2024-02-29
    ],
)
def test_parse_and_label(label, monday, sunday, number):
    week = Week.parse(label)
    assert (week.monday, week.sunday, week.number) == (monday, sunday, number)
    assert week.label == label
    assert Week.parse(week.label) == week
    assert Week(monday) == week


@pytest.mark.parametrize(
    "label",
    [
        "2025-W53",  # 2025 starts on a Wednesday and is not a leap year: 52 weeks
        "2027-W53",  # 2027 starts on a Friday: 52 weeks
        "2021-W53",  # 2021 starts on a Friday (its first days are 2020-W53)
        "2026-W00",
        "2026-W54",
        "2026-W7",  # the week takes two digits
        "2026W27",
        "26-W27",
        "2026-27",
        "2026-W27-1",  # an ISO week date, not a week
        "W27",
        "",
        "0000-W01",  # year 0 is not a date
    ],
)
def test_parse_refuses(label):
    with pytest.raises(ValueError):
        Week.parse(label)


def test_parse_ignores_surrounding_space():
    assert Week.parse("  2026-W27\n") == Week(date(2026, 6, 29))


@pytest.mark.parametrize(
    ("day", "label", "monday"),
    [
        (date(2026, 6, 29), "2026-W27", date(2026, 6, 29)),  # Monday
        (date(2026, 7, 2), "2026-W27", date(2026, 6, 29)),  # Thursday
        (date(2026, 7, 5), "2026-W27", date(2026, 6, 29)),  # Sunday
        (date(2026, 7, 6), "2026-W28", date(2026, 7, 6)),  # the next Monday
        (date(2024, 12, 31), "2025-W01", date(2024, 12, 30)),  # December in next year's W01
        (date(2021, 1, 3), "2020-W53", date(2020, 12, 28)),  # January in last year's W53
        (date(2027, 1, 1), "2026-W53", date(2026, 12, 28)),
        (date(2027, 1, 3), "2026-W53", date(2026, 12, 28)),
        (date(2027, 1, 4), "2027-W01", date(2027, 1, 4)),
        (date(2022, 1, 2), "2021-W52", date(2021, 12, 27)),  # 2022-01-01 is a Saturday
        (date(2024, 2, 29), "2024-W09", date(2024, 2, 26)),
    ],
)
def test_of(day, label, monday):
    week = Week.of(day)
    assert (week.label, week.monday) == (label, monday)
    assert day in week


# ---------------------------------------------------------------------------- shifted
@pytest.mark.parametrize(
    ("label", "weeks", "shifted"),
    [
        ("2026-W27", 0, "2026-W27"),
        ("2026-W27", 1, "2026-W28"),
        ("2026-W27", -1, "2026-W26"),
        ("2026-W52", 1, "2026-W53"),
        ("2026-W52", 2, "2027-W01"),
        ("2027-W01", -1, "2026-W53"),
        ("2027-W01", -2, "2026-W52"),
        ("2025-W52", 1, "2026-W01"),  # 2025 has no W53
        ("2026-W01", -1, "2025-W52"),
        ("2020-W53", 1, "2021-W01"),
        ("2021-W01", -1, "2020-W53"),
        ("2026-W27", -52, "2025-W27"),  # 2025-06-30
        ("2026-W01", 53, "2027-W01"),  # 2025-12-29 + 371 days = 2027-01-04
        ("2027-W02", -7, "2026-W48"),  # the first week of 2027-W02's 8-week trend
        ("2020-W01", 313, "2026-W01"),  # 2019-12-30 + 313 weeks: 2020 and 2026 have 53
    ],
)
def test_shifted(label, weeks, shifted):
    assert Week.parse(label).shifted(weeks) == Week.parse(shifted)
    assert Week.parse(label).shifted(weeks).label == shifted


def test_shifted_round_trip():
    week = Week.parse("2026-W53")
    assert week.shifted(60).shifted(-60) == week


# ---------------------------------------------------------------------- reference_day
@pytest.mark.parametrize(
    ("today", "reference"),
    [
        (date(2026, 7, 2), date(2026, 7, 2)),  # Thursday of the week: today
        (date(2026, 6, 29), date(2026, 6, 29)),  # its Monday: today
        (date(2026, 7, 5), date(2026, 7, 5)),  # its Sunday: today
        (date(2026, 7, 6), date(2026, 7, 5)),  # the next Monday: the week is over → Sunday
        (date(2027, 3, 1), date(2026, 7, 5)),  # long after → Sunday
        (date(2026, 6, 28), date(2026, 6, 29)),  # the Sunday before: week ahead → Monday
        (date(2025, 1, 1), date(2026, 6, 29)),  # long before → Monday
    ],
)
def test_reference_day(today, reference):
    assert Week.parse("2026-W27").reference_day(today) == reference


def test_reference_day_across_the_year_end():
    week = Week.parse("2026-W53")  # 2026-12-28 … 2027-01-03
    assert week.reference_day(date(2027, 1, 1)) == date(2027, 1, 1)
    assert week.reference_day(date(2027, 1, 4)) == date(2027, 1, 3)
    assert week.reference_day(date(2026, 12, 27)) == date(2026, 12, 28)


# ------------------------------------------------------------------------ construction
@pytest.mark.parametrize(
    "day",
    [
        date(2026, 6, 30),  # Tuesday
        date(2026, 7, 4),  # Saturday
        date(2026, 7, 5),  # Sunday
        date(2027, 1, 1),  # Friday
    ],
)
def test_non_monday_refused(day):
    with pytest.raises(ValueError, match="not a Monday"):
        Week(day)


def test_contains():
    week = Week.parse("2026-W27")
    assert date(2026, 6, 29) in week
    assert date(2026, 7, 5) in week
    assert date(2026, 6, 28) not in week
    assert date(2026, 7, 6) not in week


def test_order_equality_and_immutability():
    w52, w53, w01 = (Week.parse(x) for x in ("2026-W52", "2026-W53", "2027-W01"))
    assert sorted([w01, w53, w52]) == [w52, w53, w01]
    assert w53 == Week(date(2026, 12, 28))
    assert len({w53, Week.of(date(2027, 1, 2))}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        w53.monday = date(2027, 1, 4)  # type: ignore[misc]
