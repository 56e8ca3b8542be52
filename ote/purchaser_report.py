"""The provider's report to the purchaser (*palvelunostaja*; DOMAIN.md §2): seed 000's result
measures ("Tulosten arvioiminen" – clients referred, the share continuing after module 1,
clients employed, client feedback, and "palveluntuottajan raportointi palvelun toteutumisesta
palvelunostajalle"), the employment rates of item 10.5, where the module assessments sent the
clients, and the outcomes of the law-based coaching periods of seed 004 – for any period
(a quarter, a year), as a PDF and an XLSX workbook.

The purchaser gets aggregates only (DOMAIN.md §5): no client code, no coach, no row about one
client. Every count goes through `ote.privacy` in ONE place, `report_rows` (with the module
flows it lists), which both outputs are built from:
- a count under 5 is shown as "< 5" (`shown_count`);
- a part of a whole the report shows beside it (module-1 assessments that continued, the
  employed of a rate's clients, the law periods that reached the result, …) is also hidden
  when the rest (whole − part) is under 5, as the rest could be worked out from the two;
  the parts of one partition (feedback ARVI / written / none) are suppressed together
  (`suppressed_counts` with the total, so one small part cannot be worked out);
- a percentage is shown only when `rate_shown` allows it, a mean feedback score only when
  the number of feedbacks is not small; "–" otherwise.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from ote import models as m
from ote import pdf
from ote.access import aggregate
from ote.enums import CoachingGoal, CoachingPeriodFeedback, Module
from ote.formatting import format_date, format_number, format_percent
from ote.i18n import Translator, translate
from ote.metrics.base import percent
from ote.metrics.definitions import counted_text
from ote.metrics.law_periods import period_checks
from ote.metrics.pathway import MODULE_ORDER, module_flows
from ote.metrics.results import (
    IPS_BENCHMARKS,
    OUT_OF_WORK_BENCHMARK,
    employment_rate_ips,
    employment_rate_out_of_work,
    results,
)
from ote.privacy import SMALL_COUNT, is_small, rate_shown, shown_count, suppressed_counts
from ote.records.coaching_periods import GOALS_FOR_RESULT

NO_FEEDBACK = "none"
FEEDBACK_KINDS = (*(kind.value for kind in CoachingPeriodFeedback), NO_FEEDBACK)
NO_FIGURE = "–"

Translate = Callable[..., str]  # t(key, **params), e.g. an `ote.i18n.Translator`


@dataclass(frozen=True)
class LawPeriodOutcomes:
    """Seed 004: the team's law-based coaching periods that ended (end_date) in the period."""

    periods_ended: int
    result_reached: int  # ≥ GOALS_FOR_RESULT goals reached, or concrete next steps set
    goals: dict[str, int]  # CoachingGoal value → periods that reached it (every goal, zeros too)
    feedback: dict[str, int]  # "arvi" / "written" / "none" → periods
    start_notices: int  # periods with a start notice date recorded
    end_notices: int  # periods with an end notice date recorded
    rule_breaks: int  # periods with at least one rule break (`period_checks` on `last`)


@dataclass(frozen=True)
class PurchaserReport:
    team_name: str
    first: date
    last: date
    language: str
    referred: int  # clients with a referral date in the period
    started: int  # clients whose service started in the period
    ended: int  # clients whose service ended in the period
    module1_assessed: int  # module-1 assessments in the period
    continued_after_module1: int  # … that decided on another module
    employed: int  # distinct clients with a job start in the period
    feedback_count: int
    feedback_mean: float | None
    ips_part: int  # clients in service in the period who worked in a competitive job
    ips_whole: int  # clients in service at any time in the period
    ips_rate: float | None  # %
    out_of_work_part: int  # … of those with no job at their start, those who started one
    out_of_work_whole: int  # clients in service in the period with no job at their start
    out_of_work_rate: float | None  # %
    module_flows: list[tuple[str, str, int]]  # (assessed module, next module or exit, count)
    law: LawPeriodOutcomes


@aggregate
def purchaser_report(
    session: Session, team_id: int, first: date, last: date, language: str = "fi"
) -> PurchaserReport:
    """The report on team `team_id` for `first` … `last` (both included). The figures come
    from `ote.metrics` (results, employment rates, module flows, law-period checks); only
    the clients started/ended in the period and the law-period outcomes are counted here."""
    if first > last:
        raise ValueError(f"the period starts after it ends: {first} > {last}")
    team = session.get(m.Team, team_id)
    if team is None:
        raise ValueError(f"no team with id {team_id}")
    found = results(session, team_id, first, last)
    started, ended = session.execute(
        select(
            func.count(m.Client.id).filter(m.Client.service_start.between(first, last)),
            func.count(m.Client.id).filter(m.Client.service_end.between(first, last)),
        ).where(m.Client.team_id == team_id)
    ).one()
    ips = employment_rate_ips(session, team_id, first, last)
    out_of_work = employment_rate_out_of_work(session, team_id, first, last)
    flows = module_flows(session, team_id, first, last)
    return PurchaserReport(
        team_name=team.name,
        first=first,
        last=last,
        language=Translator(language).language,
        referred=found.referred,
        started=int(started),
        ended=int(ended),
        module1_assessed=found.module1_assessed,
        continued_after_module1=found.continued_after_module1,
        employed=found.employed,
        feedback_count=found.feedback_count,
        feedback_mean=found.feedback_mean,
        ips_part=ips.basis_params["employed"],
        ips_whole=ips.basis_params["active"],
        ips_rate=ips.value,
        out_of_work_part=out_of_work.basis_params["employed"],
        out_of_work_whole=out_of_work.basis_params["clients"],
        out_of_work_rate=out_of_work.value,
        module_flows=[(flow.source, flow.target, flow.count) for flow in flows],
        law=law_period_outcomes(session, team_id, first, last),
    )


def law_period_outcomes(
    session: Session, team_id: int, first: date, last: date
) -> LawPeriodOutcomes:
    """Seed 004's outcomes of the team's law-based coaching periods with an end date in
    `first` … `last`. Rule breaks are those `period_checks` finds on `last` (every period
    counted has ended by then, so all its weeks are checked)."""
    period = m.CoachingPeriod
    of_team_ended_in_period = (
        m.Client.team_id == team_id,
        period.end_date.between(first, last),
    )
    rows = session.execute(
        select(
            period.id,
            period.feedback,
            period.next_steps_set,
            period.start_notice_on,
            period.end_notice_on,
        )
        .join(m.Client, m.Client.id == period.client_id)
        .where(*of_team_ended_in_period)
    ).all()
    reached_goals: dict[int, set[str]] = defaultdict(set)
    for period_id, goal in session.execute(
        select(m.CoachingPeriodGoal.period_id, m.CoachingPeriodGoal.goal)
        .join(period, period.id == m.CoachingPeriodGoal.period_id)
        .join(m.Client, m.Client.id == period.client_id)
        .where(*of_team_ended_in_period)
    ):
        reached_goals[period_id].add(goal)
    ids = {row[0] for row in rows}
    broken = {check.period_id for check in period_checks(session, team_id, last) if check.breaks}
    goals = {goal.value: 0 for goal in CoachingGoal}
    for reached in reached_goals.values():
        for goal in reached:
            goals[goal] = goals.get(goal, 0) + 1
    feedback = dict.fromkeys(FEEDBACK_KINDS, 0)
    for _, kind, _, _, _ in rows:
        feedback[kind if kind in feedback else NO_FEEDBACK] += 1
    return LawPeriodOutcomes(
        periods_ended=len(rows),
        result_reached=sum(
            1
            for period_id, _, next_steps, _, _ in rows
            if next_steps or len(reached_goals[period_id]) >= GOALS_FOR_RESULT
        ),
        goals=goals,
        feedback=feedback,
        start_notices=sum(1 for row in rows if row[3] is not None),
        end_notices=sum(1 for row in rows if row[4] is not None),
        rule_breaks=len(ids & broken),
    )


# ----------------------------------------------------------------- shown values
def _part(part: int, whole: int) -> str:
    """A part shown beside its whole: "< 5" when it is small, or when the rest is (the rest
    could be worked out as whole − part)."""
    return suppressed_counts([part, whole - part], total=whole)[0]


def _rate(part: int, whole: int, value: float | None, language: str) -> str:
    if value is None or not rate_shown(part, whole):
        return NO_FIGURE
    return format_percent(value, 0, language)


def _label(t: Translate, key: str, fallback: str) -> str:
    """An enumeration label, or the code itself when the catalog has none."""
    text = t(key)
    return fallback if text == key else text


def _target_label(t: Translate, target: str) -> str:
    if target in MODULE_ORDER:
        return _label(t, f"enum.Module.{target}", target)
    return _label(t, f"enum.ModuleExit.{target}", target)


def _continues(source: str, target: str) -> bool:
    """Module 1's assessments that went on to another module (seed 000)."""
    return source == Module.START.value and target in MODULE_ORDER and target != source


def flow_rows(report: PurchaserReport, t: Translate) -> list[tuple[str, str, str]]:
    """The module flows as (assessed module, next module or exit, shown count). Every
    small flow is "< 5". Module 1's flows form two groups whose totals can be worked out
    from the report (the module-1 assessments that continued, and the rest), so each group
    is suppressed against its total; other modules' totals are not shown."""
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for index, (source, target, _) in enumerate(report.module_flows):
        groups[(source, _continues(source, target))].append(index)
    shown: dict[int, str] = {}
    for (source, _), indices in groups.items():
        counts = [report.module_flows[index][2] for index in indices]
        total = sum(counts) if source == Module.START.value else None
        shown.update(zip(indices, suppressed_counts(counts, total=total), strict=True))
    return [
        (_label(t, f"enum.Module.{source}", source), _target_label(t, target), shown[index])
        for index, (source, target, _) in enumerate(report.module_flows)
    ]


Section = tuple[str, str, list[tuple[str, str]]]  # (key, heading, [(label, shown value), …])


def _sections(report: PurchaserReport, t: Translate) -> list[Section]:
    """The report's figures by section. This (with `flow_rows`) is where every count is
    suppressed (see the module's docstring); `report_rows`, the PDF and the workbook all
    take their values from here."""
    language = report.language
    law = report.law
    mean = (
        format_number(report.feedback_mean, 1, language)
        if report.feedback_mean is not None
        and report.feedback_count > 0
        and not is_small(report.feedback_count)
        else NO_FIGURE
    )
    result_rows = [
        (t("purchaser_report.row.referred"), shown_count(report.referred)),
        (t("purchaser_report.row.started"), shown_count(report.started)),
        (t("purchaser_report.row.ended"), shown_count(report.ended)),
        (t("purchaser_report.row.module1_assessed"), shown_count(report.module1_assessed)),
        (
            t("purchaser_report.row.continued_after_module1"),
            _part(report.continued_after_module1, report.module1_assessed),
        ),
        (
            t("purchaser_report.row.continued_share"),
            _rate(
                report.continued_after_module1,
                report.module1_assessed,
                percent(report.continued_after_module1, report.module1_assessed),
                language,
            ),
        ),
        (t("purchaser_report.row.employed"), shown_count(report.employed)),
        (t("purchaser_report.row.feedback_count"), shown_count(report.feedback_count)),
        (t("purchaser_report.row.feedback_mean"), mean),
    ]
    employment_rows = [
        (t("purchaser_report.row.ips_whole"), shown_count(report.ips_whole)),
        (t("purchaser_report.row.ips_part"), _part(report.ips_part, report.ips_whole)),
        (
            t("purchaser_report.row.ips_rate"),
            _rate(report.ips_part, report.ips_whole, report.ips_rate, language),
        ),
        (t("purchaser_report.row.out_of_work_whole"), shown_count(report.out_of_work_whole)),
        (
            t("purchaser_report.row.out_of_work_part"),
            _part(report.out_of_work_part, report.out_of_work_whole),
        ),
        (
            t("purchaser_report.row.out_of_work_rate"),
            _rate(
                report.out_of_work_part, report.out_of_work_whole, report.out_of_work_rate, language
            ),
        ),
    ]
    flows = [
        (t("purchaser_report.flow", source=source, target=target), count)
        for source, target, count in flow_rows(report, t)
    ]
    ended = law.periods_ended
    feedback_counts = [law.feedback.get(kind, 0) for kind in FEEDBACK_KINDS]
    feedback_shown = suppressed_counts(feedback_counts, total=ended)
    law_rows = [
        (t("purchaser_report.row.periods_ended"), shown_count(ended)),
        (t("purchaser_report.row.result_reached"), _part(law.result_reached, ended)),
        *(
            (
                t(
                    "purchaser_report.row.goal",
                    goal=_label(t, f"enum.CoachingGoal.{goal}", goal),
                ),
                _part(count, ended),
            )
            for goal, count in law.goals.items()
        ),
        *(
            (
                t(
                    "purchaser_report.row.feedback",
                    kind=t("purchaser_report.no_feedback")
                    if kind == NO_FEEDBACK
                    else _label(t, f"enum.CoachingPeriodFeedback.{kind}", kind),
                ),
                shown,
            )
            for kind, shown in zip(FEEDBACK_KINDS, feedback_shown, strict=True)
        ),
        (t("purchaser_report.row.start_notices"), _part(law.start_notices, ended)),
        (t("purchaser_report.row.end_notices"), _part(law.end_notices, ended)),
        (t("purchaser_report.row.rule_breaks"), _part(law.rule_breaks, ended)),
    ]
    return [
        ("results", t("purchaser_report.section.results"), result_rows),
        ("employment", t("purchaser_report.section.employment"), employment_rows),
        ("flows", t("purchaser_report.section.flows"), flows),
        ("law", t("purchaser_report.section.law"), law_rows),
    ]


def report_rows(report: PurchaserReport, t: Translate) -> list[tuple[str, str]]:
    """Every figure of the report as (label, shown value), suppressed: counts under 5 as
    "< 5" (also where they could be worked out from a total), rates and the mean feedback
    only where no small count lies behind them."""
    return [row for _, _, rows in _sections(report, t) for row in rows]


def _period_text(report: PurchaserReport) -> str:
    return f"{format_date(report.first)}–{format_date(report.last)}"


def _notes(report: PurchaserReport, t: Translate) -> dict[str, str]:
    percent = lambda value: format_percent(value, 0, report.language)  # noqa: E731
    return {
        "small_counts": t("purchaser_report.small_counts", threshold=SMALL_COUNT),
        "benchmarks": t(
            "purchaser_report.benchmarks",
            minimum=percent(IPS_BENCHMARKS["minimum"]),
            average=percent(IPS_BENCHMARKS["average"]),
            excellent=percent(IPS_BENCHMARKS["excellent"]),
            benchmark=percent(OUT_OF_WORK_BENCHMARK),
        ),
    }


# How the report's figures are counted, in its order. The figures the metrics registry
# defines (ote.metrics.definitions) take their text from it; the report's own tables
# (referred/started/ended, module 1, the module flows, the law-based periods) count over the
# report's period and keep theirs (purchaser_report.definition.<key>).
REGISTRY_FIGURES = {
    "employed": "clients_employed",
    "feedback": "feedback_mean",
    "ips": "employment_rate_ips",
    "out_of_work": "employment_rate_out_of_work",
}
DEFINITIONS = ("referred", "module1", "employed", "feedback", "ips", "out_of_work", "flows", "law")


def _definition(key: str, language: str, t: Translate) -> str:
    figure = REGISTRY_FIGURES.get(key)
    if figure is None:
        return t(f"purchaser_report.definition.{key}")
    name = translate(f"metrics.{figure}.name", language)
    return f"{name}: {counted_text(figure, language)}"


# ------------------------------------------------------------------------- PDF
def report_pdf(report: PurchaserReport) -> bytes:
    """The report as an A4 PDF in its language: title, provider team and period; seed 000's
    result measures and the employment rates; the module flows; the law-based periods of
    seed 004; how small counts are shown; how the figures are counted."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    t = Translator(report.language)
    shared = pdf.styles()
    body, small, heading, title = shared.body, shared.small, shared.heading, shared.title
    buffer = io.BytesIO()
    document = pdf.document(buffer, t("purchaser_report.title"), report.team_name)
    cell = lambda text, style=body: pdf.paragraph(text, style)  # noqa: E731
    story = [cell(t("purchaser_report.title"), title)]
    header = [
        (t("purchaser_report.provider"), report.team_name),
        (t("purchaser_report.period"), _period_text(report)),
    ]
    story.append(pdf.table([[cell(a), cell(b)] for a, b in header], (45 * mm, 129 * mm)))
    notes = _notes(report, t)
    story.append(Spacer(1, 3 * mm))
    story.append(cell(notes["small_counts"], small))
    for key, name, rows in _sections(report, t):
        story.append(cell(name, heading))
        if key == "flows":
            flows = flow_rows(report, t)
            if not flows:
                story.append(cell(t("purchaser_report.no_flows"), body))
                continue
            columns = [
                t("purchaser_report.column.from"),
                t("purchaser_report.column.to"),
                t("purchaser_report.column.count"),
            ]
            table = [[cell(text, small) for text in columns]]
            table += [[cell(a), cell(b), cell(c)] for a, b, c in flows]
            story.append(pdf.table(table, (62 * mm, 87 * mm, 25 * mm)))
            continue
        story.append(pdf.table([[cell(a), cell(b)] for a, b in rows], (134 * mm, 40 * mm)))
        if key == "employment":
            story.append(cell(notes["benchmarks"], small))
    story.append(cell(t("purchaser_report.section.definitions"), heading))
    for key in DEFINITIONS:
        story.append(cell(_definition(key, report.language, t), small))
    document.build(story)
    return buffer.getvalue()


# ------------------------------------------------------------------------ XLSX
def _cell_value(shown: str) -> int | str:
    """A shown count that is a plain number becomes a number cell; the rest stay text."""
    return int(shown) if shown.isdigit() else shown


def report_xlsx(report: PurchaserReport) -> bytes:
    """The report as a workbook in its language: a sheet of every figure (section, label,
    value as shown – suppressed), under the title, provider team, period and the note on
    small counts; and a sheet of the module flows (assessed module, next module or exit,
    count as shown)."""
    from openpyxl import Workbook

    t = Translator(report.language)
    workbook = Workbook(write_only=True)
    figures = workbook.create_sheet(t("purchaser_report.sheet.figures"))
    figures.append([t("purchaser_report.title")])
    figures.append([t("purchaser_report.provider"), report.team_name])
    figures.append([t("purchaser_report.period"), _period_text(report)])
    figures.append([_notes(report, t)["small_counts"]])
    figures.append([])
    figures.append(
        [
            t("purchaser_report.column.section"),
            t("purchaser_report.column.figure"),
            t("purchaser_report.column.value"),
        ]
    )
    for _, name, rows in _sections(report, t):
        for label, shown in rows:
            figures.append([name, label, _cell_value(shown)])
    flows = workbook.create_sheet(t("purchaser_report.sheet.flows"))
    flows.append(
        [
            t("purchaser_report.column.from"),
            t("purchaser_report.column.to"),
            t("purchaser_report.column.count"),
        ]
    )
    for source, target, shown in flow_rows(report, t):
        flows.append([source, target, _cell_value(shown)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
