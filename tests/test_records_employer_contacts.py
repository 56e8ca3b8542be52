"""Logging employer contacts: the service on both databases, the page under AppTest,
concurrent saves, and the recent-entries diff."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.i18n import translate
from ote.records import choices
from ote.records import employer_contacts as service
from ote.records.base import NotFound, delete_rows
from ote.records.editing import changes
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)


@pytest.fixture
def team(database):
    """Two teams: ours (coach, client A-001 active, employer) and another (its own client)."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        coach = m.Staff(key="S1", team_id=ours.id, name="Aino", role="coach", fte=1.0)
        stranger = m.Staff(key="S2", team_id=other.id, name="Eero", role="coach", fte=1.0)
        s.add_all([coach, stranger])
        s.flush()
        source = m.ReferralSource(key="R1", team_id=ours.id, name="MT", kind="other")
        source2 = m.ReferralSource(key="R2", team_id=other.id, name="MT", kind="other")
        s.add_all([source, source2])
        s.flush()
        client = m.Client(
            team_id=ours.id,
            code="A-001",
            coach_id=coach.id,
            source_id=source.id,
            referral_date=date(2026, 1, 1),
            service_start=date(2026, 1, 5),
        )
        foreign = m.Client(
            team_id=other.id,
            code="B-001",
            coach_id=stranger.id,
            source_id=source2.id,
            referral_date=date(2026, 1, 1),
            service_start=date(2026, 1, 5),
        )
        employer = m.Employer(key="E1", name="Kauppa Oy")
        s.add_all([client, foreign, employer])
        s.flush()
        ids = {
            "team": ours.id,
            "other_team": other.id,
            "coach": coach.id,
            "stranger": stranger.id,
            "client": client.id,
            "foreign": foreign.id,
            "employer": employer.id,
        }
    return database, ids


def good(ids, **changes):
    values = {
        "date": TODAY,
        "staff_id": ids["coach"],
        "employer_id": ids["employer"],
        "client_id": ids["client"],
        "face_to_face": True,
        "preference_based": True,
        "purpose": "client_strengths",
        "outcome": "interview",
        "job_tip": "Kassatyö",
    }
    values.update(changes)
    return values


def contacts(database) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(m.EmployerContact)).scalar_one()


def test_saved_and_read_back(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids), TODAY)
    with database.read() as s:
        row = s.get(m.EmployerContact, saved.id)
    assert (row.date, row.staff_id, row.employer_id, row.client_id) == (
        TODAY,
        ids["coach"],
        ids["employer"],
        ids["client"],
    )
    assert (row.face_to_face, row.preference_based, row.purpose, row.outcome, row.job_tip) == (
        True,
        True,
        "client_strengths",
        "interview",
        "Kassatyö",
    )


def test_new_employer_inline(team):
    database, ids = team
    saved = service.create(
        database, ids["team"], good(ids, employer_id=None, new_employer=" Uusi Leipomo Oy "), TODAY
    )
    with database.read() as s:
        contact = s.get(m.EmployerContact, saved.id)
        employer = s.get(m.Employer, contact.employer_id)
    assert (employer.name, employer.key) == ("Uusi Leipomo Oy", "T1-E0001")


def test_preference_only_with_a_job_seeker(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids, client_id=None), TODAY)
    with database.read() as s:
        assert s.get(m.EmployerContact, saved.id).preference_based is None


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"date": TODAY + timedelta(days=1)}, "date", "future_date"),
        ({"date": None}, "date", "required"),
        ({"staff_id": None}, "staff_id", "required"),
        ({"employer_id": None}, "employer_id", "required"),
        ({"job_tip": "Asiakas 131052-308T"}, "job_tip", "identity_code"),
        ({"employer_id": None, "new_employer": "Oy 010101A123N"}, "employer_id", "identity_code"),
        ({"purpose": "coffee"}, "purpose", "not_allowed"),
        ({"job_tip": "x" * 4001}, "job_tip", "too_long"),
    ],
    ids=["future", "no-date", "no-staff", "no-employer", "hetu", "hetu-employer", "enum", "long"],
)
def test_bad_input_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        service.create(database, ids["team"], good(ids, **changes), TODAY)
    assert (field, key) in [(e.field, e.key) for e in failure.value.errors]
    assert contacts(database) == 0
    with database.read() as s:
        assert s.execute(select(func.count()).select_from(m.Employer)).scalar_one() == 1


def test_other_teams_rows_are_refused(team):
    database, ids = team
    for wrong, field in (
        ({"client_id": ids["foreign"]}, "client_id"),
        ({"staff_id": ids["stranger"]}, "staff_id"),
    ):
        with pytest.raises(ValidationFailed) as failure:
            service.create(database, ids["team"], good(ids, **wrong), TODAY)
        assert [(e.field, e.key) for e in failure.value.errors] == [(field, "not_in_team")]
    saved = service.create(database, ids["team"], good(ids), TODAY)
    with pytest.raises(NotFound):
        service.update(database, ids["other_team"], saved.id, {"job_tip": "x"}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.EmployerContact, ids["other_team"], [saved.id])
    assert contacts(database) == 1


def test_update_and_delete(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids), TODAY)
    service.update(database, ids["team"], saved.id, {"face_to_face": False, "job_tip": None}, TODAY)
    with database.read() as s:
        row = s.get(m.EmployerContact, saved.id)
        assert (row.face_to_face, row.job_tip, row.purpose) == (False, None, "client_strengths")
    with pytest.raises(ValidationFailed):
        service.update(database, ids["team"], saved.id, {"date": TODAY + timedelta(1)}, TODAY)
    assert delete_rows(database, m.EmployerContact, ids["team"], [saved.id]) == 1
    assert contacts(database) == 0


def test_recent_and_last_staff(team):
    database, ids = team
    for day in (date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 2)):
        service.create(database, ids["team"], good(ids, date=day), TODAY)
    with database.read() as s:
        table = service.recent(s, ids["team"], limit=2)
        assert choices.last_staff(s, ids["team"]) == ids["coach"]
        assert choices.last_staff(s, ids["other_team"]) is None
    assert list(table["date"]) == [date(2026, 6, 3), date(2026, 6, 2)]
    assert list(table["client_code"]) == ["A-001", "A-001"]


def test_two_people_saving_at_once_both_land(sqlite_database):
    """Eight writers at once on one SQLite file: every contact is saved."""
    database = sqlite_database
    with database.write() as s:
        team = m.Team(key="T1", name="Tiimi")
        s.add(team)
        s.flush()
        coach = m.Staff(key="S1", team_id=team.id, name="Aino", role="coach", fte=1.0)
        employer = m.Employer(key="E1", name="Kauppa Oy")
        s.add_all([coach, employer])
        s.flush()
        team_id, values = (
            team.id,
            {"date": TODAY, "staff_id": coach.id, "employer_id": employer.id, "face_to_face": True},
        )
    errors: list[BaseException] = []

    def log(times: int) -> None:
        try:
            for _ in range(times):
                service.create(database, team_id, dict(values), TODAY)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=log, args=(10,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert contacts(database) == 80


def test_changes_in_the_recent_table():
    original = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "date": [date(2026, 6, 1)] * 3,
            "job_tip": ["a", None, "c"],
            "face_to_face": [True, True, False],
        }
    )
    edited = original.copy()
    edited["delete"] = [False, False, True]
    edited.loc[0, "job_tip"] = "A "
    edited.loc[1, "date"] = pd.Timestamp("2026-06-05")
    updates, deletions = changes(original, edited, ["date", "job_tip", "face_to_face"])
    assert updates == {1: {"job_tip": "A"}, 2: {"date": date(2026, 6, 5)}}
    assert deletions == [3]
    unchanged, none = changes(original, original.assign(delete=False), ["date", "job_tip"])
    assert (unchanged, none) == ({}, [])
    # Only the rows the editor says were touched are compared.
    columns = ["date", "job_tip", "face_to_face"]
    assert changes(original, edited, columns, positions=[1]) == (
        {2: {"date": date(2026, 6, 5)}},
        [],
    )
    assert changes(original, edited, columns, positions={2, 7}) == ({}, [3])
    assert changes(original, edited, columns, positions=[]) == ({}, [])


# ----------------------------------------------------------------------- the page
PAGE = "pages/log_employer_contact.py"


def open_page(app_test, database):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_page_on_an_empty_database(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database)
    assert at.title[0].value == "Työnantajayhteys"
    assert [i.body for i in at.info] == [translate("records.no_team", "fi")]
    assert not at.main.button  # no form without a team


def test_page_logs_a_contact(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    before = contacts(demo_copy)
    employer = at.selectbox(key="employer_contact.employer.0")
    seeker = at.selectbox(key="employer_contact.client.0")
    assert seeker.options  # the coach's own job seekers
    employer.set_value(3)
    seeker.set_value(_first_id(demo_copy, seeker))
    at.run()
    at.button(key="employer_contact.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Työnantajayhteys tallennettu."]
    assert contacts(demo_copy) == before + 1
    with demo_copy.read() as s:
        newest = s.execute(
            select(m.EmployerContact).order_by(m.EmployerContact.id.desc()).limit(1)
        ).scalar_one()
    assert (newest.employer_id, newest.date, newest.face_to_face) == (3, date.today(), True)
    assert newest.client_id is not None
    # The form is empty again for the next contact.
    assert at.selectbox(key="employer_contact.employer.1").value is None


def _first_id(database, seeker_widget) -> int:
    """The id of the first job seeker the page offers (its options show codes)."""
    code = seeker_widget.options[0]
    with database.read() as s:
        return s.execute(select(m.Client.id).where(m.Client.code == code)).scalar_one()


def test_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    before = contacts(demo_copy)
    at.text_input(key="employer_contact.job_tip.0").set_value("Soita 131052-308T")
    at.button(key="employer_contact.save.0").click().run()
    messages = [e.value for e in at.error]
    assert "Työnantaja: pakollinen tieto puuttuu" in messages
    assert any(m.startswith("Työpaikkavinkki: sisältää henkilötunnuksen") for m in messages)
    assert all("131052-308T" not in m for m in messages)
    assert contacts(demo_copy) == before
    assert at.text_input(key="employer_contact.job_tip.0").value == "Soita 131052-308T"
