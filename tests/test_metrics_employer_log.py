"""The employer log and its summaries (ote/metrics/employer_log.py) on small hand-built
teams, on SQLite and PostgreSQL. Every expected number is a literal worked out by hand in
the comments beside the rows; nothing is computed by the engine's own helpers. Each
fixture also builds team T2, whose staff, clients, contacts and jobs – some with the same
employers and the same client code – must never count for T1.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from types import SimpleNamespace

import pytest
from team_builder import TeamBuilder

from ote import models as m
from ote.metrics.employer_contacts import preference_based_contacts
from ote.metrics.employer_log import (
    CoachWeekCount,
    EmployerRow,
    LogFilter,
    LogRow,
    PurposeMix,
    contact_log,
    employer_register,
    preference_share,
    purpose_mix,
    weekly_rhythm,
)
from ote.supervision.week import Week

EARLY = date(2026, 1, 5)  # a service start long before every window

# A team as these tests build it; its staff, clients and their rows are added through it.
_Team = partial(
    TeamBuilder,
    source_name="MT",
    employer_name="Työnantaja {key} Oy",
    job_title="Varastotyöntekijä",
    job_type="varasto",
    client_start=EARLY,
)


def _d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# TeamBuilder knows one employer per team and no purpose, outcome or tip: these add the rest.
def _employer(s, key: str, name: str, industry: str | None = None) -> int:
    row = m.Employer(key=key, name=name, industry=industry)
    s.add(row)
    s.flush()
    return row.id


def _contact(
    s,
    staff: int,
    day: date,
    employer: int,
    client: int | None = None,
    *,
    face_to_face: bool = True,
    pref: bool | None = None,
    purpose: str | None = None,
    outcome: str | None = None,
    tip: str | None = None,
) -> int:
    row = m.EmployerContact(
        date=day,
        staff_id=staff,
        employer_id=employer,
        face_to_face=face_to_face,
        client_id=client,
        preference_based=pref,
        purpose=purpose,
        outcome=outcome,
        job_tip=tip,
    )
    s.add(row)
    s.flush()
    return row.id


def _job(s, key: str, client: int, employer: int, start: date, end: date | None = None) -> None:
    s.add(
        m.Job(
            key=key,
            client_id=client,
            employer_id=employer,
            title="Työ",
            job_type="siivous",
            start_date=start,
            end_date=end,
            competitive=True,
            permanent=True,
        )
    )
    s.flush()


# ===================================================================== the contact log
JUNE = (_d(6, 1), _d(6, 30))  # the log's window in these tests


@pytest.fixture
def log_team(database):
    """Six contacts of T1 in June 2026 (c1 … c7 but c6), and what must never show."""
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        aino = t.staff("Aino")
        bertta = t.staff("Bertta")
        jussi = t.staff("Jussi", "job_finder")
        olli = other.staff("Olli")
        e1 = t.employer_id  # "Työnantaja T1 Oy"
        e2 = _employer(s, "X-E2", "Kahvila Oy")
        a01 = t.client("A01", aino)
        b01 = t.client("B01", bertta)
        o01 = other.client("A01", olli)  # T2's client with the same code as T1's A01

        c = {}
        c[1] = _contact(  # Monday 06-01 = the window's first day, ISO 2026-W23
            s, aino, _d(6, 1), e1, a01, pref=True, purpose="needs", outcome="follow_up",
            tip="Varasto hakee kesätyöntekijöitä",
        )  # fmt: skip
        c[2] = _contact(  # by phone, naming no one, nothing marked but the purpose
            s, aino, _d(6, 3), e2, face_to_face=False, purpose="service_info"
        )
        c[3] = _contact(  # the same day as c2, a later id: listed before it
            s, bertta, _d(6, 3), e1, b01, pref=False, purpose="vacancy_inquiry",
            outcome="no_opening",
        )  # fmt: skip
        c[4] = _contact(  # a job finder's contact is in the log too
            s, jussi, _d(6, 10), e2, a01, pref=True, purpose="client_strengths",
            outcome="interview",
        )  # fmt: skip
        c[5] = _contact(s, bertta, _d(6, 15), e2, b01)  # nothing marked
        c[6] = _contact(s, aino, _d(5, 31), e1, a01, pref=True, purpose="needs")  # before June
        c[7] = _contact(  # 06-30, the window's last day; Aino names Bertta's client
            s, aino, _d(6, 30), e1, b01, pref=True, purpose="interview_request"
        )
        c[8] = _contact(s, aino, _d(7, 1), e1, a01, pref=True, purpose="needs")  # after June
        # T2 in June with T1's employer, naming its own A01: never in T1's log.
        _contact(s, olli, _d(6, 5), e1, o01, pref=True, purpose="needs")
        _contact(s, olli, _d(6, 20), other.employer_id, o01, face_to_face=False)
    return SimpleNamespace(
        team=t.id,
        t2=other.id,
        aino=aino,
        bertta=bertta,
        jussi=jussi,
        olli=olli,
        e1=e1,
        e2=e2,
        e_t2=other.employer_id,
        c=c,
    )


def _ids(database, team, log_filter, limit=500):
    with database.read() as s:
        rows, total = contact_log(s, team, log_filter, limit)
    return [row.contact_id for row in rows], total


def test_log_rows_newest_first_with_every_field(database, log_team):
    t = log_team
    c = t.c
    with database.read() as s:
        rows, total = contact_log(s, t.team, LogFilter(*JUNE))
    # June: c7 (06-30), c5 (06-15), c4 (06-10), c3 and c2 (both 06-03, c3's id is later),
    # c1 (06-01). c6 (05-31), c8 (07-01) and T2's contacts are not in it.
    assert [row.contact_id for row in rows] == [c[7], c[5], c[4], c[3], c[2], c[1]]
    assert total == 6
    assert rows[-1] == LogRow(
        contact_id=c[1],
        date=_d(6, 1),
        week="2026-W23",  # Monday 06-01 is 4 weeks before Monday 06-29 of W27
        staff_id=t.aino,
        staff_name="Aino",
        employer_id=t.e1,
        employer_name="Työnantaja T1 Oy",
        face_to_face=True,
        client_code="A01",
        preference_based=True,
        purpose="needs",
        outcome="follow_up",
        job_tip="Varasto hakee kesätyöntekijöitä",
    )
    assert rows[-2] == LogRow(
        contact_id=c[2],
        date=_d(6, 3),
        week="2026-W23",
        staff_id=t.aino,
        staff_name="Aino",
        employer_id=t.e2,
        employer_name="Kahvila Oy",
        face_to_face=False,
        client_code=None,
        preference_based=None,
        purpose="service_info",
        outcome=None,
        job_tip=None,
    )
    # c7: 06-30 is the Tuesday of W27; Aino named Bertta's client B01.
    assert (rows[0].week, rows[0].staff_name, rows[0].client_code) == ("2026-W27", "Aino", "B01")
    assert (rows[2].staff_name, rows[2].employer_name, rows[2].outcome) == (
        "Jussi",
        "Kahvila Oy",
        "interview",
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # each filter alone
        ({"staff_ids": ("aino",)}, [7, 2, 1]),
        ({"staff_ids": ("aino", "jussi")}, [7, 4, 2, 1]),
        ({"staff_ids": ("olli",)}, []),  # T2's staff member: none of T1's contacts
        ({"employer_ids": ("e2",)}, [5, 4, 2]),
        ({"employer_ids": ("e_t2",)}, []),  # only T2 has contacts with T2's employer
        ({"purposes": ("needs", "vacancy_inquiry")}, [3, 1]),
        ({"purposes": (None,)}, [5]),  # not recorded
        ({"purposes": ("service_info", None)}, [5, 2]),
        ({"purposes": ("application_only",)}, []),
        ({"face_to_face": False}, [2]),
        ({"face_to_face": True}, [7, 5, 4, 3, 1]),
        ({"preference_based": True}, [7, 4, 1]),
        ({"preference_based": False}, [5, 3, 2]),  # marked not (c3) or unmarked (c2, c5)
        ({"client_code": "A01"}, [4, 1]),  # not c6/c8 (out of June), not T2's A01
        ({"client_code": "B01"}, [7, 5, 3]),
        ({"client_code": "A0"}, []),  # exact code only
        ({"client_code": "X99"}, []),
        # combined
        ({"staff_ids": ("aino", "bertta"), "employer_ids": ("e1",)}, [7, 3, 1]),
        (
            {
                "staff_ids": ("aino", "bertta"),
                "employer_ids": ("e1",),
                "face_to_face": True,
                "preference_based": True,
            },
            [7, 1],
        ),
        ({"employer_ids": ("e2",), "face_to_face": True, "preference_based": False}, [5]),
        ({"client_code": "A01", "purposes": ("client_strengths",)}, [4]),
        (
            {
                "staff_ids": ("aino",),
                "employer_ids": ("e1",),
                "purposes": ("needs",),
                "face_to_face": True,
                "preference_based": True,
                "client_code": "A01",
            },
            [1],
        ),
        ({"staff_ids": ("bertta",), "client_code": "A01"}, []),
    ],
)
def test_log_filters_alone_and_combined(database, log_team, filters, expected):
    t = log_team
    given = dict(filters)
    for name in ("staff_ids", "employer_ids"):
        if name in given:
            given[name] = tuple(getattr(t, key) for key in given[name])
    ids, total = _ids(database, t.team, LogFilter(*JUNE, **given))
    assert ids == [t.c[n] for n in expected]
    assert total == len(expected)


def test_log_window_limit_and_total(database, log_team):
    t = log_team
    c = t.c
    # A limit keeps the newest rows; the total still counts every match.
    assert _ids(database, t.team, LogFilter(*JUNE), limit=2) == ([c[7], c[5]], 6)
    assert _ids(database, t.team, LogFilter(*JUNE), limit=0) == ([], 6)
    assert _ids(database, t.team, LogFilter(*JUNE), limit=None) == (
        [c[7], c[5], c[4], c[3], c[2], c[1]],
        6,
    )
    limited = LogFilter(*JUNE, staff_ids=(t.aino,))
    assert _ids(database, t.team, limited, limit=1) == ([c[7]], 3)
    # The window's ends are included: 05-31 … 07-01 takes c6 and c8 in as well.
    wide = LogFilter(_d(5, 31), _d(7, 1))
    assert _ids(database, t.team, wide, limit=3) == ([c[8], c[7], c[5]], 8)
    one_day = LogFilter(_d(6, 3), _d(6, 3))
    assert _ids(database, t.team, one_day) == ([c[3], c[2]], 2)
    # T2 sees only its own two contacts; a window ending before it starts, nothing.
    assert _ids(database, t.t2, LogFilter(*JUNE))[1] == 2
    assert _ids(database, t.team, LogFilter(_d(6, 30), _d(6, 1))) == ([], 0)


def test_log_never_shows_another_teams_client_code(database):
    # The records refuse it, but should a contact of T1's name a client of T2's, its code
    # does not show in T1's log and cannot be filtered on.
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        aino = t.staff("Aino")
        stranger = other.client("Z99", other.staff("Olli"))
        contact = _contact(s, aino, _d(6, 2), t.employer_id, stranger, pref=True)
    with database.read() as s:
        rows, total = contact_log(s, t.id, LogFilter(*JUNE))
        assert ([row.contact_id for row in rows], total) == ([contact], 1)
        assert rows[0].client_code is None
        assert contact_log(s, t.id, LogFilter(*JUNE, client_code="Z99")) == ([], 0)


# ============================================================ item 17: the weekly rhythm
W27 = Week(_d(6, 29))  # Monday 06-29 … Sunday 07-05
# 3 weeks: W25 06-15 … 06-21, W26 06-22 … 06-28, W27 06-29 … 07-05 (Sundays 06-21, 06-28,
# 07-05). 8 weeks start with W20: 05-11 … 05-17, W21 ends 05-24, W22 05-31, W23 06-07,
# W24 06-14.


@pytest.fixture
def rhythm_team(database):
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")

        # ------------------------------------------------------------------- Aino
        # Job seekers on the Sundays:
        #   05-17, 05-24, 05-31: A1 A2 A3 A5 = 4 → 6;  06-07, 06-14, 06-21: A1 A2 A3 = 3 → 6
        #   06-28: A1 A3 = 2 → 4;                       07-05: A1 A4 A5 = 3 → 6
        aino = t.staff("Aino")
        a1 = t.client("A1x", aino)  # no job: a job seeker throughout
        a2 = t.client("A2x", aino)  # a job from Thursday 06-25
        t.job(a2, _d(6, 25))
        a3 = t.client("A3x", aino, end=_d(6, 28))  # active on its last day, Sunday 06-28
        a4 = t.client("A4x", aino, start=_d(6, 29), referral=_d(6, 1))  # starts Monday of W27
        a5 = t.client("A5x", aino)  # a job 06-01 … Sunday 06-28
        t.job(a5, _d(6, 1), _d(6, 28))

        # ----------------------------------------------------------------- Bertta
        # Job seekers: B1 up to 06-21 (1 → 2), none on 06-28 (→ 0), B2 on 07-05 (1 → 2).
        bertta = t.staff("Bertta")
        b1 = t.client("B1x", bertta)  # a job from Monday 06-22
        t.job(b1, _d(6, 22))
        b2 = t.client("B2x", bertta, start=_d(7, 1), referral=_d(6, 15))

        # Cecilia starts Wednesday 06-24: not employed before W26 → target 0 there.
        cecilia = t.staff("Cecilia", start=_d(6, 24))
        c1 = t.client("C1x", cecilia)  # a job seeker throughout (1 → 2)
        # Daniel left Sunday 06-14 (end of W24): in the 8 weeks, not in the last 3. No clients.
        daniel = t.staff("Daniel", end=_d(6, 14))
        # Eeva left Monday 06-22: employed in W26, not in W27.
        eeva = t.staff("Eeva", end=_d(6, 22))
        e1 = t.client("E1x", eeva)  # a job seeker throughout (1 → 2)
        # Never listed: a coach who starts after the weeks, a job finder, a team leader, T2.
        fanni = t.staff("Fanni", start=_d(7, 6))
        t.client("F1x", fanni)
        jussi = t.staff("Jussi", "job_finder")
        t.staff("Tiina", "team_leader")
        olli = other.staff("Olli")
        o1 = other.client("O1x", olli)

        # Aino's contacts.
        t.employer_contact(aino, _d(5, 10), a1)  # W19: before the 8 weeks
        t.employer_contact(aino, _d(5, 11), a1)  # W20 1: the 8 weeks' first day
        t.employer_contact(aino, _d(6, 14), a1)  # W24 1 (Sunday)
        t.employer_contact(aino, _d(6, 15), a1)  # W25 1 (Monday)
        t.employer_contact(aino, _d(6, 20), b1)  # W25 2: Bertta's B1, a job seeker until 06-21
        t.employer_contact(aino, _d(6, 21), a2)  # W25 3 (Sunday)
        t.employer_contact(aino, _d(6, 17), a1, face_to_face=False)  # by phone: not counted
        t.employer_contact(aino, _d(6, 18), None)  # names no one: not counted
        t.employer_contact(aino, _d(6, 19), a5)  # A5 is employed: not counted
        t.employer_contact(aino, _d(6, 22), a1)  # W26 1
        t.employer_contact(aino, _d(6, 23), a1)  # W26 2: the same client again counts
        t.employer_contact(aino, _d(6, 24), a2)  # W26 3: A2's job starts the next day
        t.employer_contact(aino, _d(6, 25), a2)  # A2's job starts this day: not counted
        t.employer_contact(aino, _d(6, 28), a3)  # W26 4: A3's last day in the service
        t.employer_contact(aino, _d(6, 28), a5)  # A5's job ends this day: not counted
        t.employer_contact(aino, _d(6, 29), a4)  # W27 1: A4's first day
        t.employer_contact(aino, _d(6, 29), a5)  # W27 2: A5's job ended 06-28
        t.employer_contact(aino, _d(7, 1), a3)  # A3's service ended 06-28: not counted
        t.employer_contact(aino, _d(7, 5), a1)  # W27 3 (Sunday)
        t.employer_contact(aino, _d(7, 6), a1)  # W28: after the weeks
        # Bertta's.
        t.employer_contact(bertta, _d(6, 16), b1)  # W25 1
        t.employer_contact(bertta, _d(6, 23), b1)  # B1 has a job: not counted
        t.employer_contact(bertta, _d(6, 30), b2)  # B2 starts 07-01: not counted
        t.employer_contact(bertta, _d(7, 2), b2)  # W27 1
        # Cecilia's.
        t.employer_contact(cecilia, _d(6, 24), c1)  # W26 1
        t.employer_contact(cecilia, _d(6, 26), c1)  # W26 2
        t.employer_contact(cecilia, _d(7, 3), c1, face_to_face=False)  # by phone
        # Daniel's and Eeva's.
        t.employer_contact(daniel, _d(6, 10), a1)  # W24 1 (his own target is 0)
        t.employer_contact(eeva, _d(6, 20), e1)  # W25 1
        # Not counted for anyone listed: the job finder's, T2's.
        t.employer_contact(jussi, _d(6, 16), a1)
        other.employer_contact(olli, _d(6, 16), o1)
        other.employer_contact(olli, _d(6, 30), o1)
    return SimpleNamespace(
        team=t.id, t2=other.id, aino=aino, bertta=bertta, cecilia=cecilia, daniel=daniel, eeva=eeva
    )


def test_weekly_rhythm_three_weeks_by_hand(database, rhythm_team):
    t = rhythm_team
    with database.read() as s:
        rows = weekly_rhythm(s, t.team, W27, weeks=3)
    assert rows == [
        # Aino: 3 contacts vs 6; 4 vs 4 (2 job seekers on 06-28); 3 vs 6.
        CoachWeekCount(
            t.aino, "Aino", (("2026-W25", 3, 6), ("2026-W26", 4, 4), ("2026-W27", 3, 6))
        ),
        # Bertta: 1 job seeker → 2; none → 0; 1 → 2.
        CoachWeekCount(
            t.bertta, "Bertta", (("2026-W25", 1, 2), ("2026-W26", 0, 0), ("2026-W27", 1, 2))
        ),
        # Cecilia: not yet employed in W25 → 0; then 1 job seeker → 2.
        CoachWeekCount(
            t.cecilia, "Cecilia", (("2026-W25", 0, 0), ("2026-W26", 2, 2), ("2026-W27", 0, 2))
        ),
        # Eeva: employed up to Monday 06-22 (W26); gone in W27 → 0.
        CoachWeekCount(
            t.eeva, "Eeva", (("2026-W25", 1, 2), ("2026-W26", 0, 2), ("2026-W27", 0, 0))
        ),
    ]


def test_weekly_rhythm_eight_weeks_by_default(database, rhythm_team):
    t = rhythm_team
    labels = [f"2026-W{n}" for n in range(20, 28)]
    with database.read() as s:
        rows = weekly_rhythm(s, t.team, W27)
    expected = {
        # W20 … W27: (contacts, target)
        "Aino": [(1, 6), (0, 6), (0, 6), (0, 6), (1, 6), (3, 6), (4, 4), (3, 6)],
        "Bertta": [(0, 2)] * 5 + [(1, 2), (0, 0), (1, 2)],
        "Cecilia": [(0, 0)] * 6 + [(2, 2), (0, 2)],
        # Daniel: employed W20 … W24 with no job seekers → 0; gone after.
        "Daniel": [(0, 0)] * 4 + [(1, 0)] + [(0, 0)] * 3,
        "Eeva": [(0, 2)] * 5 + [(1, 2), (0, 2), (0, 0)],
    }
    assert [row.name for row in rows] == list(expected)
    assert [row.staff_id for row in rows] == [t.aino, t.bertta, t.cecilia, t.daniel, t.eeva]
    for row in rows:
        assert row.weeks == tuple(
            (label, contacts, target)
            for label, (contacts, target) in zip(labels, expected[row.name], strict=True)
        ), row.name


def test_weekly_rhythm_one_week_empty_team_and_bad_weeks(database, rhythm_team):
    t = rhythm_team
    with database.read() as s:
        one = weekly_rhythm(s, t.team, W27.shifted(-1), weeks=1)  # W26 alone
        assert [(row.name, row.weeks) for row in one] == [
            ("Aino", (("2026-W26", 4, 4),)),
            ("Bertta", (("2026-W26", 0, 0),)),
            ("Cecilia", (("2026-W26", 2, 2),)),
            ("Eeva", (("2026-W26", 0, 2),)),
        ]
        # Long before anyone started contacting: everyone employed then, no contacts.
        january = weekly_rhythm(s, t.team, Week(_d(1, 12)), weeks=1)  # 2026-W03
        assert [(row.name, row.weeks) for row in january] == [
            ("Aino", (("2026-W03", 0, 6),)),  # A1 A2 A3 A5 = 4 job seekers
            ("Bertta", (("2026-W03", 0, 2),)),  # B1
            ("Daniel", (("2026-W03", 0, 0),)),
            ("Eeva", (("2026-W03", 0, 2),)),  # E1
        ]
        # T2's only coach is Olli, and none of T1's coaches is T2's.
        assert [row.name for row in weekly_rhythm(s, t.t2, W27, weeks=3)] == ["Olli"]
        with pytest.raises(ValueError):
            weekly_rhythm(s, t.team, W27, weeks=0)


# ================================================= items 16 and 18: purpose mix, preference
SPRING = (_d(4, 1), _d(6, 30))  # 91 days: item 16's default window on 06-30


@pytest.fixture
def purpose_team(database):
    """Twelve contacts of T1 in April–June 2026 with their purposes and item-16 marks."""
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        e = t.employer_id
        aino = t.staff("Aino")
        jussi = t.staff("Jussi", "job_finder")
        a1 = t.client("A1x", aino)  # a job seeker throughout
        a2 = t.client("A2x", aino)  # employed from 03-01
        t.job(a2, _d(3, 1))
        olli = other.staff("Olli")
        o1 = other.client("O1x", olli)
        # n: date, staff, client, face to face, preference mark, purpose.
        # Item 16 counts the ones naming a job seeker (A1): 1 T, 2 T, 4 F, 5 T, 7 –, 8 F,
        # 11 T → 4 of 7.
        _contact(s, aino, _d(4, 1), e, a1, pref=True, purpose="needs")  # 1 (first day)
        _contact(s, jussi, _d(5, 5), e, a1, pref=True, purpose="needs")  # 2 job finder
        _contact(s, aino, _d(5, 6), e, face_to_face=False, purpose="needs")  # 3 no one
        _contact(s, aino, _d(5, 7), e, a1, pref=False, purpose="service_info")  # 4
        _contact(s, aino, _d(5, 8), e, a1, pref=True, purpose="client_strengths")  # 5
        _contact(s, aino, _d(6, 2), e, a2, pref=True, purpose="client_strengths")  # 6 employed
        _contact(s, aino, _d(6, 3), e, a1, purpose="vacancy_inquiry")  # 7 unmarked
        _contact(  # 8 by phone: still an item 16 contact
            s, aino, _d(6, 4), e, a1, face_to_face=False, pref=False, purpose="vacancy_inquiry"
        )
        _contact(s, aino, _d(6, 5), e, purpose="application_only")  # 9 no one
        _contact(s, aino, _d(6, 10), e, a2, purpose="in_work_support")  # 10 employed
        _contact(s, aino, _d(6, 15), e, a1, pref=True)  # 11 purpose not recorded
        _contact(s, aino, _d(6, 30), e)  # 12 (last day) nothing recorded
        # Outside the window, and T2's five: none of them count.
        _contact(s, aino, _d(3, 31), e, a1, pref=True, purpose="needs")
        _contact(s, aino, _d(7, 1), e, a1, pref=False, purpose="vacancy_inquiry")
        for day in range(1, 6):
            _contact(s, olli, _d(5, day), e, o1, pref=True, purpose="needs")
    return SimpleNamespace(team=t.id)


def test_purpose_mix_counts_shares_and_levels(database, purpose_team):
    with database.read() as s:
        mix = purpose_mix(s, purpose_team.team, *SPRING)
    # 12 contacts: needs 3 (1, 2, 3), service_info 1 (4), client_strengths 2 (5, 6),
    # interview_request 0, vacancy_inquiry 2 (7, 8), application_only 1 (9),
    # in_work_support 1 (10), not recorded 2 (11, 12).
    assert mix == [
        PurposeMix("needs", 3, pytest.approx(25.0), "relationship"),
        PurposeMix("service_info", 1, pytest.approx(100 / 12), "relationship"),
        PurposeMix("client_strengths", 2, pytest.approx(100 / 6), "relationship"),
        PurposeMix("interview_request", 0, 0.0, "relationship"),
        PurposeMix("vacancy_inquiry", 2, pytest.approx(100 / 6), "vacancy_only"),
        PurposeMix("application_only", 1, pytest.approx(100 / 12), "vacancy_only"),
        PurposeMix("in_work_support", 1, pytest.approx(100 / 12), "other"),
        PurposeMix(None, 2, pytest.approx(100 / 6), "other"),
    ]


def test_purpose_mix_june_and_empty_window(database, purpose_team):
    with database.read() as s:
        june = purpose_mix(s, purpose_team.team, *JUNE)
        empty = purpose_mix(s, purpose_team.team, _d(1, 1), _d(1, 31))
    # June: 6 client_strengths, 7 and 8 vacancy_inquiry, 9, 10, 11 and 12 → 7 contacts.
    assert [(row.purpose, row.contacts) for row in june] == [
        ("needs", 0),
        ("service_info", 0),
        ("client_strengths", 1),
        ("interview_request", 0),
        ("vacancy_inquiry", 2),
        ("application_only", 1),
        ("in_work_support", 1),
        (None, 2),
    ]
    assert june[4].share == pytest.approx(200 / 7)
    assert [(row.contacts, row.share) for row in empty] == [(0, None)] * 8
    assert [row.level for row in empty] == ["relationship"] * 4 + ["vacancy_only"] * 2 + [
        "other"
    ] * 2


def test_preference_share_is_item_16_on_any_window(database, purpose_team):
    team = purpose_team.team
    with database.read() as s:
        spring = preference_share(s, team, *SPRING)
        default = preference_based_contacts(s, team, _d(6, 30))  # 91 days: 04-01 … 06-30
        june = preference_share(s, team, *JUNE)
        first_day = preference_share(s, team, _d(4, 1), _d(4, 1))
        january = preference_share(s, team, _d(1, 1), _d(1, 31))
        with pytest.raises(ValueError):
            preference_share(s, team, _d(6, 30), _d(6, 1))
    assert spring == default
    # 4 marked of the 7 naming a job seeker = 57.14 % → 3 (≥ 50).
    assert (spring.key, spring.item, spring.n, spring.first, spring.last) == (
        "preference_based_contacts",
        "16",
        7,
        _d(4, 1),
        _d(6, 30),
    )
    assert spring.value == pytest.approx(400 / 7)
    assert spring.suggested_score == 3
    assert spring.basis_params == {"preferred": 4, "total": 7}
    # June: 7 unmarked, 8 not, 11 marked → 1 of 3 = 33.3 % → 2.
    assert (june.n, june.first, june.last, june.suggested_score) == (3, _d(6, 1), _d(6, 30), 2)
    assert june.value == pytest.approx(100 / 3)
    # 04-01 alone: contact 1, marked → 100 % → 5.
    assert (first_day.n, first_day.value, first_day.suggested_score) == (1, 100.0, 5)
    assert (first_day.first, first_day.last) == (_d(4, 1), _d(4, 1))
    # January: nothing to count → no value, no suggestion.
    assert (january.n, january.value, january.suggested_score) == (0, None, None)


# ========================================================== the employer register
ON = _d(6, 30)  # on − 89 = 04-02 (warm), on − 90 = 04-01 (cold)


@pytest.fixture
def register_team(database):
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        aino = t.staff("Aino")
        bertta = t.staff("Bertta")
        jussi = t.staff("Jussi", "job_finder")
        olli = other.staff("Olli")
        clients = {n: t.client(f"A{n}x", aino) for n in range(1, 7)}
        o1 = other.client("O1x", olli)
        alfa = _employer(s, "X-ALFA", "Alfa Oy", "Logistiikka")
        beeta = _employer(s, "X-BEETA", "Beeta Oy")
        gamma = _employer(s, "X-GAMMA", "Gamma Oy")
        eta = _employer(s, "X-ETA", "Eta Oy")
        aalto = _employer(s, "X-AALTO", "Aalto Oy")
        delta = _employer(s, "X-DELTA", "Delta Oy")
        epsilon = _employer(s, "X-EPSILON", "Epsilon Oy")
        zeta = _employer(s, "X-ZETA", "Zeta Oy")

        # Alfa: last 04-02 = on − 89 → 89 days, warm; 3 contacts (2 face to face) by Aino
        # and Bertta; 1 job (the 07-01 job and T2's job do not count).
        _contact(s, aino, _d(4, 2), alfa, clients[1])
        _contact(s, bertta, _d(1, 10), alfa, face_to_face=False)
        _contact(s, aino, _d(3, 1), alfa)
        _contact(s, aino, _d(7, 1), alfa)  # after `on`
        _contact(s, olli, _d(6, 20), alfa, o1)  # T2
        _job(s, "X-J1", clients[1], alfa, _d(5, 1))
        _job(s, "X-J2", clients[2], alfa, _d(7, 1))  # starts after `on`
        _job(s, "X-J3", o1, alfa, _d(6, 1))  # T2's client
        # Beeta: last 04-01 = on − 90 → 90 days, cold; 2 contacts, 1 face to face, by Aino
        # and the job finder Jussi.
        _contact(s, aino, _d(4, 1), beeta)
        _contact(s, jussi, _d(3, 15), beeta, face_to_face=False)
        # Gamma: no contact, two jobs (one long over, one starting on `on`) → cold.
        _job(s, "X-J4", clients[3], gamma, _d(10, 1, 2025), _d(2, 1))
        _job(s, "X-J5", clients[4], gamma, ON)
        # Eta: one job, and only T2's contact → no contact of T1's at all, cold.
        _job(s, "X-J6", clients[5], eta, _d(3, 1))
        _contact(s, olli, _d(6, 1), eta)
        # Aalto: two contacts by Bertta on 2025-12-01 → 1 staff member; 31 + 151 + 29 = 211
        # days before `on`.
        _contact(s, bertta, _d(12, 1, 2025), aalto)
        _contact(s, bertta, _d(12, 1, 2025), aalto)
        # Delta: a contact on `on` itself → 0 days.
        _contact(s, aino, ON, delta, clients[6])
        # Not listed: Epsilon (T2 only), Zeta (T1 only after `on`), T1's own default employer.
        _contact(s, olli, _d(5, 1), epsilon, o1)
        _job(s, "X-J7", o1, epsilon, _d(5, 2))
        _contact(s, aino, _d(7, 1), zeta)
        _job(s, "X-J8", clients[6], zeta, _d(7, 2))
    return SimpleNamespace(
        team=t.id, alfa=alfa, beeta=beeta, gamma=gamma, eta=eta, aalto=aalto, delta=delta
    )


def test_employer_register_by_hand(database, register_team):
    t = register_team
    with database.read() as s:
        rows = employer_register(s, t.team, ON)
    assert rows == [
        # Cold first: never contacted (by name), then the oldest last contact.
        EmployerRow(t.eta, "Eta Oy", None, None, 0, 0, 0, 1, None, True),
        EmployerRow(t.gamma, "Gamma Oy", None, None, 0, 0, 0, 2, None, True),
        EmployerRow(t.aalto, "Aalto Oy", None, _d(12, 1, 2025), 2, 2, 1, 0, 211, True),
        EmployerRow(t.beeta, "Beeta Oy", None, _d(4, 1), 2, 1, 2, 0, 90, True),
        # Warm, oldest last contact first.
        EmployerRow(t.alfa, "Alfa Oy", "Logistiikka", _d(4, 2), 3, 2, 2, 1, 89, False),
        EmployerRow(t.delta, "Delta Oy", None, ON, 1, 1, 1, 0, 0, False),
    ]


def test_employer_register_cold_days_and_an_earlier_date(database, register_team):
    t = register_team
    with database.read() as s:
        month = employer_register(s, t.team, ON, cold_days=30)  # warm from 06-01
        april = employer_register(s, t.team, _d(4, 1))  # warm from 2026-01-02
        january = employer_register(s, t.team, _d(1, 9))
    assert [(row.name, row.cold) for row in month] == [
        ("Eta Oy", True),
        ("Gamma Oy", True),
        ("Aalto Oy", True),
        ("Beeta Oy", True),
        ("Alfa Oy", True),  # 04-02: 89 days ≥ 30
        ("Delta Oy", False),
    ]
    # On 04-01: Alfa's contacts up to then are 01-10 (phone) and 03-01 (31 days ago) and
    # its job starts only 05-01; Beeta's 04-01 contact is on the day; Gamma's second job
    # and Delta lie ahead; Aalto's last contact is 31 + 31 + 28 + 31 = 121 days ago.
    assert april == [
        EmployerRow(t.eta, "Eta Oy", None, None, 0, 0, 0, 1, None, True),
        EmployerRow(t.gamma, "Gamma Oy", None, None, 0, 0, 0, 1, None, True),
        EmployerRow(t.aalto, "Aalto Oy", None, _d(12, 1, 2025), 2, 2, 1, 0, 121, True),
        EmployerRow(t.alfa, "Alfa Oy", "Logistiikka", _d(3, 1), 2, 1, 2, 0, 31, False),
        EmployerRow(t.beeta, "Beeta Oy", None, _d(4, 1), 2, 1, 2, 0, 0, False),
    ]
    # On 2026-01-09: Gamma's 2025 job and Aalto's contacts (39 days ago: warm).
    assert january == [
        EmployerRow(t.gamma, "Gamma Oy", None, None, 0, 0, 0, 1, None, True),
        EmployerRow(t.aalto, "Aalto Oy", None, _d(12, 1, 2025), 2, 2, 1, 0, 39, False),
    ]
