"""Caseload (item 1) and the share of working time on job coaching (item 2); their trend over
month ends (with item 8.1's coaches per team leader), and which coaches have room for the
next client."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months
from ote.enums import StaffRole
from ote.metrics.base import BAND_PRECISION, Measure, score_at_least, score_at_most
from ote.metrics.cadences import team_leader_span
from ote.metrics.population import is_active_on, is_employed_on

CASELOAD_LIMIT = 20.0  # item 1: at most 20 clients for a full-time coach


@dataclass(frozen=True)
class CoachCaseload:
    staff_id: int
    name: str
    fte: float
    active_clients: int
    ratio: float | None  # active clients ÷ FTE; None for an FTE of 0
    over_limit: bool


def coach_caseloads(session: Session, team_id: int, as_of: date) -> list[CoachCaseload]:
    """Each coach employed on `as_of` with their active clients and FTE-adjusted ratio."""
    active = and_(m.Client.coach_id == m.Staff.id, m.Client.team_id == team_id, is_active_on(as_of))
    rows = session.execute(
        select(m.Staff.id, m.Staff.name, m.Staff.fte, func.count(m.Client.id))
        .outerjoin(m.Client, active)
        .where(
            m.Staff.team_id == team_id,
            m.Staff.role == StaffRole.COACH.value,
            is_employed_on(as_of),
        )
        .group_by(m.Staff.id, m.Staff.name, m.Staff.fte)
        .order_by(m.Staff.name, m.Staff.id)
    ).all()
    loads = []
    for staff_id, name, fte, clients in rows:
        ratio = clients / fte if fte else None
        loads.append(
            CoachCaseload(
                staff_id, name, fte, clients, ratio, ratio is not None and ratio > CASELOAD_LIMIT
            )
        )
    return loads


def caseload_ratio(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 1 – caseload ratio: the active clients of all coaches ÷ the coaches' summed FTE,
    on `as_of`. Coaches are staff with role `coach` employed on the date; a client counts
    for the coach they are assigned to. Each coach's own ratio is in `details`, those over
    20 flagged. Suggested score: ≤ 20 → 5, ≤ 25 → 4, ≤ 30 → 3, ≤ 40 → 2, else 1."""
    loads = coach_caseloads(session, team_id, as_of)
    clients = sum(load.active_clients for load in loads)
    fte = sum(load.fte for load in loads)
    value = clients / fte if fte else None
    return Measure(
        key="caseload_ratio",
        item="1",
        value=value,
        unit="clients per FTE",
        n=clients,
        first=None,
        last=as_of,
        suggested_score=score_at_most(value, (20, 25, 30, 40)) if clients else None,
        details=loads,
        basis_params={"clients": clients, "coaches": len(loads), "fte": round(fte, 2)},
    )


def coaching_share(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 2 – job-coaching share: the FTE-weighted mean of the coaches' share of working
    time spent on job coaching (`coaching_share`), on `as_of`, as %. Coaches without a
    recorded share are left out. Suggested: ≥ 96 → 5, ≥ 90 → 4, ≥ 75 → 3, ≥ 60 → 2,
    else 1."""
    row = session.execute(
        select(
            func.count(m.Staff.id),
            func.sum(m.Staff.fte * m.Staff.coaching_share),
            func.sum(m.Staff.fte),
        ).where(
            m.Staff.team_id == team_id,
            m.Staff.role == StaffRole.COACH.value,
            m.Staff.coaching_share.is_not(None),
            is_employed_on(as_of),
        )
    ).one()
    coaches, weighted, fte = int(row[0]), row[1], row[2]
    value = 100.0 * weighted / fte if fte else None
    return Measure(
        key="coaching_share",
        item="2",
        value=value,
        unit="%",
        n=coaches,
        first=None,
        last=as_of,
        suggested_score=score_at_least(value, (96, 90, 75, 60)),
        basis_params={"coaches": coaches},
    )


@dataclass(frozen=True)
class CaseloadPoint:
    day: date
    team_ratio: float | None  # item 1: caseload_ratio(...).value on `day`
    coaching_share: float | None  # item 2: coaching_share(...).value on `day`, as %
    coaches_per_leader: float | None  # item 8.1: cadences.team_leader_span(...).value
    coach_ratios: dict[int, float | None]  # staff_id → that coach's ratio (coach_caseloads)


def trend_days(as_of: date, months: int = 12) -> list[date]:
    """The last day of each of the `months` − 1 calendar months before `as_of`'s month, then
    `as_of`; oldest first (`months` = 3 on 10.3.2024: 31.1.2024, 29.2.2024, 10.3.2024)."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    first = as_of.replace(day=1)
    ends = [add_months(first, 1 - back) - timedelta(days=1) for back in range(months - 1, 0, -1)]
    return [*ends, as_of]


def caseload_trend(
    session: Session, team_id: int, as_of: date, months: int = 12
) -> list[CaseloadPoint]:
    """Items 1, 2 and 8.1 over time: on each day of `trend_days(as_of, months)` (month ends,
    then `as_of`; oldest first) the team's caseload ratio (`caseload_ratio`), job-coaching
    share (`coaching_share`, %), coaches per team leader (`cadences.team_leader_span`) and
    each coach's own ratio (the coaches employed on that day, as `coach_caseloads` counts
    them). Each day is exactly what those functions give on it (three queries a day)."""
    points = []
    for day in trend_days(as_of, months):
        ratio = caseload_ratio(session, team_id, day)
        points.append(
            CaseloadPoint(
                day=day,
                team_ratio=ratio.value,
                coaching_share=coaching_share(session, team_id, day).value,
                coaches_per_leader=team_leader_span(session, team_id, day).value,
                coach_ratios={load.staff_id: load.ratio for load in ratio.details},
            )
        )
    return points


@dataclass(frozen=True)
class Room:
    staff_id: int
    name: str
    fte: float
    active_clients: int
    ratio: float | None
    places: int  # clients the coach can still take: floor(20 × FTE) − active clients (≥ 1)


def places_left(load: CoachCaseload) -> int:
    """floor(20 × FTE) − active clients: how many more clients keep the coach's own ratio
    within item 1's limit of 20 per FTE (0.5 FTE: 10 in all). 20 × FTE is rounded to 9
    decimals first, so that a binary-floating-point 10.999999999… is the 11 it is."""
    return math.floor(round(CASELOAD_LIMIT * load.fte, BAND_PRECISION)) - load.active_clients


def room_for_next_client(loads: list[CoachCaseload]) -> list[Room]:
    """The coaches of `loads` (`coach_caseloads`) who can take one more client without going
    over item 1's limit: those with `places_left` > 0. A coach with an FTE of 0 never has
    room. Most places first, then the lowest ratio, then by name (and staff id)."""
    rooms = [
        Room(load.staff_id, load.name, load.fte, load.active_clients, load.ratio, places)
        for load in loads
        if load.fte > 0 and (places := places_left(load)) > 0
    ]
    return sorted(
        rooms,
        key=lambda room: (
            -room.places,
            room.ratio if room.ratio is not None else float("inf"),
            room.name,
            room.staff_id,
        ),
    )
