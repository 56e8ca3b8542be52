"""Logging client contacts and client feedback: the services on both databases (with the
plan a vocational-profile or job-search-plan contact records), and both pages under AppTest."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.i18n import translate
from ote.metrics.population import is_active_on
from ote.records import choices
from ote.records import client_contacts as service
from ote.records import feedback as feedback_service
from ote.records.base import NotFound, delete_rows
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)
HETU = "131052-308T"


@pytest.fixture
def team(database):
    """Ours: a coach and a team leader, clients A-001 (job J1) and A-002 (job J2).
    Another team: a coach, client B-001 with job J3."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        coach = m.Staff(key="S1", team_id=ours.id, name="Aino", role="coach", fte=1.0)
        leader = m.Staff(key="S3", team_id=ours.id, name="Leena", role="team_leader", fte=1.0)
        stranger = m.Staff(key="S2", team_id=other.id, name="Eero", role="coach", fte=1.0)
        s.add_all([coach, leader, stranger])
        s.flush()
        source = m.ReferralSource(key="R1", team_id=ours.id, name="MT", kind="other")
        source2 = m.ReferralSource(key="R2", team_id=other.id, name="MT", kind="other")
        s.add_all([source, source2])
        s.flush()

        def client(team_id, code, coach_id, source_id):
            return m.Client(
                team_id=team_id,
                code=code,
                coach_id=coach_id,
                source_id=source_id,
                referral_date=date(2026, 1, 1),
                service_start=date(2026, 1, 5),
            )

        first = client(ours.id, "A-001", coach.id, source.id)
        second = client(ours.id, "A-002", coach.id, source.id)
        foreign = client(other.id, "B-001", stranger.id, source2.id)
        employer = m.Employer(key="E1", name="Kauppa Oy")
        s.add_all([first, second, foreign, employer])
        s.flush()
        jobs = [
            m.Job(
                key=key,
                client_id=client_id,
                employer_id=employer.id,
                title="Myyjä",
                job_type="5223",
                start_date=date(2026, 3, 1),
                competitive=True,
                permanent=True,
            )
            for key, client_id in (("J1", first.id), ("J2", second.id), ("J3", foreign.id))
        ]
        s.add_all(jobs)
        s.flush()
        ids = {
            "team": ours.id,
            "other_team": other.id,
            "coach": coach.id,
            "leader": leader.id,
            "stranger": stranger.id,
            "client": first.id,
            "second": second.id,
            "foreign": foreign.id,
            "job": jobs[0].id,
            "second_job": jobs[1].id,
            "foreign_job": jobs[2].id,
        }
    return database, ids


def good(ids, **changes):
    values = {
        "date": TODAY,
        "staff_id": ids["coach"],
        "client_id": ids["client"],
        "kind": "follow_along",
        "face_to_face": True,
        "place": "workplace",
        "minutes": 45,
        "job_id": ids["job"],
        "no_show": False,
    }
    values.update(changes)
    return values


def count(database, model) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def plans(database) -> list[tuple[int, str, date]]:
    with database.read() as s:
        rows = s.execute(
            select(m.ClientPlan.client_id, m.ClientPlan.kind, m.ClientPlan.date).order_by(
                m.ClientPlan.id
            )
        )
        return [tuple(row) for row in rows]


# ------------------------------------------------------------------ client contacts
def test_contact_saved_and_read_back(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids), TODAY)
    with database.read() as s:
        row = s.get(m.ClientContact, saved.id)
    assert (row.date, row.staff_id, row.client_id, row.kind) == (
        TODAY,
        ids["coach"],
        ids["client"],
        "follow_along",
    )
    assert (row.face_to_face, row.place, row.minutes, row.job_id, row.no_show) == (
        True,
        "workplace",
        45,
        ids["job"],
        False,
    )
    assert plans(database) == []  # follow-along support is no plan


def test_contact_optional_fields_and_defaults(team):
    database, ids = team
    values = {"date": TODAY, "staff_id": ids["leader"], "client_id": ids["second"]}
    saved = service.create(database, ids["team"], {**values, "kind": "outreach_attempt"}, TODAY)
    with database.read() as s:
        row = s.get(m.ClientContact, saved.id)
    assert (row.face_to_face, row.place, row.minutes, row.job_id, row.no_show) == (
        True,
        None,
        None,
        None,
        False,
    )


@pytest.mark.parametrize("kind", ["vocational_profile", "job_search_plan"])
def test_a_plan_contact_records_the_plan_once(team, kind):
    database, ids = team
    service.create(database, ids["team"], good(ids, kind=kind, job_id=None), TODAY)
    assert plans(database) == [(ids["client"], kind, TODAY)]
    # The same plan on the same day again: a second contact, no second plan.
    service.create(database, ids["team"], good(ids, kind=kind, job_id=None), TODAY)
    assert count(database, m.ClientContact) == 2
    assert plans(database) == [(ids["client"], kind, TODAY)]
    # An update on a later day is a new row of the plan.
    later = TODAY - timedelta(days=1)
    service.create(database, ids["team"], good(ids, kind=kind, date=later, job_id=None), TODAY)
    assert plans(database) == [(ids["client"], kind, TODAY), (ids["client"], kind, later)]


def test_a_missed_plan_meeting_records_no_plan(team):
    database, ids = team
    service.create(database, ids["team"], good(ids, kind="vocational_profile", no_show=True), TODAY)
    assert count(database, m.ClientContact) == 1
    assert plans(database) == []


def test_a_plan_already_there_with_a_note_is_not_doubled(team):
    database, ids = team
    with database.write() as s:
        s.add(m.ClientPlan(client_id=ids["client"], kind="job_search_plan", date=TODAY, note="x"))
    service.create(database, ids["team"], good(ids, kind="job_search_plan"), TODAY)
    assert len(plans(database)) == 1


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"date": TODAY + timedelta(days=1)}, "date", "future_date"),
        ({"date": None}, "date", "required"),
        ({"staff_id": None}, "staff_id", "required"),
        ({"client_id": None, "job_id": None}, "client_code", "required"),
        ({"kind": None}, "kind", "required"),
        ({"kind": "coffee"}, "kind", "not_allowed"),
        ({"place": "moon"}, "place", "not_allowed"),
        ({"minutes": -1}, "minutes", "out_of_range"),
        ({"minutes": 1441}, "minutes", "out_of_range"),
        ({"minutes": 30.5}, "minutes", "not_a_whole_number"),
        ({"job_id": "second_job"}, "job_id", "job_of_other_client"),
        ({"job_id": "foreign_job"}, "job_id", "not_in_team"),
        ({"client_id": "foreign", "job_id": None}, "client_code", "not_in_team"),
        ({"staff_id": "stranger"}, "staff_id", "not_in_team"),
    ],
    ids=[
        "future",
        "no-date",
        "no-staff",
        "no-client",
        "no-kind",
        "kind",
        "place",
        "minutes-low",
        "minutes-high",
        "minutes-fraction",
        "job-of-other-client",
        "job-of-other-team",
        "client-of-other-team",
        "staff-of-other-team",
    ],
)
def test_bad_contact_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    # Names of the fixture's rows stand for their ids.
    changes = {
        name: ids[value] if isinstance(value, str) and value in ids else value
        for name, value in changes.items()
    }
    # A plan kind, so that a refused save is seen to write no plan either.
    values = good(ids, kind="vocational_profile") | changes
    with pytest.raises(ValidationFailed) as failure:
        service.create(database, ids["team"], values, TODAY)
    assert (field, key) in [(e.field, e.key) for e in failure.value.errors]
    assert count(database, m.ClientContact) == 0
    assert plans(database) == []


def test_messages_name_the_field_in_finnish(team):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        service.create(database, ids["team"], good(ids, job_id=ids["second_job"]), TODAY)
    [error] = failure.value.errors
    assert translate(f"field.{error.field}", "fi") == "Työsuhde"
    assert error.message("fi") == "työsuhde ”J2” on toisen asiakkaan"


def test_other_teams_contacts_are_out_of_reach(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids), TODAY)
    with pytest.raises(NotFound):
        service.update(database, ids["other_team"], saved.id, {"minutes": 10}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.ClientContact, ids["other_team"], [saved.id])
    with database.read() as s:
        assert s.get(m.ClientContact, saved.id).minutes == 45
        assert service.recent(s, ids["other_team"]).empty


def test_contact_update_and_delete(team):
    database, ids = team
    saved = service.create(database, ids["team"], good(ids), TODAY)
    # A table cell brings minutes as 30.0; stored whole.
    service.update(
        database,
        ids["team"],
        saved.id,
        {"minutes": 30.0, "place": None, "no_show": True, "face_to_face": False},
        TODAY,
    )
    with database.read() as s:
        row = s.get(m.ClientContact, saved.id)
        assert (row.minutes, row.place, row.no_show, row.face_to_face, row.job_id) == (
            30,
            None,
            True,
            False,
            ids["job"],
        )
        assert isinstance(row.minutes, int)
    # Changing the kind to a plan adds the plan (once the client came).
    service.update(database, ids["team"], saved.id, {"kind": "job_search_plan"}, TODAY)
    assert plans(database) == []
    service.update(database, ids["team"], saved.id, {"no_show": False}, TODAY)
    assert plans(database) == [(ids["client"], "job_search_plan", TODAY)]
    for bad, key in (
        ({"date": TODAY + timedelta(days=1)}, "future_date"),
        ({"minutes": 2000}, "out_of_range"),
        ({"kind": None}, "required"),
    ):
        with pytest.raises(ValidationFailed) as failure:
            service.update(database, ids["team"], saved.id, bad, TODAY)
        assert [e.key for e in failure.value.errors] == [key]
    with database.read() as s:
        row = s.get(m.ClientContact, saved.id)
        assert (row.date, row.minutes, row.kind) == (TODAY, 30, "job_search_plan")
    assert delete_rows(database, m.ClientContact, ids["team"], [saved.id]) == 1
    assert count(database, m.ClientContact) == 0
    assert len(plans(database)) == 1  # the plan stays: it is a record of its own


def test_recent_contacts_and_last_staff(team):
    database, ids = team
    for day, staff in (
        (date(2026, 6, 1), ids["coach"]),
        (date(2026, 6, 3), ids["coach"]),
        (date(2026, 6, 2), ids["leader"]),
    ):
        service.create(database, ids["team"], good(ids, date=day, staff_id=staff), TODAY)
    with database.read() as s:
        table = service.recent(s, ids["team"], limit=2)
        assert choices.last_staff(s, ids["team"], first=m.ClientContact) == ids["leader"]
        assert choices.last_staff(s, ids["other_team"], first=m.ClientContact) is None
    assert list(table.columns) == service.COLUMNS
    assert list(table["date"]) == [date(2026, 6, 3), date(2026, 6, 2)]
    assert list(table["client_code"]) == ["A-001", "A-001"]
    assert list(table["minutes"]) == [45, 45]


def test_saving_at_once_all_land_and_the_plan_once(team):
    """Six people log the same plan meeting at once: six contacts, one plan."""
    database, ids = team
    errors: list[BaseException] = []
    values = good(ids, kind="vocational_profile", job_id=None)

    def log() -> None:
        try:
            for _ in range(3):
                service.create(database, ids["team"], dict(values), TODAY)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=log) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(database, m.ClientContact) == 18
    assert plans(database) == [(ids["client"], "vocational_profile", TODAY)]


# ------------------------------------------------------------------------ feedback
def good_feedback(ids, **changes):
    values = {"date": TODAY, "client_id": ids["client"], "score": 4, "comment": " Hyvä tuki "}
    values.update(changes)
    return values


def test_feedback_saved_and_read_back(team):
    database, ids = team
    saved = feedback_service.create(database, ids["team"], good_feedback(ids), TODAY)
    bare = feedback_service.create(
        database, ids["team"], good_feedback(ids, score=1, comment="  "), TODAY
    )
    with database.read() as s:
        row, other = s.get(m.Feedback, saved.id), s.get(m.Feedback, bare.id)
    assert (row.date, row.client_id, row.score, row.comment) == (
        TODAY,
        ids["client"],
        4,
        "Hyvä tuki",
    )
    assert (other.score, other.comment) == (1, None)


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"score": None}, "score", "required"),
        ({"score": 0}, "score", "out_of_range"),
        ({"score": 6}, "score", "out_of_range"),
        ({"score": 2.5}, "score", "not_a_whole_number"),
        ({"date": TODAY + timedelta(days=1)}, "date", "future_date"),
        ({"date": None}, "date", "required"),
        ({"client_id": None}, "client_code", "required"),
        ({"comment": f"Asiakas {HETU} oli tyytyväinen"}, "comment", "identity_code"),
        ({"comment": "x" * 4001}, "comment", "too_long"),
    ],
    ids=["no-score", "low", "high", "fraction", "future", "no-date", "no-client", "hetu", "long"],
)
def test_bad_feedback_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        feedback_service.create(database, ids["team"], good_feedback(ids, **changes), TODAY)
    assert (field, key) in [(e.field, e.key) for e in failure.value.errors]
    assert all(HETU not in e.message("fi") for e in failure.value.errors)
    assert count(database, m.Feedback) == 0


def test_feedback_of_other_teams(team):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        feedback_service.create(
            database, ids["team"], good_feedback(ids, client_id=ids["foreign"]), TODAY
        )
    assert [(e.field, e.key) for e in failure.value.errors] == [("client_code", "not_in_team")]
    saved = feedback_service.create(database, ids["team"], good_feedback(ids), TODAY)
    with pytest.raises(NotFound):
        feedback_service.update(database, ids["other_team"], saved.id, {"score": 1}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.Feedback, ids["other_team"], [saved.id])
    assert count(database, m.Feedback) == 1


def test_feedback_update_delete_and_recent(team):
    database, ids = team
    saved = feedback_service.create(database, ids["team"], good_feedback(ids), TODAY)
    feedback_service.create(
        database,
        ids["team"],
        good_feedback(ids, date=date(2026, 5, 1), client_id=ids["second"]),
        TODAY,
    )
    feedback_service.update(database, ids["team"], saved.id, {"score": 5.0, "comment": None}, TODAY)
    with pytest.raises(ValidationFailed) as failure:
        feedback_service.update(database, ids["team"], saved.id, {"comment": HETU}, TODAY)
    assert [(e.field, e.key) for e in failure.value.errors] == [("comment", "identity_code")]
    with database.read() as s:
        row = s.get(m.Feedback, saved.id)
        assert (row.score, row.comment) == (5, None)
        table = feedback_service.recent(s, ids["team"])
    assert list(table.columns) == feedback_service.COLUMNS
    assert list(table["client_code"]) == ["A-001", "A-002"]
    assert list(table["score"]) == [5, 4]
    assert delete_rows(database, m.Feedback, ids["team"], [saved.id]) == 1
    assert count(database, m.Feedback) == 1


# ----------------------------------------------------------------------- the pages
CONTACT_PAGE = "pages/log_client_contact.py"
FEEDBACK_PAGE = "pages/log_feedback.py"
COACH = 2  # a coach of the demo team (Satu Laaksonen)


def open_page(app_test, database, page):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def newest(database, model):
    with database.read() as s:
        return s.execute(select(model).order_by(model.id.desc()).limit(1)).scalar_one()


def code_of(database, client_id: int) -> str:
    with database.read() as s:
        return s.get(m.Client, client_id).code


@pytest.mark.parametrize(
    ("page_file", "title"), [(CONTACT_PAGE, "Asiakasyhteys"), (FEEDBACK_PAGE, "Asiakaspalaute")]
)
def test_pages_on_an_empty_database(app_test, sqlite_database, page_file, title):
    at = open_page(app_test, sqlite_database, page_file)
    assert at.title[0].value == title
    assert [i.body for i in at.info] == [translate("records.no_team", "fi")]
    assert not at.main.button


@pytest.mark.parametrize(
    ("page_file", "form"), [(CONTACT_PAGE, "client_contact"), (FEEDBACK_PAGE, "feedback")]
)
def test_pages_on_the_demo(app_test, demo_copy, page_file, form):
    at = open_page(app_test, demo_copy, page_file)
    assert not at.error
    assert len(at.dataframe[0].value) == 20  # the recent entries under the form
    assert at.button(key=f"{form}.save.0")


def test_coach_sees_own_active_clients(app_test, demo_copy):
    at = open_page(app_test, demo_copy, CONTACT_PAGE)
    at.selectbox(key="client_contact.staff.0").set_value(COACH).run()
    with demo_copy.read() as s:
        own = [c.label for c in choices.active_clients(s, 1, date.today(), COACH)]
        everyone = [c.label for c in choices.active_clients(s, 1, date.today())]
    assert at.selectbox(key="client_contact.client.0").options == own
    assert 0 < len(own) < len(everyone)
    at.selectbox(key="client_contact.staff.0").set_value(1).run()  # the team leader
    assert at.selectbox(key="client_contact.client.0").options == everyone


def test_page_logs_a_plan_meeting(app_test, demo_copy):
    at = open_page(app_test, demo_copy, CONTACT_PAGE)
    before = count(demo_copy, m.ClientContact)
    at.selectbox(key="client_contact.staff.0").set_value(COACH).run()
    with demo_copy.read() as s:
        client_id = choices.active_clients(s, 1, date.today(), COACH)[0].id
    assert at.selectbox(key="client_contact.kind.0").value == "meeting"
    assert at.selectbox(key="client_contact.place.0").value == "office"
    assert at.number_input(key="client_contact.minutes.0").value == 60
    at.selectbox(key="client_contact.client.0").set_value(client_id)
    at.selectbox(key="client_contact.kind.0").set_value("vocational_profile")
    at.toggle(key="client_contact.f2f.0").set_value(False).run()
    assert at.selectbox(key="client_contact.place.0").value == "remote"
    at.number_input(key="client_contact.minutes.0").set_value(45)
    at.button(key="client_contact.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Asiakasyhteys tallennettu. Ammattiprofiili on kirjattu myös asiakkaan suunnitelmiin."
    ]
    assert count(demo_copy, m.ClientContact) == before + 1
    row = newest(demo_copy, m.ClientContact)
    assert (row.date, row.staff_id, row.client_id, row.kind) == (
        date.today(),
        COACH,
        client_id,
        "vocational_profile",
    )
    assert (row.face_to_face, row.place, row.minutes, row.job_id, row.no_show) == (
        False,
        "remote",
        45,
        None,
        False,
    )
    plan = newest(demo_copy, m.ClientPlan)
    assert (plan.client_id, plan.kind, plan.date) == (client_id, "vocational_profile", date.today())
    # The form is empty again, the staff member remembered; the row is listed below.
    assert at.selectbox(key="client_contact.client.1").value is None
    assert at.selectbox(key="client_contact.staff.1").value == COACH
    assert at.dataframe[0].value.iloc[0]["client_code"] == code_of(demo_copy, client_id)
    # The employer-contact page starts from the same staff member.
    at.switch_page("pages/log_employer_contact.py").run()
    assert at.selectbox(key="employer_contact.staff.0").value == COACH


def test_page_logs_a_no_show_with_a_job(app_test, demo_copy):
    on = date.today()
    with demo_copy.read() as s:
        client_id, coach_id, job_id = s.execute(
            select(m.Client.id, m.Client.coach_id, m.Job.id)
            .join(m.Job, m.Job.client_id == m.Client.id)
            .where(m.Client.team_id == 1, is_active_on(on))
            .order_by(m.Client.code, m.Job.id)
            .limit(1)
        ).one()
    at = open_page(app_test, demo_copy, CONTACT_PAGE)
    at.selectbox(key="client_contact.staff.0").set_value(coach_id).run()
    at.selectbox(key="client_contact.client.0").set_value(client_id).run()
    job = at.selectbox(key="client_contact.job.0")
    assert not job.disabled and job.options
    job.set_value(job_id)
    at.selectbox(key="client_contact.kind.0").set_value("follow_along")
    at.selectbox(key="client_contact.place.0").set_value("workplace")
    at.toggle(key="client_contact.no_show.0").set_value(True)
    at.button(key="client_contact.save.0").click().run()
    assert not at.exception
    [message] = [s.value for s in at.success]
    assert "yhteydenottoyritys" in message and "25.2" in message
    row = newest(demo_copy, m.ClientContact)
    assert (row.client_id, row.job_id, row.kind, row.place, row.no_show, row.minutes) == (
        client_id,
        job_id,
        "follow_along",
        "workplace",
        True,
        60,
    )


def test_contact_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, CONTACT_PAGE)
    before, plans_before = count(demo_copy, m.ClientContact), count(demo_copy, m.ClientPlan)
    at.selectbox(key="client_contact.kind.0").set_value("job_search_plan")
    at.number_input(key="client_contact.minutes.0").set_value(90)
    at.button(key="client_contact.save.0").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Asiakaskoodi: pakollinen tieto puuttuu"]
    assert not at.success
    assert count(demo_copy, m.ClientContact) == before
    assert count(demo_copy, m.ClientPlan) == plans_before
    assert at.selectbox(key="client_contact.kind.0").value == "job_search_plan"
    assert at.number_input(key="client_contact.minutes.0").value == 90


def test_feedback_page_logs_feedback(app_test, demo_copy):
    at = open_page(app_test, demo_copy, FEEDBACK_PAGE)
    before = count(demo_copy, m.Feedback)
    score = at.radio(key="feedback.score.0")
    assert score.value is None and score.options == ["1", "2", "3", "4", "5"]
    with demo_copy.read() as s:
        client_id = choices.all_clients(s, 1)[-1].id
    at.selectbox(key="feedback.client.0").set_value(client_id)
    score.set_value(4)
    at.text_area(key="feedback.comment.0").set_value("Tapaamiset auttoivat")
    at.button(key="feedback.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Palaute tallennettu."]
    assert count(demo_copy, m.Feedback) == before + 1
    row = newest(demo_copy, m.Feedback)
    assert (row.date, row.client_id, row.score, row.comment) == (
        date.today(),
        client_id,
        4,
        "Tapaamiset auttoivat",
    )
    assert at.radio(key="feedback.score.1").value is None  # the next one is a new choice


def test_feedback_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, FEEDBACK_PAGE)
    before = count(demo_copy, m.Feedback)
    comment = f"Palaute, asiakas {HETU}"
    at.text_area(key="feedback.comment.0").set_value(comment)
    at.button(key="feedback.save.0").click().run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert "Asiakaskoodi: pakollinen tieto puuttuu" in messages
    assert "Pisteet: pakollinen tieto puuttuu" in messages
    assert any(text.startswith("Kommentti: sisältää henkilötunnuksen") for text in messages)
    assert all(HETU not in text for text in messages)
    assert count(demo_copy, m.Feedback) == before
    assert at.text_area(key="feedback.comment.0").value == comment
