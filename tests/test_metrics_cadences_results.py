"""Cadences (items 5.1, 7, 8.1, 8.2, 8.5, 11.2, 11.3), result measures and employment rates
(seed 000, item 10.5), a team's law-period rule breaks (seed 004) and the evidence output
(`ote evidence`), on small hand-built teams, on SQLite and PostgreSQL.

Every expected number is worked out by hand in a comment beside it. The as-of date is
Tuesday 30.6.2026: the last full ISO week is 22.–28.6.2026, the 13 full weeks before it
start on Monday 30.3.2026, and the 4 full weeks on Monday 1.6.2026.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from ote import models as m
from ote.cli import main
from ote.i18n import translate
from ote.metrics.cadences import (
    AssessmentTotal,
    assessment_on_schedule,
    latest_assessment,
    mdt_attendance,
    quarterly_goals_set,
    steering_on_schedule,
    team_leader_span,
    team_structure,
    weekly_supervision,
)
from ote.metrics.evidence import UnknownTeam, evidence_document, evidence_table
from ote.metrics.law_periods import LawRule, team_rule_breaks
from ote.metrics.results import (
    employment_rate_ips,
    employment_rate_out_of_work,
    quarters,
    results,
)
from ote.settings import team_windows

AS_OF = date(2026, 6, 30)  # a Tuesday
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
LAST_MONDAY = date(2026, 6, 22)  # Monday of the last full ISO week before AS_OF


# ------------------------------------------------------------------------ helpers
def _add(s, row) -> int:
    s.add(row)
    s.flush()
    return row.id


def _team(s, key: str) -> int:
    return _add(s, m.Team(key=key, name=f"Tiimi {key}"))


def _staff(s, team, key, role="coach", fte=1.0, start=None, end=None, share=None) -> int:
    return _add(
        s,
        m.Staff(
            key=key,
            team_id=team,
            name=key,
            role=role,
            fte=fte,
            start_date=start,
            end_date=end,
            coaching_share=share,
        ),
    )


def _source(s, team, key, attached=False) -> int:
    return _add(
        s, m.ReferralSource(key=key, team_id=team, name=key, kind="other", attached=attached)
    )


def _client(s, team, code, coach, source, referral, start=None, end=None, framing="ips") -> int:
    return _add(
        s,
        m.Client(
            team_id=team,
            code=code,
            coach_id=coach,
            source_id=source,
            referral_date=referral,
            service_start=start,
            service_end=end,
            framing=framing,
        ),
    )


def _base(s, key):
    """A team with one coach and one referral source: (team, coach, source)."""
    team = _team(s, key)
    return team, _staff(s, team, f"{key}-C"), _source(s, team, f"{key}-R")


def _job(
    s, client, employer, key, start, end=None, competitive=True, permanent=True, kind="siivous"
):
    s.add(
        m.Job(
            key=key,
            client_id=client,
            employer_id=employer,
            title=kind,
            job_type=kind,
            start_date=start,
            end_date=end,
            competitive=competitive,
            permanent=permanent,
        )
    )


def _meeting(s, team, day, kind="coaching_supervision", attendees=()) -> int:
    meeting = _add(s, m.TeamMeeting(team_id=team, date=day, kind=kind))
    s.add_all(m.TeamMeetingAttendee(meeting_id=meeting, staff_id=staff) for staff in attendees)
    return meeting


def _assessment(s, team, key, day, scores, status="final"):
    finalised = datetime(2026, 1, 1, tzinfo=UTC) if status == "final" else None
    row = m.FidelityAssessment(
        key=key, team_id=team, date=day, status=status, finalised_at=finalised
    )
    assessment = _add(s, row)
    s.add_all(
        m.FidelityItemScore(assessment_id=assessment, item=item, score=score)
        for item, score in enumerate(scores, start=1)
    )


def _mondays(count: int, last: date = LAST_MONDAY) -> list[date]:
    """The Mondays of the `count` weeks up to the one of `last` (data, not expectations)."""
    return [last - timedelta(weeks=k) for k in range(count)]


# =================================================================== cadences
def test_weekly_supervision_counts_full_iso_weeks(database):
    with database.write() as s:
        team = _team(s, "T1")
        other = _team(s, "T2")
        for day in (
            date(2026, 3, 29),  # Sunday before the 13 weeks: out
            date(2026, 3, 30),  # Monday, first day of the window: week 30.3.
            date(2026, 4, 16),  # week 13.4.
            date(2026, 6, 22),  # week 22.6.
            date(2026, 6, 28),  # Sunday, same week 22.6. (second meeting, same week)
            date(2026, 6, 29),  # the week of as-of is not full yet: out
            date(2026, 6, 30),  # as-of itself: out
        ):
            _meeting(s, team, day)
        _meeting(s, team, date(2026, 5, 5), kind="mdt_meeting")  # another kind
        _meeting(s, other, date(2026, 5, 12))  # another team
    with database.read() as s:
        measure = weekly_supervision(s, team, AS_OF)
    assert measure.item == "8.2"
    assert measure.unit == "% of weeks"
    assert measure.value == pytest.approx(100 * 3 / 13)  # 3 of 13 weeks → 23.08 %
    assert measure.n == 4  # meetings 30.3., 16.4., 22.6., 28.6.
    assert (measure.first, measure.last) == (date(2026, 3, 30), date(2026, 6, 28))
    assert measure.window_text == "2026-03-30..2026-06-28"
    assert measure.met is False  # 23.08 < 75
    assert measure.suggested_score is None
    assert measure.details == [date(2026, 3, 30), date(2026, 4, 13), date(2026, 6, 22)]
    assert measure.basis_params == {"weeks": 13, "held": 3, "meetings": 4}


def test_weekly_supervision_share_boundary(database):
    with database.write() as s:
        three = _team(s, "T1")
        two = _team(s, "T2")
        for day in (date(2026, 6, 3), date(2026, 6, 10), date(2026, 6, 26)):
            _meeting(s, three, day)
        for day in (date(2026, 6, 3), date(2026, 6, 10)):
            _meeting(s, two, day)
    with database.read() as s:
        kept = weekly_supervision(s, three, AS_OF, weeks=4)
        half = weekly_supervision(s, two, AS_OF, weeks=4)
        strict = weekly_supervision(s, three, AS_OF, weeks=4, share=75.01)
    # 4 full weeks: 1.6.–28.6.
    assert (kept.first, kept.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert kept.value == pytest.approx(75.0)  # 3 of 4 weeks
    assert kept.met is True  # exactly 75 % is weekly
    assert kept.n == 3
    assert half.value == pytest.approx(50.0)  # 2 of 4 weeks
    assert half.met is False
    assert strict.met is False  # 75.0 < 75.01


def test_weekly_supervision_iso_week_53_of_2026(database):
    # ISO week 53 of 2026 is Mon 28.12.2026 – Sun 3.1.2027.
    with database.write() as s:
        team = _team(s, "T1")
        _meeting(s, team, date(2027, 1, 1))  # Friday of week 53
    with database.read() as s:
        on_sunday = weekly_supervision(s, team, date(2027, 1, 3), weeks=1)
        on_saturday = weekly_supervision(s, team, date(2027, 1, 2), weeks=1)
        two_weeks = weekly_supervision(s, team, date(2027, 1, 4), weeks=2)
    # As of Sunday 3.1.2027 week 53 is full: 1 of 1 week.
    assert (on_sunday.first, on_sunday.last) == (date(2026, 12, 28), date(2027, 1, 3))
    assert on_sunday.value == pytest.approx(100.0)
    assert on_sunday.n == 1
    assert on_sunday.met is True
    # As of Saturday 2.1.2027 week 53 is not full: the last full week is 52 (21.–27.12.).
    assert (on_saturday.first, on_saturday.last) == (date(2026, 12, 21), date(2026, 12, 27))
    assert on_saturday.value == pytest.approx(0.0)
    assert on_saturday.n == 0
    assert on_saturday.details == []
    # As of Monday 4.1.2027: weeks 52 and 53, one held → 50 %.
    assert (two_weeks.first, two_weeks.last) == (date(2026, 12, 21), date(2027, 1, 3))
    assert two_weeks.value == pytest.approx(50.0)
    assert two_weeks.details == [date(2026, 12, 28)]


def test_mdt_attendance_counts_meetings_a_coach_attended(database):
    with database.write() as s:
        team = _team(s, "T1")
        c1 = _staff(s, team, "C1")
        c2 = _staff(s, team, "C2")
        leader = _staff(s, team, "L1", role="team_leader")
        finder = _staff(s, team, "J1", role="job_finder")
        _meeting(s, team, date(2026, 6, 2), "mdt_meeting", [c1])  # week 1.6.: counts
        _meeting(s, team, date(2026, 6, 9), "mdt_meeting", [c2, leader])  # week 8.6.: counts
        _meeting(s, team, date(2026, 6, 16), "mdt_meeting", [leader])  # no coach
        _meeting(s, team, date(2026, 6, 17), "mdt_meeting")  # nobody recorded
        _meeting(s, team, date(2026, 6, 18), "coaching_supervision", [c1])  # another kind
        _meeting(s, team, date(2026, 6, 23), "mdt_meeting", [finder])  # not a coach
        _meeting(s, team, date(2026, 6, 25), "mdt_meeting", [c1])  # week 22.6.: counts
        _meeting(s, team, date(2026, 6, 30), "mdt_meeting", [c1])  # week not full: out
    with database.read() as s:
        four = mdt_attendance(s, team, AS_OF, weeks=4)
        thirteen = mdt_attendance(s, team, AS_OF)
    assert four.item == "5.1"
    assert four.value == pytest.approx(75.0)  # weeks 1.6., 8.6., 22.6. of 4 → 75 %
    assert four.n == 3  # meetings 2.6., 9.6., 25.6.
    assert four.details == [date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 22)]
    assert four.met is True
    assert (four.first, four.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert thirteen.value == pytest.approx(100 * 3 / 13)  # 3 of 13 → 23.08 %
    assert thirteen.n == 3
    assert thirteen.met is False
    assert (thirteen.first, thirteen.last) == (date(2026, 3, 30), date(2026, 6, 28))


# Item 7: (coach FTEs with end dates, leader end date or "none", weeks, weeks held,
# expected value, first day of the window, expected suggestion).
STRUCTURES = {
    # no team leader at all → 1, whatever the supervision
    "no leader": ([(1.0, None), (1.0, None)], "none", 4, 4, 100.0, date(2026, 6, 1), 1),
    # the leader left the day before as-of → no leader → 1
    "leader left": (
        [(1.0, None), (1.0, None)],
        date(2026, 6, 29),
        4,
        4,
        100.0,
        date(2026, 6, 1),
        1,
    ),
    # 3 of 13 weeks = 23.08 % < 25 → 2
    "under 25 %": ([(1.0, None), (1.0, None)], None, 13, 3, 100 * 3 / 13, date(2026, 3, 30), 2),
    # 1 of 4 weeks = exactly 25 % → not under 25, under 46 → 3
    "exactly 25 %": ([(1.0, None), (1.0, None)], None, 4, 1, 25.0, date(2026, 6, 1), 3),
    # 3 of 4 = 75 %, two full-time coaches and a leader → 5
    "75 % two full-time": ([(1.0, None), (1.0, None)], None, 4, 3, 75.0, date(2026, 6, 1), 5),
    # 75 %, but one full-time coach and two half-time (2.0 FTE, not two full-timers) → 4
    "75 % part-time": (
        [(1.0, None), (0.5, None), (0.5, None)],
        None,
        4,
        3,
        75.0,
        date(2026, 6, 1),
        4,
    ),
    # 75 %, the second full-time coach left mid-window (15.6.) → one full-timer on as-of → 4
    "75 % coach left": (
        [(1.0, None), (1.0, date(2026, 6, 15))],
        None,
        4,
        3,
        75.0,
        date(2026, 6, 1),
        4,
    ),
    # 23 of 50 weeks = exactly 46 % → 4 (window from Monday 14.7.2025)
    "exactly 46 %": ([(1.0, None)], None, 50, 23, 46.0, date(2025, 7, 14), 4),
    # 22 of 50 weeks = 44 % → 3
    "44 %": ([(1.0, None)], None, 50, 22, 44.0, date(2025, 7, 14), 3),
}


@pytest.mark.parametrize("case", list(STRUCTURES))
def test_team_structure_suggestion(database, case):
    coaches, leader_end, weeks, held, value, first, score = STRUCTURES[case]
    with database.write() as s:
        team = _team(s, "T1")
        for number, (fte, end) in enumerate(coaches):
            _staff(s, team, f"C{number}", fte=fte, end=end)
        if leader_end != "none":
            _staff(s, team, "L1", role="team_leader", end=leader_end)
        for monday in _mondays(held):
            _meeting(s, team, monday)
    with database.read() as s:
        measure = team_structure(s, team, AS_OF, weeks=weeks)
    assert measure.item == "7"
    assert measure.value == pytest.approx(value)
    assert measure.n == held
    assert (measure.first, measure.last) == (first, date(2026, 6, 28))
    assert measure.suggested_score == score
    assert measure.met is None


def test_team_structure_on_an_empty_team_suggests_nothing(database):
    with database.write() as s:
        team = _team(s, "T0")
    with database.read() as s:
        measure = team_structure(s, team, AS_OF)
    assert measure.suggested_score is None


def test_team_leader_span(database):
    with database.write() as s:
        ten = _team(s, "T1")
        for number in range(8):
            _staff(s, ten, f"T1-C{number}")
        _staff(s, ten, "T1-END", end=AS_OF)  # ends on as-of: still employed
        _staff(s, ten, "T1-START", start=AS_OF)  # starts on as-of: employed
        _staff(s, ten, "T1-LEFT", end=date(2026, 6, 29))  # left the day before: not counted
        _staff(s, ten, "T1-LATER", start=date(2026, 7, 1))  # starts the day after: not counted
        _staff(s, ten, "T1-J", role="job_finder")  # not a coach
        _staff(s, ten, "T1-L", role="team_leader")
        eleven = _team(s, "T2")
        for number in range(11):
            _staff(s, eleven, f"T2-C{number}")
        _staff(s, eleven, "T2-L", role="team_leader")
        shared = _team(s, "T3")
        for number in range(11):
            _staff(s, shared, f"T3-C{number}")
        _staff(s, shared, "T3-L1", role="team_leader")
        _staff(s, shared, "T3-L2", role="team_leader", fte=0.5)
        leaderless = _team(s, "T4")
        for number in range(3):
            _staff(s, leaderless, f"T4-C{number}")
        _staff(s, leaderless, "T4-L", role="team_leader", end=date(2026, 6, 29))
    with database.read() as s:
        spans = {team: team_leader_span(s, team, AS_OF) for team in (ten, eleven, shared)}
        none = team_leader_span(s, leaderless, AS_OF)
    assert spans[ten].value == pytest.approx(10.0)  # 10 coaches ÷ 1 leader
    assert spans[ten].n == 10
    assert spans[ten].met is True  # at most 10
    assert spans[ten].item == "8.1"
    assert (spans[ten].first, spans[ten].last) == (None, AS_OF)
    assert spans[ten].window_text == "on 2026-06-30"
    assert spans[eleven].value == pytest.approx(11.0)  # 11 ÷ 1
    assert spans[eleven].met is False
    assert spans[shared].value == pytest.approx(5.5)  # 11 ÷ 2 leaders
    assert spans[shared].met is True
    assert none.value is None  # the leader left: no one to divide by
    assert none.n == 3
    assert none.met is False


def test_quarterly_goals_set(database):
    with database.write() as s:
        team = _team(s, "T1")
        other = _team(s, "T2")
        for quarter, count in (
            ("2026Q2", 2),
            ("2026Q1", 1),
            ("2025Q3", 3),
            ("2025Q2", 1),  # fifth quarter back: not in details
            ("2026Q3", 1),  # the next quarter
        ):
            for _ in range(count):
                s.add(m.QuarterlyGoal(team_id=team, quarter=quarter, measure="x", target=1.0))
        s.add(m.QuarterlyGoal(team_id=other, quarter="2026Q2", measure="x", target=1.0))
        empty = _team(s, "T3")
    with database.read() as s:
        now = quarterly_goals_set(s, team, AS_OF)
        next_day = quarterly_goals_set(s, team, date(2026, 7, 1))
        nothing = quarterly_goals_set(s, empty, AS_OF)
    assert now.item == "8.5"
    assert now.value == pytest.approx(2.0)  # two goals for 2026Q2 (not the other team's)
    assert now.n == 2
    assert now.met is True
    assert (now.first, now.last) == (date(2026, 4, 1), date(2026, 6, 30))
    assert now.details == {"2026Q2": 2, "2026Q1": 1, "2025Q4": 0, "2025Q3": 3}
    assert now.suggested_score is None
    assert next_day.value == pytest.approx(1.0)  # 2026Q3 has one goal
    assert (next_day.first, next_day.last) == (date(2026, 7, 1), date(2026, 9, 30))
    assert next_day.details == {"2026Q3": 1, "2026Q2": 2, "2026Q1": 1, "2025Q4": 0}
    assert nothing.value == pytest.approx(0.0)
    assert nothing.n == 0
    assert nothing.met is False
    assert nothing.suggested_score is None


@pytest.fixture
def schedules(database):
    """T1: final assessments 15.6.2025 (25 × 4 = 100) and 10.1.2026 (25 × 3 = 75), a draft
    1.5.2026 (125) and a final after as-of; steering meetings 1.9.2025, 15.1. and 1.4.2026
    and one after as-of. T2 (another team) has a later final and steering meeting."""
    with database.write() as s:
        team = _team(s, "T1")
        other = _team(s, "T2")
        _assessment(s, team, "A1", date(2025, 6, 15), [4] * 25)
        _assessment(s, team, "A2", date(2026, 1, 10), [3] * 25)
        _assessment(s, team, "A3", date(2026, 5, 1), [5] * 25, status="draft")
        _assessment(s, team, "A4", date(2026, 8, 1), [5] * 25)
        _assessment(s, other, "B1", date(2026, 6, 1), [5] * 25)
        for key, day in (
            ("S1", date(2025, 9, 1)),
            ("S2", date(2026, 1, 15)),
            ("S3", date(2026, 4, 1)),
            ("S4", date(2026, 7, 5)),
        ):
            s.add(m.SteeringMeeting(key=key, team_id=team, date=day))
        s.add(m.SteeringMeeting(key="S5", team_id=other, date=date(2026, 6, 20)))
        empty = _team(s, "T3")
    return database, team, empty


def test_latest_assessment(schedules):
    database, team, empty = schedules
    with database.read() as s:
        assert latest_assessment(s, team, AS_OF) == AssessmentTotal(date(2026, 1, 10), 75)
        # the draft of 1.5.2026 is not an assessment yet; the final of 1.8. is after as-of
        assert latest_assessment(s, team, date(2025, 12, 31)) == AssessmentTotal(
            date(2025, 6, 15), 100
        )
        assert latest_assessment(s, team, date(2025, 6, 14)) is None
        assert latest_assessment(s, team, date(2026, 8, 1)) == AssessmentTotal(
            date(2026, 8, 1), 125
        )
        assert latest_assessment(s, empty, AS_OF) is None


def test_assessment_on_schedule(schedules):
    database, team, empty = schedules
    with database.read() as s:
        now = assessment_on_schedule(s, team, AS_OF)
        day_before_due = assessment_on_schedule(s, team, date(2026, 7, 9))
        due = assessment_on_schedule(s, team, date(2026, 7, 10))
        high = assessment_on_schedule(s, team, date(2025, 12, 31))
        nothing = assessment_on_schedule(s, empty, AS_OF)
    # Latest final 10.1.2026, total 75 < 100 → every 6 months, due 10.7.2026.
    assert now.item == "11.2"
    assert now.value == pytest.approx(171.0)  # 10.1.→30.6.: 21 + 28 + 31 + 30 + 31 + 30
    assert now.n == 2  # finals on or before as-of: 15.6.2025 and 10.1.2026 (not the draft)
    assert now.met is True
    assert (now.first, now.last) == (date(2025, 12, 31), AS_OF)  # 30.12.2025 + 1 day
    assert now.details == {"last": date(2026, 1, 10), "due": date(2026, 7, 10), "months": 6}
    assert now.basis_params == {"total": 75, "months": 6}
    assert now.suggested_score is None
    assert day_before_due.value == pytest.approx(180.0)  # 171 + 9
    assert day_before_due.met is True  # less than 6 months ago
    assert due.value == pytest.approx(181.0)
    assert due.met is False  # exactly 6 months ago is not less
    # As of 31.12.2025 the latest final is 15.6.2025 with 100 → every 12 months.
    assert high.value == pytest.approx(199.0)  # 15.6.→31.12.: 15 + 31 + 31 + 30 + 31 + 30 + 31
    assert high.n == 1
    assert high.met is True
    assert high.details == {"last": date(2025, 6, 15), "due": date(2026, 6, 15), "months": 12}
    assert (high.first, high.last) == (date(2025, 1, 1), date(2025, 12, 31))
    assert nothing.value is None
    assert nothing.n == 0
    assert nothing.met is False
    assert nothing.details == {"last": None, "due": None, "months": 6}


@pytest.mark.parametrize(
    ("scores", "months", "met"),
    [
        ([4] * 25, 12, True),  # total 100 → every 12 months: due 15.6.2026
        ([4] * 24 + [3], 6, False),  # total 99 → every 6 months: due 15.12.2025 = as-of
    ],
)
def test_assessment_cadence_relaxes_at_100(database, scores, months, met):
    with database.write() as s:
        team = _team(s, "T1")
        _assessment(s, team, "A1", date(2025, 6, 15), scores)
    with database.read() as s:
        measure = assessment_on_schedule(s, team, date(2025, 12, 15))
    assert measure.details["months"] == months
    assert measure.met is met
    assert measure.value == pytest.approx(183.0)  # 15.6.→15.12.: 30 + 31 + 31 + 30 + 31 + 30


def test_a_draft_assessment_does_not_count(database):
    with database.write() as s:
        team = _team(s, "T1")
        _assessment(s, team, "A1", date(2025, 10, 1), [3] * 20 + [4] * 5)  # final, total 80
        _assessment(s, team, "A2", date(2026, 6, 1), [5] * 25, status="draft")  # 125, draft
    with database.read() as s:
        measure = assessment_on_schedule(s, team, AS_OF)
        steering = steering_on_schedule(s, team, AS_OF)
    # Latest final 1.10.2025 with 80 → 6 months, due 1.4.2026, before as-of.
    assert measure.value == pytest.approx(272.0)  # 1.10.2025→30.6.2026: 31+30+31+31+28+31+30+31+29
    assert measure.n == 1
    assert measure.met is False
    assert measure.details == {"last": date(2025, 10, 1), "due": date(2026, 4, 1), "months": 6}
    assert measure.basis_params == {"total": 80, "months": 6}
    # The draft's 125 does not relax the steering group's cadence either: 3 months.
    assert steering.details["months"] == 3
    assert steering.value is None  # no steering meetings
    assert steering.met is False


def test_steering_on_schedule(schedules):
    database, team, empty = schedules
    with database.read() as s:
        now = steering_on_schedule(s, team, AS_OF)
        due = steering_on_schedule(s, team, date(2026, 7, 1))
        high = steering_on_schedule(s, team, date(2025, 12, 31))
        nothing = steering_on_schedule(s, empty, AS_OF)
    # Latest final total 75 → every 3 months; last meeting 1.4.2026, due 1.7.2026.
    assert now.item == "11.3"
    assert now.value == pytest.approx(90.0)  # 1.4.→30.6.: 29 + 31 + 30
    assert now.n == 3  # 1.9.2025, 15.1. and 1.4.2026 (not 5.7., not the other team's)
    assert now.met is True
    assert (now.first, now.last) == (date(2026, 3, 31), AS_OF)  # 30.3. + 1 day
    assert now.details == {"last": date(2026, 4, 1), "due": date(2026, 7, 1), "months": 3}
    assert now.basis_params == {"meetings": 3, "months": 3}
    assert due.value == pytest.approx(91.0)
    assert due.met is False  # exactly 3 months ago
    # As of 31.12.2025 the latest total is 100 → every 6 months: 1.9.2025 is due 1.3.2026.
    assert high.value == pytest.approx(121.0)  # 1.9.→31.12.: 30 + 31 + 30 + 30
    assert high.n == 1
    assert high.met is True  # (on a 3-month cadence it would have been due 1.12.2025)
    assert high.details == {"last": date(2025, 9, 1), "due": date(2026, 3, 1), "months": 6}
    assert nothing.value is None
    assert nothing.n == 0
    assert nothing.met is False
    assert nothing.details == {"last": None, "due": None, "months": 3}


# ==================================================================== results
def test_quarters():
    assert quarters(date(2026, 5, 15), 3) == [
        ("2025Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q2", date(2026, 4, 1), date(2026, 5, 15)),  # the current quarter ends at as-of
    ]
    assert quarters(date(2026, 12, 31), 1) == [("2026Q4", date(2026, 10, 1), date(2026, 12, 31))]
    assert quarters(date(2026, 1, 1), 2) == [
        ("2025Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 1, 1)),
    ]
    assert quarters(AS_OF, 5) == [
        ("2025Q2", date(2025, 4, 1), date(2025, 6, 30)),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025Q4", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ]


def test_results(database):
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        other, other_coach, other_source = _base(s, "T2")
        employer = _add(s, m.Employer(key="E1", name="Yritys"))

        def client(code, referral, start=None):
            return _client(s, team, code, coach, source, referral, start)

        r01 = client("R01", date(2026, 3, 31), date(2026, 4, 6))  # referred before Q2
        r02 = client("R02", date(2026, 4, 1), date(2026, 4, 10))  # referred on Q2's first day
        client("R03", date(2026, 6, 30))  # referred on Q2's last day, waiting
        client("R04", date(2026, 7, 1))  # referred after Q2
        r05 = client("R05", date(2026, 1, 5), date(2026, 1, 12))
        x01 = _client(s, other, "X01", other_coach, other_source, date(2026, 5, 1))

        def module(client_id, number, start, assessed, decision):
            s.add(
                m.ModuleEpisode(
                    client_id=client_id,
                    module=number,
                    start_date=start,
                    assessed_on=assessed,
                    decision=decision,
                )
            )

        module(r01, "1", date(2026, 4, 6), date(2026, 4, 30), "next:2")  # went on
        module(r02, "1", date(2026, 4, 10), date(2026, 6, 30), "exit:employed")  # did not
        module(r05, "1", date(2026, 1, 12), date(2026, 3, 31), "next:3A")  # before Q2
        module(r05, "2", date(2026, 4, 1), date(2026, 6, 15), "next:3A")  # not module 1
        module(x01, "1", date(2026, 4, 20), date(2026, 5, 1), "next:2")  # another team
        _job(s, r01, employer, "J1", date(2026, 5, 4))
        _job(s, r01, employer, "J2", date(2026, 6, 30))  # same client again
        _job(s, r02, employer, "J3", date(2026, 3, 31))  # before Q2
        _job(s, r05, employer, "J4", date(2026, 4, 1))
        _job(s, x01, employer, "J5", date(2026, 5, 1))  # another team
        for client_id, day, score in (
            (r01, date(2026, 4, 1), 5),
            (r02, date(2026, 5, 20), 4),
            (r05, date(2026, 6, 30), 4),
            (r05, date(2026, 3, 31), 1),  # before Q2
            (r01, date(2026, 7, 1), 1),  # after Q2
            (x01, date(2026, 5, 1), 2),  # another team
        ):
            s.add(m.Feedback(client_id=client_id, date=day, score=score))
    with database.read() as s:
        quarter = results(s, team, *Q2)
        year = results(s, team, date(2026, 1, 1), date(2026, 12, 31))
        empty = results(s, team, date(2025, 1, 1), date(2025, 3, 31))
    assert (quarter.first, quarter.last) == Q2
    assert quarter.referred == 2  # R02, R03
    assert quarter.module1_assessed == 2  # R01 (30.4.), R02 (30.6.)
    assert quarter.continued_after_module1 == 1  # R01 → module 2
    assert quarter.continued_share == pytest.approx(50.0)  # 1 of 2
    assert quarter.employed == 2  # R01 (two jobs), R05
    assert quarter.feedback_count == 3
    assert quarter.feedback_mean == pytest.approx(13 / 3)  # (5 + 4 + 4) / 3 = 4.33
    # The whole of 2026: referred R01, R02, R03, R04, R05; module 1 assessed for R01, R02,
    # R05 (R01 and R05 went on); employed R01, R02, R05; feedback 5, 4, 4, 1, 1.
    assert year.referred == 5
    assert year.module1_assessed == 3
    assert year.continued_after_module1 == 2
    assert year.continued_share == pytest.approx(200 / 3)  # 2 of 3 = 66.67 %
    assert year.employed == 3
    assert year.feedback_count == 5
    assert year.feedback_mean == pytest.approx(3.0)  # 15 / 5
    assert (empty.referred, empty.module1_assessed, empty.continued_after_module1) == (0, 0, 0)
    assert (empty.employed, empty.feedback_count) == (0, 0)
    assert empty.feedback_mean is None
    assert empty.continued_share is None


def test_employment_rate_ips(database):
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        other, other_coach, other_source = _base(s, "T2")
        employer = _add(s, m.Employer(key="E1", name="Yritys"))

        def client(code, start=None, end=None):
            return _client(s, team, code, coach, source, date(2024, 12, 1), start, end)

        e01 = client("E01", date(2026, 1, 1))
        _job(s, e01, employer, "J1", date(2026, 2, 1))  # competitive, ongoing → worked
        e02 = client("E02", date(2026, 6, 30))  # starts on the quarter's last day
        _job(s, e02, employer, "J2", date(2026, 6, 30))  # → worked
        e03 = client("E03", date(2025, 1, 1), date(2026, 4, 1))  # ended on the first day
        _job(s, e03, employer, "J3", date(2025, 5, 1), date(2026, 4, 1))  # → worked
        e04 = client("E04", date(2025, 1, 1), date(2026, 3, 31))  # ended before: not counted
        _job(s, e04, employer, "J4", date(2026, 4, 1))
        e05 = client("E05", date(2026, 1, 1))
        _job(s, e05, employer, "J5", date(2026, 4, 15), competitive=False)  # not competitive
        e06 = client("E06", date(2026, 1, 1))
        _job(s, e06, employer, "J6", date(2026, 1, 5), date(2026, 3, 31))  # ended before Q2
        _job(s, e06, employer, "J7", date(2026, 7, 1))  # starts after Q2
        client("E07")  # referred, never started: not in service
        client("E08", date(2026, 2, 1))  # in service, no job
        x01 = _client(
            s, other, "X01", other_coach, other_source, date(2026, 1, 1), date(2026, 1, 1)
        )
        _job(s, x01, employer, "J8", date(2026, 5, 1))  # another team
    with database.read() as s:
        measure = employment_rate_ips(s, team, *Q2)
        empty = employment_rate_ips(s, team, date(2024, 1, 1), date(2024, 3, 31))
    # In service during Q2: E01, E02, E03, E05, E06, E08 = 6; worked: E01, E02, E03 = 3.
    assert measure.value == pytest.approx(50.0)
    assert measure.n == 6
    assert measure.item == "10.5"
    assert (measure.first, measure.last) == Q2
    assert measure.details == {"minimum": 31.0, "average": 41.0, "excellent": 50.0}
    assert measure.basis_params == {"employed": 3, "active": 6}
    assert measure.suggested_score is None
    assert empty.value is None  # nobody in service in 2024Q1
    assert empty.n == 0


def test_employment_rate_out_of_work(database):
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        employer = _add(s, m.Employer(key="E1", name="Yritys"))

        def client(code, start=None, end=None):
            return _client(s, team, code, coach, source, date(2025, 11, 1), start, end)

        jan = date(2026, 1, 10)
        o01 = client("O01", jan)
        _job(s, o01, employer, "J1", date(2026, 5, 1))  # started a job → counts
        o02 = client("O02", jan)
        _job(s, o02, employer, "J2", date(2025, 12, 1))  # had a job at start → left out
        o03 = client("O03", jan)
        _job(s, o03, employer, "J3", date(2025, 12, 1), date(2026, 1, 9))  # ended day before
        o04 = client("O04", date(2026, 2, 2))
        _job(s, o04, employer, "J4", date(2026, 2, 2))  # job from the start day → left out
        o05 = client("O05", jan)
        _job(s, o05, employer, "J5", date(2026, 3, 1), date(2026, 3, 20))  # before Q2: counts
        o06 = client("O06", date(2026, 4, 15))
        _job(s, o06, employer, "J6", date(2026, 7, 1))  # after Q2's end: not yet
        o07 = client("O07", jan, date(2026, 3, 31))  # not in service during Q2
        _job(s, o07, employer, "J7", date(2026, 2, 1))
        o08 = client("O08", date(2026, 6, 1))
        _job(s, o08, employer, "J8", date(2026, 6, 30))  # on Q2's last day → counts
        o09 = client("O09", jan)
        _job(s, o09, employer, "J9", date(2026, 4, 10), competitive=False)  # any job counts
        client("O10")  # never started
        o11 = client("O11", jan)
        _job(s, o11, employer, "J10", date(2025, 12, 1), jan)  # ends on the start day
        _job(s, o11, employer, "J11", date(2026, 5, 1))  # → had a job at start, left out
    with database.read() as s:
        measure = employment_rate_out_of_work(s, team, *Q2)
        empty = employment_rate_out_of_work(s, team, date(2025, 1, 1), date(2025, 3, 31))
    # Out of work at start and in service in Q2: O01, O03, O05, O06, O08, O09 = 6;
    # started a job by 30.6.: O01, O05, O08, O09 = 4 → 66.67 %.
    assert measure.value == pytest.approx(400 / 6)
    assert measure.n == 6
    assert measure.item == "10.5"
    assert (measure.first, measure.last) == Q2
    assert measure.details == {"benchmark": 40.0}
    assert measure.basis_params == {"employed": 4, "clients": 6}
    assert empty.value is None
    assert empty.n == 0


# ================================================================ law periods
def test_team_rule_breaks(database):
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        other, other_coach, other_source = _base(s, "T2")

        def client(code, team_id=team, coach_id=coach, source_id=source):
            return _client(
                s,
                team_id,
                code,
                coach_id,
                source_id,
                date(2026, 4, 1),
                date(2026, 4, 1),
                framing="law",
            )

        def period(client_id, start, end):
            return _add(s, m.CoachingPeriod(client_id=client_id, start_date=start, end_date=end))

        def contact(client_id, day, kind="meeting", no_show=False):
            s.add(
                m.ClientContact(
                    client_id=client_id, staff_id=coach, date=day, kind=kind, no_show=no_show
                )
            )

        l01 = client("L01")
        # 1.5.–1.9.2026: the latest allowed end is 31.8. (four months) → too long, 124 days
        # (31 + 30 + 31 + 31 + 1). As of 30.6. the 7-day blocks from 1.5. that are over:
        # 1.5., 8.5., 15.5., 22.5., 29.5., 5.6., 12.6., 19.6. (26.6.–2.7. is not yet over).
        p1 = period(l01, date(2026, 5, 1), date(2026, 9, 1))
        contact(l01, date(2026, 5, 1))
        contact(l01, date(2026, 5, 8))
        contact(l01, date(2026, 5, 15), kind="follow_along")  # counts as a meeting
        contact(l01, date(2026, 5, 28))  # the last day of block 22.5.–28.5.
        contact(l01, date(2026, 6, 1), no_show=True)  # block 29.5.–4.6.: a no-show only
        contact(l01, date(2026, 6, 5))
        contact(l01, date(2026, 6, 12), kind="outreach_attempt")  # block 12.6.–18.6.:
        contact(l01, date(2026, 6, 15), kind="family_contact")  # … no meeting
        contact(l01, date(2026, 6, 19))
        l02 = client("L02")
        period(l02, date(2026, 6, 15), date(2026, 7, 14))  # 30 days, fine
        contact(l02, date(2026, 6, 16))  # block 15.6.–21.6.
        contact(l02, date(2026, 6, 28))  # block 22.6.–28.6.
        l03 = client("L03")
        p3 = period(l03, date(2026, 7, 1), date(2026, 7, 5))  # starts after as-of; 5 days
        x01 = client("X01", other, other_coach, other_source)
        period(x01, date(2026, 6, 1), date(2026, 6, 3))  # another team's, too short
    with database.read() as s:
        now = team_rule_breaks(s, team, AS_OF)
        later = team_rule_breaks(s, team, date(2026, 7, 2))
        nothing = team_rule_breaks(s, team, date(2026, 4, 30))

    def rows(found):
        return [
            (
                b.client_code,
                b.client_id,
                b.rule_break.rule,
                b.rule_break.period.start,
                b.rule_break.period.end,
                b.rule_break.period.period_id,
                b.rule_break.detail,
            )
            for b in found
        ]

    long_period = (date(2026, 5, 1), date(2026, 9, 1), p1)
    assert rows(now) == [
        ("L01", l01, LawRule.TOO_LONG, *long_period, "124"),
        ("L01", l01, LawRule.WEEK_WITHOUT_MEETING, *long_period, "2026-05-29"),
        ("L01", l01, LawRule.WEEK_WITHOUT_MEETING, *long_period, "2026-06-12"),
    ]
    # As of 2.7. the block 26.6.–2.7. is over without a meeting, and L03's period has begun
    # (1.7.–5.7. = 5 days, too short). L02's block 29.6.–5.7. is not over yet.
    assert rows(later) == [
        ("L01", l01, LawRule.TOO_LONG, *long_period, "124"),
        ("L01", l01, LawRule.WEEK_WITHOUT_MEETING, *long_period, "2026-05-29"),
        ("L01", l01, LawRule.WEEK_WITHOUT_MEETING, *long_period, "2026-06-12"),
        ("L01", l01, LawRule.WEEK_WITHOUT_MEETING, *long_period, "2026-06-26"),
        ("L03", l03, LawRule.TOO_SHORT, date(2026, 7, 1), date(2026, 7, 5), p3, "5"),
    ]
    assert nothing == []  # no period had begun by 30.4.


# =================================================================== evidence
ITEM_KEYS = {"1", "2", "4", "15", "16", "17", "19", "20", "21", "24", "23"}
ENTRY_KEYS = {"value", "unit", "suggested_score", "window", "n", "basis"}
WINDOW = re.compile(r"^(on \d{4}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$")


@pytest.fixture
def evidence_team(database):
    """Team T1 on 30.6.2026 (worked through in test_evidence_values_by_hand)."""
    with database.write() as s:
        team = _team(s, "T1")
        c1 = _staff(s, team, "C1", fte=1.0, share=1.0)
        c2 = _staff(s, team, "C2", fte=0.5, share=0.8)
        leader = _staff(s, team, "LD", role="team_leader")
        attached = _source(s, team, "SA", attached=True)
        apart = _source(s, team, "SN")
        e1 = _add(s, m.Employer(key="E1", name="Yritys 1"))
        e2 = _add(s, m.Employer(key="E2", name="Yritys 2"))
        k01 = _client(s, team, "K01", c1, attached, date(2026, 1, 5), date(2026, 1, 12))
        k02 = _client(s, team, "K02", c1, attached, date(2026, 2, 2), date(2026, 2, 9))
        k03 = _client(s, team, "K03", c2, apart, date(2026, 3, 2), date(2026, 3, 9))
        _client(s, team, "K04", c2, attached, date(2026, 6, 1))  # waiting
        _job(s, k02, e1, "J1", date(2026, 4, 1))  # competitive, permanent
        _job(s, k01, e2, "J2", date(2026, 2, 1), date(2026, 2, 28), permanent=False)
        for staff, employer, client, day, preference in (
            (c1, e1, k01, date(2026, 1, 22), None),
            (c1, e1, k02, date(2026, 3, 11), None),
            (c1, e2, k01, date(2026, 6, 22), True),
            (c1, e2, k01, date(2026, 6, 23), False),
            (c2, e1, k03, date(2026, 6, 24), True),
            (c2, e1, k03, date(2026, 6, 25), None),
        ):
            s.add(
                m.EmployerContact(
                    date=day,
                    staff_id=staff,
                    employer_id=employer,
                    face_to_face=True,
                    client_id=client,
                    preference_based=preference,
                )
            )
        for client, staff, day, kind, place, minutes, face, no_show in (
            (k01, c1, date(2026, 6, 10), "meeting", "community", 60, True, False),
            (k03, c2, date(2026, 6, 11), "meeting", "office", 40, True, False),
            (k02, c1, date(2026, 6, 12), "meeting", "workplace", 20, True, True),
            (k02, c1, date(2026, 6, 15), "outreach_attempt", None, None, False, False),
        ):
            s.add(
                m.ClientContact(
                    client_id=client,
                    staff_id=staff,
                    date=day,
                    kind=kind,
                    place=place,
                    minutes=minutes,
                    face_to_face=face,
                    no_show=no_show,
                )
            )
        for monday in _mondays(13):  # supervision every one of the 13 weeks
            _meeting(s, team, monday, "coaching_supervision", [c1, leader])
        for monday in _mondays(10):  # mdt with a coach on the Wednesdays of the last 10
            _meeting(s, team, monday + timedelta(days=2), "mdt_meeting", [c2])
        _meeting(s, team, date(2026, 4, 1), "mdt_meeting", [leader])  # no coach
        s.add(m.QuarterlyGoal(team_id=team, quarter="2026Q2", measure="x", target=1.0))
        _assessment(s, team, "A1", date(2026, 3, 15), [3] * 20 + [4] * 5)  # total 80
        s.add(m.SteeringMeeting(key="S1", team_id=team, date=date(2026, 5, 20)))
        _team(s, "T0")  # an empty team
    return database


def _document(database, team="T1", language="fi"):
    with database.read() as s:
        return evidence_document(s, team, AS_OF, language)


def test_evidence_document_structure(evidence_team):
    document = _document(evidence_team)
    assert set(document) == {"as_of", "team_id", "items"}
    assert document["as_of"] == "2026-06-30"
    assert document["team_id"] == "T1"
    items = document["items"]
    assert set(items) >= ITEM_KEYS
    # The module's own list: items with a measure, and those scored by sub-criteria.
    assert list(items) == [
        "1",
        "2",
        "4",
        "5",
        "7",
        "8",
        "11",
        "15",
        "16",
        "17",
        "19",
        "20",
        "21",
        "23",
        "24",
        "25",
    ]
    for key, entry in items.items():
        assert set(entry) == ENTRY_KEYS, key
        assert WINDOW.match(entry["window"]), (key, entry["window"])
        assert entry["value"] is None or isinstance(entry["value"], float), key
        assert isinstance(entry["n"], int), key
        assert entry["suggested_score"] is None or entry["suggested_score"] in range(1, 6), key
        assert isinstance(entry["unit"], str) and entry["unit"], key
        assert isinstance(entry["basis"], str) and entry["basis"], key
        assert not entry["basis"].startswith("metrics."), key  # a missing catalog key
    assert json.loads(json.dumps(document)) == document
    # The value is not rounded: 1.4 / 1.5 × 100 = 93.333…
    assert items["2"]["value"] == pytest.approx(280 / 3)
    assert items["2"]["value"] != round(items["2"]["value"], 2)


def test_evidence_values_by_hand(evidence_team):
    items = _document(evidence_team)["items"]

    def check(key, value, n, window, score, unit=None):
        entry = items[key]
        assert entry["value"] == pytest.approx(value), key
        assert entry["n"] == n, key
        assert entry["window"] == window, key
        assert entry["suggested_score"] == score, key
        if unit is not None:
            assert entry["unit"] == unit, key

    year = "2025-07-01..2026-06-30"
    quarter = "2026-04-01..2026-06-30"
    # 1: active K01, K02, K03 (K04 waits) ÷ FTE 1.0 + 0.5 → 3 / 1.5 = 2.0 ≤ 20 → 5
    check("1", 2.0, 3, "on 2026-06-30", 5, "clients per FTE")
    # 2: (1.0 × 100 % + 0.5 × 80 %) / 1.5 = 93.33 % → ≥ 90 → 4
    check("2", 280 / 3, 2, "on 2026-06-30", 4, "%")
    # 4: referred in the year: K01–K04; attached K01, K02, K04 → 3 / 4 = 75 % → 4
    check("4", 75.0, 4, year, 4, "%")
    # 5: 5.1 mdt with a coach in 10 of 13 weeks = 76.9 % ≥ 75 → met; 1 of 1
    check("5", 1.0, 1, "2026-03-30..2026-06-30", None, "sub-criteria met of 1 shown by the records")
    # 7: supervision 13 of 13 weeks, a leader, one full-time coach (C2 is 0.5) → 4
    check("7", 100.0, 13, "2026-03-30..2026-06-28", 4, "% of weeks")
    # 8: 8.1 2 coaches / 1 leader, 8.2 100 %, 8.5 one goal for 2026Q2 → 3 of 3
    check("8", 3.0, 3, "2026-03-30..2026-06-30", None)
    # 11: 11.2 final 15.3.2026 (80, due 15.9.), 11.3 steering 20.5. (due 20.8.) → 2 of 2;
    # the window starts at 11.2's: 30.6. − 6 months + 1 day = 31.12.2025
    check("11", 2.0, 2, "2025-12-31..2026-06-30", None)
    # 15: K01 12.1.→22.1. 10 days, K02 9.2.→11.3. 30 days, K03 9.3.→24.6. 107 days;
    # (10 + 30 + 107) / 3 = 49.0 ≤ 60 → 4
    check("15", 49.0, 3, year, 4, "days")
    # 16: contacts naming a job seeker 1.4.–30.6.: K01 22.6. (yes), 23.6. (no),
    # K03 24.6. (yes), 25.6. (unmarked) → 2 / 4 = 50 % → 3
    check("16", 50.0, 4, quarter, 3, "%")
    # 17: 1.6.–28.6.: C1 2 contacts, C2 2 → 0.5 a week each; each has 1 job seeker and
    # 0.5 < 2 × 1, so no few-job-seekers rule → mean 0.5 → 1
    check("17", 0.5, 4, "2026-06-01..2026-06-28", 1)
    # 19: jobs J1, J2 started in the year, one job type → 1 / 2 = 50 % → 2
    check("19", 50.0, 2, year, 2, "%")
    # 20: two employers → 2 / 2 = 100 % → 5
    check("20", 100.0, 2, year, 5, "%")
    # 21: J1 competitive and permanent, J2 temporary → 50 %; 2 clients < 10 → 1
    check("21", 50.0, 2, year, 1, "%")
    # 23: two jobs started in the year
    assert items["23"]["n"] == 2
    assert items["23"]["window"] == year
    # 24: face-to-face minutes 1.4.–30.6., no-shows out: community 60 + office 40 → 60 % → 4
    check("24", 60.0, 2, quarter, 4, "% of minutes")
    # 25: 25.2 the no-show of 12.6. was followed by an outreach attempt 15.6. → met
    check("25", 1.0, 1, quarter, None)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_evidence_basis_in_the_language(evidence_team, language):
    items = _document(evidence_team, language=language)["items"]
    # 3 clients, 2 coaches, 1.5 FTE (a decimal comma in every language)
    assert items["1"]["basis"] == translate(
        "metrics.caseload_ratio.basis", language, clients="3", coaches="2", fte="1,5"
    )
    met = translate("metrics.met", language)
    parts = [
        translate(
            "metrics.subcriterion",
            language,
            code="11.2",
            state=met,
            basis=translate("metrics.assessment_schedule.basis", language, total="80", months="6"),
        ),
        translate(
            "metrics.subcriterion",
            language,
            code="11.3",
            state=met,
            basis=translate("metrics.steering_schedule.basis", language, meetings="1", months="3"),
        ),
    ]
    assert items["11"]["basis"] == "; ".join(part.rstrip(".") for part in parts)


def test_evidence_basis_differs_between_languages(evidence_team):
    finnish = _document(evidence_team, language="fi")
    swedish = _document(evidence_team, language="sv")
    english = _document(evidence_team, language="en")
    for key in finnish["items"]:
        bases = {doc["items"][key]["basis"] for doc in (finnish, swedish, english)}
        assert len(bases) == 3, key  # three different sentences
        for doc in (swedish, english):  # everything else is the same
            entry = {k: v for k, v in doc["items"][key].items() if k != "basis"}
            assert entry == {k: v for k, v in finnish["items"][key].items() if k != "basis"}
    assert "3" in swedish["items"]["1"]["basis"] and "1,5" in swedish["items"]["1"]["basis"]
    assert "3" in english["items"]["1"]["basis"] and "1,5" in english["items"]["1"]["basis"]


def test_evidence_on_an_empty_team(evidence_team):
    items = _document(evidence_team, team="T0")["items"]
    assert set(items) >= ITEM_KEYS
    for key, entry in items.items():
        assert set(entry) == ENTRY_KEYS, key
        if key != "7":  # item 7: see test_team_structure_on_an_empty_team_suggests_nothing
            assert entry["suggested_score"] is None, key
    for key in ("1", "2", "4", "15", "16", "17", "19", "20", "21", "23", "24"):
        assert items[key]["value"] is None, key
        assert items[key]["n"] == 0, key
    # Sub-criteria items: none of them met; n is how many the records can show.
    assert {key: (items[key]["value"], items[key]["n"]) for key in ("5", "8", "11", "25")} == {
        "5": (0.0, 1),
        "8": (0.0, 3),
        "11": (0.0, 2),
        "25": (0.0, 1),
    }
    assert items["7"]["value"] == pytest.approx(0.0)  # 0 of 13 weeks
    assert items["7"]["n"] == 0


def test_evidence_unknown_team(evidence_team):
    with evidence_team.read() as s, pytest.raises(UnknownTeam):
        evidence_document(s, "NOPE", AS_OF)


@pytest.mark.parametrize(
    ("setting", "value", "n", "window", "score"),
    [
        # default 13 weeks: supervision in weeks 30.3., 1.6., 8.6. → 3 / 13 = 23.08 % → 2
        (None, 100 * 3 / 13, 3, "2026-03-30..2026-06-28", 2),
        # window.cadence_weeks = 4: weeks 1.6., 8.6. of 1.6.–28.6. → 2 / 4 = 50 % → 4
        (4, 50.0, 2, "2026-06-01..2026-06-28", 4),
    ],
)
def test_cadence_weeks_setting(database, setting, value, n, window, score):
    with database.write() as s:
        team = _team(s, "T1")
        _staff(s, team, "C1")
        _staff(s, team, "L1", role="team_leader")
        for day in (date(2026, 3, 31), date(2026, 6, 2), date(2026, 6, 9)):
            _meeting(s, team, day)
        if setting is not None:
            s.add(m.TeamSetting(team_id=team, key="window.cadence_weeks", value=setting))
    with database.read() as s:
        assert team_windows(s, team).cadence_weeks == (setting or 13)
        document = evidence_document(s, "T1", AS_OF)
    entry = document["items"]["7"]
    assert entry["value"] == pytest.approx(value)
    assert entry["n"] == n
    assert entry["window"] == window
    assert entry["suggested_score"] == score
    # Item 8 shows 8.2 on the same weeks (met only at ≥ 75 %): 8.1 met, 8.2 not, 8.5 not.
    assert document["items"]["8"]["value"] == pytest.approx(1.0)


def _row(table: str, item: str) -> list[str]:
    rows = [line for line in table.splitlines() if re.match(rf"^{item}\s{{2,}}\S", line)]
    assert len(rows) == 1, item
    return rows[0].split()


def test_evidence_table(evidence_team):
    document = _document(evidence_team)
    table = evidence_table(document)
    lines = table.splitlines()
    assert lines[0] == "Kirjausten näyttö laatukriteereille"
    assert lines[1] == "Tiimi T1, tilanne 30.6.2026"
    assert lines[3].split() == ["Kohta", "Mittari", "Arvo", "n", "Aikaväli", "Ehdotus"]
    item_rows = [line for line in lines if re.match(r"^\d+\s{2,}\S", line)]
    assert [line.split()[0] for line in item_rows] == list(document["items"])
    # each row is followed by its basis, indented
    for key, entry in document["items"].items():
        index = next(i for i, line in enumerate(lines) if re.match(rf"^{key}\s{{2,}}\S", line))
        assert lines[index + 1].strip() == entry["basis"]
    assert _row(table, "1")[1] == "Asiakasmäärä"
    assert _row(table, "1")[-4:] == ["2,0", "3", "30.6.2026", "5"]
    assert _row(table, "4")[-4:] == ["75,0", "4", "1.7.2025–30.6.2026", "4"]
    assert _row(table, "5")[-5:] == ["1/1", "alakriteeriä", "1", "30.3.2026–30.6.2026", "–"]
    empty = evidence_table(_document(evidence_team, team="T0"))
    assert _row(empty, "1")[-4:] == ["tietoa", "0", "30.6.2026", "–"]  # "ei tietoa"


# ======================================================================== CLI
def _url(database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_cli_evidence_json(evidence_team, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", _url(evidence_team))
    code = main(["evidence", "--team", "T1", "--as-of", "2026-06-30", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    printed = json.loads(out)
    assert printed == _document(evidence_team)
    assert printed["items"]["1"]["value"] == pytest.approx(2.0)


def test_cli_evidence_table(evidence_team, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", _url(evidence_team))
    code = main(["evidence", "--team", "T1", "--as-of", "2026-06-30"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Kirjausten näyttö laatukriteereille\n")
    assert "Tiimi T1, tilanne 30.6.2026" in out
    assert _row(out, "1")[-4:] == ["2,0", "3", "30.6.2026", "5"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_cli_evidence_unknown_team(evidence_team, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", _url(evidence_team))
    code = main(["evidence", "--team", "NOPE", "--as-of", "2026-06-30", "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "no team with the key 'NOPE'" in captured.err


def test_mdt_attendance_counts_only_the_teams_coaches_employed_that_day(database):
    """Four full weeks (1.6.–28.6.2026), one MDT meeting a week. Week 1: only a coach who
    left on 31.5. → not counted. Week 2: only another team's coach → not counted. Week 3:
    a coach who starts on 22.6., meeting on 17.6. → not counted. Week 4: the team's coach,
    employed → counted. 1 of 4 weeks = 25.0 %, not met."""
    with database.write() as s:
        team, coach, _ = _base(s, "T1")
        _, stranger, _ = _base(s, "T2")
        left = _staff(s, team, "T1-L", end=date(2026, 5, 31))
        later = _staff(s, team, "T1-N", start=date(2026, 6, 22))
        _meeting(s, team, date(2026, 6, 3), "mdt_meeting", [left])
        _meeting(s, team, date(2026, 6, 10), "mdt_meeting", [stranger])
        _meeting(s, team, date(2026, 6, 17), "mdt_meeting", [later])
        _meeting(s, team, date(2026, 6, 24), "mdt_meeting", [coach])
    with database.read() as s:
        measure = mdt_attendance(s, team, AS_OF, weeks=4)
    assert (measure.value, measure.n, measure.met) == (25.0, 1, False)


def test_repeating_module_1_is_not_going_on(database):
    """Three module-1 assessments in Q2 2026: next:2, next:1 (repeat), exit:no_need →
    1 of 3 went on = 33.3 %."""
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        for number, decision in enumerate(("next:2", "next:1", "exit:no_need")):
            client = _client(
                s, team, f"K-{number}", coach, source, date(2026, 1, 5), date(2026, 1, 5)
            )
            s.add(
                m.ModuleEpisode(
                    client_id=client,
                    module="1",
                    start_date=date(2026, 4, 1),
                    end_date=date(2026, 5, 1),
                    assessed_on=date(2026, 5, 4),
                    decision=decision,
                )
            )
    with database.read() as s:
        found = results(s, team, *Q2)
    assert (found.module1_assessed, found.continued_after_module1) == (3, 1)
    assert found.continued_share == pytest.approx(100 / 3)


def test_ips_rate_needs_the_job_while_in_service(database):
    """Q2 2026. Both clients were in service during Q2. A: service 5.1.–15.4.2026, a
    competitive job 1.5.–31.5. (after the service ended) → not counted. B: service from
    5.1., a competitive job from 10.6. → counted. 1 of 2 = 50.0 %."""
    with database.write() as s:
        team, coach, source = _base(s, "T1")
        employer = _add(s, m.Employer(key="E1", name="Kauppa"))
        a = _client(
            s, team, "A-1", coach, source, date(2026, 1, 5), date(2026, 1, 5), date(2026, 4, 15)
        )
        b = _client(s, team, "B-1", coach, source, date(2026, 1, 5), date(2026, 1, 5))
        _job(s, a, employer, "J1", date(2026, 5, 1), date(2026, 5, 31))
        _job(s, b, employer, "J2", date(2026, 6, 10))
    with database.read() as s:
        measure = employment_rate_ips(s, team, *Q2)
    assert (measure.value, measure.n) == (50.0, 2)


@pytest.mark.parametrize(("held", "met"), [(date(2025, 12, 31), True), (date(2025, 12, 30), False)])
def test_assessment_schedule_at_a_month_end(database, held, met):
    """As of 30.6.2026 with a total under 100 the window is the 6 months 31.12.2025 –
    30.6.2026 (30.6. minus 6 months = 30.12.2025, plus a day): an assessment on 31.12.2025
    is in it and met, one on 30.12.2025 is not."""
    with database.write() as s:
        team, _, _ = _base(s, "T1")
        _assessment(s, team, "F1", held, [3] * 25)  # total 75
    with database.read() as s:
        measure = assessment_on_schedule(s, team, AS_OF)
    assert (measure.first, measure.met) == (date(2025, 12, 31), met)
