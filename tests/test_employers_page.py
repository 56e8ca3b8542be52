"""Työnantajasuhteet under AppTest.

A hand-built team whose every figure on the page – the log and each of its filters, the
XLSX download, the weekly rhythm against item 17's target with the leader's review, the
preference share and the purpose mix, the employer register with the employers going
cold, and the jobs – is worked out by hand below; the demo, where the page shows what the
metrics engine computes on the same data; an empty database and teams with nothing
logged, where the page says so in words instead of showing figures.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import openpyxl
import pandas as pd
import pytest
from conftest import DEMO_END
from sqlalchemy import select

from ote import models as m
from ote.enums import EmployerContactPurpose
from ote.formatting import format_date, format_figure
from ote.i18n import Translator, translate
from ote.metrics import employer_log as log
from ote.metrics import jobs
from ote.metrics.definitions import definition
from ote.records import log_reviews
from ote.supervision.week import Week

PAGE = "pages/employers.py"
AS_OF = date(2025, 7, 2)  # the hand-built team is read on this day, a Wednesday
FI = Translator("fi")
TABS = ["Loki", "Viikkorytmi", "Laatu", "Työnantajarekisteri", "Työsuhteet"]
CODE = "Asiakaskoodi"  # the log's column of client links
LINK_TEXT = r"client=([^&]+)"
LOG_COLUMNS = [
    CODE,
    "Päivämäärä",
    "Viikko",
    "Työntekijä",
    "Työnantaja",
    "Kasvokkain",
    "Asiakkaan toiveiden mukainen",
    "Tarkoitus",
    "Tulos",
]
NO_CONTACTS = (
    "Näillä valinnoilla ei löydy työnantajayhteyksiä. Muuta aikaväliä tai suodattimia. Jos "
    "yhteyksiä ei ole vielä kirjattu, kirjaa ne sitä mukaa kuin valmentajat tapaavat "
    "työnantajia."
)
NO_CONTACTS_IN_WINDOW = (
    "Tällä aikavälillä ei ole kirjattu työnantajayhteyksiä, joten niiden tarkoitusta ei voi "
    "vielä näyttää."
)
REVIEW_ROW = "Tiiminvetäjän läpikäynti"
COLD = "⚠ kylmenemässä"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------- helpers
def page_links(block) -> list[tuple[str, str]]:
    """(page, label) of the page links in `block`."""
    return [(e.proto.page, e.proto.label) for e in block if e.type == "page_link"]


def open_page(app_test, database, **query):
    """The app on `database` with `query` in the URL, then the page; no exception."""
    at = app_test(database.url.render_as_string(False), **query)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Työnantajasuhteet"
    return at


def open_team(app_test, database, as_of: date = AS_OF, team: str = "T1"):
    at = open_page(app_test, database, as_of=as_of.isoformat(), team=team)
    assert [tab.label for tab in at.tabs] == TABS
    return at


def rerun(widget):
    at = widget.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(block) -> dict[str, str]:
    return {metric.label: metric.value for metric in block.metric}


def rows(frame) -> list[tuple]:
    return [tuple(row) for row in frame.itertuples(index=False)]


def link_query(url: str) -> dict[str, str]:
    """The page and query parameters of a client link: `client?client=…&…`."""
    parts = urlsplit(url)
    assert parts.path == "client", url
    query = parse_qs(parts.query)
    assert all(len(values) == 1 for values in query.values()), url
    return {key: values[0] for key, values in query.items()}


def link_codes(element) -> list[str | None]:
    """The client codes of the log: each cell is a link to the client's timeline in the
    same view, shown as the code; a contact naming no client has an empty cell."""
    config = json.loads(element.proto.columns)[CODE]
    assert config["type_config"] == {"type": "link", "display_text": LINK_TEXT}
    codes = []
    for url in element.value[CODE]:
        if pd.isna(url):
            codes.append(None)
            continue
        query = link_query(url)
        assert unquote(re.search(LINK_TEXT, url).group(1)) == query["client"]
        codes.append(query["client"])
    return codes


def log_tab(at):
    return at.tabs[0]


def caption_of_log(at) -> str:
    (caption,) = [c.value for c in log_tab(at).caption]
    return caption


def shown_log(at, as_of: date = AS_OF) -> list[str]:
    """The labels (see CONTACTS) of the contacts the log shows, in order. The caption says
    exactly that many of that many, the download is there when the log is not empty, and
    each contact naming a client links to the client's timeline in the same view."""
    tab = log_tab(at)
    if not tab.dataframe:
        assert [x.body for x in tab.info] == [NO_CONTACTS]
        assert not tab.get("download_button")
        assert caption_of_log(at) == "Näytetään 0/0 yhteyttä, uusin ensin."
        return []
    (table,) = tab.dataframe
    frame = table.value
    assert list(frame.columns) == LOG_COLUMNS
    by_row = {log_row(label)[1:]: label for label in CONTACTS}
    labels = [by_row[row[1:]] for row in rows(frame)]
    assert caption_of_log(at) == f"Näytetään {len(labels)}/{len(labels)} yhteyttä, uusin ensin."
    assert [d.label for d in tab.get("download_button")] == ["Lataa näytetyt yhteydet (XLSX)"]
    # The cells of the contacts naming a client.
    named = [(label, url) for label, url in zip(labels, frame[CODE], strict=True)]
    assert [link_query(url) for label, url in named if log_row(label)[0]] == [
        {"client": log_row(label)[0], "lang": "fi", "as_of": as_of.isoformat(), "team": "T1"}
        for label in labels
        if log_row(label)[0]
    ]
    return labels


# ---------------------------------------------------------------- the hand-built team
def dm(day: int, month: int, year: int = 2025) -> date:
    return date(year, month, day)


STAFF = {
    "Aino": "Aino Aalto",
    "Bea": "Bea Berg",
    "Dora": "Dora Dahl",
    "Jussi": "Jussi Juva",
    "Leena": "Leena Lahti",
    "Olli": "Olli Ohtonen",
}
EMPLOYERS = {  # short name: (name, industry)
    "Kuppi": ("Kahvila Kuppi", "ravintola"),
    "Varasto": ("Varasto Oy", "logistiikka"),
    "Kirjasto": ("Kirjasto", None),
    "Puutarha": ("Puutarha Ab", "puutarha"),
    "Siivous": ("Siivous Oy", "siivous"),
    "Tuleva": ("Tuleva Oy", None),
    "Muu": ("Muu Oy", None),
}
PURPOSES = {
    "needs": "Työnantajan tarpeiden kartoitus",
    "service_info": "Työhönvalmennuksen esittely",
    "client_strengths": "Työnhakijan vahvuuksien esittely",
    "interview_request": "Haastattelupyyntö",
    "vacancy_inquiry": "Avoimen paikan kysely",
    "application_only": "Hakemuksen jättäminen",
    "in_work_support": "Tuki työssä",
    None: "–",
}
OUTCOMES = {"c1": "interview", "c2": "follow_up", "c3": "job_offer", "c5": "no_opening"}
OUTCOME_NAMES = {
    "interview": "Haastattelu",
    "follow_up": "Sovittiin jatkosta",
    "job_offer": "Työtarjous",
    "no_opening": "Ei paikkaa nyt",
}
TIPS = {"c1": "Kokki haussa", "c6": "Varasto hakee kesätyöntekijää"}

# Every employer contact of team T1 (c1 … c27):
# label: (date, staff, employer, client, face to face, preference-based, purpose)
# fmt: off
CONTACTS = {
    # In the log's default window, the 28 days 5.6.–2.7.2025 (c1 is in week 27, still running).
    "c1": (dm(2, 7), "Aino", "Kuppi", "A-01", True, True, "client_strengths"),
    "c2": (dm(27, 6), "Aino", "Varasto", "A-02", True, True, "needs"),
    "c3": (dm(25, 6), "Aino", "Kuppi", "A-03", True, False, "interview_request"),
    "c4": (dm(24, 6), "Bea", "Varasto", "B-01", True, True, "service_info"),
    "c5": (dm(23, 6), "Bea", "Kuppi", "B-01", True, None, "vacancy_inquiry"),
    "c6": (dm(18, 6), "Bea", "Varasto", "B-01", True, True, "client_strengths"),
    "c7": (dm(17, 6), "Bea", "Varasto", "B-02", True, None, "in_work_support"),  # B-02 has a job
    "c8": (dm(19, 6), "Bea", "Kuppi", "B-01", False, False, "application_only"),
    "c9": (dm(20, 6), "Jussi", "Kuppi", None, False, None, None),
    "c10": (dm(13, 6), "Bea", "Varasto", "B-02", True, True, "interview_request"),
    "c11": (dm(12, 6), "Bea", "Kuppi", "B-01", True, False, "needs"),
    "c12": (dm(11, 6), "Bea", "Kuppi", "B-01", True, True, "needs"),
    "c13": (dm(10, 6), "Bea", "Varasto", "B-02", True, True, "client_strengths"),
    "c14": (dm(5, 6), "Aino", "Varasto", None, True, None, "service_info"),
    # The day before the window, a contact after AS_OF, and further back.
    "c15": (dm(4, 6), "Bea", "Kuppi", None, True, None, "service_info"),
    "c16": (dm(10, 7), "Aino", "Tuleva", "A-01", True, True, "needs"),
    "c17": (dm(6, 5), "Dora", "Kuppi", "D-01", True, True, "needs"),
    # Aino's week 22 (26.5.–1.6.): six face-to-face contacts about her job seekers.
    "c18": (dm(26, 5), "Aino", "Varasto", "A-01", True, True, "needs"),
    "c19": (dm(27, 5), "Aino", "Varasto", "A-02", True, True, "needs"),
    "c20": (dm(28, 5), "Aino", "Varasto", "A-03", True, True, "needs"),
    "c21": (dm(29, 5), "Aino", "Varasto", "A-01", True, True, "needs"),
    "c22": (dm(30, 5), "Aino", "Varasto", "A-02", True, None, "needs"),
    "c23": (dm(31, 5), "Aino", "Varasto", "A-03", True, None, "needs"),
    "c24": (dm(3, 4), "Aino", "Kirjasto", None, True, None, None),  # 90 days before AS_OF
    "c25": (dm(4, 4), "Jussi", "Puutarha", None, True, None, "vacancy_inquiry"),  # 89 days
    "c26": (dm(2, 4), "Aino", "Puutarha", None, False, None, "needs"),
    "c27": (dm(15, 4), "Jussi", "Varasto", None, False, None, "interview_request"),
}
# The log's default window, newest first (by date, then by id).
DEFAULT_LOG = ["c1", "c2", "c3", "c4", "c5", "c9", "c8", "c6", "c7", "c10", "c11", "c12", "c13",
               "c14"]
# fmt: on


def yes_no(value: bool | None) -> str:
    return {True: "kyllä", False: "ei", None: "–"}[value]


def log_row(label: str) -> tuple:
    """A contact as the log shows it: (client code, date, ISO week, employee, employer,
    face to face, preference-based, purpose, outcome)."""
    day, who, employer, code, f2f, pref, purpose = CONTACTS[label]
    year, week, _ = day.isocalendar()
    outcome = OUTCOMES.get(label)
    return (
        code,
        f"{day.day}.{day.month}.{day.year}",
        f"{year}-W{week:02d}",
        STAFF[who],
        EMPLOYERS[employer][0],
        yes_no(f2f),
        yes_no(pref),
        PURPOSES[purpose],
        OUTCOME_NAMES[outcome] if outcome else "–",
    )


@pytest.fixture
def hand_built(sqlite_database):
    """Team T1 on AS_OF (Wednesday 2.7.2025), worked out by hand in the tests; T2 beside it.

    T1's staff: coaches Aino Aalto (job seekers A-01…A-03: a target of 6 a week) and Bea
    Berg (B-01 and B-02: 2 × 2 = 4; B-02 has a job from Monday 16.6.2025, so 2 × 1 = 2 from
    week 25 on), coach Dora Dahl (D-01: 2) until Tuesday 20.5.2025, job finder Jussi Juva,
    team leader Leena Lahti. J-01…J-05 are Aino's clients who got jobs. The contacts are
    CONTACTS; the leader reviewed week 24 on 16.6.2025. T2 (coach Olli, its own client
    A-01) has a contact with Kahvila Kuppi, one with Muu Oy, a job at Varasto Oy and a
    review of week 25: none of them may show for T1.
    """
    teams, sources, staff, employers, clients = {}, {}, {}, {}, {}
    job_keys = itertools.count(1)
    with sqlite_database.write() as s:

        def add(row):
            s.add(row)
            s.flush()
            return row.id

        for key in ("T1", "T2"):
            teams[key] = add(m.Team(key=key, name=f"Tiimi {key}"))
            sources[key] = add(
                m.ReferralSource(
                    key=f"{key}-R", team_id=teams[key], name="MT", kind="self_referral"
                )
            )
        for short, role, end, team in [
            ("Aino", "coach", None, "T1"),
            ("Bea", "coach", None, "T1"),
            ("Dora", "coach", dm(20, 5), "T1"),
            ("Jussi", "job_finder", None, "T1"),
            ("Leena", "team_leader", None, "T1"),
            ("Olli", "coach", None, "T2"),
        ]:
            staff[short] = add(
                m.Staff(
                    key=f"S-{short}",
                    team_id=teams[team],
                    name=STAFF[short],
                    role=role,
                    fte=1.0,
                    end_date=end,
                )
            )
        for short, (name, industry) in EMPLOYERS.items():
            employers[short] = add(m.Employer(key=f"E-{short}", name=name, industry=industry))

        def client(code, coach, start, end=None, team="T1"):
            clients[(team, code)] = add(
                m.Client(
                    team_id=teams[team],
                    code=code,
                    coach_id=staff[coach],
                    source_id=sources[team],
                    referral_date=start,
                    service_start=start,
                    service_end=end,
                )
            )

        for code, coach in [("A-01", "Aino"), ("A-02", "Aino"), ("A-03", "Aino")]:
            client(code, coach, dm(2, 1))
        for code, coach in [("B-01", "Bea"), ("B-02", "Bea"), ("D-01", "Dora")]:
            client(code, coach, dm(2, 1))
        for code in ("J-01", "J-02", "J-03", "J-04"):
            client(code, "Aino", dm(1, 5, 2024), dm(31, 3))
        client("J-05", "Aino", dm(1, 4))
        client("A-01", "Olli", dm(2, 1), team="T2")

        def job(code, employer, kind, start, end=None, reason=None, *, team="T1", **mix):
            add(
                m.Job(
                    key=f"JOB-{next(job_keys)}",
                    client_id=clients[(team, code)],
                    employer_id=employers[employer],
                    title=kind.capitalize(),
                    job_type=kind,
                    start_date=start,
                    end_date=end,
                    end_reason=reason,
                    competitive=mix.get("competitive", True),
                    permanent=mix.get("permanent", True),
                )
            )

        # The jobs started 3.7.2024–2.7.2025, and how long they have lasted on 2.7.2025:
        fixed_term = {"permanent": False}
        ended = "määräaikainen päättyi"
        job("J-01", "Kuppi", "ravintolatyö", dm(1, 9, 2024), dm(30, 11, 2024), ended, **fixed_term)
        job("J-02", "Varasto", "varastotyö", dm(1, 10, 2024))  # 275 days so far
        job("J-03", "Kuppi", "siivous", dm(1, 2), dm(15, 3), "  ", **fixed_term)  # 43 days
        job("J-05", "Puutarha", "puutarhatyö", dm(1, 5), competitive=False)  # 63 days so far
        job("B-02", "Varasto", "varastotyö", dm(16, 6))  # 17 days so far
        # (J-01: 30 + 31 + 30 = 91 days.) J-04 started before the window and ended in it: an
        # end reason, not a job started (and Siivous Oy's job in the register).
        job("J-04", "Siivous", "siivous", dm(1, 6, 2024), dm(10, 7, 2024), "irtisanoutui")
        job("J-01", "Tuleva", "ravintolatyö", dm(10, 7))  # after AS_OF
        job("A-01", "Varasto", "varastotyö", dm(1, 3), team="T2")

        for label, (day, who, employer, code, f2f, pref, purpose) in CONTACTS.items():
            add(
                m.EmployerContact(
                    date=day,
                    staff_id=staff[who],
                    employer_id=employers[employer],
                    face_to_face=f2f,
                    client_id=clients[("T1", code)] if code else None,
                    preference_based=pref,
                    purpose=purpose,
                    outcome=OUTCOMES.get(label),
                    job_tip=TIPS.get(label),
                )
            )
        for day, employer in [(dm(26, 6), "Kuppi"), (dm(20, 6), "Muu")]:
            add(
                m.EmployerContact(
                    date=day,
                    staff_id=staff["Olli"],
                    employer_id=employers[employer],
                    face_to_face=True,
                    client_id=clients[("T2", "A-01")],
                    preference_based=True,
                    purpose="needs",
                )
            )
        for team, monday, reviewed_on, reviewer in [
            ("T1", dm(9, 6), dm(16, 6), "Leena"),
            ("T2", dm(16, 6), dm(23, 6), "Olli"),
        ]:
            add(
                m.EmployerLogReview(
                    team_id=teams[team],
                    week_start=monday,
                    reviewed_on=reviewed_on,
                    reviewer_id=staff[reviewer],
                )
            )
    return SimpleNamespace(db=sqlite_database, teams=teams, staff=staff, employers=employers)


# ------------------------------------------------------------------------------ the log
def test_the_log_shows_the_last_28_days_newest_first(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    # 5.6.–2.7.2025: c15 (4.6.) is a day too early, c16 (10.7.) after the as-of date, and
    # team T2's contacts (with Kahvila Kuppi and Muu Oy) are not T1's.
    assert shown_log(at) == DEFAULT_LOG
    assert caption_of_log(at) == "Näytetään 14/14 yhteyttä, uusin ensin."
    (table,) = log_tab(at).dataframe
    literal = rows(table.value.drop(columns=[CODE]))
    assert literal[0] == (
        "2.7.2025",
        "2025-W27",
        "Aino Aalto",
        "Kahvila Kuppi",
        "kyllä",
        "kyllä",
        "Työnhakijan vahvuuksien esittely",
        "Haastattelu",
    )
    assert literal[4] == (
        "23.6.2025",
        "2025-W26",
        "Bea Berg",
        "Kahvila Kuppi",
        "kyllä",
        "–",  # preference not marked
        "Avoimen paikan kysely",
        "Ei paikkaa nyt",
    )
    assert literal[5] == (
        "20.6.2025",
        "2025-W25",
        "Jussi Juva",
        "Kahvila Kuppi",
        "ei",
        "–",
        "–",
        "–",
    )
    # The client codes open the client's timeline in the same view.
    assert list(table.value[CODE][:5]) == [
        f"client?client={code}&lang=fi&as_of=2025-07-02&team=T1"
        for code in ("A-01", "A-02", "A-03", "B-01", "B-01")
    ]
    assert "Kokki haussa" not in table.value.to_csv()  # the job tips are in the download only

    # The filters start empty: everything of the window.
    assert at.date_input(key=f"employer_log.period.{AS_OF.isoformat()}").value == (dm(5, 6), AS_OF)
    coaches = at.multiselect(key="employer_log.staff")
    assert (coaches.value, coaches.options) == (
        [],
        ["Aino Aalto", "Bea Berg", "Dora Dahl", "Jussi Juva", "Leena Lahti"],  # T1's staff
    )
    employers = at.multiselect(key="employer_log.employers")
    assert employers.value == []
    assert employers.options == sorted(name for name, _ in EMPLOYERS.values())  # shared
    purposes = at.multiselect(key="employer_log.purposes")
    assert (purposes.value, purposes.options) == ([], [p for p in PURPOSES.values() if p != "–"])
    for key in ("employer_log.face_to_face", "employer_log.preference"):
        radio = at.radio(key=key)
        assert (radio.value, radio.options) == ("all", ["kaikki", "kyllä", "ei"])
    assert at.text_input(key="employer_log.client").value == ""


def set_staff(*names):
    return lambda at, b: at.multiselect(key="employer_log.staff").set_value(
        [b.staff[n] for n in names]
    )


def set_employers(*names):
    return lambda at, b: at.multiselect(key="employer_log.employers").set_value(
        [b.employers[n] for n in names]
    )


def set_widget(kind: str, key: str, value):
    return lambda at, b: getattr(at, kind)(key=f"employer_log.{key}").set_value(value)


def combined(*setters):
    def apply(at, b):
        for setter in setters:
            setter(at, b)
        return at

    return apply


@pytest.mark.parametrize(
    ("choose", "expected"),
    [
        pytest.param(
            set_widget("date_input", f"period.{AS_OF.isoformat()}", (dm(10, 6), dm(13, 6))),
            ["c10", "c11", "c12", "c13"],
            id="period",
        ),
        pytest.param(
            set_widget("date_input", f"period.{AS_OF.isoformat()}", (dm(26, 5), dm(1, 6))),
            ["c23", "c22", "c21", "c20", "c19", "c18"],
            id="earlier-period",
        ),
        # While the second date is being picked, the one picked is the period.
        pytest.param(
            set_widget("date_input", f"period.{AS_OF.isoformat()}", (dm(12, 6),)),
            ["c11"],
            id="one-day",
        ),
        pytest.param(set_staff("Jussi"), ["c9"], id="job-finder"),
        pytest.param(
            set_staff("Aino", "Jussi"), ["c1", "c2", "c3", "c9", "c14"], id="two-employees"
        ),
        pytest.param(set_staff("Leena"), [], id="nobody-logged"),
        pytest.param(
            set_employers("Kuppi"),
            ["c1", "c3", "c5", "c9", "c8", "c11", "c12"],
            id="employer",
        ),
        pytest.param(set_employers("Muu"), [], id="other-teams-employer"),
        pytest.param(
            set_widget("multiselect", "purposes", ["needs", "client_strengths"]),
            ["c1", "c2", "c6", "c11", "c12", "c13"],
            id="purposes",
        ),
        pytest.param(
            set_widget("radio", "face_to_face", "yes"),
            ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c10", "c11", "c12", "c13", "c14"],
            id="face-to-face",
        ),
        pytest.param(set_widget("radio", "face_to_face", "no"), ["c9", "c8"], id="not-met"),
        pytest.param(
            set_widget("radio", "preference", "yes"),
            ["c1", "c2", "c4", "c6", "c10", "c12", "c13"],
            id="preference-based",
        ),
        # Not preference-based: marked not, or not marked at all (item 16 counts them so).
        pytest.param(
            set_widget("radio", "preference", "no"),
            ["c3", "c5", "c9", "c8", "c7", "c11", "c14"],
            id="not-preference-based",
        ),
        pytest.param(set_widget("text_input", "client", "B-02"), ["c7", "c10", "c13"], id="client"),
        # T1's A-01 only, not T2's client of the same code; spaces around are ignored.
        pytest.param(set_widget("text_input", "client", " A-01 "), ["c1"], id="shared-code"),
        pytest.param(set_widget("text_input", "client", "X-99"), [], id="unknown-code"),
        pytest.param(
            combined(
                set_staff("Bea"),
                set_employers("Varasto"),
                set_widget("radio", "face_to_face", "yes"),
                set_widget("radio", "preference", "yes"),
            ),
            ["c4", "c6", "c10", "c13"],
            id="combined",
        ),
    ],
)
def test_each_filter_shows_exactly_the_matching_contacts(app_test, hand_built, choose, expected):
    at = open_team(app_test, hand_built.db)
    choose(at, hand_built)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown_log(at) == expected


def test_a_contact_naming_no_client_has_an_empty_code_cell(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    (table,) = log_tab(at).dataframe
    assert link_codes(table) == [log_row(label)[0] for label in DEFAULT_LOG]


def test_the_log_window_follows_the_as_of_date(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    assert shown_log(at) == DEFAULT_LOG
    at.sidebar.date_input(key="as_of").set_value(dm(22, 6))
    rerun(at)
    assert at.date_input(key=f"employer_log.period.{dm(22, 6).isoformat()}").value == (
        dm(26, 5),
        dm(22, 6),
    )
    assert "c1" not in shown_log(at, dm(22, 6))  # dated 2.7.2025, after the as-of date


def workbook_rows(downloads, at) -> tuple[str | None, str, list[tuple]]:
    """The file name, sheet name and rows of the workbook behind the log's download button."""
    (button,) = log_tab(at).get("download_button")
    content, mimetype, file_name = downloads.of(button)
    assert mimetype == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    (sheet,) = workbook.worksheets
    return file_name, sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_download_is_made_when_clicked_and_logged_as_an_export(app_test, hand_built, downloads):
    """The workbook is made only when the button is clicked (not on every run of the page),
    and then logged as an export of every client code it names (DOMAIN.md §5)."""

    def exports():
        with hand_built.db.read() as s:
            return s.execute(
                select(m.AuditLog.client_code, m.AuditLog.actor)
                .where(m.AuditLog.action == "export", m.AuditLog.entity == "employer_contact")
                .order_by(m.AuditLog.client_code)
            ).all()

    at = open_team(app_test, hand_built.db)
    (button,) = log_tab(at).get("download_button")
    assert not button.proto.url and button.proto.deferred_file_id
    assert exports() == []
    workbook_rows(downloads, at)
    codes = sorted({code for code, *_ in map(log_row, DEFAULT_LOG) if code})
    assert codes and [code for code, _ in exports()] == codes
    assert {actor for _, actor in exports()} == {"test-admin"}


def test_the_download_holds_the_shown_contacts_with_the_job_tips(app_test, hand_built, downloads):
    at = open_team(app_test, hand_built.db)
    file_name, title, sheet = workbook_rows(downloads, at)
    assert file_name == "tyonantajayhteydet-2025-06-05-2025-07-02.xlsx"
    assert title == "Työnantajayhteydet"
    header, *content = sheet
    assert header == (
        "Päivämäärä",
        "Viikko",
        "Työntekijä",
        "Työnantaja",
        "Kasvokkain",
        "Asiakaskoodi",
        "Asiakkaan toiveiden mukainen",
        "Tarkoitus",
        "Tulos",
        "Työpaikkavinkki",
    )

    def expected(label):
        code, *shown = log_row(label)
        return (*shown[:5], code, *shown[5:], TIPS.get(label))

    assert content == [expected(label) for label in DEFAULT_LOG]
    assert content[0][-1] == "Kokki haussa" and content[7][-1] == "Varasto hakee kesätyöntekijää"

    # Filtered, the download holds the rows shown and is named after the period.
    at.date_input(key=f"employer_log.period.{AS_OF.isoformat()}").set_value((dm(10, 6), dm(20, 6)))
    at.multiselect(key="employer_log.employers").set_value([hand_built.employers["Varasto"]])
    rerun(at)
    assert shown_log(at) == ["c6", "c7", "c10", "c13"]
    file_name, _, (_, *content) = workbook_rows(downloads, at)
    assert file_name == "tyonantajayhteydet-2025-06-10-2025-06-20.xlsx"
    assert content == [expected(label) for label in ["c6", "c7", "c10", "c13"]]


# ------------------------------------------------------------------------ weekly rhythm
WEEKS = [f"2025-W{n}" for n in range(19, 27)]  # the 8 full weeks up to Sunday 29.6.2025
NOT_REVIEWED = "⚠ ei käyty"


def rhythm_table(tab) -> list[tuple]:
    (table,) = tab.dataframe
    return rows(table.value)


def rhythm_rows(at) -> list[tuple]:
    """The hand-built team's rhythm: weeks 19–26 of 2025."""
    (table,) = at.tabs[1].dataframe
    assert list(table.value.columns) == ["Työntekijä", *WEEKS]
    return rows(table.value)


def test_the_weekly_rhythm_is_worked_out_by_hand(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    # On Wednesday 2.7.2025 the last full week is week 26 (23.6.–29.6.); c1 on 2.7. is in
    # the running week 27. Coaches only: not Jussi (job finder) nor Leena (team leader).
    assert rhythm_rows(at) == [
        # Aino: 3 job seekers → 6 a week. Week 22: c18…c23. Week 23: c14 names no client.
        # Week 26: c2 and c3.
        ("Aino Aalto", *["0 / 6 ⚠"] * 3, "6 / 6 ✓", "0 / 6 ⚠", "0 / 6 ⚠", "0 / 6 ⚠", "2 / 6 ⚠"),
        # Bea: B-01 and B-02 → 2 × 2 = 4; from week 25 B-02 has a job → 2 × 1 = 2.
        # Week 23: c15 names no client. Week 24: c10…c13. Week 25: c6 (c7 is about B-02,
        # who has a job; c8 was by phone). Week 26: c4 and c5.
        ("Bea Berg", *["0 / 4 ⚠"] * 5, "4 / 4 ✓", "1 / 2 ⚠", "2 / 2 ✓"),
        # Dora: D-01 → 2 while employed (to Tuesday 20.5., week 21); c17 on 6.5. Nothing
        # is expected of her after that.
        ("Dora Dahl", "1 / 2 ⚠", "0 / 2 ⚠", "0 / 2 ⚠", *["0 / 0 ✓"] * 5),
        # The leader reviewed week 24 on 16.6.; T2's review of week 25 is not T1's.
        (REVIEW_ROW, *[NOT_REVIEWED] * 5, "✓ 16.6.2025", NOT_REVIEWED, NOT_REVIEWED),
    ]
    week = at.selectbox(key="employer_log.review_week")
    assert week.value == Week(dm(23, 6))
    assert week.options == [
        f"Viikko {n} ({monday.day}.{monday.month}.2025–{sunday.day}.{sunday.month}.2025)"
        for n, monday, sunday in [
            (26 - k, dm(23, 6) - timedelta(weeks=k), dm(29, 6) - timedelta(weeks=k))
            for k in range(8)
        ]
    ]
    assert not at.tabs[1].success  # week 26 has not been reviewed
    assert "Leena Lahti" in at.selectbox(key="employer_log.reviewer").options
    assert "Olli Ohtonen" not in at.selectbox(key="employer_log.reviewer").options

    week.set_value(Week(dm(9, 6)))
    rerun(at)
    assert [x.value for x in at.tabs[1].success] == [
        "Viikon loki käytiin läpi 16.6.2025 (Leena Lahti)."
    ]


def reviews_of(database, team_id: int) -> list[tuple]:
    with database.read() as session:
        return [
            (r.week_start, r.reviewed_on, r.reviewer_id)
            for r in session.execute(
                select(m.EmployerLogReview)
                .where(m.EmployerLogReview.team_id == team_id)
                .order_by(m.EmployerLogReview.week_start)
            ).scalars()
        ]


def test_marking_a_week_reviewed_and_taking_the_mark_back(app_test, hand_built):
    t1, t2 = hand_built.teams["T1"], hand_built.teams["T2"]
    leena = hand_built.staff["Leena"]
    at = open_team(app_test, hand_built.db)
    assert at.selectbox(key="employer_log.review_week").value == Week(dm(23, 6))  # week 26
    assert not [b for b in at.button if b.key == "employer_log.unmark"]  # nothing to take back
    at.selectbox(key="employer_log.reviewer").set_value(leena)
    first_day = date.today()
    at.button(key="employer_log.mark").click()
    rerun(at)
    last_day = date.today()
    assert not at.error

    # The review is written for T1's week 26, on the day it was marked, by Leena.
    saved = reviews_of(hand_built.db, t1)
    assert [(week, who) for week, _, who in saved] == [(dm(9, 6), leena), (dm(23, 6), leena)]
    marked_on = saved[1][1]
    assert first_day <= marked_on <= last_day
    assert reviews_of(hand_built.db, t2) == [(dm(16, 6), dm(23, 6), hand_built.staff["Olli"])]
    shown_on = format_date(marked_on)

    # The page says so, and the week's cell of the last row is ✓ with the date.
    tab = at.tabs[1]
    assert "Läpikäynti merkitty." in [x.value for x in at.success]
    assert f"Viikon loki käytiin läpi {shown_on} (Leena Lahti)." in [x.value for x in tab.success]
    assert rhythm_rows(at)[-1] == (
        REVIEW_ROW,
        *[NOT_REVIEWED] * 5,
        "✓ 16.6.2025",
        NOT_REVIEWED,
        f"✓ {shown_on}",
    )

    # Another week, without a reviewer chosen anew: the one chosen stays.
    at.selectbox(key="employer_log.review_week").set_value(Week(dm(26, 5)))
    rerun(at)
    at.button(key="employer_log.mark").click()
    rerun(at)
    assert [(week, who) for week, _, who in reviews_of(hand_built.db, t1)] == [
        (dm(26, 5), leena),
        (dm(9, 6), leena),
        (dm(23, 6), leena),
    ]
    assert rhythm_rows(at)[-1][4] == f"✓ {format_date(reviews_of(hand_built.db, t1)[0][1])}"

    # "Poista merkintä" takes week 22's mark back, and only that.
    at.button(key="employer_log.unmark").click()
    rerun(at)
    assert [week for week, _, _ in reviews_of(hand_built.db, t1)] == [dm(9, 6), dm(23, 6)]
    assert rhythm_rows(at)[-1][4] == NOT_REVIEWED
    assert not [b for b in at.button if b.key == "employer_log.unmark"]
    assert not at.tabs[1].success

    # And week 26's.
    at.selectbox(key="employer_log.review_week").set_value(Week(dm(23, 6)))
    rerun(at)
    at.button(key="employer_log.unmark").click()
    rerun(at)
    assert reviews_of(hand_built.db, t1) == [(dm(9, 6), dm(16, 6), leena)]
    assert rhythm_rows(at)[-1] == (
        REVIEW_ROW,
        *[NOT_REVIEWED] * 5,
        "✓ 16.6.2025",
        NOT_REVIEWED,
        NOT_REVIEWED,
    )
    assert reviews_of(hand_built.db, t2) == [(dm(16, 6), dm(23, 6), hand_built.staff["Olli"])]


# ------------------------------------------------------------------------------ quality
def test_the_quality_tab_is_worked_out_by_hand(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    quality = at.tabs[2]
    # Item 16 over the 91 days 3.4.–2.7.2025: the contacts naming a job seeker are c1–c6,
    # c8, c10–c13, c17 and c18–c23 (c7: B-02 had a job) – 18; preference-based c1, c2, c4,
    # c6, c10, c12, c13, c17, c18–c21 – 12. 12 / 18 = 66,7 %.
    (share,) = quality.metric
    assert (share.label, share.value) == ("Asiakkaan toiveiden mukaiset yhteydet", "67\u00a0%")
    # Its definition over the Measure's own window, resting on the 18 contacts.
    assert "**Aikaväli:** 3.4.2025–2.7.2025" in share.help
    assert share.help.endswith(
        "**Tässä luvussa:** 12/18 työnhakijaa koskevasta työnantajayhteydestä perustui "
        "asiakkaan omiin toiveisiin."
    )
    assert [x.value for x in quality.subheader] == [
        "Yhteyksien tarkoitus 3.4.2025–2.7.2025 (laatukriteeri 18)"
    ]
    # Item 18: every T1 contact of the window, by anyone, face to face or not – 25 (c1–c15,
    # c17–c25, c27; not c26 on 2.4. nor c16 after the as-of date, nor T2's).
    (table,) = quality.dataframe
    assert list(table.value.columns) == ["Tarkoitus", "Taso", "Yhteyksiä", "Osuus"]
    relationship, vacancy, other = "Työnantajasuhteen rakentaminen", "Vain avoimet paikat", "Muu"
    assert rows(table.value) == [
        ("Työnantajan tarpeiden kartoitus", relationship, 10, "40\u00a0%"),  # c2 c11 c12 c17
        ("Työhönvalmennuksen esittely", relationship, 3, "12\u00a0%"),  # c4 c14 c15
        ("Työnhakijan vahvuuksien esittely", relationship, 3, "12\u00a0%"),  # c1 c6 c13
        ("Haastattelupyyntö", relationship, 3, "12\u00a0%"),  # c3 c10 c27
        ("Avoimen paikan kysely", vacancy, 2, "8\u00a0%"),  # c5 c25
        ("Hakemuksen jättäminen", vacancy, 1, "4\u00a0%"),  # c8
        ("Tuki työssä", other, 1, "4\u00a0%"),  # c7
        ("ei kirjattu", other, 2, "8\u00a0%"),  # c9 c24
    ]  # (needs: c18–c23 too)
    assert quality.get("vega_lite_chart")  # the same mix as a chart


# ----------------------------------------------------------------------------- register
REGISTER_COLUMNS = [
    "Työnantaja",
    "Toimiala",
    "Viimeisin yhteys",
    "Päiviä yhteydestä",
    "Yhteyksiä",
    "Kasvokkain",
    "Työntekijöitä",
    "Työsuhteita",
]


def test_the_employer_register_is_worked_out_by_hand(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    register = at.tabs[3]
    assert metrics(register) == {"Työnantajia": "5", "Kylmenemässä": "2"}
    (table,) = register.dataframe
    assert list(table.value.columns) == REGISTER_COLUMNS
    # Cold first (no contact at all first), then by the last contact, oldest first. Tuleva
    # Oy (only c16, after the as-of date) and Muu Oy (only T2's) are not T1's employers.
    expected = [
        ("Siivous Oy", "siivous", "–", f"– {COLD}", 0, 0, 0, 1),  # only J-04's job
        ("Kirjasto", "–", "3.4.2025", f"90 {COLD}", 1, 1, 1, 0),  # c24, 90 days ago: cold
        ("Puutarha Ab", "puutarha", "4.4.2025", "89", 2, 1, 2, 1),  # c25 (89 days), c26; J-05
        # c2, c4, c6, c7, c10, c13, c14, c18–c23, c27; J-02 and B-02's job (not T2's)
        ("Varasto Oy", "logistiikka", "27.6.2025", "5", 14, 13, 3, 2),
        # c1, c3, c5, c8, c9, c11, c12, c15, c17 (not T2's contact); J-01, J-03
        ("Kahvila Kuppi", "ravintola", "2.7.2025", "0", 9, 7, 4, 2),
    ]
    assert rows(table.value) == expected
    toggle = at.toggle(key="employer_log.only_cold")
    assert toggle.value is False
    toggle.set_value(True)
    rerun(at)
    assert rows(at.tabs[3].dataframe[0].value) == expected[:2]
    assert metrics(at.tabs[3]) == {"Työnantajia": "5", "Kylmenemässä": "2"}
    at.toggle(key="employer_log.only_cold").set_value(False)
    rerun(at)
    assert rows(at.tabs[3].dataframe[0].value) == expected


# --------------------------------------------------------------------------------- jobs
def test_the_jobs_tab_is_worked_out_by_hand(app_test, hand_built):
    at = open_team(app_test, hand_built.db)
    tab = at.tabs[4]
    assert [x.value for x in tab.caption] == ["Työsuhteet, jotka alkoivat 3.7.2024–2.7.2025."]
    # Started 3.7.2024–2.7.2025: J-01, J-02, J-03, J-05 and B-02's – 5 (not J-04, started
    # 1.6.2024, nor J-01's second job on 10.7.2025, nor T2's). Types: varastotyö ×2,
    # ravintolatyö, siivous, puutarhatyö – 4 / 5; employers Varasto Oy ×2, Kahvila Kuppi ×2,
    # Puutarha Ab – 3 / 5; competitive and permanent: J-02 and B-02's – 2 / 5.
    assert metrics(tab) == {
        "Alkaneet työsuhteet": "5",
        "Ammattien monipuolisuus": "80\u00a0%",
        "Työnantajien monipuolisuus": "60\u00a0%",
        "Avoimet ja vakituiset": "40\u00a0%",
    }
    assert [x.value for x in tab.subheader] == [
        "Ammattiluokittain",
        "Työnantajittain",
        "Työsuhteiden kesto ja laatu",
        "Päättyneiden työsuhteiden syyt",
    ]
    by_type, by_employer, tenure, reasons = tab.dataframe
    assert list(by_type.value.columns) == ["Ammattiluokka", "Työsuhteita", "Osuus"]
    assert rows(by_type.value) == [
        ("varastotyö", 2, "40\u00a0%"),
        ("puutarhatyö", 1, "20\u00a0%"),
        ("ravintolatyö", 1, "20\u00a0%"),
        ("siivous", 1, "20\u00a0%"),
    ]
    assert list(by_employer.value.columns) == ["Työnantaja", "Työsuhteita", "Osuus"]
    assert rows(by_employer.value) == [
        ("Kahvila Kuppi", 2, "40\u00a0%"),
        ("Varasto Oy", 2, "40\u00a0%"),
        ("Puutarha Ab", 1, "20\u00a0%"),
    ]
    # Days on 2.7.2025, start and end included: J-01 91 (ended 30.11.2024), J-02 275,
    # J-03 43 (ended 15.3.2025), J-05 63, B-02's 17. Median 63, mean 489 / 5 = 97,8.
    assert rows(tenure.value) == [
        ("Alkaneita työsuhteita", "5"),
        ("Jatkuu yhä", "3"),
        ("Päättynyt", "2"),
        ("Kesto, mediaani (päivää; jatkuvat tähän päivään)", "63"),
        ("Kesto, keskiarvo (päivää)", "98"),
        ("Kestänyt vähintään 90 päivää", "2"),
        ("Kestänyt vähintään 180 päivää", "1"),
        ("Avoimilla työmarkkinoilla", "4"),  # all but J-05
        ("Vakituisia", "3"),  # J-02, J-05, B-02's
        ("Avoimilla työmarkkinoilla ja vakituisia", "2"),
    ]
    # Ended 3.7.2024–2.7.2025, whenever started: J-04 (10.7.2024), J-01, J-03 (a blank
    # reason: not recorded).
    assert list(reasons.value.columns) == ["Päättymisen syy", "Työsuhteita", "Osuus"]
    assert rows(reasons.value) == [
        ("ei kirjattu", 1, "33\u00a0%"),
        ("irtisanoutui", 1, "33\u00a0%"),
        ("määräaikainen päättyi", 1, "33\u00a0%"),
    ]
    assert tab.get("vega_lite_chart")  # jobs started per month


# ----------------------------------------------------------------------------- the demo
def test_the_demo_shows_what_the_engine_computes(app_test, demo_copy):
    at = open_page(app_test, demo_copy, as_of=DEMO_END.isoformat())
    assert [tab.label for tab in at.tabs] == TABS
    on = DEMO_END
    year_ago = on - timedelta(days=364)
    last_week = Week.of(on - timedelta(days=6))  # Tuesday 30.6.2026: week 26 is the last full
    with demo_copy.read() as session:
        team_id = session.execute(select(m.Team.id).where(m.Team.key == "DEMO")).scalar_one()
        contacts, total = log.contact_log(
            session, team_id, log.LogFilter(first=on - timedelta(days=27), last=on)
        )
        rhythm = log.weekly_rhythm(session, team_id, last_week)
        reviewed = log_reviews.reviews(session, team_id, last_week.shifted(-7), last_week)
        share = log.preference_share(session, team_id, on - timedelta(days=90), on)
        mix = log.purpose_mix(session, team_id, on - timedelta(days=90), on)
        register = log.employer_register(session, team_id, on)
        job_mix = jobs.job_mix(session, team_id, year_ago, on)
        by_type = jobs.jobs_by_type(session, team_id, year_ago, on)
        by_employer = jobs.jobs_by_employer(session, team_id, year_ago, on)
        types = jobs.job_type_diversity(session, team_id, on)
        employers = jobs.employer_diversity(session, team_id, on)
        good = jobs.competitive_permanent_jobs(session, team_id, on)
    cold = [row for row in register if row.cold]
    # The demo has something everywhere, so that the comparisons below say something.
    assert contacts and rhythm and reviewed and register and cold and job_mix.jobs
    assert 0 < len(cold) < len(register)
    tab_log, tab_rhythm, quality, tab_register, tab_jobs = at.tabs

    # The log: the engine's contacts of the last 28 days, newest first.
    assert caption_of_log(at) == f"Näytetään {len(contacts)}/{total} yhteyttä, uusin ensin."
    (table,) = tab_log.dataframe
    frame = table.value
    assert list(frame.columns) == LOG_COLUMNS
    assert rows(frame[["Päivämäärä", "Työntekijä", "Työnantaja"]]) == [
        (format_date(r.date), r.staff_name, r.employer_name) for r in contacts
    ]
    assert [
        link_query(url)["client"]
        for url, r in zip(frame[CODE], contacts, strict=True)
        if r.client_code
    ] == [r.client_code for r in contacts if r.client_code]
    assert tab_log.get("download_button")

    # The weekly rhythm: each coach's counts and targets, and the leader's reviews.
    labels = [label for label, _, _ in rhythm[0].weeks]
    assert labels == [last_week.shifted(n - 7).label for n in range(8)]
    assert rhythm_table(tab_rhythm) == [
        (c.name, *(f"{n} / {target} {'✓' if n >= target else '⚠'}" for _, n, target in c.weeks))
        for c in rhythm
    ] + [
        (
            REVIEW_ROW,
            *(
                f"✓ {format_date(reviewed[Week.parse(label).monday].reviewed_on)}"
                if Week.parse(label).monday in reviewed
                else NOT_REVIEWED
                for label in labels
            ),
        )
    ]

    # Quality: item 16 and the purpose mix.
    assert metrics(quality) == {
        "Asiakkaan toiveiden mukaiset yhteydet": format_figure(share.value, "fi", percent=True)
    }
    assert quality.metric[0].help == definition("preference_based_contacts", "fi", measure=share)
    (mix_table,) = quality.dataframe
    assert rows(mix_table.value) == [
        (
            FI.enum(row.purpose, EmployerContactPurpose) if row.purpose else "ei kirjattu",
            FI(f"employer_log.levels.{row.level}"),
            row.contacts,
            format_figure(row.share, "fi", percent=True),
        )
        for row in mix
    ]

    # The register, and only the cold ones.
    assert metrics(tab_register) == {
        "Työnantajia": str(len(register)),
        "Kylmenemässä": str(len(cold)),
    }
    (register_table,) = tab_register.dataframe
    assert list(register_table.value["Työnantaja"]) == [row.name for row in register]
    assert list(register_table.value["Yhteyksiä"]) == [row.contacts for row in register]
    assert [text.endswith(COLD) for text in register_table.value["Päiviä yhteydestä"]] == [
        row.cold for row in register
    ]
    at.toggle(key="employer_log.only_cold").set_value(True)
    rerun(at)
    (register_table,) = at.tabs[3].dataframe
    assert list(register_table.value["Työnantaja"]) == [row.name for row in cold]

    # Jobs.
    assert metrics(tab_jobs) == {
        "Alkaneet työsuhteet": str(job_mix.jobs),
        "Ammattien monipuolisuus": format_figure(types.value, "fi", percent=True),
        "Työnantajien monipuolisuus": format_figure(employers.value, "fi", percent=True),
        "Avoimet ja vakituiset": format_figure(good.value, "fi", percent=True),
    }
    type_table, employer_table, tenure_table, _ = tab_jobs.dataframe
    assert [(row[0], row[1]) for row in rows(type_table.value)] == [
        (c.key, c.jobs) for c in by_type
    ]
    assert [(row[0], row[1]) for row in rows(employer_table.value)] == [
        (c.key, c.jobs) for c in by_employer
    ]
    tenure = dict(rows(tenure_table.value))
    assert tenure["Alkaneita työsuhteita"] == str(job_mix.jobs)
    assert tenure["Avoimilla työmarkkinoilla"] == str(job_mix.competitive)
    assert tenure["Vakituisia"] == str(job_mix.permanent)
    assert tenure["Avoimilla työmarkkinoilla ja vakituisia"] == str(job_mix.competitive_permanent)


# ------------------------------------------------------------------- nothing to show
def test_an_empty_database_says_there_is_no_team(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database, as_of=AS_OF.isoformat())
    assert [x.body for x in at.info] == [translate("records.no_team", "fi")]
    assert not at.tabs and not at.metric and not at.dataframe and not at.main.button


@pytest.fixture
def quiet_teams(sqlite_database):
    """T0: a team and nothing else. T3: a coach and her job seeker (since 2.1.2025), an
    employer in the shared register – and nothing logged."""
    with sqlite_database.write() as s:

        def add(row):
            s.add(row)
            s.flush()
            return row.id

        add(m.Team(key="T0", name="Tiimi T0"))
        team = add(m.Team(key="T3", name="Tiimi T3"))
        source = add(m.ReferralSource(key="T3-R", team_id=team, name="MT", kind="self_referral"))
        coach = add(m.Staff(key="S-Q", team_id=team, name="Quinn Qvist", role="coach", fte=1.0))
        add(
            m.Client(
                team_id=team,
                code="Q-01",
                coach_id=coach,
                source_id=source,
                referral_date=dm(2, 1),
                service_start=dm(2, 1),
            )
        )
        add(m.Employer(key="E-Q", name="Kauppa Oy"))
    return sqlite_database


def assert_nothing_logged(at) -> None:
    """No contacts, no employers, no jobs: words, not figures."""
    tab_log, _, quality, register, tab_jobs = at.tabs
    assert shown_log(at) == []
    assert not tab_log.dataframe and not tab_log.get("download_button")

    assert metrics(quality) == {"Asiakkaan toiveiden mukaiset yhteydet": "–"}
    assert quality.metric[0].help.endswith(
        "**Tässä luvussa:** 0/0 työnhakijaa koskevasta työnantajayhteydestä perustui asiakkaan "
        "omiin toiveisiin."
    )
    assert [x.body for x in quality.info] == [NO_CONTACTS_IN_WINDOW]
    assert page_links(quality) == [("log_employer_contact", "Kirjaa työnantajayhteys")]
    assert not quality.dataframe and not quality.get("vega_lite_chart")

    assert metrics(register) == {"Työnantajia": "0", "Kylmenemässä": "0"}
    assert [x.body for x in register.info] == [
        "Tiimillä ei ole vielä työnantajayhteyksiä eikä työsuhteita. Työnantaja tulee "
        "rekisteriin, kun sen kanssa kirjataan ensimmäinen yhteys tai työsuhde."
    ]
    assert page_links(register) == [("log_employer_contact", "Kirjaa työnantajayhteys")]
    assert not register.dataframe and not register.toggle

    assert [x.value for x in tab_jobs.caption] == ["Työsuhteet, jotka alkoivat 3.7.2024–2.7.2025."]
    assert [x.body for x in tab_jobs.info] == [
        "Tällä aikavälillä ei ole alkanut yhtään työsuhdetta. Kun asiakas aloittaa työn, "
        "kirjaa työsuhde, niin näet täällä töiden laadun."
    ]
    assert page_links(tab_jobs) == [("log_jobs", "Kirjaa työsuhde")]
    assert not tab_jobs.metric and not tab_jobs.dataframe and not tab_jobs.get("vega_lite_chart")


def test_a_team_without_staff_shows_words_not_figures(app_test, quiet_teams):
    at = open_team(app_test, quiet_teams, team="T0")
    assert_nothing_logged(at)
    rhythm = at.tabs[1]
    assert [x.body for x in rhythm.info] == [
        "Tiimissä ei ole työhönvalmentajia näillä viikoilla. Viikkorytmi näytetään "
        "valmentajille, joten lisää ensin tiimin valmentajat."
    ]
    assert page_links(rhythm) == [("admin_staff", "Lisää valmentajat Henkilöstö-sivulla")]
    assert not rhythm.dataframe and not rhythm.success
    assert at.selectbox(key="employer_log.reviewer").options == []


def test_a_team_with_nothing_logged_shows_words_not_figures(app_test, quiet_teams):
    at = open_team(app_test, quiet_teams, team="T3")
    assert_nothing_logged(at)
    # The coach's one job seeker makes a target of 2 a week, truly not met.
    assert rhythm_table(at.tabs[1]) == [
        ("Quinn Qvist", *["0 / 2 ⚠"] * 8),
        (REVIEW_ROW, *[NOT_REVIEWED] * 8),
    ]
    # The shared register's employer is offered as a filter, and finds nothing.
    with quiet_teams.read() as session:
        shop = session.execute(select(m.Employer.id).where(m.Employer.key == "E-Q")).scalar_one()
    employers = at.multiselect(key="employer_log.employers")
    assert employers.options == ["Kauppa Oy"]
    employers.set_value([shop])
    rerun(at)
    assert shown_log(at) == []
