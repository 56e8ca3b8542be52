"""The management briefing (`ote.briefing`, `ote.briefing_pdf`): a hand-built team on SQLite
and PostgreSQL whose result measures and employment rates are worked out by hand below,
every count under 5 suppressed in the tables and in the PDF's text (with complementary
suppression where a total would give a small count away), no client code anywhere, and the
PDF in Finnish, Swedish and English.

As of Saturday 15.8.2026: the four quarters are 2025Q4 (1.10.–31.12.2025), 2026Q1, 2026Q2
and 2026Q3 cut at 15.8.2026; the whole span is 1.10.2025–15.8.2026.

Team T1 (one coach; no client has a job at its service start):

| group | clients | referred | service | jobs |
|---|---|---|---|---|
| A | ZQA01–ZQA10 | 1.9.2025 | 1.9.2025 – | A01–A06 competitive from 15.11.2025 |
| B | ZQB01–ZQB08 | 10.1.2026 | 10.1.2026 – | B01–B03 competitive from 20.5.2026; |
|   |   |   |   | B04–B06 not competitive 1.–31.3.2026 |
| C | ZQC01–ZQC05 | 5.4.2026 | 5.4.–30.6.2026 | C01–C02 competitive from 10.6.2026 |
| D | ZQD01–ZQD02 | 20.7.2026 | 1.8.2026 – | – |
| E | ZQE01 | 1.11.2025 | waiting | – |

Module 1, assessed: A on 1.12.2025 (A01–A05 go on to module 2, A06–A10 leave), B on
1.3.2026 (B01–B06 go on to 3A, B07 repeats module 1 – not going on –, B08 leaves), C on
1.6.2026 (C01–C02 go on, C03–C05 leave). Feedback: A01–A03 on 1.12.2025 (4, 5, 3), B01–B05
on 1.3.2026 (5, 4, 4, 3, 4), C01–C05 and B06 on 1.6.2026 (5, 5, 5, 4, 4, 3).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from team_builder import TeamBuilder

from ote import models as m
from ote.briefing import (
    Briefing,
    BriefingGoal,
    FidelityPoint,
    QuarterResults,
    actions_table,
    assessment_text,
    benchmarks_text,
    briefing,
    count_cells,
    fidelity_table,
    goals_table,
    ips_level,
    privacy_notes,
    quarter_results,
    results_table,
    steering_text,
)
from ote.briefing_pdf import briefing_pdf
from ote.i18n import Translator

AS_OF = date(2026, 8, 15)
CODES = "ZQ"  # every client code of the data starts so; none may reach the briefing


# ------------------------------------------------------------------------ the team
def _clients(b: TeamBuilder, group: str, count: int, referral: date, start, end=None):
    return [
        b.client(f"ZQ{group}{i:02d}", start=start, end=end, referral=referral)
        for i in range(1, count + 1)
    ]


def _module1(b: TeamBuilder, client: int, start: date, assessed: date, decision: str) -> None:
    b.rows.module(client, "1", start, assessed, assessed, decision)


def _assessment(s, team: int, key: str, day: date, score: int, status: str = "final") -> None:
    row = m.FidelityAssessment(
        key=key,
        team_id=team,
        date=day,
        status=status,
        finalised_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "final" else None,
    )
    s.add(row)
    s.flush()
    s.add_all(
        m.FidelityItemScore(assessment_id=row.id, item=item, score=score) for item in range(1, 26)
    )


def build(database) -> int:
    """Team T1 as the module text says, and a team T2 whose rows must not count; T1's id."""
    with database.write() as s:
        b = TeamBuilder(s, "T1", ["Coach"])
        a = _clients(b, "A", 10, date(2025, 9, 1), date(2025, 9, 1))
        bb = _clients(b, "B", 8, date(2026, 1, 10), date(2026, 1, 10))
        c = _clients(b, "C", 5, date(2026, 4, 5), date(2026, 4, 5), date(2026, 6, 30))
        _clients(b, "D", 2, date(2026, 7, 20), date(2026, 8, 1))
        _clients(b, "E", 1, date(2025, 11, 1), None)
        for client in a[:6]:
            b.job(client, date(2025, 11, 15))
        for client in bb[:3]:
            b.job(client, date(2026, 5, 20))
        for client in bb[3:6]:
            b.rows.job(
                client, b.employer_id, "siivous", date(2026, 3, 1), False, False, date(2026, 3, 31)
            )
        for client in c[:2]:
            b.job(client, date(2026, 6, 10))
        for i, client in enumerate(a):
            _module1(
                b,
                client,
                date(2025, 9, 1),
                date(2025, 12, 1),
                "next:2" if i < 5 else "exit:no_need",
            )
        decisions = ["next:3A"] * 6 + ["next:1", "exit:other_service"]
        for client, decision in zip(bb, decisions, strict=True):
            _module1(b, client, date(2026, 1, 10), date(2026, 3, 1), decision)
        for i, client in enumerate(c):
            _module1(
                b,
                client,
                date(2026, 4, 5),
                date(2026, 6, 1),
                "next:2" if i < 2 else "exit:declined",
            )
        scores = [
            (a[:3], date(2025, 12, 1), (4, 5, 3)),
            (bb[:5], date(2026, 3, 1), (5, 4, 4, 3, 4)),
            ([*c, bb[5]], date(2026, 6, 1), (5, 5, 5, 4, 4, 3)),
        ]
        feedback = [
            (client, day, score)
            for clients, day, given in scores
            for client, score in zip(clients, given, strict=True)
        ]
        s.add_all(
            m.Feedback(client_id=client, date=day, score=score, comment=f"Palaute {client}")
            for client, day, score in feedback
        )
        # Fidelity: 75 (fair) and 100 (good) final before as-of; a draft and a later final
        # do not count.
        _assessment(s, b.id, "T1-F1", date(2025, 12, 1), 3)
        _assessment(s, b.id, "T1-F2", date(2026, 6, 1), 4)
        _assessment(s, b.id, "T1-F3", date(2026, 8, 1), 5, status="draft")
        _assessment(s, b.id, "T1-F4", date(2026, 9, 1), 5)
        # Steering group: met 1.7.2026; 6 planned (one overdue), 2 in progress, 5 done.
        meeting = b.rows.add(m.SteeringMeeting(key="T1-M1", team_id=b.id, date=date(2026, 7, 1)))
        statuses = ["planned"] * 6 + ["in_progress"] * 2 + ["done"] * 5
        for n, status in enumerate(statuses, start=1):
            s.add(
                m.SteeringAction(
                    key=f"T1-A{n}",
                    team_id=b.id,
                    title=f"Toimenpide {n}: tue asiakasta ZQA0{n % 9 + 1}",
                    status=status,
                    owner="Johtaja",
                    created_on=date(2026, 7, 1),
                    due_date=date(2026, 8, 1) if n == 1 else date(2026, 12, 1),
                    done_on=date(2026, 7, 10) if status == "done" else None,
                    meeting_id=meeting.id,
                )
            )
        # Goals of 2026Q3; one for the coach alone and one of 2026Q2 are not in the briefing.
        goals = [
            ("employment_rate_ips", 41.0, None, "Seuraa asiakasta ZQA01"),
            ("employment_rate_out_of_work", 70.0, None, None),
            ("clients_referred", 10.0, None, None),
            ("clients_employed", 5.0, None, None),
            ("feedback_mean", 4.0, None, None),
            ("caseload_ratio", 20.0, b.coaches["Coach"], "ZQB02 siirtyy"),
        ]
        for measure, target, staff, note in goals:
            s.add(
                m.QuarterlyGoal(
                    team_id=b.id,
                    quarter="2026Q3",
                    measure=measure,
                    target=target,
                    staff_id=staff,
                    note=note,
                    owner="Tiiminvetäjä",
                )
            )
        s.add(m.QuarterlyGoal(team_id=b.id, quarter="2026Q2", measure="clients_referred", target=3))
        team = b.id
        # Team T2 in the same database: referrals, a job, feedback, a goal and an action.
        other = TeamBuilder(s, "T2", ["Muu"])
        for client in _clients(other, "X", 6, date(2026, 7, 1), date(2026, 7, 1)):
            other.job(client, date(2026, 7, 15))
            s.add(m.Feedback(client_id=client, date=date(2026, 7, 20), score=1))
        s.add(
            m.QuarterlyGoal(team_id=other.id, quarter="2026Q3", measure="feedback_mean", target=2)
        )
        s.add(m.SteeringAction(key="T2-A1", team_id=other.id, title="Muu", status="cancelled"))
    return team


@pytest.fixture
def team(database):
    return database, build(database)


def _quarter(label, first, last, **values) -> QuarterResults:
    fields = dict.fromkeys(
        (
            "referred",
            "continued_after_module1",
            "module1_assessed",
            "employed",
            "feedback_count",
            "ips_part",
            "ips_whole",
            "out_of_work_part",
            "out_of_work_whole",
        ),
        0,
    )
    fields |= {"feedback_mean": None, "ips_rate": None, "out_of_work_rate": None}
    return QuarterResults(quarter=label, first=first, last=last, **(fields | values))


# The figures of the module text, worked out by hand.
EXPECTED = [
    _quarter(
        "2025Q4",
        date(2025, 10, 1),
        date(2025, 12, 31),
        referred=1,  # E (A was referred in September)
        continued_after_module1=5,  # A01–A05
        module1_assessed=10,  # A
        employed=6,  # A01–A06
        feedback_count=3,
        feedback_mean=4.0,  # (4 + 5 + 3) / 3
        ips_rate=60.0,  # A01–A06 of the 10 A in service (E waits)
        ips_part=6,
        ips_whole=10,
        out_of_work_rate=60.0,  # the same six had started a job by 31.12.
        out_of_work_part=6,
        out_of_work_whole=10,
    ),
    _quarter(
        "2026Q1",
        date(2026, 1, 1),
        date(2026, 3, 31),
        referred=8,  # B
        continued_after_module1=6,  # B01–B06; B07 repeats module 1, B08 leaves
        module1_assessed=8,
        employed=3,  # B04–B06, jobs that are not competitive
        feedback_count=5,
        feedback_mean=4.0,  # (5 + 4 + 4 + 3 + 4) / 5
        ips_rate=100 * 6 / 18,  # A01–A06 of A and B; B04–B06's jobs are not competitive
        ips_part=6,
        ips_whole=18,
        out_of_work_rate=50.0,  # A01–A06 and B04–B06 of 18
        out_of_work_part=9,
        out_of_work_whole=18,
    ),
    _quarter(
        "2026Q2",
        date(2026, 4, 1),
        date(2026, 6, 30),
        referred=5,  # C
        continued_after_module1=2,  # C01–C02
        module1_assessed=5,
        employed=5,  # B01–B03, C01–C02
        feedback_count=6,
        feedback_mean=26 / 6,  # (5 + 5 + 5 + 4 + 4 + 3) / 6
        ips_rate=100 * 11 / 23,  # A01–A06, B01–B03, C01–C02 of A, B, C
        ips_part=11,
        ips_whole=23,
        out_of_work_rate=100 * 14 / 23,  # the eleven and B04–B06
        out_of_work_part=14,
        out_of_work_whole=23,
    ),
    _quarter(
        "2026Q3",
        date(2026, 7, 1),
        date(2026, 8, 15),
        referred=2,  # D
        ips_rate=45.0,  # A01–A06, B01–B03 of A, B, D (C ended 30.6.)
        ips_part=9,
        ips_whole=20,
        out_of_work_rate=60.0,  # A01–A06, B01–B06 of 20
        out_of_work_part=12,
        out_of_work_whole=20,
    ),
]
EXPECTED_TOTAL = _quarter(
    "2025Q4–2026Q3",
    date(2025, 10, 1),
    AS_OF,
    referred=16,  # 1 + 8 + 5 + 2
    continued_after_module1=13,  # 5 + 6 + 2
    module1_assessed=23,  # 10 + 8 + 5
    employed=14,  # 6 + 3 + 5, all different clients
    feedback_count=14,  # 3 + 5 + 6
    feedback_mean=58 / 14,  # (12 + 20 + 26) / 14
    ips_rate=44.0,  # A01–A06, B01–B03, C01–C02 of A, B, C, D
    ips_part=11,
    ips_whole=25,
    out_of_work_rate=56.0,  # the eleven and B04–B06 of 25
    out_of_work_part=14,
    out_of_work_whole=25,
)

# The results table in English: "< 5" for counts under 5; in a row whose total would give
# one small quarter away, the smallest other quarter hidden too; "–" for a rate whose part,
# rest or whole is small or hidden, or a mean of fewer than 5 answers or a hidden count.
RESULTS_EN = [
    ["Measure", "2025Q4", "2026Q1", "2026Q2", "2026Q3 (until 15.8.2026)", "Whole period"],
    # 1 and 2 are small: they hide each other.
    ["Clients referred to the service", "< 5", "8", "5", "< 5", "16"],
    ["Module 1 assessments", "10", "8", "5", "0", "23"],
    # 5/10 shown; 6/8 leaves 2 (small); 2/5 has a small part; no assessments; 13/23.
    ["Share who continued after module 1", "50 %", "–", "–", "–", "57 %"],
    # 3 is small, and 14 − 6 − 0 would give it away: the 5 of 2026Q2 is hidden too.
    ["Clients who found a job", "6", "< 5", "< 5", "0", "14"],
    # 3 is small, so the 5 of 2026Q1 goes too (14 − 6).
    ["Client feedback", "< 5", "< 5", "6", "0", "14"],
    # Means of 3 answers and of a hidden count are not shown.
    ["Average client feedback (1–5)", "–", "–", "4,3", "–", "4,1"],
    ["Clients in the service", "10", "18", "23", "20", "25"],
    # 6/10 leaves 4 (small).
    ["Employment rate (IPS)", "–", "33 %", "48 %", "45 %", "44 %"],
    ["Level against the IPS benchmarks", "–", "minimum", "average", "average", "average"],
    ["Clients who started out of work", "10", "18", "23", "20", "25"],
    ["Employed among clients who started out of work", "–", "50 %", "61 %", "60 %", "56 %"],
    ["Benchmark 40 % reached", "–", "yes", "yes", "yes", "yes"],
]

GOALS_EN = [
    ["Measure", "Target", "Actual", "Reached"],
    ["Employment rate (IPS)", "41 %", "45 %", "reached so far"],  # 9/20
    ["Employed among clients out of work", "70 %", "60 %", "not yet"],  # 12/20
    ["Clients referred to the service", "10", "< 5", "–"],  # 2: its verdict hidden too
    ["Clients who found a job", "5", "0", "not yet"],
    ["Average client feedback", "4,0", "–", "–"],  # no feedback yet
]

ACTIONS_EN = [
    ["Status", "Actions"],
    ["Planned", "6"],
    ["In progress", "2"],  # the group's own actions, not people: shown as they are
    ["Done", "5"],
    ["Cancelled", "0"],
    ["Overdue of the open ones", "1"],  # T1-A1, due 1.8.2026
]


def plain(rows: list[list[str]]) -> list[list[str]]:
    """Table cells with the no-break space of `41 %` as a plain space."""
    return [[cell.replace("\u00a0", " ") for cell in row] for row in rows]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def row_text(row: list[str]) -> str:
    return " ".join(" ".join(row).replace("\u00a0", " ").split())


# ------------------------------------------------------------------- the figures
def test_quarter_results_are_worked_out_by_hand(team):
    database, team_id = team
    with database.read() as s:
        found = quarter_results(s, team_id, AS_OF)
        b = briefing(s, team_id, AS_OF, "en")
    assert found == b.results
    assert [q.quarter for q in found] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    for got, expected in zip([*found, b.total], [*EXPECTED, EXPECTED_TOTAL], strict=True):
        for name in QuarterResults.__dataclass_fields__:
            value, hand = getattr(got, name), getattr(expected, name)
            if isinstance(hand, float):
                assert value == pytest.approx(hand, abs=1e-9), (got.quarter, name)
            else:
                assert value == hand, (got.quarter, name)


def test_the_briefing_holds_fidelity_goals_actions_and_the_next_dates(team):
    database, team_id = team
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, "fi")
    assert b.team_name == "Tiimi T1"
    assert (b.as_of, b.language, b.goal_quarter) == (AS_OF, "fi", "2026Q3")
    # Final assessments up to as-of: 25 × 3 and 25 × 4 (the draft and the later one not).
    assert b.fidelity == [
        FidelityPoint(date(2025, 12, 1), 75, "Kohtalainen taso"),
        FidelityPoint(date(2026, 6, 1), 100, "Hyvä taso"),
    ]
    # A total of 100: assessed yearly, the steering group meets every six months.
    assert b.next_assessment == date(2027, 6, 1)
    assert (b.next_steering, b.steering_met, b.steering_months) == (date(2027, 1, 1), True, 6)
    assert b.action_counts == {
        "planned": 6,
        "in_progress": 2,
        "done": 5,
        "cancelled": 0,
        "overdue": 1,
    }
    # The team's own goals of 2026Q3, in GoalMeasure order; not the coach's, nor 2026Q2's.
    assert [(g.measure, g.target, g.final) for g in b.goals] == [
        ("employment_rate_ips", 41.0, False),
        ("employment_rate_out_of_work", 70.0, False),
        ("clients_referred", 10.0, False),
        ("clients_employed", 5.0, False),
        ("feedback_mean", 4.0, False),
    ]
    ips, out_of_work, referred, employed, feedback = b.goals
    assert (ips.actual, ips.part, ips.whole, ips.met) == (45.0, 9, 20, True)
    assert (out_of_work.actual, out_of_work.part, out_of_work.whole) == (60.0, 12, 20)
    assert out_of_work.met is False
    assert (referred.actual, referred.met) == (2.0, False)
    assert (employed.actual, employed.met) == (0.0, False)
    assert (feedback.actual, feedback.met, feedback.whole) == (None, None, None)


def test_the_tables_suppress_every_small_count(team):
    database, team_id = team
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, "en")
    t = Translator("en")
    assert plain(results_table(b, t)) == RESULTS_EN
    assert plain(goals_table(b, t)) == GOALS_EN
    assert actions_table(b, t) == ACTIONS_EN
    assert fidelity_table(b, t) == [
        ["Assessment date", "Total score", "Level"],
        ["1.12.2025", "75", "Fair level"],
        ["1.6.2026", "100", "Good level"],
    ]
    assert steering_text(b, t) == (
        "The steering committee has met on schedule; the next meeting is due by 1.1.2027 "
        "(every 6 months)."
    )
    assert assessment_text(b, t) == "Next assessment due by 1.6.2027."


def test_no_client_code_or_client_text_is_in_the_briefing(team):
    database, team_id = team
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, "fi")
    assert CODES not in repr(b)
    assert "Palaute" not in repr(b)  # feedback comments
    assert "Toimenpide" not in repr(b)  # action titles
    for language in ("fi", "sv", "en"):
        t = Translator(language)
        tables = [results_table(b, t), goals_table(b, t), actions_table(b, t)]
        assert CODES not in repr(tables)


# ------------------------------------------------------------------------- the PDF
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "fi",
            [
                "Johdon katsaus",
                "Tiimi T1 – tilanne 15.8.2026",
                "Laatukriteerit: yhteispisteet ja taso",
                "Tulokset vuosineljänneksittäin",
                "Vuosineljänneksen 2026Q3 tavoitteet",
                "Ohjausryhmän toimenpiteet",
                "Ohjausryhmän kokoukset ja seuraava arviointi",
                'Lukumäärät, jotka ovat alle 5, näytetään muodossa "< 5".',
            ],
        ),
        (
            "sv",
            [
                "Ledningens översikt",
                "Tiimi T1 – läget 15.8.2026",
                "Kvalitetskriterier: sammanlagda poäng och nivå",
                "Resultat per kvartal",
                "Målen för kvartalet 2026Q3",
                "Styrgruppens åtgärder",
                "Styrgruppens möten och nästa bedömning",
                'Antal under 5 visas som "< 5".',
            ],
        ),
        (
            "en",
            [
                "Management briefing",
                "Tiimi T1 – as of 15.8.2026",
                "Fidelity scale: total score and level",
                "Results by quarter",
                "Goals for the quarter 2026Q3",
                "Steering committee actions",
                "Steering committee meetings and the next assessment",
                'Counts under 5 are shown as "< 5".',
            ],
        ),
    ],
)
def test_the_pdf_is_in_the_briefings_language(team, language, headings):
    database, team_id = team
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, language)
    content = briefing_pdf(b)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for heading in headings:
        assert heading in text, heading
    t = Translator(language)
    # Every table and sentence of the briefing, as the helpers give it.
    for rows in (results_table(b, t), goals_table(b, t), actions_table(b, t)):
        for row in rows:
            assert row_text(row) in text, row
    for line in [steering_text(b, t), assessment_text(b, t), *privacy_notes(b, t)]:
        assert " ".join(line.split()) in text
    # The employment rates' definitions from the metrics catalog, with the benchmarks.
    assert " ".join(benchmarks_text(b, t).split()) in " ".join(text.split())
    assert all(re.search(rf"{value}\s?%", text) for value in (31, 41, 50, 40))
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(content)).pages) <= 2


def test_the_pdf_shows_small_counts_as_under_five_and_no_client_code(team):
    database, team_id = team
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, "en")
    text = pdf_text(briefing_pdf(b))
    # The rows of the hand-worked table, small counts and their complements hidden.
    assert "Clients who found a job 6 < 5 < 5 0 14" in text  # not 3, not 5
    assert "Client feedback < 5 < 5 6 0 14" in text  # not 3, not 5
    assert "Clients referred to the service < 5 8 5 < 5 16" in text  # not 1, not 2
    assert "Share who continued after module 1 50 % – – – 57 %" in text  # not 2/5 = 40 %
    assert "Employment rate (IPS) – 33 % 48 % 45 % 44 %" in text  # not 6/10 = 60 %
    assert "Clients referred to the service 10 < 5 –" in text  # the goal: 2
    assert "In progress 2" in text and "Overdue of the open ones 1" in text  # not people
    assert CODES not in text
    assert "Palaute" not in text and "Toimenpide" not in text and "Seuraa" not in text


def test_a_team_with_no_records_gets_a_briefing_with_nothing_to_show(database):
    with database.write() as s:
        team_id = TeamBuilder(s, "T9", ["Yksin"]).id
    with database.read() as s:
        b = briefing(s, team_id, AS_OF, "en")
    t = Translator("en")
    assert b.fidelity == [] and b.goals == [] and b.next_assessment is None
    assert (b.next_steering, b.steering_met, b.steering_months) == (None, False, 3)
    counts = {1, 2, 4, 5, 7, 10}  # the rows of counts; the others are rates and means
    assert plain(results_table(b, t))[1:] == [
        [row[0], *(["0"] * 5 if index in counts else ["–"] * 5)]
        for index, row in enumerate(RESULTS_EN[1:], start=1)
    ]
    text = pdf_text(briefing_pdf(b))
    assert "The team has no finalised assessments yet." in text
    assert "No team goals have been set for the quarter 2026Q3." in text
    assert "No steering committee meetings have been recorded." in text
    assert steering_text(b, t) in text and assessment_text(b, t) in text


# ------------------------------------------------- suppression across the tables
def _briefing(results, total, goals=(), language="en") -> Briefing:
    return Briefing(
        team_name="Tiimi",
        as_of=results[-1].last,
        language=language,
        fidelity=[],
        next_assessment=None,
        results=list(results),
        total=total,
        goal_quarter=results[-1].quarter,
        goals=list(goals),
        action_counts={},
        next_steering=None,
        steering_met=False,
    )


Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
SPAN = (date(2026, 1, 1), date(2026, 6, 30))


def test_a_rate_or_mean_whose_whole_is_hidden_is_hidden_too():
    """A shown rate needs a whole of at least 5: beside a whole hidden only to protect
    another quarter, it would tell the whole is not small, and the hidden small count
    could be worked out from the total."""
    results = [
        _quarter("2026Q1", *Q1, ips_part=0, ips_whole=3, feedback_count=3, feedback_mean=4.0),
        _quarter(
            "2026Q2",
            *Q2,
            ips_part=6,
            ips_whole=12,
            ips_rate=50.0,
            feedback_count=6,
            feedback_mean=3.5,
            module1_assessed=10,
            continued_after_module1=5,
        ),
    ]
    total = _quarter(
        "2026Q1–2026Q2",
        *SPAN,
        ips_part=6,
        ips_whole=14,
        ips_rate=100 * 6 / 14,
        feedback_count=9,
        feedback_mean=11 / 3,
        module1_assessed=10,
        continued_after_module1=5,
    )
    b = _briefing(results, total)
    rows = {row[0]: row[1:] for row in plain(results_table(b, Translator("en")))}
    # 3 is small; 12 is hidden with it, so 6/12 = 50 % is not shown either.
    assert rows["Clients in the service"] == ["< 5", "< 5", "14"]
    assert rows["Employment rate (IPS)"] == ["–", "–", "43 %"]
    assert rows["Level against the IPS benchmarks"] == ["–", "–", "average"]
    assert rows["Client feedback"] == ["< 5", "< 5", "9"]
    assert rows["Average client feedback (1–5)"] == ["–", "–", "3,7"]
    # 10 assessments in one quarter only: nothing small, 5 of 10 shown.
    assert rows["Share who continued after module 1"] == ["–", "50 %", "50 %"]


def test_a_goal_follows_the_results_tables_cells():
    """A goal whose actual is a count of the current quarter, or rests on one, is hidden
    wherever the results table hides that count – also where only the complement is."""
    results = [
        _quarter("2026Q1", *Q1, referred=3, employed=3, ips_whole=4),
        _quarter("2026Q2", *Q2, referred=10, employed=5, ips_part=5, ips_whole=10, ips_rate=50.0),
    ]
    total = _quarter(
        "2026Q1–2026Q2", *SPAN, referred=13, employed=8, ips_part=5, ips_whole=12, ips_rate=41.7
    )
    goals = [
        BriefingGoal("clients_employed", 4.0, 5.0, True, False, 5, 5),  # 5 hidden beside 3
        BriefingGoal("employment_rate_ips", 40.0, 50.0, True, False, 5, 10),  # whole hidden
        BriefingGoal("attached_referral_share", 50.0, 50.0, True, False, 5, 10),  # of referred
        BriefingGoal("competitive_permanent_share", 80.0, 50.0, False, False, 5, 10),
        BriefingGoal("competitive_permanent_share", 80.0, 75.0, False, True, 3, 4),
        BriefingGoal("days_to_first_employer_contact", 30.0, 12.5, True, False, None, 4),
        BriefingGoal("days_to_first_employer_contact", 30.0, 40.0, False, True, None, 5),
        BriefingGoal("clients_referred", 5.0, 3.0, False, True),  # a stored count: small
        BriefingGoal("clients_employed", 5.0, 7.0, True, True),  # a stored count
        BriefingGoal("employment_rate_ips", 40.0, 45.0, True, True),  # stored: no basis
        BriefingGoal("coaching_share", 90.0, 92.6, True, True),  # rests on staff
        BriefingGoal("employer_contacts_per_week", 6.0, None, None, False),
    ]
    b = _briefing(results, total, goals)
    rows = plain(goals_table(b, Translator("en")))[1:]
    assert [row[2:] for row in rows] == [
        ["< 5", "–"],
        ["–", "–"],
        ["–", "–"],
        ["50 %", "not yet"],  # 5 of 10 jobs: shown
        ["–", "–"],  # 3 of 4 jobs
        ["–", "–"],  # a mean of 4 clients
        ["40,0", "not reached"],
        ["< 5", "–"],
        ["7", "reached"],
        ["–", "–"],
        ["93 %", "reached"],
        ["–", "–"],
    ]
    assert count_cells(b)["employed"] == ["< 5", "< 5", "8"]


@pytest.mark.parametrize(
    ("rate", "level"),
    [
        (None, None),
        (0.0, "below"),
        (30.999, "below"),
        (31.0, "minimum"),
        (40.99, "minimum"),
        (41.0, "average"),
        (100 * 41 / 100, "average"),
        (49.9, "average"),
        (50.0, "excellent"),
    ],
)
def test_ips_levels_are_the_benchmarks(rate, level):
    assert ips_level(rate) == level


def test_the_out_of_work_benchmark_is_reached_at_forty_percent():
    def reached(part: int, whole: int) -> str:
        q = _quarter(
            "2026Q2",
            *Q2,
            out_of_work_part=part,
            out_of_work_whole=whole,
            out_of_work_rate=100 * part / whole,
        )
        b = _briefing([q], q)
        return results_table(b, Translator("en"))[-1][1]

    assert reached(8, 20) == "yes"  # 40 %
    assert reached(7, 20) == "no"  # 35 %
