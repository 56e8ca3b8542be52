"""A team's settings: the windows of its measures, with DOMAIN.md §4's defaults.

Stored in `team_setting` (key → JSON value). Every screen that shows a figure says which
window it used, so a team may change them without anyone being misled.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m


@dataclass(frozen=True)
class Windows:
    """Windows in days (or full ISO weeks where named so), and cadence thresholds."""

    referrals_days: int = 365  # item 4
    first_contact_days: int = 365  # item 15
    preference_days: int = 91  # item 16
    contacts_weeks: int = 4  # item 17: full ISO weeks
    jobs_days: int = 365  # items 19, 20, 21, 23
    community_days: int = 91  # item 24
    outreach_days: int = 91  # item 25.2
    outreach_within_days: int = 7  # an outreach attempt counts within this many days
    cadence_weeks: int = 13  # items 5.1, 7, 8.2: full ISO weeks looked at
    cadence_share: float = 75.0  # % of those weeks with a meeting for "weekly"


SETTING_PREFIX = "window."


def team_windows(session: Session, team_id: int) -> Windows:
    """The team's windows: its own settings where it has them, the defaults otherwise."""
    stored = dict(
        session.execute(
            select(m.TeamSetting.key, m.TeamSetting.value).where(
                m.TeamSetting.team_id == team_id, m.TeamSetting.key.like(f"{SETTING_PREFIX}%")
            )
        ).all()
    )
    changes = {}
    for item in fields(Windows):
        value = stored.get(SETTING_PREFIX + item.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            changes[item.name] = type(getattr(Windows(), item.name))(value)
    return replace(Windows(), **changes)
