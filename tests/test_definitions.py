"""Every measure's name opens its definition – from the metrics catalog, not a copy.

`ote.metrics.definitions` keeps one registry of the figures OTE shows by name: the engine's
Measure keys and the other figures of the analytics pages. Here: the registry covers every
key the engine produces, with the engine's own item; every entry has a name and a definition
in fi, sv and en; a definition given a Measure states that Measure's window; the metrics and
columns of Tiimi, Työnantajasuhteet, Tulokset and Viikkopalaveri carry exactly the
definition as their help; no page catalog keeps a copy of one; and the analytics pages open
with their first-time guide.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
from datetime import date, timedelta

import pytest
from conftest import DEMO_END
from sqlalchemy import select
from team_builder import TeamBuilder

from ote import models as m
from ote.config import sqlite_url
from ote.enums import GoalMeasure
from ote.i18n import catalog, translate
from ote.metrics import (
    caseload,
    employer_contacts,
    evidence,
    jobs,
    pathway,
    referrals,
    results,
)
from ote.metrics import employer_log as log
from ote.metrics.base import Measure
from ote.metrics.cadences import team_leader_span
from ote.metrics.definitions import (
    EVIDENCE_KEYS,
    FIXED_WINDOWS,
    GOAL_MEASURES,
    ON_DATE,
    PERIOD,
    REGISTRY,
    WINDOW_FIELDS,
    definition,
    docstring,
    evidence_keys,
    goal_definition,
)
from ote.settings import Windows, team_windows
from ote.supervision.coaches import TREND_WEEKS, coach_week
from ote.supervision.week import Week
from ote.ui.results import COLUMN_MEASURES

LANGUAGES = ("fi", "sv", "en")
ON = DEMO_END  # 30.6.2026, a Tuesday
FI = "fi"


def team_id_of(session, key: str = "DEMO") -> int:
    return session.execute(select(m.Team.id).where(m.Team.key == key)).scalar_one()


def engine_measures(session, team_id: int, on: date) -> list[Measure]:
    """Every Measure the engine returns for a team on a date: the evidence's, and those
    of the results, the pathway, the referrals and the employer log."""
    first = on - timedelta(days=90)
    return [
        *evidence.measures(session, team_id, on, team_windows(session, team_id)),
        referrals.self_referrals(session, team_id, on),
        pathway.continued_after_module1(session, team_id, on),
        results.employment_rate_ips(session, team_id, first, on),
        results.employment_rate_out_of_work(session, team_id, first, on),
        log.preference_share(session, team_id, first, on),
    ]


# ------------------------------------------------------------------ the registry
def test_every_key_the_engine_produces_is_registered_with_the_engines_item(demo_copy):
    with demo_copy.read() as session:
        found = engine_measures(session, team_id_of(session), ON)
        in_evidence = evidence.measures(session, team_id_of(session), ON, Windows())
    keys = {measure.key for measure in found}
    assert len(keys) == 23  # every Measure key of the engine
    for measure in found:
        assert measure.key in REGISTRY, measure.key
        assert REGISTRY[measure.key].item == measure.item, measure.key
    # The catalog's Measure tables (those with a basis) are exactly the engine's keys.
    with_basis = {k.split(".")[1] for k in catalog(FI) if re.match(r"metrics\.\w+\.basis$", k)}
    assert with_basis == keys
    # The evidence's keys, in its order, for the fidelity page's definitions.
    assert tuple(measure.key for measure in in_evidence) == EVIDENCE_KEYS
    assert evidence_keys("8") == ["team_leader_span", "weekly_supervision", "quarterly_goals"]
    assert evidence_keys("10") == []  # item 10.5's rates are no part of the evidence


def test_each_entry_names_its_function_window_and_item_as_the_engine_does():
    for key, entry in REGISTRY.items():
        assert callable(entry.function), key
        assert entry.window in (*WINDOW_FIELDS, *FIXED_WINDOWS, ON_DATE), key
        if entry.item is None:
            continue
        # The function's own docstring (or its module's) names the item or the seed.
        text = docstring(key) + (inspect.getmodule(entry.function).__doc__ or "")
        wanted = "seed 000" if entry.item == "000" else f"item {entry.item}"
        assert wanted in text.lower() or f"items {entry.item}" in text.lower(), key
    assert set(GOAL_MEASURES) == {g.value for g in GoalMeasure}
    assert set(GOAL_MEASURES.values()) <= set(REGISTRY)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_has_a_name_and_a_definition_in_every_language(language):
    texts = catalog(language)
    for key in REGISTRY:
        name = texts[f"metrics.{key}.name"]
        assert texts[f"metrics.{key}.definition"].strip(), key
        shown = definition(key, language)
        assert shown.startswith(f"**{name}**"), key
        assert "{" not in shown and "metrics." not in shown, (key, shown)
    # No definition in the catalog without a registry entry.
    defined = {k.split(".")[1] for k in texts if re.match(r"metrics\.\w+\.definition$", k)}
    assert defined == set(REGISTRY)


def test_the_item_line_names_the_fidelity_item():
    assert definition("employer_contacts_per_week", FI).split("\n\n")[1] == (
        "Laatukriteeri 17: Tiivis yhteys työnantajiin"
    )
    assert definition("weekly_supervision", "en").split("\n\n")[1] == (
        "Fidelity item 8: Role of employment supervisor – sub-criterion 8.2"
    )
    assert definition("clients_referred", "sv").split("\n\n")[1] == (
        "Resultatmått i den modulära jobbcoachningsmodellen"
    )
    assert definition("active_clients", FI).split("\n\n")[1].startswith("**Aikaväli:**")


def test_the_definition_names_the_engines_constants_and_the_teams_windows():
    text = definition("employer_contacts_per_week", FI)
    assert "alle 3 omaa työnhakijaa" in text  # FEW_JOB_SEEKERS
    assert "6 tapaamisen arvoiseksi" in text  # TARGET_PER_WEEK
    assert "viimeiset 4 täyttä viikkoa" in text  # Windows().contacts_weeks
    assert "viimeiset 91 päivää" in definition("preference_based_contacts", FI)
    own = Windows(preference_days=30, cadence_share=80.0, outreach_within_days=5)
    assert "viimeiset 30 päivää" in definition("preference_based_contacts", FI, windows=own)
    assert "vähintään 80 %" in definition("weekly_supervision", FI, windows=own)
    assert "75 %" in definition("weekly_supervision", FI)
    assert "5 päivän sisällä" in definition("outreach", FI, windows=own)
    assert "31 % vähimmäistaso, 41 % keskiarvo, 50 % erinomainen" in definition(
        "employment_rate_ips", FI
    )


# ----------------------------------------------------------- a measure's window
@pytest.fixture
def small_team(sqlite_database):
    """T1 with one coach, Aino (1 FTE), and one job seeker J-1 since 1.1.2024; three
    face-to-face employer contacts about J-1 in June 2026, two of them preference-based."""
    with sqlite_database.write() as s:
        team = TeamBuilder(s, "T1", ["Aino"])
        seeker = team.client("J-1")
        team.employer_contact("Aino", date(2026, 6, 2), seeker, pref=True)
        team.employer_contact("Aino", date(2026, 6, 9), seeker, pref=True)
        team.employer_contact("Aino", date(2026, 6, 30), seeker, pref=False)
        team_id = team.id
    return sqlite_database, team_id


def test_a_definition_given_a_measure_states_its_window_and_basis(small_team):
    database, team_id = small_team
    with database.read() as session:
        preference = employer_contacts.preference_based_contacts(session, team_id, ON, 91)
        per_week = employer_contacts.employer_contacts_per_week(session, team_id, ON, 4)
        ratio = caseload.caseload_ratio(session, team_id, ON)
    # 30.6.2026 − 90 days = 1.4.2026; the last 4 full weeks end on Sunday 28.6.2026.
    text = definition("preference_based_contacts", FI, measure=preference)
    assert "**Aikaväli:** 1.4.2026–30.6.2026" in text
    assert "viimeiset 91 päivää" not in text  # the Measure's dates, not the default
    assert text.endswith(
        "**Tässä luvussa:** 2/3 työnhakijaa koskevasta työnantajayhteydestä perustui "
        "asiakkaan omiin toiveisiin."
    )
    assert "**Aikaväli:** 1.6.2026–28.6.2026" in definition(
        "employer_contacts_per_week", FI, measure=per_week
    )
    assert "**Period:** as of 30.6.2026" in definition("caseload_ratio", "en", measure=ratio)
    assert "**Period:** läget 30.6.2026" in definition("caseload_ratio", "sv", measure=ratio)
    with pytest.raises(ValueError):
        definition("coaching_share", FI, measure=ratio)
    with pytest.raises(KeyError):
        definition("no_such_measure", FI)


def test_a_goals_definition_is_counted_over_its_quarter():
    first, cut = date(2026, 4, 1), date(2026, 5, 15)
    rate = goal_definition("employment_rate_ips", FI, first, cut)
    assert "**Aikaväli:** 1.4.2026–15.5.2026" in rate
    assert rate.startswith("**Työllisyysaste (IPS)**")
    assert "**Aikaväli:** tilanne 15.5.2026" in goal_definition("caseload_ratio", FI, first, cut)
    assert goal_definition("attached_referral_share", FI, first, cut).startswith(
        "**Kiinnittyneistä tiimeistä ohjatut**"
    )


# ----------------------------------------------------------- on the pages
@pytest.fixture
def demo_url(demo_file, tmp_path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    return sqlite_url(path)


def open_page(app_test, url: str, page: str, role: str = "team_leader", **query):
    at = app_test(url, role=role, as_of=ON.isoformat(), team="DEMO", **query)
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def helps(block) -> dict[str, str]:
    return {metric.label: metric.proto.help for metric in block.metric}


def column_helps(element) -> dict[str, str]:
    return {
        name: config["help"]
        for name, config in json.loads(element.proto.columns).items()
        if "help" in config
    }


def demo_read(demo_url):
    from ote.db import open_database

    return open_database(demo_url)


def test_tiimi_metrics_carry_their_definitions(app_test, demo_url):
    at = open_page(app_test, demo_url, "team")
    database = demo_read(demo_url)
    with database.read() as session:
        team_id = team_id_of(session)
        ratio = caseload.caseload_ratio(session, team_id, ON)
        share = caseload.coaching_share(session, team_id, ON)
        span = team_leader_span(session, team_id, ON)
        attached = referrals.attached_referrals(session, team_id, ON)
        own = referrals.self_referrals(session, team_id, ON)
        by_module = pathway.clients_by_module(session, team_id, ON)
        onward = pathway.continued_after_module1(session, team_id, ON)
    database.dispose()
    capacity, queue, modules, _ = at.tabs
    assert helps(capacity) == {
        "Asiakkaita / htv": definition("caseload_ratio", FI, measure=ratio),
        "Työhönvalmennuksen osuus": definition("coaching_share", FI, measure=share),
        "Valmentajia / tiiminvetäjä": definition("team_leader_span", FI, measure=span),
    }
    assert column_helps(capacity.dataframe[0]) == {
        "Aktiiviset asiakkaat": definition("active_clients", FI, window=(None, ON)),
        "Asiakkaita / htv": definition("caseload_ratio", FI, measure=ratio),
    }
    assert helps(queue) == {
        "Lähetteet kiinnittyneiltä tiimeiltä": definition(
            "attached_referrals", FI, measure=attached
        ),
        "Itse hakeutuneet": definition("self_referrals", FI, measure=own),
        "Jonossa": definition("waiting_list", FI, window=(None, ON)),
    }
    shown = helps(modules)
    assert shown.pop("Jatkoi moduulin 1 jälkeen") == definition(
        "continued_after_module1", FI, measure=onward
    )
    assert len(shown) == len(by_module)
    assert set(shown.values()) == {definition("clients_in_module", FI, window=(None, ON))}
    # The window is the Measure's own: the last 365 days of the referrals.
    assert "**Aikaväli:** 1.7.2025–30.6.2026" in helps(queue)["Itse hakeutuneet"]


@pytest.mark.parametrize("role", ["team_leader", "manager"])
def test_the_front_pages_figures_carry_their_definitions(app_test, demo_url, role):
    at = open_page(app_test, demo_url, "home", role=role)
    shown = helps(at)
    assert shown["Aktiiviset asiakkaat"] == definition("active_clients", FI, window=(None, ON))
    assert shown["Jonossa"] == definition("waiting_list", FI, window=(None, ON))


def test_tyonantajasuhteet_metrics_carry_their_definitions(app_test, demo_url):
    at = open_page(app_test, demo_url, "employers")
    database = demo_read(demo_url)
    first, year_ago = ON - timedelta(days=90), ON - timedelta(days=364)
    with database.read() as session:
        team_id = team_id_of(session)
        share = log.preference_share(session, team_id, first, ON)
        types = jobs.job_type_diversity(session, team_id, ON)
        employers = jobs.employer_diversity(session, team_id, ON)
        good = jobs.competitive_permanent_jobs(session, team_id, ON)
    database.dispose()
    _, rhythm, quality, register, jobs_tab = at.tabs
    assert helps(quality) == {
        "Asiakkaan toiveiden mukaiset yhteydet": definition(
            "preference_based_contacts", FI, measure=share
        )
    }
    last_week = Week.of(ON - timedelta(days=6))
    rhythm_first = last_week.shifted(-7).monday
    assert rhythm.subheader[0].proto.help == definition(
        "weekly_employer_contacts", FI, window=(rhythm_first, last_week.sunday)
    )
    assert quality.subheader[0].proto.help == definition(
        "employer_contact_purposes", FI, window=(first, ON)
    )
    assert helps(register) == {
        "Työnantajia": definition("known_employers", FI, window=(None, ON)),
        "Kylmenemässä": definition("cold_employers", FI, window=(None, ON)),
    }
    assert helps(jobs_tab) == {
        "Alkaneet työsuhteet": definition("jobs_started", FI, window=(year_ago, ON)),
        "Ammattien monipuolisuus": definition("job_type_diversity", FI, measure=types),
        "Työnantajien monipuolisuus": definition("employer_diversity", FI, measure=employers),
        "Avoimet ja vakituiset": definition("competitive_permanent_jobs", FI, measure=good),
    }


def test_tulokset_columns_carry_their_definitions(app_test, demo_url):
    at = open_page(app_test, demo_url, "results", lang="en")
    # The two results tables: those with every column of the results (the rates chart's
    # table alternative has only the rates).
    quarters_table, years_table = [
        frame for frame in at.dataframe if "Referred" in frame.value.columns
    ]
    wanted = {
        translate(f"results.{column}", "en"): definition(key, "en", window=PERIOD)
        for column, key in COLUMN_MEASURES.items()
    }
    assert len(wanted) == 6
    assert column_helps(quarters_table) == wanted
    assert column_helps(years_table) == wanted
    assert next(iter(wanted)) == "Referred"
    assert wanted["Referred"].startswith("**Clients referred**")
    (rates,) = [h for h in at.subheader if h.value == "Employment rates and IPS benchmarks"]
    assert rates.proto.help == (
        definition("employment_rate_ips", "en", window=PERIOD)
        + "\n\n---\n\n"
        + definition("employment_rate_out_of_work", "en", window=PERIOD)
    )


def test_viikkopalaveri_figures_carry_their_definitions(app_test, demo_url):
    at = open_page(app_test, demo_url, "weekly")
    week = Week.of(ON)
    day = week.reference_day(ON)  # the as-of date: this week runs
    assert day == ON
    so_far = (week.monday, day)
    wanted = {
        "Aktiiviset asiakkaat": definition("active_clients", FI, window=(None, day)),
        "Työnhakijat": definition("job_seekers", FI, window=(None, day)),
        "Työnantajatapaamiset": definition("weekly_employer_contacts", FI, window=so_far),
        "Työ alkoi": definition("week_job_starts", FI, window=so_far),
        "Työ päättyi": definition("week_job_ends", FI, window=so_far),
    }
    trend = definition(
        "weekly_employer_contacts", FI, window=(week.shifted(1 - TREND_WEEKS).monday, day)
    )
    assert column_helps(at.dataframe[0]) == {**wanted, "8 viikkoa": trend}
    assert "**Aikaväli:** 29.6.2026–30.6.2026" in wanted["Työnantajatapaamiset"]

    at.toggle(key="weekly.present").set_value(True).run()
    assert not at.exception
    database = demo_read(demo_url)
    with database.read() as session:
        first_coach = coach_week(session, team_id_of(session), week, ON)[0]
    database.dispose()
    assert at.header[0].value == first_coach.name
    assert helps(at) == wanted


# --------------------------------------------------------------- no copies
PAGE_CATALOGS = (
    "team",
    "employer_log",
    "results",
    "supervision",
    "fidelity",
    "goals",
    "briefing",
    "management",
    "purchaser_report",
)
# The page help texts that were copies of a measure's definition before the registry.
REMOVED = (
    "team.team_ratio_help",
    "team.coaching_share_help",
    "team.leader_span_help",
    "team.attached_help",
    "team.self_referrals_help",
    "team.waiting_help",
    "team.continued_help",
    "employer_log.preference_help",
    "employer_log.cold_help",
    "employer_log.rhythm_help",
    "results.rates_help",
    "supervision.trend_help",
    "briefing.results.benchmarks",
)
# Two of them as they were: the check below must catch a copy coming back.
OLD_COPIES = (
    "Viimeisen 91 päivän työnhakijaa koskevista työnantajayhteyksistä ne, jotka perustuvat "
    "asiakkaan omiin toiveisiin (laatukriteeri 16; {n} yhteyttä).",
    "Valmentajien aktiiviset asiakkaat jaettuna heidän yhteenlasketuilla "
    "henkilötyövuosillaan (laatukriteeri 1: enintään 20).",
)
WORD = re.compile(r"[a-zåäö]{5,}")


def words(text: str) -> set[str]:
    """The longer words of a text, cut to their first five letters (Finnish inflects)."""
    return {word[:5] for word in WORD.findall(text.lower())}


def copies(text: str, language: str = FI) -> list[str]:
    """The registry's keys whose name, or most of whose definition, `text` repeats."""
    found = []
    for key in REGISTRY:
        defined = words(catalog(language)[f"metrics.{key}.definition"])
        share = len(words(text) & defined) / max(len(words(text)), 1)
        mentions_item = re.search(r"(laatukriteeri|kvalitetskriterium|fidelity item) \d", text)
        if share >= 0.6 or (mentions_item and share >= 0.35):
            found.append(key)
    return found


def test_the_check_finds_the_old_copies():
    assert "preference_based_contacts" in copies(OLD_COPIES[0])
    assert "caseload_ratio" in copies(OLD_COPIES[1])


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_help_repeats_a_definition(language):
    texts = catalog(language)
    assert [key for key in REMOVED if key in texts] == []
    page_helps = {
        key: text
        for key, text in texts.items()
        if key.split(".")[0] in PAGE_CATALOGS and key.endswith("_help")
    }
    assert len(page_helps) > 5  # the scan finds the page help texts
    found = {key: copies(text, language) for key, text in page_helps.items()}
    assert {key: keys for key, keys in found.items() if keys} == {}
    # No help text in the page catalogs names a fidelity item: that is the registry's line.
    item = re.compile(r"(laatukriteeri|kvalitetskriterium|fidelity item) \d", re.I)
    assert [key for key, text in page_helps.items() if item.search(text)] == []


# --------------------------------------------------------- first-time guide
GUIDED = {
    "team": "team",
    "employers": "employer_log",
    "results": "results",
    "weekly": "supervision",
    "fidelity": "fidelity",
    "goals": "goals",
    "briefing": "management",
}


@pytest.mark.parametrize("page", sorted(GUIDED))
def test_each_analytics_page_opens_with_its_guide(app_test, demo_url, page):
    role = "manager" if page == "briefing" else "team_leader"
    for language in LANGUAGES:
        at = open_page(app_test, demo_url, page, role=role, lang=language)
        prefix = GUIDED[page]
        intro = translate(f"{prefix}.guide.intro", language)
        assert intro != f"{prefix}.guide.intro"
        assert intro in [x.value for x in at.main.markdown][:2]  # right under the title
        how_to = translate("guide.how_to_use", language)
        (expander,) = [e for e in at.expander if e.label == how_to]
        assert expander.markdown[0].value == translate(f"{prefix}.guide.help", language)
        assert f"{prefix}.intro" not in catalog(language)  # the old caption is gone
