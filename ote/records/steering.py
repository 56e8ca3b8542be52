"""Steering-group actions (item 11): created from a fidelity item that needs work, and
listed beside the items they are linked to."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import ActionStatus
from ote.records.base import Saved, check_fields, key_prefix, lock_team, next_key

FIELDS = ("title", "owner", "due_date", "fidelity_items")


def validate(values: dict[str, Any], today: date) -> list[v.FieldError]:
    problems = check_fields("steering_actions", values, FIELDS)
    problems += v.not_before("due_date", values.get("due_date"), "created_on", today)
    return problems


def create_action(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A planned action with a title, owner and due date, linked to fidelity items
    (`fidelity_items`, 1–25), created today with a key of the team's series (TEAM-A0001)."""
    values = {**values, "title": (values.get("title") or "").strip() or None}
    v.raise_if_errors(validate(values, today))
    with database.write() as session:
        team = lock_team(session, team_id)
        action = m.SteeringAction(
            key=next_key(session, m.SteeringAction, key_prefix(team.key, "A")),
            team_id=team_id,
            title=values["title"],
            status=ActionStatus.PLANNED.value,
            owner=(values.get("owner") or "").strip() or None,
            created_on=today,
            due_date=values.get("due_date"),
        )
        session.add(action)
        session.flush()
        for item in sorted(set(values.get("fidelity_items") or [])):
            session.add(m.SteeringActionItem(action_id=action.id, item=item))
        return Saved(action.id)


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
