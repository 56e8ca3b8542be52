"""Active clients, waiting list and coaches on a date (DOMAIN.md §4 "Terms"),
on a hand-built team, on SQLite and PostgreSQL."""

from datetime import date

import pytest

from ote import models as m
from ote.metrics.population import active_clients, coaches_on, snapshot, waiting_clients
from ote.records_overview import record_counts

D = date(2026, 6, 30)


@pytest.fixture
def team(database):
    with database.write() as s:
        team = m.Team(key="T1", name="Testitiimi")
        other = m.Team(key="T2", name="Toinen")
        s.add_all([team, other])
        s.flush()
        coach = m.Staff(key="S1", team_id=team.id, name="A", role="coach", fte=1.0)
        part = m.Staff(key="S2", team_id=team.id, name="B", role="coach", fte=0.6)
        left = m.Staff(
            key="S3", team_id=team.id, name="C", role="coach", fte=1.0, end_date=date(2026, 6, 29)
        )
        future = m.Staff(
            key="S4", team_id=team.id, name="D", role="coach", fte=1.0, start_date=date(2026, 7, 1)
        )
        leader = m.Staff(key="S5", team_id=team.id, name="E", role="team_leader", fte=1.0)
        stranger = m.Staff(key="S6", team_id=other.id, name="F", role="coach", fte=1.0)
        s.add_all([coach, part, left, future, leader, stranger])
        s.flush()
        source = m.ReferralSource(key="R1", team_id=team.id, name="MT", kind="other")
        source2 = m.ReferralSource(key="R2", team_id=other.id, name="MT", kind="other")
        s.add_all([source, source2])
        s.flush()

        def client(code, referral, start=None, end=None, team_id=team.id, src=source.id):
            return m.Client(
                team_id=team_id,
                code=code,
                coach_id=coach.id if team_id == team.id else stranger.id,
                source_id=src,
                referral_date=referral,
                service_start=start,
                service_end=end,
            )

        s.add_all(
            [
                client("A01", date(2026, 1, 1), date(2026, 1, 10)),  # active, open-ended
                client("A02", date(2026, 1, 1), date(2026, 1, 10), D),  # ends on D: active
                client("A03", date(2026, 1, 1), date(2026, 1, 10), date(2026, 6, 29)),  # ended
                client("A04", date(2026, 6, 1), D),  # starts on D: active
                client("W01", date(2026, 6, 1)),  # waiting, never started
                client("W02", date(2026, 6, 1), date(2026, 7, 1)),  # waiting: starts after D
                client("W03", D),  # referred on D: waiting
                client("F01", date(2026, 7, 1)),  # referred after D: neither
                client("X01", date(2026, 1, 1), date(2026, 1, 2), None, other.id, source2.id),
            ]
        )
    return database


def test_active_clients(team):
    with team.read() as s:
        assert active_clients(s, 1, D) == 3  # A01, A02, A04
        assert active_clients(s, 2, D) == 1


def test_waiting_list(team):
    with team.read() as s:
        assert waiting_clients(s, 1, D) == 3  # W01, W02, W03


def test_coaches_employed_on_the_date(team):
    with team.read() as s:
        count = coaches_on(s, 1, D)
    assert count.coaches == 2  # S1 and S2; S3 left the day before, S4 starts the day after
    assert count.fte == pytest.approx(1.6)


def test_the_front_pages_snapshot(team):
    with team.read() as s:
        figures = snapshot(s, 1, D)
    assert (figures.active, figures.waiting, figures.coaches.coaches) == (3, 3, 2)
    assert figures.coaches.fte == pytest.approx(1.6)


def test_no_coaches(team):
    with team.read() as s:
        assert coaches_on(s, 99, D).coaches == 0
        assert coaches_on(s, 99, D).fte == 0.0


def test_record_counts(team):
    with team.read() as s:
        counts = {row.kind: row for row in record_counts(s, 1)}
    assert counts["clients"].count == 8
    assert counts["clients"].first == date(2026, 1, 1)
    assert counts["clients"].last == date(2026, 7, 1)
    assert counts["staff"].count == 5
    assert counts["referral_sources"].count == 1
    assert counts["referral_sources"].first is None
    assert counts["employer_contacts"].count == 0
    assert counts["employer_contacts"].last is None
    assert len(counts) == 16
