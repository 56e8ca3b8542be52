"""Module episodes with their assessments (seeds 000/001) and law-based coaching periods
(seed 004): the services on both databases and the two pages under AppTest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.i18n import Translator, translate
from ote.records import coaching_periods as periods
from ote.records import modules
from ote.records.base import NotFound, delete_rows
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)
HETU = "131052-308T"


@pytest.fixture
def team(database):
    """Two teams: ours (coach; clients A-001 modular and L-001 law-based, both active; W-001
    waiting) and another with its own client B-001."""
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

        def client(team_id, code, coach_id, source_id, framing, start=date(2026, 1, 5)):
            return m.Client(
                team_id=team_id,
                code=code,
                coach_id=coach_id,
                source_id=source_id,
                referral_date=date(2026, 1, 1),
                service_start=start,
                framing=framing,
            )

        modular = client(ours.id, "A-001", coach.id, source.id, "modular")
        law = client(ours.id, "L-001", coach.id, source.id, "law")
        waiting = client(ours.id, "W-001", coach.id, source.id, "ips", start=None)
        foreign = client(other.id, "B-001", stranger.id, source2.id, "law")
        s.add_all([modular, law, waiting, foreign])
        s.flush()
        ids = {
            "team": ours.id,
            "other_team": other.id,
            "client": modular.id,
            "law_client": law.id,
            "waiting": waiting.id,
            "foreign": foreign.id,
        }
    return database, ids


def count(database, model) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def episodes(database) -> list[m.ModuleEpisode]:
    with database.read() as s:
        return list(s.execute(select(m.ModuleEpisode).order_by(m.ModuleEpisode.id)).scalars().all())


def keys(failure) -> list[tuple[str, str]]:
    return [(e.field, e.key) for e in failure.value.errors]


# ======================================================================= modules
def start(ids, **changes):
    values = {"client_id": ids["client"], "module": "1", "start_date": date(2026, 2, 2)}
    values.update(changes)
    return values


def assessment(**changes):
    values = {
        "end_date": date(2026, 3, 6),
        "assessed_on": date(2026, 3, 9),
        "decision": "next:2",
        "client_took_part": True,
        "provider_took_part": True,
        "purchaser_took_part": False,
        "results": "Ohjaten uralle -kysely tehty; tavoitteena kaupan ala.",
        "next_resources": "Tapaaminen kerran viikossa.",
    }
    values.update(changes)
    return values


def test_module_start_saved_and_read_back(team):
    database, ids = team
    saved = modules.create(database, ids["team"], start(ids, module="3B"), TODAY)
    assert saved.warnings == []
    with database.read() as s:
        row = s.get(m.ModuleEpisode, saved.id)
    assert (row.client_id, row.module, row.start_date) == (ids["client"], "3B", date(2026, 2, 2))
    assert (row.end_date, row.assessed_on, row.decision, row.results) == (None, None, None, None)
    assert (row.client_took_part, row.provider_took_part, row.purchaser_took_part) == (
        False,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"client_id": None}, "client_code", "required"),
        ({"module": None}, "module", "required"),
        ({"module": "6"}, "module", "not_allowed"),
        ({"start_date": None}, "start_date", "required"),
        ({"end_date": date(2026, 2, 1)}, "end_date", "before"),
        ({"assessed_on": date(2026, 2, 1)}, "assessed_on", "before"),
        ({"assessed_on": TODAY + timedelta(days=1)}, "assessed_on", "future_date"),
        ({"decision": "next:9"}, "decision", "not_allowed"),
        ({"results": f"Asiakas {HETU}"}, "results", "identity_code"),
        ({"next_resources": "x" * 4001}, "next_resources", "too_long"),
    ],
    ids=[
        "no-client",
        "no-module",
        "bad-module",
        "no-start",
        "end-before-start",
        "assessed-before-start",
        "assessed-future",
        "bad-decision",
        "hetu",
        "long",
    ],
)
def test_module_bad_input_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        modules.create(database, ids["team"], start(ids, **changes), TODAY)
    assert (field, key) in keys(failure)
    assert count(database, m.ModuleEpisode) == 0


def test_module_same_start_twice_is_refused(team):
    database, ids = team
    modules.create(database, ids["team"], start(ids), TODAY)
    with pytest.raises(ValidationFailed) as failure:
        modules.create(database, ids["team"], start(ids), TODAY)
    assert keys(failure) == [("start_date", "module_duplicate")]
    assert "2.2.2026" in failure.value.errors[0].message()
    assert count(database, m.ModuleEpisode) == 1


def test_module_of_another_teams_client_is_refused(team):
    database, ids = team
    with pytest.raises(ValidationFailed) as failure:
        modules.create(database, ids["team"], start(ids, client_id=ids["foreign"]), TODAY)
    assert keys(failure) == [("client_code", "not_in_team")]
    assert count(database, m.ModuleEpisode) == 0


def test_a_new_module_while_one_is_unassessed_warns_but_saves(team):
    database, ids = team
    modules.create(database, ids["team"], start(ids), TODAY)
    saved = modules.create(
        database, ids["team"], start(ids, module="2", start_date=date(2026, 3, 2)), TODAY
    )
    assert [(w.field, w.key, w.warning) for w in saved.warnings] == [
        ("module", "module_still_open", True)
    ]
    assert saved.warnings[0].message() == (
        "asiakkaan moduuli 1 (alkanut 2.2.2026) on vielä arvioimatta; "
        "kirjaa sen arviointi, kun se on pidetty"
    )
    assert count(database, m.ModuleEpisode) == 2


def test_assessment_saved_and_next_module_started(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    saved = modules.assess(database, ids["team"], first.id, assessment(), TODAY, start_next=True)
    assert (saved.id, saved.warnings) == (first.id, [])
    assessed, following = episodes(database)
    assert (assessed.end_date, assessed.assessed_on, assessed.decision) == (
        date(2026, 3, 6),
        date(2026, 3, 9),
        "next:2",
    )
    assert (
        assessed.client_took_part,
        assessed.provider_took_part,
        assessed.purchaser_took_part,
    ) == (True, True, False)
    assert assessed.results == "Ohjaten uralle -kysely tehty; tavoitteena kaupan ala."
    assert assessed.next_resources == "Tapaaminen kerran viikossa."
    assert (following.client_id, following.module, following.start_date) == (
        ids["client"],
        "2",
        date(2026, 3, 9),
    )
    assert (following.end_date, following.assessed_on, following.decision) == (None, None, None)


def test_assessment_without_starting_the_next(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    modules.assess(database, ids["team"], first.id, assessment(decision="next:3A"), TODAY)
    assert [e.decision for e in episodes(database)] == ["next:3A"]


def test_an_exit_starts_nothing(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    decision = "exit:other_service"
    modules.assess(
        database, ids["team"], first.id, assessment(decision=decision), TODAY, start_next=True
    )
    assert [e.decision for e in episodes(database)] == [decision]


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"end_date": None}, "end_date", "required"),
        ({"assessed_on": None}, "assessed_on", "required"),
        ({"decision": None}, "decision", "required"),
        ({"decision": "exit:bored"}, "decision", "not_allowed"),
        ({"end_date": date(2026, 1, 30)}, "end_date", "before"),
        ({"assessed_on": date(2026, 2, 1)}, "assessed_on", "before"),
        ({"assessed_on": TODAY + timedelta(days=1)}, "assessed_on", "future_date"),
        ({"results": f"Tulokset {HETU}"}, "results", "identity_code"),
        ({"next_resources": f"Soita {HETU}"}, "next_resources", "identity_code"),
        ({"results": "x" * 4001}, "results", "too_long"),
    ],
    ids=[
        "no-end",
        "no-assessment-date",
        "no-decision",
        "bad-decision",
        "end-before-start",
        "assessed-before-start",
        "future",
        "hetu-results",
        "hetu-resources",
        "long",
    ],
)
def test_assessment_bad_input_writes_nothing(team, changes, field, key):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    with pytest.raises(ValidationFailed) as failure:
        modules.assess(
            database, ids["team"], first.id, assessment(**changes), TODAY, start_next=True
        )
    assert (field, key) in keys(failure)
    (only,) = episodes(database)
    assert (only.end_date, only.assessed_on, only.decision, only.results) == (
        None,
        None,
        None,
        None,
    )


def test_assessment_refusals_about_the_episode(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    for episode_id, team_id, key in (
        (None, ids["team"], "required"),
        (first.id, ids["other_team"], "module_episode_gone"),
        (first.id + 1000, ids["team"], "module_episode_gone"),
    ):
        with pytest.raises(ValidationFailed) as failure:
            modules.assess(database, team_id, episode_id, assessment(), TODAY)
        assert keys(failure) == [("episode_id", key)]
    modules.assess(database, ids["team"], first.id, assessment(), TODAY)
    with pytest.raises(ValidationFailed) as failure:
        modules.assess(database, ids["team"], first.id, assessment(decision="exit:no_need"), TODAY)
    assert keys(failure) == [("episode_id", "module_already_assessed")]
    assert [e.decision for e in episodes(database)] == ["next:2"]


def test_next_module_that_exists_already_refuses_the_whole_assessment(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    modules.create(
        database, ids["team"], start(ids, module="2", start_date=date(2026, 3, 9)), TODAY
    )
    with pytest.raises(ValidationFailed) as failure:
        modules.assess(database, ids["team"], first.id, assessment(), TODAY, start_next=True)
    assert keys(failure) == [("decision", "module_duplicate")]
    assert [(e.module, e.decision) for e in episodes(database)] == [("1", None), ("2", None)]


def test_assessment_before_the_end_is_a_warning(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    saved = modules.assess(
        database,
        ids["team"],
        first.id,
        assessment(end_date=date(2026, 3, 20), assessed_on=date(2026, 3, 9)),
        TODAY,
    )
    assert [(w.field, w.key) for w in saved.warnings] == [
        ("assessed_on", "module_assessed_before_end")
    ]
    assert episodes(database)[0].assessed_on == date(2026, 3, 9)


def test_module_update_and_delete(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    second = modules.create(
        database, ids["team"], start(ids, module="2", start_date=date(2026, 3, 2)), TODAY
    )
    modules.update(
        database,
        ids["team"],
        first.id,
        {"end_date": date(2026, 3, 1), "assessed_on": date(2026, 3, 2), "decision": "next:2"},
        TODAY,
    )
    row = episodes(database)[0]
    assert (row.module, row.end_date, row.assessed_on, row.decision) == (
        "1",
        date(2026, 3, 1),
        date(2026, 3, 2),
        "next:2",
    )
    with pytest.raises(ValidationFailed) as failure:
        modules.update(database, ids["team"], second.id, {"module": "1", "start_date": None}, TODAY)
    assert ("start_date", "required") in keys(failure)
    with pytest.raises(ValidationFailed) as failure:  # would be the first one again
        modules.update(
            database, ids["team"], second.id, {"module": "1", "start_date": date(2026, 2, 2)}, TODAY
        )
    assert keys(failure) == [("start_date", "module_duplicate")]
    with pytest.raises(NotFound):
        modules.update(database, ids["other_team"], first.id, {"module": "2"}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.ModuleEpisode, ids["other_team"], [first.id])
    assert [e.module for e in episodes(database)] == ["1", "2"]
    assert delete_rows(database, m.ModuleEpisode, ids["team"], [second.id]) == 1
    assert [e.id for e in episodes(database)] == [first.id]


def test_module_choices_and_recent(team):
    database, ids = team
    first = modules.create(database, ids["team"], start(ids), TODAY)
    modules.assess(database, ids["team"], first.id, assessment(), TODAY, start_next=True)
    law = modules.create(
        database, ids["team"], start(ids, client_id=ids["law_client"], module="3A"), TODAY
    )
    with database.read() as s:
        current = modules.active_clients(s, ids["team"], TODAY)
        before = modules.active_clients(s, ids["team"], date(2026, 2, 10))
        waiting = modules.open_episodes(s, ids["team"])
        theirs = modules.open_episodes(s, ids["other_team"])
        table = modules.recent(s, ids["team"])
    assert [(c.code, c.module) for c in current] == [("A-001", "2"), ("L-001", "3A")]
    assert [(c.code, c.module) for c in before] == [("A-001", "1"), ("L-001", "3A")]
    assert [(e.client_code, e.module) for e in waiting] == [("A-001", "2"), ("L-001", "3A")]
    assert waiting[1].id == law.id
    assert theirs == []
    assert list(table["client_code"]) == ["A-001", "A-001", "L-001"]
    assert list(table["module"]) == ["2", "1", "3A"]
    assert [d if isinstance(d, str) else None for d in table["decision"]] == [None, "next:2", None]
    assert table.loc[1, "assessed_on"] == date(2026, 3, 9)


def test_decision_labels():
    t = Translator("fi")
    assert modules.decision_label("next:3B", t) == "Seuraavaksi: 3B. Intensiivinen työnhaun tuki"
    assert modules.decision_label("exit:no_need", t) == (
        "Pois palvelusta: Ei työhönvalmennuksen tuen tarvetta"
    )
    assert modules.decision_label(None, t) == ""
    labels = [modules.decision_label(code, t) for code in modules.decisions()]
    assert all(label and "enum." not in label and "modules." not in label for label in labels)
    assert len(set(labels)) == len(labels) == 10


# ================================================================ coaching periods
def period(ids, **changes):
    values = {
        "client_id": ids["law_client"],
        "start_date": date(2026, 2, 2),
        "end_date": date(2026, 4, 30),
        "start_notice_on": date(2026, 2, 2),
        "end_notice_on": date(2026, 5, 4),
        "feedback": "arvi",
        "next_steps_set": True,
        "goals": ["job_search_skills", "employment_or_studies"],
    }
    values.update(changes)
    return values


def goals_of(database, period_id) -> list[str]:
    with database.read() as s:
        return periods.goals_of(s, period_id)


def test_period_saved_and_read_back(team):
    database, ids = team
    saved = periods.create(database, ids["team"], period(ids), TODAY)
    assert saved.warnings == []
    with database.read() as s:
        row = s.get(m.CoachingPeriod, saved.id)
    assert (row.client_id, row.start_date, row.end_date) == (
        ids["law_client"],
        date(2026, 2, 2),
        date(2026, 4, 30),
    )
    assert (row.start_notice_on, row.end_notice_on, row.feedback, row.next_steps_set) == (
        date(2026, 2, 2),
        date(2026, 5, 4),
        "arvi",
        True,
    )
    assert goals_of(database, saved.id) == ["employment_or_studies", "job_search_skills"]


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"client_id": None}, "client_code", "required"),
        ({"client_id": "foreign"}, "client_code", "not_in_team"),
        ({"start_date": None}, "start_date", "required"),
        ({"end_date": None}, "end_date", "required"),
        ({"end_date": date(2026, 2, 1)}, "end_date", "before"),
        ({"feedback": "oral"}, "feedback", "not_allowed"),
        ({"goals": ["happiness"]}, "goals", "not_allowed"),
        ({"start_notice_on": TODAY + timedelta(days=1)}, "start_notice_on", "future_date"),
        ({"end_notice_on": TODAY + timedelta(days=3)}, "end_notice_on", "future_date"),
    ],
    ids=[
        "no-client",
        "other-team",
        "no-start",
        "no-end",
        "end-before-start",
        "feedback",
        "goal",
        "start-notice-future",
        "end-notice-future",
    ],
)
def test_period_bad_input_is_refused_and_nothing_written(team, changes, field, key):
    database, ids = team
    if changes.get("client_id") == "foreign":
        changes = {"client_id": ids["foreign"]}
    with pytest.raises(ValidationFailed) as failure:
        periods.create(database, ids["team"], period(ids, **changes), TODAY)
    assert (field, key) in keys(failure)
    assert not any(e.warning for e in failure.value.errors)
    assert count(database, m.CoachingPeriod) == 0
    assert count(database, m.CoachingPeriodGoal) == 0


def test_period_starting_the_same_day_twice_is_refused(team):
    database, ids = team
    periods.create(database, ids["team"], period(ids), TODAY)
    with pytest.raises(ValidationFailed) as failure:
        periods.create(database, ids["team"], period(ids, end_date=date(2026, 3, 30)), TODAY)
    assert keys(failure) == [("start_date", "period_duplicate")]
    assert count(database, m.CoachingPeriod) == 1


@pytest.mark.parametrize(
    ("earlier", "new", "field", "key"),
    [
        ([], (date(2026, 2, 2), date(2026, 2, 10)), "end_date", "law_too_short"),
        ([], (date(2026, 1, 5), date(2026, 5, 20)), "end_date", "law_too_long"),
        (
            [(date(2026, 1, 5), date(2026, 2, 28)), (date(2026, 3, 2), date(2026, 4, 30))],
            (date(2026, 5, 4), date(2026, 6, 26)),
            "start_date",
            "law_too_many_consecutive",
        ),
        (
            [(date(2025, 7, 1), date(2025, 10, 31)), (date(2025, 11, 20), date(2026, 3, 15))],
            (date(2026, 4, 1), date(2026, 6, 15)),
            "end_date",
            "law_over_8_in_12",
        ),
    ],
    ids=["short", "long", "third-consecutive", "over-8-in-12"],
)
def test_law_rules_warn_and_the_period_is_still_saved(team, earlier, new, field, key):
    database, ids = team
    for begin, end in earlier:
        periods.create(database, ids["team"], period(ids, start_date=begin, end_date=end), TODAY)
    saved = periods.create(
        database, ids["team"], period(ids, start_date=new[0], end_date=new[1]), TODAY
    )
    assert (field, key) in [(w.field, w.key) for w in saved.warnings]
    assert all(w.warning for w in saved.warnings)
    with database.read() as s:
        row = s.get(m.CoachingPeriod, saved.id)
    assert (row.start_date, row.end_date) == new
    assert count(database, m.CoachingPeriod) == len(earlier) + 1


def test_period_without_a_result_warns(team):
    database, ids = team
    saved = periods.create(
        database,
        ids["team"],
        period(ids, next_steps_set=False, goals=["realistic_plan"]),
        TODAY,
    )
    assert [(w.field, w.key) for w in saved.warnings] == [("goals", "law_result_missing")]
    assert "saavutettuja tavoitteita on 1" in saved.warnings[0].message()
    # Not yet ended: no result to ask for.
    ongoing = periods.create(
        database,
        ids["team"],
        period(
            ids,
            start_date=date(2026, 6, 1),
            end_date=date(2026, 8, 31),
            end_notice_on=None,
            next_steps_set=False,
            goals=[],
        ),
        TODAY,
    )
    assert ongoing.warnings == []


def test_period_update_and_delete(team):
    database, ids = team
    saved = periods.create(database, ids["team"], period(ids), TODAY)
    periods.update(
        database,
        ids["team"],
        saved.id,
        {"end_date": date(2026, 5, 15), "feedback": "written", "end_notice_on": None},
        TODAY,
    )
    with database.read() as s:
        row = s.get(m.CoachingPeriod, saved.id)
        assert (row.end_date, row.feedback, row.end_notice_on) == (
            date(2026, 5, 15),
            "written",
            None,
        )
    assert goals_of(database, saved.id) == ["employment_or_studies", "job_search_skills"]
    periods.update(database, ids["team"], saved.id, {"goals": ["realistic_plan"]}, TODAY)
    assert goals_of(database, saved.id) == ["realistic_plan"]
    with pytest.raises(ValidationFailed) as failure:
        periods.update(database, ids["team"], saved.id, {"end_date": date(2026, 1, 1)}, TODAY)
    assert keys(failure) == [("end_date", "before")]
    with pytest.raises(NotFound):
        periods.update(database, ids["other_team"], saved.id, {"feedback": "arvi"}, TODAY)
    with pytest.raises(NotFound):
        delete_rows(database, m.CoachingPeriod, ids["other_team"], [saved.id])
    assert count(database, m.CoachingPeriod) == 1
    assert delete_rows(database, m.CoachingPeriod, ids["team"], [saved.id]) == 1
    assert count(database, m.CoachingPeriod) == 0
    assert count(database, m.CoachingPeriodGoal) == 0  # the goals went with it


def test_update_warns_about_the_other_periods_not_itself(team):
    database, ids = team
    saved = periods.create(database, ids["team"], period(ids), TODAY)
    again = periods.update(database, ids["team"], saved.id, {"feedback": "written"}, TODAY)
    assert again.warnings == []


def test_period_choices_and_recent(team):
    database, ids = team
    periods.create(database, ids["team"], period(ids), TODAY)
    periods.create(
        database,
        ids["team"],
        period(
            ids,
            client_id=ids["client"],
            start_date=date(2026, 5, 4),
            end_date=date(2026, 6, 26),
            goals=["realistic_plan", "employment_or_studies"],
        ),
        TODAY,
    )
    with database.read() as s:
        choices = periods.clients_law_first(s, ids["team"], TODAY)
        table = periods.recent(s, ids["team"])
        theirs = periods.recent(s, ids["other_team"])
    assert [(c.code, c.law) for c in choices] == [("L-001", True), ("A-001", False)]
    assert list(table["client_code"]) == ["A-001", "L-001"]
    assert list(table["goals"]) == [
        ["employment_or_studies", "realistic_plan"],
        ["employment_or_studies", "job_search_skills"],
    ]
    assert theirs.empty and "goals" in theirs.columns


# ======================================================================= the pages
MODULES_PAGE = "pages/log_modules.py"
PERIODS_PAGE = "pages/log_coaching_periods.py"


def open_page(app_test, database, page):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("page", "title"),
    [(MODULES_PAGE, "Moduulit ja arvioinnit"), (PERIODS_PAGE, "Lakiperusteiset valmennusjaksot")],
)
def test_pages_on_an_empty_database(app_test, sqlite_database, page, title):
    at = open_page(app_test, sqlite_database, page)
    assert at.title[0].value == title
    assert [i.body for i in at.info] == [translate("records.no_team", "fi")]
    assert not at.main.button


def _id_of(database, code: str) -> int:
    with database.read() as s:
        return s.execute(select(m.Client.id).where(m.Client.code == code)).scalar_one()


def test_modules_page_starts_a_module(app_test, demo_copy):
    at = open_page(app_test, demo_copy, MODULES_PAGE)
    before = episodes(demo_copy)
    client = at.selectbox(key="module_start.client.0")
    assert client.options  # the team's active clients
    assert any(" – nyt moduuli " in label for label in client.options)
    code = client.options[0].split(" ")[0]
    client.set_value(_id_of(demo_copy, code))
    at.selectbox(key="module_start.module.0").set_value("3B")
    at.run()
    at.button(key="module_start.save.0").click().run()
    assert not at.exception
    assert "Moduulin alku tallennettu." in [s.value for s in at.success]
    after = episodes(demo_copy)
    assert len(after) == len(before) + 1
    newest = after[-1]
    assert (newest.client_id, newest.module, newest.start_date) == (
        _id_of(demo_copy, code),
        "3B",
        date.today(),
    )
    assert at.selectbox(key="module_start.module.1").value is None  # emptied for the next


def test_modules_page_refuses_a_start_without_a_module(app_test, demo_copy):
    at = open_page(app_test, demo_copy, MODULES_PAGE)
    before = len(episodes(demo_copy))
    client = at.selectbox(key="module_start.client.0")
    code = client.options[0].split(" ")[0]
    client.set_value(_id_of(demo_copy, code))
    at.run()
    at.button(key="module_start.save.0").click().run()
    assert "Moduuli: pakollinen tieto puuttuu" in [e.value for e in at.error]
    assert len(episodes(demo_copy)) == before
    assert at.selectbox(key="module_start.client.0").value == _id_of(demo_copy, code)


def _open_episode(database) -> m.ModuleEpisode:
    """An unassessed episode of the demo team whose next module (2) does not start today."""
    with database.read() as s:
        return s.execute(
            select(m.ModuleEpisode)
            .where(m.ModuleEpisode.assessed_on.is_(None))
            .order_by(m.ModuleEpisode.id)
            .limit(1)
        ).scalar_one()


def test_modules_page_records_an_assessment_and_starts_the_next(app_test, demo_copy):
    at = open_page(app_test, demo_copy, MODULES_PAGE)
    episode = _open_episode(demo_copy)
    before = len(episodes(demo_copy))
    at.selectbox(key="module_assessment.episode.0").set_value(episode.id)
    at.selectbox(key="module_assessment.decision.0").set_value("next:4")
    at.text_area(key="module_assessment.results.0").input("Työpaikka löytyi kaupan alalta.")
    at.checkbox(key="module_assessment.purchaser_took_part.0").uncheck()
    at.run()
    assert at.checkbox(key="module_assessment.start_next.0").value is True
    at.button(key="module_assessment.save.0").click().run()
    assert not at.exception
    assert "Arviointi tallennettu." in [s.value for s in at.success]
    with demo_copy.read() as s:
        row = s.get(m.ModuleEpisode, episode.id)
        following = s.execute(
            select(m.ModuleEpisode).order_by(m.ModuleEpisode.id.desc()).limit(1)
        ).scalar_one()
    assert (row.end_date, row.assessed_on, row.decision) == (date.today(), date.today(), "next:4")
    assert (row.client_took_part, row.provider_took_part, row.purchaser_took_part) == (
        True,
        True,
        False,
    )
    assert row.results == "Työpaikka löytyi kaupan alalta."
    assert (following.client_id, following.module, following.start_date) == (
        episode.client_id,
        "4",
        date.today(),
    )
    assert len(episodes(demo_copy)) == before + 1


def test_modules_page_refuses_an_identity_code_and_keeps_the_text(app_test, demo_copy):
    at = open_page(app_test, demo_copy, MODULES_PAGE)
    episode = _open_episode(demo_copy)
    before = len(episodes(demo_copy))
    typed = f"Asiakas {HETU} aloitti"
    at.selectbox(key="module_assessment.episode.0").set_value(episode.id)
    at.selectbox(key="module_assessment.decision.0").set_value("exit:no_need")
    at.text_area(key="module_assessment.next_resources.0").input(typed)
    at.run()
    assert at.checkbox(key="module_assessment.start_next_off.0").value is False
    at.button(key="module_assessment.save.0").click().run()
    messages = [e.value for e in at.error]
    assert any(
        text.startswith("Seuraavan moduulin resurssit: sisältää henkilötunnuksen")
        for text in messages
    )
    assert all(HETU not in text for text in messages)
    with demo_copy.read() as s:
        assert s.get(m.ModuleEpisode, episode.id).assessed_on is None
    assert len(episodes(demo_copy)) == before
    assert at.text_area(key="module_assessment.next_resources.0").value == typed


def _client_without_periods(database, widget) -> int:
    with database.read() as s:
        taken = set(s.execute(select(m.CoachingPeriod.client_id)).scalars())
        for label in widget.options:
            row_id = s.execute(
                select(m.Client.id).where(m.Client.code == label.split(" ")[0])
            ).scalar_one()
            if row_id not in taken:
                return row_id
    raise AssertionError("every client has a period")


def test_periods_page_logs_a_period(app_test, demo_copy):
    at = open_page(app_test, demo_copy, PERIODS_PAGE)
    assert at.expander  # the rules of seed 004
    with demo_copy.read() as s:  # a day when a law-based client was in the service
        law_day = s.execute(
            select(func.min(m.Client.service_start)).where(m.Client.framing == "law")
        ).scalar_one()
    at.date_input(key="coaching_period.start_date.0").set_value(law_day)
    at.run()
    labels = at.selectbox(key="coaching_period.client.0").options
    assert labels[0].endswith("– lakiperusteinen")  # law-based clients first
    assert not labels[-1].endswith("– lakiperusteinen")
    start_day = date.today() - timedelta(days=60)
    at.date_input(key="coaching_period.start_date.0").set_value(start_day)
    at.run()
    client = at.selectbox(key="coaching_period.client.0")
    client_id = _client_without_periods(demo_copy, client)
    client.set_value(client_id)
    at.date_input(key="coaching_period.end_date.0").set_value(start_day + timedelta(days=55))
    at.date_input(key="coaching_period.start_notice_on.0").set_value(start_day)
    at.selectbox(key="coaching_period.feedback.0").set_value("written")
    at.multiselect(key="coaching_period.goals.0").set_value(
        ["job_opportunities", "working_life_skills"]
    )
    at.run()
    at.button(key="coaching_period.save.0").click().run()
    assert not at.exception
    assert "Valmennusjakso tallennettu." in [s.value for s in at.success]
    assert len(at.warning) == 1  # the demo banner only: no rule broken
    with demo_copy.read() as s:
        row = s.execute(
            select(m.CoachingPeriod).order_by(m.CoachingPeriod.id.desc()).limit(1)
        ).scalar_one()
        goals = periods.goals_of(s, row.id)
    assert (row.client_id, row.start_date, row.end_date, row.start_notice_on) == (
        client_id,
        start_day,
        start_day + timedelta(days=55),
        start_day,
    )
    assert (row.end_notice_on, row.feedback, row.next_steps_set) == (None, "written", False)
    assert goals == ["job_opportunities", "working_life_skills"]


def test_periods_page_saves_a_short_period_with_a_warning(app_test, demo_copy):
    at = open_page(app_test, demo_copy, PERIODS_PAGE)
    client_id = _client_without_periods(demo_copy, at.selectbox(key="coaching_period.client.0"))
    before = count(demo_copy, m.CoachingPeriod)
    at.selectbox(key="coaching_period.client.0").set_value(client_id)
    at.date_input(key="coaching_period.end_date.0").set_value(date.today() + timedelta(days=6))
    at.run()
    at.button(key="coaching_period.save.0").click().run()
    assert not at.exception
    assert "Valmennusjakso tallennettu." in [s.value for s in at.success]
    warnings = [w.value for w in at.warning]
    assert (
        "Päättymispäivä: jakso on 7 päivää; lakiperusteinen jakso on vähintään 2 viikkoa"
        in warnings
    )
    assert count(demo_copy, m.CoachingPeriod) == before + 1


def test_periods_page_refuses_an_end_before_the_start(app_test, demo_copy):
    at = open_page(app_test, demo_copy, PERIODS_PAGE)
    client_id = _client_without_periods(demo_copy, at.selectbox(key="coaching_period.client.0"))
    before = count(demo_copy, m.CoachingPeriod)
    end = date.today() - timedelta(days=3)
    at.selectbox(key="coaching_period.client.0").set_value(client_id)
    at.date_input(key="coaching_period.end_date.0").set_value(end)
    at.multiselect(key="coaching_period.goals.0").set_value(["realistic_plan"])
    at.run()
    at.button(key="coaching_period.save.0").click().run()
    messages = [e.value for e in at.error]
    assert any(text.startswith("Päättymispäivä: päivämäärä") for text in messages), messages
    assert any("Alkamispäivä" in text for text in messages)
    assert count(demo_copy, m.CoachingPeriod) == before
    assert at.date_input(key="coaching_period.end_date.0").value == end
    assert at.multiselect(key="coaching_period.goals.0").value == ["realistic_plan"]
    assert at.selectbox(key="coaching_period.client.0").value == client_id


def test_periods_page_refuses_a_missing_client_and_end(app_test, demo_copy):
    at = open_page(app_test, demo_copy, PERIODS_PAGE)
    before = count(demo_copy, m.CoachingPeriod)
    at.button(key="coaching_period.save.0").click().run()
    messages = [e.value for e in at.error]
    assert "Asiakaskoodi: pakollinen tieto puuttuu" in messages
    assert "Päättymispäivä: pakollinen tieto puuttuu" in messages
    assert count(demo_copy, m.CoachingPeriod) == before
