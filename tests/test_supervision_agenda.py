"""The agenda of the weekly supervision meeting on one hand-built week, on SQLite and
PostgreSQL.

The meeting's week is ISO week 2026-W02, Mon 5.1.–Sun 11.1.2026, looked at on Wednesday
7.1.2026 (`today` mid-week, so the state is read on 7.1.). "Since last week's meeting"
starts on Mon 29.12.2025. The same records are also read as the agenda of the week before,
2026-W01 (Mon 29.12.2025–Sun 4.1.2026), which is over on 7.1. and so is read on its
Sunday 4.1.2026; its "since last week's meeting" starts on Mon 22.12.2025.

Finnish public holidays used (checked against the calendar): New Year's Day Thu 1.1.2026
and Epiphany Tue 6.1.2026 (New Year's Eve Wed 31.12. is a working day).

Team T1 has two coaches, Anna (clients A-…) and Bertta (clients B-…). Unless told
otherwise a client's service started on 1.6.2025. Every client is built to appear in
exactly the lines named in its comment and nowhere else, in both weeks; most of them hold
a face-to-face employer contact (so item 15 is quiet) and a meeting in the last 14 days
(so `not_met` is quiet). Team T2's client X-OTHER-1 would be on every section of T1's
agenda, and is on none. Every expectation is worked out by hand below.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from team_builder import TeamBuilder

from ote.supervision.agenda import SECTIONS, Agenda, AgendaLine, agenda
from ote.supervision.week import Week

TODAY = date(2026, 1, 7)  # Wednesday of 2026-W02
THIS_WEEK = Week(date(2026, 1, 5))
LAST_WEEK = Week(date(2025, 12, 29))
S0 = date(2025, 6, 1)  # the usual service start


# A team with the coaches named; a client's service starts on S0 unless told otherwise.
Team = partial(TeamBuilder, client_start=S0)


def d(day: int, month: int, year: int = 2026) -> date:
    """d(7, 1) = 7.1.2026; d(29, 12, 2025) = 29.12.2025."""
    return date(year, month, day)


@pytest.fixture
def week_records(database):
    """The hand-built records; returns (T1 id, T2 id, T1 coach ids by name)."""
    with database.write() as s:
        t = Team(s, "T1", ("Anna", "Bertta"))

        # A-QUIET-1: employer contact and a meeting on 2.1. – on no list.
        c = t.client("A-QUIET-1", "Anna")
        t.employer_contact("Anna", d(2, 6, 2025), c)
        t.meetings(c, d(2, 1))

        # ---- 1. no_employer_contact: job seekers, day − start > 30, no f2f employer contact.
        # On 7.1. the start must be before 8.12.2025; on 4.1. before 5.12.2025.
        # A-FIRE-1: started 7.12.2025 = 31 days before 7.1. → listed (days 31).
        # On 4.1. only 28 days → not listed.
        c = t.client("A-FIRE-1", "Anna", start=d(7, 12, 2025))
        t.meetings(c, d(2, 1))
        # A-EDGE-1: started 8.12.2025 = exactly 30 days before 7.1. → not listed.
        c = t.client("A-EDGE-1", "Anna", start=d(8, 12, 2025))
        t.meetings(c, d(2, 1))
        # B-FIRE-1: employer contacts by phone (1.7.), before the start (31.5.) and after
        # the day (8.1.) do not count → listed: 7.1.2026 − 1.6.2025 = 220 days
        # (29 + 31 + 31 + 30 + 31 + 30 + 31 + 7); on 4.1. 217 days.
        c = t.client("B-FIRE-1", "Bertta")
        t.employer_contact("Bertta", d(31, 5, 2025), c)
        t.employer_contact("Bertta", d(1, 7, 2025), c, face_to_face=False)
        t.employer_contact("Bertta", d(8, 1), c)
        t.meetings(c, d(2, 1))
        # A-JOB-1: no employer contact, but holds a job (since 1.8.2025) → not a job seeker.
        # Its monthly checkpoints: December (1.12.–31.12.) met on 15.12., January
        # (1.1.–31.1.) met on 2.1. → on no list.
        c = t.client("A-JOB-1", "Anna")
        t.job(c, d(1, 8, 2025))
        t.meetings(c, d(15, 12, 2025), d(2, 1))
        # B-ENDED-1: service ended 5.1.2026, nothing else recorded. Not active on 7.1. → on
        # no list. Active on 4.1.: no employer contact (217 days) and never met (217 days).
        t.client("B-ENDED-1", "Bertta", end=d(5, 1))

        # ---- 7. not_met: active, start ≤ day − 14, no meeting in [day − 13, day].
        # On 7.1.: start ≤ 24.12.2025, meetings 25.12.2025–7.1.2026.
        # On 4.1.: start ≤ 21.12.2025, meetings 22.12.2025–4.1.2026.
        # B-NOTMET-1: last meeting 24.12. (day − 14) → listed on 7.1. (days 14). In the 14
        # days only contacts that are no meetings: a phone meeting, a family and a partner
        # contact, an outreach attempt and a no-show (followed by that outreach attempt on
        # 7.1. → not on no_outreach). On 4.1. 24.12. is within the 14 days → not listed.
        c = t.client("B-NOTMET-1", "Bertta")
        t.employer_contact("Bertta", d(2, 6, 2025), c)
        t.meetings(c, d(24, 12, 2025))
        t.contact(c, d(5, 1), face_to_face=False)
        t.contact(c, d(2, 1), "family_contact")
        t.contact(c, d(30, 12, 2025), "partner_contact")
        t.contact(c, d(6, 1), no_show=True)
        t.contact(c, d(7, 1), "outreach_attempt")
        t.meetings(c, d(8, 1))  # after the day: does not count
        # A-MET-13: last meeting 25.12. (day − 13) → not listed.
        c = t.client("A-MET-13", "Anna")
        t.employer_contact("Anna", d(2, 6, 2025), c)
        t.meetings(c, d(25, 12, 2025))
        # A-NEW-14: started 24.12.2025 (14 days before 7.1.), never met → listed on 7.1.
        # (on None, days 14 since the start). 14 days are too few for item 15. On 4.1.
        # started only 11 days before → not listed.
        t.client("A-NEW-14", "Anna", start=d(24, 12, 2025))
        # A-NEW-13: started 25.12.2025 (13 days before 7.1.), never met → not listed.
        t.client("A-NEW-13", "Anna", start=d(25, 12, 2025))

        # ---- 4. no_outreach: no-shows in [since, day] without a later outreach attempt.
        # B-NOSHOW-1: no-show 29.12. (the first day since last week's meeting); outreach
        # attempts only before it (28.12.) and after the day (8.1.) → listed on 7.1.
        # (days 9) and on 4.1. (days 6).
        c = t.client("B-NOSHOW-1", "Bertta")
        t.employer_contact("Bertta", d(2, 6, 2025), c)
        t.meetings(c, d(2, 1))
        t.contact(c, d(28, 12, 2025), "outreach_attempt")
        t.contact(c, d(29, 12, 2025), no_show=True)
        t.contact(c, d(8, 1), "outreach_attempt")
        # A-NOSHOW-OLD: no-show 28.12., one day before 29.12. → not listed on 7.1.; on 4.1.
        # (since 22.12.) listed (days 7).
        c = t.client("A-NOSHOW-OLD", "Anna")
        t.employer_contact("Anna", d(2, 6, 2025), c)
        t.meetings(c, d(2, 1))
        t.contact(c, d(28, 12, 2025), no_show=True)

        # ---- 5. module_assessment: ended on or before the day, not assessed.
        # A-MOD-1: module 1 assessed; module 2 ended 7.1. (the day) → listed on 7.1.
        # (days 0); not on 4.1. (not ended yet).
        c = t.client("A-MOD-1", "Anna")
        t.employer_contact("Anna", d(2, 6, 2025), c)
        t.meetings(c, d(2, 1))
        t.module(c, "1", d(1, 6, 2025), d(30, 9, 2025), d(3, 10, 2025))
        t.module(c, "2", d(1, 10, 2025), d(7, 1), None)
        # B-MOD-1: module 3B ended 15.12.2025 → listed (7.1.: 23 days; 4.1.: 20 days);
        # module 4 still going on; module 5 ends 8.1. (after the day).
        c = t.client("B-MOD-1", "Bertta")
        t.employer_contact("Bertta", d(2, 6, 2025), c)
        t.meetings(c, d(2, 1))
        t.module(c, "3B", d(1, 9, 2025), d(15, 12, 2025), None)
        t.module(c, "4", d(16, 12, 2025), None, None)
        t.module(c, "5", d(16, 12, 2025), d(8, 1), None)

        # ---- 6. law_periods: rule breaks first, then periods ending in [day, day + 14].
        # A-LAW-1: 1.10.–10.10.2025 is 10 days → too_short (on its start 1.10.2025; its
        # only full week 1.10.–7.10. has a meeting). 24.11.2025–21.1.2026 (59 days) ends
        # on 7.1. + 14 → ending (days_left 14); a meeting in each of its weeks over by
        # 7.1. (24.11., 1.12., …, 29.12.). On 4.1. the window is 4.1.–18.1.: not ending.
        c = t.client("A-LAW-1", "Anna")
        t.employer_contact("Anna", d(2, 6, 2025), c)
        t.period(c, d(1, 10, 2025), d(10, 10, 2025))
        t.period(c, d(24, 11, 2025), d(21, 1))
        t.meetings(c, d(1, 10, 2025))
        for day in (24, 1, 8, 15, 22, 29):
            t.meetings(c, d(day, 11 if day == 24 else 12, 2025))
        # B-LAW-1: 1.12.2025–22.1.2026 ends on 7.1. + 15 → not ending. Its week
        # 15.12.–21.12. has only a no-show and an outreach attempt → week_without_meeting
        # (on 15.12., in both weeks' agendas).
        c = t.client("B-LAW-1", "Bertta")
        t.employer_contact("Bertta", d(2, 6, 2025), c)
        t.period(c, d(1, 12, 2025), d(22, 1))
        t.meetings(c, d(1, 12, 2025), d(8, 12, 2025), d(22, 12, 2025), d(29, 12, 2025))
        t.contact(c, d(16, 12, 2025), no_show=True)
        t.contact(c, d(17, 12, 2025), "outreach_attempt")
        # B-LAW-2: 9.12.2025–6.1.2026, a meeting every week: ended the day before 7.1. →
        # not listed; on 4.1. ending (days_left 2).
        c = t.client("B-LAW-2", "Bertta")
        t.employer_contact("Bertta", d(2, 6, 2025), c)
        t.period(c, d(9, 12, 2025), d(6, 1))
        t.meetings(c, d(9, 12, 2025), d(16, 12, 2025), d(23, 12, 2025), d(30, 12, 2025))

        # ---- 3. job_ended: ended in [since, day], contact within 3 working days.
        # A-END-HOL: job ended Wed 31.12.2025. Working days after it: Thu 1.1. is New Year's
        # Day, Fri 2.1. (1), Mon 5.1. (2), Tue 6.1. is Epiphany, Wed 7.1. (3) → deadline
        # 7.1.2026 (without the holidays it would be Mon 5.1.). No contact since the end →
        # due in both weeks (7.1. ≥ 7.1., 7.1. ≥ 4.1.). Its December checkpoint (1.12.–31.12.)
        # is met on 30.12.
        c = t.client("A-END-HOL", "Anna")
        t.employer_contact("Anna", d(1, 7, 2025), c)
        t.job(c, d(1, 9, 2025), d(31, 12, 2025))
        t.meetings(c, d(30, 12, 2025))
        # A-END-LATE: the same job; a phone call (follow-along support) on 7.1. is within
        # the holiday-moved deadline → not listed on 7.1. On 4.1. the call has not happened
        # yet → due (deadline 7.1.).
        c = t.client("A-END-LATE", "Anna")
        t.employer_contact("Anna", d(1, 7, 2025), c)
        t.job(c, d(1, 9, 2025), d(31, 12, 2025))
        t.meetings(c, d(30, 12, 2025))
        t.contact(c, d(7, 1), "follow_along", face_to_face=False)
        # B-END-MISS: job ended Mon 29.12.2025: Tue 30.12. (1), Wed 31.12. (2), Thu 1.1. is
        # a holiday, Fri 2.1. (3) → deadline 2.1.2026. A family contact (30.12.) and a
        # no-show (31.12.) do not count; the outreach attempt of 5.1. is too late → missed
        # in both weeks. The outreach attempt follows the no-show → not on no_outreach on
        # 7.1.; on 4.1. it has not happened yet → on no_outreach (31.12., days 4).
        c = t.client("B-END-MISS", "Bertta")
        t.employer_contact("Bertta", d(15, 10, 2025), c)
        t.job(c, d(1, 10, 2025), d(29, 12, 2025))
        t.meetings(c, d(28, 12, 2025))
        t.contact(c, d(30, 12, 2025), "family_contact")
        t.contact(c, d(31, 12, 2025), no_show=True)
        t.contact(c, d(5, 1), "outreach_attempt", face_to_face=False)
        # A-END-OLD: job ended Sun 28.12.2025, the day before 29.12. → not listed on 7.1.
        # On 4.1. (since 22.12.): Mon 29.12. (1), Tue 30.12. (2), Wed 31.12. (3) →
        # deadline 31.12.2025 < 4.1. → missed.
        c = t.client("A-END-OLD", "Anna")
        t.employer_contact("Anna", d(15, 10, 2025), c)
        t.job(c, d(1, 10, 2025), d(28, 12, 2025))
        t.meetings(c, d(27, 12, 2025))
        # B-END-JAN: job 1.10.2025–Fri 2.1.2026; a phone call on the end day is the contact
        # after it (deadline Thu 8.1.: Mon 5.1., Wed 7.1., Thu 8.1.; Tue 6.1. is a holiday) →
        # not on job_ended. The job still went on when month 4 (1.1.–31.1.) began, and that
        # month has no meeting, but it ends on 31.1., after the Sunday following either week
        # (18.1., 11.1.) → not on follow_along yet. December (month 3) is met on 30.12.
        c = t.client("B-END-JAN", "Bertta")
        t.employer_contact("Bertta", d(15, 10, 2025), c)
        t.job(c, d(1, 10, 2025), d(2, 1))
        t.meetings(c, d(30, 12, 2025))
        t.contact(c, d(2, 1), "follow_along", face_to_face=False)
        # B-END-OUT: the job ended 31.12. after the service did (30.12.) → on no list.
        c = t.client("B-END-OUT", "Bertta", end=d(30, 12, 2025))
        t.job(c, d(1, 9, 2025), d(31, 12, 2025))

        # ---- 2. follow_along checkpoints (weeks: 5.1.–11.1. and 29.12.–4.1.).
        # `due` only for a window ending by the next week's Sunday (18.1., 11.1.).
        # A-START-1: job starts Mon 12.1.2026. Before start = 5.1.–11.1.: overlaps the week,
        # ends after 7.1., the meeting on 4.1. is one day outside it → due. After start
        # (12.1.–15.1.) begins after the week. On 4.1.: the window lies after the week.
        c = t.client("A-START-1", "Anna")
        t.employer_contact("Anna", d(10, 12, 2025), c)
        t.job(c, d(12, 1))
        t.meetings(c, d(4, 1))
        # B-START-1: job started Tue 6.1.2026; met 30.12. (before start 30.12.–5.1. ✓),
        # not since → due: after start 6.1.–9.1., week 1 6.1.–12.1.; month 1 6.1.–5.2. ends
        # after Sun 18.1. (the next week's Sunday) → not listed yet.
        # On 4.1. only the before-start window concerns the week, and it is met.
        c = t.client("B-START-1", "Bertta")
        t.employer_contact("Bertta", d(10, 12, 2025), c)
        t.job(c, d(6, 1))
        t.meetings(c, d(30, 12, 2025))
        # A-START-2: job started Mon 29.12.2025; met 2.1., by phone 31.12.
        # On 7.1.: before start (22.12.–28.12.) ended before 29.12. → not looked at; after
        # start 29.12.–1.1. → missed; week 1 29.12.–4.1. ✓ (2.1.); week 2 5.1.–11.1. → due;
        # month 1 29.12.–28.1. ✓ (2.1.).
        # On 4.1.: before start → missed; after start → missed; week 1 and month 1 ✓.
        c = t.client("A-START-2", "Anna")
        t.job(c, d(29, 12, 2025))
        t.meetings(c, d(2, 1))
        t.contact(c, d(31, 12, 2025), face_to_face=False)
        # A-START-3: job started Mon 5.1.2026; met 29.12. (before start 29.12.–4.1. ✓) and
        # 5.1. (after start, week 1, month 1 ✓) → on no list.
        c = t.client("A-START-3", "Anna")
        t.employer_contact("Anna", d(10, 12, 2025), c)
        t.job(c, d(5, 1))
        t.meetings(c, d(29, 12, 2025), d(5, 1))
        # B-START-2: job started Fri 26.12.2025; met 30.12. and 5.1.
        # On 7.1.: before start (19.12.–25.12.) ended before 29.12. → not looked at; after
        # start 26.12.–29.12. ends on the first day since last week's meeting → missed;
        # week 1 26.12.–1.1. ✓ (30.12.); week 2 2.1.–8.1. ✓ (5.1.); month 1 26.12.–25.1. ✓;
        # week 3 9.1.–15.1. begins on Friday of the week and is not met yet → due.
        # On 4.1. (since 22.12.): before start → missed; after start → missed; week 2
        # 2.1.–8.1. overlaps the week and the meeting of 5.1. is after 4.1. → due.
        c = t.client("B-START-2", "Bertta")
        t.job(c, d(26, 12, 2025))
        t.meetings(c, d(30, 12, 2025), d(5, 1))
        # B-MONTH-1: job since 1.8.2025; month 5 = 1.12.–31.12.2025 has only a phone meeting
        # (15.12.); the meeting of 30.11. is one day before it → missed (in both weeks).
        # Month 6 (1.1.–31.1.) is met on 2.1.
        c = t.client("B-MONTH-1", "Bertta")
        t.job(c, d(1, 8, 2025))
        t.meetings(c, d(30, 11, 2025), d(2, 1))
        t.contact(c, d(15, 12, 2025), face_to_face=False)

        # ---- another team: X-OTHER-1 would be on every section; T1 never lists it.
        other = Team(s, "T2", ("Aapo",))
        x = other.client("X-OTHER-1", "Aapo")
        other.job(x, d(1, 9, 2025), d(31, 12, 2025))
        other.contact(x, d(5, 1), no_show=True)
        other.module(x, "1", d(1, 6, 2025), d(1, 12, 2025), None)
        other.period(x, d(15, 12, 2025), d(10, 1))
        return t.id, other.id, t.coaches


CHECKPOINT_KEYS = ("checkpoint", "number", "first", "last", "job_start")


def read(database, team_id: int, week: Week) -> Agenda:
    with database.read() as s:
        return agenda(s, team_id, week, TODAY)


def lines(section: list[AgendaLine]) -> list[tuple]:
    """(code, status, on, params) in the agenda's order."""
    return [(line.client_code, line.status, line.on, line.params) for line in section]


def test_agenda_of_the_current_week(database, week_records):
    team_id, _, coaches = week_records
    result = read(database, team_id, THIS_WEEK)
    assert (result.week, result.day) == (THIS_WEEK, d(7, 1))
    assert [key for key, _ in result.sections()] == list(SECTIONS)
    assert list(SECTIONS) == [
        "no_employer_contact",
        "follow_along",
        "job_ended",
        "no_outreach",
        "module_assessment",
        "law_periods",
        "not_met",
    ]

    assert lines(result.no_employer_contact) == [
        ("A-FIRE-1", "open", d(7, 12, 2025), {"days": 31, "service_start": d(7, 12, 2025)}),
        ("B-FIRE-1", "open", S0, {"days": 220, "service_start": S0}),
    ]

    # (code, status, checkpoint, number, window first, window last = on, job start)
    assert [
        (line.client_code, line.status, *(line.params[k] for k in CHECKPOINT_KEYS))
        for line in result.follow_along
    ] == [
        ("A-START-1", "due", "before_start", None, d(5, 1), d(11, 1), d(12, 1)),
        ("A-START-2", "missed", "after_start", None, d(29, 12, 2025), d(1, 1), d(29, 12, 2025)),
        ("A-START-2", "due", "weekly", 2, d(5, 1), d(11, 1), d(29, 12, 2025)),
        ("B-MONTH-1", "missed", "monthly", 5, d(1, 12, 2025), d(31, 12, 2025), d(1, 8, 2025)),
        ("B-START-1", "due", "after_start", None, d(6, 1), d(9, 1), d(6, 1)),
        ("B-START-1", "due", "weekly", 1, d(6, 1), d(12, 1), d(6, 1)),
        (
            "B-START-2",
            "missed",
            "after_start",
            None,
            d(26, 12, 2025),
            d(29, 12, 2025),
            d(26, 12, 2025),
        ),
        ("B-START-2", "due", "weekly", 3, d(9, 1), d(15, 1), d(26, 12, 2025)),
    ]
    for line in result.follow_along:
        assert line.on == line.params["last"]
        assert set(line.params) == {*CHECKPOINT_KEYS, "job_id"}

    assert [
        (c, s, on, {k: v for k, v in p.items() if k != "job_id"})
        for c, s, on, p in lines(result.job_ended)
    ] == [
        ("A-END-HOL", "due", d(7, 1), {"end": d(31, 12, 2025), "deadline": d(7, 1)}),
        ("B-END-MISS", "missed", d(2, 1), {"end": d(29, 12, 2025), "deadline": d(2, 1)}),
    ]

    assert [(c, s, on, p["days"], p["kind"]) for c, s, on, p in lines(result.no_outreach)] == [
        ("B-NOSHOW-1", "open", d(29, 12, 2025), 9, "meeting"),
    ]

    assert [
        (c, s, on, {k: v for k, v in p.items() if k != "episode_id"})
        for c, s, on, p in lines(result.module_assessment)
    ] == [
        (
            "A-MOD-1",
            "due",
            d(7, 1),
            {"module": "2", "start": d(1, 10, 2025), "end": d(7, 1), "days": 0},
        ),
        (
            "B-MOD-1",
            "due",
            d(15, 12, 2025),
            {"module": "3B", "start": d(1, 9, 2025), "end": d(15, 12, 2025), "days": 23},
        ),
    ]

    law = [
        (c, s, on, {k: v for k, v in p.items() if k != "period_id"})
        for c, s, on, p in lines(result.law_periods)
    ]
    assert law == [
        (
            "A-LAW-1",
            "rule_break",
            d(1, 10, 2025),
            {
                "rule": "too_short",
                "period_start": d(1, 10, 2025),
                "period_end": d(10, 10, 2025),
                "days": 10,
            },
        ),
        (
            "B-LAW-1",
            "rule_break",
            d(15, 12, 2025),
            {
                "rule": "week_without_meeting",
                "period_start": d(1, 12, 2025),
                "period_end": d(22, 1),
                "week_first": d(15, 12, 2025),
                "week_last": d(21, 12, 2025),
            },
        ),
        (
            "A-LAW-1",
            "ending",
            d(21, 1),
            {"period_start": d(24, 11, 2025), "period_end": d(21, 1), "days_left": 14},
        ),
    ]
    assert all(isinstance(line.params["period_id"], int) for line in result.law_periods)

    assert lines(result.not_met) == [
        (
            "A-NEW-14",
            "open",
            None,
            {"days": 14, "never_met": True, "service_start": d(24, 12, 2025)},
        ),
        (
            "B-NOTMET-1",
            "open",
            d(24, 12, 2025),
            {"days": 14, "never_met": False, "service_start": S0},
        ),
    ]

    assert result.total == 2 + 8 + 2 + 1 + 2 + 3 + 2
    for key, section in result.sections():
        for line in section:
            assert line.section == key
            coach = "Anna" if line.client_code.startswith("A-") else "Bertta"
            assert (line.coach_name, line.coach_id) == (coach, coaches[coach])
            assert isinstance(line.client_id, int)


def status_sets(result: Agenda) -> dict[str, set[tuple[str, str]]]:
    """Section key → {(client code, status)}."""
    return {
        key: {(line.client_code, line.status) for line in section}
        for key, section in result.sections()
    }


def test_agenda_of_a_past_week_is_read_on_its_sunday(database, week_records):
    team_id, _, _ = week_records
    result = read(database, team_id, LAST_WEEK)
    assert (result.week, result.day) == (LAST_WEEK, d(4, 1))  # the week ended before 7.1.
    assert (THIS_WEEK.label, LAST_WEEK.label) == ("2026-W02", "2026-W01")
    assert status_sets(result) == {
        "no_employer_contact": {("B-FIRE-1", "open"), ("B-ENDED-1", "open")},
        "follow_along": {
            ("A-START-2", "missed"),
            ("B-MONTH-1", "missed"),
            ("B-START-2", "missed"),
            ("B-START-2", "due"),
        },
        "job_ended": {
            ("A-END-HOL", "due"),
            ("A-END-LATE", "due"),
            ("A-END-OLD", "missed"),
            ("B-END-MISS", "missed"),
        },
        "no_outreach": {("A-NOSHOW-OLD", "open"), ("B-END-MISS", "open"), ("B-NOSHOW-1", "open")},
        "module_assessment": {("B-MOD-1", "due")},
        "law_periods": {
            ("A-LAW-1", "rule_break"),
            ("B-LAW-1", "rule_break"),
            ("B-LAW-2", "ending"),
        },
        "not_met": {("B-ENDED-1", "open")},
    }
    # A-START-2: before start (22.12.–28.12.), after start (29.12.–1.1.); B-START-2: before
    # start (19.12.–25.12.), after start (26.12.–29.12.), week 2 (2.1.–8.1.).
    assert [
        (line.client_code, line.status, line.on, line.params["checkpoint"], line.params["number"])
        for line in result.follow_along
    ] == [
        ("A-START-2", "missed", d(28, 12, 2025), "before_start", None),
        ("A-START-2", "missed", d(1, 1), "after_start", None),
        ("B-MONTH-1", "missed", d(31, 12, 2025), "monthly", 5),
        ("B-START-2", "missed", d(25, 12, 2025), "before_start", None),
        ("B-START-2", "missed", d(29, 12, 2025), "after_start", None),
        ("B-START-2", "due", d(8, 1), "weekly", 2),
    ]
    assert {line.client_code: line.params["days"] for line in result.no_employer_contact} == {
        "B-FIRE-1": 217,
        "B-ENDED-1": 217,
    }
    assert [(line.client_code, line.on, line.params["days"]) for line in result.not_met] == [
        ("B-ENDED-1", None, 217),
    ]
    assert {line.client_code: (line.on, line.params["days"]) for line in result.no_outreach} == {
        "A-NOSHOW-OLD": (d(28, 12, 2025), 7),
        "B-END-MISS": (d(31, 12, 2025), 4),
        "B-NOSHOW-1": (d(29, 12, 2025), 6),
    }
    assert {line.client_code: line.on for line in result.job_ended} == {
        "A-END-HOL": d(7, 1),
        "A-END-LATE": d(7, 1),
        "A-END-OLD": d(31, 12, 2025),
        "B-END-MISS": d(2, 1),
    }
    assert [line.params["days"] for line in result.module_assessment] == [20]
    assert [line.params.get("days_left") for line in result.law_periods] == [None, None, 2]


def test_another_teams_client_is_on_its_own_agenda_only(database, week_records):
    _, other_id, _ = week_records
    result = read(database, other_id, THIS_WEEK)
    # X-OTHER-1 (service since 1.6.2025, never met, no employer contact): job 1.9.–31.12.
    # with no contact after it (deadline 7.1. → due) and no meeting in December (month 4,
    # 1.12.–31.12. → missed); a no-show on 5.1. without outreach; module 1 ended 1.12.
    # without an assessment; a period 15.12.2025–10.1.2026 without any meeting (three
    # weeks without a meeting, and ending within 14 days).
    assert status_sets(result) == {
        "no_employer_contact": {("X-OTHER-1", "open")},
        "follow_along": {("X-OTHER-1", "missed")},
        "job_ended": {("X-OTHER-1", "due")},
        "no_outreach": {("X-OTHER-1", "open")},
        "module_assessment": {("X-OTHER-1", "due")},
        "law_periods": {("X-OTHER-1", "rule_break"), ("X-OTHER-1", "ending")},
        "not_met": {("X-OTHER-1", "open")},
    }
    assert [line.status for line in result.law_periods] == ["rule_break"] * 3 + ["ending"]
    assert [line.params["week_first"] for line in result.law_periods[:3]] == [
        d(15, 12, 2025),
        d(22, 12, 2025),
        d(29, 12, 2025),
    ]
    assert {line.coach_name for _, lines in result.sections() for line in lines} == {"Aapo"}


def test_an_empty_team_has_an_empty_agenda(database):
    with database.write() as s:
        team = Team(s, "T3", ("Anna",))
        team_id = team.id
    result = read(database, team_id, THIS_WEEK)
    assert result.total == 0
    assert all(lines == [] for _, lines in result.sections())


def test_a_later_week_is_read_on_its_monday(database, week_records):
    team_id, _, _ = week_records
    result = read(database, team_id, THIS_WEEK.shifted(1))
    assert result.day == d(12, 1)


def test_a_client_whose_service_has_ended_leaves_the_agenda(database):
    """`no_outreach`, `module_assessment` and `law_periods` list only the clients active on
    the reference day (service started, not ended before it). Three clients with the same
    records, started 1.6.2025: A-ACTIVE (no end), A-ENDS-7 (ends 7.1.2026, the reference
    day of THIS_WEEK: still active) and A-GONE (ended 6.1.2026, the day before).

    Their records:
    - a no-show meeting Fri 2.1.2026 and no outreach attempt: in [29.12.2025, 7.1.] →
      no_outreach (days 5); on 4.1. in [22.12.2025, 4.1.] (days 2);
    - module 1 1.6.–15.12.2025, not assessed → module_assessment (7.1.: days 23; 4.1.: 20);
    - a period 1.10.–10.10.2025 = 10 days → too_short (its only full 7-day block
      1.10.–7.10. has the meeting of 1.10.);
    - a period Mon 15.12.2025–Fri 16.1.2026 (33 days; 66 days after the first one ended, so
      not consecutive) with a meeting in each 7-day block over by 7.1. and by 4.1.
      (15.–21.12., 22.–28.12., 29.12.–4.1.: met 15.12., 22.12., 29.12.; the no-show does
      not count, and the block 5.–11.1. is not over) → no rule break; it ends in
      [7.1., 21.1.] (days_left 9) and in [4.1., 18.1.] (days_left 12).
    The meeting of 29.12. is within the 14 days before 7.1. (24.12.–7.1.) and 4.1.
    (22.12.–4.1.), so `not_met` is quiet; nobody has an employer contact, so the active
    ones are on `no_employer_contact` (7.1. − 1.6.2025 = 220 days; on 4.1. 217 days).
    """
    with database.write() as s:
        t = Team(s, "T5", ("Anna",))
        for code, end in (("A-ACTIVE", None), ("A-ENDS-7", d(7, 1)), ("A-GONE", d(6, 1))):
            c = t.client(code, "Anna", end=end)
            t.contact(c, d(2, 1), no_show=True)
            t.module(c, "1", S0, d(15, 12, 2025), None)
            t.period(c, d(1, 10, 2025), d(10, 10, 2025))
            t.period(c, d(15, 12, 2025), d(16, 1))
            t.meetings(c, d(1, 10, 2025), d(15, 12, 2025), d(22, 12, 2025), d(29, 12, 2025))
        team_id = t.id

    active = ("A-ACTIVE", "A-ENDS-7")
    result = read(database, team_id, THIS_WEEK)
    assert result.day == d(7, 1)
    assert [(c, s, on, p["days"], p["kind"]) for c, s, on, p in lines(result.no_outreach)] == [
        (code, "open", d(2, 1), 5, "meeting") for code in active
    ]
    assert [
        (c, s, on, {k: v for k, v in p.items() if k != "episode_id"})
        for c, s, on, p in lines(result.module_assessment)
    ] == [
        (
            code,
            "due",
            d(15, 12, 2025),
            {"module": "1", "start": S0, "end": d(15, 12, 2025), "days": 23},
        )
        for code in active
    ]
    law = [
        (c, s, on, {k: v for k, v in p.items() if k != "period_id"})
        for c, s, on, p in lines(result.law_periods)
    ]
    too_short = {
        "rule": "too_short",
        "period_start": d(1, 10, 2025),
        "period_end": d(10, 10, 2025),
        "days": 10,
    }
    ending = {"period_start": d(15, 12, 2025), "period_end": d(16, 1), "days_left": 9}
    assert law == [
        ("A-ACTIVE", "rule_break", d(1, 10, 2025), too_short),
        ("A-ENDS-7", "rule_break", d(1, 10, 2025), too_short),
        ("A-ACTIVE", "ending", d(16, 1), ending),
        ("A-ENDS-7", "ending", d(16, 1), ending),
    ]
    assert status_sets(result) == {
        "no_employer_contact": {("A-ACTIVE", "open"), ("A-ENDS-7", "open")},
        "follow_along": set(),
        "job_ended": set(),
        "no_outreach": {("A-ACTIVE", "open"), ("A-ENDS-7", "open")},
        "module_assessment": {("A-ACTIVE", "due"), ("A-ENDS-7", "due")},
        "law_periods": {
            ("A-ACTIVE", "rule_break"),
            ("A-ACTIVE", "ending"),
            ("A-ENDS-7", "rule_break"),
            ("A-ENDS-7", "ending"),
        },
        "not_met": set(),
    }
    assert all(line.client_code != "A-GONE" for _, section in result.sections() for line in section)

    # On 4.1. (the week before, read on its Sunday) A-GONE was still in service: listed
    # like the others.
    everyone = ("A-ACTIVE", "A-ENDS-7", "A-GONE")
    before = read(database, team_id, LAST_WEEK)
    assert before.day == d(4, 1)
    assert [(line.client_code, line.params["days"]) for line in before.no_outreach] == [
        (code, 2) for code in everyone
    ]
    assert [(line.client_code, line.params["days"]) for line in before.module_assessment] == [
        (code, 20) for code in everyone
    ]
    assert [
        (line.client_code, line.status, line.params.get("rule"), line.params.get("days_left"))
        for line in before.law_periods
    ] == [(code, "rule_break", "too_short", None) for code in everyone] + [
        (code, "ending", None, 12) for code in everyone
    ]
    assert [line.client_code for line in before.no_employer_contact] == list(everyone)
    assert before.not_met == []


def test_a_checkpoint_is_due_only_when_it_ends_by_the_next_weeks_sunday(database):
    """A running checkpoint window is `due` only when it ends on or before the Sunday after
    the week (the next meeting could no longer see to it). Read as LAST_WEEK (29.12.–4.1.,
    on Sun 4.1., since 22.12.): that Sunday is 11.1.2026.

    Two job holders met on 10.12.2025 and 5.1.2026 (after 4.1.):
    - A-MONTH-11, job since 12.10.2025: month 3 = 12.12.2025–11.1.2026 (add 2 months;
      add 3 months − 1 day) overlaps the week, has no meeting by 4.1. and ends on 11.1. →
      due (on 11.1.). Month 2 (12.11.–11.12.) ended before 22.12.; month 4 (12.1.–) begins
      after the week; the weekly ones ended in November.
    - A-MONTH-12, job since 13.10.2025: month 3 = 13.12.2025–12.1.2026 ends one day too
      late → not listed; month 2 (13.11.–12.12.) ended before 22.12.
    In THIS_WEEK (read on 7.1., the Sunday after is 18.1.) both month-3 windows are met on
    5.1. → follow_along is empty.
    """
    with database.write() as s:
        t = Team(s, "T6", ("Anna",))
        for code, start in (("A-MONTH-11", d(12, 10, 2025)), ("A-MONTH-12", d(13, 10, 2025))):
            c = t.client(code, "Anna")
            t.job(c, start)
            t.meetings(c, d(10, 12, 2025), d(5, 1))
        team_id = t.id

    before = read(database, team_id, LAST_WEEK)
    assert before.day == d(4, 1)
    assert [
        (line.client_code, line.status, line.on, *(line.params[k] for k in CHECKPOINT_KEYS))
        for line in before.follow_along
    ] == [
        (
            "A-MONTH-11",
            "due",
            d(11, 1),
            "monthly",
            3,
            d(12, 12, 2025),
            d(11, 1),
            d(12, 10, 2025),
        ),
    ]
    assert read(database, team_id, THIS_WEEK).follow_along == []
