"""One client's history as a timeline: every dated event in the records, newest first.

The timeline is shown on screens, so its events carry codes, dates, numbers, flags and the
names of staff and employers, but never the records' free text (plan notes, module results
and next resources, feedback comments, employer contacts' job tips): that stays on the
record pages. The short end reasons of a service and of a job are shown (the interchange
format allows any text there, but they are a reason, not a note).

Kinds of event (`KINDS`), each on the date named, with its `params`:

- `referral` (referral_date): source_name, source_kind, attached
- `service_start` (service_start): framing
- `service_end` (service_end): end_reason
- `module_start` (start_date), `module_end` (end_date): episode_id, module
- `module_assessed` (assessed_on): episode_id, module, decision, client_took_part,
  provider_took_part, purchaser_took_part
- `period_start` (start_date): period_id, start, end, days (period_days), start_notice_on
- `period_end` (end_date): period_id, start, end, days, end_notice_on, feedback,
  next_steps_set, goals (the goals reached, a sorted tuple)
- `client_contact` (date): contact_id, kind, face_to_face, place, minutes, no_show, staff_name
- `employer_contact` (date): contact_id, staff_name, employer_name, face_to_face,
  preference_based, purpose, outcome
- `job_start` (start_date): job_id, title, job_type, employer_name, competitive, permanent,
  hours_per_week
- `job_end` (end_date): job_id, title, job_type, employer_name, end_reason
- `feedback` (date): feedback_id, score
- `plan` (date): plan_id, kind, first (the first of its kind, drawn up; later ones are updates)

Planned dates are events too (a coaching period's end may lie after today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote.metrics.law_periods import Period, period_days
from ote.records.base import NotFound

KINDS = (
    "referral",
    "service_start",
    "service_end",
    "module_start",
    "module_end",
    "module_assessed",
    "period_start",
    "period_end",
    "client_contact",
    "employer_contact",
    "job_start",
    "job_end",
    "feedback",
    "plan",
)
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class ClientSummary:
    client_id: int
    code: str
    coach_name: str | None
    framing: str
    referral_date: date
    source_name: str
    service_start: date | None
    service_end: date | None
    end_reason: str | None


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    kind: str  # one of KINDS
    params: dict[str, Any]  # what a UI line needs; never free text (see the module docstring)


def client_timeline(
    session: Session, team_id: int, code: str
) -> tuple[ClientSummary, list[TimelineEvent]]:
    """The client of `code` in team `team_id` (NotFound otherwise, also when only another
    team has that code) and every dated event of the client, newest first. Events of one
    day go in the reverse order of `KINDS` (a plan above feedback … a start above the
    referral), events of one day and kind newest row (highest id) first.

    Employer contacts are those naming the client made by the team's own staff. One query
    for the client and one per kind of record (modules, periods and their goals, client
    contacts, employer contacts, jobs, feedback, plans)."""
    summary, source_kind, attached = _summary(session, team_id, code)
    client_id = summary.client_id
    found: list[tuple[date, str, int, dict[str, Any]]] = []

    def add(day: date | None, event_kind: str, row_id: int, /, **params: Any) -> None:
        if day is not None:
            found.append((day, event_kind, row_id, params))

    add(
        summary.referral_date,
        "referral",
        client_id,
        source_name=summary.source_name,
        source_kind=source_kind,
        attached=attached,
    )
    add(summary.service_start, "service_start", client_id, framing=summary.framing)
    add(summary.service_end, "service_end", client_id, end_reason=summary.end_reason)
    _modules(session, client_id, add)
    _periods(session, client_id, add)
    _client_contacts(session, client_id, add)
    _employer_contacts(session, team_id, client_id, add)
    _jobs(session, client_id, add)
    _feedback(session, client_id, add)
    _plans(session, client_id, add)
    found.sort(key=lambda event: (event[0], _RANK[event[1]], event[2]), reverse=True)
    return summary, [TimelineEvent(day, kind, params) for day, kind, _, params in found]


def _summary(session: Session, team_id: int, code: str) -> tuple[ClientSummary, str, bool]:
    row = session.execute(
        select(
            m.Client.id,
            m.Client.code,
            m.Staff.name,
            m.Client.framing,
            m.Client.referral_date,
            m.ReferralSource.name,
            m.Client.service_start,
            m.Client.service_end,
            m.Client.end_reason,
            m.ReferralSource.kind,
            m.ReferralSource.attached,
        )
        .join(m.ReferralSource, m.ReferralSource.id == m.Client.source_id)
        .outerjoin(m.Staff, m.Staff.id == m.Client.coach_id)
        .where(m.Client.team_id == team_id, m.Client.code == code)
    ).one_or_none()
    if row is None:
        raise NotFound(f"client {code}")
    *fields, source_kind, attached = row
    return ClientSummary(*fields), source_kind, bool(attached)


def _modules(session: Session, client_id: int, add) -> None:
    episode = m.ModuleEpisode
    rows = session.execute(
        select(
            episode.id,
            episode.module,
            episode.start_date,
            episode.end_date,
            episode.assessed_on,
            episode.decision,
            episode.client_took_part,
            episode.provider_took_part,
            episode.purchaser_took_part,
        ).where(episode.client_id == client_id)
    ).all()
    for row_id, module, start, end, assessed, decision, by_client, by_provider, by_buyer in rows:
        add(start, "module_start", row_id, episode_id=row_id, module=module)
        add(end, "module_end", row_id, episode_id=row_id, module=module)
        add(
            assessed,
            "module_assessed",
            row_id,
            episode_id=row_id,
            module=module,
            decision=decision,
            client_took_part=by_client,
            provider_took_part=by_provider,
            purchaser_took_part=by_buyer,
        )


def _periods(session: Session, client_id: int, add) -> None:
    period = m.CoachingPeriod
    rows = session.execute(
        select(
            period.id,
            period.start_date,
            period.end_date,
            period.start_notice_on,
            period.end_notice_on,
            period.feedback,
            period.next_steps_set,
        ).where(period.client_id == client_id)
    ).all()
    if not rows:
        return
    goals: dict[int, list[str]] = {row_id: [] for row_id, *_ in rows}
    for period_id, goal in session.execute(
        select(m.CoachingPeriodGoal.period_id, m.CoachingPeriodGoal.goal)
        .join(period, period.id == m.CoachingPeriodGoal.period_id)
        .where(period.client_id == client_id)
    ):
        goals[period_id].append(goal)
    for row_id, start, end, start_notice, end_notice, feedback, next_steps in rows:
        common = {
            "period_id": row_id,
            "start": start,
            "end": end,
            "days": period_days(Period(start, end, row_id)),
        }
        add(start, "period_start", row_id, **common, start_notice_on=start_notice)
        add(
            end,
            "period_end",
            row_id,
            **common,
            end_notice_on=end_notice,
            feedback=feedback,
            next_steps_set=next_steps,
            goals=tuple(sorted(goals[row_id])),
        )


def _client_contacts(session: Session, client_id: int, add) -> None:
    contact = m.ClientContact
    rows = session.execute(
        select(
            contact.id,
            contact.date,
            contact.kind,
            contact.face_to_face,
            contact.place,
            contact.minutes,
            contact.no_show,
            m.Staff.name,
        )
        .outerjoin(m.Staff, m.Staff.id == contact.staff_id)
        .where(contact.client_id == client_id)
    ).all()
    for row_id, day, kind, face_to_face, place, minutes, no_show, staff_name in rows:
        add(
            day,
            "client_contact",
            row_id,
            contact_id=row_id,
            kind=kind,
            face_to_face=face_to_face,
            place=place,
            minutes=minutes,
            no_show=no_show,
            staff_name=staff_name,
        )


def _employer_contacts(session: Session, team_id: int, client_id: int, add) -> None:
    contact = m.EmployerContact
    rows = session.execute(
        select(
            contact.id,
            contact.date,
            m.Staff.name,
            m.Employer.name,
            contact.face_to_face,
            contact.preference_based,
            contact.purpose,
            contact.outcome,
        )
        .join(m.Staff, m.Staff.id == contact.staff_id)
        .join(m.Employer, m.Employer.id == contact.employer_id)
        .where(contact.client_id == client_id, m.Staff.team_id == team_id)
    ).all()
    for row_id, day, staff_name, employer_name, face_to_face, preference, purpose, outcome in rows:
        add(
            day,
            "employer_contact",
            row_id,
            contact_id=row_id,
            staff_name=staff_name,
            employer_name=employer_name,
            face_to_face=face_to_face,
            preference_based=preference,
            purpose=purpose,
            outcome=outcome,
        )


def _jobs(session: Session, client_id: int, add) -> None:
    job = m.Job
    rows = session.execute(
        select(
            job.id,
            job.title,
            job.job_type,
            m.Employer.name,
            job.start_date,
            job.end_date,
            job.end_reason,
            job.competitive,
            job.permanent,
            job.hours_per_week,
        )
        .join(m.Employer, m.Employer.id == job.employer_id)
        .where(job.client_id == client_id)
    ).all()
    for row_id, title, job_type, employer, start, end, reason, *kept in rows:
        competitive, permanent, hours = kept
        common = {"job_id": row_id, "title": title, "job_type": job_type, "employer_name": employer}
        add(
            start,
            "job_start",
            row_id,
            **common,
            competitive=competitive,
            permanent=permanent,
            hours_per_week=hours,
        )
        add(end, "job_end", row_id, **common, end_reason=reason)


def _feedback(session: Session, client_id: int, add) -> None:
    rows = session.execute(
        select(m.Feedback.id, m.Feedback.date, m.Feedback.score).where(
            m.Feedback.client_id == client_id
        )
    ).all()
    for row_id, day, score in rows:
        add(day, "feedback", row_id, feedback_id=row_id, score=score)


def _plans(session: Session, client_id: int, add) -> None:
    rows = session.execute(
        select(m.ClientPlan.id, m.ClientPlan.kind, m.ClientPlan.date)
        .where(m.ClientPlan.client_id == client_id)
        .order_by(m.ClientPlan.date, m.ClientPlan.id)
    ).all()
    seen: set[str] = set()
    for row_id, kind, day in rows:
        add(day, "plan", row_id, plan_id=row_id, kind=kind, first=kind not in seen)
        seen.add(kind)
