"""The jobs clients get: diverse (items 19, 20) and on the open labour market, permanent
(item 21)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, distinct, func, select
from sqlmodel import Session

from ote import models as m
from ote.metrics.base import Measure, days_window, percent, score_at_least

MIN_EMPLOYED_CLIENTS = 10  # item 21: fewer clients with a job start score 1


@dataclass(frozen=True)
class JobCounts:
    first: date
    last: date
    jobs: int
    job_types: int
    employers: int
    clients: int
    competitive_permanent: int


def job_counts(session: Session, team_id: int, as_of: date, days: int = 365) -> JobCounts:
    """Counts over the jobs of the team's clients that started in the last `days` days."""
    first, last = days_window(as_of, days)
    jobs, types, employers, clients, good = session.execute(
        select(
            func.count(m.Job.id),
            func.count(distinct(m.Job.job_type)),
            func.count(distinct(m.Job.employer_id)),
            func.count(distinct(m.Job.client_id)),
            func.coalesce(func.sum(case(((m.Job.competitive & m.Job.permanent), 1), else_=0)), 0),
        )
        .join(m.Client, m.Client.id == m.Job.client_id)
        .where(m.Client.team_id == team_id, m.Job.start_date.between(first, last))
    ).one()
    return JobCounts(first, last, int(jobs), int(types), int(employers), int(clients), int(good))


DIVERSITY_BANDS = (85, 70, 60, 50)


def _diversity(key: str, item: str, counts: JobCounts, distinct_count: int) -> Measure:
    value = percent(distinct_count, counts.jobs)
    return Measure(
        key=key,
        item=item,
        value=value,
        unit="%",
        n=counts.jobs,
        first=counts.first,
        last=counts.last,
        suggested_score=score_at_least(value, DIVERSITY_BANDS),
        basis_params={"distinct": distinct_count, "jobs": counts.jobs},
    )


def job_type_diversity(
    session: Session, team_id: int, as_of: date, days: int = 365, counts: JobCounts | None = None
) -> Measure:
    """Item 19 – diversity of job types: distinct `job_type` ÷ jobs × 100, over the jobs of
    the team's clients that started in the last `days` days (or the `counts` given).
    Suggested: ≥ 85 → 5, ≥ 70 → 4, ≥ 60 → 3, ≥ 50 → 2, else 1."""
    counts = counts or job_counts(session, team_id, as_of, days)
    return _diversity("job_type_diversity", "19", counts, counts.job_types)


def employer_diversity(
    session: Session, team_id: int, as_of: date, days: int = 365, counts: JobCounts | None = None
) -> Measure:
    """Item 20 – diversity of employers: distinct employers ÷ jobs × 100, over the same jobs
    as item 19. Suggested: ≥ 85 → 5, ≥ 70 → 4, ≥ 60 → 3, ≥ 50 → 2, else 1."""
    counts = counts or job_counts(session, team_id, as_of, days)
    return _diversity("employer_diversity", "20", counts, counts.employers)


def competitive_permanent_jobs(
    session: Session, team_id: int, as_of: date, days: int = 365, counts: JobCounts | None = None
) -> Measure:
    """Item 21 – competitive permanent jobs: the % of the same jobs as item 19 that are both
    competitive (open labour market) and permanent. Suggested: fewer than 10 distinct clients
    with a job start in the window → 1; else ≥ 95 → 5, ≥ 85 → 4, ≥ 75 → 3, ≥ 65 → 2,
    else 1."""
    counts = counts or job_counts(session, team_id, as_of, days)
    value = percent(counts.competitive_permanent, counts.jobs)
    if not counts.jobs:
        score = None
    elif counts.clients < MIN_EMPLOYED_CLIENTS:
        score = 1
    else:
        score = score_at_least(value, (95, 85, 75, 65))
    return Measure(
        key="competitive_permanent_jobs",
        item="21",
        value=value,
        unit="%",
        n=counts.jobs,
        first=counts.first,
        last=counts.last,
        suggested_score=score,
        basis_params={
            "good": counts.competitive_permanent,
            "jobs": counts.jobs,
            "clients": counts.clients,
        },
    )
