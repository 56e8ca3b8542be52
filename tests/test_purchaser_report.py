"""The provider's report to the purchaser (DOMAIN.md §2; seed 000 "Tulosten arvioiminen",
seed 004's law-based periods): the figures of a hand-built quarter on SQLite and PostgreSQL,
every one worked out by hand beside it; small counts as "< 5" in the rows, the PDF and the
workbook; no client code in either; Swedish and English headings.

The quarter is Q2 2026, 1.4.–30.6.2026. Team "Tiimi Pohjoinen" (coach Vilja Virtanen) has
these clients, all coded "ZQ…" so that a leak of any code is easy to find:

- ZQA1 … ZQA8 referred 10.4.2026; A1 … A6 started 20.4.2026, A7 and A8 are waiting;
- ZQE1 referred 31.3.2026 (before Q2), started 1.4.2026 (Q2's first day);
- ZQL1 referred 1.7.2026 (after Q2), waiting;
- ZQB1 … ZQB10 referred 1.5.2025, started 1.6.2025, still in service;
- ZQD1 … ZQD4 referred 1.5.2025, started 1.6.2025, ended 1.4.2026 (D1, Q2's first day),
  30.6.2026 (D2, its last day), 31.3.2026 (D3, before) and 1.7.2026 (D4, after).

Another team ("Tiimi Etelä", client ZQO1) has a referral, a job, feedback, an assessment and
a law period in Q2: none of them may count.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from team_builder import DatabaseBuilder

from ote import models as m
from ote.enums import CoachingGoal
from ote.i18n import Translator
from ote.metrics.pathway import continued_after_module1
from ote.purchaser_report import (
    LawPeriodOutcomes,
    PurchaserReport,
    flow_rows,
    purchaser_report,
    report_pdf,
    report_rows,
    report_xlsx,
)

FIRST, LAST = date(2026, 4, 1), date(2026, 6, 30)
TEAM_NAME = "Tiimi Pohjoinen"
COACH_NAME = "Vilja Virtanen"
CODE_MARK = "ZQ"  # every client code starts with it
NBSP = "\u00a0"


# ------------------------------------------------------------------------ the quarter
@pytest.fixture
def quarter(database):
    """The hand-built team; returns (database, team id, other team id)."""
    with database.write() as s:
        b = DatabaseBuilder(s, "P")
        team = b.team(TEAM_NAME)
        coach = b.staff(team, COACH_NAME)
        source = b.source(team)
        employer = b.employer()

        def client(code, referral, start=None, end=None):
            return b.client(team, coach, source, code, referral, start, end)

        a = [client(f"ZQA{n}", date(2026, 4, 10), date(2026, 4, 20)) for n in range(1, 7)]
        client("ZQA7", date(2026, 4, 10))
        client("ZQA8", date(2026, 4, 10))
        e1 = client("ZQE1", date(2026, 3, 31), date(2026, 4, 1))
        client("ZQL1", date(2026, 7, 1))
        old = (date(2025, 5, 1), date(2025, 6, 1))
        bs = [client(f"ZQB{n}", *old) for n in range(1, 11)]
        client("ZQD1", *old, date(2026, 4, 1))
        client("ZQD2", *old, date(2026, 6, 30))
        d3 = client("ZQD3", *old, date(2026, 3, 31))
        d4 = client("ZQD4", *old, date(2026, 7, 1))

        # Jobs.
        for row in bs[:6]:  # B1 … B6: a competitive job from 4.5.2026
            b.job(row, employer, "siivous", date(2026, 5, 4))
        b.job(bs[0], employer, "varasto", date(2026, 6, 1))  # B1 again: one client still
        b.job(bs[6], employer, "siivous", date(2025, 10, 1))  # B7: since 2025, still going
        b.job(bs[7], employer, "siivous", date(2026, 5, 4), competitive=False)  # B8
        b.job(a[0], employer, "siivous", date(2026, 6, 1))  # A1
        b.job(a[1], employer, "siivous", date(2026, 7, 1))  # A2: after Q2
        b.job(d3, employer, "siivous", date(2026, 2, 1))  # D3: out of service in Q2
        # D4 had a job when its service started (1.6.2025), ended before Q2.
        b.job(d4, employer, "siivous", date(2025, 5, 1), end=date(2025, 12, 31))

        # Client feedback: 5 + 4 + 4 + 3 + 5 = 21 in Q2; one on each side of it.
        for row, day, score in (
            (bs[0], date(2026, 4, 1), 5),
            (bs[1], date(2026, 5, 2), 4),
            (bs[2], date(2026, 5, 3), 4),
            (bs[3], date(2026, 6, 1), 3),
            (bs[4], date(2026, 6, 30), 5),
            (bs[5], date(2026, 3, 31), 1),  # before Q2
            (bs[6], date(2026, 7, 1), 1),  # after Q2
        ):
            b.add(m.Feedback(client_id=row.id, date=day, score=score))

        # Module assessments.
        decisions = ["next:2", "next:2", "next:3A", "next:3B", "next:1", "exit:no_need"]
        for row, decision in zip(a, decisions, strict=True):
            b.module(row, "1", date(2026, 4, 20), date(2026, 5, 15), date(2026, 5, 20), decision)
        b.module(e1, "1", date(2026, 4, 1), date(2026, 4, 20), date(2026, 4, 25), "next:2")
        b.module(bs[0], "1", date(2025, 6, 1), date(2025, 7, 1), date(2026, 3, 31), "next:2")
        for row in bs[:6]:
            b.module(row, "3A", date(2026, 1, 10), date(2026, 5, 1), date(2026, 5, 3), "next:4")
        b.module(bs[6], "2", date(2026, 1, 10), date(2026, 5, 1), date(2026, 5, 10))  # no decision

        # Law-based periods ending in Q2: P1 … P8 (B1 … B8) 2.3.–29.5.2026 with a meeting
        # every week, P9 (B9) 20.–28.5.2026 (9 days: too short), P10 (B10) 1.4.–30.6.2026
        # with no meeting in the week 6.–12.5.
        goals = {
            0: ["employment_or_studies", "job_search_skills"],  # reached
            1: ["job_search_skills", "job_opportunities", "working_life_skills"],  # reached
            2: ["realistic_plan"],  # + next steps: reached
            3: ["job_search_skills"],
            4: [],  # next steps: reached
            5: ["job_search_skills", "contract_support"],  # reached
            6: ["working_life_skills"],
            7: [],
            8: ["job_search_skills"],
            9: [],
        }
        feedback = ["arvi"] * 5 + ["written"] * 2 + [None] * 3
        periods = []
        for index, row in enumerate(bs):
            if index < 8:
                start, end = date(2026, 3, 2), date(2026, 5, 29)
                b.weekly_meetings(row, coach, start, end)
            elif index == 8:
                start, end = date(2026, 5, 20), date(2026, 5, 28)
                b.contact(row, coach, start)
            else:
                start, end = date(2026, 4, 1), date(2026, 6, 30)
                b.weekly_meetings(row, coach, start, date(2026, 4, 29))
                b.weekly_meetings(row, coach, date(2026, 5, 13), end)
            period = b.period(
                row,
                start,
                end,
                start_notice_on=start,
                end_notice_on=end if index < 7 else None,
                feedback=feedback[index],
                next_steps_set=index in (2, 4),
            )
            for goal in goals[index]:
                b.add(m.CoachingPeriodGoal(period_id=period.id, goal=goal))
            periods.append(period)
        # B1's period in 2025 ended before Q2 (and is too short); B3's second ends after it.
        early = b.period(
            bs[0],
            date(2025, 10, 1),
            date(2025, 10, 5),
            start_notice_on=date(2025, 10, 1),
            end_notice_on=date(2025, 10, 5),
            feedback="written",
            next_steps_set=True,
        )
        b.add(m.CoachingPeriodGoal(period_id=early.id, goal="employment_or_studies"))
        late = b.period(
            bs[2],
            date(2026, 6, 8),
            date(2026, 7, 1),
            start_notice_on=date(2026, 6, 8),
            feedback="arvi",
            next_steps_set=True,
        )
        b.weekly_meetings(bs[2], coach, date(2026, 6, 8), date(2026, 7, 1))
        for goal in ("employment_or_studies", "contract_support"):
            b.add(m.CoachingPeriodGoal(period_id=late.id, goal=goal))

        # The other team: everything in Q2.
        other = b.team("Tiimi Etelä")
        other_coach = b.staff(other, "Olli Muu")
        o1 = b.client(other, other_coach, b.source(other), "ZQO1", FIRST, date(2026, 4, 2))
        b.job(o1, employer, "siivous", date(2026, 5, 1))
        b.add(m.Feedback(client_id=o1.id, date=date(2026, 5, 1), score=1))
        b.module(o1, "1", FIRST, date(2026, 4, 20), date(2026, 4, 21), "next:2")
        other_period = b.period(
            o1, FIRST, date(2026, 4, 10), start_notice_on=FIRST, feedback="arvi"
        )
        b.add(m.CoachingPeriodGoal(period_id=other_period.id, goal="job_search_skills"))
        team_id, other_id = team.id, other.id
    return database, team_id, other_id


EXPECTED_LAW = LawPeriodOutcomes(
    periods_ended=10,  # P1 … P10 (P10 ends on Q2's last day); not B1's 2025 one, not B3's late
    result_reached=5,  # P1, P2, P6 (two goals or more), P3 and P5 (next steps)
    goals={
        "employment_or_studies": 1,  # P1
        "job_search_skills": 5,  # P1, P2, P4, P6, P9
        "job_opportunities": 1,  # P2
        "working_life_skills": 2,  # P2, P7
        "contract_support": 1,  # P6
        "realistic_plan": 1,  # P3
    },
    feedback={"arvi": 5, "written": 2, "none": 3},  # P1–P5, P6–P7, P8–P10
    start_notices=10,  # all ten
    end_notices=7,  # P1 … P7
    rule_breaks=2,  # P9 too short, P10 a week without a meeting
)


def test_the_figures_of_a_hand_built_quarter(quarter):
    database, team, _ = quarter
    with database.read() as s:
        report = purchaser_report(s, team, FIRST, LAST)
        pathway = continued_after_module1(s, team, LAST, (LAST - FIRST).days + 1)
    assert (report.team_name, report.first, report.last, report.language) == (
        TEAM_NAME,
        FIRST,
        LAST,
        "fi",
    )
    assert report.referred == 8  # A1 … A8 (not E1 on 31.3., not L1 on 1.7.)
    assert report.started == 7  # A1 … A6, E1 (on 1.4.)
    assert report.ended == 2  # D1 (1.4.), D2 (30.6.); not D3 (31.3.) nor D4 (1.7.)
    assert report.module1_assessed == 7  # A1 … A6, E1; not B1 (31.3.) nor the other team
    assert report.continued_after_module1 == 5  # A1, A2, A3, A4, E1; not A5 (1 again), A6
    # … the same as pathway.continued_after_module1 for the same 91 days
    assert (pathway.first, pathway.last) == (FIRST, LAST)
    assert pathway.basis_params == {"continued": 5, "assessed": 7}
    assert report.employed == 8  # B1 (two jobs) … B6, B8 (any job), A1; not A2 (1.7.)
    assert report.feedback_count == 5
    assert report.feedback_mean == pytest.approx(4.2)  # 21 / 5
    # In service during Q2: A1 … A6, E1, B1 … B10, D1, D2, D4 = 20 (not D3, A7, A8, L1).
    # Worked in a competitive job then: B1 … B6, B7 (since 2025), A1 = 8 (B8's is not
    # competitive, D4's ended in 2025).
    assert (report.ips_part, report.ips_whole) == (8, 20)
    assert report.ips_rate == pytest.approx(40.0)
    # No job at their start: the 20 but D4 = 19; a job started by 30.6.: B1 … B8, A1 = 9.
    assert (report.out_of_work_part, report.out_of_work_whole) == (9, 19)
    assert report.out_of_work_rate == pytest.approx(900 / 19)  # 47.37 %
    assert report.module_flows == [
        ("1", "1", 1),  # A5
        ("1", "2", 3),  # A1, A2, E1
        ("1", "3A", 1),  # A3
        ("1", "3B", 1),  # A4
        ("1", "exit:no_need", 1),  # A6
        ("3A", "4", 6),  # B1 … B6 (B7's module 2 has no decision)
    ]
    assert report.law == EXPECTED_LAW


EXPECTED_ROWS_FI = [
    ("Palveluun ohjautuneet asiakkaat", "8"),
    ("Palvelun aloittaneet asiakkaat", "7"),
    ("Asiakkaat, joiden palvelu päättyi", "< 5"),  # 2
    ("Moduulin 1 arvioinnit", "7"),
    # 5 of 7: the other 2 could be worked out from 7 − 5, so 5 is hidden too
    ("… joissa päätettiin jatkaa toiseen moduuliin", "< 5"),
    ("Moduuli 1:stä jatkaneiden osuus", "–"),  # 71 %, but 2 did not go on
    ("Työllistyneet asiakkaat", "8"),
    ("Asiakaspalautteet", "5"),
    ("Asiakaspalautteiden keskiarvo (1–5)", "4,2"),
    ("Palvelussa olleet asiakkaat", "20"),
    ("… joista työssä avoimilla työmarkkinoilla", "8"),
    ("Työllisyysaste (IPS)", f"40{NBSP}%"),
    ("Palvelussa olleet asiakkaat, joilla ei ollut työtä palvelun alkaessa", "19"),
    ("… joista aloitti työn ajanjakson loppuun mennessä", "9"),
    ("Työttömänä aloittaneiden työllistymisaste", f"47{NBSP}%"),
    # Module 1's flows: the four that went on (3 + 1 + 1) and the two that did not (1 + 1)
    ("1. Valmennuksen aloitus → 1. Valmennuksen aloitus", "< 5"),
    ("1. Valmennuksen aloitus → 2. Ammattiprofiili ja työnhakusuunnitelma", "< 5"),
    ("1. Valmennuksen aloitus → 3A. Työnhaun tuki", "< 5"),
    ("1. Valmennuksen aloitus → 3B. Intensiivinen työnhaun tuki", "< 5"),
    ("1. Valmennuksen aloitus → Ei työhönvalmennuksen tuen tarvetta", "< 5"),
    ("3A. Työnhaun tuki → 4. Työn aloituksen tuki", "6"),
    ("Ajanjaksolla päättyneet työhönvalmennusjaksot", "10"),
    (
        "… joissa tulos saavutettiin (vähintään kaksi tavoitetta tai konkreettiset jatkoaskeleet)",
        "5",
    ),
    ("… joissa saavutettiin tavoite: Työllistyminen tai koulutuksen aloittaminen", "< 5"),
    ("… joissa saavutettiin tavoite: Työnhakutaitojen kehittyminen", "5"),
    ("… joissa saavutettiin tavoite: Työmahdollisuuksien kartoittaminen", "< 5"),
    ("… joissa saavutettiin tavoite: Työelämävalmiuksien parantuminen", "< 5"),
    ("… joissa saavutettiin tavoite: Tuki työsuhteen solmimiseen ja vakiintumiseen", "< 5"),
    (
        "… joissa saavutettiin tavoite: Realistinen päätös ja suunnitelma koulutukseen tai "
        "työhön hakeutumisesta",
        "< 5",
    ),
    ("… palaute: ARVI-palaute", "5"),
    ("… palaute: Kirjallinen palaute", "< 5"),  # 2
    ("… palaute: ei palautetta", "< 5"),  # 3
    ("… joista aloitusilmoitus tehty", "10"),
    ("… joista päättymisilmoitus tehty", "< 5"),  # 7 of 10: the 3 without one show
    ("… joissa poikkeama jakson säännöistä", "< 5"),  # 2
]


def test_report_rows_show_every_small_count_as_less_than_five(quarter):
    database, team, _ = quarter
    with database.read() as s:
        report = purchaser_report(s, team, FIRST, LAST)
    assert report_rows(report, Translator("fi")) == EXPECTED_ROWS_FI


# ------------------------------------------------------------------ PDF and XLSX
def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def as_in_pdf(text: str) -> str:
    """A text as the PDF's built-in fonts write it (see sheet_pdf's stand-ins)."""
    return " ".join(text.replace("→", "->").split())


def workbook(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def every_cell(book) -> list[str]:
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def figure_rows(book) -> list[tuple[str, str]]:
    """The (label, value) rows under the header of the figures sheet, values as text."""
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(
        i for i, row in enumerate(rows) if row and row[0] in {"Osio", "Avsnitt", "Section"}
    )
    return [(label, str(value)) for _, label, value in rows[header + 1 :]]


def test_the_pdf_holds_every_row_as_shown_and_no_client_code(quarter):
    database, team, _ = quarter
    with database.read() as s:
        report = purchaser_report(s, team, FIRST, LAST)
    content = report_pdf(report)
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = pdf_text(content)
    for heading in (
        "Palveluntuottajan raportti palvelunostajalle",
        "Palveluntuottaja Tiimi Pohjoinen",
        "Ajanjakso 1.4.2026–30.6.2026",
        "Tulosten arvioiminen",
        "Työllistyminen",
        "Moduulien arvioinnit: seuraava moduuli tai palvelusta siirtyminen",
        "Työhönvalmennusjaksot (laki työvoimapalvelujen järjestämisestä 6 luku 53 §)",
        "näytetään muodossa ”< 5”",
        "työllisyysaste (IPS) vähintään 31 %, keskimäärin 41 %, erinomainen 50 %",
    ):
        assert as_in_pdf(heading) in text, heading
    # Every figure with its value, in order; the module flows as a table of three columns.
    flows = {f"{a} → {b}" for a, b, _ in flow_rows(report, Translator("fi"))}
    position = 0
    for label, value in EXPECTED_ROWS_FI:
        if label in flows:
            source, target = label.split(" → ")
            expected = as_in_pdf(f"{source} {target} {value}")
        else:
            expected = as_in_pdf(f"{label} {value}")
        found = text.find(expected, position)
        assert found >= 0, expected
        position = found + len(expected)
    assert text.count("< 5") >= sum(value == "< 5" for _, value in EXPECTED_ROWS_FI)
    assert CODE_MARK not in text
    assert COACH_NAME not in text
    # How the figures are counted: the registry's definitions where it has the figure.
    from ote.metrics.definitions import counted_text

    for figure in ("employment_rate_ips", "employment_rate_out_of_work", "clients_employed"):
        assert as_in_pdf(counted_text(figure, "fi")) in text, figure


def test_the_workbook_holds_the_rows_as_shown_and_no_client_code(quarter):
    database, team, _ = quarter
    with database.read() as s:
        report = purchaser_report(s, team, FIRST, LAST)
    book = workbook(report_xlsx(report))
    assert book.sheetnames == ["Raportti", "Moduulien arvioinnit"]
    first = list(book.worksheets[0].iter_rows(values_only=True))
    assert first[0][0] == "Palveluntuottajan raportti palvelunostajalle"
    assert first[1][:2] == ("Palveluntuottaja", TEAM_NAME)
    assert first[2][:2] == ("Ajanjakso", "1.4.2026–30.6.2026")
    assert "”< 5”" in first[3][0]
    assert figure_rows(book) == EXPECTED_ROWS_FI
    # Counts shown as numbers are number cells; suppressed ones the text "< 5".
    values = {label: value for _, label, value in first[6:]}
    assert values["Palveluun ohjautuneet asiakkaat"] == 8
    assert values["Asiakkaat, joiden palvelu päättyi"] == "< 5"
    flows = list(book.worksheets[1].iter_rows(values_only=True))
    assert flows == [
        ("Arvioitu moduuli", "Seuraava moduuli tai palvelusta siirtyminen", "Arvioinnit"),
        ("1. Valmennuksen aloitus", "1. Valmennuksen aloitus", "< 5"),
        ("1. Valmennuksen aloitus", "2. Ammattiprofiili ja työnhakusuunnitelma", "< 5"),
        ("1. Valmennuksen aloitus", "3A. Työnhaun tuki", "< 5"),
        ("1. Valmennuksen aloitus", "3B. Intensiivinen työnhaun tuki", "< 5"),
        ("1. Valmennuksen aloitus", "Ei työhönvalmennuksen tuen tarvetta", "< 5"),
        ("3A. Työnhaun tuki", "4. Työn aloituksen tuki", 6),
    ]
    cells = every_cell(book)
    assert not [cell for cell in cells if CODE_MARK in cell or COACH_NAME in cell]
    # No small count escapes as a number: every number cell is 0 or at least 5.
    numbers = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, int)
    ]
    assert numbers and all(number == 0 or number >= 5 for number in numbers)


@pytest.mark.parametrize(
    ("language", "headings", "sheets"),
    [
        (
            "sv",
            [
                "Tjänsteproducentens rapport till tjänsteköparen",
                "Tjänsteproducent Tiimi Pohjoinen",
                "Period 1.4.2026–30.6.2026",
                "Utvärdering av resultaten",
                "Sysselsättning",
                "Modulbedömningar: nästa modul eller utträde ur tjänsten",
                "Coachningsperioder (lagen om ordnande av arbetskraftsservice 6 kap. 53 §)",
                "Hur siffrorna räknas",
                "Klienter som hänvisats till tjänsten 8",
                "Klienter vars tjänst avslutades < 5",
                "… respons: Skriftlig respons < 5",
                "visas som ”< 5”",
            ],
            ["Rapport", "Modulbedömningar"],
        ),
        (
            "en",
            [
                "Service provider's report to the purchaser",
                "Service provider Tiimi Pohjoinen",
                "Period 1.4.2026–30.6.2026",
                "Evaluation of results",
                "Employment",
                "Module assessments: next module or leaving the service",
                "Job-coaching periods (Act on organising employment services, ch. 6 § 53)",
                "How the figures are counted",
                "Clients referred to the service 8",
                "Clients whose service ended < 5",
                "… feedback: Written feedback < 5",
                "are shown as “< 5”",
            ],
            ["Report", "Module assessments"],
        ),
    ],
)
def test_swedish_and_english(quarter, language, headings, sheets):
    database, team, _ = quarter
    with database.read() as s:
        report = purchaser_report(s, team, FIRST, LAST, language)
    assert report.language == language
    text = pdf_text(report_pdf(report))
    for heading in headings:
        assert as_in_pdf(heading) in text, heading
    for finnish in ("Tulosten arvioiminen", "Palveluntuottaja", "Ajanjakso", "Asiakaspalautteet"):
        assert finnish not in text
    book = workbook(report_xlsx(report))
    assert book.sheetnames == sheets
    rows = report_rows(report, Translator(language))
    assert figure_rows(book) == rows
    # The same figures, the same suppression, in every language.
    assert [value for _, value in rows] == [value for _, value in EXPECTED_ROWS_FI]
    assert CODE_MARK not in text
    assert not [cell for cell in every_cell(book) if CODE_MARK in cell]


def test_other_team_and_an_empty_quarter(quarter):
    database, team, other = quarter
    with database.read() as s:
        theirs = purchaser_report(s, other, FIRST, LAST)
        empty = purchaser_report(s, team, date(2024, 1, 1), date(2024, 3, 31))
    # ZQO1: referred 1.4., started 2.4., module 1 → 2, a job, feedback 1, a law period that
    # ended 10.4. (too short: a rule break) with one goal, ARVI feedback and a start notice.
    assert (theirs.team_name, theirs.referred, theirs.started, theirs.ended) == (
        "Tiimi Etelä",
        1,
        1,
        0,
    )
    assert (theirs.module1_assessed, theirs.continued_after_module1, theirs.employed) == (1, 1, 1)
    assert (theirs.feedback_count, theirs.feedback_mean) == (1, 1.0)
    assert (theirs.ips_part, theirs.ips_whole, theirs.ips_rate) == (1, 1, 100.0)
    assert theirs.module_flows == [("1", "2", 1)]
    assert theirs.law == LawPeriodOutcomes(
        periods_ended=1,
        result_reached=0,
        goals={goal.value: int(goal is CoachingGoal.JOB_SEARCH_SKILLS) for goal in CoachingGoal},
        feedback={"arvi": 1, "written": 0, "none": 0},
        start_notices=1,
        end_notices=0,
        rule_breaks=1,
    )
    shown = dict(report_rows(theirs, Translator("fi")))
    assert shown["Palveluun ohjautuneet asiakkaat"] == "< 5"
    assert shown["Asiakaspalautteiden keskiarvo (1–5)"] == "–"  # one feedback: no mean
    assert shown["Työllisyysaste (IPS)"] == "–"
    # 2024: nothing happened; zeros are no people and show as 0, rates and the mean as –.
    assert (empty.referred, empty.started, empty.ended, empty.employed) == (0, 0, 0, 0)
    assert (empty.ips_whole, empty.out_of_work_whole, empty.feedback_mean) == (0, 0, None)
    assert empty.module_flows == []
    assert empty.law.periods_ended == 0
    values = [value for _, value in report_rows(empty, Translator("fi"))]
    assert set(values) == {"0", "–"}
    assert "Ajanjaksolla ei tehty moduulien arviointeja." in pdf_text(report_pdf(empty))
    book = workbook(report_xlsx(empty))
    assert list(book.worksheets[1].iter_rows(values_only=True)) == [
        ("Arvioitu moduuli", "Seuraava moduuli tai palvelusta siirtyminen", "Arvioinnit")
    ]


def test_a_period_ending_before_it_starts_or_an_unknown_team(quarter):
    database, team, other = quarter
    with database.read() as s:
        with pytest.raises(ValueError, match="starts after it ends"):
            purchaser_report(s, team, LAST, FIRST)
        with pytest.raises(ValueError, match="no team"):
            purchaser_report(s, team + other + 100, FIRST, LAST)


# ------------------------------------------------------- suppression, case by case
def made_report(**changes) -> PurchaserReport:
    """A report with every count large; `changes` replace fields (or `law=dict(…)`)."""
    law = LawPeriodOutcomes(
        periods_ended=40,
        result_reached=20,
        goals={goal.value: 10 for goal in CoachingGoal},
        feedback={"arvi": 20, "written": 10, "none": 10},
        start_notices=30,
        end_notices=25,
        rule_breaks=0,
    )
    report = PurchaserReport(
        team_name="Tiimi",
        first=FIRST,
        last=LAST,
        language="fi",
        referred=30,
        started=25,
        ended=20,
        module1_assessed=20,
        continued_after_module1=12,
        employed=15,
        feedback_count=10,
        feedback_mean=4.25,
        ips_part=12,
        ips_whole=30,
        ips_rate=40.0,
        out_of_work_part=10,
        out_of_work_whole=25,
        out_of_work_rate=40.0,
        module_flows=[],
        law=law,
    )
    law_changes = changes.pop("law", {})
    return replace(report, law=replace(law, **law_changes), **changes)


def shown(report: PurchaserReport, language: str = "fi") -> dict[str, str]:
    return dict(report_rows(report, Translator(language)))


def test_nothing_small_shows_every_figure():
    rows = shown(made_report())
    assert rows["Moduuli 1:stä jatkaneiden osuus"] == f"60{NBSP}%"  # 12 / 20
    assert rows["Asiakaspalautteiden keskiarvo (1–5)"] == "4,2"  # 4.25 at one decimal
    assert "< 5" not in rows.values()
    assert rows["… joissa poikkeama jakson säännöistä"] == "0"


@pytest.mark.parametrize(
    ("changes", "label", "value"),
    [
        # A count of 1 … 4 is "< 5"; 0 and 5 are shown.
        ({"referred": 4}, "Palveluun ohjautuneet asiakkaat", "< 5"),
        ({"referred": 1}, "Palveluun ohjautuneet asiakkaat", "< 5"),
        ({"referred": 5}, "Palveluun ohjautuneet asiakkaat", "5"),
        ({"referred": 0}, "Palveluun ohjautuneet asiakkaat", "0"),
        ({"started": 3}, "Palvelun aloittaneet asiakkaat", "< 5"),
        ({"employed": 2}, "Työllistyneet asiakkaat", "< 5"),
        ({"feedback_count": 4}, "Asiakaspalautteet", "< 5"),
        # The mean of fewer than 5 feedbacks would tell what a few clients said.
        ({"feedback_count": 4}, "Asiakaspalautteiden keskiarvo (1–5)", "–"),
        ({"feedback_count": 0, "feedback_mean": None}, "Asiakaspalautteiden keskiarvo (1–5)", "–"),
        # A part whose rest is small: the rest could be worked out from the whole.
        (
            {"continued_after_module1": 17},
            "… joissa päätettiin jatkaa toiseen moduuliin",
            "< 5",
        ),
        ({"continued_after_module1": 17}, "Moduuli 1:stä jatkaneiden osuus", "–"),
        ({"continued_after_module1": 20}, "… joissa päätettiin jatkaa toiseen moduuliin", "20"),
        ({"continued_after_module1": 20}, "Moduuli 1:stä jatkaneiden osuus", f"100{NBSP}%"),
        ({"ips_part": 3, "ips_rate": 10.0}, "… joista työssä avoimilla työmarkkinoilla", "< 5"),
        ({"ips_part": 3, "ips_rate": 10.0}, "Työllisyysaste (IPS)", "–"),
        ({"ips_part": 27, "ips_rate": 90.0}, "… joista työssä avoimilla työmarkkinoilla", "< 5"),
        ({"ips_part": 27, "ips_rate": 90.0}, "Palvelussa olleet asiakkaat", "30"),
        (
            {"out_of_work_whole": 4, "out_of_work_part": 4, "out_of_work_rate": 100.0},
            "Työttömänä aloittaneiden työllistymisaste",
            "–",
        ),
        (
            {"out_of_work_whole": 4, "out_of_work_part": 0, "out_of_work_rate": 0.0},
            "… joista aloitti työn ajanjakson loppuun mennessä",
            "0",
        ),
        ({"law": {"rule_breaks": 1}}, "… joissa poikkeama jakson säännöistä", "< 5"),
        ({"law": {"end_notices": 38}}, "… joista päättymisilmoitus tehty", "< 5"),
        ({"law": {"start_notices": 40}}, "… joista aloitusilmoitus tehty", "40"),
        (
            {"law": {"goals": {goal.value: 36 for goal in CoachingGoal}}},
            "… joissa saavutettiin tavoite: Työnhakutaitojen kehittyminen",
            "< 5",
        ),
        ({"law": {"periods_ended": 3}}, "Ajanjaksolla päättyneet työhönvalmennusjaksot", "< 5"),
    ],
)
def test_one_small_count(changes, label, value):
    assert shown(made_report(**changes))[label] == value


@pytest.mark.parametrize(
    ("feedback", "values"),
    [
        ({"arvi": 20, "written": 10, "none": 10}, ["20", "10", "10"]),
        # One small kind beside the total: the smallest other one goes too.
        ({"arvi": 27, "written": 3, "none": 10}, ["27", "< 5", "< 5"]),
        ({"arvi": 36, "written": 4, "none": 0}, ["< 5", "< 5", "0"]),
        ({"arvi": 36, "written": 2, "none": 2}, ["36", "< 5", "< 5"]),
    ],
)
def test_the_feedback_kinds_hide_each_other(feedback, values):
    rows = shown(made_report(law={"feedback": feedback}))
    assert [
        rows["… palaute: ARVI-palaute"],
        rows["… palaute: Kirjallinen palaute"],
        rows["… palaute: ei palautetta"],
    ] == values


def test_module_flows_hide_a_small_flow_and_what_would_give_it_away():
    report = made_report(
        module1_assessed=12,
        continued_after_module1=7,
        module_flows=[
            ("1", "2", 6),  # went on: 6 + 1 = 7, shown as a total → 6 would give the 1 away
            ("1", "3A", 1),
            ("1", "exit:employed", 5),  # did not go on: 5 alone
            ("2", "3A", 6),  # module 2's total is shown nowhere: only the small one goes
            ("2", "exit:declined", 1),
        ],
    )
    assert flow_rows(report, Translator("fi")) == [
        ("1. Valmennuksen aloitus", "2. Ammattiprofiili ja työnhakusuunnitelma", "< 5"),
        ("1. Valmennuksen aloitus", "3A. Työnhaun tuki", "< 5"),
        ("1. Valmennuksen aloitus", "Työllistyi, ei tuen tarvetta", "5"),
        ("2. Ammattiprofiili ja työnhakusuunnitelma", "3A. Työnhaun tuki", "6"),
        ("2. Ammattiprofiili ja työnhakusuunnitelma", "Asiakas ei halua jatkaa", "< 5"),
    ]
    rows = report_rows(report, Translator("en"))
    assert ("1. Start and needs mapping → Found a job, no need for support", "5") in rows
    book = workbook(report_xlsx(report))
    assert [row[2] for row in book.worksheets[1].iter_rows(values_only=True)] == [
        "Arvioinnit",
        "< 5",
        "< 5",
        5,
        6,
        "< 5",
    ]
    text = pdf_text(report_pdf(report))
    assert re.search(r"Asiakas ei halua jatkaa\s*< 5", text)
