"""A first-time user's path (issue 12): the first steps read from the records
(`ote.onboarding`) on both backends, the front page's steps by state and role, every guided
page's introduction, and the empty states with their links on an empty team."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from conftest import DEMO_END, ROOT, account_for_tests
from sqlalchemy import select
from team_builder import DatabaseBuilder

from ote import models as m
from ote import onboarding
from ote.access import Principal, acting_as
from ote.auth.users import add_user
from ote.config import sqlite_url
from ote.enums import UserRole
from ote.i18n import catalog, translate
from ote.navigation import navigation
from ote.onboarding import Step, first_steps

ON = date(2025, 6, 30)  # the as-of date of the hand-built states
LEADER_STEPS = [
    "staff",
    "coaches",
    "sources",
    "clients",
    "client_contact",
    "employer_contact",
    "weekly",
    "fidelity",
    "steering",
    "goals",
]


def steps(database, team_id, role="team_leader", staff_id=None, on=ON) -> dict[str, bool]:
    with database.read() as session:
        found = first_steps(session, team_id, on, role, staff_id)
    return {step.key: step.done for step in found}


# ------------------------------------------------------------------ ote.onboarding
def test_no_team_an_administrator_creates_or_imports_one(database):
    with database.read() as session:
        assert first_steps(session, None, ON, "admin") == [
            Step("team", "admin_teams", False),
            Step("import", "admin_import_export", False),
        ]
        # Anyone else cannot make a team: they ask for one.
        for role in ("team_leader", "coach", "job_finder"):
            assert first_steps(session, None, ON, role) == [Step("ask_admin", None, False)]
        assert first_steps(session, None, ON, "manager") == [Step("briefing", "briefing", False)]


def test_a_new_team_without_staff(database):
    with database.write() as s:
        team = DatabaseBuilder(s).team("Uusi tiimi").id
    # Without staff, "add a coach" would say the same again: left out.
    assert steps(database, team) == dict.fromkeys(
        [k for k in LEADER_STEPS if k != "coaches"], False
    )
    admin = steps(database, team, "admin")
    assert admin == {**dict.fromkeys(admin, False)}
    assert list(admin) == [
        "staff",
        "sources",
        "users",
        "clients",
        "client_contact",
        "employer_contact",
        "weekly",
        "fidelity",
        "steering",
        "goals",
    ]


def test_staff_but_no_coach_on_the_date_and_no_clients(database):
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("T").id
        b.staff(team, "Vetäjä", role="team_leader")
        b.staff(team, "Lähtenyt", role="coach", end=ON - timedelta(days=1))
        b.staff(team, "Tuleva", role="coach", start=ON + timedelta(days=1))
    found = steps(database, team)
    assert found["staff"] is True
    assert found["coaches"] is False  # one left the day before, one starts the day after
    assert found["sources"] is False and found["clients"] is False
    with database.write() as s:
        DatabaseBuilder(s, "B").staff(team, "Valmentaja", role="coach", end=ON)
    assert steps(database, team)["coaches"] is True  # employed on ON itself


def test_clients_but_no_contacts_in_the_last_four_weeks(database):
    with database.write() as s:
        b = DatabaseBuilder(s, referral=date(2025, 1, 2), start=date(2025, 1, 10))
        team = b.team("T").id
        coach = b.staff(team, "Valmentaja")
        source = b.source(team)
        client = b.client(team, coach, source, "A-001")
        employer = b.employer()
        # 28 days before ON: the day before the window (ON - 27 … ON).
        old = ON - timedelta(days=28)
        b.contact(client, coach, old)
        b.add(
            m.EmployerContact(
                date=old,
                staff_id=coach.id,
                employer_id=employer.id,
                face_to_face=True,
                client_id=client.id,
            )
        )
        b.add(
            m.TeamMeeting(team_id=team, date=ON - timedelta(days=14), kind="coaching_supervision")
        )
        client_id, coach_id, employer_id = client.id, coach.id, employer.id
    found = steps(database, team)
    assert found == {
        "staff": True,
        "coaches": True,
        "sources": True,
        "clients": True,
        "client_contact": False,
        "employer_contact": False,
        "weekly": False,  # 15 days ago: outside the two weeks
        "fidelity": False,
        "steering": False,
        "goals": False,
    }
    with database.write() as s:
        b = DatabaseBuilder(s, "B")
        b.contact(client_id, coach_id, ON - timedelta(days=27))  # the window's first day
        b.add(
            m.TeamMeeting(team_id=team, date=ON - timedelta(days=13), kind="coaching_supervision")
        )
    found = steps(database, team)
    assert found["client_contact"] is True and found["weekly"] is True
    assert found["employer_contact"] is False
    # A contact after the as-of date is not counted on it either.
    with database.write() as s:
        s.add(
            m.EmployerContact(
                date=ON + timedelta(days=1),
                staff_id=coach_id,
                employer_id=employer_id,
                face_to_face=True,
            )
        )
    assert steps(database, team)["employer_contact"] is False
    assert steps(database, team, on=ON + timedelta(days=1))["employer_contact"] is True


def test_every_step_done(database):
    with database.write() as s:
        b = DatabaseBuilder(s, referral=date(2025, 1, 2), start=date(2025, 1, 10))
        team = b.team("T", key="T1")
        coach = b.staff(team, "Valmentaja", key="S1")
        client = b.client(team, coach, b.source(team), "A-001")
        b.contact(client, coach, ON)
        b.add(
            m.EmployerContact(
                date=ON, staff_id=coach.id, employer_id=b.employer().id, face_to_face=True
            )
        )
        b.add(m.TeamMeeting(team_id=team.id, date=ON, kind="coaching_supervision"))
        b.add(m.FidelityAssessment(key="T1-F1", team_id=team.id, date=ON))
        b.add(m.SteeringMeeting(key="T1-M1", team_id=team.id, date=ON))
        b.add(
            m.QuarterlyGoal(team_id=team.id, quarter="2025Q3", measure="caseload_ratio", target=20)
        )
        add_user(s, "vetaja", "team_leader", team_key="T1", password="salasana-salasana-1")
        team_id, coach_id = team.id, coach.id
    assert steps(database, team_id, "admin") == dict.fromkeys(
        [*LEADER_STEPS[:3], "users", *LEADER_STEPS[3:]], True
    )
    # A coach's steps: their own clients and contacts; none of the set-up or the leader's.
    assert steps(database, team_id, "coach", staff_id=coach_id) == {
        "clients": True,
        "client_contact": True,
        "employer_contact": True,
    }
    assert steps(database, team_id, "manager") == {"briefing": False}


def test_a_coach_counts_own_clients_and_own_contacts(database):
    with database.write() as s:
        b = DatabaseBuilder(s, referral=date(2025, 1, 2), start=date(2025, 1, 10))
        team = b.team("T")
        mine, other = b.staff(team, "Oma"), b.staff(team, "Toinen")
        client = b.client(team, other, b.source(team), "B-001")
        b.contact(client, other, ON)
        b.add(
            m.EmployerContact(
                date=ON, staff_id=other.id, employer_id=b.employer().id, face_to_face=True
            )
        )
        ids = team.id, mine.id, other.id
    team_id, mine_id, other_id = ids

    def as_coach(staff_id):
        principal = Principal("test-coach", UserRole.COACH, frozenset({team_id}), staff_id)
        return steps(acting_as(database, principal), team_id, "coach", staff_id=staff_id)

    assert as_coach(mine_id) == dict.fromkeys(
        ["clients", "client_contact", "employer_contact"], False
    )
    assert as_coach(other_id) == dict.fromkeys(
        ["clients", "client_contact", "employer_contact"], True
    )


def test_each_step_has_its_texts_and_a_page_the_role_may_open():
    fi = catalog("fi")
    keys = {"team", "import", "ask_admin", "briefing", *LEADER_STEPS, "users"}
    for key in keys:
        assert f"home.step.{key}" in fi
    for key in keys - {"team", "import", "ask_admin", "briefing"}:
        assert f"home.step_done.{key}" in fi
    for _, pages in navigation():
        for page, _, _ in pages:
            assert f"home.menu.{page}" in fi
            assert (ROOT / "pages" / f"{page}.py").exists()


def test_the_menu_follows_the_role():
    coach = [page for _, pages in onboarding.menu("coach") for page, _ in pages]
    assert "admin_staff" not in coach and "weekly" not in coach and "log_clients" in coach
    assert onboarding.menu("manager") == [
        ("nav.section_overview", [("home", "nav.home"), ("accessibility", "nav.accessibility")]),
        ("nav.section_quality", [("briefing", "nav.management")]),
    ]


# ------------------------------------------------------------------------ the app
GUIDED = {
    # page: the catalog prefix of its guide
    "home": "home",
    "records_overview": "records",
    "client": "timeline",
    "steering": "steering",
    "log_employer_contact": "employer_contact",
    "log_client_contact": "client_contact",
    "log_clients": "clients",
    "log_jobs": "jobs",
    "log_modules": "modules",
    "log_coaching_periods": "coaching_periods",
    "log_team_meetings": "team_meeting",
    "log_feedback": "feedback",
    "admin_teams": "admin.teams",
    "admin_staff": "admin.staff",
    "admin_sources": "admin.sources",
    "admin_employers": "admin.employers",
    "admin_import_export": "import_export",
    "admin_users": "admin.users",
    "admin_access_log": "admin.access_log",
}
AS_OF = DEMO_END.isoformat()


def run(at, page: str):
    at.run()
    if page != "home":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def links(at) -> list[tuple[str, str]]:
    """(page, label) of every page link drawn in the page's main area."""
    return [(e.proto.page or "home", e.proto.label) for e in at.main if e.type == "page_link"]


def markdown(at) -> list[str]:
    return [x.value for x in at.markdown]


@pytest.fixture
def demo_url(demo_file, tmp_path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    return sqlite_url(path)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("page", sorted(GUIDED))
def test_every_guided_page_shows_its_introduction(app_test, demo_url, page, language):
    at = run(app_test(demo_url, as_of=AS_OF, lang=language), page)
    intro = translate(f"{GUIDED[page]}.guide.intro", language)
    assert intro != f"{GUIDED[page]}.guide.intro"
    drawn = [e for e in at.main if e.type in ("title", "markdown")]
    assert drawn[0].type == "title" and drawn[1].value == intro  # right under the title
    help_key = f"{GUIDED[page]}.guide.help"
    how_to = translate("guide.how_to_use", language)
    if help_key in catalog(language):
        assert [e for e in at.expander if e.label == how_to]
    # No key shown in place of a text.
    shown = markdown(at) + [x.value for x in at.caption] + [x.body for x in at.info]
    assert not [text for text in shown if text.startswith(("guide.", f"{GUIDED[page]}.guide"))]


@pytest.fixture
def empty_team(sqlite_database):
    """A database with one team and nothing else (and an administrator)."""
    with sqlite_database.write() as s:
        s.add(m.Team(key="NEW", name="Uusi tiimi"))
    return sqlite_database.url.render_as_string(False)


def test_the_front_page_on_an_empty_database(app_test, sqlite_database):
    at = run(app_test(sqlite_database.url.render_as_string(False)), "home")
    assert at.subheader[0].value == translate("home.start_heading", "fi")
    assert [page for page, _ in links(at)] == ["admin_teams", "admin_import_export"]
    assert links(at)[0][1].startswith(translate("home.step.team", "fi"))
    assert not at.metric and not at.success


def test_the_front_page_of_an_empty_team_for_an_administrator(app_test, empty_team):
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), "home")
    assert [page for page, _ in links(at)] == [
        "admin_staff",
        "admin_sources",
        "admin_users",
        "log_clients",
        "log_client_contact",
        "log_employer_contact",
        "weekly",
        "fidelity",
        "steering",
        "goals",
    ]
    label = dict(links(at))["log_employer_contact"]
    assert label == translate(
        "home.step_link",
        "fi",
        text=translate("home.step.employer_contact", "fi", weeks=4),
        page=translate("nav.employer_contact", "fi"),
    )
    assert "4 viikon" in label
    assert not at.success  # nothing done yet
    assert not [e for e in at.expander if e.label.startswith("Tehdyt vaiheet")]


def test_the_front_page_steps_follow_the_records(app_test, empty_team, sqlite_database):
    with sqlite_database.write() as s:
        b = DatabaseBuilder(s, referral=DEMO_END, start=DEMO_END)
        team = s.scalars(select(m.Team).where(m.Team.key == "NEW")).one()
        team_id, coach_id = team.id, b.staff(team, "Valmentaja").id
        source_id = b.source(team).id
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), "home")
    pages = [page for page, _ in links(at)]
    assert pages[:2] == ["admin_users", "log_clients"]  # staff and sources are done
    done = next(e for e in at.expander if e.label == translate("home.done_heading", "fi", count=3))
    assert [x.value for x in done.markdown] == [
        "\n".join(
            "- " + translate("home.done", "fi", text=translate(f"home.step_done.{key}", "fi"))
            for key in ("staff", "coaches", "sources")
        )
    ]
    with sqlite_database.write() as s:
        DatabaseBuilder(s, "B", referral=DEMO_END, start=DEMO_END).client(
            team_id, coach_id, source_id, "A-001"
        )
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), "home")
    assert "log_clients" not in [page for page, _ in links(at)]


def test_the_demo_team_has_taken_every_step(app_test, demo_url):
    at = run(app_test(demo_url, as_of=AS_OF), "home")
    assert [x.value for x in at.success] == [translate("home.all_done", "fi")]
    assert links(at) == []
    # The snapshot stays where it was: the first subheader, with the date.
    assert "30.6.2026" in at.subheader[0].value


def test_a_coach_is_offered_no_administrators_step(app_test, demo_url):
    # The demo's coach on a date before any record: only their own three logging steps.
    at = run(app_test(demo_url, role="coach", as_of="2015-01-05"), "home")
    assert [page for page, _ in links(at)] == [
        "log_clients",
        "log_client_contact",
        "log_employer_contact",
    ]
    menu = "\n".join(markdown(at))
    assert translate("nav.clients", "fi") in menu
    assert translate("nav.users", "fi") not in menu
    assert translate("nav.section_admin", "fi") not in menu


def test_a_manager_is_offered_the_briefing_only_and_sees_no_client_code(app_test, demo_url):
    database_codes = set()
    from ote.db import open_database

    database = open_database(demo_url)
    with database.read() as session:
        database_codes = set(session.scalars(select(m.Client.code)))
    database.dispose()
    at = run(app_test(demo_url, role="manager", as_of=AS_OF), "home")
    assert [page for page, _ in links(at)] == ["briefing"]
    text = "\n".join(markdown(at) + [x.value for x in at.caption])
    assert translate("nav.section_logging", "fi") not in text
    assert not [code for code in database_codes if code in text]


def test_a_leader_on_a_new_team_is_not_sent_to_the_users_page(app_test, empty_team):
    account_for_tests(empty_team, "team_leader")
    at = run(app_test(empty_team, role="team_leader", as_of=AS_OF), "home")
    pages = [page for page, _ in links(at)]
    assert pages[0] == "admin_staff"
    assert "admin_users" not in pages and "admin_teams" not in pages


# ---------------------------------------------------------------- empty states
@pytest.mark.parametrize(
    ("page", "message", "target"),
    [
        ("log_employer_contact", "records.no_staff", "admin_staff"),
        ("log_client_contact", "records.no_staff", "admin_staff"),
        ("log_team_meetings", "records.no_staff", "admin_staff"),
        ("log_clients", "clients.no_coaches", "admin_staff"),
        ("log_jobs", "jobs.no_active", "log_clients"),
        ("log_modules", "modules.no_clients", "log_clients"),
        ("log_coaching_periods", "coaching_periods.no_clients", "log_clients"),
        ("log_feedback", "feedback.guide.no_clients", "log_clients"),
        ("client", "timeline.no_clients", "log_clients"),
        ("records_overview", "records.empty", "home"),
        ("steering", "steering.no_actions", "fidelity"),
    ],
)
def test_an_empty_team_says_what_is_missing_and_where_it_comes_from(
    app_test, empty_team, page, message, target
):
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), page)
    assert translate(message, "fi") in [x.body for x in at.info]
    assert target in [linked for linked, _ in links(at)]


@pytest.mark.parametrize(
    ("page", "empty"),
    [
        ("log_jobs", "jobs.guide.empty"),
        ("log_modules", "modules.guide.empty"),
        ("log_coaching_periods", "coaching_periods.guide.empty"),
        ("log_feedback", "feedback.guide.empty"),
        ("log_clients", "clients.guide.empty"),
    ],
)
def test_an_empty_list_of_recent_records_says_so(app_test, empty_team, page, empty):
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), page)
    assert translate(empty, "fi") in [x.body for x in at.info]


def test_with_staff_the_contact_pages_say_the_list_is_empty(app_test, empty_team, sqlite_database):
    with sqlite_database.write() as s:
        team = s.scalars(select(m.Team).where(m.Team.key == "NEW")).one()
        DatabaseBuilder(s).staff(team, "Valmentaja")
    for page, empty in [
        ("log_employer_contact", "employer_contact.guide.empty"),
        ("log_client_contact", "client_contact.guide.empty"),
        ("log_team_meetings", "team_meeting.guide.empty"),
    ]:
        at = run(app_test(empty_team, team="NEW", as_of=AS_OF), page)
        assert translate(empty, "fi") in [x.body for x in at.info], page
    # No clients yet: the client-contact form says where clients come from.
    at = run(app_test(empty_team, team="NEW", as_of=AS_OF), "log_client_contact")
    assert translate("client_contact.guide.no_clients", "fi") in [x.body for x in at.info]
    assert "log_clients" in [linked for linked, _ in links(at)]


def test_a_coach_is_told_but_not_linked_to_a_page_they_cannot_open(
    app_test, empty_team, sqlite_database
):
    """The empty state names the page; the link is only for a role that may open it."""
    with sqlite_database.write() as s:
        team = s.scalars(select(m.Team).where(m.Team.key == "NEW")).one()
        DatabaseBuilder(s).staff(team, "Valmentaja", key="NEW-S1")
    message = translate("clients.no_sources", "fi")
    leader = run(app_test(empty_team, role="team_leader", as_of=AS_OF), "log_clients")
    assert message in [x.body for x in leader.info]
    assert "admin_sources" in [linked for linked, _ in links(leader)]
    coach = run(app_test(empty_team, role="coach", as_of=AS_OF), "log_clients")
    assert message in [x.body for x in coach.info]
    assert "admin_sources" not in [linked for linked, _ in links(coach)]
    # …while a page the coach may open is linked (jobs need an active client first).
    coach = run(app_test(empty_team, role="coach", as_of=AS_OF), "log_jobs")
    assert "log_clients" in [linked for linked, _ in links(coach)]


def test_no_team_links_an_administrator_to_the_teams_page(app_test, sqlite_database):
    url = sqlite_database.url.render_as_string(False)
    for page in ("log_employer_contact", "records_overview", "admin_staff", "steering"):
        at = run(app_test(url), page)
        assert [linked for linked, _ in links(at)] == ["admin_teams"], page


def test_new_form_fields_carry_their_help(app_test, demo_url):
    at = run(app_test(demo_url, as_of=AS_OF), "log_employer_contact")
    f2f = at.toggle(key="employer_contact.f2f.0")
    assert f2f.help == translate("employer_contact.guide.face_to_face_help", "fi")
    purpose = at.selectbox(key="employer_contact.purpose.0")
    assert purpose.help == translate("employer_contact.guide.purpose_help", "fi")
    at = run(app_test(demo_url, as_of=AS_OF), "admin_staff")
    assert at.selectbox(key="staff.role.0").help == translate("admin.staff.guide.role_help", "fi")
