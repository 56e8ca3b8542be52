"""Clients (referral, service start and end) and jobs (start, end): the services on both
databases, concurrent saves, and the two pages under AppTest."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.i18n import translate
from ote.metrics import caseload
from ote.records import clients as client_service
from ote.records import jobs as job_service
from ote.records.base import NotFound, delete_rows
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)
HETU = "131052-308T"


@pytest.fixture
def team(database):
    """Ours: two coaches and a team leader, a source, A-001 active (Aino), W-001 waiting
    (Aino), an employer; another team with its own coach, source and client B-001."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        aino = m.Staff(key="S1", team_id=ours.id, name="Aino", role="coach", fte=1.0)
        bertta = m.Staff(key="S2", team_id=ours.id, name="Bertta", role="coach", fte=0.5)
        leader = m.Staff(key="S3", team_id=ours.id, name="Lea", role="team_leader", fte=1.0)
        stranger = m.Staff(key="S9", team_id=other.id, name="Eero", role="coach", fte=1.0)
        s.add_all([aino, bertta, leader, stranger])
        s.flush()
        source = m.ReferralSource(key="R1", team_id=ours.id, name="MT", kind="other")
        source2 = m.ReferralSource(key="R2", team_id=other.id, name="MT", kind="other")
        s.add_all([source, source2])
        s.flush()
        active = m.Client(
            team_id=ours.id,
            code="A-001",
            coach_id=aino.id,
            source_id=source.id,
            referral_date=date(2026, 1, 1),
            service_start=date(2026, 1, 5),
        )
        waiting = m.Client(
            team_id=ours.id,
            code="W-001",
            coach_id=aino.id,
            source_id=source.id,
            referral_date=date(2026, 6, 1),
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
        s.add_all([active, waiting, foreign, employer])
        s.flush()
        ids = {
            "team": ours.id,
            "other_team": other.id,
            "aino": aino.id,
            "bertta": bertta.id,
            "leader": leader.id,
            "stranger": stranger.id,
            "source": source.id,
            "foreign_source": source2.id,
            "active": active.id,
            "waiting": waiting.id,
            "foreign": foreign.id,
            "employer": employer.id,
        }
    return database, ids


def count(database, model) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def problems(failure) -> list[tuple[str, str]]:
    return [(e.field, e.key) for e in failure.value.errors]


# ==================================================================== clients
def referral(ids, **changes):
    values = {
        "client_code": "C-100",
        "coach_id": ids["bertta"],
        "source_id": ids["source"],
        "referral_date": date(2026, 6, 15),
        "framing": "modular",
        "consent_family": True,
        "consent_former_employers": False,
    }
    values.update(changes)
    return values


def test_referral_saved_and_read_back(team):
    database, ids = team
    saved = client_service.create(
        database, ids["team"], referral(ids, client_code=" C-100 "), TODAY
    )
    assert saved.warnings == []
    with database.read() as s:
        row = s.get(m.Client, saved.id)
    assert (row.team_id, row.code, row.coach_id, row.source_id, row.referral_date) == (
        ids["team"],
        "C-100",
        ids["bertta"],
        ids["source"],
        date(2026, 6, 15),
    )
    assert (row.service_start, row.service_end, row.end_reason) == (None, None, None)
    assert (row.framing, row.consent_family, row.consent_former_employers) == (
        "modular",
        True,
        False,
    )


def test_referral_defaults_and_a_code_of_another_team(team):
    database, ids = team
    values = referral(ids, client_code="B-001", framing=None)
    del values["consent_family"], values["consent_former_employers"]
    saved = client_service.create(database, ids["team"], values, TODAY)  # B-001 is the other's
    with database.read() as s:
        row = s.get(m.Client, saved.id)
    assert (row.code, row.framing, row.consent_family, row.consent_former_employers) == (
        "B-001",
        "ips",
        False,
        False,
    )


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"client_code": None}, "client_code", "required"),
        ({"client_code": "ab"}, "client_code", "client_code_format"),
        ({"client_code": "Matti Meikäläinen"}, "client_code", "client_code_format"),
        ({"client_code": HETU}, "client_code", "identity_code"),
        ({"client_code": "A-001"}, "client_code", "client_code_taken"),
        ({"coach_id": None}, "coach_id", "required"),
        ({"source_id": None}, "source_id", "required"),
        ({"referral_date": None}, "referral_date", "required"),
        ({"referral_date": TODAY + timedelta(days=1)}, "referral_date", "future_date"),
        ({"framing": "coffee"}, "framing", "not_allowed"),
        ({"service_start": date(2026, 6, 1)}, "service_start", "before"),
        ({"service_end": date(2026, 6, 20)}, "service_end", "end_needs_start"),
        ({"end_reason": f"henkilö {HETU}"}, "end_reason", "identity_code"),
    ],
    ids=[
        "no-code",
        "short-code",
        "a-name",
        "hetu",
        "taken",
        "no-coach",
        "no-source",
        "no-date",
        "future",
        "framing",
        "start-before-referral",
        "end-without-start",
        "hetu-reason",
    ],
)
def test_bad_referral_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    before = count(database, m.Client)
    with pytest.raises(ValidationFailed) as failure:
        client_service.create(database, ids["team"], referral(ids, **changes), TODAY)
    assert (field, key) in problems(failure)
    assert count(database, m.Client) == before


def test_the_taken_code_message_names_the_field_and_code(team):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        client_service.create(database, ids["team"], referral(ids, client_code="A-001"), TODAY)
    (error,) = failure.value.errors
    text = f"{translate('field.' + error.field)}: {error.message()}"
    assert text == "Asiakaskoodi: koodi ”A-001” on jo käytössä tiimissä; valitse toinen koodi"


def test_referral_with_another_teams_coach_or_source_is_refused(team):
    database, ids = team
    for wrong, field in (
        ({"coach_id": ids["stranger"]}, "coach_id"),
        ({"source_id": ids["foreign_source"]}, "source_id"),
    ):
        with pytest.raises(ValidationFailed) as failure:
            client_service.create(database, ids["team"], referral(ids, **wrong), TODAY)
        assert problems(failure) == [(field, "not_in_team")]
    assert count(database, m.Client) == 3


def test_service_start(team):
    database, ids = team
    client_service.start_service(database, ids["team"], ids["waiting"], date(2026, 6, 29), TODAY)
    with database.read() as s:
        assert s.get(m.Client, ids["waiting"]).service_start == date(2026, 6, 29)


@pytest.mark.parametrize(
    ("client", "start", "expected"),
    [
        ("waiting", date(2026, 5, 31), ("service_start", "before")),
        ("waiting", TODAY + timedelta(days=1), ("service_start", "future_date")),
        ("waiting", None, ("service_start", "required")),
        ("active", TODAY, ("client_code", "client_already_started")),
        ("foreign", TODAY, ("client_code", "not_in_team")),
        (None, TODAY, ("client_code", "required")),
    ],
    ids=["before-referral", "future", "no-date", "started", "other-team", "no-client"],
)
def test_bad_service_start_is_refused(team, client, start, expected):
    database, ids = team
    client_id = ids[client] if client else None
    with pytest.raises(ValidationFailed) as failure:
        client_service.start_service(database, ids["team"], client_id, start, TODAY)
    assert expected in problems(failure)
    with database.read() as s:
        assert s.get(m.Client, ids["waiting"]).service_start is None
        assert s.get(m.Client, ids["foreign"]).service_start == date(2026, 1, 5)


def test_service_end(team):
    database, ids = team
    client_service.end_service(
        database, ids["team"], ids["active"], date(2026, 6, 20), "employed", TODAY
    )
    with database.read() as s:
        row = s.get(m.Client, ids["active"])
    assert (row.service_end, row.end_reason) == (date(2026, 6, 20), "employed")


@pytest.mark.parametrize(
    ("client", "end", "reason", "expected"),
    [
        ("active", date(2026, 1, 4), "employed", ("service_end", "before")),
        ("active", TODAY + timedelta(days=1), "employed", ("service_end", "future_date")),
        ("active", None, "employed", ("service_end", "required")),
        ("active", TODAY, None, ("end_reason", "required")),
        ("active", TODAY, f"x {HETU}", ("end_reason", "identity_code")),
        ("waiting", TODAY, "declined", ("client_code", "client_not_started")),
        ("foreign", TODAY, "declined", ("client_code", "not_in_team")),
    ],
    ids=["before-start", "future", "no-date", "no-reason", "hetu", "waiting", "other-team"],
)
def test_bad_service_end_is_refused(team, client, end, reason, expected):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        client_service.end_service(database, ids["team"], ids[client], end, reason, TODAY)
    assert expected in problems(failure)
    with database.read() as s:
        for name in ("active", "waiting", "foreign"):
            assert s.get(m.Client, ids[name]).service_end is None


def test_an_ended_service_cannot_end_again(team):
    database, ids = team
    client_service.end_service(
        database, ids["team"], ids["active"], date(2026, 6, 1), "moved", TODAY
    )
    with pytest.raises(ValidationFailed) as failure:
        client_service.end_service(
            database, ids["team"], ids["active"], date(2026, 6, 10), "other", TODAY
        )
    assert problems(failure) == [("client_code", "client_already_ended")]


def test_update_client(team):
    database, ids = team
    client_service.update(
        database,
        ids["team"],
        ids["active"],
        {"coach_id": ids["bertta"], "consent_former_employers": True, "framing": "law"},
        TODAY,
    )
    with database.read() as s:
        row = s.get(m.Client, ids["active"])
    assert (row.code, row.coach_id, row.consent_former_employers, row.framing) == (
        "A-001",
        ids["bertta"],
        True,
        "law",
    )
    assert row.service_start == date(2026, 1, 5)
    for wrong, expected in (
        ({"client_code": "W-001"}, ("client_code", "client_code_taken")),
        ({"service_start": date(2025, 12, 1)}, ("service_start", "before")),
        ({"coach_id": ids["stranger"]}, ("coach_id", "not_in_team")),
        ({"referral_date": TODAY + timedelta(1)}, ("referral_date", "future_date")),
    ):
        with pytest.raises(ValidationFailed) as failure:
            client_service.update(database, ids["team"], ids["active"], wrong, TODAY)
        assert expected in problems(failure)
    with pytest.raises(NotFound):
        client_service.update(database, ids["other_team"], ids["active"], {"framing": "ips"}, TODAY)
    with database.read() as s:
        assert s.get(m.Client, ids["active"]).framing == "law"


def test_editing_an_old_row_does_not_check_dates_it_does_not_change(team):
    """A row whose referral date is after the `today` of the edit (e.g. imported) can still
    have another column corrected; changing the date itself is checked."""
    database, ids = team
    client_service.update(
        database, ids["team"], ids["waiting"], {"consent_family": True}, date(2026, 5, 1)
    )
    with database.read() as s:
        assert s.get(m.Client, ids["waiting"]).consent_family is True


def test_deleting_a_client_deletes_its_records(team):
    database, ids = team
    with database.write() as s:
        job = m.Job(
            key="J1",
            client_id=ids["active"],
            employer_id=ids["employer"],
            title="Myyjä",
            job_type="5223",
            start_date=date(2026, 3, 1),
            competitive=True,
            permanent=True,
        )
        s.add(job)
        s.add(
            m.ClientContact(
                client_id=ids["active"], staff_id=ids["aino"], date=TODAY, kind="meeting"
            )
        )
        s.add(
            m.EmployerContact(
                date=TODAY,
                staff_id=ids["aino"],
                employer_id=ids["employer"],
                face_to_face=True,
                client_id=ids["active"],
            )
        )
    with pytest.raises(NotFound):
        delete_rows(database, m.Client, ids["other_team"], [ids["active"]])
    assert delete_rows(database, m.Client, ids["team"], [ids["active"]]) == 1
    assert count(database, m.Job) == 0
    assert count(database, m.ClientContact) == 0
    with database.read() as s:
        contact = s.execute(select(m.EmployerContact)).scalar_one()
    assert contact.client_id is None  # the employer contact stays, without the client


def test_recent_clients(team):
    database, ids = team
    client_service.create(database, ids["team"], referral(ids), TODAY)
    with database.read() as s:
        table = client_service.recent(s, ids["team"], limit=2)
        theirs = client_service.recent(s, ids["other_team"])
    assert list(table["client_code"]) == ["C-100", "W-001"]
    assert list(table.columns) == client_service.COLUMNS
    assert list(theirs["client_code"]) == ["B-001"]


def test_coach_loads_and_the_default_coach(team):
    database, ids = team
    with database.read() as s:
        loads = caseload.coach_caseloads(s, ids["team"], TODAY)
    assert [(load.name, load.active_clients, load.fte) for load in loads] == [
        ("Aino", 1, 1.0),
        ("Bertta", 0, 0.5),
    ]
    assert client_service.default_coach(loads, None) == ids["bertta"]  # fewest per FTE
    assert client_service.default_coach(loads, ids["aino"]) == ids["aino"]  # last used
    assert client_service.default_coach(loads, ids["leader"]) == ids["bertta"]  # not a coach
    assert client_service.default_coach([], ids["aino"]) is None


def test_many_referrals_at_once_all_land_and_a_code_only_once(database):
    with database.write() as s:
        team = m.Team(key="T1", name="Tiimi")
        s.add(team)
        s.flush()
        coach = m.Staff(key="S1", team_id=team.id, name="Aino", role="coach", fte=1.0)
        source = m.ReferralSource(key="R1", team_id=team.id, name="MT", kind="other")
        s.add_all([coach, source])
        s.flush()
        team_id = team.id
        base = {"coach_id": coach.id, "source_id": source.id, "referral_date": TODAY}
    errors: list[BaseException] = []
    refused: list[ValidationFailed] = []

    def refer(codes: list[str]) -> None:
        for code in codes:
            try:
                client_service.create(database, team_id, {**base, "client_code": code}, TODAY)
            except ValidationFailed as failure:
                refused.append(failure)
            except BaseException as error:
                errors.append(error)

    # Six writers with their own codes, and four racing for the same one.
    threads = [
        threading.Thread(target=refer, args=([f"K{w}-{n}" for n in range(8)],)) for w in range(6)
    ]
    threads += [threading.Thread(target=refer, args=(["SAMA-1"],)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(database, m.Client) == 6 * 8 + 1
    assert len(refused) == 3
    assert {(e.field, e.key) for f in refused for e in f.errors} == {
        ("client_code", "client_code_taken")
    }


# ======================================================================= jobs
def job(ids, **changes):
    values = {
        "client_id": ids["active"],
        "employer_id": ids["employer"],
        "title": "Myyjä",
        "job_type": "5223",
        "start_date": date(2026, 6, 1),
        "competitive": True,
        "permanent": False,
        "hours_per_week": 20.0,
    }
    values.update(changes)
    return values


def test_job_saved_and_read_back(team):
    database, ids = team
    first = job_service.create(database, ids["team"], job(ids, title=" Myyjä "), TODAY)
    second = job_service.create(
        database, ids["team"], job(ids, start_date=TODAY + timedelta(days=14)), TODAY
    )  # an agreed start in the future
    with database.read() as s:
        row = s.get(m.Job, first.id)
        later = s.get(m.Job, second.id)
    assert (row.key, row.client_id, row.employer_id, row.title, row.job_type) == (
        "T1-J0001",
        ids["active"],
        ids["employer"],
        "Myyjä",
        "5223",
    )
    assert (row.start_date, row.end_date, row.end_reason) == (date(2026, 6, 1), None, None)
    assert (row.competitive, row.permanent, row.hours_per_week) == (True, False, 20.0)
    assert (later.key, later.start_date) == ("T1-J0002", TODAY + timedelta(days=14))


def test_job_with_a_new_employer(team):
    database, ids = team
    saved = job_service.create(
        database,
        ids["team"],
        job(ids, employer_id=None, new_employer=" Leipomo Oy ", hours_per_week=None),
        TODAY,
    )
    with database.read() as s:
        row = s.get(m.Job, saved.id)
        employer = s.get(m.Employer, row.employer_id)
    assert (employer.key, employer.name, row.hours_per_week) == ("T1-E0001", "Leipomo Oy", None)


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"client_id": None}, "client_code", "required"),
        ({"employer_id": None}, "employer_id", "required"),
        ({"employer_id": 99999}, "employer_id", "not_in_team"),
        ({"employer_id": None, "new_employer": f"Oy {HETU}"}, "employer_id", "identity_code"),
        ({"title": "  "}, "title", "required"),
        ({"title": f"Myyjä {HETU}"}, "title", "identity_code"),
        ({"title": "x" * 201}, "title", "too_long"),
        ({"job_type": None}, "job_type", "required"),
        ({"job_type": HETU}, "job_type", "identity_code"),
        ({"start_date": None}, "start_date", "required"),
        ({"end_date": date(2026, 5, 31)}, "end_date", "before"),
        ({"end_reason": f"{HETU} irtisanoutui"}, "end_reason", "identity_code"),
        ({"competitive": None}, "competitive", "required"),
        ({"permanent": None}, "permanent", "required"),
        ({"hours_per_week": 200.0}, "hours_per_week", "out_of_range"),
        ({"hours_per_week": -1.0}, "hours_per_week", "out_of_range"),
    ],
    ids=[
        "no-client",
        "no-employer",
        "no-such-employer",
        "hetu-employer",
        "blank-title",
        "hetu-title",
        "long-title",
        "no-type",
        "hetu-type",
        "no-start",
        "end-before-start",
        "hetu-reason",
        "no-competitive",
        "no-permanent",
        "hours-high",
        "hours-negative",
    ],
)
def test_bad_job_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        job_service.create(database, ids["team"], job(ids, **changes), TODAY)
    assert (field, key) in problems(failure)
    assert count(database, m.Job) == 0
    assert count(database, m.Employer) == 1


def test_job_of_another_teams_client_is_refused(team):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        job_service.create(database, ids["team"], job(ids, client_id=ids["foreign"]), TODAY)
    assert problems(failure) == [("client_code", "not_in_team")]
    saved = job_service.create(database, ids["team"], job(ids), TODAY)
    with pytest.raises(NotFound):
        job_service.update(database, ids["other_team"], saved.id, {"title": "x"}, TODAY)
    with pytest.raises(ValidationFailed) as failure:
        job_service.end_job(database, ids["other_team"], saved.id, TODAY, "x", TODAY)
    assert problems(failure) == [("job_id", "not_in_team")]
    with pytest.raises(NotFound):
        delete_rows(database, m.Job, ids["other_team"], [saved.id])
    with database.read() as s:
        row = s.get(m.Job, saved.id)
    assert (row.title, row.end_date) == ("Myyjä", None)


def test_job_end(team):
    database, ids = team
    saved = job_service.create(database, ids["team"], job(ids), TODAY)
    job_service.end_job(database, ids["team"], saved.id, TODAY, " koeaika purettiin ", TODAY)
    with database.read() as s:
        row = s.get(m.Job, saved.id)
    assert (row.end_date, row.end_reason) == (TODAY, "koeaika purettiin")


@pytest.mark.parametrize(
    ("end", "reason", "expected"),
    [
        (date(2026, 5, 31), "irtisanoutui", ("end_date", "before")),
        (None, "irtisanoutui", ("end_date", "required")),
        (TODAY, f"soita {HETU}", ("end_reason", "identity_code")),
    ],
    ids=["before-start", "no-date", "hetu"],
)
def test_bad_job_end_is_refused(team, end, reason, expected):
    database, ids = team
    saved = job_service.create(database, ids["team"], job(ids), TODAY)
    with pytest.raises(ValidationFailed) as failure:
        job_service.end_job(database, ids["team"], saved.id, end, reason, TODAY)
    assert expected in problems(failure)
    with database.read() as s:
        row = s.get(m.Job, saved.id)
    assert (row.end_date, row.end_reason) == (None, None)
    with pytest.raises(ValidationFailed) as failure:
        job_service.end_job(database, ids["team"], None, TODAY, "x", TODAY)
    assert problems(failure) == [("job_id", "required")]


def test_update_and_delete_job(team):
    database, ids = team
    saved = job_service.create(database, ids["team"], job(ids), TODAY)
    job_service.update(
        database,
        ids["team"],
        saved.id,
        {"hours_per_week": 37.5, "permanent": True, "end_reason": None},
        TODAY,
    )
    with database.read() as s:
        row = s.get(m.Job, saved.id)
    assert (row.hours_per_week, row.permanent, row.title, row.key) == (
        37.5,
        True,
        "Myyjä",
        "T1-J0001",
    )
    with pytest.raises(ValidationFailed) as failure:
        job_service.update(database, ids["team"], saved.id, {"title": None}, TODAY)
    assert problems(failure) == [("title", "required")]
    assert delete_rows(database, m.Job, ids["team"], [saved.id]) == 1
    assert count(database, m.Job) == 0


def test_recent_jobs(team):
    database, ids = team
    for start in (date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 2)):
        job_service.create(database, ids["team"], job(ids, start_date=start), TODAY)
    with database.read() as s:
        table = job_service.recent(s, ids["team"], limit=2)
        assert job_service.recent(s, ids["other_team"]).empty
        assert job_service.start_of(s, ids["team"], int(table["id"][0])) == date(2026, 6, 3)
        assert job_service.start_of(s, ids["other_team"], int(table["id"][0])) is None
    assert list(table.columns) == job_service.COLUMNS
    assert list(table["start_date"]) == [date(2026, 6, 3), date(2026, 6, 2)]
    assert list(table["client_code"]) == ["A-001", "A-001"]
    assert list(table["employer"]) == ["Kauppa Oy", "Kauppa Oy"]


def test_jobs_saved_at_once_all_land_with_their_own_keys(team):
    database, ids = team
    errors: list[BaseException] = []

    def save(times: int) -> None:
        try:
            for _ in range(times):
                job_service.create(database, ids["team"], job(ids), TODAY)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save, args=(5,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as s:
        keys = s.execute(select(m.Job.key)).scalars().all()
    assert sorted(keys) == [f"T1-J{n:04d}" for n in range(1, 31)]


# ================================================================== the pages
CLIENTS_PAGE, JOBS_PAGE = "pages/log_clients.py", "pages/log_jobs.py"


def open_page(app_test, database, page):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def newest(database, model):
    with database.read() as s:
        return s.execute(select(model).order_by(model.id.desc()).limit(1)).scalar_one()


def client_id_of(database, code: str) -> int:
    with database.read() as s:
        return s.execute(
            select(m.Client.id).where(m.Client.team_id == 1, m.Client.code == code)
        ).scalar_one()


@pytest.mark.parametrize(
    ("page", "title"), [(CLIENTS_PAGE, "Asiakkaat"), (JOBS_PAGE, "Työsuhteet")]
)
def test_pages_on_an_empty_database(app_test, sqlite_database, page, title):
    at = open_page(app_test, sqlite_database, page)
    assert at.title[0].value == title
    assert [i.body for i in at.info] == [translate("records.no_team", "fi")]
    assert not at.main.button


def test_pages_for_a_team_without_staff_or_clients(app_test, sqlite_database):
    with sqlite_database.write() as s:
        s.add(m.Team(key="NEW", name="Uusi tiimi"))
    at = open_page(app_test, sqlite_database, CLIENTS_PAGE)
    infos = [i.body for i in at.info]
    assert translate("clients.no_coaches", "fi") in infos
    assert translate("clients.no_waiting", "fi") in infos
    assert translate("clients.guide.empty", "fi") in infos  # nothing recorded yet
    at.switch_page(JOBS_PAGE).run()
    assert not at.exception
    infos = [i.body for i in at.info]
    assert translate("jobs.no_active", "fi") in infos
    assert translate("jobs.no_ongoing", "fi") in infos


@pytest.mark.parametrize("page", [CLIENTS_PAGE, JOBS_PAGE])
def test_pages_on_the_demo_database(app_test, demo_copy, page):
    at = open_page(app_test, demo_copy, page)
    assert len(at.tabs) >= 2
    assert not at.error
    assert len(at.dataframe) == 1  # the recent entries


def test_page_refers_a_client(app_test, demo_copy):
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    before = count(demo_copy, m.Client)
    coach = at.selectbox(key="client_referral.coach.0")
    coach_id = coach.value
    assert coach_id is not None  # a coach is chosen already
    source = at.selectbox(key="client_referral.source.0")
    at.text_input(key="client_referral.code.0").set_value("UUSI-77")
    source.set_value(_source_id(demo_copy))
    at.toggle(key="client_referral.consent_family.0").set_value(True)
    at.button(key="client_referral.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Uusi asiakas tallennettu jonoon."]
    assert count(demo_copy, m.Client) == before + 1
    row = newest(demo_copy, m.Client)
    assert (row.team_id, row.code, row.coach_id, row.source_id) == (
        1,
        "UUSI-77",
        coach_id,
        _source_id(demo_copy),
    )
    assert (row.referral_date, row.service_start, row.framing) == (date.today(), None, "ips")
    assert (row.consent_family, row.consent_former_employers) == (True, False)
    assert at.text_input(key="client_referral.code.1").value == ""  # the form is empty again


def _source_id(database) -> int:
    with database.read() as s:
        return (
            s.execute(
                select(m.ReferralSource.id)
                .where(m.ReferralSource.team_id == 1)
                .order_by(m.ReferralSource.id)
            )
            .scalars()
            .first()
        )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (HETU, "Asiakaskoodi: sisältää henkilötunnuksen"),
        ("Aino Asiakas", "Asiakaskoodi: asiakaskoodissa saa olla vain kirjaimia"),
    ],
    ids=["hetu", "name"],
)
def test_page_refuses_a_bad_referral_and_keeps_it(app_test, demo_copy, code, message):
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    before = count(demo_copy, m.Client)
    at.text_input(key="client_referral.code.0").set_value(code)
    at.button(key="client_referral.save.0").click().run()
    errors = [e.value for e in at.error]
    assert any(e.startswith(message) for e in errors), errors
    assert "Lähettävä taho: pakollinen tieto puuttuu" in errors
    assert all(HETU not in e for e in errors)
    assert count(demo_copy, m.Client) == before
    assert at.text_input(key="client_referral.code.0").value == code


def test_page_refuses_a_taken_code(app_test, demo_copy):
    with demo_copy.read() as s:
        taken = s.execute(select(m.Client.code).where(m.Client.team_id == 1)).scalars().first()
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    before = count(demo_copy, m.Client)
    at.text_input(key="client_referral.code.0").set_value(taken)
    at.selectbox(key="client_referral.source.0").set_value(_source_id(demo_copy))
    at.button(key="client_referral.save.0").click().run()
    assert [e.value for e in at.error] == [
        f"Asiakaskoodi: koodi ”{taken}” on jo käytössä tiimissä; valitse toinen koodi"
    ]
    assert count(demo_copy, m.Client) == before


def test_page_starts_and_ends_a_service(app_test, demo_copy):
    today = date.today()
    with demo_copy.read() as s:
        coach = (
            s.execute(select(m.Staff.id).where(m.Staff.team_id == 1, m.Staff.role == "coach"))
            .scalars()
            .first()
        )
    client_service.create(
        demo_copy,
        1,
        {
            "client_code": "JONO-1",
            "coach_id": coach,
            "source_id": _source_id(demo_copy),
            "referral_date": today - timedelta(days=3),
        },
        today,
    )
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    waiting = client_id_of(demo_copy, "JONO-1")
    at.selectbox(key="client_start.client.0").set_value(waiting)
    at.date_input(key="client_start.service_start.0").set_value(today - timedelta(days=1))
    at.button(key="client_start.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Palvelun alkaminen tallennettu."]
    with demo_copy.read() as s:
        assert s.get(m.Client, waiting).service_start == today - timedelta(days=1)

    # Ending: without a reason nothing is written and the choice stays.
    at.selectbox(key="client_end.client.0").set_value(waiting)
    at.button(key="client_end.save.0").click().run()
    assert "Päättymisen syy: pakollinen tieto puuttuu" in [e.value for e in at.error]
    assert at.selectbox(key="client_end.client.0").value == waiting
    with demo_copy.read() as s:
        assert s.get(m.Client, waiting).service_end is None
    at.selectbox(key="client_end.end_reason.0").set_value("no_need")
    at.button(key="client_end.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Palvelun päättyminen tallennettu."]
    with demo_copy.read() as s:
        row = s.get(m.Client, waiting)
    assert (row.service_end, row.end_reason) == (today, "no_need")


def test_page_start_before_referral_is_refused(app_test, demo_copy):
    today = date.today()
    with demo_copy.read() as s:
        coach = (
            s.execute(select(m.Staff.id).where(m.Staff.team_id == 1, m.Staff.role == "coach"))
            .scalars()
            .first()
        )
    client_service.create(
        demo_copy,
        1,
        {
            "client_code": "JONO-2",
            "coach_id": coach,
            "source_id": _source_id(demo_copy),
            "referral_date": today,
        },
        today,
    )
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    waiting = client_id_of(demo_copy, "JONO-2")
    at.selectbox(key="client_start.client.0").set_value(waiting)
    at.date_input(key="client_start.service_start.0").set_value(today - timedelta(days=2))
    at.button(key="client_start.save.0").click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Palvelun alkamispäivä: päivämäärä")
    assert "Lähetepäivä" in errors[0]
    with demo_copy.read() as s:
        assert s.get(m.Client, waiting).service_start is None
    assert at.date_input(key="client_start.service_start.0").value == today - timedelta(days=2)


def test_client_delete_confirmation_says_records_go_too(app_test, demo_copy):
    at = open_page(app_test, demo_copy, CLIENTS_PAGE)
    notes = [c.value for c in at.caption]
    assert translate("clients.delete_note", "fi") in notes
    # The confirmation is built from the table's pending deletions.
    editor_key = "clients.recent.editor.0"
    at.session_state[editor_key] = {"edited_rows": {0: {"delete": True}}}
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("kaikki hänen kirjauksensa" in w and "Poistettavaksi valittu" in w for w in warnings)


def test_page_starts_a_job(app_test, demo_copy):
    at = open_page(app_test, demo_copy, JOBS_PAGE)
    before = count(demo_copy, m.Job)
    client = at.selectbox(key="job_start.client.0")
    assert client.options
    client_id = client_id_of(demo_copy, client.options[0])
    client.set_value(client_id)
    at.selectbox(key="job_start.employer.0").set_value(3)
    at.text_input(key="job_start.title.0").set_value("Varastotyöntekijä")
    job_type = at.selectbox(key="job_start.job_type.0")
    assert job_type.options  # the types already used
    job_type.set_value(job_type.options[0])
    at.number_input(key="job_start.hours.0").set_value(30.0)
    at.toggle(key="job_start.permanent.0").set_value(False)
    at.button(key="job_start.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Työsuhteen alkaminen tallennettu."]
    assert count(demo_copy, m.Job) == before + 1
    row = newest(demo_copy, m.Job)
    assert (row.client_id, row.employer_id, row.title, row.job_type) == (
        client_id,
        3,
        "Varastotyöntekijä",
        job_type.options[0],
    )
    assert (row.start_date, row.competitive, row.permanent, row.hours_per_week) == (
        date.today(),
        True,
        False,
        30.0,
    )
    assert row.key.startswith("DEMO-J")
    assert at.text_input(key="job_start.title.1").value == ""


def test_page_refuses_a_bad_job_and_keeps_it(app_test, demo_copy):
    at = open_page(app_test, demo_copy, JOBS_PAGE)
    before = count(demo_copy, m.Job)
    at.text_input(key="job_start.title.0").set_value(f"Myyjä {HETU}")
    at.button(key="job_start.save.0").click().run()
    errors = [e.value for e in at.error]
    assert "Asiakaskoodi: pakollinen tieto puuttuu" in errors
    assert "Työnantaja: pakollinen tieto puuttuu" in errors
    assert "Ammattiluokka: pakollinen tieto puuttuu" in errors
    assert any(e.startswith("Nimike: sisältää henkilötunnuksen") for e in errors)
    assert all(HETU not in e for e in errors)
    assert count(demo_copy, m.Job) == before
    assert at.text_input(key="job_start.title.0").value == f"Myyjä {HETU}"


def test_page_ends_a_job(app_test, demo_copy):
    at = open_page(app_test, demo_copy, JOBS_PAGE)
    ongoing = at.selectbox(key="job_end.job.0")
    assert ongoing.options
    with demo_copy.read() as s:
        jobs = choices_ongoing(s)
    job_id = jobs[0]
    ongoing.set_value(job_id)
    at.run()
    assert any(c.value.startswith("Työsuhde alkoi") for c in at.caption)
    at.text_input(key="job_end.end_reason.0").set_value("irtisanoutui")
    at.button(key="job_end.save.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Työsuhteen päättyminen tallennettu."]
    with demo_copy.read() as s:
        row = s.get(m.Job, job_id)
    assert (row.end_date, row.end_reason) == (date.today(), "irtisanoutui")


def test_page_refuses_a_job_end_before_its_start(app_test, demo_copy):
    at = open_page(app_test, demo_copy, JOBS_PAGE)
    with demo_copy.read() as s:
        job_id = choices_ongoing(s)[0]
        start = s.get(m.Job, job_id).start_date
    at.selectbox(key="job_end.job.0").set_value(job_id)
    at.date_input(key="job_end.end_date.0").set_value(start - timedelta(days=1))
    at.text_input(key="job_end.end_reason.0").set_value("irtisanoutui")
    at.button(key="job_end.save.0").click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Päättymispäivä: päivämäärä")
    with demo_copy.read() as s:
        assert s.get(m.Job, job_id).end_date is None
    assert at.text_input(key="job_end.end_reason.0").value == "irtisanoutui"


def choices_ongoing(session) -> list[int]:
    from ote.records.choices import ongoing_jobs

    return [c.id for c in ongoing_jobs(session, 1, date.today()) if _no_end(session, c.id)]


def _no_end(session, job_id: int) -> bool:
    return session.get(m.Job, job_id).end_date is None
