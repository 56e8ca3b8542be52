"""Every page under Streamlit's AppTest: empty, demo and uninitialised databases; the
sidebar choices kept in the URL; the demo banner; the three languages."""

from __future__ import annotations

import pytest
from conftest import DEMO_END, ROOT

from ote import models as m
from ote.config import sqlite_url
from ote.formatting import format_count, format_date
from ote.i18n import translate
from ote.metrics.population import active_clients, waiting_clients
from ote.records_overview import record_counts

# Every page of the app: the front page first (it is the default), then the others.
OTHER_PAGES = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "home.py"
)
PAGES = ["pages/home.py", *OTHER_PAGES]
OVERVIEW = ["pages/home.py", "pages/records_overview.py"]
AS_OF = DEMO_END.isoformat()


def test_every_page_file_is_in_the_navigation():
    from ote.navigation import navigation

    listed = [f"pages/{name}.py" for _, pages in navigation() for name, _, _ in pages]
    assert len(PAGES) >= 15
    assert sorted(listed) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    for page in PAGES:
        assert page in listed, page


def run_page(at, page: str):
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ------------------------------------------------------------------ empty database
@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_empty_database(app_test, sqlite_database, page):
    at = run_page(app_test(sqlite_database.url.render_as_string(False)), page)
    assert len(at.title) == 1
    assert not at.warning  # no demo banner
    assert len(at.metric) == 0  # no figures without a team
    assert len(at.sidebar.selectbox) == 1  # only the language: no team to choose
    assert at.sidebar.date_input(key="as_of").value is not None


@pytest.mark.parametrize("page", OVERVIEW)
def test_overview_pages_say_how_to_get_data(app_test, sqlite_database, page):
    at = run_page(app_test(sqlite_database.url.render_as_string(False)), page)
    assert "ote demo" in " ".join(info.body for info in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_an_uninitialised_database(app_test, tmp_path, page):
    at = app_test(sqlite_url(tmp_path / "new.db"))
    at.run()
    assert not at.exception
    assert "ote init" in at.error[0].value
    assert len(at.title) == 0  # the page itself is not run


# ------------------------------------------------------------------- demo database
@pytest.fixture
def demo_url(demo_file) -> str:
    return sqlite_url(demo_file)


@pytest.mark.parametrize("page", PAGES)
def test_pages_on_the_demo_database(app_test, demo_url, page):
    at = run_page(app_test(demo_url, as_of=AS_OF), page)
    assert len(at.title) == 1
    banner = at.warning[0].value
    assert banner == translate("shell.demo_banner", "fi")
    assert at.sidebar.selectbox(key="team").value == "DEMO"


def test_home_figures_are_the_records(app_test, demo_url, demo_file):
    from ote.db import open_database

    at = run_page(app_test(demo_url, as_of=AS_OF), PAGES[0])
    database = open_database(demo_url)
    with database.read() as session:
        active = active_clients(session, 1, DEMO_END)
        waiting = waiting_clients(session, 1, DEMO_END)
    database.dispose()
    values = {metric.label: metric.value for metric in at.metric}
    assert values["Aktiiviset asiakkaat"] == format_count(active)
    assert values["Jonossa"] == format_count(waiting)
    assert values["Työhönvalmentajat"] == "6 (5,6 htv)"
    assert format_date(DEMO_END) in at.subheader[0].value


def test_records_table_is_the_records(app_test, demo_url):
    from ote.db import open_database

    at = run_page(app_test(demo_url, as_of=AS_OF), "pages/records_overview.py")
    table = at.table[0].value
    database = open_database(demo_url)
    with database.read() as session:
        expected = record_counts(session, 1)
    database.dispose()
    assert list(table.columns) == ["Kirjauslaji", "Määrä", "Ensimmäinen", "Viimeisin"]
    assert table["Määrä"].tolist() == [row.count for row in expected]
    assert table["Viimeisin"].tolist() == [format_date(row.last) for row in expected]
    assert table["Kirjauslaji"].iloc[7] == "Työnantajayhteydet"


def test_no_banner_for_a_real_team(app_test, demo_copy):
    with demo_copy.write() as session:
        session.add(m.Team(key="REAL", name="Aito tiimi"))
    at = app_test(demo_copy.url.render_as_string(False), team="REAL")
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="team").value == "REAL"
    assert not at.warning
    at.sidebar.selectbox(key="team").set_value("DEMO").run()
    assert at.warning


# ------------------------------------------------------------ choices in the URL
def test_choices_come_from_the_url_and_survive_page_switches(app_test, demo_url):
    at = app_test(demo_url, as_of="2025-12-31", lang="sv")
    at.run()
    assert at.sidebar.date_input(key="as_of").value.isoformat() == "2025-12-31"
    assert at.title[0].value == translate("home.title", "sv")
    assert "31.12.2025" in at.subheader[0].value
    at.switch_page("pages/records_overview.py").run()
    assert not at.exception
    assert at.title[0].value == translate("records.title", "sv")
    assert at.sidebar.date_input(key="as_of").value.isoformat() == "2025-12-31"
    assert at.query_params["as_of"] == "2025-12-31"
    assert at.query_params["lang"] == "sv"
    assert at.query_params["team"] == "DEMO"


def test_changing_the_date_changes_the_figures(app_test, demo_url):
    at = app_test(demo_url, as_of=AS_OF)
    at.run()
    before = {metric.label: metric.value for metric in at.metric}
    at.sidebar.date_input(key="as_of").set_value(DEMO_END.replace(year=DEMO_END.year - 1)).run()
    after = {metric.label: metric.value for metric in at.metric}
    assert not at.exception
    assert at.query_params["as_of"] == DEMO_END.replace(year=DEMO_END.year - 1).isoformat()
    assert after["Työhönvalmentajat"] == before["Työhönvalmentajat"]
    assert after != before


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_languages(app_test, demo_url, language):
    at = app_test(demo_url, as_of=AS_OF, lang=language)
    at.run()
    assert not at.exception
    assert at.title[0].value == translate("home.title", language)
    assert at.warning[0].value == translate("shell.demo_banner", language)
    labels = [metric.label for metric in at.metric]
    assert labels[0] == translate("home.active_clients", language)


def test_switching_language_in_the_sidebar(app_test, demo_url):
    at = app_test(demo_url, as_of=AS_OF)
    at.run()
    assert at.title[0].value == translate("home.title", "fi")
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == translate("home.title", "en")
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize(
    "url",
    ["mysql://nobody@127.0.0.1/ote", "postgresql+psycopg://nobody@127.0.0.1:1/ote"],
    ids=["unsupported", "unreachable"],
)
def test_database_unavailable(app_test, url):
    at = app_test(url)
    at.run()
    assert not at.exception
    assert [error.value for error in at.error] == [translate("shell.database_unavailable", "fi")]
    assert len(at.title) == 0
