"""Who is in the service on a date (DOMAIN.md §4, "Terms").

- *Active client* on d: service_start <= d and (service_end empty or service_end >= d).
- *Waiting list* (jono) on d: referred on or before d and not started by d.
- *Job seeker* on d: an active client with no job on d.
- *Coach*: staff with role `coach`, employed on d (start empty or <= d, end empty or >= d).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.enums import StaffRole


def is_active_on(on: date):
    """SQL condition: the client is active on `on`."""
    return and_(
        m.Client.service_start <= on,
        or_(m.Client.service_end.is_(None), m.Client.service_end >= on),
    )


def is_waiting_on(on: date):
    """SQL condition: the client is on the waiting list on `on`."""
    return and_(
        m.Client.referral_date <= on,
        or_(m.Client.service_start.is_(None), m.Client.service_start > on),
    )


def has_job_on(on: date):
    """SQL condition: the client (m.Client) holds a job on `on`."""
    return (
        select(m.Job.id)
        .where(
            m.Job.client_id == m.Client.id,
            m.Job.start_date <= on,
            or_(m.Job.end_date.is_(None), m.Job.end_date >= on),
        )
        .exists()
    )


def is_job_seeker_on(on: date):
    """SQL condition: the client is a job seeker on `on` (active, no job)."""
    return and_(is_active_on(on), ~has_job_on(on))


def is_employed_on(on: date):
    """SQL condition: the staff member is employed on `on`."""
    return and_(
        or_(m.Staff.start_date.is_(None), m.Staff.start_date <= on),
        or_(m.Staff.end_date.is_(None), m.Staff.end_date >= on),
    )


def active_clients(session: Session, team_id: int, on: date) -> int:
    """Number of the team's active clients on `on`."""
    query = select(func.count()).where(m.Client.team_id == team_id, is_active_on(on))
    return session.execute(query).scalar_one()


def waiting_clients(session: Session, team_id: int, on: date) -> int:
    """Number of the team's clients on the waiting list on `on`."""
    query = select(func.count()).where(m.Client.team_id == team_id, is_waiting_on(on))
    return session.execute(query).scalar_one()


@dataclass(frozen=True)
class CoachCount:
    coaches: int
    fte: float


def coaches_on(session: Session, team_id: int, on: date) -> CoachCount:
    """How many coaches the team employs on `on`, and their summed FTE."""
    query = select(func.count(), func.coalesce(func.sum(m.Staff.fte), 0.0)).where(
        m.Staff.team_id == team_id, m.Staff.role == StaffRole.COACH.value, is_employed_on(on)
    )
    count, fte = session.execute(query).one()
    return CoachCount(int(count), float(fte))


@dataclass(frozen=True)
class Snapshot:
    """The front page's figures for a team on a day."""

    active: int
    waiting: int
    coaches: CoachCount


def snapshot(session: Session, team_id: int, on: date) -> Snapshot:
    """Active clients, the waiting list and the coaches on `on` (as the functions above)."""
    return Snapshot(
        active_clients(session, team_id, on),
        waiting_clients(session, team_id, on),
        coaches_on(session, team_id, on),
    )
