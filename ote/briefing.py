"""The management briefing (DOMAIN.md §2, items 10.5 and 11): for one team on one date, the
fidelity total and band over time, seed 000's result measures ("Tulosten arvioiminen") and
both employment rates per quarter against the IPS benchmarks, this quarter's goals, the
steering group's actions by status, and when the next steering meeting and assessment are
due – a document for the steering group and management.

Aggregates only (DOMAIN.md §5): nothing here holds a client row, a client code or any free
text but the team's name (a goal's note and owner, an action's title and owner are left
out, and so are goals set for one staff member). Every count and every figure resting on
clients passes `ote.privacy` in the display helpers below (`results_table`, `goals_table`,
`actions_table`), which the page and the PDF both use, so small counts are suppressed in
one place:

- a count under the threshold (5) is shown as "< 5", and where a row's total would give a
  hidden count away, the smallest other count of the row is hidden too (`suppressed_counts`);
- a rate is shown only when its part, its rest and its whole are none of them small
  (`rate_shown`), else "–";
- a mean (client feedback, days to the first employer contact, the caseload ratio) is shown
  only when it rests on at least 5 clients or answers, else "–";
- a rate or mean whose whole is hidden in the results table (small, or hidden only so that
  another quarter's small count cannot be worked out from the total) is hidden too: shown,
  it would tell that its whole is not small;
- a goal's actual is hidden where the results table hides what it rests on, and a goal
  whose actual is hidden has its verdict (met or not) hidden too, as the target and the
  verdict together would narrow the hidden figure down;
- the steering group's action counts are counts like any other in a management view.

The page shows `results_table`, `goals_table`, `actions_table` and `fidelity_table` with
`benchmarks_text`, `assessment_text`, `steering_text` and `privacy_notes`; the PDF is
`ote.briefing_pdf.briefing_pdf`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote.access import aggregate
from ote.calendar import quarter_bounds, quarter_of
from ote.enums import ActionStatus, GoalMeasure
from ote.fidelity import history
from ote.fidelity.scale import scale
from ote.formatting import format_date, format_number, format_percent
from ote.goals import goal_met, goals
from ote.i18n import normalise_language
from ote.metrics.base import BAND_PRECISION, percent
from ote.metrics.cadences import steering_on_schedule
from ote.metrics.caseload import caseload_ratio
from ote.metrics.definitions import (
    GOAL_MEASURES,
    PERIOD,
    counted_text,
    definition,
    goal_definition,
)
from ote.metrics.employer_contacts import days_to_first_employer_contact
from ote.metrics.jobs import competitive_permanent_jobs
from ote.metrics.referrals import attached_referrals
from ote.metrics.results import (
    IPS_BENCHMARKS,
    OUT_OF_WORK_BENCHMARK,
    employment_rate_ips,
    employment_rate_out_of_work,
    results,
)
from ote.metrics.results import quarters as quarter_spans
from ote.privacy import SMALL_COUNT, is_small, rate_shown, shown_count, suppressed_counts
from ote.purge import archived_results
from ote.records.steering import status_counts

Translate = Callable[..., str]  # t(key, **params), e.g. an ote.i18n.Translator

NO_FIGURE = "–"  # no figure, or a rate or mean resting on too few clients
G = GoalMeasure


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class QuarterResults:
    """Seed 000's result measures and both employment rates (item 10.5) of one period."""

    quarter: str  # `2026Q3`; for the whole span `2025Q4–2026Q3`
    first: date
    last: date  # the quarter's last day, or the as-of date in the current quarter
    referred: int  # clients with a referral date in the period
    continued_after_module1: int  # module-1 assessments deciding on another module
    module1_assessed: int  # module-1 assessments in the period
    employed: int  # distinct clients with a job start in the period
    feedback_count: int
    feedback_mean: float | None
    ips_rate: float | None  # % of clients in service who worked in a competitive job
    ips_part: int
    ips_whole: int
    out_of_work_rate: float | None  # % of clients out of work at start who started a job
    out_of_work_part: int
    out_of_work_whole: int

    @property
    def continued_share(self) -> float | None:
        """% of the module-1 assessments that decided on another module (seed 000)."""
        return percent(self.continued_after_module1, self.module1_assessed)


def period_results(
    session: Session, team_id: int, label: str, first: date, last: date
) -> QuarterResults:
    """The result measures (`ote.metrics.results`) of `first` … `last`, named `label` – or,
    for a whole period archived when client data was purged (`ote.purge`), the figures
    kept then."""
    archived = archived_results(session, team_id, first, last)
    if archived is not None:
        return dataclasses.replace(archived, quarter=label)
    found = results(session, team_id, first, last)
    ips = employment_rate_ips(session, team_id, first, last)
    out_of_work = employment_rate_out_of_work(session, team_id, first, last)
    return QuarterResults(
        quarter=label,
        first=first,
        last=last,
        referred=found.referred,
        continued_after_module1=found.continued_after_module1,
        module1_assessed=found.module1_assessed,
        employed=found.employed,
        feedback_count=found.feedback_count,
        feedback_mean=found.feedback_mean,
        ips_rate=ips.value,
        ips_part=ips.basis_params["employed"],
        ips_whole=ips.basis_params["active"],
        out_of_work_rate=out_of_work.value,
        out_of_work_part=out_of_work.basis_params["employed"],
        out_of_work_whole=out_of_work.basis_params["clients"],
    )


def quarter_results(
    session: Session, team_id: int, as_of: date, quarters: int = 4
) -> list[QuarterResults]:
    """The last `quarters` calendar quarters up to the one holding `as_of`, oldest first;
    the current quarter is cut at `as_of`."""
    return [
        period_results(session, team_id, label, first, last)
        for label, first, last in quarter_spans(as_of, quarters)
    ]


def ips_level(rate: float | None) -> str | None:
    """Where a rate stands against the IPS benchmarks (31 / 41 / 50 %): `excellent`,
    `average`, `minimum` or `below`; None for no rate. Compared unrounded (at 9 decimals)."""
    if rate is None:
        return None
    value = round(rate, BAND_PRECISION)
    for level in ("excellent", "average", "minimum"):
        if value >= IPS_BENCHMARKS[level]:
            return level
    return "below"


# ------------------------------------------------------------------------ goals
# How a goal's actual rests on clients, and so how it is suppressed (see the module text).
COUNT_MEASURES = frozenset({G.CLIENTS_REFERRED.value, G.CLIENTS_EMPLOYED.value})
SHARE_MEASURES = frozenset(  # part ÷ whole of clients (jobs of clients): rate_shown
    {
        G.EMPLOYMENT_RATE_IPS.value,
        G.EMPLOYMENT_RATE_OUT_OF_WORK.value,
        G.ATTACHED_REFERRAL_SHARE.value,
        G.COMPETITIVE_PERMANENT_SHARE.value,
    }
)
MEAN_MEASURES = frozenset(  # a mean or ratio over n clients (answers): n not small
    {G.FEEDBACK_MEAN.value, G.DAYS_TO_FIRST_EMPLOYER_CONTACT.value, G.CASELOAD_RATIO.value}
)
# The rest rest on staff (coaching share, employer contacts per coach) or on contacts and
# minutes (preference-based contacts, community-based work): shown as they are.
PERCENT_MEASURES = frozenset(
    {
        G.COACHING_SHARE.value,
        G.ATTACHED_REFERRAL_SHARE.value,
        G.PREFERENCE_BASED_SHARE.value,
        G.COMPETITIVE_PERMANENT_SHARE.value,
        G.COMMUNITY_BASED_SHARE.value,
        G.EMPLOYMENT_RATE_IPS.value,
        G.EMPLOYMENT_RATE_OUT_OF_WORK.value,
    }
)


@dataclass(frozen=True)
class BriefingGoal:
    """A team goal of the quarter (`ote.goals.GoalRow` without its free texts), with what
    its actual rests on."""

    measure: str
    target: float
    actual: float | None  # the live actual (so far while the quarter runs), else the stored
    met: bool | None  # final: reached; running: reached so far; None without an actual
    final: bool  # the quarter is over
    part: int | None = None  # share measures: the clients (jobs) counted
    whole: int | None = None  # the clients (answers, jobs) the actual rests on


def _goal_basis(
    session: Session, team_id: int, measure: str, current: QuarterResults
) -> tuple[int | None, int | None]:
    """(part, whole) behind a live actual of `measure` in the quarter `current` covers –
    the same windows as `ote.goals.actual` (the quarter's days, cut at the as-of date)."""
    first, cut = current.first, current.last
    days = (cut - first).days + 1
    if measure == G.CLIENTS_REFERRED:
        return current.referred, current.referred
    if measure == G.CLIENTS_EMPLOYED:
        return current.employed, current.employed
    if measure == G.FEEDBACK_MEAN:
        return None, current.feedback_count
    if measure == G.EMPLOYMENT_RATE_IPS:
        return current.ips_part, current.ips_whole
    if measure == G.EMPLOYMENT_RATE_OUT_OF_WORK:
        return current.out_of_work_part, current.out_of_work_whole
    if measure == G.ATTACHED_REFERRAL_SHARE:
        basis = attached_referrals(session, team_id, cut, days).basis_params
        return basis["attached"], basis["total"]
    if measure == G.COMPETITIVE_PERMANENT_SHARE:
        basis = competitive_permanent_jobs(session, team_id, cut, days).basis_params
        return basis["good"], basis["jobs"]
    if measure == G.DAYS_TO_FIRST_EMPLOYER_CONTACT:
        return None, days_to_first_employer_contact(session, team_id, cut, days).n
    if measure == G.CASELOAD_RATIO:
        return None, caseload_ratio(session, team_id, cut).n
    return None, None


def briefing_goals(
    session: Session, team_id: int, as_of: date, current: QuarterResults
) -> list[BriefingGoal]:
    """The team's own goals (not those of single staff members) for the quarter of `as_of`,
    in `ote.goals.goals` order; `current` is that quarter's results up to `as_of`."""
    found = []
    for row in goals(session, team_id, quarter_of(as_of), as_of):
        if row.staff_id is not None:
            continue
        live = row.actual is not None
        actual = row.actual if live else row.stored_actual
        met = row.met if row.final else goal_met(row.measure, row.target, actual)
        part, whole = _goal_basis(session, team_id, row.measure, current) if live else (None, None)
        found.append(BriefingGoal(row.measure, row.target, actual, met, row.final, part, whole))
    return found


# ------------------------------------------------------------------- briefing
@dataclass(frozen=True)
class FidelityPoint:
    date: date
    total: int
    band: str  # the band's name in the briefing's language


@dataclass(frozen=True)
class Briefing:
    """What the management briefing of one team on one date holds: aggregates only."""

    team_name: str
    as_of: date
    language: str
    fidelity: list[FidelityPoint]  # final assessments on or before as_of, oldest first
    next_assessment: date | None  # item 11.2; None before the first final assessment
    results: list[QuarterResults]  # the last four quarters, oldest first
    total: QuarterResults  # the whole span of `results` as one period
    goal_quarter: str  # the quarter of as_of
    goals: list[BriefingGoal]  # its team goals
    action_counts: dict[str, int]  # ActionStatus values and `overdue` → actions
    next_steering: date | None  # item 11.3; None before the first meeting
    steering_met: bool  # the steering group has met on schedule
    steering_months: int = 3  # its rhythm: 3 months, 6 once the total is at least 100
    threshold: int = SMALL_COUNT  # counts under it are suppressed


@aggregate
def briefing(
    session: Session, team_id: int, as_of: date, language: str = "fi", quarters: int = 4
) -> Briefing:
    """The management briefing of team `team_id` on `as_of` in `language` (fi, sv, en)."""
    language = normalise_language(language)
    team_name = session.execute(select(m.Team.name).where(m.Team.id == team_id)).scalar_one()
    names = scale(language)
    assessed = history.totals(session, team_id)
    fidelity = [
        FidelityPoint(day, int(total), names.band_name(int(total)))
        for day, total in zip(assessed["date"], assessed["total"], strict=True)
        if day <= as_of
    ]
    per_quarter = quarter_results(session, team_id, as_of, quarters)
    first = per_quarter[0]
    span = f"{first.quarter}–{per_quarter[-1].quarter}"
    total = period_results(session, team_id, span, first.first, as_of)
    steering = steering_on_schedule(session, team_id, as_of)
    return Briefing(
        team_name=team_name,
        as_of=as_of,
        language=language,
        fidelity=fidelity,
        next_assessment=history.next_due(session, team_id, as_of),
        results=per_quarter,
        total=total,
        goal_quarter=quarter_of(as_of),
        goals=briefing_goals(session, team_id, as_of, per_quarter[-1]),
        action_counts=status_counts(session, team_id, as_of),
        next_steering=steering.details["due"],
        steering_met=bool(steering.met),
        steering_months=steering.details["months"],
    )


# ------------------------------------------------------------- display helpers
# The counts of the results table; each is the whole of the figure named beside it, which is
# hidden whenever the count's cell is (a rate shown would tell a hidden whole is not small).
COUNT_FIELDS = (
    "referred",
    "module1_assessed",
    "employed",
    "feedback_count",
    "ips_whole",
    "out_of_work_whole",
)


def count_cells(b: Briefing) -> dict[str, list[str]]:
    """Each count of the results table as shown, per quarter and (last) for the whole
    span: under the threshold as `< 5`, and in each row, where the span's total would give
    a small quarter away, the smallest other quarter hidden too (`suppressed_counts`)."""
    cells = {}
    for name in COUNT_FIELDS:
        total = getattr(b.total, name)
        counts = [getattr(q, name) for q in b.results]
        shown = suppressed_counts(counts, total, b.threshold)
        cells[name] = [*shown, shown_count(total, b.threshold)]
    return cells


def _periods(b: Briefing) -> list[QuarterResults]:
    return [*b.results, b.total]


def _shown(cells: dict[str, list[str]], name: str, index: int, b: Briefing) -> bool:
    """Whether count `name` of period `index` is shown as it is."""
    return cells[name][index] == str(getattr(_periods(b)[index], name))


def _rate(part: int, whole: int, rate: float | None, whole_shown: bool, b: Briefing) -> str:
    """`41 %` when the rate may be shown and its whole is, else `–`."""
    if rate is None or not whole_shown or not rate_shown(part, whole, b.threshold):
        return NO_FIGURE
    return format_percent(rate, 0, b.language)


def _mean(value: float | None, n: int, n_shown: bool, b: Briefing) -> str:
    """A mean over `n` clients (answers), shown when `n` is shown and not small."""
    if value is None or not n or not n_shown or is_small(n, b.threshold):
        return NO_FIGURE
    return format_number(value, 1, b.language)


def quarter_heading(q: QuarterResults, t: Translate) -> str:
    """`2026Q2`, or `2026Q3 (until 15.8.2026)` for a quarter cut short."""
    if q.last < quarter_bounds(q.quarter)[1]:
        return t("briefing.results.until", quarter=q.quarter, date=format_date(q.last))
    return q.quarter


def results_table(b: Briefing, t: Translate) -> list[list[str]]:
    """Seed 000's result measures and both employment rates: a header (measure, each quarter,
    the whole span) and one row per measure, every count, rate and mean suppressed as the
    module text says."""
    cells = count_cells(b)
    periods = list(enumerate(_periods(b)))

    def shown(name: str, index: int) -> bool:
        return _shown(cells, name, index, b)

    def ips(index: int, q: QuarterResults) -> str:
        return _rate(q.ips_part, q.ips_whole, q.ips_rate, shown("ips_whole", index), b)

    def out_of_work(index: int, q: QuarterResults) -> str:
        whole_shown = shown("out_of_work_whole", index)
        return _rate(q.out_of_work_part, q.out_of_work_whole, q.out_of_work_rate, whole_shown, b)

    def level(index: int, q: QuarterResults) -> str:
        if ips(index, q) == NO_FIGURE:
            return NO_FIGURE
        return t(f"briefing.level.{ips_level(q.ips_rate)}")

    def reached(index: int, q: QuarterResults) -> str:
        if out_of_work(index, q) == NO_FIGURE:
            return NO_FIGURE
        value = round(q.out_of_work_rate, BAND_PRECISION)
        return t("briefing.yes") if value >= OUT_OF_WORK_BENCHMARK else t("briefing.no")

    def continued(index: int, q: QuarterResults) -> str:
        part, whole = q.continued_after_module1, q.module1_assessed
        return _rate(part, whole, q.continued_share, shown("module1_assessed", index), b)

    def feedback(index: int, q: QuarterResults) -> str:
        return _mean(q.feedback_mean, q.feedback_count, shown("feedback_count", index), b)

    r = "briefing.results."
    benchmark = format_percent(OUT_OF_WORK_BENCHMARK, 0, b.language)
    return [
        [t(r + "measure"), *(quarter_heading(q, t) for q in b.results), t(r + "whole_period")],
        [t(r + "referred"), *cells["referred"]],
        [t(r + "module1_assessed"), *cells["module1_assessed"]],
        [t(r + "continued"), *(continued(i, q) for i, q in periods)],
        [t(r + "employed"), *cells["employed"]],
        [t(r + "feedback_count"), *cells["feedback_count"]],
        [t(r + "feedback_mean"), *(feedback(i, q) for i, q in periods)],
        [t(r + "ips_whole"), *cells["ips_whole"]],
        [t(r + "ips_rate"), *(ips(i, q) for i, q in periods)],
        [t(r + "ips_level"), *(level(i, q) for i, q in periods)],
        [t(r + "out_of_work_whole"), *cells["out_of_work_whole"]],
        [t(r + "out_of_work_rate"), *(out_of_work(i, q) for i, q in periods)],
        [t(r + "out_of_work_reached", benchmark=benchmark), *(reached(i, q) for i, q in periods)],
    ]


def benchmarks_text(b: Briefing, t: Translate) -> str:
    """What both employment rates count and the IPS benchmarks they are read against: each
    rate's name and its definition from the metrics catalog (`ote.metrics.definitions`),
    in the briefing's language."""
    return " ".join(
        f"{t(f'metrics.{key}.name')}: {counted_text(key, b.language)}" for key in RATE_MEASURES
    )


# The results table's measures (ote.metrics.definitions keys), in the table's order.
RESULT_MEASURES = (
    "clients_referred",
    "continued_after_module1",
    "clients_employed",
    "feedback_mean",
    "employment_rate_ips",
    "employment_rate_out_of_work",
)
RATE_MEASURES = ("employment_rate_ips", "employment_rate_out_of_work")


def result_definitions(b: Briefing) -> list[str]:
    """The definitions of the results table's measures (Markdown, the briefing's language),
    each counted over the table's periods."""
    return [definition(key, b.language, window=PERIOD) for key in RESULT_MEASURES]


def goal_definitions(b: Briefing) -> list[str]:
    """The definitions of the measures of this quarter's team goals, counted over the
    quarter up to the briefing's date, as `ote.goals` counts their actuals."""
    first = quarter_bounds(b.goal_quarter)[0]
    measures = dict.fromkeys(g.measure for g in b.goals if g.measure in GOAL_MEASURES)
    return [goal_definition(measure, b.language, first, b.as_of) for measure in measures]


def _goal_value(measure: str, value: float | None, b: Briefing) -> str:
    if value is None:
        return NO_FIGURE
    if measure in COUNT_MEASURES:
        return format_number(value, 0, b.language)
    if measure in PERCENT_MEASURES:
        return format_percent(value, 0, b.language)
    return format_number(value, 1, b.language)


# Goals whose actual is a figure of the results table's current quarter, or rests on one of
# its counts: shown only where the results table shows that count.
GOAL_WHOLES = {
    G.CLIENTS_REFERRED.value: "referred",
    G.CLIENTS_EMPLOYED.value: "employed",
    G.FEEDBACK_MEAN.value: "feedback_count",
    G.EMPLOYMENT_RATE_IPS.value: "ips_whole",
    G.EMPLOYMENT_RATE_OUT_OF_WORK.value: "out_of_work_whole",
    G.ATTACHED_REFERRAL_SHARE.value: "referred",  # the clients referred in the quarter
}


def goal_actual_shown(goal: BriefingGoal, b: Briefing) -> bool:
    """Whether a goal's actual (and so its verdict) may be shown; see the module text. A
    stored actual of a measure resting on clients has no basis to judge by: not shown."""
    if goal.actual is None:
        return False
    measure, part, whole = goal.measure, goal.part, goal.whole
    if measure in COUNT_MEASURES and whole is None:  # a stored count: judged by itself
        return not is_small(round(goal.actual), b.threshold)
    if measure in SHARE_MEASURES and (
        part is None or whole is None or not rate_shown(part, whole, b.threshold)
    ):
        return False
    if measure in MEAN_MEASURES and (not whole or is_small(whole, b.threshold)):
        return False
    if measure in GOAL_WHOLES and whole is not None:
        return _shown(count_cells(b), GOAL_WHOLES[measure], len(b.results) - 1, b)
    return True


def goals_table(b: Briefing, t: Translate) -> list[list[str]]:
    """This quarter's team goals: a header (measure, target, actual, met) and one row per
    goal; a hidden actual is `< 5` for a count, else `–`, and hides the verdict too."""
    g = "briefing.goals."
    known = {x.value for x in GoalMeasure}
    rows = [[t(g + "measure"), t(g + "target"), t(g + "actual"), t(g + "met")]]
    for goal in b.goals:
        label = t(f"enum.GoalMeasure.{goal.measure}") if goal.measure in known else goal.measure
        if goal_actual_shown(goal, b):
            actual = _goal_value(goal.measure, goal.actual, b)
            if goal.met is None:
                verdict = NO_FIGURE
            elif goal.final:
                verdict = t(g + "met_yes") if goal.met else t(g + "met_no")
            else:
                verdict = t(g + "on_course") if goal.met else t(g + "not_yet")
        else:
            count = goal.measure in COUNT_MEASURES and goal.actual is not None
            actual = f"< {b.threshold}" if count else NO_FIGURE
            verdict = NO_FIGURE
        rows.append([label, _goal_value(goal.measure, goal.target, b), actual, verdict])
    return rows


ACTION_ROWS = (*(s.value for s in ActionStatus), "overdue")


def actions_table(b: Briefing, t: Translate) -> list[list[str]]:
    """The steering group's actions by status, and the open ones overdue: a header (status,
    actions) and one row each. These count the group's own actions, not people, so they are
    shown as they are (the "< 5" rule protects clients)."""
    a = "briefing.actions."
    counts = [b.action_counts.get(key, 0) for key in ACTION_ROWS]
    labels = [t(f"enum.ActionStatus.{s.value}") for s in ActionStatus] + [t(a + "overdue")]
    shown = [str(count) for count in counts]
    return [[t(a + "status"), t(a + "count")], *map(list, zip(labels, shown, strict=True))]


def fidelity_table(b: Briefing, t: Translate) -> list[list[str]]:
    """The final assessments' totals over time: a header (date, total, band) and one row
    each, oldest first."""
    f = "briefing.fidelity."
    return [
        [t(f + "date"), t(f + "total"), t(f + "band")],
        *([format_date(p.date), str(p.total), p.band] for p in b.fidelity),
    ]


def assessment_text(b: Briefing, t: Translate) -> str:
    """When the next fidelity assessment is due (item 11.2)."""
    if b.next_assessment is None:
        return t("briefing.fidelity.none")
    key = "briefing.fidelity.late" if b.next_assessment < b.as_of else "briefing.fidelity.next"
    return t(key, date=format_date(b.next_assessment))


def steering_text(b: Briefing, t: Translate) -> str:
    """When the steering group meets next (item 11.3), or that it is late."""
    if b.next_steering is None:
        return t("briefing.steering.never", months=b.steering_months)
    key = "briefing.steering.next" if b.steering_met else "briefing.steering.late"
    return t(key, date=format_date(b.next_steering), months=b.steering_months)


def privacy_notes(b: Briefing, t: Translate) -> list[str]:
    """The lines that say how small counts are shown."""
    return [
        t("briefing.note.small", threshold=b.threshold),
        t("briefing.note.hidden", threshold=b.threshold),
        t("briefing.note.aggregates"),
    ]
