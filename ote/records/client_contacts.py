"""Logging client contacts (items 14, 16, 23, 24, 25): meetings, follow-along support,
outreach attempts and the rest, with place and minutes for community-based work.

A contact of kind vocational profile or job-search plan (that the client came to) also
records the plan's date among the client's plans (DOMAIN.md §3, items 14 and 16), in the
same transaction, unless the client already has that plan on that date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import PlanKind
from ote.records import rules
from ote.records.base import Saved, check_fields, exists_in_team, must_belong, of_team, owned

FIELDS = ("date", "kind", "face_to_face", "place", "minutes", "no_show")
PLAN_KINDS = frozenset(kind.value for kind in PlanKind)
DEFAULT_MINUTES = 60


def validate(session: Session, team_id: int, values: dict[str, Any], today: date):
    """Every problem with a client contact's values (ids for staff, client and job).

    The client is reported as `client_code`, the interchange column the form's choice is.
    """
    problems = check_fields("client_contacts", values, FIELDS)
    problems += v.required("staff_id", values.get("staff_id"))
    problems += must_belong(session, "staff_id", m.Staff, team_id, values.get("staff_id"))
    client_id = values.get("client_id")
    problems += v.required("client_code", client_id)
    problems += must_belong(session, "client_code", m.Client, team_id, client_id)
    problems += _job_problems(session, team_id, values.get("job_id"), client_id)
    problems += rules.happened(values, today)
    return problems


def _job_problems(
    session: Session, team_id: int, job_id: int | None, client_id: int | None
) -> list[v.FieldError]:
    """The job must be one of the team's, and the chosen client's."""
    if job_id is None:
        return []
    if not exists_in_team(session, m.Job, team_id, job_id):
        return [v.FieldError("job_id", "not_in_team")]
    job_key, job_client = session.execute(
        select(m.Job.key, m.Job.client_id).where(m.Job.id == job_id)
    ).one()
    if client_id is not None and job_client != client_id:
        return [v.FieldError("job_id", "job_of_other_client", {"value": job_key})]
    return []


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    minutes = values.get("minutes")
    face_to_face = values.get("face_to_face")
    return {
        "date": values["date"],
        "staff_id": values["staff_id"],
        "client_id": values["client_id"],
        "kind": values["kind"],
        "face_to_face": True if face_to_face is None else bool(face_to_face),
        "place": values.get("place") or None,
        "minutes": None if minutes is None else int(minutes),
        "job_id": values.get("job_id"),
        "no_show": bool(values.get("no_show") or False),
    }


def records_plan(values: dict[str, Any]) -> bool:
    """Whether saving these values also records a vocational profile / job-search plan."""
    return values.get("kind") in PLAN_KINDS and not values.get("no_show")


def _record_plan(session: Session, attributes: dict[str, Any]) -> int | None:
    """Add the client's plan of the contact's kind and date unless it is already there."""
    if not records_plan(attributes):
        return None
    # Two saves at once must not both add the plan: hold the client's row until commit
    # (PostgreSQL; on SQLite the write transaction began IMMEDIATE and is alone anyway).
    # FOR NO KEY UPDATE: it does not wait for the key-share locks that inserting rows
    # referring to the client take, so concurrent saves queue here instead of deadlocking.
    lock = select(m.Client.id).where(m.Client.id == attributes["client_id"])
    session.execute(lock.with_for_update(key_share=True))
    query = select(func.count()).where(
        m.ClientPlan.client_id == attributes["client_id"],
        m.ClientPlan.kind == attributes["kind"],
        m.ClientPlan.date == attributes["date"],
    )
    if session.execute(query).scalar_one():
        return None
    plan = m.ClientPlan(
        client_id=attributes["client_id"], kind=attributes["kind"], date=attributes["date"]
    )
    session.add(plan)
    session.flush()
    return plan.id


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """Save a new contact (and the plan it records, see the module's text)."""
    with database.write() as session:
        v.raise_if_errors(validate(session, team_id, values, today))
        attributes = _attributes(values)
        contact = m.ClientContact(**attributes)
        session.add(contact)
        session.flush()
        _record_plan(session, attributes)
        return Saved(contact.id)


def update(database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date):
    """Change a contact; if it now records a plan that the client lacks, the plan is added
    (a plan already recorded stays: it may have been updated since)."""
    with database.write() as session:
        contact = owned(session, m.ClientContact, team_id, row_id)
        merged = {**contact.model_dump(), **values}
        v.raise_if_errors(validate(session, team_id, merged, today))
        attributes = _attributes(merged)
        for name, value in attributes.items():
            setattr(contact, name, value)
        session.flush()
        _record_plan(session, attributes)
        return Saved(contact.id)


COLUMNS = [
    "id",
    "date",
    "staff_id",
    "client_code",
    "kind",
    "face_to_face",
    "place",
    "minutes",
    "no_show",
]


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest client contacts, newest first, for the list under the form."""
    query = of_team(
        m.ClientContact,
        team_id,
        select(
            m.ClientContact.id,
            m.ClientContact.date,
            m.ClientContact.staff_id,
            m.Client.code.label("client_code"),
            m.ClientContact.kind,
            m.ClientContact.face_to_face,
            m.ClientContact.place,
            m.ClientContact.minutes,
            m.ClientContact.no_show,
        ).select_from(m.ClientContact),
    )
    query = query.order_by(m.ClientContact.date.desc(), m.ClientContact.id.desc()).limit(limit)
    rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)
