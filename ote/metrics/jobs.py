"""The jobs clients get: diverse (items 19, 20) and on the open labour market, permanent
(item 21); and the breakdowns behind those figures – jobs by type and by employer, the
competitive/permanent mix, how long the jobs last, why they end and how many start each
month."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, distinct, extract, func, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months
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


# ------------------------------------------------------------------- breakdowns
UNKNOWN_LABEL = "unknown"  # label_key of the jobs whose end reason is not recorded


@dataclass(frozen=True)
class Count:
    """Jobs with one value of a breakdown: `key` is the value as stored (a job type, an
    employer's name, an end reason; "" for none), `label_key` a catalog key to show instead
    of `key` (None: show `key` as it is), `share` the % of all the jobs broken down (None
    only when there are none). `employer_id` tells apart employers of the same name."""

    key: str
    label_key: str | None
    jobs: int
    share: float | None
    employer_id: int | None = None


def _of_team(query, team_id: int):
    """`query` over m.Job narrowed to the jobs of the team's clients."""
    return query.join(m.Client, m.Client.id == m.Job.client_id).where(m.Client.team_id == team_id)


def _started_in(query, team_id: int, first: date, last: date):
    """`query` narrowed to the team's clients' jobs that started in [first, last] – the jobs
    `job_counts` counts for that window."""
    return _of_team(query, team_id).where(m.Job.start_date.between(first, last))


def _counts(rows, label_keys: dict[str, str] | None = None) -> list[Count]:
    """Counts from (key, jobs[, employer_id]) rows, most jobs first, then by key (and id);
    sorted here rather than in SQL, so that both databases' collations give one order."""
    label_keys = label_keys or {}
    total = sum(int(row[1]) for row in rows)
    counts = [
        Count(
            key=row[0],
            label_key=label_keys.get(row[0]),
            jobs=int(row[1]),
            share=percent(int(row[1]), total),
            employer_id=row[2] if len(row) > 2 else None,
        )
        for row in rows
    ]
    return sorted(counts, key=lambda c: (-c.jobs, c.key, c.employer_id or 0))


def jobs_by_type(session: Session, team_id: int, first: date, last: date) -> list[Count]:
    """Item 19 – the team's clients' jobs that started in [first, last] by `job_type` (the
    text as stored, so that the number of rows is the distinct types of
    `job_type_diversity`), most jobs first, then by type."""
    rows = session.execute(
        _started_in(select(m.Job.job_type, func.count(m.Job.id)), team_id, first, last).group_by(
            m.Job.job_type
        )
    ).all()
    return _counts(rows)


def jobs_by_employer(session: Session, team_id: int, first: date, last: date) -> list[Count]:
    """Item 20 – the same jobs as `jobs_by_type` by employer: `key` is the employer's name,
    `employer_id` its id. Grouped by the id, as `employer_diversity` counts them, so two
    employers of the same name are two rows. Most jobs first, then by name and id."""
    rows = session.execute(
        _started_in(
            select(m.Employer.name, func.count(m.Job.id), m.Employer.id), team_id, first, last
        )
        .join(m.Employer, m.Employer.id == m.Job.employer_id)
        .group_by(m.Employer.id, m.Employer.name)
    ).all()
    return _counts(rows)


@dataclass(frozen=True)
class JobMix:
    jobs: int
    competitive: int
    permanent: int
    competitive_permanent: int  # item 21's numerator
    fixed_term: int  # not permanent (competitive or not)


def _how_many(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def job_mix(session: Session, team_id: int, first: date, last: date) -> JobMix:
    """Item 21 – of the team's clients' jobs that started in [first, last]: how many are
    competitive (open labour market), permanent, both, and fixed-term (not permanent)."""
    jobs, competitive, permanent, both = session.execute(
        _started_in(
            select(
                func.count(m.Job.id),
                _how_many(m.Job.competitive.is_(True)),
                _how_many(m.Job.permanent.is_(True)),
                _how_many(and_(m.Job.competitive.is_(True), m.Job.permanent.is_(True))),
            ),
            team_id,
            first,
            last,
        )
    ).one()
    jobs, permanent = int(jobs), int(permanent)
    return JobMix(jobs, int(competitive), permanent, int(both), jobs - permanent)


@dataclass(frozen=True)
class Tenure:
    jobs: int
    ended: int  # ended on or before `on`
    ongoing: int  # still going on `on`, also those with an end date after it
    median_days: float | None
    mean_days: float | None
    lasted_90_days: int
    lasted_180_days: int


def tenure(session: Session, team_id: int, first: date, last: date, on: date) -> Tenure:
    """How long the team's clients' jobs that started in [first, last] have lasted by `on`
    (not before `last`): a job's days are counted from its start to its end date, both
    included (the end date is its last day at work), or to `on` while it goes on – a job
    with an end date after `on` counts as ongoing on `on`, and a job ending on `on` as
    ended. The median and the mean are over all the jobs, the ongoing ones counted to `on`,
    so they are a lower bound of how long the jobs will last. `lasted_90_days` and
    `lasted_180_days`: the jobs held on at least 90 (180) days so far. Durations come from one
    query grouped by start, end (or `on`) and whether ended."""
    if on < last:
        raise ValueError(f"tenure is counted on or after the window's last day {last}, not {on}")
    ended = and_(m.Job.end_date.is_not(None), m.Job.end_date <= on)
    until = case((ended, m.Job.end_date), else_=on)
    has_ended = case((ended, 1), else_=0)
    rows = session.execute(
        _started_in(
            select(m.Job.start_date, until, has_ended, func.count(m.Job.id)),
            team_id,
            first,
            last,
        ).group_by(m.Job.start_date, until, has_ended)
    ).all()
    days: list[int] = []
    ended_jobs = 0
    for start, end, is_ended, count in rows:
        days += [(end - start).days + 1] * int(count)
        ended_jobs += int(count) if int(is_ended) else 0
    return Tenure(
        jobs=len(days),
        ended=ended_jobs,
        ongoing=len(days) - ended_jobs,
        median_days=float(statistics.median(days)) if days else None,
        mean_days=statistics.fmean(days) if days else None,
        lasted_90_days=sum(1 for d in days if d >= 90),
        lasted_180_days=sum(1 for d in days if d >= 180),
    )


def end_reasons(session: Session, team_id: int, first: date, last: date) -> list[Count]:
    """The team's clients' jobs that ended in [first, last] (whenever they started) by
    `end_reason` (trimmed); a reason not recorded or blank is key "" with label_key "unknown". Most
    jobs first, then by reason; `share` is the % of the jobs that ended in the window."""
    reason = func.coalesce(func.trim(m.Job.end_reason), "")
    rows = session.execute(
        _of_team(select(reason, func.count(m.Job.id)), team_id)
        .where(m.Job.end_date.between(first, last))
        .group_by(reason)
    ).all()
    return _counts(rows, {"": UNKNOWN_LABEL})


def jobs_per_month(
    session: Session, team_id: int, as_of: date, months: int = 12
) -> list[tuple[str, int]]:
    """The team's clients' jobs started in each of the last `months` calendar months up to
    `as_of` (its month counted to `as_of`), oldest first, every month listed:
    [("2025-07", 1), …, ("2026-06", 0)]. One query grouped by year and month."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    first = add_months(as_of.replace(day=1), 1 - months)
    year = extract("year", m.Job.start_date)
    month = extract("month", m.Job.start_date)
    rows = session.execute(
        _started_in(select(year, month, func.count(m.Job.id)), team_id, first, as_of).group_by(
            year, month
        )
    ).all()
    started = {(int(y), int(mo)): int(count) for y, mo, count in rows}
    result = []
    for number in range(months):
        day = add_months(first, number)
        result.append((f"{day.year:04d}-{day.month:02d}", started.get((day.year, day.month), 0)))
    return result
