"""Where clients come from and how long they wait: the share referred by the teams the
coaches are attached to (item 4), referrals per source, the share of self-referrals
(item 9), the waiting list (jono) and the monthly flow into and out of it.

Windows are closed at both ends. The waiting list on a date is exactly
`population.is_waiting_on`: referred on or before it and not started by it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months
from ote.enums import SourceKind
from ote.metrics.base import Measure, days_window, percent, score_at_least
from ote.metrics.population import is_waiting_on


def attached_referrals(session: Session, team_id: int, as_of: date, days: int = 365) -> Measure:
    """Item 4 – referrals from attached teams: the % of the team's clients with a
    `referral_date` in the last `days` days whose referral source is attached (the coaching
    team belongs to it). Suggested: ≥ 90 → 5, ≥ 75 → 4, ≥ 50 → 3, else 2; when the team has
    no attached source at all, 1 (the anchor for coaches working apart from those teams).
    No referrals in the window: no suggestion."""
    first, last = days_window(as_of, days)
    total, attached = session.execute(
        select(
            func.count(m.Client.id),
            func.coalesce(func.sum(case((m.ReferralSource.attached, 1), else_=0)), 0),
        )
        .join(m.ReferralSource, m.ReferralSource.id == m.Client.source_id)
        .where(m.Client.team_id == team_id, m.Client.referral_date.between(first, last))
    ).one()
    has_attached = session.execute(
        select(func.count()).where(
            m.ReferralSource.team_id == team_id, m.ReferralSource.attached.is_(True)
        )
    ).scalar_one()
    value = percent(attached, total)
    if not total:
        score = None
    elif not has_attached:
        score = 1
    else:
        score = score_at_least(value, (90, 75, 50))
    return Measure(
        key="attached_referrals",
        item="4",
        value=value,
        unit="%",
        n=int(total),
        first=first,
        last=last,
        suggested_score=score,
        basis_params={"attached": int(attached), "total": int(total)},
    )


# ------------------------------------------------------------------ per source
@dataclass(frozen=True)
class SourceCount:
    source_id: int
    name: str
    kind: str  # SourceKind value
    attached: bool
    referrals: int  # the team's clients with this source and a referral date in the period


def referrals_by_source(
    session: Session, team_id: int, first: date, last: date
) -> list[SourceCount]:
    """Every referral source of the team – also those with no referrals – with the number
    of the team's clients who have that source and a `referral_date` in `first` … `last`.
    Most referrals first, then by name (then by id, for sources with the same name); sorted
    in Python so that both databases give the same order whatever PostgreSQL's collation."""
    rows = session.execute(
        select(
            m.ReferralSource.id,
            m.ReferralSource.name,
            m.ReferralSource.kind,
            m.ReferralSource.attached,
            func.count(m.Client.id),
        )
        .select_from(m.ReferralSource)
        .outerjoin(
            m.Client,
            and_(
                m.Client.source_id == m.ReferralSource.id,
                m.Client.team_id == team_id,
                m.Client.referral_date.between(first, last),
            ),
        )
        .where(m.ReferralSource.team_id == team_id)
        .group_by(
            m.ReferralSource.id,
            m.ReferralSource.name,
            m.ReferralSource.kind,
            m.ReferralSource.attached,
        )
    ).all()
    found = [
        SourceCount(source_id, name, kind, bool(attached), int(count))
        for source_id, name, kind, attached, count in rows
    ]
    return sorted(found, key=lambda row: (-row.referrals, row.name, row.source_id))


def self_referrals(session: Session, team_id: int, as_of: date, days: int = 365) -> Measure:
    """Item 9 – self-referrals: of the team's clients with a `referral_date` in the last
    `days` days, the % whose referral source is of kind `self_referral`; `n` = those
    clients. No suggested score: the item's anchors are about how open the service is, and
    the assessors score it. No referrals in the window: value None."""
    first, last = days_window(as_of, days)
    total, own = session.execute(
        select(
            func.count(m.Client.id),
            func.count(m.Client.id).filter(m.ReferralSource.kind == SourceKind.SELF_REFERRAL.value),
        )
        .join(m.ReferralSource, m.ReferralSource.id == m.Client.source_id)
        .where(m.Client.team_id == team_id, m.Client.referral_date.between(first, last))
    ).one()
    return Measure(
        key="self_referrals",
        item="9",
        value=percent(own, total),
        unit="%",
        n=int(total),
        first=first,
        last=last,
        suggested_score=None,
        basis_params={"self": int(own), "total": int(total)},
    )


# ------------------------------------------------------------------ waiting list
@dataclass(frozen=True)
class WaitingClient:
    client_id: int
    code: str
    coach_id: int | None
    coach_name: str | None
    referral_date: date
    source_name: str
    days_waited: int  # on − referral_date (0 for a client referred on `on`)


def waiting_list(session: Session, team_id: int, on: date) -> list[WaitingClient]:
    """The team's waiting list (jono) on `on`, exactly as `population.is_waiting_on`:
    clients referred on or before `on` whose service had not started by `on` (no start, or
    a start after `on`; a client who starts on `on` is no longer waiting). `days_waited` =
    `on` − `referral_date`. Longest wait first, then by code (sorted in Python, as
    `referrals_by_source`)."""
    rows = session.execute(
        select(
            m.Client.id,
            m.Client.code,
            m.Client.coach_id,
            m.Staff.name,
            m.Client.referral_date,
            m.ReferralSource.name,
        )
        .join(m.ReferralSource, m.ReferralSource.id == m.Client.source_id)
        .outerjoin(m.Staff, m.Staff.id == m.Client.coach_id)
        .where(m.Client.team_id == team_id, is_waiting_on(on))
    ).all()
    found = [
        WaitingClient(client_id, code, coach_id, coach, referred, source, (on - referred).days)
        for client_id, code, coach_id, coach, referred, source in rows
    ]
    return sorted(found, key=lambda row: (-row.days_waited, row.code))


# ------------------------------------------------------------------ monthly flow
@dataclass(frozen=True)
class MonthFlow:
    month: str  # "2026-06"
    first: date  # the month's first day
    last: date  # its last day; as_of for the month holding as_of
    referrals: int  # clients with a referral_date in first … last
    starts: int  # clients with a service_start in first … last
    waiting_at_end: int  # the waiting list on `last` (population.is_waiting_on)


def month_bounds(as_of: date, months: int) -> list[tuple[str, date, date]]:
    """The last `months` calendar months up to the one holding `as_of`, oldest first, each
    as ("2026-06", first day, last day); the last month ends at `as_of`."""
    if months < 1:
        raise ValueError("months must be at least 1")
    current = as_of.replace(day=1)
    found = []
    for back in range(months - 1, -1, -1):
        first = add_months(current, -back)
        last = min(add_months(first, 1) - timedelta(days=1), as_of)
        found.append((f"{first.year:04d}-{first.month:02d}", first, last))
    return found


def monthly_queue(session: Session, team_id: int, as_of: date, months: int = 12) -> list[MonthFlow]:
    """The flow through the waiting list in each of the last `months` calendar months
    (oldest first; the last is `as_of`'s month, cut at `as_of`): the team's clients with a
    `referral_date` in the month, those with a `service_start` in the month, and the
    waiting list on the month's last day. One query, counting every month in SQL."""
    bounds = month_bounds(as_of, months)
    columns = []
    for _, first, last in bounds:
        columns += [
            func.count(m.Client.id).filter(m.Client.referral_date.between(first, last)),
            func.count(m.Client.id).filter(m.Client.service_start.between(first, last)),
            func.count(m.Client.id).filter(is_waiting_on(last)),
        ]
    counts = session.execute(select(*columns).where(m.Client.team_id == team_id)).one()
    return [
        MonthFlow(label, first, last, *(int(c) for c in counts[3 * index : 3 * index + 3]))
        for index, (label, first, last) in enumerate(bounds)
    ]


def queue_growing(flows: list[MonthFlow], months: int = 3) -> bool | None:
    """Whether the waiting list is growing: over the last `months` of `flows`, True when
    more clients were referred than started, False otherwise (as many or fewer); None when
    those months have no referrals and no starts at all."""
    recent = flows[-months:] if months > 0 else []
    referred = sum(flow.referrals for flow in recent)
    started = sum(flow.starts for flow in recent)
    if not referred and not started:
        return None
    return referred > started
