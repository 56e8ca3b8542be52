"""Purging client-level data after the retention time (`ote purge`, DOMAIN.md §5).

`purge(database, ended_before)` removes every client whose service ended before the date
– with everything recorded about them: module episodes, coaching periods, client contacts,
jobs, feedback, plans (the database's cascades); employer contacts stay, no longer naming
the client – except clients on legal hold. The aggregate results stay: first, for every
whole quarter and calendar year in which a removed client was referred, in service or
employed, the team's result measures (`ote.briefing.QuarterResults`) are computed as they
stand and kept in `result_archive`; the results pages and the briefing use those figures
for those periods from then on. A period already archived by an earlier purge keeps its
figures. The access log keeps one `purge` entry per client code (the log outlives the data).

All of it is one transaction: a purge that fails or is interrupted changes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from ote import models as m
from ote.access import Principal, audit_row, principal_of
from ote.calendar import quarter_bounds, quarter_of
from ote.db import Database
from ote.enums import AuditAction


@dataclass
class PurgeSummary:
    ended_before: date
    clients: dict[str, int] = field(default_factory=dict)  # team key → clients removed
    on_hold: dict[str, int] = field(default_factory=dict)  # team key → kept on legal hold
    archived_periods: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.clients.values())


def _periods(first: date, last: date, today: date) -> list[tuple[str, date, date]]:
    """Every whole quarter and calendar year from `first`'s to `last`'s that has ended."""
    found = []
    quarter = quarter_of(first)
    while True:
        start, end = quarter_bounds(quarter)
        if start > last:
            break
        if end < today:
            found.append((quarter, start, end))
        quarter = quarter_of(end + timedelta(days=1))
    for year in range(first.year, last.year + 1):
        if date(year, 12, 31) < today:
            found.append((str(year), date(year, 1, 1), date(year, 12, 31)))
    return found


def archived_results(session: Session, team_id: int, first: date, last: date):
    """The archived result measures of exactly `first` … `last`, or None."""
    from ote.briefing import QuarterResults

    figures = session.scalars(
        select(m.ResultArchive.figures).where(
            m.ResultArchive.team_id == team_id,
            m.ResultArchive.first == first,
            m.ResultArchive.last == last,
        )
    ).first()
    if figures is None:
        return None
    values = dict(figures)
    values["first"], values["last"] = first, last
    return QuarterResults(**values)


def _archive(session: Session, team_id: int, ended_before: date, first: date, today: date) -> int:
    from ote.briefing import period_results

    existing = set(
        session.execute(
            select(m.ResultArchive.first, m.ResultArchive.last).where(
                m.ResultArchive.team_id == team_id
            )
        ).all()
    )
    made = 0
    for label, start, end in _periods(first, ended_before, today):
        if (start, end) in existing:
            continue
        figures = dataclasses.asdict(period_results(session, team_id, label, start, end))
        figures.pop("first"), figures.pop("last")
        session.add(
            m.ResultArchive(
                team_id=team_id,
                label=label,
                first=start,
                last=end,
                figures=figures,
                purged_before=ended_before,
            )
        )
        made += 1
    return made


def purge(
    database: Database,
    ended_before: date,
    *,
    team_key: str | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> PurgeSummary:
    """Remove the clients whose service ended before `ended_before` (of one team, or every
    team), keeping the aggregate results (see the module's docstring). With `dry_run`,
    count only."""
    today = today or date.today()
    summary = PurgeSummary(ended_before=ended_before, dry_run=dry_run)
    with database.write() as session:
        teams = select(m.Team.id, m.Team.key).order_by(m.Team.key)
        if team_key is not None:
            teams = teams.where(m.Team.key == team_key)
        for team_id, key in session.execute(teams).all():
            ended = (m.Client.team_id == team_id, m.Client.service_end < ended_before)
            summary.on_hold[key] = session.execute(
                select(func.count(m.Client.id)).where(*ended, m.Client.legal_hold.is_(True))
            ).scalar_one()
            rows = session.execute(
                select(m.Client.id, m.Client.code, m.Client.referral_date)
                .where(*ended, m.Client.legal_hold.is_(False))
                .order_by(m.Client.code)
            ).all()
            summary.clients[key] = len(rows)
            if not rows or dry_run:
                continue
            first = min(row.referral_date for row in rows)
            summary.archived_periods += _archive(session, team_id, ended_before, first, today)
            session.flush()
            ids = [row.id for row in rows]
            for start in range(0, len(ids), 500):
                session.execute(delete(m.Client).where(m.Client.id.in_(ids[start : start + 500])))
            principal = principal_of(session) or Principal.system()
            session.connection().execute(
                insert(m.AuditLog.__table__),
                [
                    audit_row(
                        principal,
                        AuditAction.PURGE,
                        "client",
                        None,
                        team_id=team_id,
                        client_code=row.code,
                        detail={"ended_before": ended_before.isoformat()},
                    )
                    for row in rows
                ],
            )
    return summary
