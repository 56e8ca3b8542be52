"""The per-coach figures of the weekly coaching-team supervision (items 7 and 8.2).

For the week on the screen, each coach's caseload (item 1), job seekers, face-to-face
employer contacts naming a job seeker against the weekly target (item 17), the last eight
weeks of those contacts, and the jobs of the coach's own clients that started or ended.

The week is read on its reference day (`Week.reference_day`): its Sunday once it is over,
today while it runs, its Monday if it lies ahead. Counts "during the week" run from the
Monday to that day, so a week in progress shows what has happened so far. Everything is
counted in SQL with grouped counts: four queries whatever the number of coaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.enums import StaffRole
from ote.metrics.caseload import CASELOAD_LIMIT
from ote.metrics.employer_contacts import FEW_JOB_SEEKERS, TARGET_PER_WEEK, weekly_contact_counts
from ote.metrics.population import is_active_on, is_job_seeker_on
from ote.supervision.week import Week

TREND_WEEKS = 8  # the trend shows this week and the 7 before it


@dataclass(frozen=True)
class CoachWeek:
    """One coach's row of the supervision table for one week."""

    staff_id: int
    name: str
    fte: float
    active_clients: int  # own clients (Client.coach_id) active on the reference day
    caseload_limit: float  # 20 × FTE (item 1: at most 20 clients for a full-time coach)
    over_limit: bool  # active_clients > caseload_limit
    job_seekers: int  # own clients active and without a job on the reference day
    employer_contacts: int  # face to face, naming a job seeker, Monday … reference day
    target: int  # 6, or 2 × job_seekers below 3 job seekers (0 job seekers → 0)
    target_met: bool  # employer_contacts >= target
    trend: tuple[tuple[str, int], ...]  # (week label, contacts), 8 weeks, oldest first
    job_starts: int  # jobs of own clients starting Monday … reference day
    job_ends: int  # jobs of own clients ending Monday … reference day


@dataclass(frozen=True)
class TeamWeek:
    """The team's totals row of the supervision table."""

    coaches: int
    active_clients: int
    job_seekers: int
    employer_contacts: int
    job_starts: int
    job_ends: int
    coaches_over_limit: int
    coaches_meeting_target: int
    trend: tuple[tuple[str, int], ...]  # the coaches' contacts summed per week


def contact_target(job_seekers: int) -> int:
    """Item 17's weekly target of face-to-face employer contacts naming a job seeker: 6, or
    2 × job seekers for a coach with fewer than 3 job seekers – so 2 job seekers → 4,
    1 → 2, and a coach with no job seekers at all has a target of 0 (always met)."""
    if job_seekers < FEW_JOB_SEEKERS:
        return 2 * job_seekers
    return int(TARGET_PER_WEEK)


def coach_week(session: Session, team_id: int, week: Week, today: date) -> list[CoachWeek]:
    """The supervision figures of `week` for each coach of the team, sorted by name.

    Coaches are the team's staff with role `coach` employed at some time during the week
    (start empty or ≤ Sunday, end empty or ≥ Monday): a coach who joined or left mid-week
    is shown. Job finders and other roles are not: the caseload limit and the contact
    target (items 1 and 17) are defined for coaches, and item 17 does not count a job
    finder's contacts either.

    The day the week is read on is `day = week.reference_day(today)`:

    - `active_clients`: the coach's own clients (`Client.coach_id`) active on `day`;
      `caseload_limit` is 20 × the coach's FTE, so `over_limit` (more active clients than
      that) agrees with item 1's flag of a coach whose clients ÷ FTE exceed 20;
    - `job_seekers`: own clients active and without a job on `day`;
    - `employer_contacts`: the coach's face-to-face employer contacts naming a job seeker
      (a client active and without a job on the contact's date: item 17's definition)
      dated Monday … `day`;
    - `target`: 6, or 2 × `job_seekers` when the coach has fewer than 3 job seekers
      (item 17); 0 job seekers → target 0, which is always met. `target_met` compares
      the contacts so far, so a week in progress may not have met it yet;
    - `trend`: the same contact count for the last 8 ISO weeks ending with this one,
      oldest first, as (week label, count); earlier weeks whole, this week up to `day`
      (the last pair is `employer_contacts`);
    - `job_starts`, `job_ends`: jobs of the coach's own clients with a start (end) date in
      Monday … `day`.

    Clients and jobs belong to the coach the client is assigned to now.
    """
    day = week.reference_day(today)
    coach_rows = session.execute(
        select(m.Staff.id, m.Staff.name, m.Staff.fte)
        .where(
            m.Staff.team_id == team_id,
            m.Staff.role == StaffRole.COACH.value,
            or_(m.Staff.start_date.is_(None), m.Staff.start_date <= week.sunday),
            or_(m.Staff.end_date.is_(None), m.Staff.end_date >= week.monday),
        )
        .order_by(m.Staff.name, m.Staff.id)
    ).all()
    if not coach_rows:
        return []
    ids = [staff_id for staff_id, _, _ in coach_rows]

    clients = _client_counts(session, team_id, ids, day)
    trends = _contact_trends(session, ids, week, day)
    jobs = _job_changes(session, team_id, ids, week.monday, day)

    rows = []
    for staff_id, name, fte in coach_rows:
        active, seekers = clients.get(staff_id, (0, 0))
        trend = trends[staff_id]
        contacts = trend[-1][1]
        limit = CASELOAD_LIMIT * fte
        target = contact_target(seekers)
        starts, ends = jobs.get(staff_id, (0, 0))
        rows.append(
            CoachWeek(
                staff_id=staff_id,
                name=name,
                fte=fte,
                active_clients=active,
                caseload_limit=limit,
                over_limit=active > limit,
                job_seekers=seekers,
                employer_contacts=contacts,
                target=target,
                target_met=contacts >= target,
                trend=trend,
                job_starts=starts,
                job_ends=ends,
            )
        )
    return rows


def team_week(coaches: list[CoachWeek]) -> TeamWeek:
    """The team's totals row: sums over the coaches of `coach_week`, the number of coaches,
    of coaches over the caseload limit and of coaches meeting the contact target, and the
    contacts per week of the trend summed over the coaches."""
    trend: tuple[tuple[str, int], ...] = ()
    if coaches:
        labels = [label for label, _ in coaches[0].trend]
        trend = tuple(
            (label, sum(coach.trend[i][1] for coach in coaches)) for i, label in enumerate(labels)
        )
    return TeamWeek(
        coaches=len(coaches),
        active_clients=sum(c.active_clients for c in coaches),
        job_seekers=sum(c.job_seekers for c in coaches),
        employer_contacts=sum(c.employer_contacts for c in coaches),
        job_starts=sum(c.job_starts for c in coaches),
        job_ends=sum(c.job_ends for c in coaches),
        coaches_over_limit=sum(1 for c in coaches if c.over_limit),
        coaches_meeting_target=sum(1 for c in coaches if c.target_met),
        trend=trend,
    )


def _client_counts(
    session: Session, team_id: int, ids: list[int], day: date
) -> dict[int, tuple[int, int]]:
    """coach id → (own clients active on `day`, of them job seekers on `day`)."""
    rows = session.execute(
        select(
            m.Client.coach_id,
            func.count(m.Client.id),
            func.coalesce(func.sum(case((is_job_seeker_on(day), 1), else_=0)), 0),
        )
        .where(m.Client.team_id == team_id, m.Client.coach_id.in_(ids), is_active_on(day))
        .group_by(m.Client.coach_id)
    ).all()
    return {coach_id: (int(active), int(seekers)) for coach_id, active, seekers in rows}


def _contact_trends(
    session: Session, ids: list[int], week: Week, day: date
) -> dict[int, tuple[tuple[str, int], ...]]:
    """coach id → (week label, counted contacts) for the TREND_WEEKS weeks up to `week`,
    the last one counted up to `day` (`weekly_contact_counts`: one grouped query)."""
    weeks = [week.shifted(n - (TREND_WEEKS - 1)) for n in range(TREND_WEEKS)]
    counts = weekly_contact_counts(session, ids, weeks, day)
    return {
        staff_id: tuple((w.label, counts.get((staff_id, i), 0)) for i, w in enumerate(weeks))
        for staff_id in ids
    }


def _job_changes(
    session: Session, team_id: int, ids: list[int], first: date, last: date
) -> dict[int, tuple[int, int]]:
    """coach id → (jobs of own clients starting, ending) in `first` … `last`."""
    starts = m.Job.start_date.between(first, last)
    ends = m.Job.end_date.between(first, last)
    rows = session.execute(
        select(
            m.Client.coach_id,
            func.coalesce(func.sum(case((starts, 1), else_=0)), 0),
            func.coalesce(func.sum(case((ends, 1), else_=0)), 0),
        )
        .select_from(m.Job)
        .join(m.Client, m.Client.id == m.Job.client_id)
        .where(m.Client.team_id == team_id, m.Client.coach_id.in_(ids), or_(starts, ends))
        .group_by(m.Client.coach_id)
    ).all()
    return {coach_id: (int(started), int(ended)) for coach_id, started, ended in rows}
