"""The client's path through the modular model (seed 000): modules 1 start and needs
mapping, 2 vocational profile and job-search plan, 3A job-search support, 3B intensive
job-search support, 4 job-start support and 5 continued support, with an assessment
(*arviointi*) after every module that decides the next module or leaving the service.

What is counted, on the team's clients only:
- a client's *running* episode on d: start_date ≤ d and (end_date empty or end_date ≥ d);
- an episode's *assessment* is its `assessed_on` date with its `decision` (`next:<module>`
  or one of `ModuleExit`).
Windows are closed at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.enums import MODULE_DECISIONS, Module
from ote.metrics.base import Measure, days_window
from ote.metrics.population import is_active_on
from ote.metrics.results import results

NO_MODULE = "none"
MODULE_ORDER = {module.value: index for index, module in enumerate(Module)}
DECISION_ORDER = {decision: index for index, decision in enumerate(MODULE_DECISIONS)}
NEXT = "next:"


def _module_key(module: str) -> int:
    return MODULE_ORDER.get(module, len(MODULE_ORDER))


def clients_by_module(session: Session, team_id: int, on: date) -> dict[str, int]:
    """The team's clients active on `on` (`population.is_active_on`), counted by the module
    of their episode running on `on` (start_date ≤ `on` and (end_date empty or ≥ `on`)). A
    client with two running episodes counts once, under the one started last (the later
    start date, then the later row) – as `records.modules.active_clients` shows it. Active
    clients with no running episode count under "none". Keys: every module in `Module`
    order (zero included), then "none"."""
    episode = m.ModuleEpisode
    ranked = (
        select(
            episode.client_id,
            episode.module,
            func.row_number()
            .over(
                partition_by=episode.client_id,
                order_by=(episode.start_date.desc(), episode.id.desc()),
            )
            .label("rank"),
        )
        .join(m.Client, m.Client.id == episode.client_id)
        .where(
            m.Client.team_id == team_id,
            episode.start_date <= on,
            or_(episode.end_date.is_(None), episode.end_date >= on),
        )
        .subquery()
    )
    current = select(ranked.c.client_id, ranked.c.module).where(ranked.c.rank == 1).subquery()
    rows = session.execute(
        select(current.c.module, func.count(m.Client.id))
        .select_from(m.Client)
        .outerjoin(current, current.c.client_id == m.Client.id)
        .where(m.Client.team_id == team_id, is_active_on(on))
        .group_by(current.c.module)
    ).all()
    counts = {module.value: 0 for module in Module} | {NO_MODULE: 0}
    for module, count in rows:
        counts[module or NO_MODULE] = int(count)
    return counts


@dataclass(frozen=True)
class Flow:
    source: str  # the assessed module, e.g. "1"
    target: str  # the next module ("2", "3A", …) for next:<m>, else the exit ("exit:employed")
    count: int


def _target(decision: str) -> str:
    return decision.removeprefix(NEXT) if decision.startswith(NEXT) else decision


def module_flows(session: Session, team_id: int, first: date, last: date) -> list[Flow]:
    """Where the assessments in `first` … `last` sent the team's clients: module episodes
    with `assessed_on` in the period and a decision, counted by (module, decision). A
    `next:<module>` decision flows to that module (also back to the same one); an exit
    flows to the decision itself (`exit:employed`, …). Episodes without a decision, or
    assessed outside the period, are not counted. Ordered by module (`Module` order), then
    by target: the next modules in `Module` order, then the exits in `ModuleExit` order."""
    episode = m.ModuleEpisode
    rows = session.execute(
        select(episode.module, episode.decision, func.count(episode.id))
        .join(m.Client, m.Client.id == episode.client_id)
        .where(
            m.Client.team_id == team_id,
            episode.assessed_on.between(first, last),
            episode.decision.is_not(None),
        )
        .group_by(episode.module, episode.decision)
    ).all()
    rows = sorted(
        rows,
        key=lambda row: (
            _module_key(row[0]),
            DECISION_ORDER.get(row[1], len(DECISION_ORDER)),
            row[1],
        ),
    )
    return [Flow(module, _target(decision), int(count)) for module, decision, count in rows]


@dataclass(frozen=True)
class AssessmentDue:
    client_id: int
    code: str
    coach_name: str | None
    module: str
    end_date: date
    days_since_end: int  # on − end_date
    overdue: bool  # days_since_end > grace_days
    # Where the row comes from (for links and the weekly agenda), not part of its value.
    coach_id: int | None = field(default=None, compare=False)
    episode_id: int | None = field(default=None, compare=False)
    start_date: date | None = field(default=None, compare=False)


def assessments_due(
    session: Session, team_id: int, on: date, grace_days: int = 14
) -> list[AssessmentDue]:
    """Module episodes waiting for their assessment on `on`: episodes of the team's clients
    active on `on` that have ended (end_date ≤ `on`) and were not assessed by `on`
    (assessed_on empty, or – looking at an earlier date – after `on`). `days_since_end` =
    `on` − end_date; overdue when it is more than `grace_days` (so an episode that ended
    `grace_days` days ago is due, one day later overdue). Most days first, then by client
    code and module."""
    episode = m.ModuleEpisode
    rows = session.execute(
        select(
            m.Client.id,
            m.Client.code,
            m.Staff.name,
            episode.module,
            episode.end_date,
            m.Client.coach_id,
            episode.id,
            episode.start_date,
        )
        .select_from(episode)
        .join(m.Client, m.Client.id == episode.client_id)
        .outerjoin(m.Staff, m.Staff.id == m.Client.coach_id)
        .where(
            m.Client.team_id == team_id,
            is_active_on(on),
            episode.end_date <= on,
            or_(episode.assessed_on.is_(None), episode.assessed_on > on),
        )
    ).all()
    due = [
        AssessmentDue(
            client_id,
            code,
            coach,
            module,
            end,
            (on - end).days,
            (on - end).days > grace_days,
            coach_id,
            episode_id,
            start,
        )
        for client_id, code, coach, module, end, coach_id, episode_id, start in rows
    ]
    return sorted(due, key=lambda row: (-row.days_since_end, row.code, _module_key(row.module)))


def continued_after_module1(
    session: Session, team_id: int, as_of: date, days: int = 365
) -> Measure:
    """Seed 000, "moduuli 1:stä jatkaneiden osuus": of the team's module-1 assessments
    (`assessed_on`) in the last `days` days, the % that decided on another module
    (`next:<module>` other than `next:1`) – exactly `results.results()`'s
    `continued_share` for that window. `n` = the module-1 assessments. No suggested score
    (a result measure, not a fidelity item); no assessments: value None."""
    first, last = days_window(as_of, days)
    found = results(session, team_id, first, last)
    return Measure(
        key="continued_after_module1",
        item="000",
        value=found.continued_share,
        unit="%",
        n=found.module1_assessed,
        first=first,
        last=last,
        suggested_score=None,
        basis_params={
            "continued": found.continued_after_module1,
            "assessed": found.module1_assessed,
        },
    )
