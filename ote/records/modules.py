"""Modules of the modular job-coaching model and the assessment after each (seeds 000/001).

A module episode starts (client, module, start date); after it the client, the provider and
the purchaser assess it together: its results, the next module or leaving the service, and
the next module's resources. Saving an assessment that decides on a next module can start
that module on the assessment date in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, or_, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import MODULE_DECISIONS, Module, ModuleExit
from ote.formatting import format_date
from ote.i18n import Translator
from ote.metrics.population import is_active_on
from ote.records import rules
from ote.records.base import Saved, check_fields, must_belong, of_team, owned

FIELDS = (
    "module",
    "start_date",
    "end_date",
    "assessed_on",
    "decision",
    "client_took_part",
    "provider_took_part",
    "purchaser_took_part",
    "results",
    "next_resources",
)
ASSESSMENT_FIELDS = (
    "end_date",
    "assessed_on",
    "decision",
    "client_took_part",
    "provider_took_part",
    "purchaser_took_part",
    "results",
    "next_resources",
)
NEXT = "next:"
# Errors about the episode an assessment form chose, and about the next module it starts.
EPISODE = "episode_id"


# ------------------------------------------------------------------ decisions
def next_module(decision: str | None) -> str | None:
    """The module a decision `next:<module>` leads to; None for an exit or no decision."""
    if decision and decision.startswith(NEXT):
        return decision.removeprefix(NEXT)
    return None


def decision_label(decision: str | None, t: Translator) -> str:
    """A readable label: "Seuraavaksi: 3A. Työnhaun tuki", "Pois palvelusta: …"."""
    if not decision:
        return ""
    module = next_module(decision)
    if module is not None:
        return t("modules.decision_next", module=t.enum(module, Module))
    return t("modules.decision_exit", reason=t.enum(decision, ModuleExit))


def decisions() -> list[str]:
    return list(MODULE_DECISIONS)


# ------------------------------------------------------------------ validation
def validate(
    session: Session,
    team_id: int,
    values: dict[str, Any],
    today: date,
    episode_id: int | None = None,
) -> list[v.FieldError]:
    """Every problem with a module episode's values (`client_id` is a Client.id)."""
    problems = check_fields("modules", values, FIELDS)
    problems += v.required("client_code", values.get("client_id"))
    problems += must_belong(session, "client_code", m.Client, team_id, values.get("client_id"))
    problems += rules.module(values)
    problems += rules.happened(values, today, "assessed_on")
    if not v.only_errors(problems):
        problems += _duplicate(session, values, episode_id)
    if not v.only_errors(problems):
        problems += _assessed_before_end(values)
    return problems


def _assessed_before_end(values: dict[str, Any]) -> list[v.FieldError]:
    """An assessment dated before the module ended is odd but allowed (the import takes it):
    a warning."""
    assessed, end = values.get("assessed_on"), values.get("end_date")
    if assessed is None or end is None or assessed >= end:
        return []
    return [
        v.FieldError(
            "assessed_on",
            "module_assessed_before_end",
            {"date": format_date(assessed), "end": format_date(end)},
            warning=True,
        )
    ]


def _duplicate(
    session: Session, values: dict[str, Any], episode_id: int | None, field: str = "start_date"
) -> list[v.FieldError]:
    """The same client, module and start date twice would be one row of the interchange."""
    query = select(m.ModuleEpisode.id).where(
        m.ModuleEpisode.client_id == values.get("client_id"),
        m.ModuleEpisode.module == values.get("module"),
        m.ModuleEpisode.start_date == values.get("start_date"),
    )
    if episode_id is not None:
        query = query.where(m.ModuleEpisode.id != episode_id)
    if session.execute(query.limit(1)).scalar() is None:
        return []
    return [
        v.FieldError(
            field,
            "module_duplicate",
            {"module": values.get("module"), "date": format_date(values.get("start_date"))},
        )
    ]


def _still_open(session: Session, values: dict[str, Any]) -> list[v.FieldError]:
    """A warning when the client has a module started earlier that is neither ended nor
    assessed (starting a new one usually follows an assessment)."""
    start = values.get("start_date")
    if values.get("client_id") is None or start is None:
        return []
    row = session.execute(
        select(m.ModuleEpisode.module, m.ModuleEpisode.start_date)
        .where(
            m.ModuleEpisode.client_id == values["client_id"],
            m.ModuleEpisode.start_date <= start,
            m.ModuleEpisode.assessed_on.is_(None),
            or_(m.ModuleEpisode.end_date.is_(None), m.ModuleEpisode.end_date >= start),
        )
        .order_by(m.ModuleEpisode.start_date.desc())
        .limit(1)
    ).first()
    if row is None:
        return []
    return [
        v.FieldError(
            "module",
            "module_still_open",
            {"module": row.module, "date": format_date(row.start_date)},
            warning=True,
        )
    ]


# ------------------------------------------------------------------ writing
def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "client_id": values["client_id"],
        "module": values["module"],
        "start_date": values["start_date"],
        "end_date": values.get("end_date"),
        "assessed_on": values.get("assessed_on"),
        "decision": values.get("decision") or None,
        "client_took_part": bool(values.get("client_took_part")),
        "provider_took_part": bool(values.get("provider_took_part")),
        "purchaser_took_part": bool(values.get("purchaser_took_part")),
        "results": values.get("results") or None,
        "next_resources": values.get("next_resources") or None,
    }


def create(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A module starts: `client_id`, `module`, `start_date` (an assessment may come along)."""
    with database.write() as session:
        problems = validate(session, team_id, values, today)
        warnings = v.raise_if_errors(problems + _still_open(session, values))
        episode = m.ModuleEpisode(**_attributes(values))
        session.add(episode)
        session.flush()
        return Saved(episode.id, warnings)


def assess(
    database: Database,
    team_id: int,
    episode_id: int | None,
    values: dict[str, Any],
    today: date,
    start_next: bool = False,
) -> Saved:
    """The assessment after a module: end date, assessment date and decision are required.
    With `start_next` and a decision `next:<module>` that module starts on the assessment
    date, in the same transaction. Returns the assessed episode's id."""
    with database.write() as session:
        if episode_id is None:
            raise v.ValidationFailed([v.FieldError(EPISODE, "required")])
        episode = session.execute(
            of_team(m.ModuleEpisode, team_id).where(m.ModuleEpisode.id == episode_id)
        ).scalar_one_or_none()
        if episode is None:
            raise v.ValidationFailed([v.FieldError(EPISODE, "module_episode_gone")])
        if episode.assessed_on is not None:
            raise v.ValidationFailed(
                [
                    v.FieldError(
                        EPISODE,
                        "module_already_assessed",
                        {"date": format_date(episode.assessed_on)},
                    )
                ]
            )
        assessment = {name: values.get(name) for name in ASSESSMENT_FIELDS}
        merged = {**episode.model_dump(), **assessment}
        problems = []
        for name in ("end_date", "assessed_on", "decision"):
            problems += v.required(name, merged.get(name))
        problems += validate(session, team_id, merged, today, episode.id)
        following = None
        module = next_module(merged.get("decision"))
        if start_next and module is not None and not v.only_errors(problems):
            following = {
                "client_id": episode.client_id,
                "module": module,
                "start_date": merged["assessed_on"],
            }
            problems += _duplicate(session, following, None, field="decision")
        warnings = v.raise_if_errors(problems)
        for name, value in _attributes(merged).items():
            setattr(episode, name, value)
        if following is not None:
            session.add(m.ModuleEpisode(**_attributes(following)))
        session.flush()
        return Saved(episode.id, warnings)


def update(
    database: Database, team_id: int, row_id: int, values: dict[str, Any], today: date
) -> Saved:
    with database.write() as session:
        episode = owned(session, m.ModuleEpisode, team_id, row_id)
        merged = {**episode.model_dump(), **values}
        warnings = v.raise_if_errors(validate(session, team_id, merged, today, episode.id))
        for name, value in _attributes(merged).items():
            setattr(episode, name, value)
        return Saved(episode.id, warnings)


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class OpenEpisode:
    """A module episode waiting for its assessment."""

    id: int
    client_code: str
    module: str
    start_date: date
    end_date: date | None


def open_episodes(session: Session, team_id: int) -> list[OpenEpisode]:
    """The team's episodes with no assessment yet, by client code and start date."""
    query = of_team(
        m.ModuleEpisode,
        team_id,
        select(
            m.ModuleEpisode.id,
            m.Client.code,
            m.ModuleEpisode.module,
            m.ModuleEpisode.start_date,
            m.ModuleEpisode.end_date,
        ).select_from(m.ModuleEpisode),
    ).where(m.ModuleEpisode.assessed_on.is_(None))
    rows = session.execute(query.order_by(m.Client.code, m.ModuleEpisode.start_date))
    return [OpenEpisode(*row) for row in rows]


@dataclass(frozen=True)
class ClientModule:
    """An active client and the module going on for them on a date (None if none)."""

    id: int
    code: str
    module: str | None


def active_clients(session: Session, team_id: int, on: date) -> list[ClientModule]:
    """The team's active clients on `on`, each with their current module: the latest one
    started on or before `on` that has not ended before it."""
    clients = session.execute(
        select(m.Client.id, m.Client.code)
        .where(m.Client.team_id == team_id, is_active_on(on))
        .order_by(m.Client.code)
    ).all()
    going_on = session.execute(
        select(m.ModuleEpisode.client_id, m.ModuleEpisode.module)
        .join(m.Client, m.Client.id == m.ModuleEpisode.client_id)
        .where(
            m.Client.team_id == team_id,
            m.ModuleEpisode.start_date <= on,
            or_(m.ModuleEpisode.end_date.is_(None), m.ModuleEpisode.end_date >= on),
        )
        .order_by(m.ModuleEpisode.start_date, m.ModuleEpisode.id)
    ).all()
    current = {client_id: module for client_id, module in going_on}  # the latest wins
    return [ClientModule(row_id, code, current.get(row_id)) for row_id, code in clients]


COLUMNS = [
    "id",
    "client_code",
    "module",
    "start_date",
    "end_date",
    "assessed_on",
    "decision",
    "client_took_part",
    "provider_took_part",
    "purchaser_took_part",
]


def recent(session: Session, team_id: int, limit: int = 20) -> pd.DataFrame:
    """The team's latest episodes (by their latest date: assessment, end or start)."""
    latest = func.coalesce(
        m.ModuleEpisode.assessed_on, m.ModuleEpisode.end_date, m.ModuleEpisode.start_date
    )
    query = of_team(
        m.ModuleEpisode,
        team_id,
        select(
            m.ModuleEpisode.id,
            m.Client.code.label("client_code"),
            m.ModuleEpisode.module,
            m.ModuleEpisode.start_date,
            m.ModuleEpisode.end_date,
            m.ModuleEpisode.assessed_on,
            m.ModuleEpisode.decision,
            m.ModuleEpisode.client_took_part,
            m.ModuleEpisode.provider_took_part,
            m.ModuleEpisode.purchaser_took_part,
        ).select_from(m.ModuleEpisode),
    )
    query = query.order_by(latest.desc(), m.ModuleEpisode.id.desc()).limit(limit)
    rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)
