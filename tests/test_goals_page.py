"""Tavoitteet under AppTest.

A hand-built team whose goals of a finished quarter – each actual, the direction ("vähintään",
"enintään" where lower is better) and met or not – are worked out by hand below, and whose
goals of the running quarter say "kesken"; a goal created through the form and read back
from the database and the table; a second goal for the same quarter, measure and staff
member, and a target outside the measure's range, refused with nothing written; unmet goals
carried into the next quarter with the button, and pressing it again adds nothing; a goal
deleted; the demo, where the table is what `ote.goals.goals` computes on the same data; an
empty database and a team without goals, where the page says so in words.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import DEMO_END
from sqlalchemy import select
from team_builder import DatabaseBuilder

from ote import goals as service
from ote import models as m
from ote.calendar import quarter_of
from ote.enums import GoalMeasure
from ote.formatting import format_number
from ote.i18n import Translator, translate
from ote.metrics.definitions import goal_definition

PAGE = "pages/goals.py"
AS_OF = date(2025, 7, 15)  # the hand-built team is read on this day: 2025Q3 runs
DONE, RUNS = "2025Q2", "2025Q3"  # 1.4.–30.6.2025 is over on AS_OF; 1.7.–30.9.2025 runs
FI = Translator("fi")
GUIDE = FI("guide.how_to_use")
DEFINITIONS = FI("goals.definitions")

QUARTER = "goals.quarter"
DELETE_CHOICE = "goals.delete_choice.{quarter}"  # one box per quarter
COLUMNS = [
    "Mittari",
    "Kenelle",
    "Suunta",
    "Tavoite",
    "Toteuma",
    "Tilanne",
    "Vastuuhenkilö",
    "Huomio",
]
CASELOAD = "Asiakasmäärä valmentajaa kohden"
CONTACTS = "Työnantajatapaamiset viikossa"
REFERRED = "Palveluun ohjatut asiakkaat"
EMPLOYED = "Työllistyneet asiakkaat"
FEEDBACK = "Asiakaspalautteen keskiarvo"
TEAM = "koko tiimi"
MET, NOT_MET, RUNNING = "✓ täyttyi", "⚠ ei täyttynyt", "kesken"
AT_LEAST, AT_MOST = "vähintään", "enintään"
INFO = "Infot sosiaalitoimistoon"
DUPLICATE = (
    "Mittari: vuosineljännekselle {quarter} on jo asetettu tavoite tälle mittarille (sama "
    "työntekijä tai koko tiimi); muokkaa olemassa olevaa tavoitetta"
)


# --------------------------------------------------------------------------- helpers
def open_page(app_test, database, as_of: date = AS_OF, team: str | None = "T1", **query):
    """The app on `database` read on `as_of` for `team`, then the goals page."""
    query = {"as_of": as_of.isoformat(), **query}
    if team is not None:
        query["team"] = team
    at = app_test(database.url.render_as_string(False), **query)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(element):
    """Run the app after an interaction with `element` (or the app itself); no exception."""
    at = element.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def choose_quarter(at, quarter: str):
    """Show `quarter`."""
    run(at.selectbox(key=QUARTER).select(quarter))
    return at


def rows(at) -> list[tuple]:
    (table,) = at.dataframe
    assert list(table.value.columns) == COLUMNS
    return [tuple(row) for row in table.value.itertuples(index=False)]


def forms(at) -> list:
    """The page's own expanders: not its guide, nor the measures' definitions."""
    return [e for e in at.expander if e.label not in (GUIDE, DEFINITIONS)]


def buttons(at) -> list[str]:
    return [b.label for b in at.main.button]


def team_id(database, key: str) -> int:
    with database.read() as s:
        return s.execute(select(m.Team.id).where(m.Team.key == key)).scalar_one()


def staff_id(database, name: str) -> int:
    with database.read() as s:
        return s.execute(select(m.Staff.id).where(m.Staff.name == name)).scalar_one()


def stored(database, team: str, quarter: str) -> list[tuple]:
    """The team's goals of `quarter` as stored: (measure, staff, target, owner, note), by id."""
    g = m.QuarterlyGoal
    with database.read() as s:
        found = s.execute(
            select(g.measure, m.Staff.name, g.target, g.owner, g.note)
            .outerjoin(m.Staff, m.Staff.id == g.staff_id)
            .join(m.Team, m.Team.id == g.team_id)
            .where(m.Team.key == team, g.quarter == quarter)
            .order_by(g.id)
        ).all()
    return [tuple(row) for row in found]


def goal_count(database) -> int:
    with database.read() as s:
        return len(s.execute(select(m.QuarterlyGoal.id)).all())


def form_field(at, kind: str, name: str):
    """The new-goal form's widget `name` in the form's current version."""
    (found,) = [w for w in getattr(at, kind) if w.key.startswith(f"goals.new.{name}.")]
    return found


def fill_form(
    at, measure: str, target: float | None, staff: int | None = None, owner="", note=""
) -> None:
    """Choose the measure first (a run: the staff choice depends on it), then the rest."""
    run(form_field(at, "selectbox", "measure").select(measure))
    form_field(at, "number_input", "target").set_value(target)
    form_field(at, "selectbox", "staff").select(staff)
    form_field(at, "text_input", "owner").input(owner)
    form_field(at, "text_input", "note").input(note)


def save_form(at):
    return run(form_field(at, "button", "save").click())


# ---------------------------------------------------------------- the hand-built team
@pytest.fixture
def hand_built(sqlite_database):
    """Team T1 read on AS_OF (15.7.2025); team T2 beside it.

    Staff: coaches Aino Aalto (FTE 1,0) and Bea Berg (0,5), team leader Leena Lahti, and
    Dora Dahl, a coach until 31.5.2025. Clients, all in service since 1.1.2024: Aino's
    A000–A016 and A017 (whose service ended 5.7.2025), Bea's B000–B011. On the waiting list
    (never started): N000 referred 31.3.2025; N001 10.4., N002 20.5., N003 30.6.2025 (2025Q2);
    N004 1.7. and N005 10.7.2025 (2025Q3 by AS_OF); N006 20.7.2025 (after AS_OF).
    Jobs: A003 from 31.3.2025; A000 from 10.4.2025; A001 from 20.6. and another from 25.6.2025;
    A002 from 1.7.2025. Feedback: B001 31.3. score 1; A000 15.4. 4; A001 15.5. 5; B000 15.6. 5;
    A002 1.7.2025 1. Employer contacts of Aino about job seeker A005: face to face on 8.7.,
    9.7. and 10.7.2025, by phone on 11.7.2025.

    Goals of T1 for 2025Q2 (added in a shuffled order; the page sorts them):

    - caseload ratio, whole team, at most 20: on 30.6. 30 clients ÷ 1,5 FTE = 20,0 – met
    - caseload ratio, Aino, at most 20: 18 ÷ 1,0 = 18,0 – met
    - caseload ratio, Bea, at most 20 (owner Bea Berg): 12 ÷ 0,5 = 24,0 – not met
    - clients referred, at least 5 (owner Leena Lahti, note INFO): N001–N003, 3 – not met
    - clients employed, at least 2: A000 and A001 (two jobs, one client), 2 – met
    - feedback mean, at least 4,5: (4 + 5 + 5) ÷ 3 = 4,67 – met
    - feedback mean, Bea, at least 4: a team figure only – no actual, no verdict

    Goals of T1 for 2025Q3, running on AS_OF: caseload ratio, whole team, at most 20 (on
    15.7. 29 ÷ 1,5 = 19,3); clients employed, at least 2 (A002: 1).

    T2 has a coach, a client referred in 2025Q2 and an unmet goal for 2025Q2 (clients
    referred, at least 10) that T1 never sees or carries.
    """
    with sqlite_database.write() as s:
        b = DatabaseBuilder(s)
        t1 = b.team("Tiimi T1", key="T1")
        aino = b.staff(t1, "Aino Aalto", fte=1.0, share=0.9)
        bea = b.staff(t1, "Bea Berg", fte=0.5, share=0.8)
        b.staff(t1, "Leena Lahti", role="team_leader")
        b.staff(t1, "Dora Dahl", fte=1.0, share=1.0, end=date(2025, 5, 31))
        source = b.source(t1)
        employer = b.employer()
        old = date(2024, 1, 1)
        a = b.clients(t1, aino, source, "A", 17, old, old)
        a.append(b.client(t1, aino, source, "A017", old, old, date(2025, 7, 5)))
        bb = b.clients(t1, bea, source, "B", 12, old, old)
        referred = [(3, 31), (4, 10), (5, 20), (6, 30), (7, 1), (7, 10), (7, 20)]
        for n, (month, day) in enumerate(referred):
            b.client(t1, aino, source, f"N{n:03d}", date(2025, month, day), None)
        for client, day in [
            (a[3], date(2025, 3, 31)),
            (a[0], date(2025, 4, 10)),
            (a[1], date(2025, 6, 20)),
            (a[1], date(2025, 6, 25)),
            (a[2], date(2025, 7, 1)),
        ]:
            b.job(client, employer, "siivous", day)
        for client, day, score in [
            (bb[1], date(2025, 3, 31), 1),
            (a[0], date(2025, 4, 15), 4),
            (a[1], date(2025, 5, 15), 5),
            (bb[0], date(2025, 6, 15), 5),
            (a[2], date(2025, 7, 1), 1),
        ]:
            b.add(m.Feedback(client_id=client.id, date=day, score=score))
        for day, face_to_face in [(8, True), (9, True), (10, True), (11, False)]:
            b.add(
                m.EmployerContact(
                    date=date(2025, 7, day),
                    staff_id=aino.id,
                    employer_id=employer.id,
                    face_to_face=face_to_face,
                    client_id=a[5].id,
                    preference_based=True,
                )
            )

        def goal(team, quarter, measure, target, staff=None, **extra) -> None:
            b.add(
                m.QuarterlyGoal(
                    team_id=team.id,
                    quarter=quarter,
                    measure=measure,
                    target=target,
                    staff_id=None if staff is None else staff.id,
                    **extra,
                )
            )

        goal(t1, DONE, "feedback_mean", 4.0, bea)
        goal(t1, DONE, "clients_referred", 5.0, owner="Leena Lahti", note=INFO)
        goal(t1, DONE, "caseload_ratio", 20.0, bea, owner="Bea Berg")
        goal(t1, DONE, "feedback_mean", 4.5)
        goal(t1, DONE, "caseload_ratio", 20.0, aino)
        goal(t1, DONE, "clients_employed", 2.0)
        goal(t1, DONE, "caseload_ratio", 20.0)
        goal(t1, RUNS, "clients_employed", 2.0)
        goal(t1, RUNS, "caseload_ratio", 20.0)

        t2 = b.team("Tiimi T2", key="T2")
        olli = b.staff(t2, "Olli Ojala", fte=1.0, share=1.0)
        b.client(t2, olli, b.source(t2), "O000", date(2025, 5, 15), None)
        goal(t2, DONE, "clients_referred", 10.0, note="Toisen tiimin tavoite")
    return sqlite_database


# ---------------------------------------------------------------- worked out by hand
FINISHED = [
    (CASELOAD, TEAM, AT_MOST, "20,0", "20,0", MET, "–", ""),
    (CASELOAD, "Aino Aalto", AT_MOST, "20,0", "18,0", MET, "–", ""),
    (CASELOAD, "Bea Berg", AT_MOST, "20,0", "24,0", NOT_MET, "Bea Berg", ""),
    (REFERRED, TEAM, AT_LEAST, "5", "3", NOT_MET, "Leena Lahti", INFO),
    (EMPLOYED, TEAM, AT_LEAST, "2", "2", MET, "–", ""),
    (FEEDBACK, TEAM, AT_LEAST, "4,5", "4,7", MET, "–", ""),
    (FEEDBACK, "Bea Berg", AT_LEAST, "4,0", "–", "–", "–", ""),
]
CARRY_TWO = "Siirrä täyttymättömät tavoitteet (2) neljännekselle 2025Q3"


def test_a_finished_quarter_as_worked_out_by_hand(app_test, hand_built):
    at = open_page(app_test, hand_built)
    assert at.title[0].value == "Tavoitteet"
    quarter = at.selectbox(key=QUARTER)
    assert quarter.value == RUNS  # the running quarter first, the next one above it
    assert quarter.options[:3] == [
        "2025Q4 (1.10.2025–31.12.2025)",
        "2025Q3 (1.7.2025–30.9.2025)",
        "2025Q2 (1.4.2025–30.6.2025)",
    ]
    assert len(quarter.options) == 9

    choose_quarter(at, DONE)
    assert rows(at) == FINISHED
    assert at.main.caption[-1].value == (
        "Toteuma lasketaan kirjauksista tilanteessa 30.6.2025; neljänneksen päätyttyä se on "
        "lopullinen."
    )
    assert not at.info and not at.error and not at.warning and not at.success
    # Two goals were not met: the button offers to carry them over.
    assert buttons(at) == [CARRY_TWO, "Tallenna tavoite", "Poista"]
    assert [(e.label, e.proto.expanded) for e in forms(at)] == [
        ("Uusi tavoite neljännekselle 2025Q2", False),
        ("Poista tavoite", False),
    ]
    # The service says the same, unrounded: 20 is at most 20; 14 ÷ 3 is at least 4,5.
    with hand_built.read() as s:
        listed = service.goals(s, team_id(hand_built, "T1"), DONE, AS_OF)
    assert [r.actual for r in listed] == [20.0, 18.0, 24.0, 3.0, 2.0, pytest.approx(14 / 3), None]
    assert [r.met for r in listed] == [True, True, False, False, True, True, None]
    # Each goal measure's definition, counted over the finished quarter.
    (defined,) = [e for e in at.expander if e.label == DEFINITIONS]
    assert [x.value for x in defined.markdown] == [
        "\n\n---\n\n".join(
            goal_definition(measure, "fi", date(2025, 4, 1), date(2025, 6, 30))
            for measure in dict.fromkeys(r.measure for r in listed)
        )
    ]
    assert "**Aikaväli:** tilanne 30.6.2025" in defined.markdown[0].value  # the caseload
    assert all(r.final for r in listed)


def test_a_running_quarter_says_kesken(app_test, hand_built):
    at = open_page(app_test, hand_built)
    # On 15.7.: Aino 17 (A017 left on 5.7.) + Bea 12 = 29 clients ÷ 1,5 FTE; A002's job.
    assert rows(at) == [
        (CASELOAD, TEAM, AT_MOST, "20,0", "19,3", RUNNING, "–", ""),
        (EMPLOYED, TEAM, AT_LEAST, "2", "1", RUNNING, "–", ""),
    ]
    assert at.main.caption[-1].value == (
        "Toteuma lasketaan kirjauksista tilanteessa 15.7.2025; neljänneksen päätyttyä se on "
        "lopullinen."
    )
    assert buttons(at) == ["Tallenna tavoite", "Poista"]  # nothing to carry over yet


def test_a_quarter_on_its_last_day_still_runs(app_test, hand_built):
    """On 30.6.2025 the figures of 2025Q2 are those of the whole quarter, but it is not over
    until the day after: every goal says "kesken" and nothing can be carried over."""
    at = open_page(app_test, hand_built, as_of=date(2025, 6, 30))
    assert at.selectbox(key=QUARTER).value == DONE
    assert rows(at) == [(*row[:5], RUNNING, *row[6:]) for row in FINISHED]
    assert CARRY_TWO not in buttons(at)


# ---------------------------------------------------------------- the form
def test_a_goal_created_through_the_form_is_read_back(app_test, hand_built):
    aino = staff_id(hand_built, "Aino Aalto")
    at = open_page(app_test, hand_built)
    assert forms(at)[0].label == "Uusi tavoite neljännekselle 2025Q3"
    # A measure with only a team figure: only the whole team can be chosen.
    run(form_field(at, "selectbox", "measure").select("clients_referred"))
    # The chosen measure's name opens its definition, over the running quarter so far.
    assert form_field(at, "selectbox", "measure").help == goal_definition(
        "clients_referred", "fi", date(2025, 7, 1), AS_OF
    )
    staff = form_field(at, "selectbox", "staff")
    assert staff.options == [TEAM]
    assert staff.help == "Tälle mittarille on vain koko tiimin luku."
    # A measure with a coach's figure: the staff employed on 15.7.2025 (Dora has left).
    run(form_field(at, "selectbox", "measure").select("employer_contacts_per_week"))
    assert form_field(at, "selectbox", "staff").options == [
        TEAM,
        "Aino Aalto",
        "Bea Berg",
        "Leena Lahti",
    ]
    note = "Alkuun kolme käyntiä viikossa"
    fill_form(at, "employer_contacts_per_week", 6.0, aino, "Leena Lahti", note)
    save_form(at)
    assert [x.value for x in at.success] == ["Tavoite tallennettu."]
    assert not at.error
    assert stored(hand_built, "T1", RUNS)[-1] == (
        "employer_contacts_per_week",
        "Aino Aalto",
        6.0,
        "Leena Lahti",
        note,
    )
    assert len(stored(hand_built, "T1", RUNS)) == 3
    # Aino's face-to-face contacts in the one full week 7.–13.7.: 3 (the phone call not).
    assert rows(at) == [
        (CASELOAD, TEAM, AT_MOST, "20,0", "19,3", RUNNING, "–", ""),
        (CONTACTS, "Aino Aalto", AT_LEAST, "6,0", "3,0", RUNNING, "Leena Lahti", note),
        (EMPLOYED, TEAM, AT_LEAST, "2", "1", RUNNING, "–", ""),
    ]
    # The form is empty again.
    assert form_field(at, "selectbox", "measure").value == "caseload_ratio"
    assert form_field(at, "number_input", "target").value is None
    assert form_field(at, "selectbox", "staff").value is None
    assert form_field(at, "text_input", "owner").value == ""
    assert form_field(at, "text_input", "note").value == ""


@pytest.mark.parametrize(
    ("quarter", "staff"),
    [(RUNS, None), (DONE, "Bea Berg")],
    ids=["whole-team", "coach"],
)
def test_a_second_goal_on_the_same_measure_is_refused(app_test, hand_built, quarter, staff):
    """2025Q3 has the team's caseload goal, 2025Q2 also Bea's: a second one is refused with
    the message beside the measure, and nothing is written."""
    before = goal_count(hand_built)
    goals_before = stored(hand_built, "T1", quarter)
    at = open_page(app_test, hand_built)
    if quarter != RUNS:
        choose_quarter(at, quarter)
    shown = rows(at)
    who = None if staff is None else staff_id(hand_built, staff)
    fill_form(at, "caseload_ratio", 18.0, who, "Leena Lahti")
    save_form(at)
    assert [x.value for x in at.error] == [DUPLICATE.format(quarter=quarter)]
    assert not at.success
    assert goal_count(hand_built) == before
    assert stored(hand_built, "T1", quarter) == goals_before
    assert rows(at) == shown
    # Nothing typed is lost.
    assert form_field(at, "number_input", "target").value == 18.0
    assert form_field(at, "selectbox", "staff").value == who
    assert form_field(at, "text_input", "owner").value == "Leena Lahti"


@pytest.mark.parametrize(
    ("measure", "low", "high", "target", "message"),
    [
        # Outside the widget's bounds the typed value does not reach the page: the target
        # is missing (the service's own range check is behind it).
        ("feedback_mean", 1.0, 5.0, 6.0, None),
        ("coaching_share", 0.0, 100.0, 100.5, None),
        ("caseload_ratio", 0.0, 100.0, -1.0, None),
        # A count must be whole.
        ("clients_referred", 0.0, 10_000.0, 2.5, "Tavoite: ”2.5” ei ole kokonaisluku"),
    ],
)
def test_a_target_out_of_range_is_refused(
    app_test, hand_built, measure, low, high, target, message
):
    before = goal_count(hand_built)
    at = open_page(app_test, hand_built)
    choose_quarter(at, "2025Q4")  # a quarter without goals: nothing else to refuse
    run(form_field(at, "selectbox", "measure").select(measure))
    box = form_field(at, "number_input", "target")
    assert (box.min, box.max) == (low, high)
    fill_form(at, measure, target, None, "Leena Lahti")
    save_form(at)
    errors = [x.value for x in at.error]
    assert [e.split(": ")[0] for e in errors] == ["Tavoite"]
    if message is not None:
        assert errors == [message]
    assert not at.success
    assert goal_count(hand_built) == before
    assert [x.body for x in at.info] == [
        "Neljännekselle 2025Q4 ei ole vielä asetettu tavoitteita. Aseta ensimmäinen alta "
        "kohdasta Uusi tavoite."
    ]


@pytest.mark.parametrize("measure", ["feedback_mean", "clients_referred"])
def test_the_target_range_is_written_as_finnish_numbers(app_test, hand_built, measure):
    at = open_page(app_test, hand_built)
    run(form_field(at, "selectbox", "measure").select(measure))
    help_text = form_field(at, "number_input", "target").help
    assert help_text.startswith("Sallittu väli ")
    assert "." not in help_text.removesuffix(".")


# ---------------------------------------------------------------- carrying over
CARRIED = "Siirretty vuosineljännekseltä 2025Q2."


def test_unmet_goals_are_carried_over_once(app_test, hand_built):
    at = open_page(app_test, hand_built)
    choose_quarter(at, DONE)
    before = goal_count(hand_built)
    run(at.button(key="goals.carry").click())
    assert [x.value for x in at.success] == ["Siirrettyjä tavoitteita neljännekselle 2025Q3: 2."]
    # Bea's caseload and the team's referrals, with their targets, owners and a note saying
    # where they came from; the goals of 2025Q2 stay as they were.
    assert stored(hand_built, "T1", RUNS) == [
        ("clients_employed", None, 2.0, None, None),
        ("caseload_ratio", None, 20.0, None, None),
        ("caseload_ratio", "Bea Berg", 20.0, "Bea Berg", CARRIED),
        ("clients_referred", None, 5.0, "Leena Lahti", f"{CARRIED} {INFO}"),
    ]
    g = m.QuarterlyGoal
    with hand_built.read() as s:
        came_from = s.execute(
            select(g.measure, g.staff_id, g.carried_from_id).where(g.quarter == RUNS)
        ).all()
        sources = {
            row.id: (row.quarter, row.measure, row.staff_id)
            for row in s.execute(select(g)).scalars()
        }
    bea = staff_id(hand_built, "Bea Berg")
    assert sorted(
        (measure, who, sources[source]) for measure, who, source in came_from if source
    ) == [
        ("caseload_ratio", bea, (DONE, "caseload_ratio", bea)),
        ("clients_referred", None, (DONE, "clients_referred", None)),
    ]
    assert goal_count(hand_built) == before + 2
    assert stored(hand_built, "T2", RUNS) == []  # T2's unmet goal stays in T2's 2025Q2
    assert rows(at) == FINISHED

    # Pressing again adds nothing (or the button is gone).
    if CARRY_TWO in buttons(at):
        run(at.button(key="goals.carry").click())
        assert [x.value for x in at.success] == [
            "Siirrettyjä tavoitteita neljännekselle 2025Q3: 0."
        ]
    assert goal_count(hand_built) == before + 2

    # 2025Q3 shows them running: Bea still has 12 clients on 0,5 FTE; N004 and N005.
    choose_quarter(at, RUNS)
    assert rows(at) == [
        (CASELOAD, TEAM, AT_MOST, "20,0", "19,3", RUNNING, "–", ""),
        (CASELOAD, "Bea Berg", AT_MOST, "20,0", "24,0", RUNNING, "Bea Berg", CARRIED),
        (REFERRED, TEAM, AT_LEAST, "5", "2", RUNNING, "Leena Lahti", f"{CARRIED} {INFO}"),
        (EMPLOYED, TEAM, AT_LEAST, "2", "1", RUNNING, "–", ""),
    ]
    assert "goals.carry" not in [b.key for b in at.button]


def test_the_carry_over_button_counts_only_what_it_carries(app_test, hand_built):
    """2025Q3 already has a referrals goal of the team: only Bea's caseload can be carried."""
    with hand_built.write() as s:
        s.add(
            m.QuarterlyGoal(
                team_id=team_id(hand_built, "T1"),
                quarter=RUNS,
                measure="clients_referred",
                target=4.0,
            )
        )
    at = open_page(app_test, hand_built)
    choose_quarter(at, DONE)
    assert buttons(at)[0] == "Siirrä täyttymättömät tavoitteet (1) neljännekselle 2025Q3"
    run(at.button(key="goals.carry").click())
    assert [x.value for x in at.success] == ["Siirrettyjä tavoitteita neljännekselle 2025Q3: 1."]
    assert "goals.carry" not in [b.key for b in at.button]


# ---------------------------------------------------------------- deleting
def test_a_goal_is_deleted(app_test, hand_built):
    with hand_built.read() as s:
        running = service.goals(s, team_id(hand_built, "T1"), RUNS, AS_OF)
    caseload, employed = (r.id for r in running)
    at = open_page(app_test, hand_built)
    assert forms(at)[1].label == "Poista tavoite"
    choice = at.selectbox(key=DELETE_CHOICE.format(quarter=RUNS))
    assert choice.options == [f"{CASELOAD} – koko tiimi", f"{EMPLOYED} – koko tiimi"]
    choice.set_value(employed)
    run(at.button(key="goals.delete").click())
    assert [x.value for x in at.success] == ["Tavoite poistettu."]
    assert stored(hand_built, "T1", RUNS) == [("caseload_ratio", None, 20.0, None, None)]
    assert rows(at) == [(CASELOAD, TEAM, AT_MOST, "20,0", "19,3", RUNNING, "–", "")]
    assert len(stored(hand_built, "T1", DONE)) == 7  # the other quarter is untouched
    assert len(stored(hand_built, "T2", DONE)) == 1

    # The last one: the quarter has no goals, and the page says so.
    at.selectbox(key=DELETE_CHOICE.format(quarter=RUNS)).set_value(caseload)
    run(at.button(key="goals.delete").click())
    assert stored(hand_built, "T1", RUNS) == []
    assert [x.body for x in at.info] == [
        "Neljännekselle 2025Q3 ei ole vielä asetettu tavoitteita. Aseta ensimmäinen alta "
        "kohdasta Uusi tavoite."
    ]
    assert not at.dataframe
    assert [e.label for e in forms(at)] == ["Uusi tavoite neljännekselle 2025Q3"]


# -------------------------------------------------------------------------- the demo
def expected_rows(listed: list[service.GoalRow]) -> list[tuple]:
    """The table of `listed` as the page words it in Finnish."""

    def shown(value, measure) -> str:
        if value is None:
            return "–"
        return format_number(value, 0 if measure in service.WHOLE_TARGETS else 1, "fi")

    def status(row) -> str:
        if row.met is None:
            return "–" if row.final else RUNNING
        return MET if row.met else NOT_MET

    return [
        (
            FI.enum(r.measure, GoalMeasure),
            r.staff_name or TEAM,
            AT_MOST if r.lower_is_better else AT_LEAST,
            shown(r.target, r.measure),
            shown(r.actual, r.measure),
            status(r),
            r.owner or "–",
            r.note or "",
        )
        for r in listed
    ]


def test_the_demo_shows_what_the_goals_compute(app_test, demo_copy):
    at = open_page(app_test, demo_copy, DEMO_END, team=None)
    with demo_copy.read() as s:
        (demo,) = s.execute(select(m.Team.id)).scalars().all()
        running = service.goals(s, demo, quarter_of(DEMO_END), DEMO_END)
        previous = quarter_of(DEMO_END - timedelta(days=91))
        finished = service.goals(s, demo, previous, DEMO_END)
    # 30.6.2026 is the last day of 2026Q2: it still runs.
    assert at.selectbox(key=QUARTER).value == "2026Q2" and previous == "2026Q1"
    assert running and all(r.met is None and not r.final for r in running)
    assert rows(at) == expected_rows(running)
    assert {row[5] for row in rows(at)} == {RUNNING}
    assert all(row[4] != "–" for row in rows(at))  # every demo goal has an actual

    choose_quarter(at, previous)
    assert finished and all(r.final for r in finished)
    assert rows(at) == expected_rows(finished)
    assert {row[5] for row in rows(at)} <= {MET, NOT_MET}
    # Unmet goals the running quarter does not have yet are offered for carrying over.
    already = {(r.measure, r.staff_id) for r in running}
    unmet = sum(r.met is False and (r.measure, r.staff_id) not in already for r in finished)
    carry = f"Siirrä täyttymättömät tavoitteet ({unmet}) neljännekselle 2026Q2"
    assert (carry in buttons(at)) == (unmet > 0)


# ------------------------------------------------------------------ other languages
@pytest.mark.parametrize(
    ("language", "title", "columns", "directions", "statuses"),
    [
        (
            "sv",
            "Mål",
            ["Mätare", "För", "Riktning", "Mål", "Utfall", "Läge", "Ansvarsperson", "Anmärkning"],
            ("högst", "minst"),
            ("✓ uppfylldes", "⚠ uppfylldes inte"),
        ),
        (
            "en",
            "Goals",
            [
                "Measure",
                "For",
                "Direction",
                "Target",
                "Actual",
                "Status",
                "Person responsible",
                "Note",
            ],
            ("at most", "at least"),
            ("✓ met", "⚠ not met"),
        ),
    ],
)
def test_the_page_in_swedish_and_english(
    app_test, hand_built, language, title, columns, directions, statuses
):
    at = open_page(app_test, hand_built, lang=language)
    assert at.title[0].value == title
    choose_quarter(at, DONE)
    (table,) = at.dataframe
    assert list(table.value.columns) == columns
    at_most, at_least = directions
    met, not_met = statuses
    assert list(table.value[columns[2]]) == [at_most] * 3 + [at_least] * 4
    assert list(table.value[columns[5]]) == [met, met, not_met, not_met, met, met, "–"]
    t = Translator(language)
    assert t("goals.carry_over", count=2, quarter=RUNS) in buttons(at)
    assert table.value[columns[1]].iloc[0] == t("goals.whole_team")
    # No key shown in place of a text.
    shown = [x.value for x in at.main.caption] + [e.label for e in at.expander]
    shown += [b.label for b in at.main.button] + [w.label for w in at.selectbox]
    shown += [w.label for w in at.number_input] + [w.label for w in at.text_input]
    assert not [text for text in shown if "goals." in text]


# ------------------------------------------------------------------- nothing to show
def test_an_empty_database_says_there_is_no_team(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database, team=None)
    assert at.title[0].value == "Tavoitteet"
    assert [x.body for x in at.info] == [translate("records.no_team", "fi")]
    # Only the page's guide above it: no table, no form.
    assert [e.label for e in at.expander] == ["Näin sivua käytetään"]
    assert not at.dataframe and not at.main.button
    assert not at.error and not at.warning and not at.success


def test_a_team_without_goals_says_so_in_words(app_test, hand_built):
    with hand_built.write() as s:
        DatabaseBuilder(s).team("Tiimi T0", key="T0")
    at = open_page(app_test, hand_built, team="T0")
    assert [x.body for x in at.info] == [
        "Neljännekselle 2025Q3 ei ole vielä asetettu tavoitteita. Aseta ensimmäinen alta "
        "kohdasta Uusi tavoite."
    ]
    assert not at.dataframe and not at.error and not at.warning and not at.success
    assert [x.value for x in at.main.caption] == []  # no actual to explain
    # Only the form for a new goal, open; for a team without staff only the whole team.
    assert [(e.label, e.proto.expanded) for e in forms(at)] == [
        ("Uusi tavoite neljännekselle 2025Q3", True)
    ]
    assert buttons(at) == ["Tallenna tavoite"]
    assert form_field(at, "selectbox", "staff").options == [TEAM]

    # The first goal: the table takes the message's place.
    fill_form(at, "clients_referred", 3.0)
    save_form(at)
    assert [x.value for x in at.success] == ["Tavoite tallennettu."]
    assert not at.info
    assert rows(at) == [(REFERRED, TEAM, AT_LEAST, "3", "0", RUNNING, "–", "")]
    assert stored(hand_built, "T0", RUNS) == [("clients_referred", None, 3.0, None, None)]


def test_a_quarter_of_the_team_without_goals_says_so(app_test, hand_built):
    at = open_page(app_test, hand_built)
    for quarter in ("2025Q1", "2025Q4"):
        choose_quarter(at, quarter)
        assert [x.body for x in at.info] == [
            f"Neljännekselle {quarter} ei ole vielä asetettu tavoitteita. Aseta ensimmäinen alta "
            "kohdasta Uusi tavoite."
        ]
        assert not at.dataframe and "goals.carry" not in [b.key for b in at.button]
        assert forms(at)[0].label == f"Uusi tavoite neljännekselle {quarter}"
