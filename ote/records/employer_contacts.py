"""Logging employer contacts (items 15–18): the coach's quickest record."""

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
from ote.records.base import (
    Saved,
    check_fields,
    key_prefix,
    lock_team,
    must_belong,
    next_key,
    of_team,
    owned,
)

FIELDS = ("date", "face_to_face", "preference_based", "purpose", "outcome", "job_tip")


def validate(session: Session, team_id: int, values: dict[str, Any], today: date):
    """Every problem with an employer contact's values (ids for staff, employer, client)."""
    problems = check_fields("employer_contacts", values, FIELDS)
    problems += v.required("staff_id", values.get("staff_id"))
    problems += must_belong(session, "staff_id", m.Staff, team_id, values.get("staff_id"))
    problems += must_belong(session, "client_id", m.Client, team_id, values.get("client_id"))
    if values.get("employer_id") is None and not (values.get("new_employer") or "").strip():
        problems += v.required("employer_id", None)
    problems += v.text("employer_id", values.get("new_employer"), 200)
    problems += rules.happened(values, today)
    return problems


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    named = values.get("client_id") is not None
    return {
        "date": values["date"],
        "staff_id": values["staff_id"],
        "employer_id": values["employer_id"],
        "face_to_face": bool(values.get("face_to_face", True)),
        "client_id": values.get("client_id"),
        "preference_based": values.get("preference_based") if named else None,
        "purpose": values.get("purpose"),
        "outcome": values.get("outcome"),
        "job_tip": values.get("job_tip") or None,
    }


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """Save a new contact; with `new_employer` (a name) the employer is added too."""
    with database.write() as session:
        v.raise_if_errors(validate(session, team_id, values, today))
        values = dict(values)
        if values.get("employer_id") is None:
            values["employer_id"] = add_employer(session, team_id, values["new_employer"])
        contact = m.EmployerContact(**_attributes(values))
        session.add(contact)
        session.flush()
        return Saved(contact.id)


def add_employer(session: Session, team_id: int, name: str) -> int:
    """A new employer typed on a form, with a key of the team's series (TEAM-E0001)."""
    team = lock_team(session, team_id)
    key = next_key(session, m.Employer, key_prefix(team.key, "E"))
    employer = m.Employer(key=key, name=name.strip())
    session.add(employer)
    session.flush()
    return employer.id


def update(database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date):
    with database.write() as session:
        contact = owned(session, m.EmployerContact, team_id, row_id)
        merged = {**contact.model_dump(), **values}
        v.raise_if_errors(validate(session, team_id, merged, today))
        for name, value in _attributes(merged).items():
            setattr(contact, name, value)
        return Saved(contact.id)


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest contacts, newest first, for the list under the form."""
    query = of_team(
        m.EmployerContact,
        team_id,
        select(
            m.EmployerContact.id,
            m.EmployerContact.date,
            m.EmployerContact.staff_id,
            m.Employer.name.label("employer"),
            m.Client.code.label("client_code"),
            m.EmployerContact.face_to_face,
            m.EmployerContact.preference_based,
            m.EmployerContact.purpose,
            m.EmployerContact.outcome,
            m.EmployerContact.job_tip,
        ).select_from(m.EmployerContact),
    )
    query = (
        query.join(m.Employer, m.Employer.id == m.EmployerContact.employer_id)
        .outerjoin(m.Client, m.Client.id == m.EmployerContact.client_id)
        .order_by(m.EmployerContact.date.desc(), m.EmployerContact.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).mappings().all()
    columns = [
        "id",
        "date",
        "staff_id",
        "employer",
        "client_code",
        "face_to_face",
        "preference_based",
        "purpose",
        "outcome",
        "job_tip",
    ]
    return pd.DataFrame([dict(row) for row in rows], columns=columns)
