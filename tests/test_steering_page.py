"""Ohjausryhmä under AppTest.

A hand-built team whose every figure on the page – the cadence message, the counts per
status, the order of the actions with the overdue ones first, each action's summary and its
linked items' scores with the baseline – is worked out by hand below; meetings and actions
created through the forms and read back from the database and the page; a status changed and
a progress note added, and a note with an identity code refused without changing anything;
the demo, where the page shows what the records compute on the same data; an empty database
and a team with nothing in it, where the page says so in words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import DEMO_END
from sqlalchemy import select
from team_builder import DatabaseBuilder

from ote import models as m
from ote.calendar import add_months
from ote.fidelity.scale import scale
from ote.formatting import format_date, markdown_text
from ote.i18n import Translator
from ote.metrics.cadences import steering_on_schedule
from ote.records import steering
from ote.ui import steering as steering_view

PAGE = "pages/steering.py"
AS_OF = date(2025, 6, 30)  # the hand-built team is read on this day
TODAY = date.today()  # the page saves with today's date
HETU = "131052-308T"
FI = Translator("fi")
ITEMS = scale("fi").items
NEW_ACTION = "Uusi toimenpide"
HOW_TO = "Näin sivua käytetään"
COUNTS = ["Myöhässä", "Suunniteltu", "Käynnissä", "Valmis", "Peruttu"]
CADENCE_NOTE = "puolivuosittain, kun laatukriteerien yhteispisteet ovat vähintään 100"


# --------------------------------------------------------------------------- helpers
def open_page(app_test, database, as_of: date = AS_OF, team: str | None = "T1"):
    """The app on `database` read on `as_of` for `team`, then the steering page."""
    query = {"as_of": as_of.isoformat()}
    if team is not None:
        query["team"] = team
    at = app_test(database.url.render_as_string(False), **query)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Ohjausryhmä"
    return at


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def action_expanders(at) -> list:
    """The expanders of the actions tab after the first, the form for a new action."""
    return list(at.tabs[0].expander)[1:]


def rows(frame) -> list[tuple]:
    return [tuple(row) for row in frame.itertuples(index=False)]


def team_id(database, key: str) -> int:
    with database.read() as s:
        return s.execute(select(m.Team.id).where(m.Team.key == key)).scalar_one()


def fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def item_names(*numbers: int) -> str:
    return markdown_text(", ".join(f"{n}. {ITEMS[n].name}" for n in numbers))


# ---------------------------------------------------------------- the hand-built team
@pytest.fixture
def hand_built(sqlite_database):
    """Team T1 read on AS_OF (30.6.2025); team T2 beside it; team T3 of high fidelity.

    T1's steering meetings: T1-M0001 20.1.2025 and T1-M0002 15.4.2025. Final assessments
    1.6.2024 (item 2: 1), 15.12.2024 (2: 3, 5: 2, 9: 4) and 20.5.2025 (2: 4, 9: 4; item 5
    not scored); a draft of 1.6.2025 (2: 5) counts for nothing. Actions, added in a
    shuffled order (the page sorts them, not the ids):

    - A0001 planned, created 20.1.2025 in M0001, due 31.5.2025 – overdue; items 2 and 5
    - A0002 in progress, created 20.1.2025, due 15.6.2025 – overdue; no items
    - A0003 in progress, created 15.4.2025 in M0002, due 30.9.2025; item 9
    - A0004 planned, created 15.4.2025, no due date; item 7 (never scored)
    - A0005 done 20.3.2025, created 20.1.2025 in M0001, due 31.3.2025
    - A0006 cancelled, created 1.12.2024
    - A0007 in progress, created 15.4.2025, due 30.6.2025 = AS_OF – not overdue yet

    T2 has a meeting, an action and a higher-scored final assessment that T1 never sees.
    T3's only final assessment (10.1.2025) totals 100 (25 × 4), its only meeting 1.2.2025.
    """
    with sqlite_database.write() as s:
        b = DatabaseBuilder(s)
        t1 = b.team("Tiimi T1", key="T1")
        t2 = b.team("Tiimi T2", key="T2")
        t3 = b.team("Tiimi T3", key="T3")

        def meeting(team, key, day, participants=None, notes=None) -> int:
            return b.add(
                m.SteeringMeeting(
                    key=key, team_id=team.id, date=day, participants=participants, notes=notes
                )
            ).id

        m1 = meeting(t1, "T1-M0001", date(2025, 1, 20), "Palvelujohtaja, tiiminvetäjä")
        m2 = meeting(t1, "T1-M0002", date(2025, 4, 15), "Koko ohjausryhmä", "Arvioinnin tulokset")
        meeting(t2, "T2-M0001", date(2025, 6, 1))
        meeting(t3, "T3-M0001", date(2025, 2, 1))

        def assessment(team, key, day, scores, status="final") -> None:
            header = b.add(
                m.FidelityAssessment(
                    key=key,
                    team_id=team.id,
                    date=day,
                    status=status,
                    finalised_at=datetime(2025, 7, 1, tzinfo=UTC) if status == "final" else None,
                )
            )
            s.add_all(
                m.FidelityItemScore(assessment_id=header.id, item=item, score=score)
                for item, score in scores.items()
            )
            s.flush()

        assessment(t1, "T1-F1", date(2024, 6, 1), {2: 1})
        assessment(t1, "T1-F2", date(2024, 12, 15), {2: 3, 5: 2, 9: 4})
        assessment(t1, "T1-F3", date(2025, 5, 20), {2: 4, 9: 4})
        assessment(t1, "T1-F4", date(2025, 6, 1), {2: 5}, status="draft")
        assessment(t2, "T2-F1", date(2025, 1, 1), {2: 5, 5: 5, 9: 5})
        assessment(t3, "T3-F1", date(2025, 1, 10), {item: 4 for item in range(1, 26)})

        def action(team, number, title, status, created, due=None, done=None, **extra) -> int:
            items = extra.pop("items", ())
            notes = extra.pop("notes", ())
            row = b.add(
                m.SteeringAction(
                    key=f"{team.key}-A{number:04d}",
                    team_id=team.id,
                    title=title,
                    status=status,
                    created_on=created,
                    due_date=due,
                    done_on=done,
                    **extra,
                )
            )
            s.add_all(m.SteeringActionItem(action_id=row.id, item=item) for item in items)
            s.add_all(
                m.SteeringActionNote(action_id=row.id, date=day, text=text) for day, text in notes
            )
            s.flush()
            return row.id

        jan, apr = date(2025, 1, 20), date(2025, 4, 15)
        action(
            t1,
            3,
            "Etuusneuvonta",
            "in_progress",
            apr,
            date(2025, 9, 30),
            items=[9],
            meeting_id=m2,
            owner="Leena Lahti",
        )
        action(t1, 6, "Ryhmämuotoinen valmennus", "cancelled", date(2024, 12, 1))
        notes = [(date(2025, 2, 3), "Aloitettu"), (date(2025, 3, 10), "Viivästynyt")]
        action(
            t1,
            1,
            "Jatkotuen rytmi",
            "planned",
            jan,
            date(2025, 5, 31),
            items=[5, 2],
            meeting_id=m1,
            owner="Palvelujohtaja",
            notes=notes,
        )
        action(t1, 7, "Työnantajailta", "in_progress", apr, AS_OF)
        action(
            t1,
            5,
            "Lähityön osuus",
            "done",
            jan,
            date(2025, 3, 31),
            date(2025, 3, 20),
            meeting_id=m1,
        )
        action(t1, 2, "Jonon purku", "in_progress", jan, date(2025, 6, 15))
        action(t1, 4, "Kohderyhmän laajentaminen", "planned", apr, items=[7])
        action(t2, 1, "Toisen tiimin toimenpide", "planned", jan, date(2025, 2, 1), items=[2])
    return sqlite_database


# ---------------------------------------------------------------- worked out by hand
def test_the_hand_built_team_as_worked_out_by_hand(app_test, hand_built):
    at = open_page(app_test, hand_built)
    # Latest final (20.5.2025) totals 8 < 100 → every 3 months; 15.4.2025 is within the 3
    # months up to 30.6.2025 (from 31.3.), the next due 15.7.2025.
    assert [x.value for x in at.success] == [
        "Ohjausryhmä on kokoontunut aikataulussa: viimeksi 15.4.2025, seuraava viimeistään "
        f"15.7.2025 (3 kuukauden välein; {CADENCE_NOTE})."
    ]
    assert not at.warning and not at.error
    # Planned A1, A4; in progress A2, A3, A7; done A5; cancelled A6; overdue A1 and A2
    # (A7 is due on AS_OF itself: not yet overdue).
    assert metrics(at) == dict(zip(COUNTS, ["2", "2", "3", "1", "1"], strict=True))
    assert [tab.label for tab in at.tabs] == ["Toimenpiteet", "Kokoukset"]

    expanders = action_expanders(at)
    assert [e.label for e in expanders] == [
        "⚠ myöhässä · T1-A0001 Jatkotuen rytmi – Suunniteltu · määräaika 31.5.2025",
        "⚠ myöhässä · T1-A0002 Jonon purku – Käynnissä · määräaika 15.6.2025",
        "T1-A0007 Työnantajailta – Käynnissä · määräaika 30.6.2025",
        "T1-A0003 Etuusneuvonta – Käynnissä · määräaika 30.9.2025",
        "T1-A0004 Kohderyhmän laajentaminen – Suunniteltu",
        "T1-A0005 Lähityön osuus – Valmis · määräaika 31.3.2025",
        "T1-A0006 Ryhmämuotoinen valmennus – Peruttu",
    ]
    assert expanders[0].label.startswith("⚠ myöhässä")
    # The new-action form is closed when there are actions; overdue ones are open.
    assert not at.tabs[0].expander[0].proto.expanded
    assert [e.proto.expanded for e in expanders] == [True, True] + [False] * 5

    a1, a2, _, a3, a4, a5, a6 = expanders
    assert [md.value for md in a1.markdown] == [
        "Vastuu: Palvelujohtaja · luotu 20.1.2025 · kokous T1-M0001 · valmis –  \n"
        f"Laatukriteerit: {item_names(2, 5)}",
        "*10.3.2025* – Viivästynyt",  # notes newest first
        "*3.2.2025* – Aloitettu",
    ]
    # Baseline: the latest final before 20.1.2025 (15.12.2024, not 1.6.2024); then the final
    # of 20.5.2025 (item 5 unscored there); never the draft, never T2's assessment.
    (scores,) = a1.dataframe
    assert list(scores.value.columns) == ["Kohta", "15.12.2024 (lähtötaso)", "20.5.2025"]
    assert rows(scores.value) == [("2", "3", "4"), ("5", "2", "–")]
    assert [x.value for x in a1.caption] == []

    assert a2.markdown[0].value == (
        "Vastuu: – · luotu 20.1.2025 · kokous – · valmis –  \nLaatukriteerit: –"
    )
    assert not a2.dataframe
    assert [x.value for x in a2.caption] == [
        "Linkitetyistä kohdista ei ole vielä viimeisteltyjä arviointeja."
    ]
    (scores,) = a3.dataframe
    assert list(scores.value.columns) == ["Kohta", "15.12.2024 (lähtötaso)", "20.5.2025"]
    assert rows(scores.value) == [("9", "4", "4")]
    assert a3.markdown[0].value.startswith(
        "Vastuu: Leena Lahti · luotu 15.4.2025 · kokous T1-M0002"
    )
    assert not a4.dataframe  # item 7 was never scored
    assert a5.markdown[0].value == (
        "Vastuu: – · luotu 20.1.2025 · kokous T1-M0001 · valmis 20.3.2025  \nLaatukriteerit: –"
    )
    assert [s.value for s in at.selectbox if s.key.startswith("steering.status.")] == [
        "planned",
        "in_progress",
        "in_progress",
        "in_progress",
        "planned",
        "done",
        "cancelled",
    ]
    assert not a6.dataframe

    (meetings,) = at.tabs[1].dataframe
    assert rows(meetings.value) == [
        ("15.4.2025", "Koko ohjausryhmä", "Arvioinnin tulokset", 1),
        ("20.1.2025", "Palvelujohtaja, tiiminvetäjä", "", 2),
    ]
    assert list(meetings.value.columns) == [
        "Päivämäärä",
        "Osallistujat",
        "Muistiinpanot",
        "Toimenpiteitä",
    ]
    # Nothing of T2 anywhere.
    assert not [e for e in at.expander if "T2-" in e.label]


@pytest.mark.parametrize(
    ("team", "as_of", "kind", "text"),
    [
        # 16.7.2025: the window runs from 17.4.; 15.4. + 3 months = 15.7. has passed.
        (
            "T1",
            date(2025, 7, 16),
            "warning",
            "Ohjausryhmän kokous on myöhässä: viimeksi 15.4.2025, seuraavan olisi pitänyt olla "
            "viimeistään 15.7.2025 (3 kuukauden välein).",
        ),
        # Before T1's first meeting: none on or before the day.
        (
            "T1",
            date(2025, 1, 19),
            "warning",
            "Ohjausryhmän kokouksia ei ole kirjattu. Ohjausryhmä kokoontuu 3 kuukauden välein.",
        ),
        # T3's total of 100 relaxes the cadence to 6 months: 1.2.2025 is due 1.8.2025.
        (
            "T3",
            AS_OF,
            "success",
            "Ohjausryhmä on kokoontunut aikataulussa: viimeksi 1.2.2025, seuraava viimeistään "
            f"1.8.2025 (6 kuukauden välein; {CADENCE_NOTE}).",
        ),
        # On 1.8.2025 exactly six months have passed: late.
        (
            "T3",
            date(2025, 8, 1),
            "warning",
            "Ohjausryhmän kokous on myöhässä: viimeksi 1.2.2025, seuraavan olisi pitänyt olla "
            "viimeistään 1.8.2025 (6 kuukauden välein).",
        ),
    ],
)
def test_the_cadence_message_as_worked_out_by_hand(app_test, hand_built, team, as_of, kind, text):
    at = open_page(app_test, hand_built, as_of, team)
    other = "success" if kind == "warning" else "warning"
    assert [x.value for x in getattr(at, kind)] == [text]
    assert not getattr(at, other)
    with hand_built.read() as s:
        measure = steering_on_schedule(s, team_id(hand_built, team), as_of)
    assert measure.met == (kind == "success")


def test_the_overdue_counts_follow_the_as_of_date(app_test, hand_built):
    # On 1.6.2025 only A1 (due 31.5.) is overdue; on 1.7.2025 also A2 and A7.
    early = open_page(app_test, hand_built, date(2025, 6, 1))
    assert metrics(early)["Myöhässä"] == "1"
    assert [e.label.startswith("⚠") for e in action_expanders(early)] == [True] + [False] * 6
    late = open_page(app_test, hand_built, date(2025, 7, 1))
    assert metrics(late)["Myöhässä"] == "3"
    assert [e.label.split(" – ")[0] for e in action_expanders(late)][:4] == [
        "⚠ myöhässä · T1-A0001 Jatkotuen rytmi",
        "⚠ myöhässä · T1-A0002 Jonon purku",
        "⚠ myöhässä · T1-A0007 Työnantajailta",
        "T1-A0003 Etuusneuvonta",
    ]


# ------------------------------------------------------------------------------ forms
def test_a_meeting_created_through_the_form_is_read_back(app_test, hand_built):
    at = open_page(app_test, hand_built, TODAY)
    form = "steering.meeting"
    assert at.date_input(key=f"{form}.date.0").value == TODAY
    at.text_area(key=f"{form}.participants.0").set_value("Palvelujohtaja, asiakasedustaja")
    at.text_area(key=f"{form}.notes.0").set_value("Sovittiin toimenpiteistä")
    at.button(key=f"{form}.save.0").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Kokous tallennettu."
    with hand_built.read() as s:
        saved = s.execute(select(m.SteeringMeeting).where(m.SteeringMeeting.key == "T1-M0003"))
        saved = saved.scalar_one()
        assert (saved.team_id, saved.date, saved.participants, saved.notes) == (
            team_id(hand_built, "T1"),
            TODAY,
            "Palvelujohtaja, asiakasedustaja",
            "Sovittiin toimenpiteistä",
        )
    (meetings,) = at.tabs[1].dataframe
    assert rows(meetings.value)[0] == (
        fi_date(TODAY),
        "Palvelujohtaja, asiakasedustaja",
        "Sovittiin toimenpiteistä",
        0,
    )
    assert len(meetings.value) == 3
    # Read on today, the meeting just held is the last one; T1's latest total (8) keeps
    # the 3-month cadence.
    assert f"viimeksi {fi_date(TODAY)}, seuraava viimeistään {fi_date(add_months(TODAY, 3))}" in (
        at.success[1].value
    )
    # The form is empty again.
    assert at.text_area(key=f"{form}.participants.1").value == ""


def test_an_action_created_through_the_form_is_read_back(app_test, hand_built):
    at = open_page(app_test, hand_built)
    form = "steering.action"
    due = TODAY + timedelta(days=30)
    with hand_built.read() as s:
        m2 = s.execute(select(m.SteeringMeeting.id).where(m.SteeringMeeting.key == "T1-M0002"))
        m2 = m2.scalar_one()
    at.text_input(key=f"{form}.title.0").set_value("Työnantajayhteistyön vuosikello")
    at.multiselect(key=f"{form}.items.0").set_value([18, 3])
    at.text_input(key=f"{form}.owner.0").set_value("Leena Lahti")
    at.date_input(key=f"{form}.due.0").set_value(due)
    at.selectbox(key=f"{form}.meeting.0").set_value(m2)
    at.button(key=f"{form}.save.0").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Toimenpide luotu." in [x.value for x in at.success]

    with hand_built.read() as s:
        saved = s.execute(select(m.SteeringAction).where(m.SteeringAction.key == "T1-A0008"))
        saved = saved.scalar_one()
        linked = s.execute(
            select(m.SteeringActionItem.item).where(m.SteeringActionItem.action_id == saved.id)
        ).scalars()
        assert sorted(linked) == [3, 18]
    assert (
        saved.title,
        saved.status,
        saved.owner,
        saved.created_on,
        saved.due_date,
        saved.done_on,
        saved.meeting_id,
    ) == ("Työnantajayhteistyön vuosikello", "planned", "Leena Lahti", TODAY, due, None, m2)

    # Listed among the open ones by its due date: after A3 (30.9.2025), before A4 (none).
    labels = [e.label for e in action_expanders(at)]
    heading = f"T1-A0008 Työnantajayhteistyön vuosikello – Suunniteltu · määräaika {fi_date(due)}"
    assert labels.index(heading) == 4
    assert labels[3].startswith("T1-A0003") and labels[5].startswith("T1-A0004")
    shown = action_expanders(at)[4]
    assert shown.markdown[0].value == (
        f"Vastuu: Leena Lahti · luotu {fi_date(TODAY)} · kokous T1-M0002 · valmis –  \n"
        f"Laatukriteerit: {item_names(3, 18)}"
    )
    # Items 3 and 18 were never scored in T1's final assessments.
    assert not shown.dataframe
    assert metrics(at)["Suunniteltu"] == "3"
    (meetings,) = at.tabs[1].dataframe
    assert list(meetings.value["Toimenpiteitä"]) == [2, 2]  # M0002 decided A3 and this one
    # The form is empty again.
    assert at.text_input(key=f"{form}.title.1").value == ""


def test_a_bad_action_is_refused_field_by_field(app_test, hand_built):
    at = open_page(app_test, hand_built)
    form = "steering.action"
    at.text_input(key=f"{form}.owner.0").set_value(f"Valmentaja {HETU}")
    at.date_input(key=f"{form}.due.0").set_value(TODAY - timedelta(days=1))
    at.button(key=f"{form}.save.0").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert sorted(e.split(": ", 1)[0] for e in errors) == ["Määräpäivä", "Nimike", "Vastuuhenkilö"]
    assert not any(HETU in e for e in errors)
    assert "Toimenpide luotu." not in [x.value for x in at.success]
    # What was typed is kept; nothing was written.
    assert at.text_input(key=f"{form}.owner.0").value == f"Valmentaja {HETU}"
    with hand_built.read() as s:
        keys = s.execute(select(m.SteeringAction.key).where(m.SteeringAction.key == "T1-A0008"))
        assert keys.all() == []


def test_a_meeting_note_with_an_identity_code_is_refused(app_test, hand_built):
    at = open_page(app_test, hand_built)
    form = "steering.meeting"
    at.text_area(key=f"{form}.notes.0").set_value(f"Käsiteltiin {HETU} tilanne")
    at.button(key=f"{form}.save.0").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert [e.split(": ", 1)[0] for e in errors] == ["Muistiinpanot"]
    assert "henkilötunnuksen" in errors[0] and HETU not in errors[0]
    assert "Kokous tallennettu." not in [x.value for x in at.success]
    with hand_built.read() as s:
        assert len(s.execute(select(m.SteeringMeeting.id)).all()) == 4  # T1's 2, T2's, T3's
    assert len(at.tabs[1].dataframe[0].value) == 2


def shown_outside_inputs(at) -> str:
    """Everything the page sent to the browser but the text inputs, as text."""
    parts = []
    for node in at:
        if node.type != "text_input" and getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        if node.type in ("arrow_data_frame", "dataframe"):
            parts.append(node.value.to_csv())
    return "\n".join(parts)


def action_id(database, key: str) -> int:
    with database.read() as s:
        return s.execute(
            select(m.SteeringAction.id).where(m.SteeringAction.key == key)
        ).scalar_one()


def notes_of(database, action: int) -> list[tuple[date, str]]:
    with database.read() as s:
        return [
            tuple(row)
            for row in s.execute(
                select(m.SteeringActionNote.date, m.SteeringActionNote.text)
                .where(m.SteeringActionNote.action_id == action)
                .order_by(m.SteeringActionNote.id)
            )
        ]


def test_a_status_change_and_a_note_are_saved_and_read_back(app_test, hand_built):
    at = open_page(app_test, hand_built)
    a3 = action_id(hand_built, "T1-A0003")
    at.selectbox(key=f"steering.status.{a3}").set_value("done")
    at.text_input(key=f"steering.note.{a3}.text.0").set_value("Koulutus pidetty kesäkuussa")
    at.button(key=f"steering.save.{a3}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Toimenpide T1-A0003 päivitetty." in [x.value for x in at.success]
    with hand_built.read() as s:
        saved = s.get(m.SteeringAction, a3)
        assert (saved.status, saved.done_on) == ("done", TODAY)
    assert notes_of(hand_built, a3) == [(TODAY, "Koulutus pidetty kesäkuussa")]

    # Now done, newest done first: before A5 (done 20.3.2025), after the open ones.
    expanders = action_expanders(at)
    done = next(e for e in expanders if e.label.startswith("T1-A0003"))
    assert expanders.index(done) == 4  # after A1, A2, A7 and A4, still open
    assert done.label == "T1-A0003 Etuusneuvonta – Valmis · määräaika 30.9.2025"
    assert [md.value for md in done.markdown] == [
        f"Vastuu: Leena Lahti · luotu 15.4.2025 · kokous T1-M0002 · valmis {fi_date(TODAY)}  \n"
        f"Laatukriteerit: {item_names(9)}",
        f"*{fi_date(TODAY)}* – Koulutus pidetty kesäkuussa",
    ]
    assert at.selectbox(key=f"steering.status.{a3}").value == "done"
    assert metrics(at) == dict(zip(COUNTS, ["2", "2", "2", "2", "1"], strict=True))
    assert at.text_input(key=f"steering.note.{a3}.text.1").value == ""

    # Back in progress: the done date goes.
    at.selectbox(key=f"steering.status.{a3}").set_value("in_progress")
    at.button(key=f"steering.save.{a3}").click().run()
    assert not at.exception and not at.error
    with hand_built.read() as s:
        saved = s.get(m.SteeringAction, a3)
        assert (saved.status, saved.done_on) == ("in_progress", None)
    assert notes_of(hand_built, a3) == [(TODAY, "Koulutus pidetty kesäkuussa")]


def test_a_note_alone_keeps_the_status(app_test, hand_built):
    at = open_page(app_test, hand_built)
    a1 = action_id(hand_built, "T1-A0001")
    at.text_input(key=f"steering.note.{a1}.text.0").set_value("Uusi aikataulu sovittu")
    at.button(key=f"steering.save.{a1}").click().run()
    assert not at.exception and not at.error
    with hand_built.read() as s:
        assert s.get(m.SteeringAction, a1).status == "planned"
    assert notes_of(hand_built, a1)[-1] == (TODAY, "Uusi aikataulu sovittu")
    first = action_expanders(at)[0]
    assert first.markdown[1].value == f"*{fi_date(TODAY)}* – Uusi aikataulu sovittu"


def refuse_identity_code(app_test, database):
    """A1's status set to in progress with a note naming an identity code, saved."""
    at = open_page(app_test, database)
    a1 = action_id(database, "T1-A0001")
    at.selectbox(key=f"steering.status.{a1}").set_value("in_progress")
    at.text_input(key=f"steering.note.{a1}.text.0").set_value(f"Asiakas {HETU} aloitti")
    at.button(key=f"steering.save.{a1}").click().run()
    assert not at.exception
    return at, a1


def test_an_identity_code_in_a_note_is_refused_and_nothing_changes(app_test, hand_built):
    before = notes_of(hand_built, action_id(hand_built, "T1-A0001"))
    at, a1 = refuse_identity_code(app_test, hand_built)
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    field, message = errors[0].split(": ", 1)
    assert field  # the message names the field it is about
    assert message == (
        "sisältää henkilötunnuksen. OTEen ei kirjata henkilötunnuksia eikä nimiä – käytä "
        "asiakaskoodia."
    )
    assert not [x for x in at.success if "päivitetty" in x.value]
    # Never echoed: not in the message, nowhere on the page but in the input that holds it.
    assert not any(HETU in e for e in errors)
    shown = shown_outside_inputs(at)
    assert "Jatkotuen rytmi" in shown and "Viivästynyt" in shown  # the page is all there
    assert HETU not in shown
    assert at.text_input(key=f"steering.note.{a1}.text.0").value == f"Asiakas {HETU} aloitti"
    # Nothing written: the status is as it was and no note was added.
    with hand_built.read() as s:
        saved = s.get(m.SteeringAction, a1)
        assert (saved.status, saved.done_on) == ("planned", None)
    assert notes_of(hand_built, a1) == before
    again = open_page(app_test, hand_built)
    assert again.selectbox(key=f"steering.status.{a1}").value == "planned"
    assert metrics(again) == dict(zip(COUNTS, ["2", "2", "3", "1", "1"], strict=True))


def test_the_refused_note_is_named_as_on_screen(app_test, hand_built):
    at, _ = refuse_identity_code(app_test, hand_built)
    assert [e.value.split(": ", 1)[0] for e in at.error] == ["Edistymismerkintä"]


# -------------------------------------------------------------------------- the demo
def test_the_demo_shows_what_the_records_compute(app_test, demo_copy):
    at = open_page(app_test, demo_copy, DEMO_END, team=None)
    with demo_copy.read() as s:
        counts = steering.status_counts(s, 1, DEMO_END)
        listed = steering.actions(s, 1, DEMO_END)
        held = steering.meetings(s, 1)
        schedule = steering_on_schedule(s, 1, DEMO_END)
    keys = ["overdue", "planned", "in_progress", "done", "cancelled"]
    assert metrics(at) == {label: str(counts[key]) for label, key in zip(COUNTS, keys, strict=True)}
    assert counts["overdue"] > 0 and len(listed) > counts["overdue"]
    expanders = action_expanders(at)
    assert [e.label for e in expanders] == [steering_view.action_heading(r, FI) for r in listed]
    assert [e.label.removeprefix("⚠ myöhässä · ").split()[0] for e in expanders] == [
        r.key for r in listed
    ]
    assert expanders[0].label.startswith("⚠ myöhässä")
    assert [e.label.startswith("⚠ myöhässä") for e in expanders] == [r.overdue for r in listed]
    assert sum(r.overdue for r in listed) == counts["overdue"]
    for expander, row in zip(expanders, listed, strict=True):
        assert expander.markdown[0].value == steering_view.action_summary(row, ITEMS, FI)
        assert len(expander.dataframe) == (1 if row.scores else 0)
        if row.scores:
            assert list(expander.dataframe[0].value["Kohta"]) == [str(n) for n in row.items]
    # The cadence: the demo meets quarterly.
    assert schedule.met
    assert [x.value for x in at.success] == [
        f"Ohjausryhmä on kokoontunut aikataulussa: viimeksi {format_date(schedule.details['last'])}"
        f", seuraava viimeistään {format_date(schedule.details['due'])} "
        f"({schedule.details['months']} kuukauden välein; {CADENCE_NOTE})."
    ]
    (meetings,) = at.tabs[1].dataframe
    assert list(meetings.value["Päivämäärä"]) == [format_date(h.date) for h in held]
    assert list(meetings.value["Toimenpiteitä"]) == [h.actions for h in held]


@pytest.mark.parametrize(
    ("language", "title", "tabs", "counts", "overdue"),
    [
        (
            "sv",
            "Styrgruppen",
            ["Åtgärder", "Möten"],
            ["Försenade", "Planerade", "Pågående", "Klara", "Inställda"],
            "⚠ försenad · T1-A0001 Jatkotuen rytmi – Planerad · senast 31.5.2025",
        ),
        (
            "en",
            "Steering committee",
            ["Actions", "Meetings"],
            ["Overdue", "Planned", "In progress", "Done", "Cancelled"],
            "⚠ overdue · T1-A0001 Jatkotuen rytmi – Planned · due 31.5.2025",
        ),
    ],
)
def test_the_page_in_swedish_and_english(
    app_test, hand_built, language, title, tabs, counts, overdue
):
    at = app_test(
        hand_built.url.render_as_string(False), as_of=AS_OF.isoformat(), team="T1", lang=language
    )
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    assert [tab.label for tab in at.tabs] == tabs
    assert metrics(at) == dict(zip(counts, ["2", "2", "3", "1", "1"], strict=True))
    assert action_expanders(at)[0].label == overdue
    t = Translator(language)
    assert [x.value for x in at.success] == [
        t("steering.on_schedule", last="15.4.2025", due="15.7.2025", months=3)
    ]
    # No key shown in place of a text.
    shown = [x.value for x in at.markdown] + [x.value for x in at.caption]
    shown += [e.label for e in at.expander] + [b.label for b in at.main.button]
    assert not [text for text in shown if "steering." in text]


# ------------------------------------------------------------------- nothing to show
def test_an_empty_database_says_there_is_no_team(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database, team=None)
    assert [x.body for x in at.info] == [
        "Valitse ensin tiimi sivupalkista. Jos tiimejä ei ole, ylläpitäjä lisää tiimin "
        "Tiimit-sivulla. Kokeilua varten voi luoda esittelytiimin komennolla `ote demo`."
    ]
    # Only the page's guide (closed), and for an administrator the way to the Teams page.
    assert [(e.label, e.proto.expanded) for e in at.expander] == [(HOW_TO, False)]
    assert [e.proto.page for e in at.main if e.type == "page_link"] == ["admin_teams"]
    assert not at.metric and not at.dataframe and not at.tabs
    assert not at.error and not at.warning and not at.success


def test_a_team_with_nothing_says_so_in_words(app_test, hand_built):
    with hand_built.write() as s:
        DatabaseBuilder(s).team("Tiimi T0", key="T0")
    at = open_page(app_test, hand_built, team="T0")
    assert [x.value for x in at.warning] == [
        "Ohjausryhmän kokouksia ei ole kirjattu. Ohjausryhmä kokoontuu 3 kuukauden välein."
    ]
    assert not at.success and not at.error
    assert metrics(at) == dict.fromkeys(COUNTS, "0")
    actions_tab, meetings_tab = at.tabs
    assert [x.body for x in actions_tab.info] == [
        "Toimenpiteitä ei vielä ole. Luo ensimmäinen yltä tai laatukriteerien arvioinnin kohdasta."
    ]
    # Only the page's guide (closed) and the form for a new action, open.
    assert [(e.label, e.proto.expanded) for e in at.expander] == [
        (HOW_TO, False),
        (NEW_ACTION, True),
    ]
    assert not at.dataframe
    assert [x.value for x in meetings_tab.caption] == ["Kokouksia ei ole kirjattu."]
    # The new action's meeting can only be "none".
    assert at.selectbox(key="steering.action.meeting.0").options == ["–"]
