"""What every record service shares: field checks from the interchange column spec (so a
form refuses what an import refuses), team ownership of rows, new keys, deleting.

Services take values named as the interchange columns, with references as database ids
(`staff_id` is a Staff.id here, not a key), check everything before writing, and raise
`ValidationFailed` with every problem; a save writes in one short transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.interchange.format import BY_NAME, ColumnType
from ote.interchange.parsing import QUARTER
from ote.models.base import KEY_LENGTH

C = ColumnType


@dataclass(frozen=True)
class Saved:
    id: int
    warnings: list[v.FieldError] = field(default_factory=list)


class NotFound(LookupError):
    """The row does not exist, or belongs to another team."""


def check_fields(
    file_name: str, values: dict[str, Any], names: Iterable[str]
) -> list[v.FieldError]:
    """Single-field checks of `names` by the column spec of the interchange file."""
    spec = BY_NAME[file_name]
    problems: list[v.FieldError] = []
    for name in names:
        column = spec.column(name)
        value = values.get(name)
        if v.is_blank(value) or value == []:
            if column.required:
                problems.extend(v.required(name, value))
            continue
        kind = column.type
        if kind in (C.TEXT, C.KEY):
            problems.extend(v.text(name, value, column.max_length))
        elif kind == C.CLIENT:
            problems.extend(v.client_code(name, value))
        elif kind == C.ENUM:
            problems.extend(v.one_of(name, value, column.choices))
        elif kind == C.ENUM_LIST:
            for item in value:
                problems.extend(v.one_of(name, item, column.choices))
        elif kind in (C.DECIMAL, C.INT):
            if kind == C.INT and v.whole_number(name, value):
                problems.extend(v.whole_number(name, value))
                continue
            low = column.low if column.low is not None else float("-inf")
            high = column.high if column.high is not None else float("inf")
            problems.extend(v.in_range(name, value, low, high))
        elif kind == C.INT_LIST:
            for item in value:
                problems.extend(v.in_range(name, item, column.low or 0, column.high or 0))
        elif kind == C.QUARTER and not QUARTER.match(value):
            problems.append(v.FieldError(name, "not_a_quarter", {"value": value}))
    return problems


# Which team a row belongs to: through which table, and that table's team column.
_TEAM_PATH = {
    m.Team: None,
    m.Staff: (),
    m.ReferralSource: (),
    m.Client: (),
    m.TeamMeeting: (),
    m.SteeringMeeting: (),
    m.SteeringAction: (),
    m.QuarterlyGoal: (),
    m.FidelityAssessment: (),
    m.EmployerContact: ((m.Staff, m.Staff.id == m.EmployerContact.staff_id),),
    m.ClientContact: ((m.Client, m.Client.id == m.ClientContact.client_id),),
    m.Job: ((m.Client, m.Client.id == m.Job.client_id),),
    m.ModuleEpisode: ((m.Client, m.Client.id == m.ModuleEpisode.client_id),),
    m.CoachingPeriod: ((m.Client, m.Client.id == m.CoachingPeriod.client_id),),
    m.ClientPlan: ((m.Client, m.Client.id == m.ClientPlan.client_id),),
    m.Feedback: ((m.Client, m.Client.id == m.Feedback.client_id),),
}


def of_team(model, team_id: int, query=None):
    """`query` (default: select the model) limited to the rows of one team."""
    query = select(model) if query is None else query
    path = _TEAM_PATH[model]
    if path is None:
        return query.where(model.id == team_id)
    owner = model
    for table, condition in path:
        query = query.join(table, condition)
        owner = table
    return query.where(owner.team_id == team_id)


def owned(session: Session, model, team_id: int, row_id: int):
    """The row `row_id` of `model` if it belongs to the team; NotFound otherwise."""
    found = session.execute(of_team(model, team_id).where(model.id == row_id)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"{model.__tablename__} {row_id}")
    return found


def delete_owned(session: Session, model, team_id: int, row_ids: Iterable[int]) -> int:
    """Delete the given rows of the team (children go by ON DELETE CASCADE); how many."""
    ids = sorted(set(row_ids))
    if not ids:
        return 0
    mine = session.execute(of_team(model, team_id, select(model.id)).where(model.id.in_(ids)))
    found = [row_id for (row_id,) in mine]
    if len(found) != len(ids):
        raise NotFound(f"{model.__tablename__}: {sorted(set(ids) - set(found))}")
    session.execute(delete(model).where(model.id.in_(found)))
    return len(found)


def delete_rows(database, model, team_id: int, row_ids: Iterable[int]) -> int:
    """Delete rows of the team in one transaction (what a page's delete button does)."""
    with database.write() as session:
        return delete_owned(session, model, team_id, row_ids)


KEY_DIGITS = 4  # TEAM-S0001


def lock_team(session: Session, team_id: int) -> m.Team:
    """The team's row, locked to the end of the transaction; NotFound if there is none.

    Saves that make a new key of the team's series (next_key) or check a one-per-team rule
    take this first, so two people saving at once on PostgreSQL take turns (on SQLite,
    BEGIN IMMEDIATE already makes writes take turns).
    """
    team = session.execute(
        select(m.Team).where(m.Team.id == team_id).with_for_update()
    ).scalar_one_or_none()
    if team is None:
        raise NotFound(f"team {team_id}")
    return team


def key_prefix(team_key: str, letter: str) -> str:
    """`TEAM-S`: the prefix of a team's series of keys, short enough that `prefix0001`
    fits the key column even for a team key of the full length."""
    room = KEY_LENGTH - KEY_DIGITS - 2
    return f"{team_key[:room]}-{letter}"


def next_key(session: Session, model, prefix: str) -> str:
    """A new key `<prefix><n>` one past the highest number used after that prefix
    (hold `lock_team` so that no one else takes the same one meanwhile)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    keys = session.execute(select(model.key).where(model.key.like(f"{prefix}%"))).scalars()
    numbers = [int(match.group(1)) for key in keys if (match := pattern.match(key))]
    return f"{prefix}{max(numbers, default=0) + 1:0{KEY_DIGITS}d}"


def exists_in_team(session: Session, model, team_id: int, row_id: int | None) -> bool:
    if row_id is None:
        return False
    query = of_team(model, team_id, select(func.count()).select_from(model))
    query = query.where(model.id == row_id)
    return session.execute(query).scalar_one() == 1


def must_belong(
    session: Session, name: str, model, team_id: int, row_id: int | None
) -> list[v.FieldError]:
    """A reference chosen on a form must be one of the team's rows."""
    if row_id is None or exists_in_team(session, model, team_id, row_id):
        return []
    return [v.FieldError(name, "not_in_team")]
