"""Team meetings (items 5.1, 6, 7 and 8.2): the weekly coaching-team supervision, the
multi-professional team meetings and the partner meetings, with who attended, the job tips
shared and the decisions made.

A team has at most one meeting of a kind on a date: the import matches meetings by exactly
(team, date, kind), so a second one would be merged into the first there. Values are named
as the interchange columns; `attendees` is a list of Staff ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.formatting import format_date
from ote.records import rules
from ote.records.base import (
    Saved,
    check_fields,
    exists_in_team,
    lock_team,
    of_team,
    owned,
)

FIELDS = ("date", "kind", "job_tips", "decisions")
COLUMNS = ["id", "date", "kind", "attendees", "job_tips", "decisions"]


def validate(
    session: Session,
    team_id: int,
    values: dict[str, Any],
    today: date,
    row_id: int | None = None,
) -> list[v.FieldError]:
    """Every problem with a meeting's values; `row_id` when an existing meeting is changed."""
    problems = check_fields("team_meetings", values, FIELDS)
    problems += rules.happened(values, today)
    attendees = values.get("attendees") or []
    if any(not exists_in_team(session, m.Staff, team_id, staff_id) for staff_id in attendees):
        problems.append(v.FieldError("attendees", "not_in_team"))
    day, kind = values.get("date"), values.get("kind")
    if isinstance(day, date) and kind and not any(p.field == "kind" for p in problems):
        query = select(func.count()).where(
            m.TeamMeeting.team_id == team_id, m.TeamMeeting.date == day, m.TeamMeeting.kind == kind
        )
        if row_id is not None:
            query = query.where(m.TeamMeeting.id != row_id)
        if session.execute(query).scalar_one():
            problems.append(v.FieldError("date", "team_meeting_exists", {"date": format_date(day)}))
    return problems


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else value


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": values["date"],
        "kind": values["kind"],
        "job_tips": _text(values.get("job_tips")),
        "decisions": _text(values.get("decisions")),
    }


def set_attendees(session: Session, meeting_id: int, attendees: list[int]) -> None:
    session.execute(
        delete(m.TeamMeetingAttendee).where(m.TeamMeetingAttendee.meeting_id == meeting_id)
    )
    session.add_all(
        m.TeamMeetingAttendee(meeting_id=meeting_id, staff_id=staff_id)
        for staff_id in sorted(set(attendees))
    )


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """Save a new meeting with its attendees."""
    with database.write() as session:
        lock_team(session, team_id)
        v.raise_if_errors(validate(session, team_id, values, today))
        meeting = m.TeamMeeting(team_id=team_id, **_attributes(values))
        session.add(meeting)
        session.flush()
        set_attendees(session, meeting.id, values.get("attendees") or [])
        return Saved(meeting.id)


def attendee_ids(session: Session, meeting_id: int) -> list[int]:
    return list(
        session.execute(
            select(m.TeamMeetingAttendee.staff_id)
            .where(m.TeamMeetingAttendee.meeting_id == meeting_id)
            .order_by(m.TeamMeetingAttendee.staff_id)
        ).scalars()
    )


def update(
    database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change a meeting; its attendees are replaced only when `attendees` is given."""
    with database.write() as session:
        lock_team(session, team_id)
        meeting = owned(session, m.TeamMeeting, team_id, row_id)
        merged = {
            **meeting.model_dump(),
            "attendees": attendee_ids(session, row_id),
            **values,
        }
        v.raise_if_errors(validate(session, team_id, merged, today, row_id))
        for name, value in _attributes(merged).items():
            setattr(meeting, name, value)
        if "attendees" in values:
            set_attendees(session, row_id, values["attendees"] or [])
        return Saved(meeting.id)


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest meetings, newest first; attendees as names, by name."""
    query = (
        of_team(
            m.TeamMeeting,
            team_id,
            select(
                m.TeamMeeting.id,
                m.TeamMeeting.date,
                m.TeamMeeting.kind,
                m.TeamMeeting.job_tips,
                m.TeamMeeting.decisions,
            ),
        )
        .order_by(m.TeamMeeting.date.desc(), m.TeamMeeting.id.desc())
        .limit(limit)
    )
    rows = [dict(row) for row in session.execute(query).mappings()]
    present: dict[int, list[str]] = {row["id"]: [] for row in rows}
    if present:
        names = session.execute(
            select(m.TeamMeetingAttendee.meeting_id, m.Staff.name)
            .join(m.Staff, m.Staff.id == m.TeamMeetingAttendee.staff_id)
            .where(m.TeamMeetingAttendee.meeting_id.in_(list(present)))
            .order_by(m.Staff.name, m.Staff.id)
        )
        for meeting_id, name in names:
            present[meeting_id].append(name)
    for row in rows:
        row["attendees"] = ", ".join(present[row["id"]])
    return pd.DataFrame(rows, columns=COLUMNS)
