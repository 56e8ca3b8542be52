"""Data versions and the page cache: every write raises the version of the team it
touched (and only that team's), in its own transaction; a cached page shows a saved record
at once; nothing cached for one user or one database is given to another."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from conftest import DEMO_END
from sqlalchemy import delete, select, update

from ote import models as m
from ote.access import Principal, acting_as
from ote.config import sqlite_url
from ote.data_version import versions
from ote.enums import UserRole
from ote.records import clients, employer_contacts


@pytest.fixture
def two_teams(database):
    with database.write() as session:
        teams = [m.Team(key="T1", name="Yksi"), m.Team(key="T2", name="Kaksi")]
        session.add_all(teams)
        session.flush()
        staff = [
            m.Staff(key=f"S{t.id}", team_id=t.id, name=f"Valmentaja {t.id}", role="coach", fte=1)
            for t in teams
        ]
        sources = [
            m.ReferralSource(key=f"R{t.id}", team_id=t.id, name="Sosiaalityö", kind="other")
            for t in teams
        ]
        employer = m.Employer(key="E1", name="Kauppa Oy")
        session.add_all([*staff, *sources, employer])
        session.flush()
        ids = {
            "teams": [t.id for t in teams],
            "staff": [s.id for s in staff],
            "sources": [s.id for s in sources],
            "employer": employer.id,
        }
    return database, ids


def _versions(database, team_id):
    with database.read() as session:
        return versions(session, team_id)


def _leader(database, team_id):
    return acting_as(database, Principal("vetaja", UserRole.TEAM_LEADER, frozenset({team_id})))


def test_a_write_raises_its_own_teams_version_only(two_teams):
    database, ids = two_teams
    one, two = ids["teams"]
    before = (_versions(database, one), _versions(database, two))
    employer_contacts.create(
        _leader(database, one),
        one,
        {
            "date": DEMO_END,
            "staff_id": ids["staff"][0],
            "employer_id": ids["employer"],
            "face_to_face": True,
        },
        DEMO_END,
    )
    assert _versions(database, one) == (before[0][0], before[0][1] + 1)
    assert _versions(database, two) == before[1]


def test_a_client_record_raises_the_clients_team(two_teams):
    database, ids = two_teams
    one, two = ids["teams"]
    saved = clients.create(
        _leader(database, two),
        two,
        {
            "client_code": "AB-12",
            "coach_id": ids["staff"][1],
            "source_id": ids["sources"][1],
            "referral_date": DEMO_END,
        },
        DEMO_END,
    )
    before = (_versions(database, one), _versions(database, two))
    with _leader(database, two).write() as session:
        session.add(m.Feedback(client_id=saved.id, date=DEMO_END, score=4))
    assert _versions(database, two)[1] == before[1][1] + 1  # through the client
    assert _versions(database, one) == before[0]


def test_an_employer_every_team_shares_raises_everything(two_teams):
    # Team two's pages list employers too: one added or renamed by team one's leader must
    # show there at once, so a shared row raises version 0, not the writer's team.
    database, ids = two_teams
    one, two = ids["teams"]
    before = (_versions(database, one), _versions(database, two))
    with _leader(database, one).write() as session:
        session.add(m.Employer(key="E2", name="Uusi Oy"))
    assert _versions(database, one) == (before[0][0] + 1, before[0][1])
    assert _versions(database, two) == (before[1][0] + 1, before[1][1])
    with database.write() as session:  # no user: the command line, the demo
        session.add(m.Employer(key="E3", name="Toinen Oy"))
    assert _versions(database, two)[0] == before[1][0] + 2
    with _leader(database, one).write() as session:  # a bulk statement on the shared table
        session.execute(update(m.Employer).where(m.Employer.key == "E2").values(name="Uusi Ab"))
    assert _versions(database, two)[0] == before[1][0] + 3


def test_a_rolled_back_write_raises_nothing(two_teams):
    database, ids = two_teams
    one, _ = ids["teams"]
    before = _versions(database, one)
    with pytest.raises(RuntimeError), _leader(database, one).write() as session:
        session.add(m.Employer(key="E9", name="Ei tallennu Oy"))
        session.flush()
        raise RuntimeError("peruttu")
    assert _versions(database, one) == before


def test_a_bulk_statement_raises_the_writers_teams(two_teams):
    database, ids = two_teams
    one, two = ids["teams"]
    before = (_versions(database, one), _versions(database, two))
    with _leader(database, one).write() as session:
        session.execute(delete(m.EmployerContact).where(m.EmployerContact.id == -1))
    assert _versions(database, one)[1] == before[0][1] + 1
    assert _versions(database, two) == before[1]


def test_the_demo_raises_everything(demo_copy):
    with demo_copy.read() as session:
        team = session.scalars(select(m.Team.id)).first()
        assert versions(session, team)[0] >= 1


# ----------------------------------------------------------------- the page cache
def _waiting_codes(at) -> set[str]:
    text = " ".join(str(frame.value.to_csv()) for frame in at.dataframe)
    return {word for word in text.replace(",", " ").split() if word.startswith("client=")}


def test_a_cached_page_shows_a_saved_referral_at_once(app_test, demo_copy):
    url = sqlite_url(demo_copy.sqlite_path)
    at = app_test(url, role="team_leader", as_of=DEMO_END.isoformat())
    at.switch_page("pages/team.py").run()
    at.run()  # the second run comes from the cache
    assert not at.exception
    assert "XY-999" not in " ".join(str(f.value.to_csv()) for f in at.dataframe)
    with demo_copy.read() as session:
        team = session.scalars(select(m.Team)).first()
        coach = session.scalars(select(m.Staff.id).where(m.Staff.role == "coach")).first()
        source = session.scalars(select(m.ReferralSource.id)).first()
    clients.create(
        acting_as(demo_copy, Principal("toinen", UserRole.TEAM_LEADER, frozenset({team.id}))),
        team.id,
        {
            "client_code": "XY-999",
            "coach_id": coach,
            "source_id": source,
            "referral_date": date(2026, 6, 29),
        },
        DEMO_END,
    )
    at.run()
    assert "XY-999" in " ".join(str(f.value.to_csv()) for f in at.dataframe)


def test_the_cache_is_not_shared_between_users(demo_copy):
    """The same function with the same arguments gives a coach the coach's own figure,
    even right after the team leader's answer was cached."""
    from types import SimpleNamespace

    from ote.metrics.population import active_clients
    from ote.ui.cache import cached

    with demo_copy.read() as session:
        team = session.scalars(select(m.Team)).first()
        coach = session.scalars(select(m.Staff.id).where(m.Staff.role == "coach")).first()
        everyone = active_clients(session, team.id, DEMO_END)

    def context(user_id, principal):
        user = SimpleNamespace(id=user_id)
        return SimpleNamespace(
            database=acting_as(demo_copy, principal), team=team, user=user, versions=None
        )

    leader = context(1, Principal("vetaja", UserRole.TEAM_LEADER, frozenset({team.id})))
    own = context(2, Principal("valmentaja", UserRole.COACH, frozenset({team.id}), staff_id=coach))
    assert cached(leader, active_clients, team.id, DEMO_END) == everyone
    mine = cached(own, active_clients, team.id, DEMO_END)
    assert 0 < mine < everyone
    assert cached(leader, active_clients, team.id, DEMO_END) == everyone


def test_the_frame_reads_only_the_versions_the_user_may_see(two_teams):
    """`visible_versions` (read once per page run, on a bare connection) applies the
    access rules' filter itself: a team leader gets their team's version and version 0,
    an administrator every team's."""
    from ote.ui.cache import team_versions, visible_versions

    database, ids = two_teams
    one, two = ids["teams"]
    with _leader(database, two).write() as session:  # team two has a version row too
        session.add(m.Staff(key="S9", team_id=two, name="Uusi", role="coach", fte=1))
    admin = acting_as(database, Principal("yllapito", UserRole.ADMIN, None))
    everything = visible_versions(admin)
    assert {0, one, two} <= set(everything)
    leader = visible_versions(_leader(database, one))
    assert set(leader) == {0, one}
    assert leader == {k: v for k, v in everything.items() if k in (0, one)}
    assert team_versions(leader, one) == _versions(database, one)
    assert team_versions(leader, two) == (everything[0], 0)  # not theirs: never read


def test_shared_choices_are_one_kept_tuple_until_the_team_changes(two_teams):
    """`shared` keeps a form's choices as one tuple that every run reads as it is (no copy
    per run), and a write to the team gives a new one at once."""
    from types import SimpleNamespace

    from ote.records import choices
    from ote.ui.cache import shared

    st.cache_resource.clear()
    database, ids = two_teams
    one, _ = ids["teams"]
    leader = _leader(database, one)
    context = SimpleNamespace(
        database=leader, team=SimpleNamespace(id=one), user=SimpleNamespace(id=7), versions=None
    )
    first = shared(context, choices.staff, one)
    assert isinstance(first, tuple) and [c.label for c in first] == [f"Valmentaja {one}"]
    assert shared(context, choices.staff, one) is first
    with leader.write() as session:
        session.add(m.Staff(key="S8", team_id=one, name="Aino", role="coach", fte=1))
    again = shared(context, choices.staff, one)
    assert again is not first
    assert [c.label for c in again] == ["Aino", f"Valmentaja {one}"]


def test_accounts_have_a_version_of_their_own(two_teams):
    """A new account or a sign-in raises the accounts' version (-1), which only the list of
    accounts depends on: no team's cached figures are recomputed for it."""
    from ote.auth.users import add_user, sign_in
    from ote.data_version import ACCOUNTS

    database, ids = two_teams
    one, _ = ids["teams"]

    def accounts_version():
        with database.read() as session:
            found = session.get(m.DataVersion, ACCOUNTS)
            return found.version if found else 0

    before, team_before = accounts_version(), _versions(database, one)
    admin = acting_as(database, Principal("yllapito", UserRole.ADMIN, None))
    with admin.write() as session:
        add_user(session, "uusi-vetaja", "team_leader", team_key="T1", password="x" * 14)
    assert accounts_version() == before + 1
    assert sign_in(database, "uusi-vetaja", "x" * 14).user is not None
    assert accounts_version() == before + 2
    assert _versions(database, one) == team_before
