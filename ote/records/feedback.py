"""Logging client feedback: a score 1–5 and an optional comment (result measure of the
modular model, seed 000). The comment is free text and is screened for identity codes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.records import rules
from ote.records.base import Saved, check_fields, must_belong, of_team, owned

FIELDS = ("date", "score", "comment")
COLUMNS = ["id", "date", "client_code", "score", "comment"]


def validate(session: Session, team_id: int, values: dict[str, Any], today: date):
    """Every problem with a feedback's values (the client as its id, reported as
    `client_code`, the interchange column)."""
    problems = check_fields("feedback", values, FIELDS)
    client_id = values.get("client_id")
    problems += v.required("client_code", client_id)
    problems += must_belong(session, "client_code", m.Client, team_id, client_id)
    problems += rules.happened(values, today)
    return problems


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    comment = values.get("comment")
    return {
        "date": values["date"],
        "client_id": values["client_id"],
        "score": int(values["score"]),
        "comment": comment.strip() if comment and comment.strip() else None,
    }


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    with database.write() as session:
        v.raise_if_errors(validate(session, team_id, values, today))
        feedback = m.Feedback(**_attributes(values))
        session.add(feedback)
        session.flush()
        return Saved(feedback.id)


def update(database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date):
    with database.write() as session:
        feedback = owned(session, m.Feedback, team_id, row_id)
        merged = {**feedback.model_dump(), **values}
        v.raise_if_errors(validate(session, team_id, merged, today))
        for name, value in _attributes(merged).items():
            setattr(feedback, name, value)
        return Saved(feedback.id)


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest feedback, newest first, for the list under the form."""
    query = of_team(
        m.Feedback,
        team_id,
        select(
            m.Feedback.id,
            m.Feedback.date,
            m.Client.code.label("client_code"),
            m.Feedback.score,
            m.Feedback.comment,
        ).select_from(m.Feedback),
    )
    query = query.order_by(m.Feedback.date.desc(), m.Feedback.id.desc()).limit(limit)
    rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)
