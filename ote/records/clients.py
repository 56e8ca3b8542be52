"""Clients by pseudonymous code: the referral, the service start and its end (DOMAIN.md §3).

A client is never a name or an identity code: only the code the team chose (3–20 letters,
digits or -), unique within the team. Values are named as the interchange columns of
`clients.csv` with database ids for the coach and the referral source. Dates of what has
happened (referral, service start and end) may not be in the future; that is checked for
the dates a save sets, so a later edit of another column of an old row is not refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import ClientEndReason, Framing
from ote.formatting import format_date
from ote.metrics.caseload import CoachCaseload
from ote.metrics.population import is_waiting_on
from ote.records import rules
from ote.records.base import NotFound, Saved, check_fields, must_belong, of_team, owned

FIELDS = (
    "client_code",
    "referral_date",
    "service_start",
    "service_end",
    "end_reason",
    "framing",
    "consent_family",
    "consent_former_employers",
)
DATES = ("referral_date", "service_start", "service_end")
# Interchange column -> Client attribute, where they differ.
ATTRIBUTE = {"client_code": "code"}
COLUMNS = [
    "id",
    "client_code",
    "coach_id",
    "source_id",
    "referral_date",
    "service_start",
    "service_end",
    "end_reason",
    "framing",
    "consent_family",
    "consent_former_employers",
]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for name in ("client_code", "end_reason"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip() or None
    return values


def _code_taken(session: Session, team_id: int, code: str, row_id: int | None) -> bool:
    query = select(func.count()).where(m.Client.team_id == team_id, m.Client.code == code)
    if row_id is not None:
        query = query.where(m.Client.id != row_id)
    return session.execute(query).scalar_one() > 0


def validate(
    session: Session,
    team_id: int,
    values: dict[str, Any],
    today: date,
    *,
    row_id: int | None = None,
    dated: Iterable[str] = DATES,
) -> list[v.FieldError]:
    """Every problem with a client's values; `row_id` is the client being edited (its own
    code is not "taken"), `dated` the dates this save sets (checked against the future)."""
    problems = check_fields("clients", values, FIELDS)
    for name in ("coach_id", "source_id"):
        problems += v.required(name, values.get(name))
    problems += must_belong(session, "coach_id", m.Staff, team_id, values.get("coach_id"))
    problems += must_belong(
        session, "source_id", m.ReferralSource, team_id, values.get("source_id")
    )
    code = values.get("client_code")
    well_formed = code and not v.client_code("client_code", code)
    if well_formed and _code_taken(session, team_id, code, row_id):
        problems.append(v.FieldError("client_code", "client_code_taken", {"value": code}))
    for name in dated:
        problems += rules.happened(values, today, name)
    problems += rules.client(values)
    return problems


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": values["client_code"],
        "coach_id": values["coach_id"],
        "source_id": values["source_id"],
        "referral_date": values["referral_date"],
        "service_start": values.get("service_start"),
        "service_end": values.get("service_end"),
        "end_reason": values.get("end_reason") or None,
        "framing": values.get("framing") or Framing.IPS.value,
        "consent_family": bool(values.get("consent_family")),
        "consent_former_employers": bool(values.get("consent_former_employers")),
    }


def _values_of(client: m.Client) -> dict[str, Any]:
    """A client row as the values the services take."""
    values = client.model_dump()
    values["client_code"] = values.pop("code")
    return values


def _code_clash(error: IntegrityError, values: dict[str, Any]) -> v.ValidationFailed:
    """Two people saved the same code at once: the database's unique key refused the second
    (any other refusal is a bug and is raised as it is)."""
    message = str(error.orig)
    if "uq_client_team_id_code" not in message and "client.team_id, client.code" not in message:
        raise error
    code = values.get("client_code")
    return v.ValidationFailed([v.FieldError("client_code", "client_code_taken", {"value": code})])


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A new referral (lähete): the client enters the waiting list."""
    values = _clean(values)
    try:
        with database.write() as session:
            v.raise_if_errors(validate(session, team_id, values, today))
            client = m.Client(team_id=team_id, **_attributes(values))
            session.add(client)
            session.flush()
            return Saved(client.id)
    except IntegrityError as error:
        raise _code_clash(error, values) from None


def update(
    database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change columns of a client of the team (NotFound for another team's client)."""
    values = _clean(values)
    try:
        with database.write() as session:
            client = owned(session, m.Client, team_id, row_id)
            merged = {**_values_of(client), **values}
            dated = [name for name in DATES if name in values]
            v.raise_if_errors(validate(session, team_id, merged, today, row_id=row_id, dated=dated))
            for name, value in _attributes(merged).items():
                setattr(client, name, value)
            session.flush()
            return Saved(client.id)
    except IntegrityError as error:
        raise _code_clash(error, values) from None


def start_service(
    database: Database, team_id: int, client_id: int | None, service_start: date | None, today: date
) -> Saved:
    """A client on the waiting list starts the service on `service_start`."""
    with database.write() as session:
        client = _chosen(session, team_id, client_id)
        problems = v.required("service_start", service_start)
        if client.service_start is not None and client.service_start <= today:
            problems.append(
                v.FieldError(
                    "client_code",
                    "client_already_started",
                    {"value": client.code, "date": format_date(client.service_start)},
                )
            )
        merged = {**_values_of(client), "service_start": service_start}
        v.raise_if_errors(
            problems
            + validate(session, team_id, merged, today, row_id=client.id, dated=["service_start"])
        )
        client.service_start = service_start
        return Saved(client.id)


def end_service(
    database: Database,
    team_id: int,
    client_id: int | None,
    service_end: date | None,
    end_reason: str | None,
    today: date,
) -> Saved:
    """An active client's service ends on `service_end` for `end_reason` (a ClientEndReason
    code on the form; the interchange format allows any text)."""
    with database.write() as session:
        client = _chosen(session, team_id, client_id)
        problems = v.required("service_end", service_end)
        problems += v.required("end_reason", end_reason)
        if client.service_start is None:
            problems.append(
                v.FieldError("client_code", "client_not_started", {"value": client.code})
            )
        elif client.service_end is not None and client.service_end < today:
            problems.append(
                v.FieldError(
                    "client_code",
                    "client_already_ended",
                    {"value": client.code, "date": format_date(client.service_end)},
                )
            )
        merged = {**_values_of(client), "service_end": service_end, "end_reason": end_reason}
        merged = _clean(merged)
        v.raise_if_errors(
            problems
            + validate(session, team_id, merged, today, row_id=client.id, dated=["service_end"])
        )
        client.service_end = service_end
        client.end_reason = merged["end_reason"]
        return Saved(client.id)


def _chosen(session: Session, team_id: int, client_id: int | None) -> m.Client:
    """The client chosen on a form: required, and one of the team's."""
    if client_id is None:
        raise v.ValidationFailed(v.required("client_code", None))
    try:
        return owned(session, m.Client, team_id, client_id)
    except NotFound:
        raise v.ValidationFailed([v.FieldError("client_code", "not_in_team")]) from None


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest referrals, newest first, for the list under the forms."""
    query = (
        of_team(
            m.Client,
            team_id,
            select(
                m.Client.id,
                m.Client.code.label("client_code"),
                m.Client.coach_id,
                m.Client.source_id,
                m.Client.referral_date,
                m.Client.service_start,
                m.Client.service_end,
                m.Client.end_reason,
                m.Client.framing,
                m.Client.consent_family,
                m.Client.consent_former_employers,
            ),
        )
        .order_by(m.Client.referral_date.desc(), m.Client.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)


def default_coach(loads: list[CoachCaseload], remembered: int | None) -> int | None:
    """The last used staff member if a coach; else the coach with the fewest active clients
    per FTE (item 1's ratio, from `ote.metrics.caseload.coach_caseloads`)."""
    if not loads:
        return None
    if remembered is not None and any(load.staff_id == remembered for load in loads):
        return remembered
    lightest = min(
        loads,
        key=lambda load: (load.ratio if load.ratio is not None else float("inf"), load.name),
    )
    return lightest.staff_id


def waiting(session: Session, team_id: int, on: date) -> list[tuple[int, str, date]]:
    """(id, code, referral date) of the clients on the waiting list on `on`."""
    rows = session.execute(
        select(m.Client.id, m.Client.code, m.Client.referral_date)
        .where(m.Client.team_id == team_id, is_waiting_on(on))
        .order_by(m.Client.code)
    )
    return [tuple(row) for row in rows]


def end_reason_label(t, reason: str | None) -> str:
    """A stored end reason as shown: the label of a ClientEndReason code, else the text."""
    if reason is None:
        return ""
    if reason in {r.value for r in ClientEndReason}:
        return t.enum(reason, ClientEndReason)
    return reason
