"""Tiimi and Asiakkaan aikajana under AppTest.

A hand-built team whose every figure on the Tiimi page – each coach's ratio, the team's
ratio, room for the next client, the waiting list, referrals per source, the monthly queue,
clients by module, the flows after assessments, the assessments due and the law-based
periods – is worked out by hand below; the demo, where the page shows what the metrics
engine computes on the same data; an empty database and a team with nothing in it, where
the page says so in words instead of showing figures; and the client timeline, opened from
a link of the Tiimi page, which never shows another team's clients or any free text.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import DEMO_END
from sqlalchemy import select
from team_builder import TeamBuilder

from ote import models as m
from ote.client_timeline import client_timeline
from ote.formatting import format_date, format_number, format_percent
from ote.i18n import Translator, translate
from ote.metrics import law_periods, pathway, referrals
from ote.metrics.cadences import team_leader_span
from ote.metrics.caseload import caseload_ratio, coaching_share, room_for_next_client
from ote.ui import team as team_view
from ote.ui import timeline as timeline_view

TEAM_PAGE = "pages/team.py"
CLIENT_PAGE = "pages/client.py"
AS_OF = date(2025, 6, 30)  # the hand-built team is read on this day (a Monday)
SECRET = "SALAINEN-MUISTIINPANO"  # in every free-text field; never on screen
FI = Translator("fi")

TABS = ["Asiakasmäärät", "Lähetteet ja jono", "Moduulipolku", "Valmennusjaksot"]
CODE = "Asiakaskoodi"  # the column of client links
LINK_TEXT = r"client=([^&]+)"  # the link column's display text: the client's code


# --------------------------------------------------------------------------- helpers
def open_page(app_test, database, page: str, **query):
    """The app on `database` with `query` in the URL (as a copied link gives it), then
    `page`; no exception."""
    at = app_test(database.url.render_as_string(False), **query)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_team(app_test, database, as_of: date = AS_OF, team: str = "T1"):
    at = open_page(app_test, database, TEAM_PAGE, as_of=as_of.isoformat(), team=team)
    assert at.title[0].value == "Tiimi"
    assert [tab.label for tab in at.tabs] == TABS
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


def link_codes(element) -> list[str]:
    """The client codes of a client table: each cell is a link to the client's timeline
    in the same view, shown as the code (the link column's display text)."""
    config = json.loads(element.proto.columns)[CODE]
    assert config["type_config"] == {"type": "link", "display_text": LINK_TEXT}
    codes = []
    for url in element.value[CODE]:
        query = link_query(url)
        assert unquote(re.search(LINK_TEXT, url).group(1)) == query["client"]
        codes.append(query["client"])
    return codes


def without_links(element) -> list[tuple]:
    return rows(element.value.drop(columns=[CODE]))


def page_links(block) -> list[tuple[str, str]]:
    """(page, label) of the page links in `block`: the page's file name without .py."""
    return [
        (e.proto.page.removesuffix(".py").split("/")[-1], e.proto.label)
        for e in block
        if e.type == "page_link"
    ]


def rendered_text(at) -> str:
    """Everything the page sent to the browser, as text (tables as CSV)."""
    parts = []
    for node in at:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if node.type in ("arrow_data_frame", "dataframe"):
            parts.append(node.value.to_csv())
        for name in ("value", "label", "body", "help"):
            value = getattr(node, name, None) if node.type != "unknown" else None
            if isinstance(value, str):
                parts.append(value)
    return "\n".join(parts)


# ---------------------------------------------------------------- the hand-built team
@pytest.fixture
def hand_built(sqlite_database):
    """Team T1 on AS_OF (30.6.2025), worked out by hand in the tests; team T2 beside it.

    Staff employed on AS_OF: coaches Aino Aalto (FTE 1,0, coaching 100 %), Bea Berg (0,5,
    80 %) and Cilla Carlsson (0,8, 90 %), team leader Leena Lahti, job finder Jussi; Dora,
    a coach until 31.1.2025, is gone. Active clients: Aino A-01…A-15, Bea B-01…B-11 (B-11
    ends on AS_OF), Cilla C-01…C-04 (C-04 starts on AS_OF). Waiting: JONO-1 (referred
    1.5.), JONO-2 (20.6., starts 15.7.), JONO-Ö3 (on AS_OF). F-1 is referred after AS_OF;
    E-01 and D-01 have ended.
    """
    with sqlite_database.write() as s:
        b = TeamBuilder(
            s,
            "T1",
            source_name="Psykiatrian poliklinikka",
            source_kind="mental_health_substance",
            employer_name="Varasto Oy",
            job_title="Varastotyöntekijä",
        )
        s.get(m.ReferralSource, b.source_id).attached = True
        psy = b.source_id
        sources = {}
        for number, (name, kind, attached) in enumerate(
            [
                ("Työkykytiimi", "work_ability_team", True),
                ("Oma yhteydenotto", "self_referral", False),
                ("Sosiaalityö", "adult_social_work", False),
            ],
            start=2,
        ):
            source = m.ReferralSource(
                key=f"T1-R{number}", team_id=b.id, name=name, kind=kind, attached=attached
            )
            s.add(source)
            s.flush()
            sources[name] = source.id
        work, own = sources["Työkykytiimi"], sources["Oma yhteydenotto"]
        for name, fte, share in [
            ("Aino Aalto", 1.0, 1.0),
            ("Bea Berg", 0.5, 0.8),
            ("Cilla Carlsson", 0.8, 0.9),
        ]:
            s.get(m.Staff, b.staff(name, fte=fte)).coaching_share = share
        s.get(m.Staff, b.staff("Dora Dahl", end=date(2025, 1, 31))).coaching_share = 0.5
        b.staff("Leena Lahti", role="team_leader")
        b.staff("Jussi Juva", role="job_finder")

        ids: dict[str, int] = {}

        def client(code, coach, start=..., end=None, referral=None, source=None):
            ids[code] = b.client(code, coach, start, end, referral)
            if source is not None:
                s.get(m.Client, ids[code]).source_id = source
            return ids[code]

        for number in range(1, 16):
            client(f"A-{number:02d}", "Aino Aalto")
        client("B-01", "Bea Berg", date(2025, 6, 10), referral=date(2025, 6, 5))
        for number in range(2, 11):
            client(f"B-{number:02d}", "Bea Berg")
        client("B-11", "Bea Berg", end=AS_OF)
        client("C-01", "Cilla Carlsson", date(2024, 10, 1), None, date(2024, 9, 10), work)
        client("C-02", "Cilla Carlsson", date(2025, 4, 22), None, date(2025, 4, 3), psy)
        client("C-03", "Cilla Carlsson", date(2025, 6, 2), None, date(2025, 5, 12), own)
        client("C-04", "Cilla Carlsson", AS_OF, None, date(2025, 6, 2), work)
        client("JONO-1", "Aino Aalto", None, referral=date(2025, 5, 1))
        client("JONO-2", "Bea Berg", date(2025, 7, 15), None, date(2025, 6, 20), own)
        client("JONO-Ö3", "Cilla Carlsson", None, None, AS_OF, work)
        client("F-1", "Aino Aalto", None, referral=date(2025, 7, 5))
        client("E-01", "Aino Aalto", date(2024, 7, 1), date(2025, 5, 31), date(2024, 6, 15))
        client("D-01", "Dora Dahl", end=date(2024, 12, 31))

        def episode(code, module, start, end=None, assessed=None, decision=None):
            s.add(
                m.ModuleEpisode(
                    client_id=ids[code],
                    module=module,
                    start_date=start,
                    end_date=end,
                    assessed_on=assessed,
                    decision=decision,
                    results=SECRET,
                    next_resources=SECRET,
                )
            )

        d = date
        episode("A-01", "1", d(2025, 6, 1))
        episode("B-01", "1", d(2025, 6, 10))
        episode("A-02", "2", d(2025, 5, 1), d(2025, 7, 31))
        episode("A-08", "1", d(2024, 8, 1), d(2024, 10, 31), d(2024, 11, 5), "next:2")
        episode("A-08", "2", d(2024, 11, 5), d(2025, 2, 28), d(2025, 3, 3), "next:2")
        episode("A-08", "2", d(2025, 3, 3))
        episode("A-03", "1", d(2024, 1, 1), d(2024, 3, 31), d(2024, 4, 2), "next:2")
        episode("A-03", "2", d(2024, 4, 2), d(2024, 9, 30), d(2024, 10, 1), "next:3A")
        episode("A-03", "3A", d(2024, 10, 1))
        episode("C-01", "1", d(2024, 10, 1), d(2024, 12, 31), d(2025, 1, 10), "next:2")
        episode("C-01", "2", d(2025, 1, 10), d(2025, 3, 31), d(2025, 4, 1), "next:3B")
        episode("C-01", "3B", d(2025, 4, 1))
        episode("A-04", "3A", d(2025, 1, 1))
        episode("A-04", "4", d(2025, 6, 1))  # two running: the later start counts
        episode("A-13", "5", d(2025, 7, 1))  # starts after AS_OF
        episode("A-09", "1", d(2024, 8, 1), d(2024, 9, 30), d(2024, 10, 1))  # no decision
        episode("A-05", "2", d(2025, 3, 1), d(2025, 6, 16))  # 14 days: due
        episode("A-06", "3A", d(2025, 2, 1), d(2025, 6, 15))  # 15 days: late
        episode("A-07", "1", d(2025, 3, 1), d(2025, 5, 1), d(2025, 7, 3), "next:2")  # late
        episode("A-14", "5", d(2025, 4, 1), AS_OF)  # ends on AS_OF: running and due
        episode("E-01", "1", d(2024, 7, 1), d(2024, 9, 30), d(2024, 10, 5), "exit:other_service")
        episode("D-01", "1", d(2024, 1, 1), d(2024, 6, 30))  # an ended client's: not due

        b.period(ids["A-10"], d(2025, 3, 3), d(2025, 3, 12))  # 10 days: too short
        b.meetings(ids["A-10"], d(2025, 3, 4))
        b.period(ids["A-11"], d(2024, 9, 2), d(2024, 10, 13))
        b.meetings(ids["A-11"], *(d(2024, 9, 3) + timedelta(weeks=n) for n in range(6)))
        b.period(ids["B-02"], d(2025, 5, 5), d(2025, 6, 15))  # no meeting in week of 19.5.
        b.meetings(ids["B-02"], *(d(2025, 5, 6) + timedelta(weeks=n) for n in (0, 1, 3, 4, 5)))
        b.contact(ids["B-02"], d(2025, 5, 20), no_show=True)
        b.period(ids["C-02"], d(2025, 6, 2), d(2025, 7, 10))  # ends in 10 days
        b.meetings(ids["C-02"], *(d(2025, 6, 3) + timedelta(weeks=n) for n in range(4)))
        b.period(ids["A-12"], d(2025, 7, 7), d(2025, 8, 31))  # starts after AS_OF

        # C-02's other records, each with free text that must stay off the screen.
        s.add(m.Feedback(client_id=ids["C-02"], date=d(2025, 6, 25), score=4, comment=SECRET))
        s.add(
            m.ClientPlan(
                client_id=ids["C-02"], kind="vocational_profile", date=d(2025, 5, 1), note=SECRET
            )
        )
        s.add(
            m.EmployerContact(
                date=d(2025, 6, 26),
                staff_id=b.coaches["Cilla Carlsson"],
                employer_id=b.employer_id,
                face_to_face=True,
                client_id=ids["C-02"],
                preference_based=True,
                purpose="client_strengths",
                outcome="job_offer",
                job_tip=SECRET,
            )
        )
        b.job(ids["C-02"], d(2025, 6, 27))
        meeting = m.TeamMeeting(
            team_id=b.id, date=d(2025, 6, 23), kind="coaching_supervision", job_tips=SECRET
        )
        s.add(meeting)

        # Team T2: its rows would change every figure above if they leaked into T1's.
        other = TeamBuilder(s, "T2", ["Olli Ohtonen"], source_name="Toinen lähde")
        s.get(m.Staff, other.coaches["Olli Ohtonen"]).fte = 0.1
        shared = other.client("A-01")  # the same code as T1's A-01
        other.client("X-98")
        other.client("X-99", start=None, referral=d(2025, 6, 1))
        other.period(shared, d(2025, 6, 2), d(2025, 6, 5))
        s.add(m.Feedback(client_id=shared, date=d(2025, 6, 3), score=1, comment=SECRET))
    return sqlite_database


def test_the_tabs_show_the_hand_built_team_as_worked_out_by_hand(app_test, hand_built):
    at = open_team(app_test, hand_built)
    capacity, queue, pathway_tab, periods = at.tabs
    query = {"lang": "fi", "as_of": "2025-06-30", "team": "T1"}

    # Capacity. 15 + 11 + 4 = 30 active clients on 1 + 0,5 + 0,8 = 2,3 FTE: 13,04…;
    # coaching (1 × 100 + 0,5 × 80 + 0,8 × 90) / 2,3 = 92,17… %; 3 coaches, 1 leader.
    assert metrics(capacity) == {
        "Asiakkaita / htv": "13,0",
        "Työhönvalmennuksen osuus": "92\u00a0%",
        "Valmentajia / tiiminvetäjä": "3,0",
    }
    coaches, trend = capacity.dataframe
    assert list(coaches.value.columns) == [
        "Valmentaja",
        "Htv",
        "Aktiiviset asiakkaat",
        "Asiakkaita / htv",
    ]
    assert rows(coaches.value) == [
        ("Aino Aalto", "1,00", 15, "15,0"),
        ("Bea Berg", "0,50", 11, "22,0 ⚠ yli 20"),  # 11 / 0,5
        ("Cilla Carlsson", "0,80", 4, "5,0"),
    ]
    # Places: Aino 20 − 15 = 5, Bea 10 − 11 < 0, Cilla 16 − 4 = 12: Cilla first.
    assert [x.value for x in capacity.success] == [
        "Seuraavalle asiakkaalle on tilaa: Cilla Carlsson (vapaita paikkoja ennen rajaa "
        "20 asiakasta / htv: 12)."
    ]
    assert not capacity.warning
    assert rows(trend.value)[-1] == ("30.6.2025", "13,0", "92,2", "3,0")
    assert len(trend.value) == 12

    # Referrals and queue. In 1.7.2024–30.6.2025: Psykiatria C-02, JONO-1, B-01;
    # Työkykytiimi C-01, C-04, JONO-Ö3; Oma C-03, JONO-2 – 6 of 8 attached, 2 of 8 own.
    assert metrics(queue) == {
        "Lähetteet kiinnittyneiltä tiimeiltä": "75\u00a0%",
        "Itse hakeutuneet": "25\u00a0%",
        "Jonossa": "3",
    }
    # April–June: 1 + 2 + 4 = 7 referred, 1 + 0 + 3 = 4 started.
    assert [x.value for x in queue.warning] == [
        "Jono kasvaa: viimeisen kolmen kuukauden aikana lähetteitä on tullut enemmän kuin "
        "palveluja on alkanut."
    ]
    assert not queue.success
    assert "Lähetteet lähettäjittäin 1.7.2024–30.6.2025" in [x.value for x in queue.subheader]
    sources, months, waiting = queue.dataframe
    assert rows(sources.value) == [
        ("Psykiatrian poliklinikka", "Mielenterveys- ja päihdepalvelut", "kyllä", 3),
        ("Työkykytiimi", "Työkyvyn ja työllistymisen tuen tiimi", "kyllä", 3),
        ("Oma yhteydenotto", "Oma yhteydenotto", "ei", 2),
        ("Sosiaalityö", "Aikuissosiaalityö", "ei", 0),
    ]
    by_month = {row[0]: row[1:] for row in rows(months.value)}
    assert list(by_month) == [f"2024-{n:02d}" for n in range(7, 13)] + [
        f"2025-{n:02d}" for n in range(1, 7)
    ]
    assert by_month["2024-07"] == (0, 1, 0)  # E-01 starts (referred in June)
    assert by_month["2024-09"] == (1, 0, 1)  # C-01 referred, waits to October
    assert by_month["2024-10"] == (0, 1, 0)
    assert by_month["2025-04"] == (1, 1, 0)  # C-02
    assert by_month["2025-05"] == (2, 0, 2)  # JONO-1 and C-03 wait at the month's end
    assert by_month["2025-06"] == (4, 3, 3)  # B-01, C-04, JONO-2, JONO-Ö3; B-01, C-03, C-04
    assert sum(row[0] for row in by_month.values()) == 8
    assert list(months.value.columns) == [
        "Kuukausi",
        "Lähetteet",
        "Aloitukset",
        "Jonossa kuun lopussa",
    ]
    # Longest wait first; C-04 started on AS_OF and F-1 is referred after it.
    assert link_codes(waiting) == ["JONO-1", "JONO-2", "JONO-Ö3"]
    assert without_links(waiting) == [
        ("Aino Aalto", "1.5.2025", "Psykiatrian poliklinikka", 60),
        ("Bea Berg", "20.6.2025", "Oma yhteydenotto", 10),
        ("Cilla Carlsson", "30.6.2025", "Työkykytiimi", 0),
    ]
    assert [link_query(url) for url in waiting.value[CODE]] == [
        {"client": code, **query} for code in ("JONO-1", "JONO-2", "JONO-Ö3")
    ]
    assert waiting.value[CODE][2] == ("client?client=JONO-%C3%963&lang=fi&as_of=2025-06-30&team=T1")

    # Modules. Running on AS_OF: 1 A-01, B-01; 2; 3A A-03; 3B C-01; 4 A-04
    # (its later start); 5 A-14 (ends on AS_OF); the other 22 of the 30 none.
    assert metrics(pathway_tab) == {
        "Moduuli 1": "2",
        "Moduuli 2": "2",
        "Moduuli 3A": "1",
        "Moduuli 3B": "1",
        "Moduuli 4": "1",
        "Moduuli 5": "1",
        "Ei moduulia": "22",
        "Jatkoi moduulin 1 jälkeen": "50\u00a0%",  # A-08, C-01 of A-08, C-01, E-01, A-09
    }
    (continued,) = [x for x in pathway_tab.metric if x.label == "Jatkoi moduulin 1 jälkeen"]
    # Its definition, with the window and the count it rests on (worked out above).
    assert continued.proto.help.startswith("**Jatkoi moduulin 1 jälkeen**")
    assert "**Aikaväli:** 1.7.2024–30.6.2025" in continued.proto.help
    assert continued.proto.help.endswith(
        "**Tässä luvussa:** 2/4 aikavälin moduulin 1 arvioinnista päätti jatkaa toiseen moduuliin."
    )
    flows, due = pathway_tab.dataframe
    assert list(flows.value.columns) == ["Moduulista", "Siirtyi", "Asiakkaita"]
    assert rows(flows.value) == [
        ("Moduuli 1", "Moduuli 2", 2),  # A-08, C-01
        ("Moduuli 1", "Muun palvelun tarve", 1),  # E-01
        ("Moduuli 2", "Moduuli 2", 1),  # A-08 again
        ("Moduuli 2", "Moduuli 3A", 1),
        ("Moduuli 2", "Moduuli 3B", 1),  # C-01
    ]
    assert link_codes(due) == ["A-07", "A-06", "A-05", "A-14"]
    assert without_links(due) == [
        ("Aino Aalto", "1", "1.5.2025", "60 ⚠ myöhässä"),  # assessed only after AS_OF
        ("Aino Aalto", "3A", "15.6.2025", "15 ⚠ myöhässä"),
        ("Aino Aalto", "2", "16.6.2025", "14"),
        ("Aino Aalto", "5", "30.6.2025", "0"),
    ]

    # Law-based periods: the rule breaks first (newest first), then ending soon, then the
    # rest; A-12's starts after AS_OF and T2's are another team's.
    (table,) = periods.dataframe
    assert link_codes(table) == ["B-02", "A-10", "C-02", "A-11"]
    assert without_links(table) == [
        (
            "Bea Berg",
            "5.5.2025",
            "15.6.2025",
            42,
            "päättynyt",
            "⚠ ei tapaamista viikolla, joka alkoi 19.5.2025",
        ),
        ("Aino Aalto", "3.3.2025", "12.3.2025", 10, "päättynyt", "⚠ alle 2 viikkoa (10 päivää)"),
        (
            "Cilla Carlsson",
            "2.6.2025",
            "10.7.2025",
            39,
            "päättyy 10 päivän kuluttua",
            "✓ säännöt täyttyvät",
        ),
        ("Aino Aalto", "2.9.2024", "13.10.2024", 42, "päättynyt", "✓ säännöt täyttyvät"),
    ]
    assert [link_query(url) for url in table.value[CODE]] == [
        {"client": code, **query} for code in ("B-02", "A-10", "C-02", "A-11")
    ]

    # Nothing of team T2, and no free text, anywhere on the page.
    text = rendered_text(at)
    assert "Cilla Carlsson" in text and "Sosiaalityö" in text  # the text is really there
    for absent in ("Olli Ohtonen", "X-98", "X-99", "Toinen lähde", "Dora Dahl", SECRET):
        assert absent not in text, absent


def test_the_queue_is_not_growing_when_starts_keep_up(app_test, hand_built):
    # February–April 2025: C-02 referred 3.4. and started 22.4. – one in, one out.
    at = open_team(app_test, hand_built, date(2025, 4, 30))
    queue = at.tabs[1]
    assert [x.value for x in queue.success] == [
        "Jono ei kasva: viimeisen kolmen kuukauden aikana palveluja on alkanut vähintään yhtä "
        "paljon kuin lähetteitä on tullut."
    ]
    assert not queue.warning
    assert metrics(queue)["Jonossa"] == "0"


def test_a_team_whose_coaches_are_full_has_no_room(app_test, hand_built):
    # T2: Olli, 0,1 FTE, has: 2 / 0,1 = 20, at the limit but not over it.
    at = open_team(app_test, hand_built, team="T2")
    capacity = at.tabs[0]
    assert rows(capacity.dataframe[0].value) == [("Olli Ohtonen", "0,10", 2, "20,0")]
    assert not capacity.success
    assert [x.value for x in capacity.warning] == [
        "Kenelläkään valmentajalla ei ole tilaa uudelle asiakkaalle ilman, että raja "
        "20 asiakasta / htv ylittyy."
    ]
    assert link_codes(at.tabs[1].dataframe[-1]) == ["X-99"]
    assert metrics(capacity)["Valmentajia / tiiminvetäjä"] == "–"  # no team leader


# ---------------------------------------------------------------------------- the demo
def test_the_demo_shows_what_the_engine_computes(app_test, demo_copy):
    at = open_page(app_test, demo_copy, TEAM_PAGE, as_of=DEMO_END.isoformat())
    on = DEMO_END
    with demo_copy.read() as session:
        team_id = session.execute(select(m.Team.id).where(m.Team.key == "DEMO")).scalar_one()
        ratio = caseload_ratio(session, team_id, on)
        share = coaching_share(session, team_id, on)
        span = team_leader_span(session, team_id, on)
        waiting = referrals.waiting_list(session, team_id, on)
        sources = referrals.referrals_by_source(session, team_id, on - timedelta(days=364), on)
        flows = referrals.monthly_queue(session, team_id, on)
        by_module = pathway.clients_by_module(session, team_id, on)
        moves = pathway.module_flows(session, team_id, on - timedelta(days=364), on)
        due = pathway.assessments_due(session, team_id, on)
        checks = law_periods.period_checks(session, team_id, on)
    capacity, queue, pathway_tab, periods = at.tabs
    # The demo has something in every list, so that the comparisons below say something.
    assert ratio.details and waiting and moves and due
    assert any(c.breaks for c in checks) and any(not c.breaks for c in checks)

    assert metrics(capacity) == {
        "Asiakkaita / htv": format_number(ratio.value, 1, "fi"),
        "Työhönvalmennuksen osuus": format_percent(share.value, 0, "fi"),
        "Valmentajia / tiiminvetäjä": format_number(span.value, 1, "fi"),
    }
    coaches = capacity.dataframe[0].value
    assert list(coaches["Valmentaja"]) == [c.name for c in ratio.details]
    assert list(coaches["Aktiiviset asiakkaat"]) == [c.active_clients for c in ratio.details]
    assert list(coaches["Asiakkaita / htv"]) == [
        format_number(c.ratio, 1, "fi") + (" ⚠ yli 20" if c.over_limit else "")
        for c in ratio.details
    ]
    room = room_for_next_client(ratio.details)
    if room:
        assert capacity.success[0].value == (
            f"Seuraavalle asiakkaalle on tilaa: {room[0].name} (vapaita paikkoja ennen rajaa "
            f"20 asiakasta / htv: {room[0].places})."
        )
    else:
        assert capacity.warning[0].value.startswith("Kenelläkään valmentajalla")

    assert metrics(queue)["Jonossa"] == str(len(waiting))
    source_table, month_table, waiting_table = queue.dataframe
    assert [(row[0], row[3]) for row in rows(source_table.value)] == [
        (s.name, s.referrals) for s in sources
    ]
    assert rows(month_table.value) == [
        (f.month, f.referrals, f.starts, f.waiting_at_end) for f in flows
    ]
    assert link_codes(waiting_table) == [w.code for w in waiting]
    assert list(waiting_table.value["Odottanut (pv)"]) == [w.days_waited for w in waiting]

    shown = metrics(pathway_tab)
    for module, count in by_module.items():
        assert shown[team_view.module_label(module, FI)] == str(count)
    flow_table, due_table = pathway_tab.dataframe
    assert rows(flow_table.value) == [
        (team_view.module_label(f.source, FI), team_view.module_label(f.target, FI), f.count)
        for f in moves
    ]
    assert link_codes(due_table) == [d.code for d in due]
    assert [text.endswith("⚠ myöhässä") for text in due_table.value["Päättymisestä (pv)"]] == [
        d.days_since_end > 14 for d in due
    ]

    (period_table,) = periods.dataframe
    assert link_codes(period_table) == [c.client_code for c in checks]
    assert list(period_table.value["Alkamispäivä"]) == [format_date(c.start) for c in checks]
    assert list(period_table.value["Päättymispäivä"]) == [format_date(c.end) for c in checks]
    assert [text.startswith("⚠") for text in period_table.value["Säännöt"]] == [
        bool(c.breaks) for c in checks
    ]
    assert period_table.value["Säännöt"][0].startswith("⚠")  # a rule break is listed first


# ------------------------------------------------------------------- nothing to show
def test_an_empty_database_says_there_is_no_team(app_test, sqlite_database):
    for page in (TEAM_PAGE, CLIENT_PAGE):
        at = open_page(app_test, sqlite_database, page, as_of=AS_OF.isoformat())
        assert [x.body for x in at.info] == [translate("records.no_team", "fi")]
        assert not at.metric and not at.dataframe and not at.tabs
        assert "Tietokannassa ei ole vielä tiimejä." in [x.value for x in at.sidebar.caption]


@pytest.fixture
def bare_team(sqlite_database):
    """A team with a referral source and nothing else: no staff, no clients."""
    with sqlite_database.write() as s:
        TeamBuilder(s, "T0")
    return sqlite_database


def test_a_team_without_staff_or_clients_shows_words_not_figures(app_test, bare_team):
    at = open_team(app_test, bare_team, team="T0")
    capacity, queue, pathway_tab, periods = at.tabs
    assert metrics(capacity) == {
        "Asiakkaita / htv": "–",
        "Työhönvalmennuksen osuus": "–",
        "Valmentajia / tiiminvetäjä": "–",
    }
    assert [x.body for x in capacity.info] == [
        "Tiimissä ei ole tarkastelupäivänä työssä olevia työhönvalmentajia. Asiakasmäärät "
        "lasketaan valmentajille, joten lisää ensin tiimin valmentajat."
    ]
    # Each empty state links to the page where the missing records are logged.
    assert page_links(capacity) == [("admin_staff", "Lisää valmentajat Henkilöstö-sivulla")]
    assert not capacity.dataframe and not capacity.success and not capacity.warning

    assert metrics(queue) == {
        "Lähetteet kiinnittyneiltä tiimeiltä": "–",
        "Itse hakeutuneet": "–",
        "Jonossa": "0",
    }
    assert not queue.success and not queue.warning  # no flow: neither growing nor not
    assert [x.body for x in queue.info] == [
        "Tällä aikavälillä ei ole yhtään lähetettä. Lähete kirjataan asiakkaan tietoihin "
        "(lähettäjä ja lähetepäivä), kun asiakas ohjataan palveluun."
    ]
    assert page_links(queue) == [("log_clients", "Kirjaa asiakas ja hänen lähetteensä")]
    assert "Jonossa ei ole ketään." in [x.value for x in queue.caption]
    (months,) = queue.dataframe  # the monthly counts, all truly zero
    assert len(months.value) == 12
    assert {row[1:] for row in rows(months.value)} == {(0, 0, 0)}

    shown = metrics(pathway_tab)
    assert shown.pop("Jatkoi moduulin 1 jälkeen") == "–"
    assert set(shown.values()) == {"0"}
    assert not pathway_tab.dataframe
    assert [x.body for x in pathway_tab.info] == [translate("team.no_flows", "fi")]
    assert page_links(pathway_tab) == [("log_modules", "Kirjaa moduulin arviointi")]
    assert "Kaikki päättyneet moduulit on arvioitu." in [x.value for x in pathway_tab.caption]

    assert not periods.dataframe
    (no_periods,) = [x.body for x in periods.info]
    assert no_periods.startswith("Tiimillä ei ole lakiperusteisia valmennusjaksoja.")
    assert page_links(periods) == [("log_coaching_periods", "Kirjaa valmennusjakso")]

    client = open_page(app_test, bare_team, CLIENT_PAGE, as_of=AS_OF.isoformat(), team="T0")
    assert client.title[0].value == "Asiakkaan aikajana"
    assert [x.body for x in client.info] == [translate("timeline.no_clients", "fi")]
    assert "client.code" not in [x.key for x in client.selectbox]
    assert not client.metric and not client.dataframe


# ----------------------------------------------------------------- the client timeline
def open_client(app_test, database, **query):
    at = open_page(app_test, database, CLIENT_PAGE, **query)
    assert at.title[0].value == "Asiakkaan aikajana"
    return at


def test_a_link_opens_the_clients_timeline_newest_first(app_test, hand_built):
    team = open_team(app_test, hand_built)
    (table,) = team.tabs[3].dataframe
    url = table.value[CODE][link_codes(table).index("C-02")]
    at = open_client(app_test, hand_built, **link_query(url))  # as the link opens it

    assert at.selectbox(key="client.code").value == "C-02"
    assert metrics(at) == {
        "Työhönvalmentaja": "Cilla Carlsson",
        "Palvelun muoto": "Tuettu työllistyminen (IPS)",
        "Palvelun alkamispäivä": "22.4.2025",
        "Palvelun päättymispäivä": "palvelussa",
    }
    assert "Lähete 3.4.2025, lähettäjä Psykiatrian poliklinikka." in [x.value for x in at.caption]
    assert "Tapahtumat (12)" in [x.value for x in at.subheader]
    (events,) = at.dataframe
    assert list(events.value.columns) == ["Päivämäärä", "Tapahtuma", "Tiedot"]
    # Newest first, the period's planned end included (after AS_OF).
    assert [row[:2] for row in rows(events.value)] == [
        ("10.7.2025", "Valmennusjakso päättyi"),
        ("27.6.2025", "Työ alkoi"),
        ("26.6.2025", "Työnantajayhteys"),
        ("25.6.2025", "Asiakaspalaute"),
        ("24.6.2025", "Tapaaminen"),
        ("17.6.2025", "Tapaaminen"),
        ("10.6.2025", "Tapaaminen"),
        ("3.6.2025", "Tapaaminen"),
        ("2.6.2025", "Valmennusjakso alkoi"),
        ("1.5.2025", "Ammattiprofiili"),
        ("22.4.2025", "Palvelu alkoi"),
        ("3.4.2025", "Lähete"),
    ]
    details = list(events.value["Tiedot"])
    assert details[3] == "Arvio (1–5): 4"
    assert details[-1] == (
        "Lähettäjä: Psykiatrian poliklinikka · Laji: Mielenterveys- ja päihdepalvelut · "
        "Kiinnittynyt tiimi: kyllä"
    )
    # Exactly the engine's timeline.
    with hand_built.read() as session:
        team_id = session.execute(select(m.Team.id).where(m.Team.key == "T1")).scalar_one()
        _, timeline = client_timeline(session, team_id, "C-02")
    assert rows(events.value) == [
        (
            format_date(e.day),
            timeline_view.event_title(e, FI),
            timeline_view.event_details(e, FI),
        )
        for e in timeline
    ]

    # No free text: not the feedback comment, the plan note, the job tip, the module notes.
    text = rendered_text(at)
    assert "Varasto Oy" in text  # the employer's name is there …
    assert SECRET not in text  # … the notes are not


def test_the_client_page_offers_only_the_teams_own_clients(app_test, hand_built):
    at = open_client(app_test, hand_built, as_of=AS_OF.isoformat(), team="T1", client="A-01")
    box = at.selectbox(key="client.code")
    with hand_built.read() as session:
        own = session.execute(
            select(m.Client.code).join(m.Team).where(m.Team.key == "T1")
        ).scalars()
        expected = sorted(own)
    assert box.options == expected
    assert "X-98" not in box.options and "X-99" not in box.options
    # A-01 is also a code of T2; this team's A-01 is shown (Aino's, not Olli's).
    assert box.value == "A-01"
    assert metrics(at)["Työhönvalmentaja"] == "Aino Aalto"
    assert "Olli Ohtonen" not in rendered_text(at)

    # Choosing another client puts its code in the URL, so that the view can be linked.
    box.set_value("B-11").run()
    assert not at.exception
    assert at.query_params["client"] == "B-11"
    assert metrics(at)["Palvelun päättymispäivä"] == "30.6.2025"


@pytest.mark.parametrize("code", ["EI-OLE", "X-99"])
def test_an_unknown_or_other_teams_code_shows_nothing(app_test, hand_built, code):
    at = open_client(app_test, hand_built, as_of=AS_OF.isoformat(), team="T1", client=code)
    assert at.selectbox(key="client.code").value is None
    assert not at.metric and not at.dataframe
    # The same answer for a code no one has and another team's code.
    assert [w.value for w in at.warning] == [translate("timeline.not_found", "fi")]
    text = rendered_text(at)
    assert "Olli Ohtonen" not in text and SECRET not in text


def test_switching_team_never_shows_the_other_teams_client(app_test, hand_built):
    at = open_client(app_test, hand_built, as_of=AS_OF.isoformat(), team="T1", client="C-02")
    assert metrics(at)["Työhönvalmentaja"] == "Cilla Carlsson"
    at.sidebar.selectbox(key="team").set_value("T2").run()
    assert not at.exception
    box = at.selectbox(key="client.code")
    assert box.options == ["A-01", "X-98", "X-99"]
    assert box.value is None  # T1's C-02 is not T2's
    assert not at.metric and not at.dataframe
    assert "Cilla Carlsson" not in rendered_text(at)


def test_a_waiting_client_is_not_said_to_be_in_service(app_test, hand_built):
    # JONO-Ö3 was referred on AS_OF and has no service start: waiting, not in service.
    at = open_client(app_test, hand_built, as_of=AS_OF.isoformat(), team="T1", client="JONO-Ö3")
    assert at.selectbox(key="client.code").value == "JONO-Ö3"
    shown = metrics(at)
    assert shown["Palvelun alkamispäivä"] == "–"
    assert shown["Palvelun päättymispäivä"] == "jonossa"


def test_a_demo_client_opened_from_the_team_page_is_the_engines_timeline(app_test, demo_copy):
    """The demo client with the most free text (job tips, feedback comments): its timeline
    is client_timeline's, and none of those texts is on the page."""
    with demo_copy.read() as session:
        team_id = session.execute(select(m.Team.id).where(m.Team.key == "DEMO")).scalar_one()
        texts: dict[str, set[str]] = {}
        for model, column in (
            (m.EmployerContact, m.EmployerContact.job_tip),
            (m.Feedback, m.Feedback.comment),
            (m.ClientPlan, m.ClientPlan.note),
            (m.ModuleEpisode, m.ModuleEpisode.results),
            (m.ModuleEpisode, m.ModuleEpisode.next_resources),
        ):
            found = session.execute(
                select(m.Client.code, column)
                .join(m.Client, m.Client.id == model.client_id)
                .where(m.Client.team_id == team_id, column.is_not(None))
            ).all()
            for client_code, text in found:
                texts.setdefault(client_code, set()).add(text)
        code = max(sorted(texts), key=lambda c: len(texts[c]))
        summary, timeline = client_timeline(session, team_id, code)
    assert len(texts[code]) >= 2

    team = open_page(app_test, demo_copy, TEAM_PAGE, as_of=DEMO_END.isoformat())
    url = next(url for table in team.dataframe if CODE in table.value for url in table.value[CODE])
    query = link_query(url) | {"client": code}  # the view of a link, for this client
    at = open_client(app_test, demo_copy, **query)
    assert at.selectbox(key="client.code").value == code
    assert metrics(at)["Työhönvalmentaja"] == summary.coach_name
    assert f"Tapahtumat ({len(timeline)})" in [x.value for x in at.subheader]
    (events,) = at.dataframe
    assert rows(events.value) == [
        (
            format_date(e.day),
            timeline_view.event_title(e, FI),
            timeline_view.event_details(e, FI),
        )
        for e in timeline
    ]
    days = [e.day for e in timeline]
    assert days == sorted(days, reverse=True)
    text = rendered_text(at)
    assert code in text
    for note in texts[code]:
        assert note not in text, note
