"""Team meetings and the admin services (teams, staff, referral sources, employers) on both
databases, concurrent saves, and their pages under AppTest."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.i18n import translate
from ote.records import organisation as org
from ote.records import team_meetings as meetings
from ote.records.base import NotFound, delete_rows
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)
HETU = "131052-308T"


def count(database, model) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def refused(action) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as failure:
        action()
    return [(e.field, e.key) for e in failure.value.errors]


@pytest.fixture
def team(database):
    """Two teams: ours (a leader, a coach, a former coach, a source) and another."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        leader = m.Staff(key="S1", team_id=ours.id, name="Liisa", role="team_leader", fte=1.0)
        coach = m.Staff(
            key="S2", team_id=ours.id, name="Aino", role="coach", fte=1.0, coaching_share=0.9
        )
        former = m.Staff(
            key="S3",
            team_id=ours.id,
            name="Pekka",
            role="coach",
            fte=1.0,
            end_date=date(2026, 1, 31),
        )
        stranger = m.Staff(key="S9", team_id=other.id, name="Eero", role="coach", fte=1.0)
        s.add_all([leader, coach, former, stranger])
        s.flush()
        source = m.ReferralSource(key="R1", team_id=ours.id, name="MT", kind="other")
        s.add(source)
        s.flush()
        ids = {
            "team": ours.id,
            "other_team": other.id,
            "leader": leader.id,
            "coach": coach.id,
            "former": former.id,
            "stranger": stranger.id,
            "source": source.id,
        }
    return database, ids


def add_client(database, ids, code="A-001", source=None):
    with database.write() as s:
        client = m.Client(
            team_id=ids["team"],
            code=code,
            coach_id=ids["coach"],
            source_id=source or ids["source"],
            referral_date=date(2026, 1, 1),
            service_start=date(2026, 1, 5),
        )
        s.add(client)
        s.flush()
        return client.id


# ------------------------------------------------------------------- team meetings
def meeting(ids, **changes):
    values = {
        "date": TODAY,
        "kind": "coaching_supervision",
        "attendees": [ids["leader"], ids["coach"]],
        "job_tips": "Kauppa Oy hakee varastotyöntekijää",
        "decisions": "A-001: työkokeilu syyskuussa",
    }
    values.update(changes)
    return values


def attendees_of(database, meeting_id) -> list[int]:
    with database.read() as s:
        return meetings.attendee_ids(s, meeting_id)


def test_meeting_saved_and_read_back(team):
    database, ids = team
    saved = meetings.create(database, ids["team"], meeting(ids), TODAY)
    with database.read() as s:
        row = s.get(m.TeamMeeting, saved.id)
    assert (row.team_id, row.date, row.kind, row.job_tips, row.decisions) == (
        ids["team"],
        TODAY,
        "coaching_supervision",
        "Kauppa Oy hakee varastotyöntekijää",
        "A-001: työkokeilu syyskuussa",
    )
    assert attendees_of(database, saved.id) == sorted([ids["leader"], ids["coach"]])
    assert saved.warnings == []


def test_blank_texts_are_stored_as_nothing(team):
    database, ids = team
    saved = meetings.create(
        database, ids["team"], meeting(ids, job_tips="  ", decisions="", attendees=[]), TODAY
    )
    with database.read() as s:
        row = s.get(m.TeamMeeting, saved.id)
    assert (row.job_tips, row.decisions) == (None, None)
    assert attendees_of(database, saved.id) == []


def test_one_meeting_per_team_date_and_kind(team):
    database, ids = team
    meetings.create(database, ids["team"], meeting(ids), TODAY)
    assert refused(lambda: meetings.create(database, ids["team"], meeting(ids), TODAY)) == [
        ("date", "team_meeting_exists")
    ]
    assert count(database, m.TeamMeeting) == 1
    # Another kind on the same date, and the same kind for another team, are fine.
    meetings.create(database, ids["team"], meeting(ids, kind="mdt_meeting"), TODAY)
    meetings.create(database, ids["other_team"], meeting(ids, attendees=[ids["stranger"]]), TODAY)
    assert count(database, m.TeamMeeting) == 3


def test_duplicate_message_names_the_date():
    from ote.validation import FieldError

    text = FieldError("date", "team_meeting_exists", {"date": "30.6.2026"}).message("fi")
    assert text.startswith("tiimille on jo kirjattu samanlajinen palaveri päivälle 30.6.2026")


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"date": TODAY + timedelta(days=1)}, "date", "future_date"),
        ({"date": None}, "date", "required"),
        ({"kind": None}, "kind", "required"),
        ({"kind": "coffee"}, "kind", "not_allowed"),
        ({"job_tips": f"Asiakas {HETU}"}, "job_tips", "identity_code"),
        ({"decisions": f"Soita {HETU}"}, "decisions", "identity_code"),
        ({"decisions": "x" * 4001}, "decisions", "too_long"),
    ],
    ids=["future", "no-date", "no-kind", "bad-kind", "hetu-tips", "hetu-decisions", "long"],
)
def test_bad_meeting_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    problems = refused(
        lambda: meetings.create(database, ids["team"], meeting(ids, **changes), TODAY)
    )
    assert (field, key) in problems
    assert count(database, m.TeamMeeting) == 0
    assert count(database, m.TeamMeetingAttendee) == 0


def test_meeting_rows_of_another_team_are_refused(team):
    database, ids = team
    problems = refused(
        lambda: meetings.create(
            database, ids["team"], meeting(ids, attendees=[ids["coach"], ids["stranger"]]), TODAY
        )
    )
    assert problems == [("attendees", "not_in_team")]
    assert count(database, m.TeamMeeting) == 0
    saved = meetings.create(database, ids["team"], meeting(ids), TODAY)
    with pytest.raises(NotFound):
        meetings.update(database, ids["other_team"], saved.id, {"decisions": "x"}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.TeamMeeting, ids["other_team"], [saved.id])
    with pytest.raises(NotFound):
        meetings.create(database, 999_999, meeting(ids), TODAY)
    assert count(database, m.TeamMeeting) == 1


def test_meeting_update_and_delete(team):
    database, ids = team
    first = meetings.create(database, ids["team"], meeting(ids), TODAY)
    other = meetings.create(database, ids["team"], meeting(ids, date=TODAY - timedelta(7)), TODAY)
    meetings.update(database, ids["team"], first.id, {"decisions": "Uusi päätös"}, TODAY)
    with database.read() as s:
        row = s.get(m.TeamMeeting, first.id)
        assert (row.decisions, row.job_tips) == (
            "Uusi päätös",
            "Kauppa Oy hakee varastotyöntekijää",
        )
    # Editing leaves the attendees as they were unless they are given.
    assert attendees_of(database, first.id) == sorted([ids["leader"], ids["coach"]])
    meetings.update(database, ids["team"], first.id, {"attendees": [ids["coach"]]}, TODAY)
    assert attendees_of(database, first.id) == [ids["coach"]]
    # Moving a meeting onto another one of the same kind is refused.
    problems = refused(
        lambda: meetings.update(database, ids["team"], other.id, {"date": TODAY}, TODAY)
    )
    assert problems == [("date", "team_meeting_exists")]
    with database.read() as s:
        assert s.get(m.TeamMeeting, other.id).date == TODAY - timedelta(7)
    # Changing its own fields keeps its date: no clash with itself.
    meetings.update(database, ids["team"], other.id, {"job_tips": None}, TODAY)
    assert delete_rows(database, m.TeamMeeting, ids["team"], [first.id]) == 1
    assert count(database, m.TeamMeeting) == 1
    assert count(database, m.TeamMeetingAttendee) == 2  # the deleted one's went with it


def test_recent_meetings(team):
    database, ids = team
    for days in (14, 0, 7):
        meetings.create(database, ids["team"], meeting(ids, date=TODAY - timedelta(days)), TODAY)
    with database.read() as s:
        table = meetings.recent(s, ids["team"], limit=2)
        assert meetings.recent(s, ids["other_team"]).empty
    assert list(table.columns) == meetings.COLUMNS
    assert list(table["date"]) == [TODAY, TODAY - timedelta(7)]
    assert list(table["attendees"]) == ["Aino, Liisa", "Aino, Liisa"]


def test_meetings_saved_at_once_all_land(team):
    """Eight people save meetings at once (distinct dates): every one is saved; the same
    date and kind twice at once: exactly one is saved."""
    database, ids = team
    errors: list[BaseException] = []
    refusals: list[ValidationFailed] = []

    def save(day: date) -> None:
        try:
            meetings.create(database, ids["team"], meeting(ids, date=day), TODAY)
        except ValidationFailed as failure:
            refusals.append(failure)
        except BaseException as error:
            errors.append(error)

    days = [TODAY - timedelta(days) for days in range(8)] + [TODAY - timedelta(30)] * 4
    threads = [threading.Thread(target=save, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(database, m.TeamMeeting) == 9
    assert len(refusals) == 3
    assert all(
        [(e.field, e.key) for e in r.errors] == [("date", "team_meeting_exists")] for r in refusals
    )


# --------------------------------------------------------------------------- teams
def test_team_created_and_read_back(database):
    saved = org.create_team(database, {"team_key": " HKI-1 ", "name": " Itä ", "region": ""})
    with database.read() as s:
        row = s.get(m.Team, saved.id)
    assert (row.key, row.name, row.region, row.is_demo) == ("HKI-1", "Itä", None, False)
    org.create_team(database, {"team_key": "Åbo-2", "name": "Åbo", "region": "Varsinais-Suomi"})
    assert count(database, m.Team) == 2


@pytest.mark.parametrize(
    ("values", "field", "key"),
    [
        ({"team_key": ""}, "team_key", "required"),
        ({"team_key": "HKI 1"}, "team_key", "team_key_format"),
        ({"team_key": "T/1"}, "team_key", "team_key_format"),
        ({"team_key": "T" * 41}, "team_key", "team_key_format"),
        ({"team_key": HETU}, "team_key", "identity_code"),
        ({"team_key": "t1"}, "team_key", "team_key_taken"),
        ({"name": "  "}, "name", "required"),
        ({"name": f"Tiimi {HETU}"}, "name", "identity_code"),
        ({"region": "x" * 201}, "region", "too_long"),
    ],
    ids=["no-key", "space", "slash", "too-long", "hetu-key", "taken", "no-name", "hetu", "long"],
)
def test_bad_team_is_refused_and_nothing_written(database, values, field, key):
    org.create_team(database, {"team_key": "T1", "name": "Ensimmäinen"})
    good = {"team_key": "T2", "name": "Toinen", "region": None}
    problems = refused(lambda: org.create_team(database, {**good, **values}))
    assert (field, key) in problems
    assert count(database, m.Team) == 1


def test_team_key_taken_message_names_the_key(database):
    org.create_team(database, {"team_key": "DEMO", "name": "Demo"})
    with pytest.raises(ValidationFailed) as failure:
        org.create_team(database, {"team_key": "demo", "name": "Toinen"})
    assert failure.value.errors[0].message("fi") == "tunnus ”DEMO” on jo käytössä; valitse toinen"


def test_team_update_keeps_the_key(team):
    database, ids = team
    org.update_team(
        database, ids["team"], {"name": "Uusi nimi", "region": "Pohjois", "team_key": "X"}
    )
    with database.read() as s:
        row = s.get(m.Team, ids["team"])
    assert (row.key, row.name, row.region) == ("T1", "Uusi nimi", "Pohjois")
    assert refused(lambda: org.update_team(database, ids["team"], {"name": ""})) == [
        ("name", "required")
    ]
    with pytest.raises(NotFound):
        org.update_team(database, 999_999, {"name": "x"})


def test_only_an_empty_team_is_deleted(team):
    database, ids = team
    empty = org.create_team(database, {"team_key": "T3", "name": "Tyhjä"})
    with database.read() as s:
        offered = [d.id for d in org.deletable_teams(s)]
        table = org.teams_table(s).set_index("team_key")
    assert offered == [empty.id]
    assert table.loc["T1", ["staff", "clients", "other_records"]].tolist() == [3, 0, 1]
    assert table.loc["T2", ["staff", "clients", "other_records"]].tolist() == [1, 0, 0]
    assert refused(lambda: org.delete_team(database, ids["team"])) == [("team_key", "team_in_use")]
    assert refused(lambda: org.delete_team(database, ids["other_team"])) == [
        ("team_key", "team_in_use")
    ]
    assert org.delete_team(database, empty.id) == 1
    assert count(database, m.Team) == 2
    assert count(database, m.Staff) == 4
    with pytest.raises(NotFound):
        org.delete_team(database, empty.id)


# --------------------------------------------------------------------------- staff
def person(**changes):
    values = {
        "name": "Maija Mallikas",
        "role": "coach",
        "fte": 0.8,
        "coaching_share": 0.95,
        "start_date": date(2026, 2, 1),
        "end_date": None,
    }
    values.update(changes)
    return values


def test_staff_created_with_the_teams_keys(team):
    database, ids = team
    first = org.create_staff(database, ids["team"], person())
    second = org.create_staff(database, ids["team"], person(name="Ville", role="job_finder"))
    with database.read() as s:
        row = s.get(m.Staff, first.id)
        other = s.get(m.Staff, second.id)
    assert (row.key, row.team_id, row.name, row.role, row.fte, row.coaching_share) == (
        "T1-S0001",
        ids["team"],
        "Maija Mallikas",
        "coach",
        0.8,
        0.95,
    )
    assert (row.start_date, row.end_date) == (date(2026, 2, 1), None)
    assert (other.key, other.role, other.coaching_share) == ("T1-S0002", "job_finder", 0.95)
    assert first.warnings == []


def test_a_coach_without_a_coaching_share_is_a_warning(team):
    database, ids = team
    saved = org.create_staff(database, ids["team"], person(coaching_share=None))
    assert [(w.field, w.key, w.warning) for w in saved.warnings] == [
        ("coaching_share", "coaching_share_missing", True)
    ]
    assert count(database, m.Staff) == 5
    leader = org.create_staff(
        database, ids["team"], person(role="team_leader", coaching_share=None)
    )
    assert leader.warnings == []


def test_a_long_team_key_still_gives_keys_that_fit(database):
    saved = org.create_team(database, {"team_key": "K" * 40, "name": "Pitkä"})
    staff = org.create_staff(database, saved.id, person())
    employer = org.create_employer(database, saved.id, {"name": "Oy"})
    with database.read() as s:
        keys = [s.get(m.Staff, staff.id).key, s.get(m.Employer, employer.id).key]
    assert keys == ["K" * 34 + "-S0001", "K" * 34 + "-E0001"]
    assert all(len(key) <= 40 for key in keys)


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": f"Maija {HETU}"}, "name", "identity_code"),
        ({"role": None}, "role", "required"),
        ({"role": "boss"}, "role", "not_allowed"),
        ({"fte": None}, "fte", "required"),
        ({"fte": 1.5}, "fte", "out_of_range"),
        ({"coaching_share": -0.1}, "coaching_share", "out_of_range"),
        ({"end_date": date(2026, 1, 31)}, "end_date", "before"),
    ],
    ids=["no-name", "hetu", "no-role", "bad-role", "no-fte", "fte", "share", "end-before"],
)
def test_bad_staff_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    problems = refused(lambda: org.create_staff(database, ids["team"], person(**changes)))
    assert (field, key) in problems
    assert count(database, m.Staff) == 4


def test_staff_update(team):
    database, ids = team
    saved = org.update_staff(
        database, ids["team"], ids["coach"], {"end_date": date(2026, 7, 31), "fte": 0.5}
    )
    with database.read() as s:
        row = s.get(m.Staff, ids["coach"])
    assert (row.end_date, row.fte, row.coaching_share, row.name) == (
        date(2026, 7, 31),
        0.5,
        0.9,
        "Aino",
    )
    assert saved.warnings == []
    assert refused(lambda: org.update_staff(database, ids["team"], ids["coach"], {"fte": 2.0})) == [
        ("fte", "out_of_range")
    ]
    with pytest.raises(NotFound):
        org.update_staff(database, ids["team"], ids["stranger"], {"name": "x"})
    with pytest.raises(NotFound):
        org.create_staff(database, 999_999, person())


def test_only_staff_without_records_is_deleted(team):
    database, ids = team
    add_client(database, ids)  # Aino coaches it
    meetings.create(database, ids["team"], meeting(ids, attendees=[ids["leader"]]), TODAY)
    with database.read() as s:
        offered = [d.id for d in org.deletable_staff(s, ids["team"])]
        table = org.staff_table(s, ids["team"]).set_index("name")
    assert offered == [ids["former"]]
    assert table.loc[["Aino", "Liisa", "Pekka"], "records"].tolist() == [1, 1, 0]
    assert list(table.reset_index().columns) == ["name", "id", "key", *org.STAFF_COLUMNS[3:]]
    problems = refused(lambda: org.delete_staff(database, ids["team"], ids["coach"]))
    assert problems == [("end_date", "staff_in_use")]
    with pytest.raises(ValidationFailed) as failure:
        org.delete_staff(database, ids["team"], ids["leader"])
    assert "päättymispäivä" in failure.value.errors[0].message("fi")
    with pytest.raises(NotFound):
        org.delete_staff(database, ids["other_team"], ids["former"])
    assert count(database, m.Staff) == 4
    assert org.delete_staff(database, ids["team"], ids["former"]) == 1
    assert count(database, m.Staff) == 3


def test_staff_added_at_once_all_land_with_distinct_keys(team):
    database, ids = team
    errors: list[BaseException] = []

    def add(times: int) -> None:
        try:
            for number in range(times):
                org.create_staff(database, ids["team"], person(name=f"Uusi {number}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add, args=(5,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as s:
        keys = s.execute(select(m.Staff.key).where(m.Staff.key.like("T1-S%"))).scalars().all()
    assert sorted(keys) == [f"T1-S{n:04d}" for n in range(1, 31)]


# ---------------------------------------------------------------- referral sources
def test_source_created_updated_and_deleted(team):
    database, ids = team
    saved = org.create_source(
        database, ids["team"], {"name": "Aikuissosiaalityö", "kind": "adult_social_work"}
    )
    attached = org.create_source(
        database,
        ids["team"],
        {"name": "Mielenterveystiimi", "kind": "mental_health_substance", "attached": True},
    )
    with database.read() as s:
        row = s.get(m.ReferralSource, saved.id)
        other = s.get(m.ReferralSource, attached.id)
    assert (row.key, row.team_id, row.name, row.kind, row.attached) == (
        "T1-R0001",
        ids["team"],
        "Aikuissosiaalityö",
        "adult_social_work",
        False,
    )
    assert (other.key, other.attached) == ("T1-R0002", True)
    org.update_source(database, ids["team"], saved.id, {"attached": True, "name": "Aikuissos"})
    with database.read() as s:
        row = s.get(m.ReferralSource, saved.id)
    assert (row.name, row.kind, row.attached) == ("Aikuissos", "adult_social_work", True)
    with pytest.raises(NotFound):
        org.update_source(database, ids["other_team"], saved.id, {"name": "x"})
    add_client(database, ids, source=saved.id)
    with database.read() as s:
        offered = [d.id for d in org.deletable_sources(s, ids["team"])]
        table = org.sources_table(s, ids["team"]).set_index("id")
    assert offered == [ids["source"], attached.id]
    assert table.loc[saved.id, "clients"] == 1
    assert refused(lambda: org.delete_source(database, ids["team"], saved.id)) == [
        ("source_id", "source_in_use")
    ]
    with pytest.raises(NotFound):
        org.delete_source(database, ids["other_team"], attached.id)
    assert org.delete_source(database, ids["team"], attached.id) == 1
    assert count(database, m.ReferralSource) == 2


@pytest.mark.parametrize(
    ("values", "field", "key"),
    [
        ({"name": None, "kind": "other"}, "name", "required"),
        ({"name": f"MT {HETU}", "kind": "other"}, "name", "identity_code"),
        ({"name": "MT"}, "kind", "required"),
        ({"name": "MT", "kind": "friends"}, "kind", "not_allowed"),
    ],
    ids=["no-name", "hetu", "no-kind", "bad-kind"],
)
def test_bad_source_is_refused_and_nothing_written(team, values, field, key):
    database, ids = team
    assert (field, key) in refused(lambda: org.create_source(database, ids["team"], values))
    assert count(database, m.ReferralSource) == 1


# ------------------------------------------------------------------------ employers
def test_employer_created_and_listed_with_this_teams_counts(team):
    database, ids = team
    saved = org.create_employer(
        database, ids["team"], {"name": " Kauppa Oy ", "industry": "Vähittäiskauppa"}
    )
    second = org.create_employer(database, ids["team"], {"name": "Leipomo 10%", "industry": ""})
    with database.read() as s:
        row = s.get(m.Employer, saved.id)
    assert (row.key, row.name, row.industry) == ("T1-E0001", "Kauppa Oy", "Vähittäiskauppa")
    # A contact by our team and two by the other team, a job of ours.
    client = add_client(database, ids)
    with database.write() as s:
        s.add(
            m.EmployerContact(
                date=TODAY, staff_id=ids["coach"], employer_id=saved.id, face_to_face=True
            )
        )
        for _ in range(2):
            s.add(
                m.EmployerContact(
                    date=TODAY, staff_id=ids["stranger"], employer_id=second.id, face_to_face=True
                )
            )
        s.add(
            m.Job(
                key="J1",
                client_id=client,
                employer_id=saved.id,
                title="Myyjä",
                job_type="Myyjät",
                start_date=TODAY,
                competitive=True,
                permanent=True,
            )
        )
    with database.read() as s:
        table, matched = org.employers_table(s, ids["team"])
        by_name = table.set_index("name")
        assert by_name.loc["Kauppa Oy", ["contacts", "jobs"]].tolist() == [1, 1]
        # The other team's contacts are not ours, but they keep the employer in use.
        assert by_name.loc["Leipomo 10%", ["contacts", "jobs", "in_use"]].tolist() == [0, 0, True]
        other_view, _ = org.employers_table(s, ids["other_team"])
        assert other_view.set_index("name").loc["Leipomo 10%", "contacts"] == 2
        assert matched == 2
        assert list(org.employers_table(s, ids["team"], "10%")[0]["name"]) == ["Leipomo 10%"]
        assert list(org.employers_table(s, ids["team"], "kauppa")[0]["name"]) == ["Kauppa Oy"]
        assert org.employers_table(s, ids["team"], "_")[1] == 0
        assert org.deletable_employers(table) == []
    assert refused(lambda: org.delete_employer(database, second.id)) == [
        ("employer_id", "employer_in_use")
    ]
    third = org.create_employer(database, ids["other_team"], {"name": "Tyhjä Oy"})
    with database.read() as s:
        table, _ = org.employers_table(s, ids["team"])
    assert [d.id for d in org.deletable_employers(table)] == [third.id]
    assert org.delete_employer(database, third.id) == 1
    with pytest.raises(NotFound):
        org.delete_employer(database, third.id)
    assert count(database, m.Employer) == 2


def test_employer_list_is_limited(team):
    database, ids = team
    with database.write() as s:
        s.add_all(m.Employer(key=f"E{n:03d}", name=f"Yritys {n:03d}") for n in range(12))
    with database.read() as s:
        table, matched = org.employers_table(s, ids["team"], "yritys", limit=5)
    assert (len(table), matched) == (5, 12)
    assert list(table["name"]) == [f"Yritys {n:03d}" for n in range(5)]


def test_employer_update_and_same_name_warning(team):
    database, ids = team
    saved = org.create_employer(database, ids["team"], {"name": "Kauppa Oy"})
    twin = org.create_employer(database, ids["other_team"], {"name": "KAUPPA OY"})
    assert [(w.field, w.key) for w in twin.warnings] == [("name", "employer_name_exists")]
    with database.read() as s:
        assert s.get(m.Employer, twin.id).key == "T2-E0001"
    org.update_employer(database, saved.id, {"industry": "Kauppa"})
    with database.read() as s:
        row = s.get(m.Employer, saved.id)
    assert (row.name, row.industry) == ("Kauppa Oy", "Kauppa")
    assert refused(lambda: org.update_employer(database, saved.id, {"name": ""})) == [
        ("name", "required")
    ]
    with pytest.raises(NotFound):
        org.update_employer(database, 999_999, {"name": "x"})


@pytest.mark.parametrize(
    ("values", "field", "key"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": f"Oy {HETU}"}, "name", "identity_code"),
        ({"name": "Oy", "industry": f"{HETU}"}, "industry", "identity_code"),
        ({"name": "x" * 201}, "name", "too_long"),
    ],
    ids=["no-name", "hetu", "hetu-industry", "long"],
)
def test_bad_employer_is_refused_and_nothing_written(team, values, field, key):
    database, ids = team
    assert (field, key) in refused(lambda: org.create_employer(database, ids["team"], values))
    assert count(database, m.Employer) == 0


# ------------------------------------------------------------------------ the pages
MY_PAGES = [
    "pages/log_team_meetings.py",
    "pages/admin_teams.py",
    "pages/admin_staff.py",
    "pages/admin_sources.py",
    "pages/admin_employers.py",
]


def open_page(app_test, database, page):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", MY_PAGES)
def test_pages_on_an_empty_database(app_test, sqlite_database, page):
    at = open_page(app_test, sqlite_database, page)
    assert len(at.title) == 1
    assert not at.warning
    if page == "pages/admin_teams.py":
        assert [i.body for i in at.info] == [translate("admin.teams.first_team", "fi")]
    else:
        assert len(at.info) == 1  # choose or add a team first
        assert not at.main.button


@pytest.mark.parametrize("page", MY_PAGES)
def test_pages_on_the_demo_database(app_test, demo_copy, page):
    at = open_page(app_test, demo_copy, page)
    assert len(at.title) == 1
    assert at.warning[0].value == translate("shell.demo_banner", "fi")
    assert not at.error
    assert at.main.button  # a form to fill in


def test_first_team_on_an_empty_database(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database, "pages/admin_teams.py")
    at.text_input(key="team.key.0").set_value("HKI-ITA")
    at.text_input(key="team.name.0").set_value("Helsingin itäinen tiimi")
    at.text_input(key="team.region.0").set_value("Helsinki")
    at.button(key="team.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        translate("admin.teams.saved", "fi", name="Helsingin itäinen tiimi")
    ]
    with sqlite_database.read() as s:
        rows = s.execute(select(m.Team.key, m.Team.name, m.Team.region)).all()
    assert rows == [("HKI-ITA", "Helsingin itäinen tiimi", "Helsinki")]
    # The sidebar's team chooser has it, and the form is empty again.
    assert at.sidebar.selectbox(key="team").value == "HKI-ITA"
    assert at.text_input(key="team.key.1").value == ""
    # The staff page now has a form for the new team.
    at.switch_page("pages/admin_staff.py").run()
    assert not at.exception
    assert at.button(key="staff.save.0")


def test_team_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_teams.py")
    before = count(demo_copy, m.Team)
    at.text_input(key="team.key.0").set_value("demo")
    at.text_input(key="team.name.0").set_value(f"Tiimi {HETU}")
    at.button(key="team.save.0").click().run()
    messages = [e.value for e in at.error]
    assert "Tiimin tunnus: tunnus ”DEMO” on jo käytössä; valitse toinen" in messages
    assert any(text.startswith("Nimi: sisältää henkilötunnuksen") for text in messages)
    assert all(HETU not in text for text in messages)
    assert count(demo_copy, m.Team) == before
    assert at.text_input(key="team.key.0").value == "demo"
    assert at.text_input(key="team.name.0").value == f"Tiimi {HETU}"


def test_empty_team_deleted_on_the_page(app_test, demo_copy):
    org.create_team(demo_copy, {"team_key": "POIS", "name": "Poistettava"})
    at = open_page(app_test, demo_copy, "pages/admin_teams.py")
    chooser = at.selectbox(key="team.delete.choice.0")
    assert chooser.options == ["Poistettava (POIS)"]  # the demo team is not offered
    chooser.set_value(chooser_id(demo_copy, "POIS")).run()
    assert at.warning[-1].value == translate(
        "admin.confirm_delete", "fi", name="Poistettava (POIS)"
    )
    assert count(demo_copy, m.Team) == 2  # nothing deleted before the confirmation
    at.button(key="team.delete.delete.0").click().run()
    assert not at.exception
    assert count(demo_copy, m.Team) == 1
    assert [s.value for s in at.success] == [
        translate("admin.deleted", "fi", name="Poistettava (POIS)")
    ]


def chooser_id(database, team_key) -> int:
    with database.read() as s:
        return s.execute(select(m.Team.id).where(m.Team.key == team_key)).scalar_one()


def test_meeting_page_logs_a_supervision(app_test, demo_copy):
    today = date.today()
    at = open_page(app_test, demo_copy, "pages/log_team_meetings.py")
    with demo_copy.read() as s:
        employed = (
            s.execute(
                select(m.Staff.id).where(
                    m.Staff.team_id == 1, (m.Staff.end_date.is_(None)) | (m.Staff.end_date >= today)
                )
            )
            .scalars()
            .all()
        )
    attendees = at.multiselect(key="team_meeting.attendees.0")
    assert len(attendees.value) == len(employed) > 0  # everyone employed today by default
    assert at.selectbox(key="team_meeting.kind.0").value == "coaching_supervision"
    before = count(demo_copy, m.TeamMeeting)
    at.text_area(key="team_meeting.decisions.0").set_value("Työnantajakäynnit parityönä")
    at.button(key="team_meeting.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Palaveri tallennettu."]
    assert count(demo_copy, m.TeamMeeting) == before + 1
    with demo_copy.read() as s:
        newest = s.execute(
            select(m.TeamMeeting).order_by(m.TeamMeeting.id.desc()).limit(1)
        ).scalar_one()
        present = meetings.attendee_ids(s, newest.id)
    assert (newest.team_id, newest.date, newest.kind, newest.decisions, newest.job_tips) == (
        1,
        today,
        "coaching_supervision",
        "Työnantajakäynnit parityönä",
        None,
    )
    assert present == sorted(employed)
    assert at.text_area(key="team_meeting.decisions.1").value == ""

    # The same meeting again: refused, naming the date; what was typed stays.
    at.text_area(key="team_meeting.job_tips.1").set_value("Kahvila hakee")
    at.button(key="team_meeting.save.1").click().run()
    messages = [e.value for e in at.error]
    assert messages == [
        "Päivämäärä: "
        + translate("validation.team_meeting_exists", "fi", date=today.strftime("%-d.%-m.%Y"))
    ]
    assert count(demo_copy, m.TeamMeeting) == before + 1
    assert at.text_area(key="team_meeting.job_tips.1").value == "Kahvila hakee"


def test_meeting_page_refuses_an_identity_code(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/log_team_meetings.py")
    before = count(demo_copy, m.TeamMeeting)
    at.selectbox(key="team_meeting.kind.0").set_value("partner_meeting")
    at.text_area(key="team_meeting.job_tips.0").set_value(f"Soita {HETU}")
    at.button(key="team_meeting.save.0").click().run()
    messages = [e.value for e in at.error]
    assert len(messages) == 1
    assert messages[0].startswith("Työpaikkavinkit: sisältää henkilötunnuksen")
    assert HETU not in messages[0]
    assert count(demo_copy, m.TeamMeeting) == before
    assert at.text_area(key="team_meeting.job_tips.0").value == f"Soita {HETU}"
    assert at.selectbox(key="team_meeting.kind.0").value == "partner_meeting"


def test_staff_page_adds_a_coach(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_staff.py")
    before = count(demo_copy, m.Staff)
    at.text_input(key="staff.name.0").set_value("Uusi Valmentaja")
    at.number_input(key="staff.fte.0").set_value(0.6)
    at.number_input(key="staff.share.0").set_value(0.9)
    at.date_input(key="staff.start.0").set_value(date(2026, 8, 1))
    at.button(key="staff.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Uusi Valmentaja lisätty tiimiin."]
    assert not at.warning[1:]  # the coaching share was given: no warning
    assert count(demo_copy, m.Staff) == before + 1
    with demo_copy.read() as s:
        row = s.execute(select(m.Staff).where(m.Staff.name == "Uusi Valmentaja")).scalar_one()
    assert (row.team_id, row.role, row.fte, row.coaching_share, row.start_date, row.end_date) == (
        1,
        "coach",
        0.6,
        0.9,
        date(2026, 8, 1),
        None,
    )
    assert row.key.startswith("DEMO-S")
    assert at.text_input(key="staff.name.1").value == ""


def test_staff_page_warns_about_a_missing_share(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_staff.py")
    at.text_input(key="staff.name.0").set_value("Osuus Puuttuu")
    at.button(key="staff.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Osuus Puuttuu lisätty tiimiin."]
    assert at.warning[-1].value.startswith(
        "Työhönvalmennuksen osuus työajasta: työhönvalmentajalta"
    )
    with demo_copy.read() as s:
        row = s.execute(select(m.Staff).where(m.Staff.name == "Osuus Puuttuu")).scalar_one()
    assert row.coaching_share is None


def test_staff_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_staff.py")
    before = count(demo_copy, m.Staff)
    at.text_input(key="staff.name.0").set_value(f"Maija {HETU}")
    at.date_input(key="staff.start.0").set_value(date(2026, 8, 1))
    at.date_input(key="staff.end.0").set_value(date(2026, 7, 1))
    at.button(key="staff.save.0").click().run()
    messages = [e.value for e in at.error]
    assert any(text.startswith("Nimi: sisältää henkilötunnuksen") for text in messages)
    assert "Päättymispäivä: päivämäärä 1.7.2026 on ennen kenttää Alkamispäivä (1.8.2026)" in (
        messages
    )
    assert count(demo_copy, m.Staff) == before
    assert at.text_input(key="staff.name.0").value == f"Maija {HETU}"
    assert at.date_input(key="staff.end.0").value == date(2026, 7, 1)


def test_staff_page_offers_to_delete_only_staff_without_records(app_test, demo_copy):
    spare = org.create_staff(demo_copy, 1, person(name="Turha Lisäys"))
    at = open_page(app_test, demo_copy, "pages/admin_staff.py")
    chooser = at.selectbox(key="staff.delete.choice.0")
    with demo_copy.read() as s:
        key = s.get(m.Staff, spare.id).key
    assert chooser.options == [f"Turha Lisäys ({key})"]
    chooser.set_value(spare.id).run()
    at.button(key="staff.delete.delete.0").click().run()
    assert not at.exception
    with demo_copy.read() as s:
        assert s.get(m.Staff, spare.id) is None


def test_sources_page_adds_a_source(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_sources.py")
    before = count(demo_copy, m.ReferralSource)
    at.text_input(key="source.name.0").set_value("Vammaispalvelut, länsi")
    at.selectbox(key="source.kind.0").set_value("disability_services")
    at.toggle(key="source.attached.0").set_value(True)
    at.button(key="source.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Lähettävä taho Vammaispalvelut, länsi lisätty."]
    assert count(demo_copy, m.ReferralSource) == before + 1
    with demo_copy.read() as s:
        row = s.execute(
            select(m.ReferralSource).order_by(m.ReferralSource.id.desc()).limit(1)
        ).scalar_one()
    assert (row.team_id, row.name, row.kind, row.attached) == (
        1,
        "Vammaispalvelut, länsi",
        "disability_services",
        True,
    )
    assert row.key.startswith("DEMO-R")


def test_sources_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_sources.py")
    before = count(demo_copy, m.ReferralSource)
    at.text_input(key="source.name.0").set_value("Uusi taho")
    at.button(key="source.save.0").click().run()
    assert [e.value for e in at.error] == ["Laji: pakollinen tieto puuttuu"]
    assert count(demo_copy, m.ReferralSource) == before
    assert at.text_input(key="source.name.0").value == "Uusi taho"


def test_employers_page_adds_and_finds_an_employer(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_employers.py")
    before = count(demo_copy, m.Employer)
    at.text_input(key="employer.name.0").set_value("Zyx Testiyritys Oy")
    at.text_input(key="employer.industry.0").set_value("Logistiikka")
    at.button(key="employer.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Työnantaja Zyx Testiyritys Oy lisätty."]
    assert count(demo_copy, m.Employer) == before + 1
    with demo_copy.read() as s:
        row = s.execute(
            select(m.Employer).where(m.Employer.name == "Zyx Testiyritys Oy")
        ).scalar_one()
    assert (row.industry, row.key.startswith("DEMO-E")) == ("Logistiikka", True)
    at.text_input(key="employer.filter").set_value("zyx testi").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown["name"]) == ["Zyx Testiyritys Oy"]
    assert list(shown[["contacts", "jobs"]].iloc[0]) == [0, 0]
    assert at.selectbox(key="employer.delete.choice.0").options == [
        f"Zyx Testiyritys Oy ({row.key})"
    ]


def test_employers_page_refuses_bad_input_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, "pages/admin_employers.py")
    before = count(demo_copy, m.Employer)
    at.text_input(key="employer.industry.0").set_value("Kauppa")
    at.button(key="employer.save.0").click().run()
    assert [e.value for e in at.error] == ["Nimi: pakollinen tieto puuttuu"]
    assert count(demo_copy, m.Employer) == before
    assert at.text_input(key="employer.industry.0").value == "Kauppa"
