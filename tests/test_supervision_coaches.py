"""The per-coach figures of the weekly supervision (ote/supervision/coaches.py) on small
hand-built teams, on SQLite and PostgreSQL. Every expected number is a literal worked out
by hand in the comments beside the rows; nothing is computed by the engine's own helpers.

The main week is 2026-W27: Monday 2026-06-29 … Sunday 2026-07-05. Read on Thursday
2026-07-02 ("today"), its reference day is 07-02, so "during the week" is 06-29 … 07-02.
Its trend runs over 2026-W20 (Monday 05-11) … 2026-W27.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial

import pytest
from sqlalchemy import event
from team_builder import TeamBuilder

from ote.metrics.employer_contacts import employer_contacts_per_week
from ote.supervision.coaches import CoachWeek, TeamWeek, coach_week, contact_target, team_week
from ote.supervision.week import Week

W27 = Week(date(2026, 6, 29))
TODAY = date(2026, 7, 2)  # Thursday of W27
LABELS = [f"2026-W{n}" for n in range(20, 28)]  # 2026-W20 … 2026-W27
EARLY = date(2026, 1, 5)  # a service start long before the week


# A team as these tests build it; its coaches, clients and their rows are added through it.
_Team = partial(
    TeamBuilder,
    source_name="MT",
    employer_name="Työnantaja {key} Oy",
    job_title="Varastotyöntekijä",
    job_type="varasto",
    client_start=EARLY,
)


def _d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.fixture
def week_team(database):
    """Three coaches of team T1 in 2026-W27, and everything that must not be counted."""
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")

        # ------------------------------------------------------------------ Aino
        # 21 active clients on 07-02 (over 20), 18 of them job seekers.
        aino = t.staff("Aino")
        a = {}
        for n in range(1, 14):  # A01 … A13: active since January, no job → 13 job seekers
            a[n] = t.client(f"A{n:02d}", aino)
        a16 = t.client("A16", aino, start=_d(7, 2), referral=_d(6, 1))  # starts on the day: 14
        t.client("A17", aino, end=_d(7, 2))  # ends on the day, still active: 15
        j1 = t.client("J01", aino)  # job since 03-01: employed
        t.job(j1, _d(3, 1))
        j2 = t.client("J02", aino)  # job starts Monday 06-29: employed, a job start
        t.job(j2, _d(6, 29))
        j3 = t.client("J03", aino)  # job ends Monday 06-29: a job end; job seeker on 07-02: 16
        t.job(j3, _d(2, 2), _d(6, 29))
        j4 = t.client("J04", aino)  # job ends on the day 07-02: a job end; employed on 07-02
        t.job(j4, _d(2, 2), _d(7, 2))
        j5 = t.client("J05", aino)  # job starts Friday 07-03, after the day: job seeker, 17
        t.job(j5, _d(7, 3))
        j6 = t.client("J06", aino)  # job ended Sunday 06-28, the week before: job seeker, 18
        t.job(j6, _d(2, 2), _d(6, 28))
        # Not active on 07-02:
        x1 = t.client("X01", aino, end=_d(7, 1))  # left on 07-01 for a job started 06-30,
        t.job(x1, _d(6, 30))  # which is one of Aino's job starts
        t.client("X02", aino, start=_d(7, 3), referral=_d(6, 15))  # starts after the day
        t.client("X03", aino, start=None, referral=_d(6, 1))  # on the waiting list
        # Contacts of W27 counted: 6 (= the target 6, met).
        t.employer_contact(aino, _d(6, 29), a[1])  # 1: Monday
        t.employer_contact(aino, _d(6, 30), a[2])  # 2
        t.employer_contact(aino, _d(7, 1), a[3])  # 3
        t.employer_contact(aino, _d(7, 2), a16)  # 4: A16's first day, on the reference day
        t.employer_contact(aino, _d(7, 2), j3)  # 5: J03's job ended 06-29
        t.employer_contact(aino, _d(6, 30), j5)  # 6: J05's job starts only 07-03
        # … and not counted:
        t.employer_contact(aino, _d(6, 30), a[4], face_to_face=False)  # by phone
        t.employer_contact(aino, _d(7, 1), j1)  # J01 has a job
        t.employer_contact(aino, _d(6, 29), j3)  # J03 still has its job on its last day
        t.employer_contact(aino, _d(7, 1), None)  # names no client
        t.employer_contact(aino, _d(7, 2), x1)  # X01's service ended 07-01
        t.employer_contact(aino, _d(7, 3), a[5])  # Friday: after the reference day
        t.employer_contact(aino, _d(7, 5), a[6])  # Sunday: after the reference day
        # Earlier weeks (trend only):
        t.employer_contact(aino, _d(6, 28), a[7])  # W26 1 (Sunday before the week)
        t.employer_contact(aino, _d(6, 22), a[8])  # W26 2 (Monday)
        t.employer_contact(aino, _d(6, 23), j2)  # W26 3: J02 was a job seeker until 06-28
        t.employer_contact(aino, _d(6, 24), j4)  # W26: J04 had a job, not counted
        t.employer_contact(aino, _d(6, 25), a[9], face_to_face=False)  # W26: by phone, not counted
        t.employer_contact(aino, _d(6, 8), a[1])  # W24 1 (Monday)
        t.employer_contact(aino, _d(6, 10), a[2])  # W24 2
        t.employer_contact(aino, _d(6, 14), a[3])  # W24 3 (Sunday)
        t.employer_contact(aino, _d(6, 10), j1)  # W24: J01 had a job, not counted
        t.employer_contact(aino, _d(5, 11), a[1])  # W20 1: the trend's first day
        t.employer_contact(aino, _d(5, 10), a[1])  # W19: before the trend

        # ---------------------------------------------------------------- Bertta
        # 4 active clients, 2 job seekers → target 4.
        bertta = t.staff("Bertta")
        b1 = t.client("B01", bertta, start=_d(2, 2))  # job seeker 1
        t.job(b1, _d(6, 28), _d(6, 28))  # a one-day job on Sunday 06-28: neither start nor end
        b2 = t.client("B02", bertta, start=_d(2, 2))  # job seeker 2
        b3 = t.client("B03", bertta, start=_d(2, 2))  # job starts on the day 07-02: a start
        t.job(b3, _d(7, 2))
        b4 = t.client("B04", bertta, start=_d(2, 2))  # job ends Friday 07-03: not an end
        t.job(b4, _d(3, 2), _d(7, 3))
        b5 = t.client("B05", bertta, start=_d(2, 2), end=_d(6, 30))  # not active on 07-02
        # Contacts of W27 counted: 3 (< 4, not met).
        t.employer_contact(bertta, _d(6, 29), b1)  # 1
        t.employer_contact(bertta, _d(6, 30), b5)  # 2: B05 is active on its last day
        t.employer_contact(bertta, _d(7, 2), b2)  # 3
        t.employer_contact(bertta, _d(7, 3), b2)  # after the reference day
        t.employer_contact(bertta, _d(7, 4), b1)  # after the reference day
        t.employer_contact(bertta, _d(6, 28), b1)  # W26: B01 had its one-day job, not counted
        t.employer_contact(bertta, _d(6, 27), b2)  # W26 1

        # --------------------------------------------------------------- Cecilia
        # Half time: 10 active clients = her limit 20 × 0.5, not over; all employed →
        # 0 job seekers → target 0, met with 0 contacts.
        cecilia = t.staff("Cecilia", fte=0.5, start=_d(6, 1))
        c = [t.client(f"C{n:02d}", cecilia, start=_d(3, 2)) for n in range(1, 11)]
        for client in c[:9]:
            t.job(client, _d(6, 1))
        t.job(c[9], _d(6, 22))  # C10's job started in W26
        t.client("C11", cecilia, start=None, referral=_d(6, 20))  # waiting list
        t.employer_contact(cecilia, _d(6, 30), c[0])  # C01 has a job: not counted
        t.employer_contact(cecilia, _d(6, 16), c[9])  # W25 1: C10 was a job seeker
        t.employer_contact(cecilia, _d(6, 23), c[9])  # W26: C10 had its job, not counted

        # ------------------------------------------------- not counted anywhere
        daniel = t.staff("Daniel", end=_d(6, 28))  # left the Sunday before the week
        d1 = t.client("D01", daniel)
        t.job(d1, _d(6, 30))
        t.employer_contact(daniel, _d(6, 26), a[1])
        t.employer_contact(daniel, _d(6, 29), a[1])
        jaana = t.staff("Jaana", role="job_finder")
        t.client("JF1", jaana)
        t.employer_contact(jaana, _d(6, 30), a[1])
        t.employer_contact(jaana, _d(6, 30), b1)
        leena = t.staff("Leena", role="team_leader")
        t.employer_contact(leena, _d(7, 1), a[2])
        olli = other.staff("Olli")
        o1 = other.client("O01", olli)
        other.job(other.client("O02", olli), _d(6, 30), None)
        other.job(other.client("O03", olli), _d(2, 2), _d(7, 1))
        other.employer_contact(olli, _d(6, 30), o1)
        other.employer_contact(olli, _d(6, 29), a[1])  # names Aino's client, made by another team
        other.employer_contact(olli, _d(6, 22), o1)

        ids = {"Aino": aino, "Bertta": bertta, "Cecilia": cecilia}
        team_id = t.id
    return database, team_id, ids


def test_coach_week_figures(week_team):
    database, team_id, ids = week_team
    with database.read() as s:
        rows = coach_week(s, team_id, W27, TODAY)

    assert rows == [
        CoachWeek(
            staff_id=ids["Aino"],
            name="Aino",
            fte=1.0,
            active_clients=21,  # A01–A13, A16, A17, J01–J06
            caseload_limit=20.0,
            over_limit=True,  # 21 > 20
            job_seekers=18,  # A01–A13, A16, A17, J03, J05, J06
            employer_contacts=6,
            target=6,
            target_met=True,  # 6 ≥ 6
            trend=tuple(zip(LABELS, [1, 0, 0, 0, 3, 0, 3, 6], strict=True)),
            job_starts=2,  # J02 on Monday 06-29, X01 on 06-30
            job_ends=2,  # J03 on Monday 06-29, J04 on the day 07-02
        ),
        CoachWeek(
            staff_id=ids["Bertta"],
            name="Bertta",
            fte=1.0,
            active_clients=4,  # B01–B04
            caseload_limit=20.0,
            over_limit=False,
            job_seekers=2,  # B01, B02
            employer_contacts=3,
            target=4,  # 2 × 2
            target_met=False,  # 3 < 4
            trend=tuple(zip(LABELS, [0, 0, 0, 0, 0, 0, 1, 3], strict=True)),
            job_starts=1,  # B03 on the day 07-02
            job_ends=0,  # B04 ends 07-03, B01's one-day job was 06-28
        ),
        CoachWeek(
            staff_id=ids["Cecilia"],
            name="Cecilia",
            fte=0.5,
            active_clients=10,  # C01–C10
            caseload_limit=10.0,  # 20 × 0.5
            over_limit=False,  # 10 is not over 10
            job_seekers=0,
            employer_contacts=0,
            target=0,  # 2 × 0
            target_met=True,  # 0 ≥ 0
            trend=tuple(zip(LABELS, [0, 0, 0, 0, 0, 1, 0, 0], strict=True)),
            job_starts=0,
            job_ends=0,
        ),
    ]


def test_team_week_totals(week_team):
    database, team_id, _ = week_team
    with database.read() as s:
        totals = team_week(coach_week(s, team_id, W27, TODAY))

    assert totals == TeamWeek(
        coaches=3,
        active_clients=35,  # 21 + 4 + 10
        job_seekers=20,  # 18 + 2 + 0
        employer_contacts=9,  # 6 + 3 + 0
        job_starts=3,  # 2 + 1 + 0
        job_ends=2,  # 2 + 0 + 0
        coaches_over_limit=1,  # Aino
        coaches_meeting_target=2,  # Aino (6 ≥ 6) and Cecilia (0 ≥ 0)
        # W20 1, W24 3, W25 1 (Cecilia), W26 3 + 1, W27 6 + 3
        trend=tuple(zip(LABELS, [1, 0, 0, 0, 3, 1, 4, 9], strict=True)),
    )


def test_finished_week_is_read_on_its_sunday(week_team):
    # Read a week later, W27 is over: its reference day is Sunday 07-05.
    database, team_id, _ = week_team
    with database.read() as s:
        rows = coach_week(s, team_id, W27, date(2026, 7, 9))
    figures = [
        (r.name, r.active_clients, r.job_seekers, r.employer_contacts, r.target_met) for r in rows
    ]
    assert figures == [
        # Aino on 07-05: A17 ended 07-02 (−1), X02 started 07-03 (+1, a job seeker),
        # J04's job ended 07-02 (now a job seeker), J05's job started 07-03 (now employed):
        # 21 active, 18 job seekers. Contacts: + Friday 07-03 (A05) + Sunday 07-05 (A06) = 8.
        ("Aino", 21, 18, 8, True),
        # Bertta on 07-05: B04's job ended 07-03 → 3 job seekers; contacts + 07-03, 07-04 = 5,
        # target 6 now.
        ("Bertta", 4, 3, 5, False),
        ("Cecilia", 10, 0, 0, True),
    ]
    assert [(r.job_starts, r.job_ends) for r in rows] == [
        (3, 2),  # Aino: + J05 on 07-03
        (1, 1),  # Bertta: + B04's end on 07-03
        (0, 0),
    ]
    assert rows[0].trend[-1] == ("2026-W27", 8)


def test_future_week_is_read_on_its_monday(week_team):
    # Read on Wednesday 06-24 (W26), W27 lies ahead: its reference day is Monday 06-29.
    database, team_id, _ = week_team
    with database.read() as s:
        rows = coach_week(s, team_id, W27, date(2026, 6, 24))
    figures = [(r.name, r.employer_contacts, r.job_starts, r.job_ends) for r in rows]
    assert figures == [
        ("Aino", 1, 1, 1),  # the Monday contact naming A01; J02 starts, J03 ends on 06-29
        ("Bertta", 1, 0, 0),  # the Monday contact naming B01
        ("Cecilia", 0, 0, 0),
    ]


def test_previous_week(week_team):
    # W26 (06-22 … 06-28) read on 07-02: over, read on its Sunday 06-28. Its trend ends
    # with W26 and starts with W19 (Monday 05-04), so Aino's 05-10 contact is in it.
    database, team_id, _ = week_team
    with database.read() as s:
        rows = coach_week(s, team_id, W27.shifted(-1), TODAY)
    aino = rows[0]
    assert aino.employer_contacts == 3  # 06-22 A08, 06-23 J02, 06-28 A07
    assert aino.trend == tuple(
        zip([f"2026-W{n}" for n in range(19, 27)], [1, 1, 0, 0, 0, 3, 0, 3], strict=True)
    )
    # On 06-28 (A16 and X02 not yet started, A17 and X01 still in service):
    # A01–A13, A17, J01–J06, X01 = 21 active. Employed: J01, J03 (job to 06-29), J04 and
    # J06 (its job ends that day) → 17 job seekers: A01–A13, A17, J02 (job from 06-29),
    # J05 (from 07-03), X01 (from 06-30).
    assert (aino.active_clients, aino.job_seekers) == (21, 17)
    assert (aino.job_starts, aino.job_ends) == (0, 1)  # J06's job ended 06-28
    # Daniel left on 06-28, the Sunday of W26: he is in that week's table.
    assert [r.name for r in rows] == ["Aino", "Bertta", "Cecilia", "Daniel"]


def test_trend_agrees_with_item_17(week_team):
    # Item 17 on Thursday 07-02 counts the last 4 full weeks, W23 … W26 (06-01 … 06-28), by
    # the same definition: the trend's W23–W26 must add up to the same counts.
    database, team_id, _ = week_team
    with database.read() as s:
        rows = coach_week(s, team_id, W27, TODAY)
        measure = employer_contacts_per_week(s, team_id, TODAY)

    item_17 = {c.name: c.contacts for c in measure.details}
    # Aino 0 + 3 + 0 + 3, Bertta 0 + 0 + 0 + 1, Cecilia 0 + 0 + 1 + 0; Daniel (left on
    # 06-28, employed throughout W23–W26: his 06-26 contact naming A01) is in item 17 but
    # not in W27's table.
    assert item_17 == {"Aino": 6, "Bertta": 1, "Cecilia": 1, "Daniel": 1}
    assert {r.name: sum(count for _, count in r.trend[3:7]) for r in rows} == {
        "Aino": 6,
        "Bertta": 1,
        "Cecilia": 1,
    }


def test_coaches_employed_during_the_week(database):
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        t.staff("Anna")  # no dates
        t.staff("Eeva", end=_d(6, 29))  # left on the week's Monday
        t.staff("Frida", start=_d(7, 5))  # starts on the week's Sunday
        t.staff("Greta", start=_d(1, 5), end=_d(12, 31))
        t.staff("Daniel", end=_d(6, 28))  # left the Sunday before
        t.staff("Heikki", start=_d(7, 6))  # starts the Monday after
        t.staff("Jaana", role="job_finder")
        t.staff("Leena", role="team_leader")
        t.staff("Pekka", role="benefits_counsellor")
        other.staff("Olli")
        team_id = t.id

    with database.read() as s:
        rows = coach_week(s, team_id, W27, TODAY)

    assert [r.name for r in rows] == ["Anna", "Eeva", "Frida", "Greta"]
    # Nothing recorded: zeros everywhere, target 0 met.
    assert {
        (
            r.active_clients,
            r.job_seekers,
            r.employer_contacts,
            r.target,
            r.target_met,
            r.over_limit,
            r.job_starts,
            r.job_ends,
        )
        for r in rows
    } == {(0, 0, 0, 0, True, False, 0, 0)}
    assert rows[0].trend == tuple((label, 0) for label in LABELS)


def test_no_coaches(database):
    with database.write() as s:
        t = _Team(s)
        finder = t.staff("Jaana", role="job_finder")
        client = t.client("A01", finder)
        t.employer_contact(finder, _d(6, 30), client)
        team_id = t.id

    with database.read() as s:
        rows = coach_week(s, team_id, W27, TODAY)

    assert rows == []
    assert team_week(rows) == TeamWeek(0, 0, 0, 0, 0, 0, 0, 0, ())


@pytest.mark.parametrize(
    ("fte", "clients", "limit", "over"),
    [
        (1.0, 20, 20.0, False),  # 20 is not over 20
        (1.0, 21, 20.0, True),
        (0.5, 10, 10.0, False),  # 20 × 0.5 = 10
        (0.5, 11, 10.0, True),  # 11 / 0.5 = 22 clients per FTE, over item 1's 20
        (0.8, 17, 16.0, True),  # 20 × 0.8 = 16
    ],
)
def test_caseload_limit_by_fte(database, fte, clients, limit, over):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino", fte=fte)
        for n in range(clients):
            t.client(f"A{n:02d}", coach)
        team_id = t.id

    with database.read() as s:
        (row,) = coach_week(s, team_id, W27, TODAY)

    assert (row.active_clients, row.caseload_limit, row.over_limit) == (clients, limit, over)


@pytest.mark.parametrize(
    ("job_seekers", "target"),
    [(0, 0), (1, 2), (2, 4), (3, 6), (4, 6), (25, 6)],  # 2 × n below 3, else 6
)
def test_contact_target(job_seekers, target):
    assert contact_target(job_seekers) == target


def test_trend_across_the_year_end(database):
    # 2026 has 53 ISO weeks: 2026-W53 is Monday 2026-12-28 … Sunday 2027-01-03.
    # Week 2027-W02 is Monday 2027-01-11 … Sunday 01-17; its 8 weeks start with
    # 2026-W48 (Monday 2026-11-23).
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        c1, c2, c3 = (t.client(code, coach, start=_d(9, 1)) for code in ("A01", "A02", "A03"))
        t.employer_contact(coach, date(2026, 11, 22), c1)  # 2026-W47: before the trend
        t.employer_contact(coach, date(2026, 11, 23), c1)  # 2026-W48 1
        t.employer_contact(coach, date(2026, 12, 27), c2)  # 2026-W52 1 (its Sunday)
        t.employer_contact(coach, date(2026, 12, 28), c2)  # 2026-W53 1 (its Monday)
        t.employer_contact(coach, date(2027, 1, 1), c3)  # 2026-W53 2
        t.employer_contact(coach, date(2027, 1, 3), c3)  # 2026-W53 3 (its Sunday)
        t.employer_contact(coach, date(2027, 1, 4), c1)  # 2027-W01 1
        t.employer_contact(coach, date(2027, 1, 11), c1)  # 2027-W02 1
        t.employer_contact(coach, date(2027, 1, 17), c2)  # 2027-W02 2 (its Sunday)
        t.employer_contact(coach, date(2027, 1, 18), c2)  # 2027-W03: after the week
        team_id = t.id

    with database.read() as s:
        (row,) = coach_week(s, team_id, Week.parse("2027-W02"), date(2027, 1, 20))

    assert row.trend == (
        ("2026-W48", 1),
        ("2026-W49", 0),
        ("2026-W50", 0),
        ("2026-W51", 0),
        ("2026-W52", 1),
        ("2026-W53", 3),
        ("2027-W01", 1),
        ("2027-W02", 2),
    )
    assert row.employer_contacts == 2
    assert (row.job_seekers, row.target, row.target_met) == (3, 6, False)


def test_queries_do_not_grow_with_coaches(database):
    # Four SELECTs (coaches, client counts, contact trend, job starts and ends) whatever
    # the number of coaches and weeks.
    with database.write() as s:
        t = _Team(s)
        for n in range(6):
            coach = t.staff(f"Coach {n}")
            client = t.client(f"C{n:02d}", coach)
            t.employer_contact(coach, _d(6, 30), client)
            t.employer_contact(coach, _d(6, 3), client)
        team_id = t.id

    statements = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        if re.search(r"\bFROM\b", statement, re.IGNORECASE):
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as s:
            rows = coach_week(s, team_id, W27, TODAY)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)

    assert len(rows) == 6
    assert [r.employer_contacts for r in rows] == [1] * 6  # 06-30
    assert [r.trend[3][1] for r in rows] == [1] * 6  # 06-03 is in 2026-W23
    assert len(statements) == 4
