"""Tulokset and Johdon katsaus under AppTest.

On the demo (read on DEMO_END) the results page's quarter and year tables are what
`ote.briefing.quarter_results` / `period_results` compute, counts and rates as the page shows
them; the briefing tab's tables are `results_table`, `goals_table`, `actions_table` and
`fidelity_table` of `briefing()` on the same day in the chosen language (Finnish, then
English after switching), its PDF download parses and holds the subtitle, and no demo
client code appears anywhere on the page; the purchaser tab's period defaults to the
previous quarter, its table is `report_rows` and both downloads are there. A hand-built team
of three clients referred this quarter shows "< 5", never "3", in the briefing; a team with
nothing and an empty database render with plain words.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import DEMO_END
from google.protobuf import text_format
from sqlalchemy import select
from team_builder import DatabaseBuilder

from ote import models as m
from ote.briefing import (
    RESULT_MEASURES,
    actions_table,
    briefing,
    fidelity_table,
    goals_table,
    period_results,
    quarter_results,
    results_table,
)
from ote.calendar import quarter_bounds, quarter_of
from ote.formatting import format_date, format_figure
from ote.i18n import Translator
from ote.metrics.definitions import PERIOD, definition
from ote.purchaser_report import purchaser_report, report_rows

RESULTS, BRIEFING = "pages/results.py", "pages/briefing.py"
FI, EN = Translator("fi"), Translator("en")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AS_OF = date(2026, 5, 15)  # the hand-built teams are read on this day: 2026Q2 runs
SMALL_CODES = ("ZQ-01", "ZQ-02", "ZQ-03")


# --------------------------------------------------------------------------- helpers
def open_page(app_test, database, page: str, as_of: date, team: str | None = None):
    """The app on `database` read on `as_of` (for `team`), then `page`; no exception."""
    query = {"as_of": as_of.isoformat()}
    if team is not None:
        query["team"] = team
    at = app_test(database.url.render_as_string(False), **query)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(widget):
    at = widget.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(frame: pd.DataFrame) -> list[list]:
    """A shown table as a header row and its rows."""
    return [list(frame.columns), *(list(row) for row in frame.itertuples(index=False))]


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def all_texts(at) -> list[str]:
    """Every text the run shows: each element's proto as text (titles, markdown, captions,
    labels, help, alerts, …) and every header and cell of every table and data frame."""
    texts = []
    for root in (at.main, at.sidebar):
        for node in walk(root):
            proto = getattr(node, "proto", None)
            if proto is None:
                continue
            if node.type in ("table", "arrow_data_frame", "dataframe"):
                frame = node.value
                texts += [str(c) for c in frame.columns]
                texts += [str(v) for v in frame.to_numpy().ravel()]
            else:
                texts.append(text_format.MessageToString(proto, as_utf8=True))
    return texts


def briefing_tab(at):
    tab = at.tabs[0]
    assert tab.label == "Johdon katsaus"
    return tab


def purchaser_tab(at):
    tab = at.tabs[1]
    assert tab.label == "Raportti palvelunostajalle"
    return tab


def demo_team(database) -> tuple[int, str]:
    with database.read() as s:
        ((team_id, key),) = s.execute(select(m.Team.id, m.Team.key)).all()
    return team_id, key


def team_id_of(database, key: str) -> int:
    with database.read() as s:
        return s.execute(select(m.Team.id).where(m.Team.key == key)).scalar_one()


def expected_briefing_tables(database, team_id: int, on: date, language: str) -> list[list]:
    """The tables the briefing tab shows, in order: fidelity (when assessed), results, goals
    (when any), actions."""
    t = Translator(language)
    with database.read() as s:
        b = briefing(s, team_id, on, language)
    tables = [fidelity_table(b, t)] if b.fidelity else []
    tables.append(results_table(b, t))
    goals = goals_table(b, t)
    if len(goals) > 1:
        tables.append(goals)
    tables.append(actions_table(b, t))
    return tables


def shown_tables(tab) -> list[list]:
    return [shown(table.value) for table in tab.table]


def download(downloads, button) -> tuple[bytes, str, str | None]:
    return downloads.of(button)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def results_frame(periods, t: Translator) -> list[list]:
    """The results page's table of `periods`, worked out from the figures as it shows them."""

    def rate(value, part, whole) -> str:
        if value is None:
            return "–"
        return f"{format_figure(value, 'fi', percent=True)} ({part}/{whole})"

    def continued(p) -> str:
        if not p.module1_assessed:
            return "–"
        share = 100 * p.continued_after_module1 / p.module1_assessed
        return rate(share, p.continued_after_module1, p.module1_assessed)

    header = [
        t("results.period"),
        t("results.referred"),
        t("results.continued"),
        t("results.employed"),
        t("results.ips_rate"),
        t("results.out_of_work_rate"),
        t("results.feedback"),
    ]
    return [
        header,
        *(
            [
                p.quarter,
                p.referred,
                continued(p),
                p.employed,
                rate(p.ips_rate, p.ips_part, p.ips_whole),
                rate(p.out_of_work_rate, p.out_of_work_part, p.out_of_work_whole),
                f"{format_figure(p.feedback_mean, 'fi')} ({p.feedback_count})"
                if p.feedback_count
                else "–",
            ]
            for p in periods
        ),
    ]


# ----------------------------------------------------------------------------- results
def test_the_demo_results_are_what_quarter_results_computes(app_test, demo_copy):
    at = open_page(app_test, demo_copy, RESULTS, DEMO_END)
    assert [x.value for x in at.title] == ["Tulokset"]
    assert [x.value for x in at.subheader] == [
        "Vuosineljänneksittäin",
        "Työllisyysasteet ja IPS-vertailuluvut",
        "Vuosittain",
        FI(
            "results.jobs_heading",
            first=format_date(DEMO_END - timedelta(days=364)),
            last=format_date(DEMO_END),
        ),
    ]
    team_id, _ = demo_team(demo_copy)
    with demo_copy.read() as s:
        quarters = quarter_results(s, team_id, DEMO_END, quarters=8)
        years = [
            period_results(s, team_id, "2025", date(2025, 1, 1), date(2025, 12, 31)),
            period_results(s, team_id, "2026", date(2026, 1, 1), DEMO_END),
        ]
    assert [q.quarter for q in quarters] == [
        "2024Q3",
        "2024Q4",
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
    ]
    per_quarter, per_year = at.dataframe
    assert shown(per_quarter.value) == results_frame(quarters, FI)
    assert shown(per_year.value) == results_frame(years, FI)
    assert not at.info


# ---------------------------------------------------------------------------- briefing
def test_the_demo_briefing_shows_what_briefing_computes(app_test, demo_copy, downloads):
    at = open_page(app_test, demo_copy, BRIEFING, DEMO_END)
    assert [x.value for x in at.title] == ["Johdon katsaus"]
    team_id, key = demo_team(demo_copy)
    tab = briefing_tab(at)
    assert shown_tables(tab) == expected_briefing_tables(demo_copy, team_id, DEMO_END, "fi")
    with demo_copy.read() as s:
        team_name = s.get(m.Team, team_id).name
    subtitle = FI("briefing.subtitle", team=team_name, date=format_date(DEMO_END))
    assert [x.value for x in tab.subheader] == [subtitle]
    assert "#### Tulokset vuosineljänneksittäin" in [x.value for x in tab.markdown]

    (button,) = tab.get("download_button")
    assert button.label == FI("briefing.note.pdf")
    content, mimetype, file_name = download(downloads, button)
    assert mimetype == "application/pdf"
    assert file_name == f"johdon-katsaus-{key}-{DEMO_END.isoformat()}.pdf"
    assert subtitle in pdf_text(content)


def test_no_demo_client_code_reaches_the_briefing_page(app_test, demo_copy):
    at = open_page(app_test, demo_copy, BRIEFING, DEMO_END)
    with demo_copy.read() as s:
        codes = s.execute(select(m.Client.code)).scalars().all()
    assert len(codes) > 100
    texts = all_texts(at)
    assert any("Tulokset vuosineljänneksittäin" in x for x in texts)  # the walk sees the tab
    assert FI("briefing.results.referred") in texts  # … the briefing's table cells
    assert FI("purchaser_report.row.ips_part") in texts  # … and the purchaser tab's
    leaked = sorted({code for code in codes for text in texts if code in text})
    assert leaked == []


def test_switching_the_briefing_to_english(app_test, demo_copy, downloads):
    at = open_page(app_test, demo_copy, BRIEFING, DEMO_END)
    at = rerun(at.button_group(key="management.language").set_value("en"))
    team_id, _ = demo_team(demo_copy)
    tab = briefing_tab(at)  # the page's own texts stay Finnish
    markdown = [x.value for x in tab.markdown]
    for key in ("fidelity", "results", "actions", "steering"):
        assert f"#### {EN(f'briefing.{key}.heading')}" in markdown
    assert "#### Results by quarter" in markdown
    assert "#### Tulokset vuosineljänneksittäin" not in markdown
    with demo_copy.read() as s:
        team_name = s.get(m.Team, team_id).name
    subtitle = EN("briefing.subtitle", team=team_name, date=format_date(DEMO_END))
    assert [x.value for x in tab.subheader] == [subtitle]
    assert shown_tables(tab) == expected_briefing_tables(demo_copy, team_id, DEMO_END, "en")
    (button,) = tab.get("download_button")
    assert button.label == "The briefing to download (PDF)"
    assert subtitle in pdf_text(download(downloads, button)[0])


# --------------------------------------------------------------------------- purchaser
def test_the_purchaser_report_defaults_to_the_previous_quarter(app_test, demo_copy, downloads):
    at = open_page(app_test, demo_copy, BRIEFING, DEMO_END)
    tab = purchaser_tab(at)
    first, last = quarter_bounds(quarter_of(DEMO_END - timedelta(days=91)))
    assert (first, last) == (date(2026, 1, 1), date(2026, 3, 31))
    (period,) = tab.date_input
    assert period.value == (first, last)
    team_id, key = demo_team(demo_copy)
    with demo_copy.read() as s:
        report = purchaser_report(s, team_id, first, last, "fi")
    expected = [[FI("management.figure"), FI("management.value")]]
    expected += [list(row) for row in report_rows(report, FI)]
    (table,) = tab.table
    assert shown(table.value) == expected
    assert len(expected) > 10

    pdf, xlsx = tab.get("download_button")
    assert [pdf.label, xlsx.label] == ["Lataa raportti (PDF)", "Lataa raportti (XLSX)"]
    name = f"raportti-{key}-{first.isoformat()}-{last.isoformat()}"
    content, mimetype, file_name = download(downloads, pdf)
    assert (mimetype, file_name) == ("application/pdf", f"{name}.pdf")
    assert pdf_text(content)
    content, mimetype, file_name = download(downloads, xlsx)
    assert (mimetype, file_name) == (XLSX, f"{name}.xlsx")
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(content)).sheetnames


# ---------------------------------------------------------------------- small and empty
@pytest.fixture
def small_teams(sqlite_database):
    """T1: a coach and three clients referred and started on 10.4.2026 (in 2026Q2, the
    quarter of AS_OF). T0: a team and nothing else."""
    with sqlite_database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Pieni tiimi", key="T1")
        coach = b.staff(team, "Aino Aalto")
        source = b.source(team)
        for code in SMALL_CODES:
            b.client(team, coach, source, code, date(2026, 4, 10), date(2026, 4, 10))
        b.team("Tyhjä tiimi", key="T0")
    return sqlite_database


def test_a_small_team_shows_under_five_never_three(app_test, small_teams):
    at = open_page(app_test, small_teams, BRIEFING, AS_OF, team="T1")
    tab = briefing_tab(at)
    tables = shown_tables(tab)
    team_id = team_id_of(small_teams, "T1")
    assert tables == expected_briefing_tables(small_teams, team_id, AS_OF, "fi")
    results = tables[0]
    by_measure = {row[0]: row[1:] for row in results[1:]}
    assert results[0][-2] == FI("briefing.results.until", quarter="2026Q2", date="15.5.2026")
    assert by_measure["Palveluun ohjautuneet asiakkaat"][-2:] == ["< 5", "< 5"]
    assert by_measure["Palvelussa olleet asiakkaat"][-2:] == ["< 5", "< 5"]
    cells = [cell for table in tables for row in table[1:] for cell in row[1:]]
    assert "< 5" in cells
    assert "3" not in cells
    texts = all_texts(at)
    assert not [x for x in texts if any(code in x for code in SMALL_CODES)]
    # No assessment and no goals yet: words instead of tables.
    captions = [x.value for x in tab.caption]
    assert FI("briefing.fidelity.no_history") in captions
    assert FI("briefing.goals.none", quarter="2026Q2") in captions


def test_an_empty_team_renders_with_plain_words(app_test, small_teams):
    at = open_page(app_test, small_teams, RESULTS, AS_OF, team="T0")
    assert [x.body for x in at.info] == [FI("results.none")]
    assert (
        not at.dataframe and not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")
    )

    at = open_page(app_test, small_teams, BRIEFING, AS_OF, team="T0")
    tab = briefing_tab(at)
    captions = [x.value for x in tab.caption]
    assert FI("briefing.fidelity.no_history") in captions
    assert FI("briefing.goals.none", quarter="2026Q2") in captions
    definitions = "\n\n---\n\n".join(
        definition(key, "fi", window=PERIOD) for key in RESULT_MEASURES
    )
    assert [x.value for x in tab.markdown if not x.value.startswith("####")] == [
        FI("briefing.fidelity.none"),
        definitions,  # the results table's measures, in a closed expander under it
        FI("briefing.steering.never", months=3),
    ]
    (expander,) = [e for e in tab.expander if e.label == FI("briefing.definitions")]
    assert [x.value for x in expander.markdown] == [definitions]
    team_id = team_id_of(small_teams, "T0")
    assert shown_tables(tab) == expected_briefing_tables(small_teams, team_id, AS_OF, "fi")
    (table,) = purchaser_tab(at).table
    assert len(table.value) > 0
    assert not at.error


def test_an_empty_database_says_there_is_no_team(app_test, sqlite_database):
    for page, title in ((RESULTS, "Tulokset"), (BRIEFING, "Johdon katsaus")):
        at = open_page(app_test, sqlite_database, page, AS_OF)
        assert [x.value for x in at.title] == [title]
        assert [x.body for x in at.info] == [FI("records.no_team")]
        assert not at.tabs and not at.dataframe and not at.table
        assert not at.get("download_button")
