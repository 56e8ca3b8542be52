"""The team's employer work in detail (items 16–18): the log of employer contacts with its
filters, each coach's weekly rhythm of face-to-face contacts against item 17's target, the
mix of contact purposes (item 18), the preference-based share (item 16) for any window,
and the register of the employers the team works with.

Everything is counted in SQL with grouped queries; the log itself is read a page at a
time (`limit`) with one COUNT for the total. A contact belongs to the team of the staff
member who made it; a job to the team of its client. Employers are shared by the teams
of one database, so an employer shows here only through the team's own contacts and jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import iso_week_label
from ote.enums import EmployerContactPurpose, StaffRole
from ote.metrics.base import Measure, percent
from ote.metrics.employer_contacts import preference_based_contacts, weekly_contact_counts
from ote.metrics.population import is_job_seeker_on
from ote.supervision.coaches import contact_target
from ote.supervision.week import Week

LOG_LIMIT = 500  # rows of the log read at a time
RHYTHM_WEEKS = 8  # the weekly rhythm shows the last week and the 7 before it
COLD_DAYS = 90  # an employer with no contact in this many days has gone cold


# ------------------------------------------------------------------------------- the log
@dataclass(frozen=True)
class LogFilter:
    """Which contacts the log shows: dated `first` … `last` (both included) and matching
    every filter given; an empty tuple or None leaves that filter out.

    - `purposes`: the purpose codes to show; None among them stands for "not recorded";
    - `preference_based`: True shows the contacts marked as following the client's own
      preferences, False the rest – marked not, or not marked at all – as item 16 counts
      an unmarked contact as not preference-based;
    - `client_code`: the exact code of one of the team's clients.
    """

    first: date
    last: date
    staff_ids: tuple[int, ...] = ()
    employer_ids: tuple[int, ...] = ()
    purposes: tuple[str | None, ...] = ()
    face_to_face: bool | None = None
    preference_based: bool | None = None
    client_code: str | None = None


@dataclass(frozen=True)
class LogRow:
    contact_id: int
    date: date
    week: str  # ISO week, "2026-W27"
    staff_id: int
    staff_name: str
    employer_id: int
    employer_name: str
    face_to_face: bool
    client_code: str | None  # the client the contact names, if any
    preference_based: bool | None
    purpose: str | None
    outcome: str | None
    job_tip: str | None


def _log_conditions(team_id: int, log_filter: LogFilter) -> list:
    """WHERE conditions of the log, on EmployerContact joined with Staff and (outer) Client."""
    contact = m.EmployerContact
    f = log_filter
    conditions = [m.Staff.team_id == team_id, contact.date.between(f.first, f.last)]
    if f.staff_ids:
        conditions.append(contact.staff_id.in_(f.staff_ids))
    if f.employer_ids:
        conditions.append(contact.employer_id.in_(f.employer_ids))
    if f.purposes:
        codes = [purpose for purpose in f.purposes if purpose is not None]
        chosen = [contact.purpose.in_(codes)] if codes else []
        if None in f.purposes:
            chosen.append(contact.purpose.is_(None))
        conditions.append(or_(*chosen))
    if f.face_to_face is not None:
        conditions.append(contact.face_to_face.is_(f.face_to_face))
    if f.preference_based is True:
        conditions.append(contact.preference_based.is_(True))
    elif f.preference_based is False:
        conditions.append(
            or_(contact.preference_based.is_(None), contact.preference_based.is_(False))
        )
    if f.client_code is not None:
        conditions.append(m.Client.code == f.client_code)
    return conditions


def _log_joins(query, team_id: int):
    """The contact's staff member (whose team it belongs to) and the client it names –
    only a client of the same team, so no other team's code can ever show."""
    return query.join(m.Staff, m.Staff.id == m.EmployerContact.staff_id).outerjoin(
        m.Client,
        and_(m.Client.id == m.EmployerContact.client_id, m.Client.team_id == team_id),
    )


def contact_log(
    session: Session, team_id: int, log_filter: LogFilter, limit: int | None = LOG_LIMIT
) -> tuple[list[LogRow], int]:
    """The team's employer contacts matching every filter of `log_filter`, newest first
    (date, then id), at most `limit` of them (None: all), and how many match in all
    (one COUNT query)."""
    conditions = _log_conditions(team_id, log_filter)
    total = session.execute(
        _log_joins(
            select(func.count(m.EmployerContact.id)).select_from(m.EmployerContact), team_id
        ).where(*conditions)
    ).scalar_one()
    query = (
        _log_joins(
            select(
                m.EmployerContact.id,
                m.EmployerContact.date,
                m.EmployerContact.staff_id,
                m.Staff.name,
                m.EmployerContact.employer_id,
                m.Employer.name,
                m.EmployerContact.face_to_face,
                m.Client.code,
                m.EmployerContact.preference_based,
                m.EmployerContact.purpose,
                m.EmployerContact.outcome,
                m.EmployerContact.job_tip,
            ).select_from(m.EmployerContact),
            team_id,
        )
        .join(m.Employer, m.Employer.id == m.EmployerContact.employer_id)
        .where(*conditions)
        .order_by(m.EmployerContact.date.desc(), m.EmployerContact.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = [
        LogRow(
            contact_id=contact_id,
            date=day,
            week=iso_week_label(day),
            staff_id=staff_id,
            staff_name=staff_name,
            employer_id=employer_id,
            employer_name=employer_name,
            face_to_face=bool(face_to_face),
            client_code=client_code,
            preference_based=preference_based,
            purpose=purpose,
            outcome=outcome,
            job_tip=job_tip,
        )
        for (
            contact_id,
            day,
            staff_id,
            staff_name,
            employer_id,
            employer_name,
            face_to_face,
            client_code,
            preference_based,
            purpose,
            outcome,
            job_tip,
        ) in session.execute(query).all()
    ]
    return rows, int(total)


# ---------------------------------------------------------------- item 17: weekly rhythm
@dataclass(frozen=True)
class CoachWeekCount:
    staff_id: int
    name: str
    # (week label, face-to-face contacts naming a job seeker, that week's target), oldest first
    weeks: tuple[tuple[str, int, int], ...]


def weekly_rhythm(
    session: Session, team_id: int, last_week: Week, weeks: int = RHYTHM_WEEKS
) -> list[CoachWeekCount]:
    """Item 17 week by week: for each coach of the team (role `coach`) employed at some
    time in the `weeks` ISO weeks ending with `last_week`, sorted by name, per week (oldest
    first) the coach's face-to-face employer contacts naming a job seeker (a client active
    and without a job on the contact's date: item 17's definition, as the supervision
    counts them) and that week's target: `contact_target` of the coach's own job seekers
    on the week's Sunday (6, or 2 × job seekers below 3; none → 0).

    A week in which the coach was not employed at all (before the start, after the end)
    has target 0: DOMAIN.md's coach is a staff member employed on the date, and nothing is
    expected of someone not yet or no longer working. Clients belong to the coach they
    are assigned to now. Three queries whatever the number of coaches and weeks."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    span = [last_week.shifted(n - (weeks - 1)) for n in range(weeks)]
    first, last = span[0].monday, span[-1].sunday
    coach_rows = session.execute(
        select(m.Staff.id, m.Staff.name, m.Staff.start_date, m.Staff.end_date)
        .where(
            m.Staff.team_id == team_id,
            m.Staff.role == StaffRole.COACH.value,
            or_(m.Staff.start_date.is_(None), m.Staff.start_date <= last),
            or_(m.Staff.end_date.is_(None), m.Staff.end_date >= first),
        )
        .order_by(m.Staff.name, m.Staff.id)
    ).all()
    if not coach_rows:
        return []
    ids = [row[0] for row in coach_rows]

    counts = weekly_contact_counts(session, ids, span, last)

    # Each coach's own job seekers on each Sunday: one column per week.
    seekers = {
        coach_id: [int(n) for n in per_week]
        for coach_id, *per_week in session.execute(
            select(
                m.Client.coach_id,
                *(
                    func.coalesce(func.sum(case((is_job_seeker_on(w.sunday), 1), else_=0)), 0)
                    for w in span
                ),
            )
            .where(
                m.Client.team_id == team_id,
                m.Client.coach_id.in_(ids),
                # active on some Sunday of the span
                m.Client.service_start <= span[-1].sunday,
                or_(m.Client.service_end.is_(None), m.Client.service_end >= span[0].sunday),
            )
            .group_by(m.Client.coach_id)
        ).all()
    }

    result = []
    for staff_id, name, start, end in coach_rows:
        own = seekers.get(staff_id, [0] * weeks)
        cells = []
        for index, w in enumerate(span):
            employed = (start is None or start <= w.sunday) and (end is None or end >= w.monday)
            target = contact_target(own[index]) if employed else 0
            cells.append((w.label, counts.get((staff_id, index), 0), target))
        result.append(CoachWeekCount(staff_id, name, tuple(cells)))
    return result


# ---------------------------------------------------------------- item 18: purpose mix
RELATIONSHIP = "relationship"  # item 18's valued contacts: needs, the service, strengths, interview
VACANCY_ONLY = "vacancy_only"  # asking about vacancies, or only handing in an application
OTHER = "other"  # in-work support, and contacts without a recorded purpose

PURPOSE_LEVELS: dict[str | None, str] = {
    EmployerContactPurpose.NEEDS.value: RELATIONSHIP,
    EmployerContactPurpose.SERVICE_INFO.value: RELATIONSHIP,
    EmployerContactPurpose.CLIENT_STRENGTHS.value: RELATIONSHIP,
    EmployerContactPurpose.INTERVIEW_REQUEST.value: RELATIONSHIP,
    EmployerContactPurpose.VACANCY_INQUIRY.value: VACANCY_ONLY,
    EmployerContactPurpose.APPLICATION_ONLY.value: VACANCY_ONLY,
    EmployerContactPurpose.IN_WORK_SUPPORT.value: OTHER,
    None: OTHER,
}


@dataclass(frozen=True)
class PurposeMix:
    purpose: str | None  # None: not recorded
    contacts: int
    share: float | None  # % of all the team's contacts in the window; None when there are none
    level: str  # RELATIONSHIP, VACANCY_ONLY or OTHER


def purpose_mix(session: Session, team_id: int, first: date, last: date) -> list[PurposeMix]:
    """Item 18: the team's employer contacts dated `first` … `last` (any staff member, face
    to face or not, naming a client or not) by purpose, with the % of all of them, every
    purpose in `EmployerContactPurpose` order (zero counts included) and "not recorded"
    (None) last. `level` groups them as item 18 values them: learning the employer's
    needs, presenting the service, a job seeker's strengths and asking for an interview
    build the relationship; asking about vacancies and only handing in applications are
    the low anchors; in-work support and unrecorded purposes are neither."""
    counts = {
        purpose: int(count)
        for purpose, count in session.execute(
            select(m.EmployerContact.purpose, func.count(m.EmployerContact.id))
            .join(m.Staff, m.Staff.id == m.EmployerContact.staff_id)
            .where(m.Staff.team_id == team_id, m.EmployerContact.date.between(first, last))
            .group_by(m.EmployerContact.purpose)
        ).all()
    }
    total = sum(counts.values())
    return [
        PurposeMix(purpose, counts.get(purpose, 0), percent(counts.get(purpose, 0), total), level)
        for purpose, level in PURPOSE_LEVELS.items()
    ]


# ------------------------------------------------------------ item 16: any window
def preference_share(session: Session, team_id: int, first: date, last: date) -> Measure:
    """Item 16 for the window `first` … `last`: `preference_based_contacts` itself, read on
    `last` over the window's length in days, so the definition is the same one."""
    if first > last:
        raise ValueError(f"window {first}..{last} ends before it starts")
    return preference_based_contacts(session, team_id, last, days=(last - first).days + 1)


# ----------------------------------------------------------------- employer register
@dataclass(frozen=True)
class EmployerRow:
    employer_id: int
    name: str
    industry: str | None
    last_contact: date | None  # the team's latest contact with the employer on or before `on`
    contacts: int  # the team's contacts with the employer up to `on`
    face_to_face: int  # of them face to face
    coaches: int  # distinct staff members of the team who made them (job finders too)
    jobs: int  # jobs with the employer of the team's clients, started on or before `on`
    days_since: int | None  # days from the last contact to `on`
    cold: bool  # no contact in the last `cold_days` days (or none at all)


def employer_register(
    session: Session, team_id: int, on: date, cold_days: int = COLD_DAYS
) -> list[EmployerRow]:
    """Every employer the team has been in touch with (an employer contact by one of its
    staff) or that has given one of its clients a job, as of `on`: nothing dated after
    `on` counts, so an employer known only from later records is not listed.

    An employer is `cold` when the team's last contact with it is before
    `on − (cold_days − 1)` – no contact in the last `cold_days` days, so 89 days ago is
    still warm and 90 days ago cold – or when there is no contact at all (an employer
    known only from a job). Sorted cold first, then by the last contact, oldest first
    (none at all before any), then by name."""
    contacts = (
        select(
            m.EmployerContact.employer_id.label("employer_id"),
            func.max(m.EmployerContact.date).label("last_contact"),
            func.count(m.EmployerContact.id).label("contacts"),
            func.sum(case((m.EmployerContact.face_to_face.is_(True), 1), else_=0)).label(
                "face_to_face"
            ),
            func.count(m.EmployerContact.staff_id.distinct()).label("coaches"),
        )
        .join(m.Staff, m.Staff.id == m.EmployerContact.staff_id)
        .where(m.Staff.team_id == team_id, m.EmployerContact.date <= on)
        .group_by(m.EmployerContact.employer_id)
        .subquery()
    )
    jobs = (
        select(m.Job.employer_id.label("employer_id"), func.count(m.Job.id).label("jobs"))
        .join(m.Client, m.Client.id == m.Job.client_id)
        .where(m.Client.team_id == team_id, m.Job.start_date <= on)
        .group_by(m.Job.employer_id)
        .subquery()
    )
    rows = session.execute(
        select(
            m.Employer.id,
            m.Employer.name,
            m.Employer.industry,
            contacts.c.last_contact,
            contacts.c.contacts,
            contacts.c.face_to_face,
            contacts.c.coaches,
            jobs.c.jobs,
        )
        .outerjoin(contacts, contacts.c.employer_id == m.Employer.id)
        .outerjoin(jobs, jobs.c.employer_id == m.Employer.id)
        .where(or_(contacts.c.employer_id.is_not(None), jobs.c.employer_id.is_not(None)))
    ).all()
    warm_from = on - timedelta(days=cold_days - 1)
    register = [
        EmployerRow(
            employer_id=employer_id,
            name=name,
            industry=industry,
            last_contact=last_contact,
            contacts=int(contact_count or 0),
            face_to_face=int(face_to_face or 0),
            coaches=int(coaches or 0),
            jobs=int(job_count or 0),
            days_since=None if last_contact is None else (on - last_contact).days,
            cold=last_contact is None or last_contact < warm_from,
        )
        for (
            employer_id,
            name,
            industry,
            last_contact,
            contact_count,
            face_to_face,
            coaches,
            job_count,
        ) in rows
    ]
    register.sort(
        key=lambda row: (
            not row.cold,
            row.last_contact or date.min,
            row.name.casefold(),
            row.employer_id,
        )
    )
    return register
