"""Item 23 (follow-along timing), item 24 (community-based work) and item 25.2 (outreach
after missed meetings) on small hand-built teams, on SQLite and PostgreSQL.

Every expected number is worked out by hand in the comments; nothing is computed by the
engine's own helpers. Finnish public holidays used below (checked against the calendar):
Midsummer Eve Fri 19.6.2026 and Midsummer Day Sat 20.6.2026; Christmas Eve Thu 24.12.2026,
Christmas Day Fri 25.12.2026, Boxing Day Sat 26.12.2026; New Year's Day Fri 1.1.2027;
Epiphany Tue 6.1.2026; Ascension Day Thu 14.5.2026.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from team_builder import TeamBuilder

from ote.metrics.client_contacts import community_based_work, outreach_after_missed_meetings
from ote.metrics.follow_along import follow_along

LONG_AGO = date(2024, 1, 1)  # service start of every client unless told otherwise


# A team with one coach; every client is hers and, unless told otherwise, starts LONG_AGO.
Team = partial(TeamBuilder, coaches=("Valmentaja",), client_start=LONG_AGO)


def run(database, function, team: TeamBuilder, as_of: date):
    with database.read() as s:
        return function(s, team.id, as_of)


def checkpoints(measure) -> dict[str, tuple[int, int]]:
    """(applicable, met) per checkpoint."""
    return {name: (c.applicable, c.met) for name, c in measure.details.checkpoints.items()}


def per_job(measure, team: TeamBuilder) -> dict[str, tuple]:
    """Client code → (before_start, after_start, weekly, monthly, after_end)."""
    return {
        team.codes[j.client_id]: (j.before_start, j.after_start, j.weekly, j.monthly, j.after_end)
        for j in measure.details.jobs
    }


NONE_APPLICABLE = {
    "before_start": (0, 0),
    "after_start": (0, 0),
    "weekly": (0, 0),
    "monthly": (0, 0),
    "after_end": (0, 0),
}


# ----------------------------------------------------------------- item 23: follow-along
def test_follow_along_empty_window(database):
    # As of 30.6.2026 the 365-day window is 1.7.2025–30.6.2026.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        other = Team(s, "T2")
        old = team.client("OLD")
        team.job(old, date(2025, 1, 1), date(2025, 6, 30))  # started and ended before the window
        future = team.client("FUT")
        team.job(future, date(2026, 7, 1))  # starts the day after as-of
        team.meetings(future, date(2026, 6, 25))
        stranger = other.client("STR")
        other.job(stranger, date(2026, 3, 2))  # another team's job
        other.meetings(stranger, date(2026, 2, 27), date(2026, 3, 3))
    measure = run(database, follow_along, team, as_of)
    assert measure.key == "follow_along"
    assert measure.item == "23"
    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2025, 7, 1), as_of)
    assert measure.suggested_score is None
    assert measure.details.reason is None
    assert measure.details.jobs == []
    assert checkpoints(measure) == NONE_APPLICABLE
    assert measure.basis_params == {"jobs": 0, "checkpoints": 0, "met": 0}


@pytest.fixture
def start_checkpoints(database):
    """Four jobs starting Fri 20.3.2026: before start = 13.3.–19.3., after start = 20.3.–23.3."""
    with database.write() as s:
        team = Team(s)
        start = date(2026, 3, 20)
        a, b, c, d = (team.client(code) for code in ("AAA", "BBB", "CCC", "DDD"))
        for client_id in (a, b, c, d):
            team.job(client_id, start)
        team.meetings(a, date(2026, 3, 13), date(2026, 3, 23))  # start − 7 ✓, start + 3 ✓
        team.meetings(b, date(2026, 3, 12), date(2026, 3, 20))  # start − 8 ✗, start ✓
        team.meetings(c, date(2026, 3, 19), date(2026, 3, 24))  # start − 1 ✓, start + 4 ✗
        # D: five non-meetings before the start ✗; a face-to-face follow-along visit on 22.3. ✓
        team.not_meetings(
            d, date(2026, 3, 15), date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18),
            date(2026, 3, 19),
        )  # fmt: skip
        team.contact(d, date(2026, 3, 22), "follow_along", place="workplace")
    return team


def test_follow_along_before_and_after_start(database, start_checkpoints):
    team = start_checkpoints
    as_of = date(2026, 3, 31)  # window 1.4.2025–31.3.2026
    measure = run(database, follow_along, team, as_of)
    # weekly: start + 27 = 16.4. > as-of; monthly: first month ends 19.4. > as-of → neither applies
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (4, 2),  # A, C
        "after_start": (4, 3),  # A, B, D
    }
    assert per_job(measure, team) == {
        "AAA": (True, True, None, None, None),
        "BBB": (False, True, None, None, None),
        "CCC": (True, False, None, None, None),
        "DDD": (False, True, None, None, None),
    }
    assert measure.value == pytest.approx(62.5)  # 5 of 8 checkpoints met
    assert measure.n == 4
    assert (measure.first, measure.last) == (date(2025, 4, 1), as_of)
    # before start 50 % < 80; weekly and monthly unknown; no job has reached one month → 1
    assert measure.suggested_score == 1
    assert measure.details.reason == "none_after_first_month"
    assert measure.basis_params == {"jobs": 4, "checkpoints": 8, "met": 5}


@pytest.mark.parametrize(
    ("as_of", "first", "after_start", "value"),
    [
        # 22.3. = start + 2: the 3 days after the start are not over → after start not counted
        (date(2026, 3, 22), date(2025, 3, 23), (0, 0), 50.0),  # 2 of 4
        # 23.3. = start + 3: over on the as-of date → counted (A's meeting on 23.3. too)
        (date(2026, 3, 23), date(2025, 3, 24), (4, 3), 62.5),  # 5 of 8
    ],
)
def test_follow_along_after_start_only_once_over(
    database, start_checkpoints, as_of, first, after_start, value
):
    measure = run(database, follow_along, start_checkpoints, as_of)
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (4, 2),
        "after_start": after_start,
    }
    assert measure.value == pytest.approx(value)
    assert measure.n == 4
    assert (measure.first, measure.last) == (first, as_of)
    assert measure.suggested_score == 1
    assert measure.details.reason == "none_after_first_month"


@pytest.fixture
def weekly_jobs(database):
    """Five jobs starting Mon 2.3.2026. Weeks: 2.3.–8.3., 9.3.–15.3., 16.3.–22.3., 23.3.–29.3.;
    before start 23.2.–1.3.; after start 2.3.–5.3."""
    with database.write() as s:
        team = Team(s)
        start = date(2026, 3, 2)
        a, b, c, d, e = (team.client(code) for code in ("AAA", "BBB", "CCC", "DDD", "EEE"))
        team.job(a, start)
        team.job(b, start)
        team.job(c, start)
        team.job(d, start, date(2026, 3, 29))  # ends on the fourth week's last day
        team.job(e, start, date(2026, 3, 28))  # ends a day before it
        # A: before ✓ (start − 7), after ✓, each week on its first day ✓
        team.meetings(
            a, date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16),
            date(2026, 3, 23),
        )  # fmt: skip
        # B: each week on its last day ✓; nothing before the start or in 2.3.–5.3.
        team.meetings(b, date(2026, 3, 8), date(2026, 3, 15), date(2026, 3, 22), date(2026, 3, 29))
        # C: weeks 1, 2 and 4 face to face; week 3 only non-meetings ✗
        team.meetings(c, date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 23))
        team.not_meetings(
            c, date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 19),
            date(2026, 3, 20),
        )  # fmt: skip
        for client_id in (d, e):
            team.meetings(
                client_id, date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24)
            )
    return team


def test_follow_along_weekly(database, weekly_jobs):
    team = weekly_jobs
    as_of = date(2026, 3, 29)  # the fourth week's last day: over
    measure = run(database, follow_along, team, as_of)
    # D and E's after-end deadlines: Sun 29.3./Sat 28.3. + 3 working days = Wed 1.4. > as-of.
    # Monthly: the first month 2.3.–1.4. is not over.
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (5, 1),  # A
        "after_start": (5, 4),  # A, C, D, E
        "weekly": (4, 3),  # A, B, D (C misses week 3; E ended before the fourth week was over)
    }
    assert per_job(measure, team) == {
        "AAA": (True, True, True, None, None),
        "BBB": (False, False, True, None, None),
        "CCC": (False, True, False, None, None),
        "DDD": (False, True, True, None, None),
        "EEE": (False, True, None, None, None),
    }
    assert measure.value == pytest.approx(800 / 14)  # 8 of 14 → 57.14 %
    assert measure.n == 5
    assert (measure.first, measure.last) == (date(2025, 3, 30), as_of)
    # before 20 %, weekly 75 % < 80 → neither 5 nor 4; no job one month old → 1
    assert measure.suggested_score == 1
    assert measure.details.reason == "none_after_first_month"


def test_follow_along_weekly_not_before_fourth_week_is_over(database, weekly_jobs):
    as_of = date(2026, 3, 28)  # start + 27 = 29.3. is not yet over
    measure = run(database, follow_along, weekly_jobs, as_of)
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (5, 1),
        "after_start": (5, 4),
    }
    assert measure.value == pytest.approx(50.0)  # 5 of 10
    assert measure.n == 5
    assert (measure.first, measure.last) == (date(2025, 3, 29), as_of)
    assert measure.suggested_score == 1


def test_follow_along_monthly(database):
    # Jobs A–D start Thu 15.1.2026; months counted from the start: 15.1.–14.2., 15.2.–14.3.,
    # 15.3.–14.4., 15.4.–14.5. (over on as-of 14.5.), 15.5.–14.6. (not over).
    # Before start 8.1.–14.1.; after start 15.1.–18.1.; weeks 15.1.–21.1., 22.1.–28.1.,
    # 29.1.–4.2., 5.2.–11.2.
    as_of = date(2026, 5, 14)
    with database.write() as s:
        team = Team(s)
        start = date(2026, 1, 15)
        codes = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")
        a, b, c, d, e, f = (team.client(code) for code in codes)
        team.job(a, start)
        team.job(b, start)
        team.job(c, start, date(2026, 5, 13))  # ends the day before month 4 is over
        team.job(d, start, date(2026, 5, 14))  # ends on month 4's last day
        team.job(e, date(2026, 4, 15))  # first month 15.4.–14.5.: over on as-of
        team.job(f, date(2026, 4, 16))  # first month 16.4.–15.5.: not over
        # A: the last and first days of months: 14.2. (m1), 15.2. (m2), 14.4. (m3), 15.4. (m4) ✓
        team.meetings(a, date(2026, 2, 14), date(2026, 2, 15), date(2026, 4, 14), date(2026, 4, 15))
        # B: months 1–3 face to face (15.1. also after start ✓); month 4 only non-meetings ✗
        team.meetings(b, date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15))
        team.not_meetings(
            b, date(2026, 4, 21), date(2026, 4, 23), date(2026, 4, 22), date(2026, 4, 24),
            date(2026, 4, 20),
        )  # fmt: skip
        # C: months 1–3 ✓; month 4 not counted (the job ended 13.5.) → ✓
        team.meetings(c, date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1))
        # D: months 1–3 ✓ (16.1. also after start ✓), month 4 counted and missed ✗
        team.meetings(d, date(2026, 1, 16), date(2026, 2, 16), date(2026, 3, 16))
        team.meetings(e, date(2026, 4, 30))  # its one month ✓
    measure = run(database, follow_along, team, as_of)
    # Weekly applies to all six (start + 27 ≤ 14.5.: 11.2., 12.5., 13.5.; C, D last beyond 11.2.)
    # and none has a meeting in every week. After end for C (Wed 13.5.) and D (Thu 14.5.,
    # Ascension Day): Fri 15.5., Mon 18.5., Tue 19.5. → deadline 19.5. > as-of, not applicable.
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (6, 0),
        "after_start": (6, 2),  # B (15.1.), D (16.1.)
        "weekly": (6, 0),
        "monthly": (5, 3),  # A, C, E of A–E (F's first month is not over)
    }
    assert per_job(measure, team) == {
        "AAA": (False, False, False, True, None),
        "BBB": (False, True, False, False, None),
        "CCC": (False, False, False, True, None),
        "DDD": (False, True, False, False, None),
        "EEE": (False, False, False, True, None),
        "FFF": (False, False, False, None, None),
    }
    assert measure.value == pytest.approx(500 / 23)  # 5 of 23 → 21.74 %
    assert measure.n == 6
    assert (measure.first, measure.last) == (date(2025, 5, 15), as_of)
    # A–D had a meeting on or after start + 1 month (15.2.); no job is 4 months old → 2
    assert measure.suggested_score == 2
    assert measure.details.reason == "some_after_first_month"
    seen = measure.details.seen_after_first_month
    assert (seen.applicable, seen.met) == (4, 4)
    four = measure.details.seen_after_four_months
    assert (four.applicable, four.met) == (0, 0)


def test_follow_along_window_edges(database):
    # As of 30.6.2026 the window is 1.7.2025–30.6.2026.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        x, y, z = team.client("XXX"), team.client("YYY"), team.client("ZZZ")
        team.job(x, date(2025, 7, 1))  # starts on the window's first day: in
        team.job(y, date(2025, 6, 30))  # a day before, still going on: out
        team.job(z, date(2025, 6, 30), date(2025, 7, 1))  # started before, ended on the 1st day
        # X: on the 15th of each of its 12 months (1.7.2025–30.6.2026) ✓; nothing else
        for year, month in [(2025, n) for n in range(7, 13)] + [(2026, n) for n in range(1, 7)]:
            team.meetings(x, date(year, month, 15))
        team.meetings(y, date(2025, 6, 25), date(2025, 7, 1))
        # Z ended Tue 1.7.2025: Wed 2.7., Thu 3.7., Fri 4.7. → a contact on 4.7. is in time
        team.contact(z, date(2025, 7, 4))
    measure = run(database, follow_along, team, as_of)
    # X: before 24.6.–30.6.2025 ✗, after 1.7.–4.7. ✗, week 1 1.7.–7.7. ✗, monthly 12/12 ✓
    assert checkpoints(measure) == {
        "before_start": (1, 0),
        "after_start": (1, 0),
        "weekly": (1, 0),
        "monthly": (1, 1),
        "after_end": (1, 1),  # Z
    }
    assert per_job(measure, team) == {
        "XXX": (False, False, False, True, None),
        "ZZZ": (None, None, None, None, True),
    }
    assert measure.value == pytest.approx(40.0)  # 2 of 5
    assert measure.n == 1  # only X started in the window
    assert (measure.first, measure.last) == (date(2025, 7, 1), as_of)
    # weekly 0 % → not 4; X was met on or after start + 4 months (1.11.2025): 1 of 1 → 3
    assert measure.suggested_score == 3
    assert measure.details.reason == "half_after_four_months"


def test_follow_along_after_end_midsummer(database):
    # Jobs ending Thu 18.6.2026: Fri 19.6. is Midsummer Eve, Sat 20.6. Midsummer Day, then
    # Sunday → the 3 working days are Mon 22.6., Tue 23.6., Wed 24.6.: a contact on 24.6. is
    # in time, on 25.6. late. (Without the holiday the deadline would be Tue 23.6.)
    as_of = date(2026, 6, 25)  # window 26.6.2025–25.6.2026
    started = date(2025, 1, 1)  # before the window: only the after-end checkpoint applies
    with database.write() as s:
        team = Team(s)
        a, b, c, d, e, h, i = (
            team.client(code) for code in ("AAA", "BBB", "CCC", "DDD", "EEE", "HHH", "III")
        )
        f = team.client("FFF", end=date(2026, 6, 17))  # service ended the day before the job
        g = team.client("GGG", end=date(2026, 6, 18))  # service ended with the job
        for client_id in (a, b, c, d, e, f, g):
            team.job(client_id, started, date(2026, 6, 18))
        team.job(h, started, date(2026, 6, 22))  # Mon: 23.6., 24.6., 25.6. → deadline = as-of
        team.job(i, started, date(2026, 6, 23))  # Tue: 24.6., 25.6., 26.6. → not over yet
        team.meetings(a, date(2026, 6, 24))  # 3rd working day ✓
        team.contact(b, date(2026, 6, 22), face_to_face=False, place="remote")  # a phone call ✓
        team.meetings(c, date(2026, 6, 25))  # 4th working day ✗
        team.contact(d, date(2026, 6, 22), no_show=True)  # a no-show is no contact ✗
        team.meetings(e, date(2026, 6, 19))  # on Midsummer Eve: within the days ✓
        team.meetings(f, date(2026, 6, 22))  # F's service ended 17.6.: not applicable
        team.meetings(g, date(2026, 6, 23))  # G's service ended on 18.6.: applicable ✓
        team.meetings(h, date(2026, 6, 25))  # ✓ on its deadline
        team.meetings(i, date(2026, 6, 24))  # not applicable until 26.6.
    measure = run(database, follow_along, team, as_of)
    assert checkpoints(measure) == {**NONE_APPLICABLE, "after_end": (7, 5)}
    assert per_job(measure, team) == {
        "AAA": (None, None, None, None, True),
        "BBB": (None, None, None, None, True),
        "CCC": (None, None, None, None, False),
        "DDD": (None, None, None, None, False),
        "EEE": (None, None, None, None, True),
        "FFF": (None, None, None, None, None),
        "GGG": (None, None, None, None, True),
        "HHH": (None, None, None, None, True),
        "III": (None, None, None, None, None),
    }
    assert measure.value == pytest.approx(500 / 7)  # 5 of 7 → 71.43 %
    assert measure.n == 0  # no job started in the window
    assert (measure.first, measure.last) == (date(2025, 6, 26), as_of)
    assert measure.suggested_score is None
    assert measure.details.reason is None


def test_follow_along_after_end_christmas_and_new_year(database):
    # As of Mon 4.1.2027 the window is 5.1.2026–4.1.2027.
    as_of = date(2027, 1, 4)
    started = date(2025, 12, 1)
    with database.write() as s:
        team = Team(s)
        codes = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")
        a, b, c, d, e, f = (team.client(code) for code in codes)
        # Wed 23.12.2026: Thu 24.12., Fri 25.12., Sat 26.12. are holidays → Mon 28.12.,
        # Tue 29.12., Wed 30.12. (without the holidays the deadline would be Mon 28.12.)
        team.job(a, started, date(2026, 12, 23))
        team.meetings(a, date(2026, 12, 30))  # ✓
        team.job(b, started, date(2026, 12, 23))
        team.meetings(b, date(2026, 12, 31))  # ✗ one working day late
        team.job(d, started, date(2026, 12, 23))
        # the coach rang (an outreach attempt) on the first working day: a contact ✓
        team.contact(d, date(2026, 12, 28), "outreach_attempt", face_to_face=False, place="remote")
        # Tue 29.12.2026: Wed 30.12., Thu 31.12., (Fri 1.1.2027 New Year's Day) Mon 4.1.2027
        team.job(c, started, date(2026, 12, 29))
        team.meetings(c, date(2027, 1, 4))  # ✓ on the deadline, which is as-of
        # Mon 5.1.2026 (the window's first day): (Tue 6.1. Epiphany) Wed 7.1., Thu 8.1., Fri 9.1.
        team.job(e, started, date(2026, 1, 5))
        team.meetings(e, date(2026, 1, 9))  # ✓
        team.job(f, started, date(2026, 1, 4))  # ended the day before the window: out
        team.meetings(f, date(2026, 1, 5))
    measure = run(database, follow_along, team, as_of)
    assert checkpoints(measure) == {**NONE_APPLICABLE, "after_end": (5, 4)}
    assert per_job(measure, team) == {
        "AAA": (None, None, None, None, True),
        "BBB": (None, None, None, None, False),
        "CCC": (None, None, None, None, True),
        "DDD": (None, None, None, None, True),
        "EEE": (None, None, None, None, True),
    }
    assert measure.value == pytest.approx(80.0)  # 4 of 5
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 1, 5), as_of)
    assert measure.suggested_score is None
    assert measure.details.reason is None


@pytest.mark.parametrize(
    ("with_before", "before", "value", "score", "reason"),
    [
        # 4 of 5 met before the start: 80 % is kept, every other checkpoint 100 % → 5
        (4, (5, 4), 95.0, 5, "all_kept"),  # 19 of 20
        # 3 of 5: 60 % is not; weekly and monthly 100 % → 4
        (3, (5, 3), 90.0, 4, "weekly_monthly_kept"),  # 18 of 20
    ],
)
def test_follow_along_scores_5_and_4(database, with_before, before, value, score, reason):
    # Five jobs starting Mon 1.6.2026, as of 30.6.2026: before 25.5.–31.5., after 1.6.–4.6.,
    # weeks 1.–7.6., 8.–14.6., 15.–21.6., 22.–28.6., first month 1.6.–30.6. (over on as-of).
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        for number in range(5):
            client_id = team.client(f"K{number}A")
            team.job(client_id, date(2026, 6, 1))
            team.meetings(
                client_id, date(2026, 6, 2), date(2026, 6, 9), date(2026, 6, 16), date(2026, 6, 23)
            )
            if number < with_before:
                team.meetings(client_id, date(2026, 5, 25))  # start − 7
    measure = run(database, follow_along, team, as_of)
    assert checkpoints(measure) == {
        "before_start": before,
        "after_start": (5, 5),
        "weekly": (5, 5),
        "monthly": (5, 5),
        "after_end": (0, 0),
    }
    assert measure.value == pytest.approx(value)
    assert measure.n == 5
    assert (measure.first, measure.last) == (date(2025, 7, 1), as_of)
    assert measure.suggested_score == score
    assert measure.details.reason == reason


@pytest.mark.parametrize(
    ("meeting", "third_old_job", "four_months", "score", "reason"),
    [
        # J1 met on 1.6. = start + 4 months; J2 never: 1 of 2 is half → 3
        (date(2026, 6, 1), False, (2, 1), 3, "half_after_four_months"),
        # J1 met on 31.5., a day before its 4 months: 0 of 2; but after its first month → 2
        (date(2026, 5, 31), False, (2, 0), 2, "some_after_first_month"),
        # 1 of 3 jobs 4 months old met after the 4 months is less than half → 2
        (date(2026, 6, 1), True, (3, 1), 2, "some_after_first_month"),
    ],
)
def test_follow_along_scores_3_and_2(database, meeting, third_old_job, four_months, score, reason):
    # As of 30.6.2026: J1, J2 (and J4) start Sun 1.2.2026 (4 months: 1.6.), J3 Fri 1.5.2026
    # (1 month: 1.6., 4 months: 1.9. – not yet). Only J1's client is ever met, once.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        j1, j2, j3 = team.client("JJ1"), team.client("JJ2"), team.client("JJ3")
        team.job(j1, date(2026, 2, 1))
        team.job(j2, date(2026, 2, 1))
        team.job(j3, date(2026, 5, 1))
        if third_old_job:
            team.job(team.client("JJ4"), date(2026, 2, 1))
        team.meetings(j1, meeting)
    measure = run(database, follow_along, team, as_of)
    jobs = 4 if third_old_job else 3
    # Every job: before, after, weekly (start + 27 ≤ 30.6.) and monthly (first month over)
    # apply and are missed – J1's one meeting cannot fill its five months 1.2.–30.6.
    assert checkpoints(measure) == {
        **NONE_APPLICABLE,
        "before_start": (jobs, 0),
        "after_start": (jobs, 0),
        "weekly": (jobs, 0),
        "monthly": (jobs, 0),
    }
    assert measure.value == pytest.approx(0.0)
    assert measure.n == jobs
    assert (measure.first, measure.last) == (date(2025, 7, 1), as_of)
    four = measure.details.seen_after_four_months
    assert (four.applicable, four.met) == four_months
    # after one month: J1 (from 1.3.), J2, J3 (from 1.6.) (and J4); J1 met in each case
    first_month = measure.details.seen_after_first_month
    assert (first_month.applicable, first_month.met) == (jobs, 1)
    assert measure.suggested_score == score
    assert measure.details.reason == reason


def test_follow_along_score_1(database):
    # As of 30.6.2026. J1 starts Sun 1.2.2026: a meeting on 10.2. (its first month), after
    # that only non-meetings. J2 starts Wed 1.4.2026 and ends Mon 20.4.2026, before its first
    # month is over: after end Tue 21.4., Wed 22.4., Thu 23.4. – no contact ✗.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        j1, j2 = team.client("JJ1"), team.client("JJ2")
        team.job(j1, date(2026, 2, 1))
        team.job(j2, date(2026, 4, 1), date(2026, 4, 20))
        team.meetings(j1, date(2026, 2, 10))
        team.not_meetings(
            j1, date(2026, 6, 15), date(2026, 6, 11), date(2026, 6, 12), date(2026, 6, 13),
            date(2026, 6, 10),
        )  # fmt: skip
    measure = run(database, follow_along, team, as_of)
    # J2: weekly (1.4. + 27 = 28.4. > end) and monthly (1.4.–30.4. > end) do not apply
    assert checkpoints(measure) == {
        "before_start": (2, 0),
        "after_start": (2, 0),
        "weekly": (1, 0),
        "monthly": (1, 0),
        "after_end": (1, 0),
    }
    assert per_job(measure, team) == {
        "JJ1": (False, False, False, False, None),
        "JJ2": (False, False, None, None, False),
    }
    assert measure.value == pytest.approx(0.0)  # 0 of 7
    assert measure.n == 2
    assert (measure.first, measure.last) == (date(2025, 7, 1), as_of)
    first_month = measure.details.seen_after_first_month
    assert (first_month.applicable, first_month.met) == (1, 0)  # J1 only; J2 ended before
    four = measure.details.seen_after_four_months
    assert (four.applicable, four.met) == (1, 0)
    assert measure.suggested_score == 1
    assert measure.details.reason == "none_after_first_month"


# ------------------------------------------------------------ item 24: community-based work
def test_community_based_work_places_and_exclusions(database):
    # As of 30.6.2026 the 91-day window is 1.4.–30.6.2026.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        other = Team(s, "T2")
        a, b = team.client("AAA"), team.client("BBB")
        team.contact(a, date(2026, 4, 1), place="community", minutes=30)  # first day of window
        team.contact(b, date(2026, 5, 15), place="home", minutes=20)
        team.contact(a, date(2026, 6, 30), "follow_along", place="workplace", minutes=15)  # as-of
        team.contact(b, date(2026, 5, 10), place="office", minutes=25)
        team.contact(a, date(2026, 5, 11), place="remote", minutes=10)
        # Left out: a no-show, a phone call, a contact without minutes, outside the window,
        # another team's contact.
        team.contact(a, date(2026, 5, 12), place="community", minutes=60, no_show=True)
        team.contact(a, date(2026, 5, 13), place="home", minutes=60, face_to_face=False)
        team.contact(b, date(2026, 5, 14), place="community")
        team.contact(b, date(2026, 3, 31), place="community", minutes=60)
        team.contact(b, date(2026, 7, 1), place="community", minutes=60)
        other.contact(other.client("XXX"), date(2026, 5, 15), place="community", minutes=60)
    measure = run(database, community_based_work, team, as_of)
    # outside 30 + 20 + 15 = 65 of 65 + 25 + 10 = 100 minutes → 65.0 % → 5
    assert measure.key == "community_based_work"
    assert measure.item == "24"
    assert measure.value == pytest.approx(65.0)
    assert measure.n == 5
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.suggested_score == 5
    assert measure.basis_params == {"contacts": 5, "minutes": 100, "outside": 65}


@pytest.mark.parametrize(
    ("outside", "inside", "n", "value", "score"),
    [
        ([65], [35], 2, 65.0, 5),
        # 4 × 1440 + 739 = 6499 of 6499 + 2 × 1440 + 621 = 10 000 → 64.99 %
        ([1440, 1440, 1440, 1440, 739], [1440, 1440, 621], 8, 64.99, 4),
        ([50], [50], 2, 50.0, 4),
        # 3 × 1440 + 679 = 4999 of 4999 + 3 × 1440 + 681 = 10 000 → 49.99 %
        ([1440, 1440, 1440, 679], [1440, 1440, 1440, 681], 8, 49.99, 3),
        ([40], [60], 2, 40.0, 3),
        # 2 × 1440 + 1119 = 3999 of 3999 + 4 × 1440 + 241 = 10 000 → 39.99 %
        ([1440, 1440, 1119], [1440, 1440, 1440, 1440, 241], 8, 39.99, 2),
        ([30], [70], 2, 30.0, 2),
        ([29], [71], 2, 29.0, 1),
        ([0], [45], 2, 0.0, 1),
    ],
)
def test_community_based_work_bands(database, outside, inside, n, value, score):
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        client_id = team.client("AAA")
        for minutes in outside:
            team.contact(client_id, date(2026, 6, 1), place="community", minutes=minutes)
        for minutes in inside:
            team.contact(client_id, date(2026, 6, 1), place="office", minutes=minutes)
    measure = run(database, community_based_work, team, as_of)
    assert measure.value == pytest.approx(value)
    assert measure.n == n
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.suggested_score == score


def test_community_based_work_empty_window(database):
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        a = team.client("AAA")
        # Nothing that counts: a no-show, a phone call, no minutes, a day before the window.
        team.contact(a, date(2026, 6, 1), place="home", minutes=60, no_show=True)
        team.contact(a, date(2026, 6, 2), place="remote", minutes=30, face_to_face=False)
        team.contact(a, date(2026, 6, 3), place="community")
        team.contact(a, date(2026, 3, 31), place="community", minutes=60)
    measure = run(database, community_based_work, team, as_of)
    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.suggested_score is None


# --------------------------------------------------------- item 25.2: outreach after no-shows
def test_outreach_after_missed_meetings(database):
    # As of 30.6.2026 the window is 1.4.–30.6.2026; a no-show counts once its 7 following days
    # are over: on or before 23.6.
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        other = Team(s, "T2")
        a, b, c, d, e, f, g, h, i = (
            team.client(code)
            for code in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III")
        )

        def missed(client_id, day):
            team.contact(client_id, day, no_show=True)

        def reached_out(client_id, day):
            team.contact(client_id, day, "outreach_attempt", face_to_face=False, place="remote")

        missed(a, date(2026, 4, 1))  # first day of the window
        reached_out(a, date(2026, 4, 1))  # same day ✓
        missed(b, date(2026, 4, 10))
        reached_out(b, date(2026, 4, 17))  # 7th day ✓
        missed(c, date(2026, 4, 10))
        reached_out(c, date(2026, 4, 18))  # 8th day ✗
        missed(d, date(2026, 6, 23))  # the last no-show whose 7 days are over
        reached_out(d, date(2026, 6, 30))  # ✓
        missed(e, date(2026, 6, 24))  # its 7 days run to 1.7.: not counted
        missed(f, date(2026, 3, 31))  # before the window: not counted
        reached_out(f, date(2026, 3, 31))
        missed(g, date(2026, 5, 5))
        team.contact(g, date(2026, 5, 6), face_to_face=False, place="remote")  # a call, no attempt
        reached_out(h, date(2026, 5, 6))  # another client's attempt does not count for G ✗
        missed(i, date(2026, 5, 20))
        reached_out(i, date(2026, 5, 19))  # the day before ✗
        stranger = other.client("XXX")
        other.contact(stranger, date(2026, 5, 10), no_show=True)  # another team
    measure = run(database, outreach_after_missed_meetings, team, as_of)
    # missed: A, B, C, D, G, I = 6; followed: A, B, D = 3 → 50.0 % < 80 → not met
    assert measure.key == "outreach"
    assert measure.item == "25.2"
    assert measure.value == pytest.approx(50.0)
    assert measure.n == 6
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.met is False
    assert measure.suggested_score is None
    assert measure.basis_params == {"missed": 6, "followed": 3, "within": 7}


@pytest.mark.parametrize(
    ("missed", "followed", "value", "met"),
    [
        (5, 4, 80.0, True),  # 4 of 5 = 80 % → met
        (4, 3, 75.0, False),  # 3 of 4 = 75 % → not met
        (6, 5, 500 / 6, True),  # 5 of 6 = 83.33 % → met
        (1, 0, 0.0, False),
    ],
)
def test_outreach_threshold(database, missed, followed, value, met):
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        for number in range(missed):
            client_id = team.client(f"K{number}A")
            team.contact(client_id, date(2026, 6, 1), no_show=True)
            if number < followed:
                team.contact(client_id, date(2026, 6, 3), "outreach_attempt", place="home")
    measure = run(database, outreach_after_missed_meetings, team, as_of)
    assert measure.value == pytest.approx(value)
    assert measure.n == missed
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.met is met
    assert measure.suggested_score is None


def test_outreach_empty_window(database):
    as_of = date(2026, 6, 30)
    with database.write() as s:
        team = Team(s)
        a = team.client("AAA")
        team.contact(a, date(2026, 6, 24), no_show=True)  # its 7 days are not over
        team.contact(a, date(2026, 6, 25), "outreach_attempt")
        team.contact(a, date(2026, 6, 10))  # a kept meeting is no missed one
    measure = run(database, outreach_after_missed_meetings, team, as_of)
    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 4, 1), as_of)
    assert measure.met is False  # nothing in the records shows it met
    assert measure.suggested_score is None


def test_a_new_job_alone_is_not_suggested_a_5(database):
    """Started 5 days before as-of (Mon 22.6.2026, as-of Sat 27.6.2026), met on 18.6. and
    22.6.: before start 1/1, after start 1/1 (22.6.–25.6. is over); no week or month is
    over, so the weekly and monthly checkpoints never applied and nothing supports 5 or 4.
    No job is four months or one month old → 0 of 0 after four months → not 3, not 2 →
    1 (none after the first month)."""
    with database.write() as s:
        team = Team(s)
        client = team.client("A-001")
        team.job(client, date(2026, 6, 22))
        team.meetings(client, date(2026, 6, 18), date(2026, 6, 22))
    measure = run(database, follow_along, team, date(2026, 6, 27))
    assert checkpoints(measure)["before_start"] == (1, 1)
    assert checkpoints(measure)["after_start"] == (1, 1)
    assert checkpoints(measure)["weekly"] == (0, 0)
    assert (measure.value, measure.suggested_score) == (100.0, 1)
    assert measure.details.reason == "none_after_first_month"


def test_after_end_counts_the_end_day_and_not_family_or_partner_contacts(database):
    """Three jobs end on Mon 1.6.2026; deadline = 3 working days later = Thu 4.6.2026.
    A: a phone call on the end day itself → met. B: only a family contact on 2.6. and a
    partner contact on 3.6. → missed (not contacts with the client). C: an outreach attempt
    on 4.6. → met. After end 2 of 3."""
    with database.write() as s:
        team = Team(s)
        a, b, c = team.client("A-001"), team.client("B-001"), team.client("C-001")
        for client in (a, b, c):
            team.job(client, date(2026, 3, 2), date(2026, 6, 1))
        team.contact(a, date(2026, 6, 1), face_to_face=False, place="remote")
        team.contact(b, date(2026, 6, 2), "family_contact")
        team.contact(b, date(2026, 6, 3), "partner_contact")
        team.contact(c, date(2026, 6, 4), "outreach_attempt")
    measure = run(database, follow_along, team, date(2026, 6, 30))
    assert checkpoints(measure)["after_end"] == (3, 2)
    by_code = {team.codes[job.client_id]: job.after_end for job in measure.details.jobs}
    assert by_code == {"A-001": True, "B-001": False, "C-001": True}
