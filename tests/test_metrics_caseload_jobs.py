"""Hand-computed tests of the metrics engine, part 1: caseload (item 1), job-coaching share
(item 2), referrals from attached teams (item 4), the jobs measures (items 19–21), the
population conditions behind them (DOMAIN.md §4 "Terms"), the score-band helpers and the
team's windows. Every expected figure is worked out by hand in a comment beside it.

As-of date throughout: Tuesday 2026-06-30. Its 365-day window is 2025-07-01 … 2026-06-30
(2026-06-30 − 364 days = 2025-07-01); its 91-day window is 2026-04-01 … 2026-06-30.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from sqlalchemy import insert, select
from team_builder import DatabaseBuilder

from ote import models as m
from ote.metrics.base import percent, score_at_least, score_at_most
from ote.metrics.caseload import caseload_ratio, coaching_share
from ote.metrics.employer_contacts import preference_based_contacts
from ote.metrics.jobs import competitive_permanent_jobs, employer_diversity, job_type_diversity
from ote.metrics.population import (
    active_clients,
    coaches_on,
    is_active_on,
    is_job_seeker_on,
    is_waiting_on,
    waiting_clients,
)
from ote.metrics.referrals import attached_referrals
from ote.settings import Windows, team_windows

D = date(2026, 6, 30)  # the as-of date
DAY_BEFORE = date(2026, 6, 29)
DAY_AFTER = date(2026, 7, 1)
YEAR_FIRST = date(2025, 7, 1)  # first day of the 365-day window on D
YEAR_BEFORE = date(2025, 6, 30)  # the day before that window
REFERRED = date(2026, 1, 2)  # an ordinary referral date
STARTED = date(2026, 1, 12)  # an ordinary service start
JOB_DAY = date(2026, 3, 2)  # an ordinary job start inside the window

CASELOAD_LIMITS = (20, 25, 30, 40)


# ------------------------------------------------------------------------ builder
# Rows for hand-built teams; a client's dates default to an ordinary referral and start.
Build = partial(DatabaseBuilder, referral=REFERRED, start=STARTED)


def rows(measure) -> list[tuple]:
    """The per-coach details of item 1 as plain tuples."""
    return [
        (c.staff_id, c.name, c.fte, c.active_clients, c.ratio, c.over_limit)
        for c in measure.details
    ]


# ----------------------------------------------------------------- band helpers
def test_score_at_most_caseload_boundaries():
    cases = {
        0.0: 5,
        20.0: 5,  # exactly 20 → 5
        20.01: 4,  # just over → 4
        25.0: 4,  # exactly 25 → 4
        25.01: 3,
        30.0: 3,
        30.01: 2,
        40.0: 2,
        40.01: 1,
        400.0: 1,
    }
    for value, score in cases.items():
        assert score_at_most(value, CASELOAD_LIMITS) == score, value
    assert score_at_most(None, CASELOAD_LIMITS) is None


def test_score_at_least_boundaries():
    coaching = {100.0: 5, 96.0: 5, 95.99: 4, 90.0: 4, 89.99: 3, 75.0: 3, 60.0: 2, 59.99: 1}
    for value, score in coaching.items():
        assert score_at_least(value, (96, 90, 75, 60)) == score, value
    competitive = {95.0: 5, 94.99: 4, 85.0: 4, 84.99: 3, 75.0: 3, 65.0: 2, 64.99: 1, 0.0: 1}
    for value, score in competitive.items():
        assert score_at_least(value, (95, 85, 75, 65)) == score, value
    diversity = {85.0: 5, 84.99: 4, 70.0: 4, 69.99: 3, 60.0: 3, 59.99: 2, 50.0: 2, 49.99: 1}
    for value, score in diversity.items():
        assert score_at_least(value, (85, 70, 60, 50)) == score, value
    # Item 4 has three limits: below 50 is 2, never 1 (1 is the "no attached source" anchor).
    referrals = {90.0: 5, 89.99: 4, 75.0: 4, 74.99: 3, 50.0: 3, 49.99: 2, 0.0: 2}
    for value, score in referrals.items():
        assert score_at_least(value, (90, 75, 50)) == score, value
    assert score_at_least(None, (96, 90, 75, 60)) is None


def test_percent_of_an_empty_whole_is_none():
    assert percent(0, 0) is None
    assert percent(19, 20) == pytest.approx(95.0)  # 19 ÷ 20 × 100


# ------------------------------------------------------------------ caseload (1)
@pytest.fixture
def caseload_teams(database):
    """Team "Aino" (one full-time coach with exactly 20 active clients and the edge cases
    around them), team "Bertta" (a 0.6 FTE coach with 15 = 25.0), team "Both" (the two
    combined) and team "Many" (30 clients, so the other teams' data would show)."""
    ids = {}
    with database.write() as s:
        b = Build(s)
        one = b.team("Aino")
        src = b.source(one, attached=True)
        aino = b.staff(one, "Aino", fte=1.0)
        b.clients(one, aino, src, "AIN", 18)  # 18 ordinary active clients
        b.client(one, aino, src, "STARTSD", referral=date(2026, 6, 15), start=D)  # active
        b.client(one, aino, src, "ENDSD", end=D)  # ended ON D: still active
        b.client(one, aino, src, "ENDEDB", end=DAY_BEFORE)  # ended the day before: not
        b.client(one, aino, src, "WAITING", referral=date(2026, 6, 1), start=None)  # waiting
        b.client(one, aino, src, "LATER", referral=date(2026, 6, 1), start=DAY_AFTER)  # waiting
        # A coach who left the day before D: her 5 active clients do not count.
        cecilia = b.staff(one, "Cecilia", fte=1.0, end=DAY_BEFORE)
        b.clients(one, cecilia, src, "CEC", 5)
        # A coach who starts the day after D: not a coach on D.
        daniela = b.staff(one, "Daniela", fte=1.0, start=DAY_AFTER)
        b.clients(one, daniela, src, "DAN", 2)
        # A team leader (not a coach) with 4 active clients: not counted.
        eero = b.staff(one, "Eero", role="team_leader", fte=1.0)
        b.clients(one, eero, src, "EER", 4)
        # A job finder (not a coach) with 3 active clients: not counted.
        b.clients(one, b.staff(one, "Fredrik", role="job_finder", fte=1.0), src, "FRE", 3)
        ids["one"], ids["aino"] = one.id, aino.id

        two = b.team("Bertta")
        src2 = b.source(two, attached=True)
        bertta = b.staff(two, "Bertta", fte=0.6)
        b.clients(two, bertta, src2, "BER", 15)
        ids["two"], ids["bertta"] = two.id, bertta.id

        both = b.team("Both")
        src3 = b.source(both, attached=True)
        full = b.staff(both, "Aune", fte=1.0)
        part = b.staff(both, "Birgit", fte=0.6)
        b.clients(both, full, src3, "AUN", 20)
        b.clients(both, part, src3, "BIR", 15)
        ids["both"], ids["full"], ids["part"] = both.id, full.id, part.id

        many = b.team("Many")
        src4 = b.source(many, attached=True)
        helmi = b.staff(many, "Helmi", fte=1.0)
        b.clients(many, helmi, src4, "HEL", 30)
        ids["many"], ids["helmi"] = many.id, helmi.id

        ids["empty"] = b.team("Empty").id  # no staff, no clients
        quiet = b.team("Quiet")  # a coach without clients
        ids["quiet"], ids["iida"] = quiet.id, b.staff(quiet, "Iida", fte=0.5).id
    return database, ids


def test_caseload_exactly_20_for_a_full_time_coach(caseload_teams):
    database, ids = caseload_teams
    with database.read() as s:
        measure = caseload_ratio(s, ids["one"], D)
    # Aino: 18 ordinary + starts on D + ended on D = 20 active; ended the day before, the
    # waiting client and the one starting the day after are not active. Cecilia (left),
    # Daniela (not yet started), Eero (team leader), Fredrik (job finder) are not coaches on
    # D. 20 ÷ 1.0 FTE = 20.0 → band ≤ 20 → 5.
    assert measure.key == "caseload_ratio" and measure.item == "1"
    assert measure.value == pytest.approx(20.0)
    assert measure.n == 20
    assert measure.first is None and measure.last == D
    assert measure.suggested_score == 5
    assert rows(measure) == [(ids["aino"], "Aino", 1.0, 20, 20.0, False)]  # 20 is not over 20


def test_caseload_exactly_25_for_a_part_time_coach(caseload_teams):
    database, ids = caseload_teams
    with database.read() as s:
        measure = caseload_ratio(s, ids["two"], D)
    # 15 active ÷ 0.6 FTE = 25.0 → band ≤ 25 → 4; her own ratio 25.0 > 20 → flagged.
    assert measure.value == pytest.approx(25.0)
    assert measure.n == 15
    assert measure.first is None and measure.last == D
    assert measure.suggested_score == 4
    [(staff_id, name, fte, clients, ratio, over)] = rows(measure)
    assert (staff_id, name, fte, clients, over) == (ids["bertta"], "Bertta", 0.6, 15, True)
    assert ratio == pytest.approx(25.0)


def test_caseload_two_coaches_summed_fte_with_per_coach_ratios(caseload_teams):
    database, ids = caseload_teams
    with database.read() as s:
        measure = caseload_ratio(s, ids["both"], D)
    # (20 + 15) ÷ (1.0 + 0.6) = 35 ÷ 1.6 = 21.875 → band ≤ 25 → 4.
    assert measure.value == pytest.approx(21.875)
    assert measure.n == 35
    assert measure.suggested_score == 4
    # Per coach, by name: Aune 20 ÷ 1.0 = 20.0 (not flagged), Birgit 15 ÷ 0.6 = 25.0 (flagged).
    details = rows(measure)
    assert [d[:4] for d in details] == [
        (ids["full"], "Aune", 1.0, 20),
        (ids["part"], "Birgit", 0.6, 15),
    ]
    assert [d[4] for d in details] == [pytest.approx(20.0), pytest.approx(25.0)]
    assert [d[5] for d in details] == [False, True]
    assert measure.basis_params == {"clients": 35, "coaches": 2, "fte": 1.6}


def test_caseload_of_the_other_team_and_band_30(caseload_teams):
    database, ids = caseload_teams
    with database.read() as s:
        measure = caseload_ratio(s, ids["many"], D)
    # Only Helmi's 30 clients: 30 ÷ 1.0 = 30.0 → band ≤ 30 → 3.
    assert measure.value == pytest.approx(30.0)
    assert measure.n == 30
    assert measure.suggested_score == 3
    assert rows(measure) == [(ids["helmi"], "Helmi", 1.0, 30, 30.0, True)]


def test_caseload_with_no_rows(caseload_teams):
    database, ids = caseload_teams
    with database.read() as s:
        empty = caseload_ratio(s, ids["empty"], D)
        quiet = caseload_ratio(s, ids["quiet"], D)
    # No coaches at all: nothing to divide by.
    assert (empty.value, empty.n, empty.suggested_score, empty.details) == (None, 0, None, [])
    assert empty.first is None and empty.last == D
    # A 0.5 FTE coach with no clients: 0 ÷ 0.5 = 0.0, but no clients → no suggestion.
    assert quiet.value == pytest.approx(0.0)
    assert quiet.n == 0
    assert quiet.suggested_score is None
    assert rows(quiet) == [(ids["iida"], "Iida", 0.5, 0, 0.0, False)]


def test_caseload_coach_employment_boundaries(database):
    with database.write() as s:
        b = Build(s)
        team = b.team("Rajat")
        src = b.source(team, attached=True)
        starts = b.staff(team, "Alku", fte=1.0, start=D)  # starts ON D: a coach on D
        ends = b.staff(team, "Loppu", fte=0.5, end=D)  # leaves ON D: still a coach on D
        b.clients(team, starts, src, "ALK", 3)
        b.clients(team, ends, src, "LOP", 12)
        left = b.staff(team, "Lähti", fte=1.0, start=date(2025, 1, 1), end=DAY_BEFORE)
        b.clients(team, left, src, "LAH", 7)
        team_id, starts_id, ends_id = team.id, starts.id, ends.id
    with database.read() as s:
        measure = caseload_ratio(s, team_id, D)
    # (3 + 12) ÷ (1.0 + 0.5) = 15 ÷ 1.5 = 10.0 → 5; Loppu: 12 ÷ 0.5 = 24.0 → flagged.
    assert measure.value == pytest.approx(10.0)
    assert measure.n == 15
    assert measure.suggested_score == 5
    assert rows(measure) == [
        (starts_id, "Alku", 1.0, 3, 3.0, False),
        (ends_id, "Loppu", 0.5, 12, 24.0, True),
    ]


def test_caseload_exactly_20_over_two_part_time_coaches(database):
    with database.write() as s:
        b = Build(s)
        team = b.team("Osa-aikaiset")
        src = b.source(team, attached=True)
        b.clients(team, b.staff(team, "Anna", fte=0.6), src, "ANN", 12)
        b.clients(team, b.staff(team, "Berit", fte=0.7), src, "BRT", 14)
        team_id = team.id
    with database.read() as s:
        measure = caseload_ratio(s, team_id, D)
    # (12 + 14) ÷ (0.6 + 0.7) = 26 ÷ 1.3 = 20.0 exactly → band ≤ 20 → 5; each coach's own
    # ratio is 12 ÷ 0.6 = 20.0 and 14 ÷ 0.7 = 20.0, neither over 20.
    assert measure.value == pytest.approx(20.0)
    assert measure.n == 26
    assert [d[5] for d in rows(measure)] == [False, False]
    assert measure.suggested_score == 5


# -------------------------------------------------------------- coaching share (2)
def test_coaching_share_fte_weighted(database):
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Osuus"), b.team("Muu")
        b.staff(team, "Aino", fte=1.0, share=1.0)
        b.staff(team, "Bertta", fte=0.6, share=0.8)
        b.staff(team, "Cecilia", fte=1.0, share=0.1, end=DAY_BEFORE)  # left: not counted
        b.staff(team, "Daniela", fte=1.0, share=0.2, start=DAY_AFTER)  # not yet: not counted
        b.staff(team, "Eero", role="team_leader", fte=1.0, share=0.0)  # not a coach
        b.staff(team, "Fanni", fte=1.0, share=None)  # no recorded share: left out
        b.staff(other, "Gun", fte=1.0, share=0.0)  # the other team
        team_id, other_id = team.id, other.id
    with database.read() as s:
        measure = coaching_share(s, team_id, D)
        theirs = coaching_share(s, other_id, D)
    # (1.0 × 1.0 + 0.6 × 0.8) ÷ (1.0 + 0.6) = 1.48 ÷ 1.6 = 0.925 → 92.5 % → band ≥ 90 → 4.
    assert measure.key == "coaching_share" and measure.item == "2"
    assert measure.value == pytest.approx(92.5)
    assert measure.n == 2
    assert measure.first is None and measure.last == D
    assert measure.suggested_score == 4
    # Gun alone: 0 % → 1.
    assert theirs.value == pytest.approx(0.0)
    assert (theirs.n, theirs.suggested_score) == (1, 1)


def test_coaching_share_boundaries_and_no_coaches(database):
    with database.write() as s:
        b = Build(s)
        exact, under, nobody = b.team("96"), b.team("89"), b.team("Tyhjä")
        b.staff(exact, "A", fte=0.6, share=0.96)
        b.staff(exact, "B", fte=0.4, share=0.96)
        b.staff(under, "C", fte=1.0, share=0.9)
        b.staff(under, "D", fte=1.0, share=0.88)
        b.staff(nobody, "E", role="team_leader", fte=1.0, share=1.0)
        ids = exact.id, under.id, nobody.id
    with database.read() as s:
        at_96, at_89, empty = (coaching_share(s, team_id, D) for team_id in ids)
    # (0.6 × 0.96 + 0.4 × 0.96) ÷ 1.0 = 96.0 % → exactly the ≥ 96 limit → 5.
    assert at_96.value == pytest.approx(96.0)
    assert (at_96.n, at_96.suggested_score) == (2, 5)
    # (0.9 + 0.88) ÷ 2.0 = 0.89 → 89.0 % → band ≥ 75 → 3.
    assert at_89.value == pytest.approx(89.0)
    assert (at_89.n, at_89.suggested_score) == (2, 3)
    # No coach: no value, no suggestion.
    assert (empty.value, empty.n, empty.suggested_score) == (None, 0, None)


def test_coaching_share_exactly_96_with_unequal_fte(database):
    with database.write() as s:
        b = Build(s)
        team = b.team("Kaksi")
        b.staff(team, "Aino", fte=1.0, share=0.96)
        b.staff(team, "Bertta", fte=0.6, share=0.96)
        team_id = team.id
    with database.read() as s:
        measure = coaching_share(s, team_id, D)
    # Both coaches spend 96 % of their time on job coaching, so the FTE-weighted mean is
    # (1.0 × 96 + 0.6 × 96) ÷ 1.6 = 96.0 % → exactly the ≥ 96 limit → 5.
    assert measure.value == pytest.approx(96.0)
    assert measure.n == 2
    assert measure.suggested_score == 5


# ------------------------------------------------------------------ referrals (4)
@pytest.fixture
def referral_teams(database):
    ids = {}
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Lähetteet"), b.team("Toinen")
        social = b.source(team, attached=True, kind="adult_social_work")
        mental = b.source(team, attached=True, kind="mental_health_substance")
        te = b.source(team, attached=False, kind="employment_services")
        coach = b.staff(team, "Aino")
        b.client(team, coach, social, "R01", referral=YEAR_FIRST, start=date(2025, 7, 14))
        b.client(team, coach, mental, "R02", referral=date(2026, 3, 2), start=None)  # waiting
        b.client(team, coach, social, "R03", referral=D, start=None)  # referred on D
        b.client(team, coach, te, "R04", referral=date(2026, 2, 2), start=date(2026, 2, 9))
        # Outside the window: the day before its first day, and the day after D.
        b.client(team, coach, te, "R05", referral=YEAR_BEFORE, start=date(2025, 7, 14))
        b.client(team, coach, te, "R06", referral=DAY_AFTER, start=None)
        # The other team: 5 non-attached referrals in the window and one attached source.
        their_source = b.source(other, attached=False)
        b.source(other, attached=True)
        their_coach = b.staff(other, "Gun")
        b.clients(other, their_coach, their_source, "X", 5, referral=date(2026, 4, 1), start=None)
        ids["team"], ids["other"] = team.id, other.id
    return database, ids


def test_attached_referrals(referral_teams):
    database, ids = referral_teams
    with database.read() as s:
        measure = attached_referrals(s, ids["team"], D)
        theirs = attached_referrals(s, ids["other"], D)
    # In 2025-07-01 … 2026-06-30: R01, R02, R03 attached, R04 not → 3 of 4 = 75.0 % → 4.
    assert measure.key == "attached_referrals" and measure.item == "4"
    assert measure.value == pytest.approx(75.0)
    assert measure.n == 4
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    assert measure.suggested_score == 4
    assert measure.basis_params == {"attached": 3, "total": 4}
    # The other team: 0 of 5 attached, but it has an attached source → 0.0 % → 2 (not 1).
    assert theirs.value == pytest.approx(0.0)
    assert (theirs.n, theirs.suggested_score) == (5, 2)


def test_attached_referrals_team_window_of_30_days(referral_teams):
    database, ids = referral_teams
    with database.write() as s:
        s.add(m.TeamSetting(team_id=ids["team"], key="window.referrals_days", value=30))
    with database.read() as s:
        windows = team_windows(s, ids["team"])
        measure = attached_referrals(s, ids["team"], D, windows.referrals_days)
        theirs = team_windows(s, ids["other"])
    assert windows.referrals_days == 30
    # 30 days: 2026-06-01 … 2026-06-30 holds only R03 (attached) → 1 of 1 = 100.0 % → 5.
    assert measure.value == pytest.approx(100.0)
    assert measure.n == 1
    assert (measure.first, measure.last) == (date(2026, 6, 1), D)
    assert measure.suggested_score == 5
    assert theirs.referrals_days == 365  # the other team keeps the default


def test_attached_referrals_bands_90_and_50(database):
    with database.write() as s:
        b = Build(s)
        teams = {}
        for name, attached_count, other_count in [
            ("90", 9, 1),
            ("88", 8, 1),
            ("50", 1, 1),
            ("0", 0, 2),
        ]:
            team = b.team(name)
            yes, no = b.source(team, attached=True), b.source(team, attached=False)
            coach = b.staff(team, "Aino")
            b.clients(team, coach, yes, "Y", attached_count, referral=date(2026, 5, 4), start=None)
            b.clients(team, coach, no, "N", other_count, referral=date(2026, 5, 4), start=None)
            teams[name] = team.id
    with database.read() as s:
        got = {name: attached_referrals(s, team_id, D) for name, team_id in teams.items()}
    # 9 of 10 = 90.0 % → exactly ≥ 90 → 5
    assert got["90"].value == pytest.approx(90.0)
    assert (got["90"].n, got["90"].suggested_score) == (10, 5)
    # 8 of 9 = 88.89 % → ≥ 75 → 4
    assert got["88"].value == pytest.approx(800 / 9)
    assert (got["88"].n, got["88"].suggested_score) == (9, 4)
    # 1 of 2 = 50.0 % → exactly ≥ 50 → 3
    assert got["50"].value == pytest.approx(50.0)
    assert (got["50"].n, got["50"].suggested_score) == (2, 3)
    # 0 of 2 = 0.0 % with an attached source on record → below 50 → 2
    assert got["0"].value == pytest.approx(0.0)
    assert (got["0"].n, got["0"].suggested_score) == (2, 2)


def test_attached_referrals_no_attached_source_at_all_scores_1(database):
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Erillään"), b.team("Kiinni")
        te = b.source(team, attached=False, kind="employment_services")
        own = b.source(team, attached=False, kind="self_referral")
        b.source(other, attached=True)  # the other team's attached source does not help
        coach = b.staff(team, "Aino")
        b.clients(team, coach, te, "T", 2, referral=date(2026, 4, 1), start=date(2026, 4, 13))
        b.client(team, coach, own, "OMA", referral=date(2026, 6, 2), start=None)
        team_id = team.id
    with database.read() as s:
        measure = attached_referrals(s, team_id, D)
    # 3 referrals in the window, none attached, and no attached source at all → 0.0 % → 1.
    assert measure.value == pytest.approx(0.0)
    assert measure.n == 3
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    assert measure.suggested_score == 1


def test_attached_referrals_empty_window(database):
    with database.write() as s:
        b = Build(s)
        team, bare = b.team("Hiljainen"), b.team("Aivan tyhjä")
        yes = b.source(team, attached=True)
        coach = b.staff(team, "Aino")
        b.client(team, coach, yes, "VANHA", referral=YEAR_BEFORE, start=date(2025, 7, 14))
        b.client(team, coach, yes, "TULEVA", referral=DAY_AFTER, start=None)
        team_id, bare_id = team.id, bare.id
    with database.read() as s:
        measure = attached_referrals(s, team_id, D)
        nothing = attached_referrals(s, bare_id, D)
    # Referred the day before the window and the day after D: nothing in the window.
    assert (measure.value, measure.n, measure.suggested_score) == (None, 0, None)
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    # No referrals and no attached source: still no suggestion (not 1).
    assert (nothing.value, nothing.n, nothing.suggested_score) == (None, 0, None)


# --------------------------------------------------------------- team windows
def test_team_windows_defaults_overrides_and_bad_values(database):
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Asetukset"), b.team("Oletukset")
        s.add_all(
            [
                m.TeamSetting(team_id=team.id, key="window.referrals_days", value=30),
                m.TeamSetting(team_id=team.id, key="window.contacts_weeks", value=6),
                m.TeamSetting(team_id=team.id, key="window.cadence_share", value=80),
                m.TeamSetting(team_id=team.id, key="window.jobs_days", value=0),  # ignored
                m.TeamSetting(team_id=team.id, key="window.community_days", value=-5),  # ignored
                m.TeamSetting(team_id=team.id, key="window.preference_days", value="60"),  # str
                m.TeamSetting(team_id=team.id, key="outreach_days", value=14),  # no prefix
                m.TeamSetting(team_id=other.id, key="window.jobs_days", value=180),
            ]
        )
        team_id, other_id = team.id, other.id
    with database.read() as s:
        mine = team_windows(s, team_id)
        theirs = team_windows(s, other_id)
    assert mine == Windows(
        referrals_days=30,
        first_contact_days=365,
        preference_days=91,
        contacts_weeks=6,
        jobs_days=365,  # 0 is not a window; the other team's 180 is not ours
        community_days=91,
        outreach_days=91,
        outreach_within_days=7,
        cadence_weeks=13,
        cadence_share=80.0,
    )
    assert isinstance(mine.cadence_share, float)
    assert theirs == Windows(jobs_days=180)
    assert (theirs.referrals_days, theirs.preference_days) == (365, 91)


# -------------------------------------------------------------- jobs (19, 20, 21)
@pytest.fixture
def jobs_team(database):
    """20 jobs started in the window for 10 clients: 17 job types, 14 employers, 19 of them
    competitive and permanent; plus jobs outside the window and another team's jobs, all
    of new types and employers and none competitive permanent."""
    ids = {}
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Työt"), b.team("Muut työt")
        src = b.source(team, attached=True)
        coach = b.staff(team, "Aino")
        people = b.clients(  # service started before any job
            team, coach, src, "C", 10, referral=date(2025, 5, 5), start=date(2025, 6, 2)
        )
        employers = [b.employer() for _ in range(14)]
        types = [f"tyyppi{i}" for i in range(17)] + ["tyyppi0", "tyyppi1", "tyyppi2"]
        for i, job_type in enumerate(types):
            start = YEAR_FIRST if i == 0 else D if i == 19 else JOB_DAY  # both ends counted
            b.job(
                people[i % 10],
                employers[i % 14],  # jobs 14–19 reuse employers 0–5
                job_type,
                start,
                permanent=i != 7,  # job 7 is competitive but temporary
            )
        # Outside the window: the day before its first day and the day after D.
        b.job(people[0], b.employer(), "vanha", YEAR_BEFORE, competitive=False)
        b.job(people[1], b.employer(), "tuleva", DAY_AFTER, competitive=False)
        # The other team: 3 jobs of new types and employers, none competitive.
        their_src = b.source(other, attached=True)
        their_coach = b.staff(other, "Gun")
        for i, person in enumerate(b.clients(other, their_coach, their_src, "X", 3)):
            b.job(person, b.employer(), f"muu{i}", JOB_DAY, competitive=False, permanent=False)
        ids["team"], ids["other"] = team.id, other.id
    return database, ids


def test_job_type_diversity(jobs_team):
    database, ids = jobs_team
    with database.read() as s:
        measure = job_type_diversity(s, ids["team"], D)
        theirs = job_type_diversity(s, ids["other"], D)
    # 17 distinct types ÷ 20 jobs × 100 = 85.0 % → exactly ≥ 85 → 5.
    assert measure.key == "job_type_diversity" and measure.item == "19"
    assert measure.value == pytest.approx(85.0)
    assert measure.n == 20
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    assert measure.suggested_score == 5
    # The other team: 3 types ÷ 3 jobs = 100.0 % → 5.
    assert theirs.value == pytest.approx(100.0)
    assert (theirs.n, theirs.suggested_score) == (3, 5)


def test_employer_diversity(jobs_team):
    database, ids = jobs_team
    with database.read() as s:
        measure = employer_diversity(s, ids["team"], D)
    # 14 distinct employers ÷ 20 jobs × 100 = 70.0 % → exactly ≥ 70 → 4.
    assert measure.key == "employer_diversity" and measure.item == "20"
    assert measure.value == pytest.approx(70.0)
    assert measure.n == 20
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    assert measure.suggested_score == 4


def test_competitive_permanent_jobs_19_of_20(jobs_team):
    database, ids = jobs_team
    with database.read() as s:
        measure = competitive_permanent_jobs(s, ids["team"], D)
        theirs = competitive_permanent_jobs(s, ids["other"], D)
    # 19 of 20 competitive and permanent = 95.0 %, 10 clients → exactly ≥ 95 → 5.
    assert measure.key == "competitive_permanent_jobs" and measure.item == "21"
    assert measure.value == pytest.approx(95.0)
    assert measure.n == 20
    assert (measure.first, measure.last) == (YEAR_FIRST, D)
    assert measure.suggested_score == 5
    assert measure.basis_params == {"good": 19, "jobs": 20, "clients": 10}
    # The other team: 0 of 3, only 3 clients → fewer than 10 → 1.
    assert theirs.value == pytest.approx(0.0)
    assert (theirs.n, theirs.suggested_score) == (3, 1)


def test_diversity_bands_below_the_limits(database):
    with database.write() as s:
        b = Build(s)
        team = b.team("Vähän")
        src = b.source(team, attached=True)
        coach = b.staff(team, "Aino")
        person = b.client(team, coach, src, "ONE")
        same = b.employer()
        for i in range(20):  # 20 jobs, 9 types (one type ×12), all at one employer
            b.job(person, same, f"t{max(i - 11, 0)}", JOB_DAY)
        team_id = team.id
    with database.read() as s:
        types = job_type_diversity(s, team_id, D)
        employers = employer_diversity(s, team_id, D)
        good = competitive_permanent_jobs(s, team_id, D)
    # Types t0 (×12), t1 … t8: 9 distinct ÷ 20 = 45.0 % → below 50 → 1.
    assert types.value == pytest.approx(45.0)
    assert (types.n, types.suggested_score) == (20, 1)
    # 1 employer ÷ 20 jobs = 5.0 % → 1.
    assert employers.value == pytest.approx(5.0)
    assert (employers.n, employers.suggested_score) == (20, 1)
    # 20 of 20 good = 100.0 %, but only 1 client with a job start → fewer than 10 → 1.
    assert good.value == pytest.approx(100.0)
    assert (good.n, good.suggested_score) == (20, 1)


def _bulk_jobs(s, b, team, good: int, total: int) -> int:
    """`total` jobs started on JOB_DAY at one employer, spread over 10 clients, the first
    `good` competitive and permanent, the rest competitive but temporary."""
    src = b.source(team, attached=True)
    coach = b.staff(team, "Aino")
    people = [c.id for c in b.clients(team, coach, src, "B", 10)]
    employer = b.employer().id
    rows_ = [
        {
            "key": f"{team.key}-J{i}",
            "client_id": people[i % 10],
            "employer_id": employer,
            "title": "Työ",
            "job_type": "siivous",
            "start_date": JOB_DAY,
            "competitive": True,
            "permanent": i < good,
        }
        for i in range(total)
    ]
    s.connection().execute(insert(m.Job.__table__), rows_)
    return team.id


def test_competitive_permanent_95_and_94_99(database):
    with database.write() as s:
        b = Build(s)
        at_95 = _bulk_jobs(s, b, b.team("95"), good=95, total=100)
        at_94_99 = _bulk_jobs(s, b, b.team("94,99"), good=9499, total=10000)
    with database.read() as s:
        high = competitive_permanent_jobs(s, at_95, D)
        low = competitive_permanent_jobs(s, at_94_99, D)
    # 95 of 100 = 95.0 %, 10 clients → exactly ≥ 95 → 5.
    assert high.value == pytest.approx(95.0)
    assert (high.n, high.suggested_score) == (100, 5)
    # 9499 of 10000 = 94.99 %, 10 clients → just below 95 → 4.
    assert low.value == pytest.approx(94.99)
    assert (low.n, low.suggested_score) == (10000, 4)
    assert (low.first, low.last) == (YEAR_FIRST, D)


def test_competitive_permanent_fewer_than_10_clients(database):
    with database.write() as s:
        b = Build(s)
        nine, ten = b.team("Yhdeksän"), b.team("Kymmenen")
        people = {}
        for team in (nine, ten):
            src = b.source(team, attached=True)
            coach = b.staff(team, "Aino")
            people[team.id] = b.clients(
                team, coach, src, "K", 10, referral=date(2025, 5, 5), start=date(2025, 6, 2)
            )
            for person in people[team.id][:9]:
                b.job(person, b.employer(), "myynti", JOB_DAY)
        # Nine: the tenth client's job started the day before the window → 9 clients.
        b.job(people[nine.id][9], b.employer(), "myynti", YEAR_BEFORE)
        # Ten: the tenth client's job is in the window but sheltered (not competitive).
        b.job(people[ten.id][9], b.employer(), "avotyö", JOB_DAY, competitive=False)
        nine_id, ten_id = nine.id, ten.id
    with database.read() as s:
        few = competitive_permanent_jobs(s, nine_id, D)
        enough = competitive_permanent_jobs(s, ten_id, D)
    # 9 of 9 = 100.0 %, but 9 distinct clients with a job start → fewer than 10 → 1.
    assert few.value == pytest.approx(100.0)
    assert (few.n, few.suggested_score) == (9, 1)
    assert few.basis_params == {"good": 9, "jobs": 9, "clients": 9}
    # 9 of 10 = 90.0 %, 10 clients (any job counts) → ≥ 85 → 4.
    assert enough.value == pytest.approx(90.0)
    assert (enough.n, enough.suggested_score) == (10, 4)


def test_jobs_empty_window(database):
    with database.write() as s:
        b = Build(s)
        team = b.team("Ei töitä")
        src = b.source(team, attached=True)
        coach = b.staff(team, "Aino")
        person = b.client(
            team, coach, src, "NOJOB", referral=date(2025, 5, 5), start=date(2025, 6, 2)
        )
        b.job(person, b.employer(), "vanha", YEAR_BEFORE)  # the day before the window
        b.job(person, b.employer(), "tuleva", DAY_AFTER)  # the day after D
        team_id = team.id
    with database.read() as s:
        measures = [
            job_type_diversity(s, team_id, D),
            employer_diversity(s, team_id, D),
            competitive_permanent_jobs(s, team_id, D),
        ]
    for measure in measures:
        assert (measure.value, measure.n, measure.suggested_score) == (None, 0, None)
        assert (measure.first, measure.last) == (YEAR_FIRST, D)


def test_jobs_window_follows_the_days_argument(jobs_team):
    database, ids = jobs_team
    with database.read() as s:
        measure = job_type_diversity(s, ids["team"], D, days=1)
    # One day, 2026-06-30 only: job 19 (tyyppi2, a repeated type) → 1 ÷ 1 = 100.0 % → 5.
    assert measure.value == pytest.approx(100.0)
    assert (measure.n, measure.first, measure.last) == (1, D, D)


# ------------------------------------------------------------------ population
@pytest.fixture
def population(database):
    ids = {}
    with database.write() as s:
        b = Build(s)
        team, other = b.team("Väki"), b.team("Muut")
        src = b.source(team, attached=True)
        coach = b.staff(team, "Aino")
        job_at = b.employer()

        def client(code, **dates):
            person = b.client(team, coach, src, code, **dates)
            ids[code] = person.id
            return person

        client("OPEN")  # active, no job: job seeker
        client("STARTSD", referral=date(2026, 6, 15), start=D)  # starts on D: active
        b.job(client("ENDSD", end=D), job_at, "myynti", JOB_DAY, end=D)  # active, job ends D
        client("ENDEDB", end=DAY_BEFORE)  # ended the day before: neither
        client("NOSTART", referral=date(2026, 6, 1), start=None)  # waiting
        client("LATER", referral=date(2026, 6, 1), start=DAY_AFTER)  # waiting on D
        client("REFD", referral=D, start=None)  # referred on D: waiting
        client("FUTURE", referral=DAY_AFTER, start=None)  # referred after D: neither
        b.job(client("HASJOB"), job_at, "myynti", JOB_DAY)  # active, open job
        b.job(client("JOBD"), job_at, "myynti", D)  # job starts on D
        b.job(client("JOBENDB"), job_at, "myynti", JOB_DAY, end=DAY_BEFORE)  # job over
        b.job(client("JOBLATER"), job_at, "myynti", DAY_AFTER)  # job not yet begun
        their_src = b.source(other, attached=True)
        their_coach = b.staff(other, "Gun")
        b.client(other, their_coach, their_src, "OPEN")  # same code, other team
        b.client(other, their_coach, their_src, "WAIT", referral=date(2026, 6, 1), start=None)
        ids["team"], ids["other"], ids["coach"], ids["employer"] = (
            team.id,
            other.id,
            coach.id,
            job_at.id,
        )
    return database, ids


def codes(s, team_id: int, condition) -> set[str]:
    query = select(m.Client.code).where(m.Client.team_id == team_id, condition)
    return set(s.execute(query).scalars().all())


def test_population_conditions(population):
    database, ids = population
    with database.read() as s:
        active = codes(s, ids["team"], is_active_on(D))
        waiting = codes(s, ids["team"], is_waiting_on(D))
        seekers = codes(s, ids["team"], is_job_seeker_on(D))
        counts = active_clients(s, ids["team"], D), waiting_clients(s, ids["team"], D)
        theirs = active_clients(s, ids["other"], D), waiting_clients(s, ids["other"], D)
        coaches = coaches_on(s, ids["team"], D)
    assert active == {"OPEN", "STARTSD", "ENDSD", "HASJOB", "JOBD", "JOBENDB", "JOBLATER"}
    assert waiting == {"NOSTART", "LATER", "REFD"}
    # Active without a job on D: ENDSD's job ends on D, JOBD's starts on D, HASJOB's is open.
    assert seekers == {"OPEN", "STARTSD", "JOBENDB", "JOBLATER"}
    assert counts == (7, 3)
    assert theirs == (1, 1)
    assert (coaches.coaches, coaches.fte) == (1, pytest.approx(1.0))


def test_population_through_caseload(population):
    database, ids = population
    with database.read() as s:
        measure = caseload_ratio(s, ids["team"], D)
    # Aino's 7 active clients (working or not) ÷ 1.0 FTE = 7.0 → 5; the waiting, ended and
    # future clients and the other team's client do not count.
    assert measure.value == pytest.approx(7.0)
    assert (measure.n, measure.suggested_score) == (7, 5)
    assert rows(measure) == [(ids["coach"], "Aino", 1.0, 7, 7.0, False)]


def test_job_seeker_on_the_contact_date_through_item_16(population):
    database, ids = population
    with database.write() as s:

        def contact(code, on, preference):
            s.add(
                m.EmployerContact(
                    date=on,
                    staff_id=ids["coach"],
                    employer_id=ids["employer"],
                    face_to_face=True,
                    client_id=ids[code] if code else None,
                    preference_based=preference,
                )
            )

        contact("HASJOB", date(2026, 5, 4), True)  # working then: not counted
        contact("JOBLATER", date(2026, 5, 4), True)  # job starts after D: counted, yes
        contact("JOBENDB", DAY_BEFORE, True)  # job ends that day: working, not counted
        contact("JOBENDB", D, True)  # the job ended the day before: counted, yes
        contact("NOSTART", date(2026, 6, 10), True)  # waiting, not active: not counted
        contact("STARTSD", D, False)  # starts on D: counted, no
        contact("ENDEDB", DAY_BEFORE, None)  # its last day: counted, unmarked = no
        contact("ENDEDB", D, True)  # after the service ended: not counted
        contact("OPEN", date(2026, 3, 31), True)  # the day before the 91-day window
        contact(None, date(2026, 6, 3), True)  # names nobody: not counted
    with database.read() as s:
        measure = preference_based_contacts(s, ids["team"], D)
    # Counted: JOBLATER (yes), JOBENDB on D (yes), STARTSD (no), ENDEDB on D−1 (unmarked)
    # → 2 of 4 = 50.0 % → band ≥ 50 → 3.
    assert measure.value == pytest.approx(50.0)
    assert measure.n == 4
    assert (measure.first, measure.last) == (date(2026, 4, 1), D)
    assert measure.suggested_score == 3
