"""`ote purge`: clients whose service ended before a date are removed with everything
recorded about them, legal holds excepted; the results of every whole period they were
counted in stay as they were; all or nothing; in the access log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.access import Principal, acting_as
from ote.briefing import period_results
from ote.cli import main
from ote.purge import _periods, purge

CUT = date(2025, 7, 1)
TODAY = date(2026, 7, 1)


def _count(session, model, *where) -> int:
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _team(session) -> int:
    return session.scalars(select(m.Team.id).where(m.Team.key == "DEMO")).one()


def test_periods_are_whole_quarters_and_years_that_have_ended():
    assert _periods(date(2024, 11, 5), date(2025, 7, 1), date(2025, 10, 2)) == [
        ("2024Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ]  # 2025Q4 and the year 2025 have not ended on 2.10.2025


def test_purge_removes_the_ended_clients_and_keeps_the_results(demo_copy):
    with demo_copy.read() as session:
        team_id = _team(session)
        ended = session.execute(
            select(m.Client.id, m.Client.code).where(m.Client.service_end < CUT)
        ).all()
        hold_id, hold_code = ended[0]
        others = _count(session, m.Client) - len(ended)
        contacts = _count(session, m.EmployerContact)
        periods = _periods(date(2023, 1, 1), CUT, TODAY)
        before = {p: period_results(session, team_id, *p) for p in periods}
    with demo_copy.write() as session:
        session.get(m.Client, hold_id).legal_hold = True
    summary = purge(acting_as(demo_copy, Principal.system("test")), CUT, today=TODAY)
    assert summary.clients == {"DEMO": len(ended) - 1}
    assert summary.on_hold == {"DEMO": 1}
    with demo_copy.read() as session:
        assert _count(session, m.Client) == others + 1  # the one on legal hold stays
        gone = [row.id for row in ended if row.id != hold_id]
        for model in (m.ModuleEpisode, m.CoachingPeriod, m.ClientContact, m.Job, m.Feedback):
            assert _count(session, model, model.client_id.in_(gone)) == 0
        assert _count(session, m.ClientPlan, m.ClientPlan.client_id.in_(gone)) == 0
        # Employer contacts stay (they are the team's work), no longer naming the client.
        assert _count(session, m.EmployerContact) == contacts
        assert _count(session, m.EmployerContact, m.EmployerContact.client_id.in_(gone)) == 0
        after = {p: period_results(session, team_id, *p) for p in periods}
        assert after == before
        logged = session.scalars(
            select(m.AuditLog.client_code).where(m.AuditLog.action == "purge")
        ).all()
        assert sorted(logged) == sorted(code for i, code in ended if i != hold_id)
        assert hold_code not in logged
    # A second purge finds nothing more and archives nothing again.
    again = purge(demo_copy, CUT, today=TODAY)
    assert again.clients == {"DEMO": 0} and again.archived_periods == 0


def test_a_check_changes_nothing(demo_copy):
    with demo_copy.read() as session:
        clients = _count(session, m.Client)
    summary = purge(demo_copy, CUT, dry_run=True, today=TODAY)
    assert summary.total > 0 and summary.archived_periods == 0
    with demo_copy.read() as session:
        assert _count(session, m.Client) == clients
        assert _count(session, m.ResultArchive) == 0


def test_a_failing_purge_changes_nothing(demo_copy, monkeypatch):
    import ote.purge

    with demo_copy.read() as session:
        clients = _count(session, m.Client)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ote.purge, "audit_row", broken)  # fails after the deletes
    with pytest.raises(RuntimeError):
        purge(demo_copy, CUT, today=TODAY)
    with demo_copy.read() as session:
        assert _count(session, m.Client) == clients
        assert _count(session, m.ResultArchive) == 0


def test_the_command(demo_copy, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", demo_copy.url.render_as_string(False))
    assert main(["purge", "--ended-before", "2025-07-01", "--check"]) == 0
    assert "would remove" in capsys.readouterr().out
    assert main(["purge", "--ended-before", "2999-01-01"]) == 1
    assert main(["purge", "--ended-before", "2025-07-01", "--team", "NOPE"]) == 1
    assert main(["purge", "--ended-before", "2025-07-01"]) == 0
    out = capsys.readouterr().out
    assert "Removed" in out
    with demo_copy.read() as session:
        assert _count(session, m.Client, m.Client.service_end < CUT) == 0
        assert _count(session, m.AuditLog, m.AuditLog.actor.like("cli:%")) > 0
