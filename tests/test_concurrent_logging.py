"""Eight people logging at once: 8 processes, each a coach signed in as themselves, each
save 500 employer contacts through the same service the form uses. On SQLite and on
PostgreSQL every contact lands, and every one is in the access log with its writer."""

from __future__ import annotations

import multiprocessing
import sys
import types
from datetime import date

from sqlalchemy import func, select

from ote import models as m
from ote.db import open_database

WRITERS = 8
CONTACTS = 500
DAY = date(2026, 6, 1)


def _log_contacts(url: str, staff_id: int, team_id: int, employer_id: int, start) -> None:
    """Worker process: one coach's 500 contacts, each saved in its own transaction."""
    from ote.access import Principal, acting_as
    from ote.enums import UserRole
    from ote.records import employer_contacts

    database = open_database(url)
    coach = Principal(
        f"coach-{staff_id}",
        UserRole.COACH,
        frozenset({team_id}),
        staff_id=staff_id,
        page="log_employer_contact",
    )
    as_coach = acting_as(database, coach)
    start.wait(timeout=120)
    try:
        for _ in range(CONTACTS):
            employer_contacts.create(
                as_coach,
                team_id,
                {
                    "date": DAY,
                    "staff_id": staff_id,
                    "employer_id": employer_id,
                    "face_to_face": True,
                },
                date(2026, 6, 30),
            )
    finally:
        database.dispose()


def test_eight_coaches_logging_at_once_all_land_in_the_log(database, monkeypatch):
    # AppTest leaves the app script as sys.modules["__main__"]; spawned workers would run it.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with database.write() as session:
        team = m.Team(key="T1", name="Tiimi")
        session.add(team)
        session.flush()
        staff = [
            m.Staff(key=f"T1-S{i}", team_id=team.id, name=f"Valmentaja {i}", role="coach", fte=1)
            for i in range(WRITERS)
        ]
        employer = m.Employer(key="T1-E1", name="Kauppa Oy")
        session.add_all([*staff, employer])
        session.flush()
        team_id, staff_ids, employer_id = team.id, [s.id for s in staff], employer.id
    url = database.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    workers = [
        context.Process(target=_log_contacts, args=(url, sid, team_id, employer_id, start))
        for sid in staff_ids
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    with database.read() as session:
        per_staff = dict(
            session.execute(
                select(m.EmployerContact.staff_id, func.count()).group_by(
                    m.EmployerContact.staff_id
                )
            ).all()
        )
        assert per_staff == dict.fromkeys(staff_ids, CONTACTS)
        logged = dict(
            session.execute(
                select(m.AuditLog.actor, func.count(func.distinct(m.AuditLog.entity_id)))
                .where(m.AuditLog.entity == "employer_contact", m.AuditLog.action == "create")
                .group_by(m.AuditLog.actor)
            ).all()
        )
        assert logged == {f"coach-{sid}": CONTACTS for sid in staff_ids}
        # Each logged row is a contact that exists, and each contact is logged once.
        ids = set(session.scalars(select(m.EmployerContact.id)))
        entries = session.scalars(
            select(m.AuditLog.entity_id).where(m.AuditLog.entity == "employer_contact")
        ).all()
        assert sorted(int(i) for i in entries) == sorted(ids)
