"""Viikkopalaveri under AppTest on the demo: the coaches' week and the agenda as the
engine computes them, a meeting recorded and read back the next week, a decision's status
set, presentation mode stepping through coaches and agenda sections."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import DEMO_END
from sqlalchemy import select

from ote import models as m
from ote.i18n import translate
from ote.supervision.agenda import agenda
from ote.supervision.coaches import coach_week
from ote.supervision.meeting import carried_over, meeting_of_week
from ote.supervision.week import Week

PAGE = "pages/weekly.py"
TODAY = date.today()
WEEK = Week.of(DEMO_END)  # the demo's last week, read on DEMO_END (the as-of date)
HETU = "131052-308T"


def open_page(app_test, database, as_of: date = DEMO_END):
    at = app_test(database.url.render_as_string(False), as_of=as_of.isoformat())
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_demo_week_is_what_the_engine_computes(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    assert at.title[0].value == "Viikkopalaveri"
    assert at.selectbox(key="weekly.week").value == WEEK.label
    with demo_copy.read() as session:
        coaches = coach_week(session, 1, WEEK, DEMO_END)
        items = agenda(session, 1, WEEK, DEMO_END)
    table = at.dataframe[0].value
    assert list(table["Valmentaja"]) == [c.name for c in coaches]
    assert list(table["Työnhakijat"]) == [c.job_seekers for c in coaches]
    assert list(table["Työnantajatapaamiset"].str.split(" /").str[0].astype(int)) == [
        c.employer_contacts for c in coaches
    ]
    assert [list(trend) for trend in table["8 viikkoa"]] == [
        [count for _, count in c.trend] for c in coaches
    ]
    # Status is never colour alone: a word beside every mark.
    for coach, cell in zip(coaches, table["Aktiiviset asiakkaat"], strict=True):
        assert cell.endswith("⚠ huomio") == coach.over_limit
    assert f"Asialista ({items.total})" in [s.value for s in at.subheader]
    labels = [e.label for e in at.expander]
    for key, lines in items.sections():
        assert any(label.endswith(f"({len(lines)})") for label in labels), key
    # Every line's client code opens the client's timeline.
    links = [url for frame in at.dataframe[1:] for url in frame.value["Asiakaskoodi"]]
    assert links == [
        f"client?client={line.client_code}&lang=fi&as_of={DEMO_END.isoformat()}&team=DEMO"
        for _, lines in items.sections()
        for line in lines
    ]
    assert items.total > 0  # the demo has something to talk about


def test_a_meeting_recorded_this_week_opens_next_weeks_meeting(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    with demo_copy.read() as session:
        before = meeting_of_week(session, 1, WEEK)
        coach = coach_week(session, 1, WEEK, DEMO_END)[0]
    form = "weekly.meeting"
    version = 0
    due = DEMO_END + timedelta(days=14)
    at.text_area(key=f"{form}.job_tips.{WEEK.label}.{version}").set_value("Kahvila hakee kokkia")
    at.text_input(key=f"{form}.decision.1.text.{version}").set_value("Soitetaan jonon asiakkaille")
    at.selectbox(key=f"{form}.decision.1.owner.{version}").set_value(coach.staff_id)
    at.date_input(key=f"{form}.decision.1.due.{version}").set_value(due)
    at.text_input(key=f"{form}.decision.2.text.{version}").set_value("Työnantajailta syksyllä")
    at.button(key=f"{form}.save.{version}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Palaveri tallennettu." in [s.value for s in at.success]
    with demo_copy.read() as session:
        saved = meeting_of_week(session, 1, WEEK)
    assert saved is not None
    earlier = {d.id for d in before.decisions} if before else set()
    new = [d for d in saved.decisions if d.id not in earlier]
    assert [(d.text, d.owner_name, d.due_date, d.status) for d in new] == [
        ("Soitetaan jonon asiakkaille", coach.name, due, "open"),
        ("Työnantajailta syksyllä", None, None, "open"),
    ]
    assert saved.job_tips == "Kahvila hakee kokkia"
    # The form is empty again for the next decisions.
    assert at.text_input(key=f"{form}.decision.1.text.1").value == ""

    # Next week the decisions open the meeting, with their status.
    later = open_page(app_test, demo_copy, DEMO_END + timedelta(days=7))
    next_week = WEEK.shifted(1)
    assert later.selectbox(key="weekly.week").value == next_week.label
    with demo_copy.read() as session:
        carried = carried_over(session, 1, next_week)
    assert {d.id for d in new} <= {d.id for d in carried}
    lines = [md.value for md in later.markdown if md.value.startswith("**Soitetaan")]
    assert lines == [
        f"**Soitetaan jonon asiakkaille** · vastuu {coach.name} · määräpäivä "
        f"{due.day}.{due.month}.{due.year} · päätetty {saved.date.day}.{saved.date.month}."
        f"{saved.date.year}"
    ]
    status = later.selectbox(key=f"weekly.status.{new[0].id}")
    assert status.value == "open"
    status.set_value("done").run()
    assert not later.exception and not later.error
    with demo_copy.read() as session:
        done = session.get(m.TeamMeetingDecision, new[0].id)
        # Closed on the day the page reads the week on: the as-of date.
        assert (done.status, done.closed_on) == ("done", DEMO_END + timedelta(days=7))


def test_a_bad_decision_names_its_row_and_saves_nothing(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    with demo_copy.read() as session:
        count = len(session.execute(select(m.TeamMeetingDecision)).scalars().all())
    form = "weekly.meeting"
    at.text_input(key=f"{form}.decision.2.text.0").set_value(f"Asiakas {HETU} soittaa")
    at.date_input(key=f"{form}.decision.2.due.0").set_value(WEEK.monday - timedelta(days=30))
    at.button(key=f"{form}.save.0").click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert all(e.startswith("Päätös 2 – ") for e in errors)
    assert any("Päätös:" in e for e in errors) and any("Määräpäivä:" in e for e in errors)
    assert not any(HETU in e for e in errors)
    # What was typed is kept; nothing was written.
    assert at.text_input(key=f"{form}.decision.2.text.0").value == f"Asiakas {HETU} soittaa"
    with demo_copy.read() as session:
        assert len(session.execute(select(m.TeamMeetingDecision)).scalars().all()) == count


def test_presentation_mode_steps_through_coaches_and_sections(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    with demo_copy.read() as session:
        coaches = coach_week(session, 1, WEEK, DEMO_END)
        items = agenda(session, 1, WEEK, DEMO_END)
    intro = translate("supervision.guide.intro", "fi")
    assert intro in [m.value for m in at.markdown]
    at.toggle(key="weekly.present").set_value(True).run()
    assert not at.exception
    # On the shared screen the page's introduction and help give way to the meeting.
    assert intro not in [m.value for m in at.markdown]
    assert translate("guide.how_to_use", "fi") not in [e.label for e in at.expander]
    # No sidebar: the page hides it (static CSS), and shows one coach at a time.
    assert any("stSidebar" in str(h.proto) for h in at.get("html"))
    sections = [key for key, lines in items.sections() if lines]
    count = len(coaches) + len(sections) + 1
    seen = []
    for number in range(1, count + 1):
        assert f"Näkymä {number}/{count}" in [md.value for md in at.markdown]
        seen.append(at.header[0].value)
        forward = next(b for b in at.button if b.label == "Seuraava")
        if number == count:
            assert forward.disabled
            break
        forward.click().run()
        assert not at.exception
    section_titles = [
        "Työnhakijat ilman työnantajatapaamista yli 30 päivää (kriteeri 15)",
        "Jatkotuen tapaamiset: erääntyvät ja väliin jääneet (kriteeri 23)",
        "Päättyneet työsuhteet: yhteys 3 arkipäivän sisällä (kriteeri 23)",
        "Peruuntuneet tapaamiset ilman tavoitteluyritystä (kriteeri 25)",
        "Moduulien arvioinnit tekemättä",
        "Lakiperusteiset valmennusjaksot",
        "Asiakkaat, joita ei ole tavattu 14 päivään",
    ]
    titles = dict(zip([k for k, _ in items.sections()], section_titles, strict=True))
    assert seen == [
        *[c.name for c in coaches],
        *[titles[key] for key in sections],
        "Edellisen palaverin päätökset ja avoimet päätökset",
    ]
    back = next(b for b in at.button if b.label == "Edellinen")
    back.click().run()
    assert at.header[0].value == titles[sections[-1]]
    # Free-text notes stay hidden: no job tips on any slide.
    assert not [e for e in at.expander if e.label == "Näytä palaverin työpaikkavinkit"]
