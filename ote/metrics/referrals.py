"""Where clients come from: the share referred by the teams the coaches are attached to
(item 4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlmodel import Session

from ote import models as m
from ote.metrics.base import Measure, days_window, percent, score_at_least


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
