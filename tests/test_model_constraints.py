"""Every constraint of the data model rejects bad data, on SQLite and on PostgreSQL.

Each case inserts a row that breaks exactly one constraint (in its own transaction,
which must fail with IntegrityError naming that constraint) and a neighbouring valid
row (which must be stored), so that each test shows where the boundary lies.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import CheckConstraint, UniqueConstraint, delete, func, inspect, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import SQLModel

from ote import enums
from ote import models as m
from ote.models.fidelity import SUBCRITERIA_COUNT

D = date(2026, 1, 5)  # the referral date of the graph's client and the default date of rows
_serial = itertools.count(1)


# ------------------------------------------------------------------------ helpers
@dataclass(frozen=True)
class Graph:
    """Ids of a minimal valid set of rows that the rows under test can refer to."""

    team: int
    other_team: int
    coach: int
    other_coach: int
    source: int
    other_source: int
    client: int
    employer: int
    job: int
    period: int
    assessment: int
    other_assessment: int
    team_meeting: int
    steering_meeting: int
    action: int


def _defaults(table: str, g: Graph, n: int) -> dict:
    """Valid column values for a new row of `table` (keys made unique with `n`)."""
    return {
        "team": lambda: {"key": f"team-{n}", "name": f"Team {n}"},
        "staff": lambda: {
            "key": f"staff-{n}",
            "team_id": g.team,
            "name": f"Coach {n}",
            "role": "coach",
            "fte": 1.0,
        },
        "referral_source": lambda: {
            "key": f"source-{n}",
            "team_id": g.team,
            "name": f"Source {n}",
            "kind": "adult_social_work",
        },
        "client": lambda: {
            "team_id": g.team,
            "code": f"AS-{n:04d}",
            "coach_id": g.coach,
            "source_id": g.source,
            "referral_date": D,
        },
        "client_plan": lambda: {"client_id": g.client, "kind": "vocational_profile", "date": D},
        "module_episode": lambda: {"client_id": g.client, "module": "1", "start_date": D},
        "coaching_period": lambda: {
            "client_id": g.client,
            "start_date": D,
            "end_date": date(2026, 4, 5),
        },
        "coaching_period_goal": lambda: {"period_id": g.period, "goal": "realistic_plan"},
        "client_contact": lambda: {
            "client_id": g.client,
            "staff_id": g.coach,
            "date": D,
            "kind": "meeting",
        },
        "feedback": lambda: {"client_id": g.client, "date": D, "score": 4},
        "employer": lambda: {"key": f"employer-{n}", "name": f"Employer {n}"},
        "employer_contact": lambda: {
            "date": D,
            "staff_id": g.coach,
            "employer_id": g.employer,
            "face_to_face": True,
        },
        "job": lambda: {
            "key": f"job-{n}",
            "client_id": g.client,
            "employer_id": g.employer,
            "title": "Varastotyöntekijä",
            "job_type": "warehouse",
            "start_date": D,
            "competitive": True,
            "permanent": False,
        },
        "fidelity_assessment": lambda: {"key": f"assessment-{n}", "team_id": g.team, "date": D},
        "fidelity_item_score": lambda: {"assessment_id": g.assessment, "item": 1},
        "fidelity_subcriterion": lambda: {"assessment_id": g.assessment, "item": 5, "number": 1},
        "employer_log_review": lambda: {
            "team_id": g.team,
            "week_start": D + timedelta(weeks=n),
            "reviewed_on": D + timedelta(weeks=n, days=7),
            "reviewer_id": g.coach,
        },
        "quarterly_goal": lambda: {
            "team_id": g.team,
            "quarter": "2026Q3",
            "measure": "caseload_ratio",
            "target": 20.0,
        },
        "team_meeting": lambda: {"team_id": g.team, "date": D, "kind": "mdt_meeting"},
        "team_meeting_attendee": lambda: {"meeting_id": g.team_meeting, "staff_id": g.coach},
        "team_meeting_decision": lambda: {
            "meeting_id": g.team_meeting,
            "number": n + 1,
            "text": "Sovittiin",
            "owner_id": g.coach,
        },
        "steering_meeting": lambda: {"key": f"steering-{n}", "team_id": g.team, "date": D},
        "steering_action": lambda: {"key": f"action-{n}", "team_id": g.team, "title": "Act"},
        "steering_action_item": lambda: {"action_id": g.action, "item": 1},
        "steering_action_note": lambda: {"action_id": g.action, "date": D, "text": "Edistyy"},
        "app_setting": lambda: {"key": f"app-setting-{n}", "value": 5},
        "team_setting": lambda: {"team_id": g.team, "key": f"setting-{n}", "value": {"days": 90}},
        "audit_log": lambda: {"actor": "tester", "action": "view", "entity": "client"},
        "user_account": lambda: {
            "username": f"user-{n}",
            "role": "coach",
            "team_id": g.team,
            "staff_id": g.coach,
        },
        "result_archive": lambda: {
            "team_id": g.team,
            "label": f"{2000 + n}",
            "first": date(2000 + n, 1, 1),
            "last": date(2000 + n, 12, 31),
            "figures": {"referred": 1},
            "purged_before": date(2026, 1, 1),
        },
    }[table]()


MODELS: dict[str, type[SQLModel]] = {
    model.__tablename__: model
    for model in (
        m.AuditLog,
        m.Client,
        m.ClientContact,
        m.ClientPlan,
        m.CoachingPeriod,
        m.CoachingPeriodGoal,
        m.Employer,
        m.EmployerContact,
        m.EmployerLogReview,
        m.Feedback,
        m.FidelityAssessment,
        m.FidelityItemScore,
        m.FidelitySubcriterion,
        m.Job,
        m.ModuleEpisode,
        m.QuarterlyGoal,
        m.ReferralSource,
        m.Staff,
        m.SteeringAction,
        m.SteeringActionItem,
        m.SteeringActionNote,
        m.SteeringMeeting,
        m.AppSetting,
        m.Team,
        m.TeamMeeting,
        m.TeamMeetingAttendee,
        m.TeamMeetingDecision,
        m.TeamSetting,
        m.UserAccount,
        m.ResultArchive,
    )
}


def row(table: str, g: Graph, **values) -> SQLModel:
    """A new, not yet stored row of `table`: valid defaults overridden by `values`."""
    return MODELS[table](**{**_defaults(table, g, next(_serial)), **values})


def _add(session, obj: SQLModel) -> int:
    session.add(obj)
    session.flush()
    return obj.id


def build_graph(database) -> Graph:
    """Two teams with a coach and a referral source each, a client with a job, a coaching
    period, two fidelity assessments, a team meeting, a steering meeting and an action."""
    with database.write() as s:
        team = _add(s, m.Team(key="TEAM-A", name="Tiimi A"))
        other_team = _add(s, m.Team(key="TEAM-B", name="Tiimi B"))
        coach = _add(s, m.Staff(key="STAFF-A", team_id=team, name="Coach A", role="coach", fte=1.0))
        other_coach = _add(
            s, m.Staff(key="STAFF-B", team_id=other_team, name="Coach B", role="coach", fte=0.8)
        )
        source = _add(
            s, m.ReferralSource(key="SRC-A", team_id=team, name="Aikuissosiaalityö", kind="other")
        )
        other_source = _add(
            s,
            m.ReferralSource(key="SRC-B", team_id=other_team, name="Työkykytiimi", kind="other"),
        )
        client = _add(
            s,
            m.Client(
                team_id=team,
                code="GRAPH-1",  # outside the AS-nnnn codes that row() makes
                coach_id=coach,
                source_id=source,
                referral_date=D,
                service_start=D,
            ),
        )
        employer = _add(s, m.Employer(key="EMP-1", name="Kauppa Oy"))
        job = _add(
            s,
            m.Job(
                key="JOB-1",
                client_id=client,
                employer_id=employer,
                title="Myyjä",
                job_type="retail",
                start_date=D,
                competitive=True,
                permanent=True,
            ),
        )
        period = _add(
            s, m.CoachingPeriod(client_id=client, start_date=D, end_date=date(2026, 4, 5))
        )
        assessment = _add(s, m.FidelityAssessment(key="FA-1", team_id=team, date=D))
        other_assessment = _add(s, m.FidelityAssessment(key="FA-2", team_id=team, date=D))
        team_meeting = _add(s, m.TeamMeeting(team_id=team, date=D, kind="mdt_meeting"))
        steering_meeting = _add(s, m.SteeringMeeting(key="SM-1", team_id=team, date=D))
        action = _add(s, m.SteeringAction(key="SA-1", team_id=team, title="Lisää työnantajia"))
    return Graph(
        team=team,
        other_team=other_team,
        coach=coach,
        other_coach=other_coach,
        source=source,
        other_source=other_source,
        client=client,
        employer=employer,
        job=job,
        period=period,
        assessment=assessment,
        other_assessment=other_assessment,
        team_meeting=team_meeting,
        steering_meeting=steering_meeting,
        action=action,
    )


@pytest.fixture
def graph(database) -> Graph:
    return build_graph(database)


def insert(database, *objects: SQLModel) -> None:
    with database.write() as session:
        session.add_all(objects)


def assert_rejected(database, obj: SQLModel, fragment: str) -> None:
    """Inserting `obj` fails with an IntegrityError whose message contains `fragment`."""
    with pytest.raises(IntegrityError) as caught, database.write() as session:
        session.add(obj)
    assert fragment in str(caught.value.orig)


def count(database, model: type[SQLModel], *where) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(model).where(*where)
        ).scalar_one()


# -------------------------------------------------------------- check constraints
def _check(table: str, constraint: str, ok: dict, bad: dict, id: str):
    return pytest.param(table, f"ck_{table}_{constraint}", ok, bad, id=id)


def _unknown_value(table: str, column: str, allowed) -> str:
    """A value the column can hold (it fits its length) that is not one of `allowed`."""
    length = MODELS[table].__table__.c[column].type.length
    return next(v for v in ("other", "unknown", "3C") if v not in allowed and len(v) <= length)


def _one_of_cases():
    """One case per one_of() CHECK: the first allowed value against an unknown one."""
    for table, column, allowed in ONE_OF:
        bad = _unknown_value(table, column, allowed)
        yield _check(
            table, f"{column}_valid", {column: allowed[0]}, {column: bad}, f"{table}.{column}"
        )


def _not_blank_cases():
    for table, column in NOT_BLANK:
        for label, bad in (("empty", ""), ("spaces", "   ")):
            yield _check(
                table,
                f"{column}_not_blank",
                {column: "x"},
                {column: bad},
                f"{table}.{column}-{label}",
            )


def _dates(later: str, earlier: str, *, on: date = D, **extra) -> tuple[dict, dict]:
    """(`later` on the same day as `earlier`, `later` one day before `earlier`)."""
    before = date.fromordinal(on.toordinal() - 1)
    return {**extra, earlier: on, later: on}, {**extra, earlier: on, later: before}


def _not_before_cases():
    for table, later, earlier, extra in NOT_BEFORE:
        ok, bad = _dates(later, earlier, **extra)
        yield _check(table, f"{later}_not_before_{earlier}", ok, bad, f"{table}.{later}<{earlier}")


ONE_OF: list[tuple[str, str, tuple[str, ...]]] = [
    ("audit_log", "action", enums.values(enums.AuditAction)),
    ("staff", "role", enums.values(enums.StaffRole)),
    ("referral_source", "kind", enums.values(enums.SourceKind)),
    ("client", "framing", enums.values(enums.Framing)),
    ("client_plan", "kind", enums.values(enums.PlanKind)),
    ("module_episode", "module", enums.values(enums.Module)),
    ("module_episode", "decision", enums.MODULE_DECISIONS),
    ("coaching_period", "feedback", enums.values(enums.CoachingPeriodFeedback)),
    ("coaching_period_goal", "goal", enums.values(enums.CoachingGoal)),
    ("client_contact", "kind", enums.values(enums.ClientContactKind)),
    ("client_contact", "place", enums.values(enums.Place)),
    ("employer_contact", "purpose", enums.values(enums.EmployerContactPurpose)),
    ("employer_contact", "outcome", enums.values(enums.EmployerContactOutcome)),
    ("fidelity_assessment", "kind", enums.values(enums.AssessmentKind)),
    ("fidelity_assessment", "status", enums.values(enums.AssessmentStatus)),
    ("team_meeting", "kind", enums.values(enums.MeetingKind)),
    ("team_meeting_decision", "status", enums.values(enums.DecisionStatus)),
    ("steering_action", "status", enums.values(enums.ActionStatus)),
    ("user_account", "role", enums.values(enums.UserRole)),
]

NOT_BLANK: list[tuple[str, str]] = [
    ("team", "key"),
    ("team", "name"),
    ("staff", "key"),
    ("staff", "name"),
    ("referral_source", "key"),
    ("referral_source", "name"),
    ("employer", "key"),
    ("employer", "name"),
    ("job", "key"),
    ("job", "title"),
    ("job", "job_type"),
    ("fidelity_assessment", "key"),
    ("quarterly_goal", "measure"),
    ("steering_meeting", "key"),
    ("steering_action", "key"),
    ("steering_action", "title"),
    ("team_meeting_decision", "text"),
    ("user_account", "username"),
]

NOT_BEFORE: list[tuple[str, str, str, dict]] = [
    ("staff", "end_date", "start_date", {}),
    ("client", "service_start", "referral_date", {}),
    ("client", "service_end", "service_start", {"referral_date": date(2025, 12, 1)}),
    ("module_episode", "end_date", "start_date", {}),
    ("module_episode", "assessed_on", "start_date", {}),
    ("coaching_period", "end_date", "start_date", {}),
    ("job", "end_date", "start_date", {}),
    ("steering_action", "due_date", "created_on", {}),
    ("steering_action", "done_on", "created_on", {}),
    ("employer_log_review", "reviewed_on", "week_start", {}),
    ("result_archive", "last", "first", {}),
]

RANGES = [
    _check("staff", "fte_range", {"fte": 1.0}, {"fte": 1.01}, "staff.fte>1"),
    _check("staff", "fte_range", {"fte": 0.0}, {"fte": -0.01}, "staff.fte<0"),
    _check(
        "staff",
        "coaching_share_range",
        {"coaching_share": 1.0},
        {"coaching_share": 1.01},
        "staff.coaching_share>1",
    ),
    _check(
        "staff",
        "coaching_share_range",
        {"coaching_share": 0.0},
        {"coaching_share": -0.5},
        "staff.coaching_share<0",
    ),
    _check("client_contact", "minutes_range", {"minutes": 1440}, {"minutes": 1441}, "minutes>1440"),
    _check("client_contact", "minutes_range", {"minutes": 0}, {"minutes": -1}, "minutes<0"),
    _check(
        "job",
        "hours_per_week_range",
        {"hours_per_week": 168},
        {"hours_per_week": 168.5},
        "hours_per_week>168",
    ),
    _check(
        "job",
        "hours_per_week_range",
        {"hours_per_week": 0},
        {"hours_per_week": -1},
        "hours_per_week<0",
    ),
    _check("feedback", "score_range", {"score": 5}, {"score": 6}, "feedback.score>5"),
    _check("feedback", "score_range", {"score": 1}, {"score": 0}, "feedback.score<1"),
    _check("fidelity_item_score", "item_range", {"item": 25}, {"item": 26}, "item_score.item>25"),
    _check("fidelity_item_score", "item_range", {"item": 1}, {"item": 0}, "item_score.item<1"),
    _check("fidelity_item_score", "score_range", {"score": 5}, {"score": 6}, "item_score.score>5"),
    _check("fidelity_item_score", "score_range", {"score": 1}, {"score": 0}, "item_score.score<1"),
    _check(
        "fidelity_item_score",
        "suggested_score_range",
        {"suggested_score": 5},
        {"suggested_score": 6},
        "item_score.suggested_score>5",
    ),
    _check(
        "fidelity_item_score",
        "suggested_score_range",
        {"suggested_score": 1},
        {"suggested_score": 0},
        "item_score.suggested_score<1",
    ),
    _check(
        "fidelity_subcriterion",
        "item_has_subcriteria",
        {"item": 25},
        {"item": 6},
        "subcriterion.item-6",
    ),
    _check(
        "fidelity_subcriterion",
        "item_has_subcriteria",
        {"item": 13},
        {"item": 12},
        "subcriterion.item-12",
    ),
    # Each item has its own number of sub-criteria: 5 → five, 13 → four, 25 → six.
    _check(
        "fidelity_subcriterion",
        "number_range",
        {"item": 5, "number": 5},
        {"item": 5, "number": 6},
        "subcriterion.5.6",
    ),
    _check(
        "fidelity_subcriterion",
        "number_range",
        {"item": 13, "number": 4},
        {"item": 13, "number": 5},
        "subcriterion.13.5",
    ),
    _check(
        "fidelity_subcriterion",
        "number_range",
        {"item": 25, "number": 6},
        {"item": 25, "number": 7},
        "subcriterion.25.7",
    ),
    _check(
        "fidelity_subcriterion", "number_range", {"number": 1}, {"number": 0}, "subcriterion.n<1"
    ),
    _check("steering_action_item", "item_range", {"item": 25}, {"item": 26}, "action_item>25"),
    _check("steering_action_item", "item_range", {"item": 1}, {"item": 0}, "action_item<1"),
    _check("team_meeting_decision", "number_range", {"number": 999}, {"number": 1000}, "n>999"),
    _check("team_meeting_decision", "number_range", {"number": 1}, {"number": 0}, "n<1"),
]

QUARTERS = [
    _check("quarterly_goal", "quarter_format", {"quarter": ok}, {"quarter": bad}, f"{bad!r}")
    for ok, bad in [
        ("2026Q3", "2026Q5"),
        ("2026Q4", "2026Q0"),
        ("2026Q1", "2026-3"),
        ("2026Q1", "26Q1"),
        ("2026Q2", "2026q2"),
        ("2000Q1", "1999Q4"),
        ("2999Q4", "3000Q1"),
        ("2026Q1", "20ZZQ1"),
        ("2026Q1", "20:0Q1"),
    ]
]

CLIENT_CODES = [
    _check("client", constraint, {"code": ok}, {"code": bad}, f"{bad!r}")
    for constraint, ok, bad in [
        ("code_length", "ABC", "AB"),
        ("code_characters", "AS-1234", "Matti Virtanen"),
        ("code_characters", "ÄÖ-12", "abc_1"),
        ("code_characters", "åäö-ÅÄÖ", "AS/1234"),
        ("code_characters", "as-99", "AS.1234"),
        ("code_characters", "AS-0099", "ÉMILE-1"),
    ]
]

OTHER_CHECKS = [
    _check(
        "client",
        "end_needs_start",
        {"service_start": D, "service_end": D},
        {"service_start": None, "service_end": D},
        "client.end_without_start",
    ),
    _check(
        "fidelity_assessment",
        "final_has_finalised_at",
        {"status": "final", "finalised_at": datetime(2026, 1, 5, 12, tzinfo=UTC)},
        {"status": "final", "finalised_at": None},
        "assessment.final_without_finalised_at",
    ),
    _check(
        "user_account",
        "team_needed",
        {"role": "admin", "team_id": None, "staff_id": None},
        {"role": "team_leader", "team_id": None, "staff_id": None},
        "account.leader_without_team",
    ),
    _check(
        "user_account",
        "staff_needed",
        {"role": "team_leader", "staff_id": None},
        {"role": "job_finder", "staff_id": None},
        "account.job_finder_without_staff",
    ),
    _check(
        "user_account",
        "failed_attempts_range",
        {"failed_attempts": 0},
        {"failed_attempts": -1},
        "account.failed_attempts<0",
    ),
    _check(
        "team_meeting_decision",
        "open_not_closed",
        {"status": "open", "closed_on": None},
        {"status": "open", "closed_on": D},
        "decision.open_with_closed_on",
    ),
]

CHECK_CASES = [
    *_one_of_cases(),
    *_not_blank_cases(),
    *_not_before_cases(),
    *RANGES,
    *QUARTERS,
    *CLIENT_CODES,
    *OTHER_CHECKS,
]


@pytest.mark.parametrize(("table", "constraint", "ok", "bad"), CHECK_CASES)
def test_check_constraint_rejects_bad_data(database, graph, table, constraint, ok, bad):
    assert_rejected(database, row(table, graph, **bad), constraint)
    before = count(database, MODELS[table])
    insert(database, row(table, graph, **ok))
    assert count(database, MODELS[table]) == before + 1


@pytest.mark.parametrize(
    ("table", "column", "constraint", "longest", "too_long"),
    [
        pytest.param("client", "code", "code_length", "A" * 20, "A" * 21, id="client.code"),
        pytest.param(
            "quarterly_goal", "quarter", "quarter_format", "2026Q2", "2026Q22", id="quarter"
        ),
    ],
)
def test_too_long_value_is_rejected(
    database, backend, graph, table, column, constraint, longest, too_long
):
    """SQLite does not enforce VARCHAR lengths, so the CHECK does; PostgreSQL's column
    length refuses the value first (DataError, before any CHECK is evaluated)."""
    error = IntegrityError if backend == "sqlite" else DataError
    with pytest.raises(error) as caught, database.write() as session:
        session.add(row(table, graph, **{column: too_long}))
    expected = f"ck_{table}_{constraint}" if backend == "sqlite" else "value too long"
    assert expected in str(caught.value.orig)
    insert(database, row(table, graph, **{column: longest}))


def test_every_check_constraint_has_a_case():
    """A new CHECK in the models needs a case above (and shows up here until it has one)."""
    declared = {
        (table.name, constraint.name)
        for table in m.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    covered = {(case.values[0], case.values[1]) for case in CHECK_CASES}
    covered |= {(table, f"ck_{table}_{column}_length") for table, column, _ in LENGTH_COLUMNS}
    assert covered == declared


# The length CHECK of every text column declared with a length (see add_length_checks).
LENGTH_COLUMNS = [
    (table.name, column.name, column.type.length)
    for table in m.metadata.sorted_tables
    for column in table.columns
    if getattr(column.type, "length", None)
]
# Columns whose other checks refuse a value of just any letters (enumerations, formats).
FORMATTED = {
    (table.name, str(c.name).removeprefix(f"ck_{table.name}_").removesuffix("_valid"))
    for table in m.metadata.tables.values()
    for c in table.constraints
    if isinstance(c, CheckConstraint) and str(c.name).endswith("_valid")
} | {("client", "code"), ("quarterly_goal", "quarter")}


@pytest.mark.parametrize(
    ("table", "column", "length"),
    [pytest.param(t, c, n, id=f"{t}.{c}") for t, c, n in LENGTH_COLUMNS],
)
def test_text_longer_than_its_column_is_rejected(database, backend, graph, table, column, length):
    """SQLite would store any length; the CHECK refuses what PostgreSQL's VARCHAR refuses."""
    error = IntegrityError if backend == "sqlite" else DataError
    with pytest.raises(error), database.write() as session:
        session.add(row(table, graph, **{column: "x" * (length + 1)}))
    if (table, column) not in FORMATTED:
        insert(database, row(table, graph, **{column: "x" * length}))


def test_null_passes_the_optional_checks(database, graph):
    """CHECKs on optional columns leave NULL alone (NOT NULL is a separate matter)."""
    insert(
        database,
        row("staff", graph, coaching_share=None, start_date=D, end_date=None),
        row("client_contact", graph, place=None, minutes=None),
        row("job", graph, hours_per_week=None, end_date=None),
        row("fidelity_item_score", graph, item=7, score=None, suggested_score=None),
        row("employer_contact", graph, purpose=None, outcome=None),
        row("module_episode", graph, decision=None, end_date=None, assessed_on=None),
        row("coaching_period", graph, feedback=None),
        row("steering_action", graph, created_on=None, due_date=D, done_on=D),
    )


# ----------------------------------------------------- CHECK lists equal the enums
@pytest.mark.parametrize(
    ("table", "column", "allowed"),
    [pytest.param(t, c, a, id=f"{t}.{c}") for t, c, a in ONE_OF],
)
def test_enum_check_accepts_exactly_the_enum_values(database, graph, table, column, allowed):
    final = table == "fidelity_assessment" and column == "status"
    extra = {"finalised_at": datetime(2026, 1, 5, tzinfo=UTC)} if final else {}
    insert(database, *(row(table, graph, **{column: value}, **extra) for value in allowed))
    model = MODELS[table]
    with database.read() as session:
        stored = session.execute(select(getattr(model, column))).scalars().all()
    assert set(allowed) <= set(stored)
    near_misses = [_unknown_value(table, column, allowed), allowed[0].upper() + "X"]
    for value in near_misses:
        assert_rejected(database, row(table, graph, **{column: value}), f"{column}_valid")


@pytest.mark.parametrize(
    ("table", "column", "allowed"),
    [pytest.param(t, c, a, id=f"{t}.{c}") for t, c, a in ONE_OF],
)
def test_enum_check_in_database_lists_the_enum_values(database, table, column, allowed):
    """The CHECK the migration created lists exactly the values of `ote.enums`."""
    with database.engine.connect() as connection:
        checks = inspect(connection).get_check_constraints(table)
    (check,) = [c for c in checks if c["name"] == f"ck_{table}_{column}_valid"]
    assert re.findall(r"'([^']*)'", check["sqltext"]) == list(allowed)


def test_subcriterion_items_are_exactly_those_counted_by_sub_criteria(database, graph):
    """The DB's list of items with sub-criteria is SUBCRITERIA_COUNT's (seed 003)."""
    accepted = set()
    for item in range(1, 26):
        try:
            insert(database, row("fidelity_subcriterion", graph, item=item, number=1))
        except IntegrityError as error:
            assert "item_has_subcriteria" in str(error.orig)
        else:
            accepted.add(item)
    assert accepted == set(SUBCRITERIA_COUNT)
    assert max(SUBCRITERIA_COUNT.values()) == 6  # the number_range CHECK's upper bound


# ---------------------------------------------------------------- unique constraints
def _unique(table: str, first: dict, duplicate: dict, neighbour: dict, id: str, columns: str):
    return pytest.param(table, first, duplicate, neighbour, columns, id=id)


UNIQUE_CASES = [
    _unique("team", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "team.key", "key"),
    _unique("staff", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "staff.key", "key"),
    _unique("referral_source", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "source.key", "key"),
    _unique("employer", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "employer.key", "key"),
    _unique("job", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "job.key", "key"),
    _unique(
        "fidelity_assessment", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "assessment", "key"
    ),
    _unique(
        "steering_meeting", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "steering_meeting", "key"
    ),
    _unique(
        "steering_action", {"key": "K1"}, {"key": "K1"}, {"key": "K2"}, "steering_action", "key"
    ),
    _unique(
        "employer_log_review",
        {"week_start": D},
        {"week_start": D},
        {"week_start": D + timedelta(weeks=1)},
        "log_review.team+week",
        "team_id,week_start",
    ),
    _unique(
        "team_meeting_decision",
        {"number": 1},
        {"number": 1},
        {"number": 2},
        "decision.meeting+number",
        "meeting_id,number",
    ),
    _unique(
        "client",
        {"code": "AB-100"},
        {"code": "AB-100"},
        {"code": "AB-100", "team_id": "other_team", "coach_id": "other_coach"},
        "client.team+code",
        "team_id,code",
    ),
    _unique(
        "fidelity_item_score",
        {"item": 3},
        {"item": 3, "score": 4},
        {"item": 3, "assessment_id": "other_assessment"},
        "item_score.assessment+item",
        "assessment_id,item",
    ),
    _unique(
        "fidelity_subcriterion",
        {"item": 8, "number": 2},
        {"item": 8, "number": 2, "met": True},
        {"item": 8, "number": 3},
        "subcriterion.assessment+item+number",
        "assessment_id,item,number",
    ),
    _unique(
        "user_account",
        {"username": "u1"},
        {"username": "u1"},
        {"username": "u2"},
        "account.username",
        "username",
    ),
    _unique(
        "user_account",
        {"email": "a@x.fi"},
        {"email": "a@x.fi"},
        {"email": "b@x.fi"},
        "account.email",
        "email",
    ),
    _unique(
        "user_account",
        {"oidc_subject": "s1"},
        {"oidc_subject": "s1"},
        {"oidc_subject": "s2"},
        "account.subject",
        "oidc_subject",
    ),
    _unique(
        "result_archive",
        {"label": "Q", "first": D, "last": D},
        {"label": "Q2", "first": D, "last": D},
        {"label": "Q", "first": D, "last": D, "team_id": "other_team"},
        "archive.team+period",
        "team_id,first,last",
    ),
    _unique(
        "team_setting",
        {"key": "window_days"},
        {"key": "window_days", "value": 30},
        {"key": "window_days", "team_id": "other_team"},
        "team_setting.team+key",
        "team_id,key",
    ),
]


def _resolve(values: dict, g: Graph) -> dict:
    """Replace graph attribute names given as strings in *_id columns by their ids."""
    return {
        k: getattr(g, v) if k.endswith("_id") and isinstance(v, str) else v
        for k, v in values.items()
    }


def _unique_message(backend: str, table: str, columns: str) -> str:
    if backend == "sqlite":
        return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns.split(","))
    return f"uq_{table}_" + "_".join(columns.split(","))


@pytest.mark.parametrize(("table", "first", "duplicate", "neighbour", "columns"), UNIQUE_CASES)
def test_unique_constraint_rejects_duplicates(
    database, backend, graph, table, first, duplicate, neighbour, columns
):
    insert(database, row(table, graph, **_resolve(first, graph)))
    assert_rejected(
        database,
        row(table, graph, **_resolve(duplicate, graph)),
        _unique_message(backend, table, columns),
    )
    insert(database, row(table, graph, **_resolve(neighbour, graph)))


def test_every_unique_constraint_has_a_case():
    declared = {
        (table.name, ",".join(c.name for c in constraint.columns))
        for table in m.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    }
    covered = {(case.values[0], case.values[4]) for case in UNIQUE_CASES}
    assert covered == declared


def _primary_key_message(backend: str, table: str) -> str:
    if backend == "sqlite":
        columns = [c.name for c in MODELS[table].__table__.primary_key.columns]
        return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns)
    return f"pk_{table}"


@pytest.mark.parametrize(
    ("table", "neighbour"),
    [
        pytest.param("coaching_period_goal", {"goal": "job_search_skills"}, id="period_goal"),
        pytest.param("steering_action_item", {"item": 2}, id="steering_action_item"),
        pytest.param("team_meeting_attendee", {"staff_id": "other_coach"}, id="meeting_attendee"),
    ],
)
def test_composite_primary_key_rejects_duplicates(database, backend, graph, table, neighbour):
    values = _defaults(table, graph, 0)
    statement = MODELS[table].__table__.insert()
    with database.write() as session:
        session.execute(statement.values(**values))
    # A second object with the same key would be merged by the session: insert directly.
    with pytest.raises(IntegrityError) as caught, database.write() as session:
        session.execute(statement.values(**values))
    assert _primary_key_message(backend, table) in str(caught.value.orig)
    with database.write() as session:
        session.execute(statement.values(**{**values, **_resolve(neighbour, graph)}))
    assert count(database, MODELS[table]) == 2


# ---------------------------------------------------------------------- foreign keys
def _fk_message(backend: str, name: str) -> str:
    return "FOREIGN KEY constraint failed" if backend == "sqlite" else name


@pytest.mark.parametrize(
    ("table", "column", "constraint"),
    [
        pytest.param("client", "coach_id", "fk_client_coach_id_staff", id="client.coach"),
        pytest.param(
            "client", "source_id", "fk_client_source_id_referral_source", id="client.source"
        ),
        pytest.param("client", "team_id", "fk_client_team_id_team", id="client.team"),
        pytest.param(
            "employer_contact",
            "employer_id",
            "fk_employer_contact_employer_id_employer",
            id="employer_contact.employer",
        ),
        pytest.param(
            "employer_contact",
            "client_id",
            "fk_employer_contact_client_id_client",
            id="employer_contact.client",
        ),
        pytest.param("job", "client_id", "fk_job_client_id_client", id="job.client"),
        pytest.param(
            "client_contact", "staff_id", "fk_client_contact_staff_id_staff", id="contact.staff"
        ),
        pytest.param("client_contact", "job_id", "fk_client_contact_job_id_job", id="contact.job"),
        pytest.param(
            "fidelity_item_score",
            "assessment_id",
            "fk_fidelity_item_score_assessment_id_fidelity_assessment",
            id="item_score.assessment",
        ),
    ],
)
def test_foreign_key_rejects_missing_parent(database, backend, graph, table, column, constraint):
    assert_rejected(
        database, row(table, graph, **{column: 999_999}), _fk_message(backend, constraint)
    )
    insert(database, row(table, graph))


@pytest.mark.parametrize(
    ("model", "attribute", "constraint"),
    [
        pytest.param(m.Staff, "coach", "fk_client_coach_id_staff", id="staff-coaching-a-client"),
        pytest.param(m.Employer, "employer", "fk_job_employer_id_employer", id="employer-of-a-job"),
        pytest.param(
            m.ReferralSource,
            "source",
            "fk_client_source_id_referral_source",
            id="source-of-a-client",
        ),
    ],
)
def test_deleting_a_referenced_row_is_refused(
    database, backend, graph, model, attribute, constraint
):
    with pytest.raises(IntegrityError) as caught, database.write() as session:
        session.execute(delete(model).where(model.id == getattr(graph, attribute)))
    assert _fk_message(backend, constraint) in str(caught.value.orig)
    assert count(database, model, model.id == getattr(graph, attribute)) == 1


# ----------------------------------------------------------------- ON DELETE rules
def test_deleting_a_client_deletes_its_records_and_unlinks_employer_contacts(database, graph):
    g = graph
    with database.write() as s:
        kept = _add(s, row("client", g, code="KEEP-1"))
        for client in (g.client, kept):
            s.add_all(
                [
                    row("client_contact", g, client_id=client, job_id=g.job),
                    row("client_plan", g, client_id=client),
                    row("module_episode", g, client_id=client),
                    row("feedback", g, client_id=client),
                    row("employer_contact", g, client_id=client),
                    row("job", g, client_id=client),
                    row("coaching_period", g, client_id=client),
                ]
            )
        s.add(row("coaching_period_goal", g))  # on the graph client's period
    owned = [m.ClientContact, m.ClientPlan, m.ModuleEpisode, m.Feedback, m.Job, m.CoachingPeriod]
    before = {model: count(database, model, model.client_id == g.client) for model in owned}
    assert all(before.values()), before
    assert count(database, m.CoachingPeriodGoal) == 1

    with database.write() as s:
        s.execute(delete(m.Client).where(m.Client.id == g.client))

    for model in owned:
        assert count(database, model, model.client_id == g.client) == 0, model
        assert count(database, model, model.client_id == kept) == 1, model
    assert count(database, m.CoachingPeriodGoal) == 0
    # Employer contacts are the team's work, not the client's: kept, without the client.
    assert count(database, m.EmployerContact) == 2
    assert count(database, m.EmployerContact, m.EmployerContact.client_id.is_(None)) == 1
    assert count(database, m.EmployerContact, m.EmployerContact.client_id == kept) == 1
    assert count(database, m.Client) == 1


def test_deleting_a_job_unlinks_client_contacts(database, graph):
    insert(database, row("client_contact", graph, job_id=graph.job))
    with database.write() as s:
        s.execute(delete(m.Job).where(m.Job.id == graph.job))
    assert count(database, m.ClientContact) == 1
    assert count(database, m.ClientContact, m.ClientContact.job_id.is_(None)) == 1


def test_deleting_an_assessment_deletes_its_scores_and_unlinks_copies(database, graph):
    g = graph
    insert(
        database,
        row("fidelity_item_score", g, item=1, score=3),
        row("fidelity_subcriterion", g, item=5, number=1, met=True),
        row("fidelity_item_score", g, assessment_id=g.other_assessment, item=1, score=4),
    )
    with database.write() as s:
        copy = s.get(m.FidelityAssessment, g.other_assessment)
        copy.based_on_id = g.assessment
    with database.write() as s:
        s.execute(delete(m.FidelityAssessment).where(m.FidelityAssessment.id == g.assessment))
    assert count(database, m.FidelityItemScore) == 1
    assert count(database, m.FidelitySubcriterion) == 0
    with database.read() as s:
        assert s.get(m.FidelityAssessment, g.other_assessment).based_on_id is None


def test_deleting_a_team_deletes_its_settings(database, graph):
    with database.write() as s:
        lonely = _add(s, row("team", graph))
        s.add(row("team_setting", graph, team_id=lonely))
        s.add(row("team_setting", graph, team_id=graph.team))
    with database.write() as s:
        s.execute(delete(m.Team).where(m.Team.id == lonely))
    assert count(database, m.TeamSetting) == 1
    assert count(database, m.TeamSetting, m.TeamSetting.team_id == graph.team) == 1


def test_deleting_a_steering_action_deletes_its_items_and_notes(database, graph):
    insert(
        database,
        row("steering_action_item", graph, item=17),
        m.SteeringActionNote(action_id=graph.action, date=D, text="Aloitettu"),
    )
    with database.write() as s:
        s.execute(delete(m.SteeringAction).where(m.SteeringAction.id == graph.action))
    assert count(database, m.SteeringActionItem) == 0
    assert count(database, m.SteeringActionNote) == 0
