"""Calendar arithmetic, with hand-checked dates."""

from datetime import date

import pytest

from ote.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    iso_week_label,
    iso_week_start,
    last_full_weeks,
    quarter_bounds,
    quarter_of,
    window,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 1), 4, date(2026, 7, 1)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 6, 30), -24, date(2024, 6, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_window_is_closed_at_both_ends():
    # "The last 365 days" on 30.6.2026 = 1.7.2025 … 30.6.2026.
    assert window(date(2026, 6, 30), 365) == (date(2025, 7, 1), date(2026, 6, 30))
    assert window(date(2026, 6, 30), 91) == (date(2026, 4, 1), date(2026, 6, 30))


def test_iso_weeks():
    assert iso_week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert iso_week_label(date(2026, 11, 22)) == "2026-W47"
    assert iso_week_label(date(2027, 1, 1)) == "2026-W53"  # ISO year differs


def test_last_full_weeks():
    # 22.11.2026 is a Sunday, so its own week is already full.
    assert last_full_weeks(date(2026, 11, 22), 2) == [date(2026, 11, 9), date(2026, 11, 16)]
    # On Saturday 21.11. the current week is not over yet.
    assert last_full_weeks(date(2026, 11, 21), 1) == [date(2026, 11, 9)]
    assert len(last_full_weeks(date(2026, 11, 25), 4)) == 4


def test_working_days_skip_weekends_and_finnish_holidays():
    assert is_working_day(date(2026, 11, 20))  # Friday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 12, 6))  # Independence Day (a Sunday anyway)
    assert not is_working_day(date(2026, 12, 24))  # Christmas Eve, Thursday
    assert not is_working_day(date(2026, 6, 19))  # Midsummer Eve
    # Job ended on Tuesday 22.12.2026: 23.12. (Wed), then 28.12., 29.12.
    assert add_working_days(date(2026, 12, 22), 3) == date(2026, 12, 29)
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)


def test_quarters():
    assert quarter_of(date(2026, 7, 1)) == "2026Q3"
    assert quarter_of(date(2026, 12, 31)) == "2026Q4"
    assert quarter_bounds("2026Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))
