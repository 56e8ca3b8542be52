"""Jobs clients hold (items 19–21, 23): the start, the end, and edits.

Values are named as the interchange columns of `jobs.csv`, with database ids for the
client (`client_id`, reported on the form as the client code) and the employer; a new
employer typed on the form comes as `new_employer` (a name) and is added with the job.
A job's start may be in the future (an agreed start); its end may not be before the start.
"""

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
    NotFound,
    Saved,
    check_fields,
    key_prefix,
    lock_team,
    must_belong,
    next_key,
    of_team,
    owned,
)
from ote.records.employer_contacts import add_employer

FIELDS = (
    "title",
    "job_type",
    "start_date",
    "end_date",
    "end_reason",
    "competitive",
    "permanent",
    "hours_per_week",
)
TEXTS = ("title", "job_type", "end_reason", "new_employer")
COLUMNS = [
    "id",
    "client_code",
    "employer",
    "title",
    "job_type",
    "start_date",
    "end_date",
    "end_reason",
    "competitive",
    "permanent",
    "hours_per_week",
]
# Keys of new rows are "one past the highest"; two saves at once could pick the same one.
# On PostgreSQL a save locks its team's row first, so the team's saves take turns (SQLite's
# BEGIN IMMEDIATE already serialises writers). A save elsewhere that adds an employer without
# that lock may still clash: then the transaction is rolled back and run again.


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for name in TEXTS:
        if isinstance(values.get(name), str):
            values[name] = values[name].strip() or None
    return values


def validate(session: Session, team_id: int, values: dict[str, Any]) -> list[v.FieldError]:
    """Every problem with a job's values (ids for the client and the employer)."""
    problems = check_fields("jobs", values, FIELDS)
    problems += v.required("client_code", values.get("client_id"))
    problems += must_belong(session, "client_code", m.Client, team_id, values.get("client_id"))
    employer_id = values.get("employer_id")
    if employer_id is None and not values.get("new_employer"):
        problems += v.required("employer_id", None)
    elif employer_id is not None and session.get(m.Employer, employer_id) is None:
        problems.append(v.FieldError("employer_id", "not_in_team"))
    problems += v.text("employer_id", values.get("new_employer"), 200)
    problems += rules.job(values)
    return problems


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    hours = values.get("hours_per_week")
    return {
        "client_id": values["client_id"],
        "employer_id": values["employer_id"],
        "title": values["title"],
        "job_type": values["job_type"],
        "start_date": values["start_date"],
        "end_date": values.get("end_date"),
        "end_reason": values.get("end_reason") or None,
        "competitive": bool(values["competitive"]),
        "permanent": bool(values["permanent"]),
        "hours_per_week": float(hours) if hours is not None else None,
    }


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """Save a new job with a key of the team's series (TEAM-J0001); `today` is not used
    for a rule (a job may start in the future) but kept for the services' common shape."""
    del today
    values = _clean(values)
    with database.write() as session:
        v.raise_if_errors(validate(session, team_id, values))
        team = lock_team(session, team_id)
        attributes = dict(values)
        if attributes.get("employer_id") is None:
            attributes["employer_id"] = add_employer(session, team_id, attributes["new_employer"])
        job = m.Job(
            key=next_key(session, m.Job, key_prefix(team.key, "J")), **_attributes(attributes)
        )
        session.add(job)
        session.flush()
        return Saved(job.id)


def _values_of(job: m.Job) -> dict[str, Any]:
    return job.model_dump()


def update(
    database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change columns of a job of the team (NotFound for another team's job)."""
    del today
    values = _clean(values)
    with database.write() as session:
        job = owned(session, m.Job, team_id, row_id)
        merged = {**_values_of(job), **values}
        v.raise_if_errors(validate(session, team_id, merged))
        for name, value in _attributes(merged).items():
            setattr(job, name, value)
        return Saved(job.id)


def end_job(
    database: Database,
    team_id: int,
    job_id: int | None,
    end_date: date | None,
    end_reason: str | None,
    today: date,
) -> Saved:
    """An ongoing job ends on `end_date` (not before its start) for `end_reason` (free text)."""
    del today
    with database.write() as session:
        if job_id is None:
            raise v.ValidationFailed(v.required("job_id", None))
        try:
            job = owned(session, m.Job, team_id, job_id)
        except NotFound:
            raise v.ValidationFailed([v.FieldError("job_id", "not_in_team")]) from None
        merged = _clean({**_values_of(job), "end_date": end_date, "end_reason": end_reason})
        problems = v.required("end_date", end_date)
        v.raise_if_errors(problems + validate(session, team_id, merged))
        job.end_date = end_date
        job.end_reason = merged["end_reason"]
        return Saved(job.id)


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest jobs by start date, newest first, for the list under the forms."""
    query = of_team(
        m.Job,
        team_id,
        select(
            m.Job.id,
            m.Client.code.label("client_code"),
            m.Employer.name.label("employer"),
            m.Job.title,
            m.Job.job_type,
            m.Job.start_date,
            m.Job.end_date,
            m.Job.end_reason,
            m.Job.competitive,
            m.Job.permanent,
            m.Job.hours_per_week,
        ).select_from(m.Job),
    )
    query = (
        query.join(m.Employer, m.Employer.id == m.Job.employer_id)
        .order_by(m.Job.start_date.desc(), m.Job.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)


def start_of(session: Session, team_id: int, job_id: int | None) -> date | None:
    """The start date of a job of the team (shown beside the end form)."""
    if job_id is None:
        return None
    query = of_team(m.Job, team_id, select(m.Job.start_date).select_from(m.Job))
    return session.execute(query.where(m.Job.id == job_id)).scalar()
