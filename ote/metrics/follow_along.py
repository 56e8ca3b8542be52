"""Follow-along support that does not end at a fixed date (item 23): the face-to-face
checkpoints around each job, and the contact after a job ends."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months, add_working_days
from ote.enums import ClientContactKind
from ote.metrics.base import Measure, days_window, percent
from ote.metrics.law_periods import NOT_A_MEETING

KEPT = 80.0  # % of jobs at which a checkpoint counts as kept for the suggestion
NOT_THE_CLIENT = frozenset(
    {ClientContactKind.FAMILY_CONTACT.value, ClientContactKind.PARTNER_CONTACT.value}
)
CHECKPOINTS = ("before_start", "after_start", "weekly", "monthly", "after_end")


@dataclass
class Checkpoint:
    applicable: int = 0
    met: int = 0

    @property
    def share(self) -> float | None:
        return percent(self.met, self.applicable)


@dataclass(frozen=True)
class JobFollowAlong:
    job_id: int
    client_id: int
    start: date
    end: date | None
    # None: not applicable (yet) for this job; True/False: met or missed.
    before_start: bool | None
    after_start: bool | None
    weekly: bool | None
    monthly: bool | None
    after_end: bool | None


@dataclass
class FollowAlong:
    checkpoints: dict[str, Checkpoint] = field(
        default_factory=lambda: {name: Checkpoint() for name in CHECKPOINTS}
    )
    jobs: list[JobFollowAlong] = field(default_factory=list)
    seen_after_first_month: Checkpoint = field(default_factory=Checkpoint)
    seen_after_four_months: Checkpoint = field(default_factory=Checkpoint)
    reason: str | None = None  # why the suggested score is what it is: metrics.follow_along.*


def _in(dates: list[date], first: date, last: date) -> bool:
    """Whether the sorted `dates` hold one in [first, last]."""
    index = bisect.bisect_left(dates, first)
    return index < len(dates) and dates[index] <= last


def follow_along(session: Session, team_id: int, as_of: date, days: int = 365) -> Measure:
    """Item 23 – follow-along timing. For each job of the team's clients that started in the
    last `days` days, the face-to-face contacts with the client (not a no-show; not an
    outreach attempt, family or partner contact) on or before `as_of`, checked at:

    - *before start*: one within the 7 days before the start (start − 7 … start − 1);
    - *after start*: one within 3 days from the start (start … start + 3), once that is over;
    - *weekly*: one in each of the first four weeks (start + 7(k − 1) … start + 7k − 1), once
      the four weeks are over and if the job lasted through them;
    - *monthly*: one in each calendar month of the first year counted from the start, for the
      months over by `as_of` during which the job still went on;
    - *after end*: for each job of the team's clients that ended in the window while the
      client was in service, a contact with the client – any kind but a family or partner
      contact, face to face or not, not a no-show – on the end day or within the 3 working
      days after it (Finnish public holidays excluded), once those days are over.

    Shown as % of the jobs to which each checkpoint applies; `value` is the % of all
    applicable checkpoints met. Suggested (the assessors score): 5 when the before-start,
    after-start, weekly and monthly checkpoints have each applied to some job and are kept for
    ≥ 80 % of their jobs, and so is after-end where a job ended; 4 when the weekly and monthly
    ones have and are; 3 when at least half
    of the jobs started four months ago or more had a face-to-face contact four months or
    more after the start; 2 when some job had one after its first month; 1 when none did.
    `details` holds the checkpoints, each job's results and the reason for the suggestion.
    """
    first, last = days_window(as_of, days)
    jobs = session.execute(
        select(m.Job.id, m.Job.client_id, m.Job.start_date, m.Job.end_date, m.Client.service_end)
        .join(m.Client, m.Client.id == m.Job.client_id)
        .where(
            m.Client.team_id == team_id,
            or_(m.Job.start_date.between(first, last), m.Job.end_date.between(first, last)),
        )
        .order_by(m.Job.start_date, m.Job.id)
    ).all()
    met_dates, any_dates = _contact_dates(session, jobs, as_of)
    result = FollowAlong()
    checkpoints = result.checkpoints
    for job_id, client_id, start, end, service_end in jobs:
        met = met_dates.get(client_id, [])
        started_in_window = first <= start <= last
        outcome = {name: None for name in CHECKPOINTS}
        if started_in_window:
            outcome["before_start"] = _in(met, start - timedelta(days=7), start - timedelta(days=1))
            if start + timedelta(days=3) <= as_of:
                outcome["after_start"] = _in(met, start, start + timedelta(days=3))
            fourth_week_end = start + timedelta(days=27)
            if fourth_week_end <= as_of and (end is None or end >= fourth_week_end):
                outcome["weekly"] = all(
                    _in(met, start + timedelta(days=7 * k), start + timedelta(days=7 * k + 6))
                    for k in range(4)
                )
            months = []
            for number in range(12):
                month_first = add_months(start, number)
                month_last = add_months(start, number + 1) - timedelta(days=1)
                if month_last > as_of or (end is not None and end < month_last):
                    break
                months.append(_in(met, month_first, month_last))
            if months:
                outcome["monthly"] = all(months)
            _seen_after(result.seen_after_first_month, met, start, end, as_of, 1)
            _seen_after(result.seen_after_four_months, met, start, end, as_of, 4)
        if end is not None and first <= end <= last and (service_end is None or service_end >= end):
            deadline = add_working_days(end, 3)
            if deadline <= as_of:
                outcome["after_end"] = _in(any_dates.get(client_id, []), end, deadline)
        for name, kept in outcome.items():
            if kept is not None:
                checkpoints[name].applicable += 1
                checkpoints[name].met += int(kept)
        result.jobs.append(JobFollowAlong(job_id, client_id, start, end, **outcome))
    applicable = sum(c.applicable for c in checkpoints.values())
    met_total = sum(c.met for c in checkpoints.values())
    started = sum(1 for job in result.jobs if first <= job.start <= last)
    score, result.reason = _suggest(result) if started else (None, None)
    return Measure(
        key="follow_along",
        item="23",
        value=percent(met_total, applicable),
        unit="% of checkpoints met",
        n=started,
        first=first,
        last=last,
        suggested_score=score,
        details=result,
        basis_params={"jobs": started, "checkpoints": applicable, "met": met_total},
    )


def _contact_dates(session: Session, jobs, as_of: date):
    """Per client, the sorted dates of face-to-face meetings, and of contacts with the client
    (any way, outreach attempts too, but not family or partner contacts)."""
    clients = sorted({row[1] for row in jobs})
    met: dict[int, list[date]] = defaultdict(list)
    any_contact: dict[int, list[date]] = defaultdict(list)
    if not clients:
        return met, any_contact
    earliest = min(row[2] for row in jobs) - timedelta(days=7)
    for first in range(0, len(clients), 500):
        chunk = clients[first : first + 500]
        rows = session.execute(
            select(
                m.ClientContact.client_id,
                m.ClientContact.date,
                m.ClientContact.face_to_face,
                m.ClientContact.kind,
            ).where(
                m.ClientContact.client_id.in_(chunk),
                m.ClientContact.no_show.is_(False),
                m.ClientContact.date.between(earliest, as_of),
            )
        )
        for client_id, day, face_to_face, kind in rows:
            if kind not in NOT_THE_CLIENT:
                any_contact[client_id].append(day)
            if face_to_face and kind not in NOT_A_MEETING:
                met[client_id].append(day)
    for dates in (*met.values(), *any_contact.values()):
        dates.sort()
    return met, any_contact


def _seen_after(
    counter: Checkpoint, met: list[date], start: date, end: date | None, as_of: date, months: int
) -> None:
    """Jobs started at least `months` months before `as_of` and still going on then: was the
    client met face to face on or after that point (up to the job's end)?"""
    point = add_months(start, months)
    if point > as_of or (end is not None and end < point):
        return
    counter.applicable += 1
    counter.met += int(_in(met, point, min(as_of, end) if end else as_of))


def _suggest(result: FollowAlong) -> tuple[int, str]:
    shares = {name: c.share for name, c in result.checkpoints.items()}

    def kept(*names: str) -> bool:
        """Every named checkpoint applied to some job and was kept for ≥ 80 % of them."""
        return all(shares[name] is not None and shares[name] >= KEPT for name in names)

    after_end = shares["after_end"]
    if kept("before_start", "after_start", "weekly", "monthly") and (
        after_end is None or after_end >= KEPT
    ):
        return 5, "all_kept"
    if kept("weekly", "monthly"):
        return 4, "weekly_monthly_kept"
    four = result.seen_after_four_months
    if four.applicable and four.met * 2 >= four.applicable:
        return 3, "half_after_four_months"
    if result.seen_after_first_month.met:
        return 2, "some_after_first_month"
    return 1, "none_after_first_month"
