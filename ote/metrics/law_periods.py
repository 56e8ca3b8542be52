"""Checks of law-based coaching periods (seed 004, Act on organising employment services
ch. 6 § 53): a period lasts 2 weeks to 4 months, with at least one meeting a week;
at most two consecutive periods; at most 8 months of periods within any 12 months.

Definitions used here (the seed gives the rules, not their arithmetic):
- a period's length counts both end days; it must be at least 14 days, and it may end
  at the latest on the day before the same date four calendar months later
  (1.3.–30.6. is four months);
- periods are consecutive when the next starts at most `CONSECUTIVE_GAP_DAYS` days after
  the previous ended;
- "8 months within 12": for every 12-month window starting on a period's start day, the
  days of periods inside it may not exceed the days from that start to the same date
  8 months later;
- "a meeting a week": every full 7-day block counted from the period's start, and over
  by the as-of date, must hold at least one client contact that took place (not a
  no-show) and that is a meeting with the client (not an outreach attempt, family or
  partner contact). The other rules concern the period's dates, planned ones included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months
from ote.enums import ClientContactKind

MIN_DAYS = 14
MAX_MONTHS = 4
MAX_CONSECUTIVE = 2
CONSECUTIVE_GAP_DAYS = 7
LIMIT_MONTHS = 8
LIMIT_WINDOW_MONTHS = 12

NOT_A_MEETING = frozenset(
    {
        ClientContactKind.OUTREACH_ATTEMPT.value,
        ClientContactKind.FAMILY_CONTACT.value,
        ClientContactKind.PARTNER_CONTACT.value,
    }
)


class LawRule(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_MANY_CONSECUTIVE = "too_many_consecutive"
    OVER_8_IN_12 = "over_8_in_12"
    WEEK_WITHOUT_MEETING = "week_without_meeting"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    period_id: int | None = None


@dataclass(frozen=True)
class RuleBreak:
    rule: LawRule
    period: Period
    detail: str  # e.g. the offending week's first day, or the number of days


def period_days(period: Period) -> int:
    return (period.end - period.start).days + 1


def latest_allowed_end(start: date) -> date:
    return add_months(start, MAX_MONTHS) - timedelta(days=1)


def check_periods(
    periods: Iterable[Period], meeting_days: Iterable[date], as_of: date
) -> list[RuleBreak]:
    """Every rule break in one client's periods, as known on `as_of`. `meeting_days` are the
    days of the client's contacts that count as meetings (see `counts_as_meeting`)."""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    breaks = check_period_dates(ordered)
    breaks.extend(_meeting_breaks(ordered, frozenset(meeting_days), as_of))
    return breaks


def check_period_dates(periods: Iterable[Period]) -> list[RuleBreak]:
    """The rules about a client's period dates alone: length, consecutive periods, 8 in 12.
    (Forms and imports warn about these; the weekly meetings are checked as time goes by.)"""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    breaks: list[RuleBreak] = []
    for period in ordered:
        days = period_days(period)
        if days < MIN_DAYS:
            breaks.append(RuleBreak(LawRule.TOO_SHORT, period, str(days)))
        if period.end > latest_allowed_end(period.start):
            breaks.append(RuleBreak(LawRule.TOO_LONG, period, str(days)))
    breaks.extend(_consecutive_breaks(ordered))
    breaks.extend(_window_breaks(ordered))
    return breaks


def _consecutive_breaks(ordered: Sequence[Period]) -> list[RuleBreak]:
    breaks = []
    run = 1
    for previous, current in pairwise(ordered):
        if (current.start - previous.end).days <= CONSECUTIVE_GAP_DAYS:
            run += 1
            if run > MAX_CONSECUTIVE:
                breaks.append(RuleBreak(LawRule.TOO_MANY_CONSECUTIVE, current, str(run)))
        else:
            run = 1
    return breaks


def _window_breaks(ordered: Sequence[Period]) -> list[RuleBreak]:
    breaks = []
    for anchor in ordered:
        window_start = anchor.start
        window_end = add_months(window_start, LIMIT_WINDOW_MONTHS) - timedelta(days=1)
        limit = (add_months(window_start, LIMIT_MONTHS) - window_start).days
        used = 0
        for period in ordered:
            first = max(period.start, window_start)
            last = min(period.end, window_end)
            if first <= last:
                used += (last - first).days + 1
        if used > limit:
            breaks.append(RuleBreak(LawRule.OVER_8_IN_12, anchor, str(used)))
    return breaks


def _meeting_breaks(
    ordered: Sequence[Period], meeting_set: frozenset[date], as_of: date
) -> list[RuleBreak]:
    breaks = []
    for period in ordered:
        block_start = period.start
        while block_start + timedelta(days=6) <= min(period.end, as_of):
            block = {block_start + timedelta(days=n) for n in range(7)}
            if not block & meeting_set:
                breaks.append(
                    RuleBreak(LawRule.WEEK_WITHOUT_MEETING, period, block_start.isoformat())
                )
            block_start += timedelta(days=7)
    return breaks


def counts_as_meeting(kind: str, no_show: bool) -> bool:
    """Whether a client contact counts as a coaching meeting for the weekly rule."""
    return not no_show and kind not in NOT_A_MEETING


@dataclass(frozen=True)
class ClientRuleBreak:
    client_id: int
    client_code: str
    rule_break: RuleBreak


def team_rule_breaks(session: Session, team_id: int, as_of: date) -> list[ClientRuleBreak]:
    """Rule breaks in the law-based periods of a team's clients that began by `as_of`, as
    known on `as_of`, ordered by client code.

    Two queries: the periods, and the contacts of those clients within their periods.
    """
    period_rows = session.execute(
        select(
            m.CoachingPeriod.id,
            m.CoachingPeriod.client_id,
            m.Client.code,
            m.CoachingPeriod.start_date,
            m.CoachingPeriod.end_date,
        )
        .join(m.Client, m.Client.id == m.CoachingPeriod.client_id)
        .where(m.Client.team_id == team_id, m.CoachingPeriod.start_date <= as_of)
        .order_by(m.Client.code, m.CoachingPeriod.start_date)
    ).all()
    if not period_rows:
        return []
    periods: dict[int, list[Period]] = defaultdict(list)
    codes: dict[int, str] = {}
    for period_id, client_id, code, start, end in period_rows:
        periods[client_id].append(Period(start, end, period_id))
        codes[client_id] = code
    contact_rows = session.execute(
        select(m.ClientContact.client_id, m.ClientContact.date)
        .join(
            m.CoachingPeriod,
            (m.CoachingPeriod.client_id == m.ClientContact.client_id)
            & (m.ClientContact.date >= m.CoachingPeriod.start_date)
            & (m.ClientContact.date <= m.CoachingPeriod.end_date),
        )
        .join(m.Client, m.Client.id == m.ClientContact.client_id)
        .where(
            m.Client.team_id == team_id,
            m.ClientContact.no_show.is_(False),
            m.ClientContact.date <= as_of,
            m.ClientContact.kind.not_in(NOT_A_MEETING),
        )
    ).all()
    meetings: dict[int, set[date]] = defaultdict(set)
    for client_id, day in contact_rows:
        meetings[client_id].add(day)
    found = []
    for client_id in sorted(periods, key=lambda c: codes[c]):
        for rule_break in check_periods(periods[client_id], meetings[client_id], as_of):
            found.append(ClientRuleBreak(client_id, codes[client_id], rule_break))
    return found


ENDING_SOON_DAYS = 30  # period_checks: a period ending within this many days is listed next


@dataclass(frozen=True)
class PeriodCheck:
    period_id: int
    client_id: int
    client_code: str
    coach_name: str | None  # the client's coach
    start: date
    end: date
    days: int  # period_days: both end days counted
    breaks: tuple[RuleBreak, ...]  # what team_rule_breaks finds for this period on `on`
    ends_in_days: int | None  # end − on while end ≥ on (0 = ends on `on`), else None


def period_checks(session: Session, team_id: int, on: date) -> list[PeriodCheck]:
    """Every law-based coaching period of the team's clients (ended clients included) that
    started on or before `on`, with the rule breaks `team_rule_breaks` finds in it on `on`
    (in that function's order). Periods starting after `on` are left out, as there.

    Order: the periods with a rule break first (start newest first); then those ending in
    0–`ENDING_SOON_DAYS` days (end − on; soonest first); then the rest (start newest first).
    Ties go by client code, then period id.

    Three queries: the periods with their clients and coaches, and team_rule_breaks' two."""
    rows = session.execute(
        select(
            m.CoachingPeriod.id,
            m.Client.id,
            m.Client.code,
            m.Staff.name,
            m.CoachingPeriod.start_date,
            m.CoachingPeriod.end_date,
        )
        .join(m.Client, m.Client.id == m.CoachingPeriod.client_id)
        .outerjoin(m.Staff, m.Staff.id == m.Client.coach_id)
        .where(m.Client.team_id == team_id, m.CoachingPeriod.start_date <= on)
    ).all()
    if not rows:
        return []
    found: dict[int, list[RuleBreak]] = defaultdict(list)
    for client_break in team_rule_breaks(session, team_id, on):
        found[client_break.rule_break.period.period_id].append(client_break.rule_break)
    checks = []
    for period_id, client_id, code, coach_name, start, end in rows:
        checks.append(
            PeriodCheck(
                period_id=period_id,
                client_id=client_id,
                client_code=code,
                coach_name=coach_name,
                start=start,
                end=end,
                days=period_days(Period(start, end, period_id)),
                breaks=tuple(found.get(period_id, ())),
                ends_in_days=(end - on).days if end >= on else None,
            )
        )
    return sorted(checks, key=_check_order)


def _check_order(check: PeriodCheck) -> tuple:
    newest_first = -check.start.toordinal()
    if check.breaks:
        return (0, newest_first, check.client_code, check.period_id)
    if check.ends_in_days is not None and check.ends_in_days <= ENDING_SOON_DAYS:
        return (1, check.ends_in_days, check.client_code, check.period_id)
    return (2, newest_first, check.client_code, check.period_id)
