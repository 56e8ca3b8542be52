"""Law-based coaching periods (seed 004; Act on organising employment services ch. 6 § 53).

A period lasts 2 weeks to 4 months; at most two consecutive periods; at most 8 months of
periods within 12 months. These date rules give WARNINGS (the record is still saved: the
team may need to log what actually happened); an end before the start is an error. The
result is reached when at least two of the listed goals are met or concrete next steps are
set; a period that has ended without either gets a warning too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import case, delete, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import CoachingGoal, Framing
from ote.formatting import format_date
from ote.metrics.law_periods import Period
from ote.metrics.population import is_active_on
from ote.records import rules
from ote.records.base import Saved, check_fields, must_belong, of_team, owned

FIELDS = (
    "start_date",
    "end_date",
    "start_notice_on",
    "end_notice_on",
    "feedback",
    "next_steps_set",
    "goals",
)
GOALS_FOR_RESULT = 2


def validate(
    session: Session,
    team_id: int,
    values: dict[str, Any],
    today: date,
    period_id: int | None = None,
) -> list[v.FieldError]:
    """Every problem (errors, then the law's warnings) with a period's values."""
    problems = check_fields("coaching_periods", values, FIELDS)
    problems += v.required("client_code", values.get("client_id"))
    problems += must_belong(session, "client_code", m.Client, team_id, values.get("client_id"))
    problems += rules.coaching_period(values)
    problems += rules.happened(values, today, "start_notice_on")
    problems += rules.happened(values, today, "end_notice_on")
    if v.only_errors(problems):
        return problems
    problems += _duplicate(session, values, period_id)
    if v.only_errors(problems):
        return problems
    others = other_periods(session, values["client_id"], period_id)
    problems += rules.law_period_warnings(others, Period(values["start_date"], values["end_date"]))
    problems += result_warnings(values, today)
    return problems


def _duplicate(
    session: Session, values: dict[str, Any], period_id: int | None
) -> list[v.FieldError]:
    """A client's periods are told apart by their start date (as in the interchange)."""
    query = select(m.CoachingPeriod.id).where(
        m.CoachingPeriod.client_id == values["client_id"],
        m.CoachingPeriod.start_date == values["start_date"],
    )
    if period_id is not None:
        query = query.where(m.CoachingPeriod.id != period_id)
    if session.execute(query.limit(1)).scalar() is None:
        return []
    return [
        v.FieldError("start_date", "period_duplicate", {"date": format_date(values["start_date"])})
    ]


def other_periods(session: Session, client_id: int, period_id: int | None) -> list[Period]:
    """The client's periods other than `period_id`."""
    query = select(
        m.CoachingPeriod.start_date, m.CoachingPeriod.end_date, m.CoachingPeriod.id
    ).where(m.CoachingPeriod.client_id == client_id)
    if period_id is not None:
        query = query.where(m.CoachingPeriod.id != period_id)
    return [Period(start, end, row_id) for start, end, row_id in session.execute(query)]


def result_warnings(values: dict[str, Any], today: date) -> list[v.FieldError]:
    """A period that has ended should show its result: at least two goals reached or
    concrete next steps set (seed 004, "Mikä on palvelun haluttu tulos?")."""
    end = values.get("end_date")
    if end is None or end > today or values.get("next_steps_set"):
        return []
    reached = len(set(values.get("goals") or []))
    if reached >= GOALS_FOR_RESULT:
        return []
    return [
        v.FieldError(
            "goals",
            "law_result_missing",
            {"count": reached, "needed": GOALS_FOR_RESULT},
            warning=True,
        )
    ]


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "client_id": values["client_id"],
        "start_date": values["start_date"],
        "end_date": values["end_date"],
        "start_notice_on": values.get("start_notice_on"),
        "end_notice_on": values.get("end_notice_on"),
        "feedback": values.get("feedback") or None,
        "next_steps_set": bool(values.get("next_steps_set")),
    }


def _set_goals(session: Session, period_id: int, goals: list[str] | None) -> None:
    session.execute(delete(m.CoachingPeriodGoal).where(m.CoachingPeriodGoal.period_id == period_id))
    for goal in sorted(set(goals or [])):
        session.add(m.CoachingPeriodGoal(period_id=period_id, goal=goal))


def goals_of(session: Session, period_id: int) -> list[str]:
    rows = session.execute(
        select(m.CoachingPeriodGoal.goal)
        .where(m.CoachingPeriodGoal.period_id == period_id)
        .order_by(m.CoachingPeriodGoal.goal)
    )
    return list(rows.scalars())


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A new period with the goals it reached; the law's warnings come back with it."""
    with database.write() as session:
        warnings = v.raise_if_errors(validate(session, team_id, values, today))
        period = m.CoachingPeriod(**_attributes(values))
        session.add(period)
        session.flush()
        _set_goals(session, period.id, values.get("goals"))
        session.flush()
        return Saved(period.id, warnings)


def update(
    database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change a period; its goals change only when `goals` is among the values."""
    with database.write() as session:
        period = owned(session, m.CoachingPeriod, team_id, row_id)
        merged = {**period.model_dump(), "goals": goals_of(session, period.id), **values}
        warnings = v.raise_if_errors(validate(session, team_id, merged, today, period.id))
        for name, value in _attributes(merged).items():
            setattr(period, name, value)
        if "goals" in values:
            _set_goals(session, period.id, values["goals"])
        session.flush()
        return Saved(period.id, warnings)


@dataclass(frozen=True)
class ClientChoice:
    id: int
    code: str
    law: bool  # the client's service is framed as a law-based coaching period


def clients_law_first(session: Session, team_id: int, on: date) -> list[ClientChoice]:
    """The team's active clients on `on`: those framed as law-based first, then by code."""
    law = m.Client.framing == Framing.LAW.value
    rows = session.execute(
        select(m.Client.id, m.Client.code, law)
        .where(m.Client.team_id == team_id, is_active_on(on))
        .order_by(case((law, 0), else_=1), m.Client.code)
    )
    return [ClientChoice(row_id, code, bool(is_law)) for row_id, code, is_law in rows]


COLUMNS = [
    "id",
    "client_code",
    "start_date",
    "end_date",
    "start_notice_on",
    "end_notice_on",
    "feedback",
    "next_steps_set",
    "goals",
]


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest periods (by start date), with the goals each reached (codes)."""
    query = of_team(
        m.CoachingPeriod,
        team_id,
        select(
            m.CoachingPeriod.id,
            m.Client.code.label("client_code"),
            m.CoachingPeriod.start_date,
            m.CoachingPeriod.end_date,
            m.CoachingPeriod.start_notice_on,
            m.CoachingPeriod.end_notice_on,
            m.CoachingPeriod.feedback,
            m.CoachingPeriod.next_steps_set,
        ).select_from(m.CoachingPeriod),
    )
    query = query.order_by(m.CoachingPeriod.start_date.desc(), m.CoachingPeriod.id.desc())
    rows = [dict(row) for row in session.execute(query.limit(limit)).mappings()]
    ids = [row["id"] for row in rows]
    reached: dict[int, list[str]] = {row_id: [] for row_id in ids}
    if ids:
        order = {goal.value: number for number, goal in enumerate(CoachingGoal)}
        for period_id, goal in session.execute(
            select(m.CoachingPeriodGoal.period_id, m.CoachingPeriodGoal.goal).where(
                m.CoachingPeriodGoal.period_id.in_(ids)
            )
        ):
            reached[period_id].append(goal)
        for goals in reached.values():
            goals.sort(key=lambda goal: order.get(goal, len(order)))
    for row in rows:
        row["goals"] = reached[row["id"]]
    return pd.DataFrame(rows, columns=COLUMNS)
