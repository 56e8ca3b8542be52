"""Results: the result measures of the modular model (seed 000, "Tulosten arvioiminen") and
the employment rates (item 10.5), for any period – a quarter, a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, distinct, func, or_, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import quarter_bounds, quarter_of
from ote.enums import Module
from ote.metrics.base import Measure, percent

IPS_BENCHMARKS = {"minimum": 31.0, "average": 41.0, "excellent": 50.0}  # IPS Learning Community
OUT_OF_WORK_BENCHMARK = 40.0  # IPS Grow


def quarters(as_of: date, count: int) -> list[tuple[str, date, date]]:
    """The last `count` quarters up to the one holding `as_of`, oldest first, each as
    (label, first day, last day); the current quarter ends at `as_of`."""
    found = []
    day = as_of
    for _ in range(count):
        label = quarter_of(day)
        first, last = quarter_bounds(label)
        found.append((label, first, min(last, as_of)))
        day = first - timedelta(days=1)
    return list(reversed(found))


@dataclass(frozen=True)
class Results:
    first: date
    last: date
    referred: int  # clients with a referral date in the period
    module1_assessed: int  # module-1 assessments in the period
    continued_after_module1: int  # … deciding on a next module
    employed: int  # distinct clients with a job start in the period
    feedback_count: int
    feedback_mean: float | None

    @property
    def continued_share(self) -> float | None:
        return percent(self.continued_after_module1, self.module1_assessed)


def results(session: Session, team_id: int, first: date, last: date) -> Results:
    """Seed 000's result measures for the period `first` … `last`: clients referred; the
    share of module-1 assessments in the period that decided on another module (continued
    after module 1; repeating module 1 is not going on); clients employed (distinct clients
    whose job started in the period); and client feedback (count and mean score, 1–5)."""
    in_team = m.Client.team_id == team_id
    referred = session.execute(
        select(func.count()).where(in_team, m.Client.referral_date.between(first, last))
    ).scalar_one()
    assessed, continued = session.execute(
        select(
            func.count(m.ModuleEpisode.id),
            func.count(m.ModuleEpisode.id).filter(
                m.ModuleEpisode.decision.like("next:%"),
                m.ModuleEpisode.decision != f"next:{Module.START.value}",
            ),
        )
        .join(m.Client, m.Client.id == m.ModuleEpisode.client_id)
        .where(
            in_team,
            m.ModuleEpisode.module == Module.START.value,
            m.ModuleEpisode.assessed_on.between(first, last),
        )
    ).one()
    employed = session.execute(
        select(func.count(distinct(m.Job.client_id)))
        .join(m.Client, m.Client.id == m.Job.client_id)
        .where(in_team, m.Job.start_date.between(first, last))
    ).scalar_one()
    feedback_count, feedback_mean = session.execute(
        select(func.count(m.Feedback.id), func.avg(m.Feedback.score))
        .join(m.Client, m.Client.id == m.Feedback.client_id)
        .where(in_team, m.Feedback.date.between(first, last))
    ).one()
    return Results(
        first,
        last,
        int(referred),
        int(assessed),
        int(continued),
        int(employed),
        int(feedback_count),
        float(feedback_mean) if feedback_mean is not None else None,
    )


def _active_during(first: date, last: date):
    """SQL condition: the client was in service at some time from `first` to `last`."""
    return and_(
        m.Client.service_start <= last,
        or_(m.Client.service_end.is_(None), m.Client.service_end >= first),
    )


def employment_rate_ips(session: Session, team_id: int, first: date, last: date) -> Measure:
    """Item 10.5 – employment rate (IPS): of the team's clients in service at any time from
    `first` to `last`, the % who worked in a competitive job at any time in that period while
    in service (a competitive job overlapping both the period and the client's service).
    Benchmarks: 31 % minimum, 41 % average, 50 % excellent (IPS Learning Community)."""
    worked = (
        select(m.Job.id)
        .where(
            m.Job.client_id == m.Client.id,
            m.Job.competitive.is_(True),
            m.Job.start_date <= last,
            or_(m.Job.end_date.is_(None), m.Job.end_date >= first),
            # … and while the client was in service
            or_(m.Client.service_end.is_(None), m.Job.start_date <= m.Client.service_end),
            or_(m.Job.end_date.is_(None), m.Job.end_date >= m.Client.service_start),
        )
        .exists()
    )
    active, employed = session.execute(
        select(func.count(m.Client.id), func.count(m.Client.id).filter(worked)).where(
            m.Client.team_id == team_id, _active_during(first, last)
        )
    ).one()
    value = percent(employed, active)
    return Measure(
        key="employment_rate_ips",
        item="10.5",
        value=value,
        unit="%",
        n=int(active),
        first=first,
        last=last,
        details=IPS_BENCHMARKS,
        basis_params={"employed": int(employed), "active": int(active)},
    )


def employment_rate_out_of_work(session: Session, team_id: int, first: date, last: date) -> Measure:
    """Item 10.5 – employment rate (out of work): of the team's clients in service at any
    time from `first` to `last` who had no job on their service start date, the % who had
    started a job (on or after their service start) by `last`. Benchmark: 40 % (IPS Grow)."""
    job_at_start = (
        select(m.Job.id)
        .where(
            m.Job.client_id == m.Client.id,
            m.Job.start_date <= m.Client.service_start,
            or_(m.Job.end_date.is_(None), m.Job.end_date >= m.Client.service_start),
        )
        .exists()
    )
    started = (
        select(m.Job.id)
        .where(
            m.Job.client_id == m.Client.id,
            m.Job.start_date >= m.Client.service_start,
            m.Job.start_date <= last,
        )
        .exists()
    )
    out_of_work, employed = session.execute(
        select(func.count(m.Client.id), func.count(m.Client.id).filter(started)).where(
            m.Client.team_id == team_id, _active_during(first, last), ~job_at_start
        )
    ).one()
    value = percent(employed, out_of_work)
    return Measure(
        key="employment_rate_out_of_work",
        item="10.5",
        value=value,
        unit="%",
        n=int(out_of_work),
        first=first,
        last=last,
        details={"benchmark": OUT_OF_WORK_BENCHMARK},
        basis_params={"employed": int(employed), "clients": int(out_of_work)},
    )
