"""Caseload (item 1) and the share of working time on job coaching (item 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlmodel import Session

from ote import models as m
from ote.enums import StaffRole
from ote.metrics.base import Measure, score_at_least, score_at_most
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
