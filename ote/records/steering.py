"""Steering-group meetings and actions (items 11.3, 8.5 and 11): meetings with their
participants and notes; actions created from a fidelity item that needs work, followed
through their status with dated progress notes, and listed beside the items they are linked
to and the items' scores in the final assessments since.

Values are named as the interchange columns (`steering_meetings`, `steering_actions`,
`steering_action_notes`); `meeting_id` is a SteeringMeeting.id here, not a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import and_, case, delete, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import ActionStatus, AssessmentStatus
from ote.records import rules
from ote.records.base import (
    Saved,
    check_fields,
    key_prefix,
    lock_team,
    must_belong,
    next_key,
    owned,
)

FIELDS = ("title", "owner", "due_date", "fidelity_items")
ACTION_FIELDS = ("title", "status", "owner", "fidelity_items", "due_date", "done_on")
MEETING_FIELDS = ("date", "participants", "notes")
OPEN = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value)


def _text(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


# ---------------------------------------------------------------------- meetings
def validate_meeting(values: dict[str, Any], today: date) -> list[v.FieldError]:
    """A meeting has a date, not in the future; its texts are screened."""
    return check_fields("steering_meetings", values, MEETING_FIELDS) + rules.happened(values, today)


def _meeting_attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _text(values.get(name)) for name in MEETING_FIELDS}


def create_meeting(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A steering-group meeting (`date`, `participants`, `notes`) with a key of the team's
    series (TEAM-M0001)."""
    values = _meeting_attributes(values)
    v.raise_if_errors(validate_meeting(values, today))
    with database.write() as session:
        team = lock_team(session, team_id)
        meeting = m.SteeringMeeting(
            key=next_key(session, m.SteeringMeeting, key_prefix(team.key, "M")),
            team_id=team_id,
            **values,
        )
        session.add(meeting)
        session.flush()
        return Saved(meeting.id)


def update_meeting(
    database: Database, team_id: int, meeting_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change a meeting's date, participants or notes (those given); the key stays."""
    with database.write() as session:
        meeting = owned(session, m.SteeringMeeting, team_id, meeting_id)
        current = {name: getattr(meeting, name) for name in MEETING_FIELDS}
        merged = _meeting_attributes(
            current | {k: val for k, val in values.items() if k in MEETING_FIELDS}
        )
        v.raise_if_errors(validate_meeting(merged, today))
        for name, value in merged.items():
            setattr(meeting, name, value)
        return Saved(meeting.id)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    key: str
    date: date
    participants: str | None
    notes: str | None
    actions: int  # actions decided in the meeting (their meeting_id)


def meetings(session: Session, team_id: int) -> list[MeetingRow]:
    """The team's steering-group meetings, newest first, with how many actions each decided."""
    decided = (
        select(func.count(m.SteeringAction.id))
        .where(m.SteeringAction.meeting_id == m.SteeringMeeting.id)
        .correlate(m.SteeringMeeting)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            m.SteeringMeeting.id,
            m.SteeringMeeting.key,
            m.SteeringMeeting.date,
            m.SteeringMeeting.participants,
            m.SteeringMeeting.notes,
            decided,
        )
        .where(m.SteeringMeeting.team_id == team_id)
        .order_by(m.SteeringMeeting.date.desc(), m.SteeringMeeting.id.desc())
    )
    return [MeetingRow(*row[:5], int(row[5])) for row in rows]


# ----------------------------------------------------------------------- actions
def validate(values: dict[str, Any], today: date) -> list[v.FieldError]:
    problems = check_fields("steering_actions", values, FIELDS)
    problems += v.not_before("due_date", values.get("due_date"), "created_on", today)
    return problems


def _set_items(session: Session, action_id: int, items) -> None:
    session.execute(delete(m.SteeringActionItem).where(m.SteeringActionItem.action_id == action_id))
    session.add_all(
        m.SteeringActionItem(action_id=action_id, item=item) for item in sorted(set(items or []))
    )


def create_action(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A planned action with a title, owner and due date, linked to fidelity items
    (`fidelity_items`, 1–25) and optionally to the meeting that decided it (`meeting_id`),
    created today with a key of the team's series (TEAM-A0001)."""
    values = {**values, "title": (values.get("title") or "").strip() or None}
    meeting_id = values.get("meeting_id")
    with database.write() as session:
        team = lock_team(session, team_id)
        problems = validate(values, today)
        problems += must_belong(session, "meeting_id", m.SteeringMeeting, team_id, meeting_id)
        v.raise_if_errors(problems)
        action = m.SteeringAction(
            key=next_key(session, m.SteeringAction, key_prefix(team.key, "A")),
            team_id=team_id,
            title=values["title"],
            status=ActionStatus.PLANNED.value,
            owner=(values.get("owner") or "").strip() or None,
            created_on=today,
            due_date=values.get("due_date"),
            meeting_id=meeting_id,
        )
        session.add(action)
        session.flush()
        _set_items(session, action.id, values.get("fidelity_items"))
        return Saved(action.id)


def _item_numbers(session: Session, action_id: int) -> list[int]:
    return list(
        session.execute(
            select(m.SteeringActionItem.item)
            .where(m.SteeringActionItem.action_id == action_id)
            .order_by(m.SteeringActionItem.item)
        ).scalars()
    )


def update_action(
    database: Database, team_id: int, action_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change an action: those of `title`, `owner`, `due_date`, `status`, `fidelity_items`
    (replacing the links), `meeting_id` and `done_on` that are given.

    Marking it done records `done_on` = today unless a date is given (an action already done
    keeps its date); any other status clears `done_on`. The due and done dates are not before
    the day it was created, and it is not done in the future.
    """
    with database.write() as session:
        action = owned(session, m.SteeringAction, team_id, action_id)
        merged = {
            "title": action.title,
            "owner": action.owner,
            "due_date": action.due_date,
            "status": action.status,
            "meeting_id": action.meeting_id,
            "created_on": action.created_on,
            "fidelity_items": _item_numbers(session, action_id),
            **{k: val for k, val in values.items() if k in (*ACTION_FIELDS, "meeting_id")},
        }
        merged["title"], merged["owner"] = _text(merged["title"]), _text(merged["owner"])
        if merged["status"] != ActionStatus.DONE.value:
            merged["done_on"] = None
        elif values.get("done_on") is None:
            was_done = action.status == ActionStatus.DONE.value
            merged["done_on"] = action.done_on if was_done else today
        problems = check_fields("steering_actions", merged, ACTION_FIELDS)
        problems += rules.steering_action(merged)
        problems += v.not_future("done_on", merged["done_on"], today)
        problems += must_belong(
            session, "meeting_id", m.SteeringMeeting, team_id, merged["meeting_id"]
        )
        v.raise_if_errors(problems)
        for name in ("title", "owner", "due_date", "status", "done_on", "meeting_id"):
            setattr(action, name, merged[name])
        if "fidelity_items" in values:
            _set_items(session, action_id, values["fidelity_items"])
        return Saved(action.id)


def add_note(database: Database, team_id: int, action_id: int, text: str | None, today: date):
    """A progress note on an action, dated today (the text is required and screened)."""
    with database.write() as session:
        owned(session, m.SteeringAction, team_id, action_id)
        values = {"action_id": action_id, "date": today, "text": _text(text)}
        v.raise_if_errors(check_fields("steering_action_notes", values, ("date", "text")))
        note = m.SteeringActionNote(**values)
        session.add(note)
        session.flush()
        return Saved(note.id)


class LinkedAction(NamedTuple):
    key: str
    title: str
    owner: str | None
    due_date: date | None
    status: str


def actions_by_item(session: Session, team_id: int) -> dict[int, list[LinkedAction]]:
    """The team's actions per linked fidelity item, newest first (one query for all items)."""
    rows = session.execute(
        select(
            m.SteeringActionItem.item,
            m.SteeringAction.key,
            m.SteeringAction.title,
            m.SteeringAction.owner,
            m.SteeringAction.due_date,
            m.SteeringAction.status,
        )
        .join(m.SteeringActionItem, m.SteeringActionItem.action_id == m.SteeringAction.id)
        .where(m.SteeringAction.team_id == team_id)
        .order_by(m.SteeringAction.created_on.desc(), m.SteeringAction.id.desc())
    )
    by_item: dict[int, list[LinkedAction]] = {}
    for item, *action in rows:
        by_item.setdefault(item, []).append(LinkedAction(*action))
    return by_item


@dataclass(frozen=True)
class ItemScore:
    item: int
    date: date  # of the final assessment; before the action's created_on for the baseline
    score: int | None


@dataclass(frozen=True)
class ActionRow:
    id: int
    key: str
    title: str
    status: str
    owner: str | None
    created_on: date | None
    due_date: date | None
    done_on: date | None
    meeting_key: str | None
    items: tuple[int, ...]
    notes: tuple[tuple[date, str], ...]  # (date, text), newest first
    overdue: bool  # planned or in progress, and due before the day asked about
    # The linked items' scores in the team's final assessments: the latest before the
    # action was created (the baseline, dated before created_on), then every one dated on or
    # after it; oldest first. Empty when the action has no created_on.
    scores: tuple[ItemScore, ...]


def _is_overdue(status: str, due_date: date | None, on: date) -> bool:
    return status in OPEN and due_date is not None and due_date < on


def _order(row: ActionRow) -> tuple:
    """Overdue (oldest due first), open by due date (none last), done (newest done first, no
    date last), cancelled (newest first)."""
    if row.overdue:
        return (0, row.due_date.toordinal(), row.id)
    if row.status in OPEN:
        due = row.due_date.toordinal() if row.due_date else date.max.toordinal() + 1
        return (1, due, row.id)
    if row.status == ActionStatus.DONE.value:
        done = -row.done_on.toordinal() if row.done_on else 1
        return (2, done, -row.id)
    created = -row.created_on.toordinal() if row.created_on else 1
    return (3, created, -row.id)


def _scores(session: Session, team_id: int) -> dict[int, list[ItemScore]]:
    """Per action, its linked items' scores in the baseline and later final assessments
    (one query: the baseline is the latest final assessment before the action was created)."""
    action, link = m.SteeringAction, m.SteeringActionItem
    assessment, score = m.FidelityAssessment, m.FidelityItemScore
    earlier = aliased(m.FidelityAssessment)
    baseline = (
        select(earlier.id)
        .where(
            earlier.team_id == team_id,
            earlier.status == AssessmentStatus.FINAL.value,
            earlier.date < action.created_on,
        )
        .order_by(earlier.date.desc(), earlier.id.desc())
        .limit(1)
        .correlate(action)
        .scalar_subquery()
    )
    rows = session.execute(
        select(link.action_id, link.item, assessment.date, score.score)
        .join(action, action.id == link.action_id)
        .join(
            assessment,
            and_(
                assessment.team_id == action.team_id,
                assessment.status == AssessmentStatus.FINAL.value,
            ),
        )
        .join(score, and_(score.assessment_id == assessment.id, score.item == link.item))
        .where(
            action.team_id == team_id,
            action.created_on.is_not(None),
            or_(assessment.date >= action.created_on, assessment.id == baseline),
        )
        .order_by(link.action_id, assessment.date, assessment.id, link.item)
    )
    found: dict[int, list[ItemScore]] = {}
    for action_id, item, day, value in rows:
        found.setdefault(action_id, []).append(ItemScore(item, day, value))
    return found


def actions(session: Session, team_id: int, on: date) -> list[ActionRow]:
    """Every action of the team as of `on`: overdue first (oldest due first), then planned and
    in progress by due date (no due date last), then done (newest done first), then cancelled
    (newest first). Four queries in all, whatever the number of actions."""
    action, meeting = m.SteeringAction, m.SteeringMeeting
    rows = session.execute(
        select(
            action.id,
            action.key,
            action.title,
            action.status,
            action.owner,
            action.created_on,
            action.due_date,
            action.done_on,
            meeting.key,
        )
        .outerjoin(meeting, meeting.id == action.meeting_id)
        .where(action.team_id == team_id)
    ).all()
    items: dict[int, list[int]] = {}
    for action_id, item in session.execute(
        select(m.SteeringActionItem.action_id, m.SteeringActionItem.item)
        .join(action, action.id == m.SteeringActionItem.action_id)
        .where(action.team_id == team_id)
        .order_by(m.SteeringActionItem.action_id, m.SteeringActionItem.item)
    ):
        items.setdefault(action_id, []).append(item)
    notes: dict[int, list[tuple[date, str]]] = {}
    note = m.SteeringActionNote
    for action_id, day, text in session.execute(
        select(note.action_id, note.date, note.text)
        .join(action, action.id == note.action_id)
        .where(action.team_id == team_id)
        .order_by(note.action_id, note.date.desc(), note.id.desc())
    ):
        notes.setdefault(action_id, []).append((day, text))
    scores = _scores(session, team_id)
    result = [
        ActionRow(
            *row[:9],
            items=tuple(items.get(row[0], ())),
            notes=tuple(notes.get(row[0], ())),
            overdue=_is_overdue(row[3], row[6], on),
            scores=tuple(scores.get(row[0], ())),
        )
        for row in rows
    ]
    return sorted(result, key=_order)


def status_counts(session: Session, team_id: int, on: date) -> dict[str, int]:
    """How many of the team's actions are planned, in progress, done and cancelled, and how
    many of the open ones are overdue on `on` (one query)."""
    action = m.SteeringAction
    overdue = case(
        (and_(action.status.in_(OPEN), action.due_date < on), 1),
        else_=0,
    )
    counts = {status.value: 0 for status in ActionStatus} | {"overdue": 0}
    for status, count, late in session.execute(
        select(action.status, func.count(action.id), func.sum(overdue))
        .where(action.team_id == team_id)
        .group_by(action.status)
    ):
        counts[status] = int(count)
        counts["overdue"] += int(late or 0)
    return counts
