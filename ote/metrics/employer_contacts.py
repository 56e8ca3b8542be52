"""Job development: how fast a new client meets employers (item 15), whether contacts
follow the client's own preferences (item 16), and how often coaches meet employers
(item 17)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import last_full_weeks
from ote.enums import StaffRole
from ote.metrics.base import Measure, days_window, percent, score_at_least, score_at_most
from ote.metrics.population import is_job_seeker_on
from ote.supervision.week import Week

TARGET_PER_WEEK = 6.0  # item 17
FEW_JOB_SEEKERS = 3  # item 17: below this, 2 × job seekers a week is enough


def _names_a_job_seeker():
    """SQL condition on an employer contact: it names a client who was a job seeker (active,
    no job) on the contact's date."""
    return and_(
        m.EmployerContact.client_id == m.Client.id,
        is_job_seeker_on(m.EmployerContact.date),
    )


def weekly_contact_counts(
    session: Session, staff_ids: Collection[int], weeks: list[Week], last_day: date
) -> dict[tuple[int, int], int]:
    """Item 17 week by week: (staff id, index in `weeks`) → the staff member's face-to-face
    employer contacts naming a job seeker (`_names_a_job_seeker`) in that ISO week, counted
    from `weeks[0]`'s Monday up to `last_day` (at most the last week's Sunday), so that a
    week in progress can stop at its reference day. `weeks` are consecutive, oldest first.
    Pairs without contacts are left out (read with `.get(key, 0)`). One grouped query for
    all staff members and weeks; no query when either list is empty."""
    if not staff_ids or not weeks:
        return {}
    last_day = min(last_day, weeks[-1].sunday)
    # The contacts are filtered to weeks[0].monday … last_day, so the first Sunday not
    # before the contact's date names its week.
    bucket = case(
        *((m.EmployerContact.date <= w.sunday, index) for index, w in enumerate(weeks)),
        else_=None,
    )
    counted = (
        select(m.EmployerContact.staff_id.label("staff_id"), bucket.label("week"))
        .join(m.Client, _names_a_job_seeker())
        .where(
            m.EmployerContact.staff_id.in_(list(staff_ids)),
            m.EmployerContact.face_to_face.is_(True),
            m.EmployerContact.date.between(weeks[0].monday, last_day),
        )
        .subquery()
    )
    # Grouped over a subquery: PostgreSQL would not match the CASE's bound parameters in
    # GROUP BY with those in the select list.
    return {
        (staff_id, index): int(count)
        for staff_id, index, count in session.execute(
            select(counted.c.staff_id, counted.c.week, func.count()).group_by(
                counted.c.staff_id, counted.c.week
            )
        ).all()
    }


@dataclass(frozen=True)
class WaitingClient:
    client_id: int
    code: str
    coach_id: int
    service_start: date
    days_so_far: int


def days_to_first_employer_contact(
    session: Session, team_id: int, as_of: date, days: int = 365
) -> Measure:
    """Item 15 – days to the first employer contact: for the team's clients whose service
    started in the last `days` days and who have a face-to-face employer contact naming them
    on or after their start (and on or before `as_of`), the mean number of days from the
    start to the first such contact. Clients without one who are still active on `as_of`
    are listed apart in `details` with their days so far. Suggested: ≤ 30 → 5, ≤ 60 → 4,
    ≤ 150 → 3, ≤ 270 → 2, else 1."""
    first, last = days_window(as_of, days)
    contact = and_(
        m.EmployerContact.client_id == m.Client.id,
        m.EmployerContact.face_to_face.is_(True),
        m.EmployerContact.date >= m.Client.service_start,
        m.EmployerContact.date <= as_of,
    )
    rows = session.execute(
        select(
            m.Client.id,
            m.Client.code,
            m.Client.coach_id,
            m.Client.service_start,
            m.Client.service_end,
            func.min(m.EmployerContact.date),
        )
        .outerjoin(m.EmployerContact, contact)
        .where(m.Client.team_id == team_id, m.Client.service_start.between(first, last))
        .group_by(
            m.Client.id,
            m.Client.code,
            m.Client.coach_id,
            m.Client.service_start,
            m.Client.service_end,
        )
        .order_by(m.Client.code)
    ).all()
    delays = []
    waiting = []
    for client_id, code, coach_id, start, end, first_contact in rows:
        if first_contact is not None:
            delays.append((first_contact - start).days)
        elif end is None or end >= as_of:
            waiting.append(WaitingClient(client_id, code, coach_id, start, (as_of - start).days))
    value = sum(delays) / len(delays) if delays else None
    return Measure(
        key="days_to_first_employer_contact",
        item="15",
        value=value,
        unit="days",
        n=len(delays),
        first=first,
        last=last,
        suggested_score=score_at_most(value, (30, 60, 150, 270)),
        details=waiting,
        basis_params={"clients": len(delays), "waiting": len(waiting)},
    )


def preference_based_contacts(
    session: Session, team_id: int, as_of: date, days: int = 91
) -> Measure:
    """Item 16 – preference-based contacts: of the team's employer contacts in the last
    `days` days that name a job seeker (a client active and without a job on the contact's
    date), the % marked as following the client's own preferences (an unmarked contact
    counts as not). Suggested: ≥ 90 → 5, ≥ 75 → 4, ≥ 50 → 3, ≥ 25 → 2, else 1."""
    first, last = days_window(as_of, days)
    total, preferred = session.execute(
        select(
            func.count(m.EmployerContact.id),
            func.coalesce(
                func.sum(case((m.EmployerContact.preference_based.is_(True), 1), else_=0)), 0
            ),
        )
        .join(m.Staff, m.Staff.id == m.EmployerContact.staff_id)
        .join(m.Client, _names_a_job_seeker())
        .where(m.Staff.team_id == team_id, m.EmployerContact.date.between(first, last))
    ).one()
    value = percent(preferred, total)
    return Measure(
        key="preference_based_contacts",
        item="16",
        value=value,
        unit="%",
        n=int(total),
        first=first,
        last=last,
        suggested_score=score_at_least(value, (90, 75, 50, 25)),
        basis_params={"preferred": int(preferred), "total": int(total)},
    )


@dataclass(frozen=True)
class CoachContacts:
    staff_id: int
    name: str
    contacts: int  # face-to-face, naming a job seeker, in the full weeks
    per_week: float
    job_seekers: int  # the coach's own job seekers on the as-of date
    counted_as: float  # per_week, or 6 under the few-job-seekers rule


def employer_contacts_per_week(
    session: Session, team_id: int, as_of: date, weeks: int = 4
) -> Measure:
    """Item 17 – employer contacts per week: for each coach, the face-to-face employer
    contacts naming a job seeker (a client active and without a job on the contact's date)
    that the coach made in the last `weeks` full ISO weeks (weeks whose Sunday is on or
    before `as_of`), ÷ `weeks`. The team value is the mean over the coaches employed
    throughout those weeks. A coach with fewer than 3 job seekers of their own on `as_of`
    whose weekly contacts are at least 2 × those job seekers counts as 6 (DOMAIN.md word for
    word: a coach with no job seekers at all therefore counts as 6). `n` is the number
    of contacts. Suggested: ≥ 6 → 5, ≥ 5 → 4, ≥ 4 → 3, ≥ 2 → 2, else 1."""
    mondays = last_full_weeks(as_of, weeks)
    first, last = mondays[0], mondays[-1] + timedelta(days=6)
    coach_rows = session.execute(
        select(m.Staff.id, m.Staff.name)
        .where(
            m.Staff.team_id == team_id,
            m.Staff.role == StaffRole.COACH.value,
            (m.Staff.start_date.is_(None)) | (m.Staff.start_date <= first),
            (m.Staff.end_date.is_(None)) | (m.Staff.end_date >= last),
        )
        .order_by(m.Staff.name, m.Staff.id)
    ).all()
    # The client is joined in the main query, so "a job seeker on the contact's date"
    # compares each contact with its own client's jobs.
    counts = dict(
        session.execute(
            select(m.EmployerContact.staff_id, func.count(m.EmployerContact.id))
            .join(m.Client, _names_a_job_seeker())
            .where(
                m.EmployerContact.staff_id.in_([staff_id for staff_id, _ in coach_rows]),
                m.EmployerContact.face_to_face.is_(True),
                m.EmployerContact.date.between(first, last),
            )
            .group_by(m.EmployerContact.staff_id)
        ).all()
    )
    seekers = dict(
        session.execute(
            select(m.Client.coach_id, func.count(m.Client.id))
            .where(m.Client.team_id == team_id, is_job_seeker_on(as_of))
            .group_by(m.Client.coach_id)
        ).all()
    )
    coaches = []
    for staff_id, name in coach_rows:
        contacts = int(counts.get(staff_id, 0))
        per_week = contacts / weeks
        own = int(seekers.get(staff_id, 0))
        few = own < FEW_JOB_SEEKERS and per_week >= 2 * own
        coaches.append(
            CoachContacts(
                staff_id, name, int(contacts), per_week, own, TARGET_PER_WEEK if few else per_week
            )
        )
    total = sum(c.contacts for c in coaches)
    value = sum(c.counted_as for c in coaches) / len(coaches) if coaches else None
    return Measure(
        key="employer_contacts_per_week",
        item="17",
        value=value,
        unit="contacts per coach per week",
        n=total,
        first=first,
        last=last,
        suggested_score=score_at_least(value, (6, 5, 4, 2)) if total else None,
        details=coaches,
        basis_params={"contacts": total, "coaches": len(coaches), "weeks": weeks},
    )
