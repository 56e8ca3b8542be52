"""Roles in the app (AppTest): the sign-in page; what each role's navigation offers and
what a page refuses; a manager's pages hold no client code; a coach's pages only the
coach's own clients; views of client-level records land in the access log."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import DEMO_END, ROOT, TEST_PASSWORD, account_for_tests
from sqlalchemy import select

from ote import models as m
from ote.access import may_open
from ote.auth.users import DEMO_PASSWORD
from ote.config import sqlite_url
from ote.db import open_database
from ote.enums import UserRole
from ote.i18n import translate

AS_OF = DEMO_END.isoformat()
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def demo_url(demo_file, tmp_path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    return sqlite_url(path)


def _codes(url: str) -> dict[int, set[str]]:
    """Every client code of the demo, by coach (staff id)."""
    database = open_database(url)
    with database.read() as session:
        rows = session.execute(select(m.Client.coach_id, m.Client.code)).all()
    database.dispose()
    found: dict[int, set[str]] = {}
    for coach, code in rows:
        found.setdefault(coach, set()).add(code)
    return found


def _staff_id(url: str, key: str) -> int:
    database = open_database(url)
    with database.read() as session:
        found = session.scalars(select(m.Staff.id).where(m.Staff.key == key)).one()
    database.dispose()
    return found


def rendered_text(at) -> str:
    """Everything the run drew, as text: each element's message (labels, bodies, options,
    chart specs) and each table's values."""
    parts = []
    for root in (at.main, at.sidebar):
        for node in root:
            proto = getattr(node, "proto", None)
            if proto is not None:
                parts.append(str(proto))
            value = getattr(node, "value", None) if node.type in ("dataframe", "table") else None
            if isinstance(value, pd.DataFrame):
                parts.append(value.to_csv())
    return "\n".join(parts)


def _open(at, page: str):
    """The page run in `at`, or None when the role's navigation does not have the page (then
    there is no way to it: AppTest, like the browser, finds no such page)."""
    at.run()
    if page != "home":
        try:
            at.switch_page(f"pages/{page}.py")
        except ValueError as error:
            assert "Could not find a navigation page" in str(error)
            return None
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --------------------------------------------------------------------------- sign-in
def test_the_sign_in_page_comes_first_and_refuses_a_wrong_password(app_test, demo_url):
    at = app_test(demo_url, role=None, as_of=AS_OF)
    at.run()
    assert at.title[0].value == translate("auth.title", "fi")
    assert not at.sidebar.selectbox  # no team, no data before signing in
    assert "demo-johtaja" in rendered_text(at)  # the demo accounts are listed
    at.text_input[0].input("demo-johtaja")
    at.text_input[1].input("väärin-väärin")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [translate("auth.wrong", "fi")]
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == translate("home.title", "fi")
    assert at.sidebar.selectbox(key="team").value == "DEMO"


def test_five_wrong_passwords_lock_the_account(app_test, demo_url):
    account_for_tests(demo_url, "team_leader")
    at = app_test(demo_url, role=None)
    at.run()
    for _ in range(5):
        at.text_input[0].input("test-team_leader")
        at.text_input[1].input("ei-tämä-salasana")
        at.button[0].click().run()
    assert "lukittu" in at.error[0].value
    at.text_input[1].input(TEST_PASSWORD)  # even the right one, while locked
    at.button[0].click().run()
    assert "lukittu" in at.error[0].value
    assert at.title[0].value == translate("auth.title", "fi")


def test_an_idle_session_expires(app_test, demo_url, monkeypatch):
    at = app_test(demo_url)
    at.run()
    assert at.title[0].value == translate("home.title", "fi")
    at.session_state["_ote_last_seen"] = 0.0  # last used long ago
    at.run()
    assert at.title[0].value == translate("auth.title", "fi")
    assert at.info[0].value == translate("auth.expired", "fi")


def test_signing_out(app_test, demo_url):
    at = app_test(demo_url)
    at.run()
    at.sidebar.button(key="_ote_sign_out").click().run()
    assert at.title[0].value == translate("auth.title", "fi")


# ------------------------------------------------------------------------ the roles


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_sees_no_client_code_on_any_page(app_test, demo_url, page):
    """Whatever page a manager asks for, nothing drawn names a client."""
    codes = set().union(*_codes(demo_url).values())
    at = _open(app_test(demo_url, role="manager", as_of=AS_OF), page)
    if at is None:
        assert not may_open(UserRole.MANAGER, page)
        at = app_test(demo_url, role="manager", as_of=AS_OF)
        at.run()  # the front page, where the app goes instead
    text = rendered_text(at)
    assert at.title
    assert not [code for code in codes if code in text]


def test_a_manager_has_the_front_page_the_briefing_and_the_statement_only(app_test, demo_url):
    at = _open(app_test(demo_url, role="manager", as_of=AS_OF), "briefing")
    assert at.title[0].value == translate("briefing.title", "fi")
    assert [p for p in PAGES if may_open(UserRole.MANAGER, p)] == [
        "accessibility",
        "briefing",
        "home",
    ]


@pytest.mark.parametrize("page", ["weekly", "team", "fidelity", "admin_users", "briefing"])
def test_a_coach_cannot_open_a_leaders_page(app_test, demo_url, page):
    assert _open(app_test(demo_url, role="coach", as_of=AS_OF), page) is None


@pytest.mark.parametrize("page", [p for p in PAGES if may_open(UserRole.COACH, p)])
def test_a_coach_sees_only_own_clients(app_test, demo_url, page):
    """On every page a coach can open, nothing drawn names another coach's client."""
    by_coach = _codes(demo_url)
    own_id = _staff_id(demo_url, "DEMO-S02")
    others = set().union(*(codes for coach, codes in by_coach.items() if coach != own_id))
    at = _open(app_test(demo_url, role="coach", staff_key="DEMO-S02", as_of=AS_OF), page)
    text = rendered_text(at)
    assert not [code for code in others if code in text]


def test_a_coach_cannot_open_another_coachs_client_by_link(app_test, demo_url):
    by_coach = _codes(demo_url)
    own_id = _staff_id(demo_url, "DEMO-S02")
    other = sorted(next(c for coach, c in by_coach.items() if coach != own_id))[0]
    own = sorted(by_coach[own_id])[0]
    at = app_test(demo_url, role="coach", staff_key="DEMO-S02", as_of=AS_OF, client=other)
    at.switch_page("pages/client.py").run()
    assert not at.exception
    assert other not in rendered_text(at).replace(f"client={other}", "")
    database = open_database(demo_url)
    with database.read() as session:
        refused = session.execute(
            select(m.AuditLog.actor, m.AuditLog.action).where(m.AuditLog.client_code == other)
        ).all()
    database.dispose()
    assert refused == [("test-coach-demo-s02", "refused")]  # the attempt is in the log
    at = app_test(demo_url, role="coach", staff_key="DEMO-S02", as_of=AS_OF, client=own)
    at.switch_page("pages/client.py").run()
    assert own in rendered_text(at)


def test_viewing_a_timeline_is_in_the_access_log(app_test, demo_url):
    by_coach = _codes(demo_url)
    own_id = _staff_id(demo_url, "DEMO-S02")
    own = sorted(by_coach[own_id])[0]
    at = app_test(demo_url, role="coach", staff_key="DEMO-S02", as_of=AS_OF, client=own)
    at.switch_page("pages/client.py").run()
    at.run()  # a rerun of the same view is not logged again
    database = open_database(demo_url)
    with database.read() as session:
        rows = session.scalars(
            select(m.AuditLog).where(m.AuditLog.client_code == own, m.AuditLog.action == "view")
        ).all()
    database.dispose()
    assert [(r.actor, r.entity, r.page) for r in rows] == [
        ("test-coach-demo-s02", "client_timeline", "client")
    ]


def test_the_access_log_page_finds_the_entries(app_test, demo_url):
    by_coach = _codes(demo_url)
    own_id = _staff_id(demo_url, "DEMO-S02")
    own = sorted(by_coach[own_id])[0]
    at = app_test(demo_url, role="coach", staff_key="DEMO-S02", as_of=AS_OF, client=own)
    at.switch_page("pages/client.py").run()
    at = app_test(demo_url, as_of=AS_OF)
    at.switch_page("pages/admin_access_log.py").run()
    assert not at.exception
    at.text_input(key="log.client_code").input(own).run()
    frame = at.dataframe[0].value
    assert list(frame[translate("auth.log.actor", "fi")]) == ["test-coach-demo-s02"]
    assert at.get("download_button")


def test_an_admin_adds_a_user_who_can_then_sign_in(app_test, demo_url):
    at = app_test(demo_url, as_of=AS_OF)
    at.switch_page("pages/admin_users.py").run()
    at.text_input(key="user.username.0").input("uusi.vetaja")
    at.selectbox(key="user.role.0").set_value("team_leader")
    at.selectbox(key="user.team.0").set_value("DEMO")
    at.text_input(key="user.password.0").input("lyhyt")
    at.button(key="user.save.0").click().run()
    assert "12" in at.error[0].value and translate("field.password", "fi") in at.error[0].value
    before = list(at.dataframe[0].value[translate("field.username", "fi")])
    assert "uusi.vetaja" not in before
    at.text_input(key="user.password.0").input("pitkä-ja-hyvä-salasana")
    at.button(key="user.save.0").click().run()
    assert not at.error
    # The list of accounts (cached against the accounts' own version) shows it at once.
    listed = list(at.dataframe[0].value[translate("field.username", "fi")])
    assert sorted(listed) == sorted([*before, "uusi.vetaja"])
    at = app_test(demo_url, role=None)
    at.run()
    at.text_input[0].input("uusi.vetaja")
    at.text_input[1].input("pitkä-ja-hyvä-salasana")
    at.button[0].click().run()
    assert at.title[0].value == translate("home.title", "fi")


def test_with_an_identity_provider_the_sign_in_page_offers_it(app_test, demo_url):
    at = app_test(demo_url, role=None)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "ote",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.fi/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button]
    assert translate("auth.provider_button", "fi") in labels
    assert translate("auth.submit", "fi") in labels  # local accounts still sign in


def test_without_an_identity_provider_only_the_password_form(app_test, demo_url):
    at = app_test(demo_url, role=None)
    at.run()
    assert [b.label for b in at.button] == [translate("auth.submit", "fi")]


@pytest.mark.parametrize("role", ["team_leader", "coach", "job_finder"])
def test_every_page_of_a_role_runs(app_test, demo_url, role):
    """The row filters of each role hold on every page it can open (also where a page
    joins a table twice under an alias)."""
    for page in [p for p in PAGES if may_open(UserRole(role), p)]:
        at = _open(app_test(demo_url, role=role, as_of=AS_OF), page)
        assert at is not None, page
        assert at.title, page
