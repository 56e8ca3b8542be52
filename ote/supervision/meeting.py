"""The record of the weekly coaching-team supervision: who attended, the job tips shared and
the decisions made, each with an owner and a due date.

The meeting is a team meeting of kind `coaching_supervision` (one a day, as every meeting
kind). Decisions are numbered within their meeting. A decision stays open until it is marked
done or cancelled; open ones carry over, so each meeting opens with last meeting's decisions
and every older one still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import DecisionStatus, MeetingKind
from ote.models.base import TEXT_LENGTH
from ote.records import team_meetings
from ote.records.base import NotFound, Saved, exists_in_team, lock_team, owned
from ote.supervision.week import Week

SUPERVISION = MeetingKind.COACHING_SUPERVISION.value
OPEN = DecisionStatus.OPEN.value


@dataclass(frozen=True)
class Decision:
    id: int
    meeting_id: int
    meeting_date: date
    number: int
    text: str
    owner_id: int | None
    owner_name: str | None
    due_date: date | None
    status: str
    closed_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def overdue_on(self, day: date) -> bool:
        """Open and past its due date on `day`."""
        return self.is_open and self.due_date is not None and self.due_date < day


@dataclass(frozen=True)
class SupervisionMeeting:
    id: int
    date: date
    attendees: list[int]
    job_tips: str | None
    decisions: list[Decision]


def _decisions(session: Session, team_id: int, *where) -> list[Decision]:
    d, t = m.TeamMeetingDecision, m.TeamMeeting
    owner = aliased(m.Staff)
    rows = session.execute(
        select(
            d.id,
            d.meeting_id,
            t.date,
            d.number,
            d.text,
            d.owner_id,
            owner.name,
            d.due_date,
            d.status,
            d.closed_on,
        )
        .join(t, t.id == d.meeting_id)
        .outerjoin(owner, owner.id == d.owner_id)
        .where(t.team_id == team_id, *where)
        .order_by(t.date, d.meeting_id, d.number)
    )
    return [Decision(*row) for row in rows]


def meeting_of_week(session: Session, team_id: int, week: Week) -> SupervisionMeeting | None:
    """The team's coaching-team supervision in the week (the latest, should there be two)."""
    meeting = session.execute(
        select(m.TeamMeeting)
        .where(
            m.TeamMeeting.team_id == team_id,
            m.TeamMeeting.kind == SUPERVISION,
            m.TeamMeeting.date.between(week.monday, week.sunday),
        )
        .order_by(m.TeamMeeting.date.desc(), m.TeamMeeting.id.desc())
        .limit(1)
    ).scalar()
    if meeting is None:
        return None
    return SupervisionMeeting(
        id=meeting.id,
        date=meeting.date,
        attendees=team_meetings.attendee_ids(session, meeting.id),
        job_tips=meeting.job_tips,
        decisions=_decisions(session, team_id, m.TeamMeetingDecision.meeting_id == meeting.id),
    )


def previous_meeting_date(session: Session, team_id: int, before: date) -> date | None:
    """The date of the team's last coaching-team supervision before `before`."""
    return session.execute(
        select(func.max(m.TeamMeeting.date)).where(
            m.TeamMeeting.team_id == team_id,
            m.TeamMeeting.kind == SUPERVISION,
            m.TeamMeeting.date < before,
        )
    ).scalar()


def carried_over(session: Session, team_id: int, week: Week) -> list[Decision]:
    """What opens the week's meeting: every decision of the last supervision before the
    week, whatever its status now, and every decision of any earlier meeting (of any kind)
    that is still open. Oldest first."""
    last = previous_meeting_date(session, team_id, week.monday)
    t = m.TeamMeeting
    before_week = t.date < week.monday
    if last is None:
        return _decisions(session, team_id, before_week, m.TeamMeetingDecision.status == OPEN)
    of_last = (t.date == last) & (t.kind == SUPERVISION)
    return _decisions(
        session, team_id, before_week, or_(of_last, m.TeamMeetingDecision.status == OPEN)
    )


# ----------------------------------------------------------------------- writing
def _decision_problems(
    session: Session, team_id: int, index: int, values: dict[str, Any], meeting_date: date | None
) -> list[v.FieldError]:
    """A new decision's problems, each with the decision's `row` in the form in its params."""
    problems = v.required("decision_text", values.get("text"))
    problems += v.text("decision_text", values.get("text"), TEXT_LENGTH)
    owner = values.get("owner_id")
    if owner is not None and not exists_in_team(session, m.Staff, team_id, owner):
        problems.append(v.FieldError("owner_id", "not_in_team"))
    problems += v.not_before("due_date", values.get("due_date"), "date", meeting_date)
    return [v.FieldError(p.field, p.key, {**p.params, "row": index}, p.warning) for p in problems]


def save_meeting(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """Record the week's supervision: `date`, `attendees` (Staff ids), `job_tips` and the new
    `decisions` (each a dict of `text`, `owner_id`, `due_date`). When the team already has a
    supervision on that date, its attendees and job tips are replaced and the decisions are
    added after its own. Decisions without text are left out (a problem names a decision by
    its place in `decisions`, 1, 2, …, as `row`); nothing is written unless everything is
    right."""
    # (row, decision): the row is its place in the form, 1, 2, …, named in its problems.
    numbered = [
        (row, d)
        for row, d in enumerate(values.get("decisions") or [], start=1)
        if not v.is_blank(d.get("text"))
    ]
    with database.write() as session:
        lock_team(session, team_id)
        day = values.get("date")
        existing = None
        if isinstance(day, date):
            existing = session.execute(
                select(m.TeamMeeting).where(
                    m.TeamMeeting.team_id == team_id,
                    m.TeamMeeting.kind == SUPERVISION,
                    m.TeamMeeting.date == day,
                )
            ).scalar()
        # The meeting's own fields (its free-text `decisions` stays as it is).
        meeting_values = {
            "date": day,
            "kind": SUPERVISION,
            "attendees": values.get("attendees") or [],
            "job_tips": values.get("job_tips"),
        }
        problems = team_meetings.validate(
            session, team_id, meeting_values, today, existing.id if existing else None
        )
        for index, decision in numbered:
            problems += _decision_problems(session, team_id, index, decision, day)
        v.raise_if_errors(problems)
        if existing is None:
            existing = m.TeamMeeting(team_id=team_id, date=day, kind=SUPERVISION)
            session.add(existing)
        existing.job_tips = (values.get("job_tips") or "").strip() or None
        session.flush()
        team_meetings.set_attendees(session, existing.id, values.get("attendees") or [])
        number = session.execute(
            select(func.coalesce(func.max(m.TeamMeetingDecision.number), 0)).where(
                m.TeamMeetingDecision.meeting_id == existing.id
            )
        ).scalar_one()
        for _, decision in numbered:
            number += 1
            session.add(
                m.TeamMeetingDecision(
                    meeting_id=existing.id,
                    number=number,
                    text=decision["text"].strip(),
                    owner_id=decision.get("owner_id"),
                    due_date=decision.get("due_date"),
                )
            )
        return Saved(existing.id)


def set_decision_status(
    database: Database, team_id: int, decision_id: int, status: str, on: date
) -> Saved:
    """Mark a decision done or cancelled on `on` (its closing date), or open it again."""
    v.raise_if_errors(v.one_of("status", status, DecisionStatus))
    with database.write() as session:
        decision = session.get(m.TeamMeetingDecision, decision_id)
        if decision is None:
            raise NotFound(decision_id)
        meeting = owned(session, m.TeamMeeting, team_id, decision.meeting_id)
        v.raise_if_errors(v.not_before("closed_on", on, "date", meeting.date))
        decision.status = status
        decision.closed_on = None if status == OPEN else on
        return Saved(decision.id)
