"""Who sees what (`ote.access`), the access log (`ote.audit`) and user accounts
(`ote.auth.users`).

The expectations are computed by hand or with a plain session (no principal, nothing
restricted) over the same rows, and compared with what a principal's session gives.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from conftest import DEMO_END, DEMO_SEED, drop_postgres_database, new_postgres_database
from sqlalchemy import delete, func, inspect, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from ote import audit
from ote import models as m
from ote.access import AccessDenied, Principal, acting_as
from ote.auth import passwords, users
from ote.backup import backup
from ote.briefing import briefing
from ote.client_timeline import client_timeline
from ote.config import sqlite_url
from ote.db import Database, open_database
from ote.demo import generate
from ote.enums import AuditAction, UserRole
from ote.purchaser_report import purchaser_report
from ote.records import (
    client_contacts,
    clients,
    coaching_periods,
    employer_contacts,
    feedback,
    jobs,
    modules,
    organisation,
)
from ote.records.base import NotFound, delete_rows
from ote.validation import ValidationFailed

TODAY = DEMO_END
REFUSED = (NotFound, ValidationFailed, AccessDenied)

# Every table of the data model, as `ote.models` lists it.
TABLES = tuple(
    model
    for model in (getattr(m, name) for name in m.__all__)
    if isinstance(model, type) and hasattr(model, "__table__")
)
SHARED_TABLES = frozenset({m.Employer, m.AppSetting})  # of no team: every team sees them
CLIENT_CHILDREN = (m.ClientPlan, m.ModuleEpisode, m.CoachingPeriod, m.ClientContact)
CLIENT_CHILDREN += (m.Feedback, m.Job)


def principal(role, team_id, staff_id=None, *, user_id=None, actor=None, page=None):
    teams = None if team_id is None else frozenset({team_id})
    return Principal(
        actor=actor or f"{UserRole(role).value}-{staff_id}",
        role=UserRole(role),
        team_ids=teams,
        staff_id=staff_id,
        user_id=user_id,
        page=page,
    )


def count(session, model, *where) -> int:
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def primary_keys(session, model) -> set[tuple]:
    """The primary keys of the rows of `model` the session sees (ORM attributes, so that
    the principal's row filters apply)."""
    columns = [getattr(model, column.key) for column in inspect(model).primary_key]
    return {tuple(row) for row in session.execute(select(*columns))}


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table but the access log (which logs refusals), read without a
    principal."""
    with database.read() as s:
        found = {}
        for model in TABLES:
            if model in (m.AuditLog, m.DataVersion):
                continue  # the version is a cache counter: a 0-row statement raises it
            table = model.__table__
            query = select(table).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(row) for row in s.execute(query)]
        return found


def bulk_changes_nothing(db: Database, statement) -> None:
    """A bulk UPDATE or DELETE through the principal's session is refused or touches no row."""
    try:
        with db.write() as s:
            assert s.execute(statement).rowcount == 0
    except AccessDenied:
        pass


def detached(database: Database, model, row_id):
    """A row read without a principal, to be added to a principal's session."""
    with database.read() as s:
        row = s.get(model, row_id)
        s.expunge(row)
        return row


def refusals_only(database: Database, since: int) -> list[str]:
    """The entities of the refusals among the access log's entries after the first `since`
    (a refused write is logged, outside the refused transaction). Nothing else may have been
    logged but bulk statements (logged once per statement, whether they touched a row)."""
    added = audit_rows(database)[since:]
    others = [e for e in added if e.action != "refused" and not (e.detail or {}).get("statement")]
    assert others == []
    return [entry.entity for entry in added if entry.action == "refused"]


def audit_rows(database: Database) -> list[m.AuditLog]:
    with database.read() as s:
        rows = list(s.scalars(select(m.AuditLog).order_by(m.AuditLog.id)))
        s.expunge_all()
        return rows


# ------------------------------------------------------------------ the demo team
@dataclass
class Demo:
    database: Database
    team_id: int
    staff: dict[str, int]  # key -> id

    def as_staff(self, key: str, role=None, page="log_clients") -> Database:
        role = role or (UserRole.JOB_FINDER if key == JOB_FINDER else UserRole.COACH)
        return acting_as(self.database, principal(role, self.team_id, self.staff[key], page=page))


COACH, JOB_FINDER, LEADER = "DEMO-S02", "DEMO-S08", "DEMO-S01"


def _prepare_demo(database: Database) -> None:
    """The demo team; the job finder takes over the clients of the last coach (DEMO-S07),
    so that a job finder has clients of their own."""
    generate(database, scale="team", seed=DEMO_SEED, end_date=DEMO_END)
    with database.write() as s:
        job_finder, last_coach = (
            s.scalars(select(m.Staff.id).where(m.Staff.key == key)).one()
            for key in (JOB_FINDER, "DEMO-S07")
        )
        s.execute(
            update(m.Client).where(m.Client.coach_id == last_coach).values(coach_id=job_finder)
        )


@pytest.fixture(scope="module")
def demo_sqlite_file(sqlite_template, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("access_demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    database = open_database(sqlite_url(path))
    _prepare_demo(database)
    database.dispose()
    return path


@pytest.fixture(scope="module")
def demo_postgres_template(postgres_template) -> Iterator[str]:
    database, name = new_postgres_database(postgres_template)
    _prepare_demo(database)
    database.dispose()
    yield name
    drop_postgres_database(name)


@pytest.fixture
def demo(backend, tmp_path, request) -> Iterator[Demo]:
    """A private copy of the prepared demo team (see `_prepare_demo`), on each backend."""
    if backend == "sqlite":
        source = open_database(sqlite_url(request.getfixturevalue("demo_sqlite_file")))
        backup(source, tmp_path / "demo.db")
        source.dispose()
        database, name = open_database(sqlite_url(tmp_path / "demo.db")), None
    else:
        template = request.getfixturevalue("demo_postgres_template")
        database, name = new_postgres_database(template)
    with database.read() as s:
        team_id = s.scalars(select(m.Team.id).where(m.Team.key == "DEMO")).one()
        query = select(m.Staff.key, m.Staff.id).where(m.Staff.team_id == team_id)
        staff = {key: row_id for key, row_id in s.execute(query)}
    yield Demo(database, team_id, staff)
    database.dispose()
    if name is not None:
        drop_postgres_database(name)


def own_clients(staff_id: int):
    return select(m.Client.id).where(m.Client.coach_id == staff_id)


def other_row(s, model, staff_id: int, **where) -> int:
    """The first row of `model` about a client of another coach than `staff_id`."""
    query = (
        select(model.id)
        .join(m.Client, m.Client.id == model.client_id)
        .where(m.Client.coach_id != staff_id)
        .filter_by(**where)
        .order_by(model.id)
    )
    return s.execute(query.limit(1)).scalar_one()


STAFF_ROLES = [pytest.param(COACH, id="coach"), pytest.param(JOB_FINDER, id="job_finder")]


# ------------------------------------------------------------- 1. coaches' clients
@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_counts_exactly_their_own_clients_rows(demo, key):
    staff_id = demo.staff[key]
    mine = own_clients(staff_id)
    with demo.database.read() as s:
        expected = {m.Client: count(s, m.Client, m.Client.coach_id == staff_id)}
        for model in CLIENT_CHILDREN:
            expected[model] = count(s, model, model.client_id.in_(mine))
        periods = select(m.CoachingPeriod.id).where(m.CoachingPeriod.client_id.in_(mine))
        expected[m.CoachingPeriodGoal] = count(
            s, m.CoachingPeriodGoal, m.CoachingPeriodGoal.period_id.in_(periods)
        )
        named = count(s, m.EmployerContact, m.EmployerContact.client_id.in_(mine))
        unnamed = count(s, m.EmployerContact, m.EmployerContact.client_id.is_(None))
        own_ids = set(s.scalars(mine))
        others = select(m.Client.id).where(m.Client.coach_id != staff_id).order_by(m.Client.id)
        other = s.scalars(others).first()
        every = {model: count(s, model) for model in expected}
    # Every kind of record exists for the coach's clients, and others have more.
    assert all(n > 0 for n in expected.values()), expected
    assert all(every[model] > expected[model] for model in expected)

    with demo.as_staff(key).read() as s:
        assert {model: count(s, model) for model in expected} == expected
        # Employer contacts: those naming the own clients, and those naming no client.
        assert count(s, m.EmployerContact, m.EmployerContact.client_id.is_not(None)) == named
        assert count(s, m.EmployerContact) == named + unnamed
        assert set(s.scalars(select(m.Client.id))) == own_ids
        assert s.get(m.Client, other) is None
        # Staff, sources and the team itself are the team's, not only the coach's.
        assert count(s, m.Staff) == len(demo.staff)


@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_sees_the_timeline_of_own_clients_only(demo, key):
    staff_id = demo.staff[key]
    with demo.database.read() as s:
        own = s.scalars(
            select(m.Client.code).where(m.Client.coach_id == staff_id).order_by(m.Client.id)
        ).first()
        other = s.scalars(
            select(m.Client.code).where(m.Client.coach_id != staff_id).order_by(m.Client.id)
        ).first()
        expected = client_timeline(s, demo.team_id, own)
        assert client_timeline(s, demo.team_id, other)[1]  # the unrestricted view has it
    with demo.as_staff(key).read() as s:
        assert client_timeline(s, demo.team_id, own) == expected
        assert expected[1]
        with pytest.raises(NotFound):
            client_timeline(s, demo.team_id, other)
    # The team leader sees both.
    with demo.as_staff(LEADER, UserRole.TEAM_LEADER).read() as s:
        assert client_timeline(s, demo.team_id, other)[0].code == other


@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_cannot_change_or_delete_another_coachs_records(demo, key):
    staff_id = demo.staff[key]
    team = demo.team_id
    with demo.database.read() as s:
        client = s.scalars(
            select(m.Client.id).where(m.Client.coach_id != staff_id).order_by(m.Client.id)
        ).first()
        rows = {model: other_row(s, model, staff_id) for model in CLIENT_CHILDREN}
        rows[m.EmployerContact] = other_row(s, m.EmployerContact, staff_id)
        unassessed = other_row(s, m.ModuleEpisode, staff_id, assessed_on=None)
    before = snapshot(demo.database)
    db = demo.as_staff(key)

    attempts = {
        "clients.update": lambda: clients.update(db, team, client, {"end_reason": "x"}, TODAY),
        "clients.start_service": lambda: clients.start_service(db, team, client, TODAY, TODAY),
        "clients.end_service": lambda: clients.end_service(db, team, client, TODAY, "moved", TODAY),
        "jobs.update": lambda: jobs.update(db, team, rows[m.Job], {"title": "X"}, TODAY),
        "jobs.end_job": lambda: jobs.end_job(db, team, rows[m.Job], TODAY, "ended", TODAY),
        "client_contacts.update": lambda: client_contacts.update(
            db, team, rows[m.ClientContact], {"minutes": 5}, TODAY
        ),
        "employer_contacts.update": lambda: employer_contacts.update(
            db, team, rows[m.EmployerContact], {"job_tip": "x"}, TODAY
        ),
        "feedback.update": lambda: feedback.update(db, team, rows[m.Feedback], {"score": 1}, TODAY),
        "modules.update": lambda: modules.update(
            db, team, rows[m.ModuleEpisode], {"results": "x"}, TODAY
        ),
        "modules.assess": lambda: modules.assess(
            db,
            team,
            unassessed,
            {"end_date": TODAY, "assessed_on": TODAY, "decision": "next:2"},
            TODAY,
        ),
        "coaching_periods.update": lambda: coaching_periods.update(
            db, team, rows[m.CoachingPeriod], {"next_steps_set": True}, TODAY
        ),
        "delete client": lambda: delete_rows(db, m.Client, team, [client]),
        **{
            f"delete {model.__tablename__}": (
                lambda model=model: delete_rows(db, model, team, [rows[model]])
            )
            for model in (*CLIENT_CHILDREN, m.EmployerContact)
        },
    }
    for name, attempt in attempts.items():
        with pytest.raises(REFUSED):
            attempt()
            pytest.fail(f"{name} was not refused")

    # Directly through the session: the rows are not there to change.
    with db.write() as s:
        assert s.get(m.Client, client) is None
        assert s.get(m.Job, rows[m.Job]) is None
    bulk_changes_nothing(db, update(m.Client).where(m.Client.id == client).values(end_reason="x"))
    bulk_changes_nothing(db, delete(m.ClientPlan).where(m.ClientPlan.id == rows[m.ClientPlan]))
    after = snapshot(demo.database)
    assert after == before
    refusals_only(demo.database, 0)


@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_cannot_give_a_client_away_or_change_another_staff_members_contact(demo, key):
    staff_id = demo.staff[key]
    team = demo.team_id
    colleague = demo.staff["DEMO-S03"]
    with demo.database.read() as s:
        own = s.scalars(own_clients(staff_id).order_by(m.Client.id)).first()
        # An employer contact of a colleague naming no client: the coach sees it …
        unnamed = s.scalars(
            select(m.EmployerContact.id)
            .where(
                m.EmployerContact.client_id.is_(None),
                m.EmployerContact.staff_id == colleague,
            )
            .order_by(m.EmployerContact.id)
        ).first()
    before = snapshot(demo.database)
    db = demo.as_staff(key)
    with db.read() as s:
        assert s.get(m.EmployerContact, unnamed) is not None
    # … but may not change it, nor move an own client to a colleague.
    with pytest.raises(AccessDenied):
        employer_contacts.update(db, team, unnamed, {"job_tip": "x"}, TODAY)
    with pytest.raises(AccessDenied):
        clients.update(db, team, own, {"coach_id": colleague}, TODAY)
    after = snapshot(demo.database)
    assert after == before
    assert refusals_only(demo.database, 0) == ["employer_contact", "client"]


@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_cannot_delete_another_staff_members_employer_contact(demo, key):
    colleague = demo.staff["DEMO-S03"]
    with demo.database.read() as s:
        unnamed = s.scalars(
            select(m.EmployerContact.id)
            .where(
                m.EmployerContact.client_id.is_(None),
                m.EmployerContact.staff_id == colleague,
            )
            .order_by(m.EmployerContact.id)
        ).first()
    db = demo.as_staff(key, page="log_employer_contact")
    before = snapshot(demo.database)
    # A coach sees the team's contacts naming no client but deletes only their own, as the
    # ORM path (before_flush) refuses changing a colleague's.
    with pytest.raises(REFUSED):
        delete_rows(db, m.EmployerContact, demo.team_id, [unnamed])
    bulk_changes_nothing(db, delete(m.EmployerContact).where(m.EmployerContact.id == unnamed))
    assert snapshot(demo.database) == before
    refusals_only(demo.database, 0)


def test_a_coach_and_a_team_leader_delete_own_records_through_the_delete_button(demo):
    coach = demo.staff[COACH]
    with demo.database.read() as s:
        contact = s.scalars(
            select(m.ClientContact.id)
            .where(m.ClientContact.client_id.in_(own_clients(coach)))
            .where(m.ClientContact.staff_id == coach)
            .order_by(m.ClientContact.id)
        ).first()
        meeting = s.scalars(select(m.TeamMeeting.id).order_by(m.TeamMeeting.id)).first()
    assert delete_rows(demo.as_staff(COACH), m.ClientContact, demo.team_id, [contact]) == 1
    leader = demo.as_staff(LEADER, UserRole.TEAM_LEADER)
    assert delete_rows(leader, m.TeamMeeting, demo.team_id, [meeting]) == 1
    with demo.database.read() as s:
        assert s.get(m.ClientContact, contact) is None
        assert s.get(m.TeamMeeting, meeting) is None


@pytest.mark.parametrize("key", STAFF_ROLES)
def test_a_coach_cannot_log_for_another_coachs_client_or_as_someone_else(demo, key):
    staff_id = demo.staff[key]
    team = demo.team_id
    colleague = demo.staff["DEMO-S03"]
    with demo.database.read() as s:
        own = s.scalars(own_clients(staff_id).order_by(m.Client.id)).first()
        other = s.scalars(
            select(m.Client.id).where(m.Client.coach_id != staff_id).order_by(m.Client.id)
        ).first()
        employer = s.scalars(select(m.Employer.id).order_by(m.Employer.id)).first()
        source = s.scalars(select(m.ReferralSource.id).order_by(m.ReferralSource.id)).first()
    db = demo.as_staff(key)
    employer_contact = {
        "date": TODAY,
        "staff_id": staff_id,
        "employer_id": employer,
        "client_id": own,
        "face_to_face": True,
        "purpose": "client_strengths",
    }
    client_contact = {"date": TODAY, "staff_id": staff_id, "client_id": own, "kind": "meeting"}
    before = snapshot(demo.database)

    with pytest.raises(ValidationFailed) as refused:
        employer_contacts.create(db, team, {**employer_contact, "client_id": other}, TODAY)
    assert [e.field for e in refused.value.errors] == ["client_id"]
    with pytest.raises(AccessDenied):
        employer_contacts.create(db, team, {**employer_contact, "staff_id": colleague}, TODAY)
    # A new employer typed on the form is not added either.
    with pytest.raises(AccessDenied):
        employer_contacts.create(
            db,
            team,
            {
                **employer_contact,
                "staff_id": colleague,
                "employer_id": None,
                "new_employer": "Uusi",
            },
            TODAY,
        )
    with pytest.raises(ValidationFailed) as refused:
        client_contacts.create(db, team, {**client_contact, "client_id": other}, TODAY)
    assert [e.field for e in refused.value.errors] == ["client_code"]
    with pytest.raises(AccessDenied):
        client_contacts.create(db, team, {**client_contact, "staff_id": colleague}, TODAY)
    with pytest.raises(ValidationFailed) as refused:
        feedback.create(db, team, {"date": TODAY, "client_id": other, "score": 3}, TODAY)
    assert [e.field for e in refused.value.errors] == ["client_code"]
    new_client = {
        "client_code": "UUSI01",
        "coach_id": colleague,
        "source_id": source,
        "referral_date": TODAY,
    }
    with pytest.raises(AccessDenied):
        clients.create(db, team, new_client, TODAY)
    # Straight through the session: refused before anything is written.
    with pytest.raises(AccessDenied), db.write() as s:
        s.add(m.ClientContact(client_id=own, staff_id=colleague, date=TODAY, kind="meeting"))
    assert snapshot(demo.database) == before
    refused = ["employer_contact", "employer_contact", "client_contact", "client", "client_contact"]
    assert refusals_only(demo.database, 0) == refused

    # The same, for the own client and as themselves, is saved (and logged).
    saved = employer_contacts.create(db, team, employer_contact, TODAY)
    contact = client_contacts.create(db, team, client_contact, TODAY)
    made = clients.create(db, team, {**new_client, "coach_id": staff_id}, TODAY)
    with db.read() as s:
        assert s.get(m.EmployerContact, saved.id).client_id == own
        assert s.get(m.ClientContact, contact.id).staff_id == staff_id
        assert s.get(m.Client, made.id).code == "UUSI01"
    logged = [(row.entity, row.entity_id, row.action) for row in audit_rows(demo.database)]
    assert logged[len(refused) :] == [
        ("employer_contact", str(saved.id), "create"),
        ("client_contact", str(contact.id), "create"),
        ("client", str(made.id), "create"),
    ]


# ------------------------------------------------------------- 2. team isolation
@dataclass
class Built:
    team_id: int
    leader_id: int
    coach_id: int
    client_id: int
    user_id: int
    rows: dict[type, set[tuple]] = field(default_factory=dict)


def build_team(s, key: str, *, logged: bool = True) -> Built:
    """A team with one row in every table that belongs to a team (directly or through a
    client, meeting, action or assessment), and the primary keys of the rows."""
    rows: dict[type, set[tuple]] = {}

    def add(row, shared: bool = False):
        s.add(row)
        s.flush()
        if not shared:
            key_values = inspect(type(row)).primary_key_from_instance(row)
            rows.setdefault(type(row), set()).add(tuple(key_values))
        return row

    day = date(2025, 3, 3)
    team = add(m.Team(key=key, name=f"Tiimi {key}"))
    staff = dict(team_id=team.id, fte=1.0)
    leader = add(m.Staff(key=f"{key}-L", name="Vetäjä", role="team_leader", **staff))
    coach = add(m.Staff(key=f"{key}-C", name="Valmentaja", role="coach", **staff))
    source = add(m.ReferralSource(key=f"{key}-R", team_id=team.id, name="Lähde", kind="other"))
    client = add(
        m.Client(
            team_id=team.id,
            code=f"{key}C001",
            coach_id=coach.id,
            source_id=source.id,
            referral_date=date(2025, 1, 2),
            service_start=date(2025, 1, 3),
        )
    )
    of_client = dict(client_id=client.id)
    employer = add(m.Employer(key=f"{key}-E", name=f"Työnantaja {key}"), shared=True)
    add(m.AppSetting(key=f"setting-{key}", value=1), shared=True)
    add(m.ClientPlan(kind="vocational_profile", date=day, note="muistio", **of_client))
    add(m.ModuleEpisode(module="1", start_date=day, **of_client))
    period = add(m.CoachingPeriod(start_date=day, end_date=day + timedelta(days=60), **of_client))
    add(m.CoachingPeriodGoal(period_id=period.id, goal="job_search_skills"))
    add(m.ClientContact(staff_id=coach.id, date=day, kind="meeting", **of_client))
    add(m.Feedback(date=day, score=4, comment="hyvä", **of_client))
    job = dict(title="Työ", job_type="siivous", competitive=True, permanent=True)
    add(m.Job(key=f"{key}-J1", employer_id=employer.id, start_date=day, **job, **of_client))
    contact = dict(date=day, staff_id=coach.id, employer_id=employer.id, face_to_face=True)
    add(m.EmployerContact(client_id=client.id, **contact))
    add(m.EmployerContact(client_id=None, **contact))
    add(m.EmployerLogReview(team_id=team.id, week_start=day, reviewed_on=day))
    meeting = add(m.TeamMeeting(team_id=team.id, date=day, kind="coaching_supervision"))
    add(m.TeamMeetingAttendee(meeting_id=meeting.id, staff_id=coach.id))
    add(m.TeamMeetingDecision(meeting_id=meeting.id, number=1, text="Päätös"))
    steering = add(m.SteeringMeeting(key=f"{key}-SM1", team_id=team.id, date=day))
    action = add(
        m.SteeringAction(key=f"{key}-SA1", team_id=team.id, title="Toimi", meeting_id=steering.id)
    )
    add(m.SteeringActionItem(action_id=action.id, item=3))
    add(m.SteeringActionNote(action_id=action.id, date=day, text="Huomio"))
    assessment = add(m.FidelityAssessment(key=f"{key}-F1", team_id=team.id, date=day))
    add(m.FidelityItemScore(assessment_id=assessment.id, item=1, score=3))
    add(m.FidelitySubcriterion(assessment_id=assessment.id, item=5, number=1))
    add(m.QuarterlyGoal(team_id=team.id, quarter="2025Q1", measure="jobs", target=2.0))
    add(m.TeamSetting(team_id=team.id, key="window", value=30))
    if hasattr(m, "ResultArchive"):  # kept by `ote purge`
        add(
            m.ResultArchive(
                team_id=team.id,
                label="2024Q4",
                first=date(2024, 10, 1),
                last=date(2024, 12, 31),
                figures={"clients": 1},
                purged_before=date(2025, 1, 1),
            )
        )
    user = add(
        m.UserAccount(
            username=f"{key.lower()}-vetaja",
            role="team_leader",
            team_id=team.id,
            staff_id=leader.id,
        )
    )
    if logged:
        add(
            m.AuditLog(
                actor="x", action="view", entity="client", team_id=team.id, client_code=client.code
            )
        )
    return Built(team.id, leader.id, coach.id, client.id, user.id, rows)


@pytest.fixture
def two_teams(database) -> tuple[Database, Built, Built]:
    with database.write() as s:
        a = build_team(s, "AAA")
        b = build_team(s, "BBB")
    return database, a, b


def test_every_table_is_built_for_both_teams(two_teams):
    _, a, b = two_teams
    # Data versions are raised at commit, not built.
    assert set(a.rows) == set(b.rows) == set(TABLES) - SHARED_TABLES - {m.DataVersion}


def test_a_team_leader_sees_no_row_of_another_team_in_any_table(two_teams):
    database, a, b = two_teams
    leader = principal(UserRole.TEAM_LEADER, a.team_id, a.leader_id, user_id=a.user_id)
    with database.read() as s:
        every = {model: primary_keys(s, model) for model in TABLES}
    with acting_as(database, leader).read() as s:
        for model in TABLES:
            seen = primary_keys(s, model)
            assert not seen & b.rows.get(model, set()), model.__tablename__
            if model in SHARED_TABLES:
                expected = every[model]
            elif model is m.AuditLog:
                expected = set()  # only an admin reads the log
            elif model is m.DataVersion:
                expected = every[model] & {(0,), (a.team_id,)}  # own team's and everyone's
            else:
                expected = a.rows[model]
            assert seen == expected, model.__tablename__
        # Entities, joins and counts alike.
        assert s.scalars(select(m.Client)).all() == [s.get(m.Client, a.client_id)]
        assert s.get(m.Client, b.client_id) is None
        joined = select(func.count()).select_from(m.ClientContact).join(m.Client)
        assert s.execute(joined).scalar_one() == 1
        assert count(s, m.Staff, m.Staff.team_id == b.team_id) == 0


def test_a_team_leader_cannot_change_another_teams_rows(two_teams):
    database, a, b = two_teams
    db = acting_as(
        database, principal(UserRole.TEAM_LEADER, a.team_id, a.leader_id, user_id=a.user_id)
    )
    with database.read() as s:
        b_contact = s.scalars(
            select(m.ClientContact.id).where(m.ClientContact.client_id == b.client_id)
        ).one()
        b_meeting = s.scalars(select(m.TeamMeeting.id).where(m.TeamMeeting.team_id == b.team_id))
        b_meeting = b_meeting.one()
    before = snapshot(database)
    for team_id in (a.team_id, b.team_id):
        with pytest.raises(REFUSED):
            clients.update(db, team_id, b.client_id, {"end_reason": "x"}, TODAY)
        with pytest.raises(REFUSED):
            client_contacts.update(db, team_id, b_contact, {"minutes": 5}, TODAY)
        with pytest.raises(REFUSED):
            organisation.update_staff(db, team_id, b.coach_id, {"name": "Muutettu"})
        with pytest.raises(REFUSED):
            organisation.delete_staff(db, team_id, b.coach_id)
        with pytest.raises(REFUSED):
            delete_rows(db, m.Client, team_id, [b.client_id])
        with pytest.raises(REFUSED):
            delete_rows(db, m.TeamMeeting, team_id, [b_meeting])
    # Straight through the session.
    bulk_changes_nothing(
        db, update(m.Client).where(m.Client.team_id == b.team_id).values(end_reason="x")
    )
    bulk_changes_nothing(
        db, delete(m.TeamMeetingAttendee).where(m.TeamMeetingAttendee.meeting_id == b_meeting)
    )
    refused_writes = [
        m.Client(
            team_id=b.team_id,
            code="UUSI1",
            coach_id=b.coach_id,
            source_id=next(iter(b.rows[m.ReferralSource]))[0],
            referral_date=TODAY,
        ),
        m.Staff(key="X-1", team_id=b.team_id, name="X", role="coach", fte=1.0),
        m.TeamSetting(team_id=b.team_id, key="other", value=1),
        m.QuarterlyGoal(team_id=b.team_id, quarter="2025Q2", measure="jobs", target=1.0),
    ]
    for row in refused_writes:
        with pytest.raises(AccessDenied), db.write() as s:
            s.add(row)
    # Changing or deleting B's rows, read without a principal, is refused.
    changes = ((m.Client, b.client_id, "end_reason"), (m.Staff, b.coach_id, "name"))
    for model, row_id, column in changes:
        with pytest.raises(AccessDenied), db.write() as s:
            row = s.merge(detached(database, model, row_id), load=False)
            setattr(row, column, "Muutettu")
        with pytest.raises(AccessDenied), db.write() as s:
            s.delete(s.merge(detached(database, model, row_id), load=False))
    # Moving an own row to the other team is refused too.
    with pytest.raises(AccessDenied), db.write() as s:
        s.get(m.Client, a.client_id).team_id = b.team_id
    after = snapshot(database)
    assert after == before
    refusals_only(database, 2)  # build_team logged one row for each team


@pytest.mark.parametrize("row", ["attendee", "client_contact", "employer_contact", "goal"])
def test_rows_under_another_teams_parent_are_refused(two_teams, row):
    database, a, b = two_teams
    db = acting_as(
        database, principal(UserRole.TEAM_LEADER, a.team_id, a.leader_id, user_id=a.user_id)
    )
    with database.read() as s:
        meeting = s.scalars(select(m.TeamMeeting.id).where(m.TeamMeeting.team_id == b.team_id))
        meeting = meeting.one()
        period = s.scalars(
            select(m.CoachingPeriod.id).where(m.CoachingPeriod.client_id == b.client_id)
        ).one()
        employer = s.scalars(select(m.Employer.id).order_by(m.Employer.id)).first()
    new = {
        "attendee": m.TeamMeetingAttendee(meeting_id=meeting, staff_id=a.coach_id),
        "client_contact": m.ClientContact(
            client_id=b.client_id, staff_id=a.coach_id, date=TODAY, kind="meeting"
        ),
        "employer_contact": m.EmployerContact(
            date=TODAY, staff_id=b.coach_id, employer_id=employer, face_to_face=True
        ),
        "goal": m.CoachingPeriodGoal(period_id=period, goal="working_life_skills"),
    }[row]
    before = snapshot(database)
    with pytest.raises(AccessDenied), db.write() as s:
        s.add(new)
    assert snapshot(database) == before


def test_a_coach_cannot_add_a_row_under_another_coachs_client(demo):
    staff_id = demo.staff[COACH]
    with demo.database.read() as s:
        other = s.scalars(
            select(m.Client.id).where(m.Client.coach_id != staff_id).order_by(m.Client.id)
        ).first()
    before = snapshot(demo.database)
    with pytest.raises(AccessDenied), demo.as_staff(COACH).write() as s:
        s.add(m.ClientContact(client_id=other, staff_id=staff_id, date=TODAY, kind="meeting"))
    assert snapshot(demo.database) == before


# ---------------------------------------------------------------------- 3. manager
def test_a_manager_gets_the_briefing_and_the_purchaser_report(demo):
    manager = acting_as(demo.database, principal(UserRole.MANAGER, demo.team_id, actor="johto"))
    first, last = date(2026, 1, 1), date(2026, 3, 31)
    with demo.database.read() as s:
        code = s.scalars(select(m.Client.code).order_by(m.Client.id)).first()
        expected_briefing = briefing(s, demo.team_id, TODAY, "en")
        expected_report = purchaser_report(s, demo.team_id, first, last, "en")
    with manager.read() as s:
        assert briefing(s, demo.team_id, TODAY, "en") == expected_briefing
        assert purchaser_report(s, demo.team_id, first, last, "en") == expected_report
        # Outside the @aggregate functions the session is strict again.
        with pytest.raises(AccessDenied):
            s.execute(select(m.Client.code)).all()
        with pytest.raises(AccessDenied):
            client_timeline(s, demo.team_id, code)


@pytest.fixture
def one_team(database) -> tuple[Database, Built]:
    with database.write() as s:
        built = build_team(s, "MGR", logged=False)
        s.add(m.Client(**{**client_values(s, built), "code": "MGRC002"}))
    return database, built


def client_values(s, built: Built) -> dict:
    client = s.get(m.Client, built.client_id)
    return client.model_dump(exclude={"id"})


def manager_of(database: Database, built: Built) -> Database:
    return acting_as(database, principal(UserRole.MANAGER, built.team_id, actor="johto"))


MANAGER_REFUSED = {
    "client code": lambda: select(m.Client.code),
    "client rows": lambda: select(m.Client),
    "client id": lambda: select(m.Client.id),
    "client dates": lambda: select(m.Client.referral_date, m.Client.team_id),
    "contact date": lambda: select(m.ClientContact.date),
    "contact place": lambda: select(m.ClientContact.place),
    "plan note": lambda: select(m.ClientPlan.note),
    "feedback comment": lambda: select(m.Feedback.comment),
    "employer contact tip": lambda: select(m.EmployerContact.job_tip),
    "job rows": lambda: select(m.Job),
    "labelled code": lambda: select(m.Client.code.label("x")),
    "code in an expression": lambda: select(func.lower(m.Client.code)),
    "code beside a count": lambda: select(m.Client.code, func.count()).group_by(m.Client.code),
    "aliased rows": lambda: select(aliased(m.Client)),
    "scalar subquery": lambda: select(select(m.Client.code).limit(1).scalar_subquery()),
}


def test_a_manager_cannot_read_client_rows_or_columns(one_team):
    database, built = one_team
    manager = manager_of(database, built)
    for name, query in MANAGER_REFUSED.items():
        with manager.read() as s, pytest.raises(AccessDenied):
            s.execute(query()).all()
            pytest.fail(f"{name} was returned to a manager")
    with manager.read() as s, pytest.raises(AccessDenied):
        s.get(m.Client, built.client_id)


def test_a_manager_reads_aggregates(one_team):
    database, built = one_team
    with manager_of(database, built).read() as s:
        assert s.execute(select(func.count(m.Client.id))).scalar_one() == 2
        assert s.execute(select(func.count()).select_from(m.ClientContact)).scalar_one() == 1
        grouped = select(m.Client.coach_id, func.count(m.Client.id)).group_by(m.Client.coach_id)
        assert s.execute(grouped).all() == [(built.coach_id, 2)]
        scores = select(func.avg(m.Feedback.score), func.sum(m.Feedback.score))
        assert tuple(s.execute(scores).one()) == (4, 4)
        # The smallest or largest value is one client's: not an aggregate.
        for one_value in (func.max(m.Client.code), func.min(m.Client.service_start)):
            with pytest.raises(AccessDenied):
                s.execute(select(one_value))
        # Counts filtered by a client column are still counts.
        started = select(func.count(m.Client.id)).where(m.Client.service_start < TODAY)
        assert s.execute(started).scalar_one() == 2
        assert s.execute(select(m.Staff.name).order_by(m.Staff.name)).scalars().all() == [
            "Valmentaja",
            "Vetäjä",
        ]


def test_a_manager_reads_whole_rows_of_other_tables(one_team):
    database, built = one_team
    with manager_of(database, built).read() as s:
        assert audit.search(s, audit.LogFilter()) == []  # a manager reads no log
        assert s.get(m.Team, built.team_id).key == "MGR"
        assert len(s.scalars(select(m.Staff)).all()) == 2


MANAGER_LEAKS = {
    "aliased column": lambda: select(aliased(m.Client).code),
    "subquery column": lambda: select(select(m.Client.code).subquery().c.code),
    "cte column": lambda: select(select(m.Client.code).cte().c.code),
}


@pytest.mark.parametrize("query", MANAGER_LEAKS.values(), ids=MANAGER_LEAKS.keys())
def test_a_manager_cannot_read_client_codes_through_an_alias_or_subquery(one_team, query):
    database, built = one_team
    with manager_of(database, built).read() as s:
        try:
            codes = s.execute(query()).scalars().all()
        except AccessDenied:
            return
    raise AssertionError(f"client codes {codes} were returned to a manager")


def test_a_manager_may_union_counts(one_team):
    database, built = one_team
    statement = select(func.count(m.Client.id)).union_all(select(func.count(m.Job.id)))
    with manager_of(database, built).read() as s:
        assert sorted(s.execute(statement).scalars()) == [1, 2]


def test_a_manager_writes_nothing(one_team):
    database, built = one_team
    manager = manager_of(database, built)
    with database.read() as s:
        employer = s.scalars(select(m.Employer.id)).one()
    before = snapshot(database)
    attempts = {
        "new employer": lambda s: s.add(m.Employer(key="MGR-E2", name="Johdon työnantaja")),
        "new setting": lambda s: s.add(m.TeamSetting(team_id=built.team_id, key="x", value=1)),
        "new contact": lambda s: s.add(
            m.EmployerContact(
                date=TODAY, staff_id=built.coach_id, employer_id=employer, face_to_face=True
            )
        ),
        "team renamed": lambda s: setattr(
            s.merge(detached(database, m.Team, built.team_id), load=False), "name", "X"
        ),
        "client changed": lambda s: setattr(
            s.merge(detached(database, m.Client, built.client_id), load=False), "legal_hold", True
        ),
        "staff deleted": lambda s: s.delete(
            s.merge(detached(database, m.Staff, built.coach_id), load=False)
        ),
        "bulk update": lambda s: s.execute(update(m.Team).values(name="X")),
        "bulk delete": lambda s: s.execute(delete(m.Feedback)),
        "bulk client update": lambda s: s.execute(update(m.Client).values(legal_hold=True)),
    }
    for name, attempt in attempts.items():
        with pytest.raises(AccessDenied), manager.write() as s:
            attempt(s)
            s.flush()
            pytest.fail(f"{name} was allowed")
    contact = {"date": TODAY, "staff_id": built.coach_id, "employer_id": employer}
    with pytest.raises(AccessDenied):
        employer_contacts.create(manager, built.team_id, {**contact, "face_to_face": True}, TODAY)
    assert snapshot(database) == before
    assert len(refusals_only(database, 0)) == len(attempts) + 1


# ------------------------------------------------------------------ 4. access log
@pytest.fixture
def log_team(database) -> tuple[Database, Built]:
    with database.write() as s:
        built = build_team(s, "LOG", logged=False)
    return database, built


def entries(database: Database) -> list[tuple]:
    return [
        (e.actor, e.action, e.entity, e.entity_id, e.team_id, e.client_code, e.page)
        for e in audit_rows(database)
    ]


def test_every_write_is_logged_with_who_what_and_where(log_team):
    database, built = log_team
    coach = acting_as(
        database,
        principal(UserRole.COACH, built.team_id, built.coach_id, actor="anna", page="log_x"),
    )
    leader = acting_as(
        database,
        principal(UserRole.TEAM_LEADER, built.team_id, built.leader_id, actor="vetaja"),
    )
    team, code = built.team_id, "LOGC001"
    started = datetime.now(UTC) - timedelta(seconds=5)
    values = {"date": TODAY, "staff_id": built.coach_id, "client_id": built.client_id}
    contact = client_contacts.create(coach, team, {**values, "kind": "meeting"}, TODAY).id
    client_contacts.update(coach, team, contact, {"minutes": 30}, TODAY)
    clients.update(coach, team, built.client_id, {"consent_family": True}, TODAY)
    with coach.write() as s:
        s.delete(s.get(m.ClientContact, contact))
    staff = organisation.create_staff(
        leader, team, {"name": "Uusi", "role": "job_finder", "fte": 1.0}
    ).id
    assert entries(database) == [
        ("anna", "create", "client_contact", str(contact), team, code, "log_x"),
        ("anna", "update", "client_contact", str(contact), team, code, "log_x"),
        ("anna", "update", "client", str(built.client_id), team, code, "log_x"),
        ("anna", "delete", "client_contact", str(contact), team, code, "log_x"),
        ("vetaja", "create", "staff", str(staff), team, None, None),
    ]
    logged = audit_rows(database)
    assert [e.detail for e in logged] == [
        None,
        {"fields": ["minutes"]},
        {"fields": ["consent_family"]},
        None,
        None,
    ]
    for entry in logged:
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        assert started <= at <= datetime.now(UTC) + timedelta(seconds=5)


def test_a_write_that_fails_after_the_flush_leaves_neither_row_nor_log(log_team):
    database, built = log_team
    coach = acting_as(database, principal(UserRole.COACH, built.team_id, built.coach_id))
    with pytest.raises(RuntimeError), coach.write() as s:
        s.add(m.Feedback(client_id=built.client_id, date=TODAY, score=5))
        s.flush()
        # Within the transaction both are there (read past the row filters).
        assert s.connection().execute(text("SELECT count(*) FROM audit_log")).scalar() == 1
        assert s.connection().execute(text("SELECT count(*) FROM feedback")).scalar() == 2
        raise RuntimeError("the save failed after the flush")
    # A refused write leaves no row either; only the refusal is logged.
    with pytest.raises(AccessDenied), coach.write() as s:
        s.add(m.TeamSetting(team_id=built.team_id, key="x", value=1))
    with database.read() as s:
        assert count(s, m.Feedback) == 1
        assert count(s, m.TeamSetting) == 1
    assert refusals_only(database, 0) == ["team_setting"]


def test_only_an_admin_reads_the_log(log_team):
    database, built = log_team
    coach = acting_as(
        database, principal(UserRole.COACH, built.team_id, built.coach_id, actor="anna")
    )
    assert audit.record_view(coach, "client", ["LOGC001"], built.team_id) == 1
    with coach.write() as s:
        s.add(m.Feedback(client_id=built.client_id, date=TODAY, score=5))
    everyone = audit.LogFilter()
    header = ",".join(audit.EXPORT_COLUMNS) + "\n"
    for role, staff in ((UserRole.COACH, built.coach_id), (UserRole.TEAM_LEADER, built.leader_id)):
        with acting_as(database, principal(role, built.team_id, staff)).read() as s:
            assert audit.search(s, everyone) == []
            assert audit.count(s, everyone) == 0
            assert audit.export_csv(s, everyone).decode("utf-8-sig") == header
            assert s.scalars(select(m.AuditLog)).all() == []
            assert count(s, m.AuditLog) == 0
    with manager_of(database, built).read() as s:
        assert audit.count(s, everyone) == 0
    admin = acting_as(database, principal(UserRole.ADMIN, None, actor="admin"))
    with admin.read() as s:
        assert audit.count(s, everyone) == 2
        assert [e.action for e in audit.search(s, everyone)] == ["create", "list"]


def test_the_log_is_append_only_in_the_database(log_team, backend):
    database, built = log_team
    coach = acting_as(database, principal(UserRole.COACH, built.team_id, built.coach_id))
    audit.record_view(coach, "client", ["LOGC001"], built.team_id)
    before = entries(database)
    statements = ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"]
    if backend == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), database.write_engine.begin() as c:
            c.execute(text(statement))
    # Nor through an ORM session, even without a principal.
    with pytest.raises(AccessDenied), database.write() as s:
        s.scalars(select(m.AuditLog)).one().actor = "someone else"
    with pytest.raises(AccessDenied), database.write() as s:
        s.delete(s.scalars(select(m.AuditLog)).one())
    assert entries(database) == before
    # Appending is allowed.
    with database.write_engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, entity) VALUES "
                "(CURRENT_TIMESTAMP, 'cli', 'export', 'client')"
            )
        )
    assert len(entries(database)) == 2


def test_record_view_logs_one_row_per_client_code(log_team):
    database, built = log_team
    coach = acting_as(
        database,
        principal(UserRole.COACH, built.team_id, built.coach_id, actor="anna", page="client"),
    )
    codes = ["LOGC002", "LOGC001", "LOGC001", None, ""]
    assert audit.record_view(coach, "client_contact", codes, built.team_id) == 2
    assert audit.record_view(coach, "client", [], built.team_id, action=AuditAction.VIEW) == 1
    # Without a principal nothing is logged.
    assert audit.record_view(database, "client", ["LOGC001"], built.team_id) == 0
    team = built.team_id
    assert entries(database) == [
        ("anna", "list", "client_contact", None, team, "LOGC001", "client"),
        ("anna", "list", "client_contact", None, team, "LOGC002", "client"),
        ("anna", "view", "client", None, team, None, "client"),
    ]


def test_search_count_and_export_filter_the_log(log_team):
    database, built = log_team
    team = built.team_id
    written = [
        (datetime(2026, 1, 10, 8, 0, tzinfo=UTC), "anna", "view", "client", team, "A1"),
        (datetime(2026, 1, 10, 23, 59, tzinfo=UTC), "Bert", "update", "job", team, "A1"),
        (datetime(2026, 1, 11, 0, 0, tzinfo=UTC), "anna", "create", "job", team, "B2"),
        (datetime(2026, 2, 1, 12, 0, tzinfo=UTC), "anna", "list", "client", None, None),
    ]
    with database.write() as s:
        for at, actor, action, entity, team_id, code in written:
            s.add(
                m.AuditLog(
                    at=at,
                    actor=actor,
                    action=action,
                    entity=entity,
                    team_id=team_id,
                    client_code=code,
                    detail={"fields": ["end_date"]} if action == "update" else None,
                )
            )
    with database.read() as s:
        ids = s.scalars(select(m.AuditLog.id).order_by(m.AuditLog.at)).all()
    admin = acting_as(database, principal(UserRole.ADMIN, None, actor="admin"))
    F = audit.LogFilter
    cases = {
        F(): [3, 2, 1, 0],
        F(actor=" ANNA "): [3, 2, 0],
        F(client_code="A1"): [1, 0],
        F(action="update"): [1],
        F(team_id=team): [2, 1, 0],
        F(since=date(2026, 1, 11)): [3, 2],
        F(until=date(2026, 1, 10)): [1, 0],
        F(since=date(2026, 1, 10), until=date(2026, 1, 10)): [1, 0],
        F(since=date(2026, 1, 12), until=date(2026, 1, 31)): [],
        F(actor="anna", client_code="A1"): [0],
        F(actor="anna", action="create", since=date(2026, 1, 11)): [2],
    }
    with admin.read() as s:
        for where, expected in cases.items():
            assert [e.id for e in audit.search(s, where)] == [ids[i] for i in expected], where
            assert audit.count(s, where) == len(expected), where
            rows = list(csv.reader(io.StringIO(audit.export_csv(s, where).decode("utf-8-sig"))))
            assert rows[0] == list(audit.EXPORT_COLUMNS)
            assert [row[1] for row in rows[1:]] == [written[i][1] for i in reversed(expected)]
        assert [e.id for e in audit.search(s, F(), limit=2)] == [ids[3], ids[2]]
        exported = audit.export_csv(s, F(action="update"))
    assert exported.startswith("\ufeff".encode())
    (row,) = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert row["at"].startswith("2026-01-10T23:59:00")
    assert (row["actor"], row["action"], row["entity"], row["entity_id"]) == (
        "Bert",
        "update",
        "job",
        "",
    )
    assert (row["team_id"], row["client_code"], row["page"]) == (str(team), "A1", "")
    assert row["detail"] == '{"fields": ["end_date"]}'


def test_a_delete_through_the_delete_button_is_logged_with_the_client(log_team):
    database, built = log_team
    leader = acting_as(
        database,
        principal(UserRole.TEAM_LEADER, built.team_id, built.leader_id, actor="vetaja"),
    )
    with database.read() as s:
        feedback_id = s.scalars(select(m.Feedback.id)).one()
    with contextlib.suppress(AccessDenied):
        delete_rows(leader, m.Feedback, built.team_id, [feedback_id])
    assert entries(database) == [
        ("vetaja", "delete", "feedback", str(feedback_id), built.team_id, "LOGC001", None)
    ]


# ------------------------------------------------------------------- 5. accounts
PASSWORD = "oikein-hyvä-salasana"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


@pytest.fixture
def accounts(database, monkeypatch) -> tuple[Database, Built, Built]:
    # argon2id with cheaper parameters, so that the many sign-ins below take little time.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    with database.write() as s:
        own = build_team(s, "AUT", logged=False)
        other = build_team(s, "OTH", logged=False)
        users.add_user(s, "anna", "coach", team_key="AUT", staff_key="AUT-C", password=PASSWORD)
    return database, own, other


def account(database: Database, username: str) -> m.UserAccount:
    with database.read() as s:
        found = s.scalars(select(m.UserAccount).where(m.UserAccount.username == username)).one()
        s.expunge(found)
        return found


ADD_USER_PROBLEMS = {
    "username format": (
        dict(username="Ei kelpaa!", role="team_leader", team_key="AUT"),
        [("username", "username_format")],
    ),
    "username taken": (
        dict(username=" ANNA ", role="team_leader", team_key="AUT"),
        [("username", "username_taken")],
    ),
    "password too short": (
        dict(username="bert", role="team_leader", team_key="AUT", password="lyhyt"),
        [("password", "password_too_short")],
    ),
    "coach without staff": (
        dict(username="bert", role="coach", team_key="AUT"),
        [("staff_id", "required")],
    ),
    "job finder without staff": (
        dict(username="bert", role="job_finder", team_key="AUT"),
        [("staff_id", "required")],
    ),
    "admin with a team": (
        dict(username="bert", role="admin", team_key="AUT"),
        [("team_id", "admin_every_team")],
    ),
    "team leader without a team": (
        dict(username="bert", role="team_leader"),
        [("team_id", "required")],
    ),
    "staff of another team": (
        dict(username="bert", role="coach", team_key="AUT", staff_key="OTH-C"),
        [("staff_id", "not_in_team")],
    ),
}


def test_add_user_names_the_wrong_field(accounts):
    database, _, _ = accounts
    for case, (given, expected) in ADD_USER_PROBLEMS.items():
        given = {"password": PASSWORD, **given}
        with database.write() as s:
            accounts_before = users.count_users(s)  # anna, and each team's leader
            assert accounts_before == 3
            with pytest.raises(ValidationFailed) as refused:
                users.add_user(s, given.pop("username"), given.pop("role"), **given)
            assert [(e.field, e.key) for e in refused.value.errors] == expected, case
            assert users.count_users(s) == accounts_before


def test_add_user_stores_only_an_argon2_hash(accounts):
    database, own, _ = accounts
    anna = account(database, "anna")
    assert anna.password_hash.startswith("$argon2id$")
    assert PASSWORD not in anna.password_hash
    assert (anna.role, anna.team_id, anna.staff_id) == ("coach", own.team_id, own.coach_id)
    with database.write() as s:
        made = users.add_user(s, " Bert.B@x ", "manager", email="Bert@Example.FI")
        assert (made.username, made.email, made.password_hash) == (
            "bert.b@x",
            "bert@example.fi",
            None,
        )
        assert made.team_id is None


def test_sign_in_with_the_right_and_a_wrong_password(accounts):
    database, own, _ = accounts
    result = users.sign_in(database, " Anna ", PASSWORD, now=T0)
    assert result.problem is None
    assert (result.user.username, result.user.role) == ("anna", UserRole.COACH)
    assert (result.user.team_id, result.user.staff_id) == (own.team_id, own.coach_id)
    assert aware(account(database, "anna").last_sign_in_at) == T0
    assert users.sign_in(database, "anna", PASSWORD + "x", now=T0) == users.SignInResult(
        None, "wrong"
    )
    assert users.sign_in(database, "nobody", PASSWORD, now=T0) == users.SignInResult(None, "wrong")
    assert account(database, "anna").failed_attempts == 1


def test_five_wrong_passwords_lock_the_account(accounts):
    database, _, _ = accounts
    wrong = "väärä-salasana-123"
    # A right password in between starts the count again.
    for _ in range(users.LOCKOUT_ATTEMPTS - 1):
        assert users.sign_in(database, "anna", wrong, now=T0).problem == "wrong"
    assert users.sign_in(database, "anna", PASSWORD, now=T0).problem is None
    for _ in range(users.LOCKOUT_ATTEMPTS - 1):
        assert users.sign_in(database, "anna", wrong, now=T0).problem == "wrong"
    locked = users.sign_in(database, "anna", wrong, now=T0)
    until = T0 + users.LOCKOUT_TIME
    assert (locked.user, locked.problem, aware(locked.locked_until)) == (None, "locked", until)
    assert aware(account(database, "anna").locked_until) == until
    # Even the right password is refused until the lock ends.
    for moment in (T0 + timedelta(minutes=1), until - timedelta(seconds=1)):
        result = users.sign_in(database, "anna", PASSWORD, now=moment)
        assert (result.user, result.problem, aware(result.locked_until)) == (None, "locked", until)
    result = users.sign_in(database, "anna", PASSWORD, now=until + timedelta(seconds=1))
    assert result.problem is None and result.user.username == "anna"
    anna = account(database, "anna")
    assert (anna.failed_attempts, anna.locked_until) == (0, None)


def test_a_disabled_or_password_less_account_cannot_sign_in(accounts):
    database, _, _ = accounts
    with database.write() as s:
        users.set_active(s, "anna", False)
        users.add_user(s, "carl", "manager", oidc_subject="sub-carl")
    assert users.sign_in(database, "anna", PASSWORD, now=T0).problem == "wrong"
    assert users.sign_in(database, "carl", "", now=T0).problem == "wrong"
    with database.write() as s:
        users.set_active(s, "anna", True)
    assert users.sign_in(database, "anna", PASSWORD, now=T0).problem is None


def test_identity_provider_user_by_subject_then_by_email(accounts):
    database, own, _ = accounts
    with database.write() as s:
        users.add_user(s, "bert", "team_leader", team_key="AUT", email="Bert@Example.fi")
        users.add_user(s, "carl", "manager", email="carl@example.fi", oidc_subject="sub-carl")
    # By e-mail (any case), and the subject is remembered …
    user = users.identity_provider_user(
        database, subject="sub-bert", email=" BERT@example.fi ", now=T0
    )
    assert (user.username, user.role, user.team_id) == ("bert", UserRole.TEAM_LEADER, own.team_id)
    bert = account(database, "bert")
    assert (bert.oidc_subject, aware(bert.last_sign_in_at)) == ("sub-bert", T0)
    # … so that the subject alone finds the account next time.
    assert users.identity_provider_user(database, subject="sub-bert", email=None).username == (
        "bert"
    )
    # The subject wins over the e-mail address.
    found = users.identity_provider_user(database, subject="sub-carl", email="bert@example.fi")
    assert found.username == "carl"
    # A remembered subject is not replaced by another one.
    found = users.identity_provider_user(database, subject="sub-other", email="bert@example.fi")
    assert found.username == "bert"
    assert account(database, "bert").oidc_subject == "sub-bert"
    # Unknown, or disabled: no access.
    assert users.identity_provider_user(database, subject="sub-x", email="x@example.fi") is None
    assert users.identity_provider_user(database, subject=None, email=None) is None
    with database.write() as s:
        users.set_active(s, "carl", False)
    assert users.identity_provider_user(database, subject="sub-carl", email=None) is None
