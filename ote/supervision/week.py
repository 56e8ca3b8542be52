"""The ISO week a supervision meeting looks at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ote.calendar import iso_week_label, iso_week_start

_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week (Monday–Sunday), named like `2026-W27`."""

    monday: date

    def __post_init__(self) -> None:
        if self.monday.weekday() != 0:
            raise ValueError(f"{self.monday} is not a Monday")

    @classmethod
    def of(cls, day: date) -> Week:
        """The week `day` falls in."""
        return cls(iso_week_start(day))

    @classmethod
    def parse(cls, label: str) -> Week:
        """`2026-W27` → that week; ValueError for anything else (or week 53 of a 52-week year)."""
        found = _LABEL.match(label.strip())
        if not found:
            raise ValueError(f"not an ISO week: {label!r}")
        return cls(date.fromisocalendar(int(found[1]), int(found[2]), 1))

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        return iso_week_label(self.monday)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    def shifted(self, weeks: int) -> Week:
        """The week `weeks` later (earlier when negative)."""
        return Week(self.monday + timedelta(weeks=weeks))

    def reference_day(self, today: date) -> date:
        """The day the week's state is read on: its Sunday once the week is over, today
        while it runs (a later week is read on its Monday: nothing has happened yet)."""
        return max(self.monday, min(self.sunday, today))

    def __contains__(self, day: date) -> bool:
        return self.monday <= day <= self.sunday
