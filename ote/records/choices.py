"""The choices a form offers: the team's staff, clients, employers, jobs, sources.

Each is a list of `Choice(id, label)`, ordered as a person scans them. Client labels are
the pseudonymous codes only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.access import principal_of
from ote.metrics.population import is_active_on, is_employed_on, is_job_seeker_on, is_waiting_on
from ote.records.base import of_team


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def staff(session: Session, team_id: int, on: date | None = None) -> list[Choice]:
    """The team's staff (employed on `on` when given), by name. A coach or job finder
    signed in logs as themselves only, so their own name is the one choice."""
    query = select(m.Staff.id, m.Staff.name).where(m.Staff.team_id == team_id)
    principal = principal_of(session)
    if principal is not None and principal.is_client_scoped:
        query = query.where(m.Staff.id == (principal.staff_id or -1))
    if on is not None:
        query = query.where(is_employed_on(on))
    return [Choice(*row) for row in session.execute(query.order_by(m.Staff.name, m.Staff.id))]


def last_staff(session: Session, team_id: int, first=m.EmployerContact) -> int | None:
    """Who saved the team's latest contact – of the kind `first` (the page's own), else of
    the other kind – as a form's default staff member before the session has chosen one."""
    principal = principal_of(session)
    if principal is not None and principal.is_client_scoped:
        return principal.staff_id
    others = [model for model in (m.EmployerContact, m.ClientContact) if model is not first]
    for model in (first, *others):
        query = of_team(model, team_id, select(model.staff_id).select_from(model))
        staff_id = session.execute(query.order_by(model.id.desc()).limit(1)).scalar()
        if staff_id is not None:
            return staff_id
    return None


def coach_of_staff(session: Session, staff_id: int | None) -> bool:
    """Whether the staff member is a coach (coaches see their own clients first)."""
    if staff_id is None:
        return False
    role = session.execute(select(m.Staff.role).where(m.Staff.id == staff_id)).scalar()
    return role == "coach"


def _clients(session: Session, query) -> list[Choice]:
    return [Choice(*row) for row in session.execute(query.order_by(m.Client.code))]


def job_seekers(
    session: Session, team_id: int, on: date, coach_id: int | None = None
) -> list[Choice]:
    """Job seekers on `on` (active, no job) – of one coach when `coach_id` is given."""
    query = select(m.Client.id, m.Client.code).where(
        m.Client.team_id == team_id, is_job_seeker_on(on)
    )
    if coach_id is not None:
        query = query.where(m.Client.coach_id == coach_id)
    return _clients(session, query)


def active_clients(
    session: Session, team_id: int, on: date, coach_id: int | None = None
) -> list[Choice]:
    query = select(m.Client.id, m.Client.code).where(m.Client.team_id == team_id, is_active_on(on))
    if coach_id is not None:
        query = query.where(m.Client.coach_id == coach_id)
    return _clients(session, query)


def waiting_clients(session: Session, team_id: int, on: date) -> list[Choice]:
    query = select(m.Client.id, m.Client.code).where(m.Client.team_id == team_id, is_waiting_on(on))
    return _clients(session, query)


def all_clients(session: Session, team_id: int) -> list[Choice]:
    return _clients(session, select(m.Client.id, m.Client.code).where(m.Client.team_id == team_id))


def employers(session: Session) -> list[Choice]:
    """Every employer by name; a name shared by two gets its key beside it."""
    rows = session.execute(
        select(m.Employer.id, m.Employer.name, m.Employer.key).order_by(
            m.Employer.name, m.Employer.key
        )
    ).all()
    counts = Counter(name.casefold() for _, name, _ in rows)
    return [
        Choice(row_id, f"{name} ({key})" if counts[name.casefold()] > 1 else name)
        for row_id, name, key in rows
    ]


def client_jobs(session: Session, client_id: int | None) -> list[Choice]:
    if client_id is None:
        return []
    rows = session.execute(
        select(m.Job.id, m.Job.title, m.Employer.name, m.Job.start_date)
        .join(m.Employer, m.Employer.id == m.Job.employer_id)
        .where(m.Job.client_id == client_id)
        .order_by(m.Job.start_date.desc())
    )
    return [Choice(job_id, f"{title}, {employer}") for job_id, title, employer, _ in rows]


def ongoing_jobs(session: Session, team_id: int, on: date) -> list[Choice]:
    """Jobs going on on `on` (started, not ended), labelled by client code and title."""
    rows = session.execute(
        select(m.Job.id, m.Client.code, m.Job.title, m.Employer.name)
        .join(m.Client, m.Client.id == m.Job.client_id)
        .join(m.Employer, m.Employer.id == m.Job.employer_id)
        .where(
            m.Client.team_id == team_id,
            m.Job.start_date <= on,
            or_(m.Job.end_date.is_(None), m.Job.end_date >= on),
        )
        .order_by(m.Client.code, m.Job.start_date)
    )
    return [
        Choice(job_id, f"{code}: {title}, {employer}") for job_id, code, title, employer in rows
    ]


def referral_sources(session: Session, team_id: int) -> list[Choice]:
    rows = session.execute(
        select(m.ReferralSource.id, m.ReferralSource.name)
        .where(m.ReferralSource.team_id == team_id)
        .order_by(m.ReferralSource.name)
    )
    return [Choice(*row) for row in rows]


def job_types(session: Session) -> list[str]:
    """Job types already used, most used first, for suggesting."""
    uses = func.count().label("uses")
    rows = session.execute(
        select(m.Job.job_type, uses)
        .group_by(m.Job.job_type)
        .order_by(uses.desc(), m.Job.job_type)
        .limit(200)
    )
    return [job_type for job_type, _ in rows]
