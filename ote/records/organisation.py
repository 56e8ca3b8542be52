"""Teams, their staff and referral sources, and the employer register: the services of the
admin pages (items 2 and 4 of the fidelity scale).

Values are named as the interchange columns (`teams`, `staff`, `referral_sources`,
`employers`), except the team's own identifier, which is `team_key` here (in the
interchange it is `team_id`, which in the record services means a database id). Every
check runs before anything is written and raises `ValidationFailed` with every problem;
warnings come back in `Saved.warnings`.

Keys of new staff, sources and employers are the team's series (`TEAM-S0001`,
`TEAM-R0001`, `TEAM-E0001`). To keep two people adding at once from taking the same
number, a save that makes a key locks the team's row first (PostgreSQL; on SQLite the
write transaction's BEGIN IMMEDIATE already serialises writers).

A row can be deleted only while nothing refers to it: a team without staff, clients or
other records, a staff member without records (otherwise an end date is set instead), a
source no client names, an employer without contacts or jobs of any team.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ote import models as m
from ote import teams as team_store
from ote import validation as v
from ote.db import Database
from ote.enums import StaffRole
from ote.identity_codes import contains_identity_code
from ote.models.base import KEY_LENGTH
from ote.records import rules
from ote.records.base import (
    NotFound,
    Saved,
    check_fields,
    key_prefix,
    lock_team,
    next_key,
    owned,
)

TEAM_KEY = re.compile(rf"^[A-Za-z0-9ÅÄÖåäö-]{{1,{KEY_LENGTH}}}$")
EMPLOYER_LIST_LIMIT = 200

STAFF_FIELDS = ("name", "role", "fte", "coaching_share", "start_date", "end_date")
SOURCE_FIELDS = ("name", "kind", "attached")
EMPLOYER_FIELDS = ("name", "industry")


@dataclass(frozen=True)
class Deletable:
    """A row offered for deletion: its id and how it is named on the page."""

    id: int
    label: str


def _clean(value: Any) -> Any:
    """Text as stored: surrounding spaces off, an empty text is no value."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _clean(value) for name, value in values.items()}


# ----------------------------------------------------------------------------- teams
def validate_team(session: Session, values: dict[str, Any], row_id: int | None = None):
    """Every problem with a team's values; `row_id` when an existing team is changed
    (its key is not changed: the interchange matches teams by it)."""
    values = _cleaned(values)
    problems = check_fields("teams", values, ("name", "region"))
    if row_id is None:
        problems += _team_key_problems(session, values.get("team_key"))
    return problems


def _team_key_problems(session: Session, key: str | None) -> list[v.FieldError]:
    if v.is_blank(key):
        return v.required("team_key", key)
    if contains_identity_code(key):
        return [v.FieldError("team_key", "identity_code")]
    if not TEAM_KEY.match(key):
        return [v.FieldError("team_key", "team_key_format", {"maximum": KEY_LENGTH})]
    taken = session.execute(
        select(m.Team.key).where(func.lower(m.Team.key) == key.lower())
    ).scalar_one_or_none()
    if taken is not None:
        return [v.FieldError("team_key", "team_key_taken", {"value": taken})]
    return []


def create_team(database: Database, values: dict[str, Any]) -> Saved:
    """Add a team. Two people adding the same key at once: the second is told it is taken."""
    values = _cleaned(values)
    try:
        with database.write() as session:
            v.raise_if_errors(validate_team(session, values))
            team = m.Team(key=values["team_key"], name=values["name"], region=values.get("region"))
            session.add(team)
            session.flush()
            return Saved(team.id)
    except IntegrityError:
        # The key was taken between the check and the insert (the unique index said so).
        raise v.ValidationFailed(
            [v.FieldError("team_key", "team_key_taken", {"value": values["team_key"]})]
        ) from None


def update_team(database: Database, row_id: int, values: dict[str, Any]) -> Saved:
    """Change a team's name or region (the key stays)."""
    with database.write() as session:
        team = session.get(m.Team, row_id)
        if team is None:
            raise NotFound(f"team {row_id}")
        merged = {"name": team.name, "region": team.region, **_cleaned(values)}
        v.raise_if_errors(validate_team(session, merged, row_id))
        team.name, team.region = merged["name"], merged.get("region")
        return Saved(team.id)


def _count_by(session: Session, column, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(column, func.count()).where(column.in_(ids)).group_by(column)
    ).all()
    return {key: count for key, count in rows}


# The records a team owns directly, apart from its staff and clients.
_TEAM_RECORDS = (
    m.ReferralSource.team_id,
    m.TeamMeeting.team_id,
    m.SteeringMeeting.team_id,
    m.SteeringAction.team_id,
    m.FidelityAssessment.team_id,
    m.QuarterlyGoal.team_id,
)


def team_usage(session: Session, team_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per team: its staff, its clients and its other records (sources, meetings, …)."""
    staff = _count_by(session, m.Staff.team_id, team_ids)
    clients = _count_by(session, m.Client.team_id, team_ids)
    other = {team_id: 0 for team_id in team_ids}
    for column in _TEAM_RECORDS:
        for team_id, count in _count_by(session, column, team_ids).items():
            other[team_id] += count
    return {
        team_id: {
            "staff": staff.get(team_id, 0),
            "clients": clients.get(team_id, 0),
            "other_records": other[team_id],
        }
        for team_id in team_ids
    }


TEAM_COLUMNS = ["id", "team_key", "name", "region", "staff", "clients", "other_records"]


def teams_table(session: Session) -> pd.DataFrame:
    """Every team by name, with how much it holds (for the list on the Teams page)."""
    teams = team_store.list_teams(session)
    usage = team_usage(session, [team.id for team in teams])
    rows = [
        {"id": team.id, "team_key": team.key, "name": team.name, "region": team.region}
        | usage[team.id]
        for team in teams
    ]
    return pd.DataFrame(rows, columns=TEAM_COLUMNS)


def deletable_teams(session: Session) -> list[Deletable]:
    """Teams with no staff, clients or other records: the only ones offered for deletion."""
    teams = team_store.list_teams(session)
    usage = team_usage(session, [team.id for team in teams])
    return [
        Deletable(team.id, f"{team.name} ({team.key})")
        for team in teams
        if not any(usage[team.id].values())
    ]


def delete_team(database: Database, row_id: int) -> int:
    """Delete an empty team (its settings go with it); refused if it holds anything."""
    with database.write() as session:
        lock_team(session, row_id)
        usage = team_usage(session, [row_id])[row_id]
        count = sum(usage.values())
        if count:
            v.raise_if_errors([v.FieldError("team_key", "team_in_use", {"count": count})])
        team_store.delete_team(session, row_id)
        return 1


# ----------------------------------------------------------------------------- staff
def validate_staff(session: Session, values: dict[str, Any]) -> list[v.FieldError]:
    """Every problem with a staff member's values; a coach without a coaching share is a
    warning (item 2 needs it), not an error."""
    values = _cleaned(values)
    problems = check_fields("staff", values, STAFF_FIELDS)
    problems += rules.staff(values)
    if values.get("role") == StaffRole.COACH and values.get("coaching_share") is None:
        problems.append(v.FieldError("coaching_share", "coaching_share_missing", warning=True))
    return problems


def _staff_attributes(values: dict[str, Any]) -> dict[str, Any]:
    values = _cleaned(values)
    share = values.get("coaching_share")
    return {
        "name": values["name"],
        "role": values["role"],
        "fte": float(values["fte"]),
        "coaching_share": None if share is None else float(share),
        "start_date": values.get("start_date"),
        "end_date": values.get("end_date"),
    }


def create_staff(database: Database, team_id: int, values: dict[str, Any]) -> Saved:
    """Add a staff member to the team, with the next key of its series (TEAM-S0001)."""
    with database.write() as session:
        team = lock_team(session, team_id)
        warnings = v.raise_if_errors(validate_staff(session, values))
        staff = m.Staff(
            key=next_key(session, m.Staff, key_prefix(team.key, "S")),
            team_id=team_id,
            **_staff_attributes(values),
        )
        session.add(staff)
        session.flush()
        return Saved(staff.id, warnings)


def update_staff(database: Database, team_id: int, row_id: int, values: dict[str, Any]):
    with database.write() as session:
        staff = owned(session, m.Staff, team_id, row_id)
        merged = {**staff.model_dump(), **values}
        warnings = v.raise_if_errors(validate_staff(session, merged))
        for name, value in _staff_attributes(merged).items():
            setattr(staff, name, value)
        return Saved(staff.id, warnings)


# Everything that names a staff member.
_STAFF_RECORDS = (
    m.Client.coach_id,
    m.ClientContact.staff_id,
    m.EmployerContact.staff_id,
    m.TeamMeetingAttendee.staff_id,
    m.TeamMeetingDecision.owner_id,
    m.EmployerLogReview.reviewer_id,
    m.QuarterlyGoal.staff_id,
)


def staff_usage(session: Session, staff_ids: list[int]) -> dict[int, int]:
    """How many records name each staff member (clients coached, contacts, meetings, goals)."""
    used = {staff_id: 0 for staff_id in staff_ids}
    for column in _STAFF_RECORDS:
        for staff_id, count in _count_by(session, column, staff_ids).items():
            used[staff_id] += count
    return used


STAFF_COLUMNS = ["id", "key", *STAFF_FIELDS, "records"]


def staff_table(session: Session, team_id: int) -> pd.DataFrame:
    """The team's staff by name, with the number of records naming each."""
    rows = session.execute(
        select(m.Staff).where(m.Staff.team_id == team_id).order_by(m.Staff.name, m.Staff.id)
    ).scalars()
    table = [{name: getattr(row, name) for name in STAFF_COLUMNS[:-1]} for row in rows]
    used = staff_usage(session, [row["id"] for row in table])
    for row in table:
        row["records"] = used[row["id"]]
    return pd.DataFrame(table, columns=STAFF_COLUMNS)


def deletable_staff(session: Session, team_id: int) -> list[Deletable]:
    rows = session.execute(
        select(m.Staff.id, m.Staff.name, m.Staff.key)
        .where(m.Staff.team_id == team_id)
        .order_by(m.Staff.name, m.Staff.id)
    ).all()
    used = staff_usage(session, [row_id for row_id, _, _ in rows])
    return [Deletable(row_id, f"{name} ({key})") for row_id, name, key in rows if not used[row_id]]


def delete_staff(database: Database, team_id: int, row_id: int) -> int:
    """Delete a staff member nothing refers to; otherwise tell to set an end date."""
    with database.write() as session:
        owned(session, m.Staff, team_id, row_id)
        count = staff_usage(session, [row_id])[row_id]
        if count:
            v.raise_if_errors([v.FieldError("end_date", "staff_in_use", {"count": count})])
        session.execute(delete(m.Staff).where(m.Staff.id == row_id))
        return 1


# ------------------------------------------------------------------ referral sources
def validate_source(session: Session, values: dict[str, Any]) -> list[v.FieldError]:
    values = _cleaned(values)
    values.setdefault("attached", False)
    return check_fields("referral_sources", values, SOURCE_FIELDS)


def _source_attributes(values: dict[str, Any]) -> dict[str, Any]:
    values = _cleaned(values)
    return {
        "name": values["name"],
        "kind": values["kind"],
        "attached": bool(values.get("attached") or False),
    }


def create_source(database: Database, team_id: int, values: dict[str, Any]) -> Saved:
    """Add a referral source (partner team) of the team, key TEAM-R0001 onwards."""
    with database.write() as session:
        team = lock_team(session, team_id)
        v.raise_if_errors(validate_source(session, values))
        source = m.ReferralSource(
            key=next_key(session, m.ReferralSource, key_prefix(team.key, "R")),
            team_id=team_id,
            **_source_attributes(values),
        )
        session.add(source)
        session.flush()
        return Saved(source.id)


def update_source(database: Database, team_id: int, row_id: int, values: dict[str, Any]):
    with database.write() as session:
        source = owned(session, m.ReferralSource, team_id, row_id)
        merged = {**source.model_dump(), **values}
        v.raise_if_errors(validate_source(session, merged))
        for name, value in _source_attributes(merged).items():
            setattr(source, name, value)
        return Saved(source.id)


SOURCE_COLUMNS = ["id", "key", *SOURCE_FIELDS, "clients"]


def sources_table(session: Session, team_id: int) -> pd.DataFrame:
    """The team's referral sources by name, with the number of clients each referred."""
    rows = session.execute(
        select(m.ReferralSource)
        .where(m.ReferralSource.team_id == team_id)
        .order_by(m.ReferralSource.name, m.ReferralSource.id)
    ).scalars()
    table = [{name: getattr(row, name) for name in SOURCE_COLUMNS[:-1]} for row in rows]
    clients = _count_by(session, m.Client.source_id, [row["id"] for row in table])
    for row in table:
        row["clients"] = clients.get(row["id"], 0)
    return pd.DataFrame(table, columns=SOURCE_COLUMNS)


def deletable_sources(session: Session, team_id: int) -> list[Deletable]:
    table = sources_table(session, team_id)
    unused = table[table["clients"] == 0]
    return [
        Deletable(int(row.id), f"{row.name} ({row.key})") for row in unused.itertuples(index=False)
    ]


def delete_source(database: Database, team_id: int, row_id: int) -> int:
    """Delete a referral source no client names."""
    with database.write() as session:
        owned(session, m.ReferralSource, team_id, row_id)
        count = _count_by(session, m.Client.source_id, [row_id]).get(row_id, 0)
        if count:
            v.raise_if_errors([v.FieldError("source_id", "source_in_use", {"count": count})])
        session.execute(delete(m.ReferralSource).where(m.ReferralSource.id == row_id))
        return 1


# ------------------------------------------------------------------------- employers
def validate_employer(
    session: Session, values: dict[str, Any], row_id: int | None = None
) -> list[v.FieldError]:
    """Every problem with an employer's values; a name already in the register (in any
    letter case) is a warning: it may be the same employer twice."""
    values = _cleaned(values)
    problems = check_fields("employers", values, EMPLOYER_FIELDS)
    name = values.get("name")
    if name and not v.only_errors(problems):
        query = select(func.count()).where(func.lower(m.Employer.name) == name.lower())
        if row_id is not None:
            query = query.where(m.Employer.id != row_id)
        if session.execute(query).scalar_one():
            problems.append(v.FieldError("name", "employer_name_exists", warning=True))
    return problems


def create_employer(database: Database, team_id: int, values: dict[str, Any]) -> Saved:
    """Add an employer to the shared register, with a key of the team's series (TEAM-E0001)."""
    values = _cleaned(values)
    with database.write() as session:
        team = lock_team(session, team_id)
        warnings = v.raise_if_errors(validate_employer(session, values))
        employer = m.Employer(
            key=next_key(session, m.Employer, key_prefix(team.key, "E")),
            name=values["name"],
            industry=values.get("industry"),
        )
        session.add(employer)
        session.flush()
        return Saved(employer.id, warnings)


def update_employer(database: Database, row_id: int, values: dict[str, Any]) -> Saved:
    """Change an employer's name or industry (the register is shared by the teams)."""
    with database.write() as session:
        employer = session.get(m.Employer, row_id)
        if employer is None:
            raise NotFound(f"employer {row_id}")
        merged = {"name": employer.name, "industry": employer.industry, **_cleaned(values)}
        warnings = v.raise_if_errors(validate_employer(session, merged, row_id))
        employer.name, employer.industry = merged["name"], merged.get("industry")
        return Saved(employer.id, warnings)


def _employer_counts(session: Session, ids: list[int], team_id: int | None):
    """(contacts, jobs) per employer, of one team or (team_id None) of every team."""
    contacts = select(m.EmployerContact.employer_id, func.count()).where(
        m.EmployerContact.employer_id.in_(ids)
    )
    jobs = select(m.Job.employer_id, func.count()).where(m.Job.employer_id.in_(ids))
    if team_id is not None:
        contacts = contacts.join(m.Staff, m.Staff.id == m.EmployerContact.staff_id).where(
            m.Staff.team_id == team_id
        )
        jobs = jobs.join(m.Client, m.Client.id == m.Job.client_id).where(
            m.Client.team_id == team_id
        )
    contact_counts = dict(session.execute(contacts.group_by(m.EmployerContact.employer_id)).all())
    job_counts = dict(session.execute(jobs.group_by(m.Job.employer_id)).all())
    return contact_counts, job_counts


EMPLOYER_COLUMNS = ["id", "key", "name", "industry", "contacts", "jobs", "in_use"]


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def employers_table(
    session: Session,
    team_id: int,
    name_filter: str | None = None,
    limit: int = EMPLOYER_LIST_LIMIT,
) -> tuple[pd.DataFrame, int]:
    """Employers whose name (or industry) contains `name_filter`, by name, at most `limit`;
    with the contacts and jobs of THIS team, and `in_use` when any team has any. Returns
    the table and how many employers matched in all."""
    query = select(m.Employer.id, m.Employer.key, m.Employer.name, m.Employer.industry)
    text = (name_filter or "").strip()
    if text:
        pattern = _like_pattern(text)
        query = query.where(
            or_(
                func.lower(m.Employer.name).like(pattern, escape="\\"),
                func.lower(m.Employer.industry).like(pattern, escape="\\"),
            )
        )
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(m.Employer.name, m.Employer.key).limit(limit)).mappings()
    table = [dict(row) for row in rows]
    ids = [row["id"] for row in table]
    ours = _employer_counts(session, ids, team_id)
    everyone = _employer_counts(session, ids, None)
    for row in table:
        row["contacts"] = ours[0].get(row["id"], 0)
        row["jobs"] = ours[1].get(row["id"], 0)
        row["in_use"] = bool(everyone[0].get(row["id"]) or everyone[1].get(row["id"]))
    return pd.DataFrame(table, columns=EMPLOYER_COLUMNS), total


def deletable_employers(table: pd.DataFrame) -> list[Deletable]:
    """The employers of a listed table that no team has contacts or jobs with."""
    unused = table[~table["in_use"].astype(bool)]
    return [
        Deletable(int(row.id), f"{row.name} ({row.key})") for row in unused.itertuples(index=False)
    ]


def delete_employer(database: Database, row_id: int) -> int:
    """Delete an employer no team has contacts or jobs with."""
    with database.write() as session:
        if session.get(m.Employer, row_id) is None:
            raise NotFound(f"employer {row_id}")
        contacts, jobs = _employer_counts(session, [row_id], None)
        count = contacts.get(row_id, 0) + jobs.get(row_id, 0)
        if count:
            v.raise_if_errors([v.FieldError("employer_id", "employer_in_use", {"count": count})])
        session.execute(delete(m.Employer).where(m.Employer.id == row_id))
        return 1
