"""The record of the weekly coaching-team supervision (ote/supervision/meeting.py) on
hand-built teams, on SQLite and PostgreSQL.

The meeting's week is ISO week 2026-W03, Mon 12.1.–Sun 18.1.2026; "today" is its Wednesday
14.1.2026. The week before, 2026-W02, runs Mon 5.1.–Sun 11.1.2026.

Team T1 has a team leader Liisa and two coaches, Anna and Bertta (created in that order, so
their ids ascend in that order); team T2 has a coach Eero. Records that a test only reads
are added straight to the tables; `save_meeting` and `set_decision_status` are tested
through their own calls. Every expectation is worked out by hand.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ote import models as m
from ote.records import team_meetings
from ote.records.base import NotFound
from ote.supervision.meeting import (
    Decision,
    carried_over,
    meeting_of_week,
    save_meeting,
    set_decision_status,
)
from ote.supervision.week import Week
from ote.validation import ValidationFailed

TODAY = date(2026, 1, 14)  # Wednesday of 2026-W03
W03 = Week(date(2026, 1, 12))
W02 = Week(date(2026, 1, 5))
HETU = "131052-308T"  # a valid Finnish personal identity code (the classic example)
TABLES = (m.TeamMeeting, m.TeamMeetingAttendee, m.TeamMeetingDecision)


def d(day: int, month: int, year: int = 2026) -> date:
    """d(14, 1) = 14.1.2026; d(17, 12, 2025) = 17.12.2025."""
    return date(year, month, day)


@pytest.fixture
def teams(database) -> dict[str, int]:
    """T1 (Liisa, Anna, Bertta) and T2 (Eero); ids by name, and `T1`, `T2`."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        ids = {"T1": ours.id, "T2": other.id}
        for key, team_id, name, role in (
            ("S1", ours.id, "Liisa", "team_leader"),
            ("S2", ours.id, "Anna", "coach"),
            ("S3", ours.id, "Bertta", "coach"),
            ("S9", other.id, "Eero", "coach"),
        ):
            staff = m.Staff(key=key, team_id=team_id, name=name, role=role, fte=1.0)
            s.add(staff)
            s.flush()
            ids[name] = staff.id
    assert ids["Liisa"] < ids["Anna"] < ids["Bertta"]
    return ids


def add_meeting(
    s,
    team_id: int,
    day: date,
    kind: str = "coaching_supervision",
    decisions: tuple = (),
    attendees: tuple[int, ...] = (),
) -> int:
    """A meeting straight into the tables. `decisions`: (number, text, status, closed_on) or
    (number, text, status, closed_on, owner_id, due_date), added in the order given."""
    meeting = m.TeamMeeting(team_id=team_id, date=day, kind=kind)
    s.add(meeting)
    s.flush()
    for staff_id in attendees:
        s.add(m.TeamMeetingAttendee(meeting_id=meeting.id, staff_id=staff_id))
    for number, text, status, closed_on, *rest in decisions:
        owner_id, due_date = rest or (None, None)
        s.add(
            m.TeamMeetingDecision(
                meeting_id=meeting.id,
                number=number,
                text=text,
                status=status,
                closed_on=closed_on,
                owner_id=owner_id,
                due_date=due_date,
            )
        )
    s.flush()
    return meeting.id


def counts(database) -> tuple[int, ...]:
    """Rows in team_meeting, team_meeting_attendee and team_meeting_decision."""
    with database.read() as s:
        return tuple(
            s.execute(select(func.count()).select_from(table)).scalar_one() for table in TABLES
        )


def decision_rows(database, meeting_id: int) -> list[tuple]:
    """(number, text, owner_id, due_date, status, closed_on) of a meeting, by number."""
    with database.read() as s:
        rows = s.execute(
            select(m.TeamMeetingDecision)
            .where(m.TeamMeetingDecision.meeting_id == meeting_id)
            .order_by(m.TeamMeetingDecision.number)
        ).scalars()
        return [(r.number, r.text, r.owner_id, r.due_date, r.status, r.closed_on) for r in rows]


def of_week(database, team_id: int, week: Week):
    with database.read() as s:
        return meeting_of_week(s, team_id, week)


def carried(database, team_id: int, week: Week) -> list[Decision]:
    with database.read() as s:
        return carried_over(s, team_id, week)


def summary(decisions: list[Decision]) -> list[tuple]:
    """(meeting date, number, text, status, closed_on) in the order given."""
    return [(x.meeting_date, x.number, x.text, x.status, x.closed_on) for x in decisions]


# ------------------------------------------------------------------------- save_meeting
def test_save_meeting_records_attendees_job_tips_and_numbered_decisions(database, teams):
    t1, anna, bertta = teams["T1"], teams["Anna"], teams["Bertta"]
    values = {
        "date": d(14, 1),
        "attendees": [bertta, anna],
        "job_tips": "  Kahvila Kulma hakee tiskaajaa  ",
        "decisions": [
            {"text": "  Soita Kahvila Kulmaan  ", "owner_id": anna, "due_date": d(21, 1)},
            {"text": "   ", "owner_id": bertta, "due_date": d(16, 1)},  # blank: left out
            {"text": "Päivitä työnantajalista", "owner_id": None, "due_date": None},
            {"text": None, "owner_id": anna},  # no text: left out
        ],
    }
    saved = save_meeting(database, t1, values, TODAY)

    with database.read() as s:
        meeting = s.get(m.TeamMeeting, saved.id)
        assert (meeting.team_id, meeting.date, meeting.kind) == (
            t1,
            d(14, 1),
            "coaching_supervision",
        )
        assert meeting.job_tips == "Kahvila Kulma hakee tiskaajaa"
        assert team_meetings.attendee_ids(s, saved.id) == [anna, bertta]
    assert counts(database) == (1, 2, 2)
    assert decision_rows(database, saved.id) == [
        (1, "Soita Kahvila Kulmaan", anna, d(21, 1), "open", None),
        (2, "Päivitä työnantajalista", None, None, "open", None),
    ]

    found = of_week(database, t1, W03)
    assert (found.id, found.date, found.attendees, found.job_tips) == (
        saved.id,
        d(14, 1),
        [anna, bertta],
        "Kahvila Kulma hakee tiskaajaa",
    )
    first, second = found.decisions
    assert first == Decision(
        id=first.id,
        meeting_id=saved.id,
        meeting_date=d(14, 1),
        number=1,
        text="Soita Kahvila Kulmaan",
        owner_id=anna,
        owner_name="Anna",
        due_date=d(21, 1),
        status="open",
        closed_on=None,
    )
    assert (second.number, second.owner_id, second.owner_name, second.due_date) == (
        2,
        None,
        None,
        None,
    )
    assert first.is_open and second.is_open


def test_saving_again_on_the_same_date_replaces_attendees_and_adds_decisions(database, teams):
    t1, liisa, anna, bertta = teams["T1"], teams["Liisa"], teams["Anna"], teams["Bertta"]
    # A multi-professional team meeting on the same date, with attendees and decisions 1–5:
    # neither taken as the supervision nor touched by it.
    with database.write() as s:
        mdt = add_meeting(
            s,
            t1,
            d(14, 1),
            "mdt_meeting",
            decisions=[(n, f"MDT {n}", "open", None) for n in range(1, 6)],
            attendees=(bertta,),
        )
        s.get(m.TeamMeeting, mdt).job_tips = "MDT-vinkki"
    first = save_meeting(
        database,
        t1,
        {
            "date": d(14, 1),
            "attendees": [anna, bertta],
            "job_tips": "Ensimmäinen vinkki",
            "decisions": [
                {"text": "Yksi", "owner_id": anna, "due_date": d(14, 1)},
                {"text": "Kaksi", "owner_id": bertta, "due_date": None},
            ],
        },
        TODAY,
    )
    assert first.id != mdt
    assert decision_rows(database, first.id) == [
        (1, "Yksi", anna, d(14, 1), "open", None),
        (2, "Kaksi", bertta, None, "open", None),
    ]

    again = save_meeting(
        database,
        t1,
        {
            "date": d(14, 1),
            "attendees": [liisa],
            "job_tips": "Toinen vinkki",
            "decisions": [{"text": "Kolme", "owner_id": liisa, "due_date": d(30, 1)}],
        },
        TODAY,
    )
    assert again.id == first.id
    assert decision_rows(database, first.id) == [
        (1, "Yksi", anna, d(14, 1), "open", None),
        (2, "Kaksi", bertta, None, "open", None),
        (3, "Kolme", liisa, d(30, 1), "open", None),
    ]
    with database.read() as s:
        assert s.get(m.TeamMeeting, first.id).job_tips == "Toinen vinkki"
        assert team_meetings.attendee_ids(s, first.id) == [liisa]
        # the other meeting of that date is as it was
        other = s.get(m.TeamMeeting, mdt)
        assert (other.kind, other.job_tips) == ("mdt_meeting", "MDT-vinkki")
        assert team_meetings.attendee_ids(s, mdt) == [bertta]
    assert [row[:2] for row in decision_rows(database, mdt)] == [
        (n, f"MDT {n}") for n in range(1, 6)
    ]
    # two meetings (MDT, supervision); attendees Bertta (MDT) and Liisa; 5 + 3 decisions
    assert counts(database) == (2, 2, 8)

    # Saving once more without job tips or attendees clears them; no decisions are added.
    save_meeting(
        database,
        t1,
        {"date": d(14, 1), "attendees": [], "job_tips": "  ", "decisions": []},
        TODAY,
    )
    found = of_week(database, t1, W03)
    assert (found.id, found.attendees, found.job_tips) == (first.id, [], None)
    assert [x.number for x in found.decisions] == [1, 2, 3]


def test_an_invalid_meeting_is_refused_with_every_problem_and_nothing_is_written(database, teams):
    t1, anna, bertta, eero = teams["T1"], teams["Anna"], teams["Bertta"], teams["Eero"]
    with database.write() as s:
        add_meeting(
            s, t1, d(7, 1), decisions=[(1, "Vanha", "open", None)], attendees=(anna, bertta)
        )
    before = counts(database)
    assert before == (1, 2, 1)

    # A decision's problems name its `row`: its place among the decisions given (as on the
    # form), blank ones counted; the blank one (row 2) is left out and not checked.
    values = {
        "date": d(15, 1),  # tomorrow
        "attendees": [anna, eero],  # Eero is of T2
        "job_tips": "Vinkki",
        "decisions": [
            {"text": "Soita", "owner_id": eero, "due_date": d(20, 1)},  # row 1: owner of T2
            {"text": "  ", "owner_id": eero, "due_date": d(1, 1)},  # row 2: blank, left out
            {"text": "Tarkista", "owner_id": anna, "due_date": d(14, 1)},  # row 3: 14.1. < 15.1.
            {"text": f"Asiakas {HETU} soittaa", "owner_id": anna},  # row 4: identity code
        ],
    }
    with pytest.raises(ValidationFailed) as failure:
        save_meeting(database, t1, values, TODAY)
    errors = failure.value.errors
    assert [(e.field, e.key, e.params) for e in errors] == [
        ("date", "future_date", {"date": "15.1.2026"}),
        ("attendees", "not_in_team", {}),
        ("owner_id", "not_in_team", {"row": 1}),
        (
            "due_date",
            "before",
            {"date": "14.1.2026", "other": "date", "other_date": "15.1.2026", "row": 3},
        ),
        ("decision_text", "identity_code", {"row": 4}),
    ]
    assert not any(e.warning for e in errors)
    shown = [str(failure.value)]
    for error in errors:
        shown += [repr(error.params)] + [error.message(lang) for lang in ("fi", "sv", "en")]
    assert not any(HETU in text for text in shown)
    assert counts(database) == before


def test_one_bad_decision_stops_the_whole_save_on_an_existing_meeting(database, teams):
    t1, anna, bertta = teams["T1"], teams["Anna"], teams["Bertta"]
    with database.write() as s:
        meeting = add_meeting(
            s, t1, d(12, 1), decisions=[(1, "Vanha", "open", None)], attendees=(anna,)
        )
        s.get(m.TeamMeeting, meeting).job_tips = "Ennallaan"
    before = counts(database)
    values = {
        "date": d(12, 1),
        "attendees": [bertta],
        "job_tips": "Muuttuisi",
        "decisions": [
            {"text": "Hyvä päätös", "owner_id": anna, "due_date": d(19, 1)},
            {"text": "Myöhässä jo", "owner_id": anna, "due_date": d(11, 1)},  # before 12.1.
        ],
    }
    with pytest.raises(ValidationFailed) as failure:
        save_meeting(database, t1, values, TODAY)
    assert [(e.field, e.key, e.params.get("row")) for e in failure.value.errors] == [
        ("due_date", "before", 2),
    ]
    assert counts(database) == before
    with database.read() as s:
        assert s.get(m.TeamMeeting, meeting).job_tips == "Ennallaan"
        assert team_meetings.attendee_ids(s, meeting) == [anna]
    assert decision_rows(database, meeting) == [(1, "Vanha", None, None, "open", None)]


def test_a_meeting_without_decisions_is_saved_and_saved_again(database, teams):
    t1, liisa, anna, bertta = teams["T1"], teams["Liisa"], teams["Anna"], teams["Bertta"]
    with database.write() as s:
        mdt = add_meeting(s, t1, d(13, 1), "mdt_meeting", attendees=(bertta,))
    first = save_meeting(
        database,
        t1,
        {"date": d(13, 1), "attendees": [bertta, anna, anna], "job_tips": " Vinkki "},
        TODAY,
    )
    assert first.id != mdt
    found = of_week(database, t1, W03)
    assert (found.id, found.date, found.attendees, found.job_tips, found.decisions) == (
        first.id,
        d(13, 1),
        [anna, bertta],
        "Vinkki",
        [],
    )
    with database.write() as s:  # the old free-text decisions of an imported meeting
        s.get(m.TeamMeeting, first.id).decisions = "Vapaa teksti"
    again = save_meeting(
        database, t1, {"date": d(13, 1), "attendees": [liisa], "decisions": []}, TODAY
    )
    assert again.id == first.id
    with database.read() as s:
        assert s.get(m.TeamMeeting, first.id).decisions == "Vapaa teksti"  # left as it was
    found = of_week(database, t1, W03)
    assert (found.attendees, found.job_tips) == ([liisa], None)
    with database.read() as s:
        assert s.get(m.TeamMeeting, mdt).kind == "mdt_meeting"
        assert team_meetings.attendee_ids(s, mdt) == [bertta]
    assert counts(database) == (2, 2, 0)  # attendees: Bertta (MDT), Liisa


def test_a_meeting_without_decisions_is_refused_on_a_future_date_or_a_stranger(database, teams):
    t1, anna, eero = teams["T1"], teams["Anna"], teams["Eero"]
    with pytest.raises(ValidationFailed) as failure:
        save_meeting(
            database, t1, {"date": d(15, 1), "attendees": [anna, eero], "job_tips": HETU}, TODAY
        )
    assert [(e.field, e.key, e.params) for e in failure.value.errors] == [
        ("job_tips", "identity_code", {}),
        ("date", "future_date", {"date": "15.1.2026"}),
        ("attendees", "not_in_team", {}),
    ]
    assert HETU not in str(failure.value)
    assert counts(database) == (0, 0, 0)


# ---------------------------------------------------------------------- meeting_of_week
def test_meeting_of_week(database, teams):
    t1, t2, anna = teams["T1"], teams["T2"], teams["Anna"]
    assert of_week(database, t1, W03) is None  # nothing at all

    with database.write() as s:
        # Sun 11.1. is the last day of W02; an MDT meeting in W03 is no supervision;
        # T2's supervision in W03 is not T1's.
        sunday = add_meeting(s, t1, d(11, 1), decisions=[(1, "Sunnuntaina", "open", None)])
        add_meeting(s, t1, d(13, 1), "mdt_meeting", decisions=[(1, "MDT", "open", None)])
        add_meeting(s, t2, d(14, 1), decisions=[(1, "Toinen tiimi", "open", None)])
    assert of_week(database, t1, W03) is None
    last_week = of_week(database, t1, W02)
    assert (last_week.id, last_week.date, summary(last_week.decisions)) == (
        sunday,
        d(11, 1),
        [(d(11, 1), 1, "Sunnuntaina", "open", None)],
    )

    with database.write() as s:
        # two supervisions in W03: Mon 12.1. and Sun 18.1.; the later one is the week's.
        add_meeting(s, t1, d(12, 1), decisions=[(1, "Maanantaina", "open", None)])
        latest = add_meeting(
            s,
            t1,
            d(18, 1),
            decisions=[
                (3, "Kolmas", "cancelled", d(18, 1)),
                (1, "Ensimmäinen", "open", None, anna, d(25, 1)),
                (2, "Toinen", "done", d(18, 1)),
            ],
            attendees=(anna,),
        )
    found = of_week(database, t1, W03)
    assert (found.id, found.date, found.attendees, found.job_tips) == (
        latest,
        d(18, 1),
        [anna],
        None,
    )
    assert summary(found.decisions) == [
        (d(18, 1), 1, "Ensimmäinen", "open", None),
        (d(18, 1), 2, "Toinen", "done", d(18, 1)),
        (d(18, 1), 3, "Kolmas", "cancelled", d(18, 1)),
    ]
    assert (found.decisions[0].owner_name, found.decisions[0].due_date) == ("Anna", d(25, 1))
    assert of_week(database, t1, W02).id == sunday  # still the Sunday one
    assert [x.text for x in of_week(database, t2, W03).decisions] == ["Toinen tiimi"]


# ------------------------------------------------------------------------ carried_over
def test_carried_over_holds_the_last_meeting_and_every_older_open_decision(database, teams):
    t1, t2 = teams["T1"], teams["T2"]
    with database.write() as s:
        # Supervision Wed 17.12.2025: its open decision carries on; the closed ones do not
        # (they were already carried once, to the meeting of 7.1.).
        add_meeting(
            s,
            t1,
            d(17, 12, 2025),
            decisions=[
                (1, "Joulukuun avoin", "open", None),
                (2, "Joulukuun tehty", "done", d(20, 12, 2025)),
                (3, "Joulukuun peruttu", "cancelled", d(7, 1)),
            ],
        )
        # MDT meeting Mon 22.12.2025: only the open one.
        add_meeting(
            s,
            t1,
            d(22, 12, 2025),
            "mdt_meeting",
            decisions=[(1, "MDT avoin", "open", None), (2, "MDT tehty", "done", d(5, 1))],
        )
        # Supervision Wed 7.1.2026, the last before W03: all three whatever their status
        # (added out of order: they come back in number order).
        add_meeting(
            s,
            t1,
            d(7, 1),
            decisions=[
                (3, "Tammikuun peruttu", "cancelled", d(8, 1)),
                (1, "Tammikuun avoin", "open", None),
                (2, "Tammikuun tehty", "done", d(9, 1)),
            ],
        )
        # A partner meeting on the same 7.1.: not the supervision, so its closed decision
        # stays out.
        add_meeting(
            s, t1, d(7, 1), "partner_meeting", decisions=[(1, "Kumppani tehty", "done", d(8, 1))]
        )
        # A partner meeting Fri 9.1. (after the last supervision, still before W03): the
        # open one.
        add_meeting(
            s,
            t1,
            d(9, 1),
            "partner_meeting",
            decisions=[
                (1, "Perjantain tehty", "done", d(9, 1)),
                (2, "Perjantain avoin", "open", None),
            ],
        )
        # This week's own meetings (Mon 12.1. supervision, Tue 13.1. MDT): not carried over.
        add_meeting(s, t1, d(12, 1), decisions=[(1, "Tämän viikon", "open", None)])
        add_meeting(s, t1, d(13, 1), "mdt_meeting", decisions=[(1, "Tiistain", "open", None)])
        # T2's supervision of 7.1.: not T1's.
        add_meeting(s, t2, d(7, 1), decisions=[(1, "Toisen tiimin", "open", None)])

    assert summary(carried(database, t1, W03)) == [
        (d(17, 12, 2025), 1, "Joulukuun avoin", "open", None),
        (d(22, 12, 2025), 1, "MDT avoin", "open", None),
        (d(7, 1), 1, "Tammikuun avoin", "open", None),
        (d(7, 1), 2, "Tammikuun tehty", "done", d(9, 1)),
        (d(7, 1), 3, "Tammikuun peruttu", "cancelled", d(8, 1)),
        (d(9, 1), 2, "Perjantain avoin", "open", None),
    ]
    # For W02 (from Mon 5.1.) the last supervision is the one of 17.12.2025: all three of
    # it, and the open decision of 22.12.
    assert summary(carried(database, t1, W02)) == [
        (d(17, 12, 2025), 1, "Joulukuun avoin", "open", None),
        (d(17, 12, 2025), 2, "Joulukuun tehty", "done", d(20, 12, 2025)),
        (d(17, 12, 2025), 3, "Joulukuun peruttu", "cancelled", d(7, 1)),
        (d(22, 12, 2025), 1, "MDT avoin", "open", None),
    ]
    assert summary(carried(database, t2, W03)) == [
        (d(7, 1), 1, "Toisen tiimin", "open", None),
    ]


def test_carried_over_without_an_earlier_supervision(database, teams):
    t1, anna = teams["T1"], teams["Anna"]
    with database.write() as s:
        add_meeting(
            s,
            t1,
            d(22, 12, 2025),
            "mdt_meeting",
            decisions=[
                (1, "MDT avoin", "open", None, anna, d(2, 1)),
                (2, "MDT tehty", "done", d(2, 1)),
            ],
        )
        add_meeting(
            s,
            t1,
            d(9, 1),
            "partner_meeting",
            decisions=[(1, "Peruttu", "cancelled", d(9, 1)), (2, "Avoin", "open", None)],
        )
        # The first supervision ever is this week's (Mon 12.1.): not an earlier one.
        add_meeting(s, t1, d(12, 1), decisions=[(1, "Tämän viikon", "open", None)])

    found = carried(database, t1, W03)
    assert summary(found) == [
        (d(22, 12, 2025), 1, "MDT avoin", "open", None),
        (d(9, 1), 2, "Avoin", "open", None),
    ]
    assert (found[0].owner_name, found[0].due_date) == ("Anna", d(2, 1))
    assert carried(database, teams["T2"], W03) == []


# ---------------------------------------------------------------------- decision status
@pytest.fixture
def decisions(database, teams) -> dict[str, int]:
    """T1's supervision of 7.1. with decision 1 (open, due 9.1.); T2's of 7.1. with one."""
    with database.write() as s:
        ours = add_meeting(
            s, teams["T1"], d(7, 1), decisions=[(1, "Soita", "open", None, teams["Anna"], d(9, 1))]
        )
        theirs = add_meeting(s, teams["T2"], d(7, 1), decisions=[(1, "Muu", "open", None)])
        ids = {}
        for name, meeting_id in (("ours", ours), ("theirs", theirs)):
            ids[name] = s.execute(
                select(m.TeamMeetingDecision.id).where(
                    m.TeamMeetingDecision.meeting_id == meeting_id
                )
            ).scalar_one()
    return ids


def state(database, decision_id: int) -> tuple[str, date | None]:
    with database.read() as s:
        row = s.get(m.TeamMeetingDecision, decision_id)
        return row.status, row.closed_on


def test_closing_and_reopening_a_decision(database, teams, decisions):
    t1, ours = teams["T1"], decisions["ours"]
    saved = set_decision_status(database, t1, ours, "done", d(12, 1))
    assert saved.id == ours
    assert state(database, ours) == ("done", d(12, 1))

    set_decision_status(database, t1, ours, "open", d(13, 1))
    assert state(database, ours) == ("open", None)

    # Closed on the meeting's own day is fine.
    set_decision_status(database, t1, ours, "cancelled", d(7, 1))
    assert state(database, ours) == ("cancelled", d(7, 1))
    [decision] = of_week(database, t1, W02).decisions
    assert (decision.status, decision.closed_on, decision.is_open) == ("cancelled", d(7, 1), False)


def test_a_decision_status_that_cannot_be_is_refused(database, teams, decisions):
    t1, ours = teams["T1"], decisions["ours"]
    with pytest.raises(ValidationFailed) as failure:
        set_decision_status(database, t1, ours, "done", d(6, 1))  # the day before 7.1.
    assert [(e.field, e.key, e.params) for e in failure.value.errors] == [
        (
            "closed_on",
            "before",
            {"date": "6.1.2026", "other": "date", "other_date": "7.1.2026"},
        ),
    ]
    assert state(database, ours) == ("open", None)

    with pytest.raises(ValidationFailed) as failure:
        set_decision_status(database, t1, ours, "finished", d(12, 1))
    assert [(e.field, e.key, e.params) for e in failure.value.errors] == [
        ("status", "not_allowed", {"value": "finished", "allowed": "open, done, cancelled"}),
    ]
    assert state(database, ours) == ("open", None)


def test_another_teams_decision_is_not_found(database, teams, decisions):
    t1, theirs = teams["T1"], decisions["theirs"]
    with pytest.raises(NotFound):
        set_decision_status(database, t1, theirs, "done", d(12, 1))
    assert state(database, theirs) == ("open", None)
    with pytest.raises(NotFound):
        set_decision_status(database, t1, max(decisions.values()) + 100, "done", d(12, 1))
    # its own team may close it
    set_decision_status(database, teams["T2"], theirs, "done", d(12, 1))
    assert state(database, theirs) == ("done", d(12, 1))


def test_a_decision_is_overdue_when_open_past_its_due_date(database, teams, decisions):
    t1, ours = teams["T1"], decisions["ours"]
    [decision] = of_week(database, t1, W02).decisions  # open, due Fri 9.1.
    assert (decision.due_date, decision.is_open) == (d(9, 1), True)
    assert not decision.overdue_on(d(8, 1))
    assert not decision.overdue_on(d(9, 1))  # due today: not yet overdue
    assert decision.overdue_on(d(10, 1))

    set_decision_status(database, t1, ours, "done", d(12, 1))
    [closed] = of_week(database, t1, W02).decisions
    assert not closed.overdue_on(d(14, 1))  # done: never overdue

    without_due = Decision(1, 1, d(7, 1), 2, "Ilman määräpäivää", None, None, None, "open", None)
    assert not without_due.overdue_on(d(31, 12))
