"""Work with clients where they live their lives (item 24) and reaching out to those who
miss meetings (item 25.2)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlmodel import Session

from ote import models as m
from ote.enums import ClientContactKind, Place
from ote.metrics.base import Measure, days_window, percent, score_at_least

COMMUNITY_PLACES = (Place.COMMUNITY.value, Place.HOME.value, Place.WORKPLACE.value)
OUTREACH_KEPT = 80.0  # item 25.2: the % of missed meetings followed up for it to be met


def community_based_work(session: Session, team_id: int, as_of: date, days: int = 91) -> Measure:
    """Item 24 – community-based work: of the minutes of the team's face-to-face client
    contacts in the last `days` days (no-shows and contacts without minutes left out), the %
    held in the community, at the client's home or at a workplace. `n` is the number of
    contacts. Suggested: ≥ 65 → 5, ≥ 50 → 4, ≥ 40 → 3, ≥ 30 → 2, else 1."""
    first, last = days_window(as_of, days)
    contacts, minutes, outside = session.execute(
        select(
            func.count(m.ClientContact.id),
            func.coalesce(func.sum(m.ClientContact.minutes), 0),
            func.coalesce(
                func.sum(
                    case(
                        (m.ClientContact.place.in_(COMMUNITY_PLACES), m.ClientContact.minutes),
                        else_=0,
                    )
                ),
                0,
            ),
        )
        .join(m.Client, m.Client.id == m.ClientContact.client_id)
        .where(
            m.Client.team_id == team_id,
            m.ClientContact.date.between(first, last),
            m.ClientContact.face_to_face.is_(True),
            m.ClientContact.no_show.is_(False),
            m.ClientContact.minutes.is_not(None),
        )
    ).one()
    value = percent(outside, minutes)
    return Measure(
        key="community_based_work",
        item="24",
        value=value,
        unit="% of minutes",
        n=int(contacts),
        first=first,
        last=last,
        suggested_score=score_at_least(value, (65, 50, 40, 30)),
        basis_params={"contacts": int(contacts), "minutes": int(minutes), "outside": int(outside)},
    )


def outreach_after_missed_meetings(
    session: Session, team_id: int, as_of: date, days: int = 91, within: int = 7
) -> Measure:
    """Item 25.2 – outreach: of the team's missed meetings (no-show contacts) in the last
    `days` days whose next `within` days are over by `as_of`, the % followed by a logged
    outreach attempt with the same client on the day of the no-show or within `within` days
    after it. A sub-criterion: met when at least 80 % were followed up."""
    first, last = days_window(as_of, days)
    contact = m.ClientContact
    missed = session.execute(
        select(contact.client_id, contact.date)
        .join(m.Client, m.Client.id == contact.client_id)
        .where(
            m.Client.team_id == team_id,
            contact.no_show.is_(True),
            contact.date.between(first, min(last, as_of - timedelta(days=within))),
        )
    ).all()
    attempts: dict[int, list[date]] = defaultdict(list)
    clients = sorted({client_id for client_id, _ in missed})
    for start in range(0, len(clients), 500):
        for client_id, day in session.execute(
            select(contact.client_id, contact.date).where(
                contact.client_id.in_(clients[start : start + 500]),
                contact.kind == ClientContactKind.OUTREACH_ATTEMPT.value,
                contact.date.between(first, as_of),
            )
        ):
            attempts[client_id].append(day)
    followed = sum(
        1
        for client_id, day in missed
        if any(day <= tried <= day + timedelta(days=within) for tried in attempts[client_id])
    )
    value = percent(followed, len(missed))
    return Measure(
        key="outreach",
        item="25.2",
        value=value,
        unit="% of missed meetings",
        n=len(missed),
        first=first,
        last=last,
        met=value is not None and value >= OUTREACH_KEPT,
        basis_params={"missed": len(missed), "followed": followed, "within": within},
    )
