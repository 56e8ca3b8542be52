"""What every figure OTE shows by name means: one registry of the measures, and their
definitions as a team leader reads them.

Each key of `REGISTRY` is a measure's name in the catalogs (`metrics.<key>.*`): the `Measure`
keys the engine returns, and the other figures the analytics pages show by name (active
clients, job seekers, the weekly employer-contact target, …). An entry names

- the fidelity item or sub-criterion the figure evidences ("17", "8.2"; "000" for a result
  measure of the modular model, seed 000), or None for a figure that is no item's measure;
- the engine function that computes it, so its docstring – the exact definition – is one
  step away (`docstring(key)`);
- its window: a field of `ote.settings.Windows` (the team's own setting), `ON_DATE`, or a
  window the function fixes (`FIXED_WINDOWS`).

`definition(key, language, measure=…)` is the Markdown a page opens from the figure's name:
the name, the item, the window and what is counted. What is counted is the catalog text
`metrics.<key>.definition`, written from the function's docstring and DOMAIN.md §4 in plain
words; a page never keeps a copy of its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from ote.config import DEFAULT_LANGUAGE
from ote.formatting import format_date, format_params
from ote.i18n import normalise_language, translate
from ote.metrics import (
    cadences,
    caseload,
    client_contacts,
    employer_contacts,
    employer_log,
    follow_along,
    jobs,
    pathway,
    population,
    referrals,
    results,
)
from ote.metrics.base import Measure
from ote.settings import Windows
from ote.supervision import coaches

ON_DATE = "on_date"  # a figure on one date (the as-of date, or the week's reference day)
# Windows a function fixes itself (the catalog's metrics.about.window.<name> says which).
DAYS_365 = "days_365"  # the function's default of the last 365 days, not a team setting
QUARTER = "quarter"  # the quarter of the as-of date
ASSESSMENT_MONTHS = "assessment_months"  # 6 months, 12 once a total is at least 100
STEERING_MONTHS = "steering_months"  # 3 months, 6 once a total is at least 100
PERIOD = "period"  # the period chosen on the page: a quarter or a year
WEEK = "week"  # the week chosen on the page, Monday to its reference day
FIXED_WINDOWS = (DAYS_365, QUARTER, ASSESSMENT_MONTHS, STEERING_MONTHS, PERIOD, WEEK)
WINDOW_FIELDS = tuple(f.name for f in fields(Windows) if f.name.endswith(("_days", "_weeks")))

Window = tuple[date | None, date]  # (first, last); first None for a figure on one date


@dataclass(frozen=True)
class Entry:
    key: str
    item: str | None  # "17", "8.2", "000" (seed 000's result measures), or None
    function: Callable[..., Any]  # the engine function whose docstring defines the figure
    window: str  # a Windows field, ON_DATE, or one of FIXED_WINDOWS
    params: dict[str, Any] = field(default_factory=dict)  # the engine's constants the text names


def _entries(*entries: Entry) -> dict[str, Entry]:
    return {entry.key: entry for entry in entries}


IPS = results.IPS_BENCHMARKS
REGISTRY: dict[str, Entry] = _entries(
    # ---------------------------------------------------- the engine's Measure keys
    Entry(
        "caseload_ratio",
        "1",
        caseload.caseload_ratio,
        ON_DATE,
        {"limit": caseload.CASELOAD_LIMIT},
    ),
    Entry("coaching_share", "2", caseload.coaching_share, ON_DATE),
    Entry("attached_referrals", "4", referrals.attached_referrals, "referrals_days"),
    Entry("mdt_attendance", "5.1", cadences.mdt_attendance, "cadence_weeks"),
    Entry(
        "team_structure",
        "7",
        cadences.team_structure,
        "cadence_weeks",
        {"some": cadences.SOME_SHARE, "two_a_month": cadences.TWO_A_MONTH_SHARE},
    ),
    Entry(
        "team_leader_span",
        "8.1",
        cadences.team_leader_span,
        ON_DATE,
        {"most": cadences.MAX_COACHES_PER_LEADER},
    ),
    Entry("weekly_supervision", "8.2", cadences.weekly_supervision, "cadence_weeks"),
    Entry("quarterly_goals", "8.5", cadences.quarterly_goals_set, QUARTER),
    Entry("self_referrals", "9", referrals.self_referrals, DAYS_365),
    Entry(
        "employment_rate_ips",
        "10.5",
        results.employment_rate_ips,
        PERIOD,
        {"minimum": IPS["minimum"], "average": IPS["average"], "excellent": IPS["excellent"]},
    ),
    Entry(
        "employment_rate_out_of_work",
        "10.5",
        results.employment_rate_out_of_work,
        PERIOD,
        {"benchmark": results.OUT_OF_WORK_BENCHMARK},
    ),
    Entry(
        "assessment_schedule",
        "11.2",
        cadences.assessment_on_schedule,
        ASSESSMENT_MONTHS,
        {"high": cadences.HIGH_FIDELITY},
    ),
    Entry(
        "steering_schedule",
        "11.3",
        cadences.steering_on_schedule,
        STEERING_MONTHS,
        {"high": cadences.HIGH_FIDELITY},
    ),
    Entry(
        "days_to_first_employer_contact",
        "15",
        employer_contacts.days_to_first_employer_contact,
        "first_contact_days",
    ),
    Entry(
        "preference_based_contacts",
        "16",
        employer_contacts.preference_based_contacts,
        "preference_days",
    ),
    Entry(
        "employer_contacts_per_week",
        "17",
        employer_contacts.employer_contacts_per_week,
        "contacts_weeks",
        {"target": employer_contacts.TARGET_PER_WEEK, "few": employer_contacts.FEW_JOB_SEEKERS},
    ),
    Entry("job_type_diversity", "19", jobs.job_type_diversity, "jobs_days"),
    Entry("employer_diversity", "20", jobs.employer_diversity, "jobs_days"),
    Entry(
        "competitive_permanent_jobs",
        "21",
        jobs.competitive_permanent_jobs,
        "jobs_days",
        {"clients": jobs.MIN_EMPLOYED_CLIENTS},
    ),
    Entry(
        "follow_along", "23", follow_along.follow_along, "jobs_days", {"kept": follow_along.KEPT}
    ),
    Entry("community_based_work", "24", client_contacts.community_based_work, "community_days"),
    Entry(
        "outreach",
        "25.2",
        client_contacts.outreach_after_missed_meetings,
        "outreach_days",
        {"kept": client_contacts.OUTREACH_KEPT},
    ),
    Entry("continued_after_module1", "000", pathway.continued_after_module1, DAYS_365),
    # ----------------------------------------- other figures the pages show by name
    Entry("active_clients", None, population.active_clients, ON_DATE),
    Entry("job_seekers", None, population.is_job_seeker_on, ON_DATE),
    Entry("waiting_list", None, referrals.waiting_list, ON_DATE),
    Entry("clients_in_module", "000", pathway.clients_by_module, ON_DATE),
    Entry(
        "weekly_employer_contacts",
        "17",
        coaches.coach_week,
        WEEK,
        {"target": employer_contacts.TARGET_PER_WEEK, "few": employer_contacts.FEW_JOB_SEEKERS},
    ),
    Entry("week_job_starts", None, coaches.coach_week, WEEK),
    Entry("week_job_ends", None, coaches.coach_week, WEEK),
    Entry("clients_referred", "000", results.results, PERIOD),
    Entry("clients_employed", "000", results.results, PERIOD),
    Entry("feedback_mean", "000", results.results, PERIOD),
    Entry("jobs_started", None, jobs.job_mix, "jobs_days"),
    Entry("employer_contact_purposes", "18", employer_log.purpose_mix, "preference_days"),
    Entry("known_employers", None, employer_log.employer_register, ON_DATE),
    Entry(
        "cold_employers",
        None,
        employer_log.employer_register,
        ON_DATE,
        {"days": employer_log.COLD_DAYS},
    ),
)

# The measure of each quarterly goal (`ote.enums.GoalMeasure` value → registry key).
GOAL_MEASURES: dict[str, str] = {
    "caseload_ratio": "caseload_ratio",
    "coaching_share": "coaching_share",
    "attached_referral_share": "attached_referrals",
    "days_to_first_employer_contact": "days_to_first_employer_contact",
    "preference_based_share": "preference_based_contacts",
    "employer_contacts_per_week": "employer_contacts_per_week",
    "competitive_permanent_share": "competitive_permanent_jobs",
    "community_based_share": "community_based_work",
    "employment_rate_ips": "employment_rate_ips",
    "employment_rate_out_of_work": "employment_rate_out_of_work",
    "clients_referred": "clients_referred",
    "clients_employed": "clients_employed",
    "feedback_mean": "feedback_mean",
}


# The measures `ote.metrics.evidence.measures` returns – the records' evidence beside the
# fidelity self-assessment – in its order.
EVIDENCE_KEYS: tuple[str, ...] = (
    "caseload_ratio",
    "coaching_share",
    "attached_referrals",
    "mdt_attendance",
    "team_structure",
    "team_leader_span",
    "weekly_supervision",
    "quarterly_goals",
    "assessment_schedule",
    "steering_schedule",
    "days_to_first_employer_contact",
    "preference_based_contacts",
    "employer_contacts_per_week",
    "job_type_diversity",
    "employer_diversity",
    "competitive_permanent_jobs",
    "follow_along",
    "community_based_work",
    "outreach",
)


def evidence_keys(item: str) -> list[str]:
    """The measures of the evidence for fidelity item `item` ("8": 8.1, 8.2 and 8.5)."""
    return [key for key in EVIDENCE_KEYS if REGISTRY[key].item.split(".")[0] == item]


def entry(key: str) -> Entry:
    """The registry's entry of `key`; KeyError for a figure nobody has defined."""
    return REGISTRY[key]


def docstring(key: str) -> str:
    """The engine function's own definition of `key` (its docstring, in English)."""
    return inspect.getdoc(entry(key).function) or ""


def item_text(item: str | None, language: str = DEFAULT_LANGUAGE) -> str | None:
    """`Laatukriteeri 17: Tiivis yhteys työnantajiin`, `… – alakriteeri 8.2`, the modular
    model's result measure for "000"; None for no item."""
    if item is None:
        return None
    if item == "000":
        return translate("metrics.about.seed", language)
    number = item.split(".")[0]
    name = translate(f"fidelity.item.{number}", language)
    if "." in item:
        return translate("metrics.about.subitem", language, item=number, name=name, code=item)
    return translate("metrics.about.item", language, item=number, name=name)


def window_text(
    key: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    measure: Measure | None = None,
    windows: Windows | None = None,
    window: Window | str | None = None,
) -> str:
    """The figure's window in words: the dates of `measure` (or of `window`, a (first, last)
    pair or a FIXED_WINDOWS name), else what the registry says of it with the team's
    `windows` (the defaults without them): `viimeiset 91 päivää`."""
    if measure is not None:
        window = (measure.first, measure.last)
    if isinstance(window, tuple):
        first, last = window
        if first is None:
            return translate("metrics.about.window.on", language, date=format_date(last))
        return translate(
            "metrics.about.window.between",
            language,
            first=format_date(first),
            last=format_date(last),
        )
    name = window or entry(key).window
    windows = windows or Windows()
    if name in WINDOW_FIELDS:
        count = getattr(windows, name)
        kind = "weeks" if name.endswith("_weeks") else "days"
        return translate(f"metrics.about.window.{kind}", language, count=count)
    if name == DAYS_365:
        return translate("metrics.about.window.days", language, count=365)
    if name == ON_DATE:
        return translate("metrics.about.window.on_date", language)
    return translate(f"metrics.about.window.{name}", language, high=cadences.HIGH_FIDELITY)


def counted_text(
    key: str, language: str = DEFAULT_LANGUAGE, *, windows: Windows | None = None
) -> str:
    """What is counted: `metrics.<key>.definition`, with the engine's constants and the
    team's cadence settings in it."""
    windows = windows or Windows()
    params = {
        "share": windows.cadence_share,
        "within": windows.outreach_within_days,
        **entry(key).params,
    }
    return translate(f"metrics.{key}.definition", language, **format_params(params, language))


def definition(
    key: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    measure: Measure | None = None,
    windows: Windows | None = None,
    window: Window | str | None = None,
) -> str:
    """The definition a figure's name opens, as Markdown: its name, the fidelity item, the
    window (the `measure`'s own dates when given, or `window`'s, else the team's `windows`)
    and what is counted – and, for a `measure`, what this figure rests on (its basis)."""
    language = normalise_language(language)
    if measure is not None and measure.key != key:
        raise ValueError(f"a {measure.key} measure given for the definition of {key}")
    entry(key)  # an unknown key is an error, not an empty text
    lines = [f"**{translate(f'metrics.{key}.name', language)}**"]
    item = item_text(entry(key).item, language)
    if item:
        lines.append(item)
    shown = window_text(key, language, measure=measure, windows=windows, window=window)
    lines.append(translate("metrics.about.window_line", language, window=shown))
    lines.append(
        translate(
            "metrics.about.counted_line",
            language,
            counted=counted_text(key, language, windows=windows),
        )
    )
    if measure is not None:
        lines.append(translate("metrics.about.basis_line", language, basis=measure.basis(language)))
    return "\n\n".join(lines)


def goal_definition(measure: str, language: str, first: date, cut: date) -> str:
    """The definition of a quarterly goal's measure (`GoalMeasure` value), counted as
    `ote.goals` counts its actual: over the quarter's days `first` … `cut`, a figure on one
    date on `cut`."""
    key = GOAL_MEASURES[measure]
    window: Window = (None, cut) if entry(key).window == ON_DATE else (first, cut)
    return definition(key, language, window=window)
