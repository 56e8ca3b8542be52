"""Dates as the service counts them: calendar months, ISO weeks, Finnish working days.

Windows in OTE are closed at both ends (DOMAIN.md §4): "the last N days" on `as_of`
is `as_of - (N - 1) … as_of`.
"""

from __future__ import annotations

import calendar as _calendar
import functools
from datetime import date, timedelta

import holidays


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clipped to the month's last day (31.1. + 1 = 28.2.)."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def window(as_of: date, days: int) -> tuple[date, date]:
    """The closed window of the last `days` days ending on `as_of`."""
    return as_of - timedelta(days=days - 1), as_of


def iso_week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def iso_week_label(day: date) -> str:
    """`2026-W47` for any day of ISO week 47 of 2026."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_full_weeks(as_of: date, count: int) -> list[date]:
    """Mondays of the last `count` full ISO weeks: weeks whose Sunday is on or before `as_of`."""
    last_sunday = as_of - timedelta(days=(as_of.weekday() + 1) % 7)
    last_monday = last_sunday - timedelta(days=6)
    return [last_monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


@functools.cache
def finnish_holidays(year: int) -> frozenset[date]:
    """Finnish public holidays of a year, Christmas Eve and Midsummer Eve included."""
    return frozenset(holidays.Finland(years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday."""
    return day.weekday() < 5 and day not in finnish_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (3 working days after Friday 5.12.2025 = 10.12.)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def quarter_of(day: date) -> str:
    """`2026Q3` for a day in July–September 2026."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """First and last day of a quarter written `2026Q3`."""
    year, number = int(quarter[:4]), int(quarter[5])
    first = date(year, 3 * (number - 1) + 1, 1)
    return first, add_months(first, 3) - timedelta(days=1)
