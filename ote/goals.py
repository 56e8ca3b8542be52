"""Quarterly goals (item 8.5): the team leader sets a target for a quarter on one of the
measures OTE computes (`GoalMeasure`), for the whole team or for one staff member, and
follows the actual – computed live by the metrics engine, never counted again here – against
it. Goals of a quarter that is over and were not met can be carried into the next quarter.

Values are named as the interchange columns of `quarterly_goals` (`quarter`, `measure`,
`target`, `owner`, `staff_id`, `note`); `staff_id` is a Staff.id here, not a key. Forms and
the import refuse the same things (`check_fields`), and a form refuses a little more: a
measure that is not a `GoalMeasure`, a target outside the measure's range and a second goal
for the same quarter, measure and staff member (or the whole team).

A quarter is *over* on `on` when `on` is after its last day; until then it *runs*, and its
actuals are the figures so far (windows cut at `on`), with `met` None.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.calendar import quarter_bounds
from ote.db import Database
from ote.enums import GoalMeasure
from ote.interchange.parsing import QUARTER
from ote.metrics.base import BAND_PRECISION
from ote.metrics.caseload import caseload_ratio, coaching_share
from ote.metrics.client_contacts import community_based_work
from ote.metrics.employer_contacts import (
    days_to_first_employer_contact,
    employer_contacts_per_week,
    preference_based_contacts,
)
from ote.metrics.jobs import competitive_permanent_jobs
from ote.metrics.referrals import attached_referrals
from ote.metrics.results import employment_rate_ips, employment_rate_out_of_work, results
from ote.models.base import TEXT_LENGTH
from ote.records.base import Saved, check_fields, delete_rows, lock_team, must_belong, owned

G = GoalMeasure

FIELDS = ("quarter", "measure", "target", "owner", "staff_id", "note")
TEXT_FIELDS = ("quarter", "measure", "owner", "note")  # checked by the interchange spec

# Measures where a lower value is better: a goal on them is met when the actual is at most
# the target (item 1: ≤ 20 clients per FTE; item 15: ≤ 30 days).
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {G.CASELOAD_RATIO.value, G.DAYS_TO_FIRST_EMPLOYER_CONTACT.value}
)

# Measures the engine has a figure of one coach for; a goal of a staff member on any other
# measure has no actual (None).
PER_COACH: frozenset[str] = frozenset({G.CASELOAD_RATIO.value, G.EMPLOYER_CONTACTS_PER_WEEK.value})

# The targets a form accepts: percentages 0–100, feedback on the 1–5 scale, and for the
# open-ended measures a generous upper limit that only catches typing errors.
PERCENT = (0.0, 100.0)
TARGET_RANGE: dict[str, tuple[float, float]] = {
    G.CASELOAD_RATIO.value: (0.0, 100.0),
    G.COACHING_SHARE.value: PERCENT,
    G.ATTACHED_REFERRAL_SHARE.value: PERCENT,
    G.DAYS_TO_FIRST_EMPLOYER_CONTACT.value: (0.0, 365.0),
    G.PREFERENCE_BASED_SHARE.value: PERCENT,
    G.EMPLOYER_CONTACTS_PER_WEEK.value: (0.0, 50.0),
    G.COMPETITIVE_PERMANENT_SHARE.value: PERCENT,
    G.COMMUNITY_BASED_SHARE.value: PERCENT,
    G.EMPLOYMENT_RATE_IPS.value: PERCENT,
    G.EMPLOYMENT_RATE_OUT_OF_WORK.value: PERCENT,
    G.CLIENTS_REFERRED.value: (0.0, 10_000.0),
    G.CLIENTS_EMPLOYED.value: (0.0, 10_000.0),
    G.FEEDBACK_MEAN.value: (1.0, 5.0),
}
WHOLE_TARGETS = frozenset({G.CLIENTS_REFERRED.value, G.CLIENTS_EMPLOYED.value})  # counts

DUPLICATE = "goal_duplicate"  # validation.goal_duplicate: one goal per quarter, measure, staff
CARRIED_NOTE = "Siirretty vuosineljännekseltä {quarter}."  # the note of a carried goal

_ORDER = {measure.value: index for index, measure in enumerate(GoalMeasure)}


# ---------------------------------------------------------------------- quarters
def is_quarter(quarter: Any) -> bool:
    """`2026Q3`: a year the database accepts (2000–2999) and a quarter 1–4."""
    return isinstance(quarter, str) and bool(QUARTER.match(quarter)) and quarter[0] == "2"


def _check_quarter(quarter: str) -> None:
    if not is_quarter(quarter):
        raise ValueError(f"not a quarter (2026Q3): {quarter!r}")


def next_quarter(quarter: str) -> str:
    """The quarter after `quarter`: 2026Q3 → 2026Q4, 2026Q4 → 2027Q1."""
    _check_quarter(quarter)
    year, number = int(quarter[:4]), int(quarter[5])
    return f"{year + 1}Q1" if number == 4 else f"{year}Q{number + 1}"


def is_over(quarter: str, on: date) -> bool:
    """Whether the quarter is over on `on`: `on` is after its last day."""
    _check_quarter(quarter)
    return on > quarter_bounds(quarter)[1]


def full_weeks(first: date, last: date) -> int:
    """How many ISO weeks (Monday–Sunday) lie wholly in `first` … `last` (2026Q3: 6.7.–27.9.,
    12 weeks; a week across the quarter's first or last day belongs to neither quarter)."""
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)
    return max(0, ((sunday - monday).days + 1) // 7)


# ---------------------------------------------------------------------- actuals
def _team_value(figure: Any) -> float | None:
    return None if figure is None else figure.value


def _compute(session: Session, team_id: int, measure: str, first: date, cut: date) -> Any:
    """The engine's figure of `measure` for `first` … `cut` (a Measure or Results)."""
    days = (cut - first).days + 1
    if measure == G.CASELOAD_RATIO:
        return caseload_ratio(session, team_id, cut)
    if measure == G.COACHING_SHARE:
        return coaching_share(session, team_id, cut)
    if measure == G.ATTACHED_REFERRAL_SHARE:
        return attached_referrals(session, team_id, cut, days)
    if measure == G.DAYS_TO_FIRST_EMPLOYER_CONTACT:
        return days_to_first_employer_contact(session, team_id, cut, days)
    if measure == G.PREFERENCE_BASED_SHARE:
        return preference_based_contacts(session, team_id, cut, days)
    if measure == G.EMPLOYER_CONTACTS_PER_WEEK:
        weeks = full_weeks(first, cut)
        return employer_contacts_per_week(session, team_id, cut, weeks) if weeks else None
    if measure == G.COMPETITIVE_PERMANENT_SHARE:
        return competitive_permanent_jobs(session, team_id, cut, days)
    if measure == G.COMMUNITY_BASED_SHARE:
        return community_based_work(session, team_id, cut, days)
    if measure == G.EMPLOYMENT_RATE_IPS:
        return employment_rate_ips(session, team_id, first, cut)
    if measure == G.EMPLOYMENT_RATE_OUT_OF_WORK:
        return employment_rate_out_of_work(session, team_id, first, cut)
    return results(session, team_id, first, cut)  # referred, employed, feedback mean


def _value(measure: str, figure: Any, staff_id: int | None) -> float | None:
    """The team's or one coach's value out of the engine's figure."""
    if figure is None:
        return None
    if staff_id is not None:
        if measure == G.CASELOAD_RATIO:  # details: coach_caseloads on the day
            return next((c.ratio for c in figure.details if c.staff_id == staff_id), None)
        if measure == G.EMPLOYER_CONTACTS_PER_WEEK:  # details: CoachContacts of the weeks
            return next((c.counted_as for c in figure.details if c.staff_id == staff_id), None)
        return None
    if measure == G.CLIENTS_REFERRED:
        return float(figure.referred)
    if measure == G.CLIENTS_EMPLOYED:
        return float(figure.employed)
    if measure == G.FEEDBACK_MEAN:
        return figure.feedback_mean
    return figure.value


def _period(quarter: str, on: date | None) -> tuple[date, date] | None:
    """The quarter's first day and the day its figures are cut at (its last day, or `on`
    while it runs); None for a quarter that has not begun on `on`."""
    _check_quarter(quarter)
    first, last = quarter_bounds(quarter)
    cut = last if on is None else min(on, last)
    return None if cut < first else (first, cut)


def actual(
    session: Session,
    team_id: int,
    measure: str,
    quarter: str,
    staff_id: int | None = None,
    *,
    on: date | None = None,
) -> float | None:
    """The actual of a goal on `measure` for `quarter` (`2026Q3`): the team's figure, or
    with `staff_id` that staff member's, from the metrics engine.

    The figure is for the whole quarter `first` … `last`; with `on` before the quarter's
    last day it is the figure so far, every window cut at `on` (and the point-in-time
    measures taken on `on`); a quarter not begun on `on` has None.

    | measure                        | ote.metrics function (ec: employer_contacts) | window     |
    |--------------------------------|----------------------------------------------|------------|
    | caseload_ratio                 | caseload.caseload_ratio                      | on `last`  |
    | coaching_share                 | caseload.coaching_share                      | on `last`  |
    | attached_referral_share        | referrals.attached_referrals                 | the days   |
    | days_to_first_employer_contact | ec.days_to_first_employer_contact            | the days ¹ |
    | preference_based_share         | ec.preference_based_contacts                 | the days   |
    | employer_contacts_per_week     | ec.employer_contacts_per_week                | weeks ²    |
    | competitive_permanent_share    | jobs.competitive_permanent_jobs              | the days   |
    | community_based_share          | client_contacts.community_based_work         | the days   |
    | employment_rate_ips            | results.employment_rate_ips                  | the period |
    | employment_rate_out_of_work    | results.employment_rate_out_of_work          | the period |
    | clients_referred               | results.results → referred                   | the period |
    | clients_employed               | results.results → employed                   | the period |
    | feedback_mean                  | results.results → feedback_mean              | the period |

    "The days": the function's window of the last `days` days on `as_of` = `last`, with
    `days` the quarter's length – exactly `first` … `last`. "The period": the function's
    `first`, `last`. ¹ Services started in the quarter, contacts by `last`. ² The ISO weeks
    wholly in the quarter (`full_weeks`: a week across its first or last day belongs to
    neither); None when there is none (a quarter cut in its first days).

    Per staff member (`staff_id`) only where the engine has a figure of one coach:
    caseload_ratio (the coach's ratio in `coach_caseloads` on the day; None for staff who
    are no coach or not employed then) and employer_contacts_per_week (the coach's
    `CoachContacts.counted_as` – contacts per week, or 6 under item 17's few-job-seekers
    rule – for coaches employed throughout the weeks). Every other measure is a team figure
    only, and a staff member's goal on it has no actual (None). Staff of another team have
    none either. A measure not in `GoalMeasure` raises ValueError.
    """
    if measure not in _ORDER:
        raise ValueError(f"unknown goal measure: {measure!r}")
    period = _period(quarter, on)
    if period is None or (staff_id is not None and measure not in PER_COACH):
        return None
    return _value(measure, _compute(session, team_id, measure, *period), staff_id)


def goal_met(measure: str, target: float, value: float | None) -> bool | None:
    """Whether `value` reaches `target`: at most the target for `LOWER_IS_BETTER` measures,
    at least it for the others; compared at 9 decimals, as the score bands are (26 ÷ 1.3 is
    the 20 it is). None for no value."""
    if value is None:
        return None
    rounded = round(value, BAND_PRECISION)
    return rounded <= target if measure in LOWER_IS_BETTER else rounded >= target


# ---------------------------------------------------------------------- listing
@dataclass(frozen=True)
class GoalRow:
    id: int
    quarter: str
    measure: str  # a GoalMeasure value (an imported goal may hold any text)
    target: float
    actual: float | None  # live from the engine: final once the quarter is over, else so far
    stored_actual: float | None  # the `actual` column (from an import), as it was stored
    owner: str | None
    staff_id: int | None  # the staff member the goal is for; None: the whole team
    staff_name: str | None
    note: str | None
    met: bool | None  # None while the quarter runs, or when there is no actual
    carried_from_id: int | None = None  # the goal of the previous quarter it was carried from
    final: bool = False  # the quarter is over on the day asked: `actual` will not change

    @property
    def lower_is_better(self) -> bool:
        return self.measure in LOWER_IS_BETTER


def _sort_key(row: GoalRow) -> tuple:
    return (
        _ORDER.get(row.measure, len(_ORDER)),
        row.measure,
        row.staff_id is not None,
        row.staff_name or "",
        row.id,
    )


def goals(session: Session, team_id: int, quarter: str, on: date) -> list[GoalRow]:
    """The team's goals for `quarter` with their live actuals on `on` (`actual`: the whole
    quarter once it is over on `on`, else the figures so far; None before it begins).

    `met` (`goal_met`, lower is better for `LOWER_IS_BETTER`) is None while the quarter runs.
    Once it is over it compares the live actual with the target – or, where the records give
    no actual (a staff member's goal on a team-only measure, a measure OTE does not know, a
    window with no records), the stored actual of an imported goal; None if neither is there.

    Ordered as `GoalMeasure` is declared (unknown measures last, by name), the team's own
    goal before those of staff members, these by name. Each measure is computed once."""
    final = is_over(quarter, on)
    period = _period(quarter, on)
    g = m.QuarterlyGoal
    rows = session.execute(
        select(
            g.id,
            g.quarter,
            g.measure,
            g.target,
            g.actual,
            g.owner,
            g.staff_id,
            m.Staff.name,
            g.note,
            g.carried_from_id,
        )
        .outerjoin(m.Staff, m.Staff.id == g.staff_id)
        .where(g.team_id == team_id, g.quarter == quarter)
    ).all()
    figures: dict[str, Any] = {}
    found = []
    for goal_id, goal_quarter, measure, target, stored, owner, staff_id, name, note, came in rows:
        value = None
        counted = staff_id is None or measure in PER_COACH
        if period is not None and measure in _ORDER and counted:
            if measure not in figures:
                figures[measure] = _compute(session, team_id, measure, *period)
            value = _value(measure, figures[measure], staff_id)
        judged = value if value is not None else stored
        found.append(
            GoalRow(
                id=goal_id,
                quarter=goal_quarter,
                measure=measure,
                target=target,
                actual=value,
                stored_actual=stored,
                owner=owner,
                staff_id=staff_id,
                staff_name=name,
                note=note,
                met=goal_met(measure, target, judged) if final else None,
                carried_from_id=came,
                final=final,
            )
        )
    return sorted(found, key=_sort_key)


# ---------------------------------------------------------------------- saving
def _text(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    """The goal's fields out of `values`, texts trimmed (blank: none), the target a number
    where it can be read as one (a typed `20,5` too)."""
    found = {name: _text(values.get(name)) for name in FIELDS}
    target = found["target"]
    if isinstance(target, str):
        with contextlib.suppress(v.ParseError):  # else reported by _check_target
            found["target"] = v.read_decimal(target)
    return found


def _check_target(measure: str | None, target: Any) -> list[v.FieldError]:
    if v.is_blank(target):
        return v.required("target", target)
    if isinstance(target, bool) or not isinstance(target, int | float):
        return [v.FieldError("target", "not_a_number", {"value": str(target)})]
    if measure not in TARGET_RANGE:
        return []
    if measure in WHOLE_TARGETS and (problems := v.whole_number("target", target)):
        return problems
    low, high = TARGET_RANGE[measure]
    return v.in_range("target", float(target), low, high)


def validate(values: dict[str, Any]) -> list[v.FieldError]:
    """Every problem of a goal's own fields (`_attributes` of a form's values): the checks
    of the interchange column spec, a quarter the database accepts, a `GoalMeasure`, and a
    target in the measure's `TARGET_RANGE` (a whole number for the counts)."""
    problems = check_fields("quarterly_goals", values, TEXT_FIELDS)
    quarter = values.get("quarter")
    if isinstance(quarter, str) and QUARTER.match(quarter) and not is_quarter(quarter):
        problems.append(v.FieldError("quarter", "not_a_quarter", {"value": quarter}))
    measure = values.get("measure")
    if not v.is_blank(measure) and not any(p.field == "measure" for p in problems):
        problems += v.one_of("measure", measure, GoalMeasure)
    problems += _check_target(measure, values.get("target"))
    return problems


def _duplicate(
    session: Session, team_id: int, values: dict[str, Any], goal_id: int | None
) -> list[v.FieldError]:
    """A second goal of the team for the same quarter, measure and staff member (or the
    whole team) is refused."""
    g = m.QuarterlyGoal
    staff_id = values.get("staff_id")
    query = select(func.count()).where(
        g.team_id == team_id,
        g.quarter == values["quarter"],
        g.measure == values["measure"],
        g.staff_id.is_(None) if staff_id is None else g.staff_id == staff_id,
    )
    if goal_id is not None:
        query = query.where(g.id != goal_id)
    if session.execute(query).scalar_one():
        return [v.FieldError("measure", DUPLICATE, {"quarter": values["quarter"]})]
    return []


def _check(
    session: Session, team_id: int, values: dict[str, Any], goal_id: int | None = None
) -> None:
    """Raise ValidationFailed with every problem of `values` (hold `lock_team`)."""
    problems = validate(values)
    problems += must_belong(session, "staff_id", m.Staff, team_id, values.get("staff_id"))
    if not any(p.field in ("quarter", "measure", "staff_id") for p in problems):
        problems += _duplicate(session, team_id, values, goal_id)
    v.raise_if_errors(problems)


def create_goal(database: Database, team_id: int, values: dict[str, Any], today: date) -> Saved:
    """A goal of the team: `quarter` (2026Q3), `measure` (a GoalMeasure value), `target`,
    and optionally `owner` (who answers for it), `staff_id` (a staff member of the team the
    goal is for; none: the whole team) and `note`. Refused with every problem
    (ValidationFailed, nothing written) as `validate` says, for staff of another team, and
    for a second goal for the same quarter, measure and staff member (`goal_duplicate`).
    A goal may be set for any quarter, also one that is over (`today` is not needed for
    any check; it is taken as every service takes it)."""
    values = _attributes(values)
    with database.write() as session:
        lock_team(session, team_id)
        _check(session, team_id, values)
        goal = m.QuarterlyGoal(team_id=team_id, **values)
        session.add(goal)
        session.flush()
        return Saved(goal.id)


def update_goal(
    database: Database, team_id: int, goal_id: int, values: dict[str, Any], today: date
) -> Saved:
    """Change those of a goal's fields (`FIELDS`) that `values` holds – `staff_id`: None
    makes it the team's goal – checked as `create_goal` checks a new one. NotFound for a
    goal of another team. The stored actual and where it was carried from stay."""
    with database.write() as session:
        lock_team(session, team_id)
        goal = owned(session, m.QuarterlyGoal, team_id, goal_id)
        current = {name: getattr(goal, name) for name in FIELDS}
        merged = _attributes(current | {k: val for k, val in values.items() if k in FIELDS})
        _check(session, team_id, merged, goal_id)
        for name, value in merged.items():
            setattr(goal, name, value)
        return Saved(goal.id)


def delete_goal(database: Database, team_id: int, goal_id: int) -> None:
    """Delete one of the team's goals (NotFound for another team's); a goal carried from it
    keeps its note but no longer points at it."""
    delete_rows(database, m.QuarterlyGoal, team_id, [goal_id])


def carried_note(from_quarter: str, note: str | None) -> str:
    """`Siirretty vuosineljännekseltä 2026Q3.` followed by the goal's own note, cut to the
    note's length."""
    text = CARRIED_NOTE.format(quarter=from_quarter)
    return (f"{text} {note}" if note else text)[:TEXT_LENGTH]


def carry_over(database: Database, team_id: int, from_quarter: str, on: date) -> list[int]:
    """Copy the goals of `from_quarter` that were not met (`goals(…, on)` gives met False)
    into the next quarter with the same measure, target, owner and staff member, a note
    saying where they came from (`carried_note`) and `carried_from_id`. A goal the next
    quarter already has for the same measure and staff member (set by hand, or carried
    before) is not copied again, so carrying twice adds nothing. While `from_quarter` runs
    on `on` no goal is unmet yet and nothing is copied. The new goals' ids, in `goals`
    order."""
    target_quarter = next_quarter(from_quarter)
    with database.write() as session:
        lock_team(session, team_id)
        g = m.QuarterlyGoal
        there = {
            (measure, staff_id)
            for measure, staff_id in session.execute(
                select(g.measure, g.staff_id).where(
                    g.team_id == team_id, g.quarter == target_quarter
                )
            )
        }
        new_ids = []
        for row in goals(session, team_id, from_quarter, on):
            if row.met is not False or (row.measure, row.staff_id) in there:
                continue
            goal = g(
                team_id=team_id,
                quarter=target_quarter,
                measure=row.measure,
                target=row.target,
                owner=row.owner,
                staff_id=row.staff_id,
                note=carried_note(from_quarter, row.note),
                carried_from_id=row.id,
            )
            session.add(goal)
            session.flush()
            there.add((row.measure, row.staff_id))
            new_ids.append(goal.id)
        return new_ids
