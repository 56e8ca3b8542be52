"""The access log (DOMAIN.md §5): writing views of client-level records, and searching
and exporting the log for an admin.

Creates, updates and deletes are logged by `ote.access` in the transaction of the change;
views are logged here, when a page shows client-level records: one row per client shown,
so that everything logged about one client code is one indexed lookup.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Row, func, insert, select
from sqlmodel import Session

from ote import models as m
from ote.access import PrincipalDatabase, audit_row
from ote.db import Database
from ote.enums import AuditAction

SEARCH_LIMIT = 1000
EXPORT_COLUMNS = (
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "team_id",
    "client_code",
    "page",
    "detail",
)


def record_view(
    database: Database,
    entity: str,
    client_codes: Iterable[str | None],
    team_id: int | None,
    *,
    action: AuditAction = AuditAction.LIST,
) -> int:
    """Log that the database's principal was shown client-level records of `entity` naming
    `client_codes` (one row each; a record naming no client gives one row without a code).
    Returns the number of rows logged; nothing is logged without a principal."""
    principal = getattr(database, "principal", None)
    if not isinstance(database, PrincipalDatabase) or principal is None:
        return 0
    codes = sorted({code for code in client_codes if code})
    rows = [
        audit_row(
            principal,
            action,
            entity,
            None,
            team_id=team_id,
            client_code=code,
            detail=None,
        )
        for code in codes or [None]
    ]
    with database.write() as session:
        session.connection().execute(insert(m.AuditLog.__table__), rows)
    return len(rows)


@dataclass(frozen=True)
class LogFilter:
    actor: str | None = None
    client_code: str | None = None
    team_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


# The columns a search returns: the id, and what the export holds but the detail.
SEARCH_COLUMNS = ("id", *(column for column in EXPORT_COLUMNS if column != "detail"))


def _query(where: LogFilter, *columns):
    query = select(*columns) if columns else select(m.AuditLog)
    if where.actor:
        query = query.where(func.lower(m.AuditLog.actor) == where.actor.strip().lower())
    if where.client_code:
        query = query.where(m.AuditLog.client_code == where.client_code.strip())
    if where.team_id is not None:
        query = query.where(m.AuditLog.team_id == where.team_id)
    if where.action:
        query = query.where(m.AuditLog.action == where.action)
    if where.since:
        query = query.where(m.AuditLog.at >= datetime.combine(where.since, time(), UTC))
    if where.until:
        end = datetime.combine(where.until + timedelta(days=1), time(), UTC)
        query = query.where(m.AuditLog.at < end)
    return query


def search(session: Session, where: LogFilter, limit: int = SEARCH_LIMIT) -> list[Row]:
    """The newest `limit` entries matching `where`, newest first, as rows of
    `SEARCH_COLUMNS`. Only an admin's session (or the command line)
    sees the log; anyone else gets nothing."""
    columns = [getattr(m.AuditLog, name) for name in SEARCH_COLUMNS]
    return list(
        session.execute(
            _query(where, *columns)
            .order_by(m.AuditLog.at.desc(), m.AuditLog.id.desc())
            .limit(limit)
        )
    )


def latest_id(session: Session) -> int:
    """The id of the newest entry the session sees (0 for none): the log only grows, so
    this names its state for caching a search."""
    return session.scalar(select(func.max(m.AuditLog.id))) or 0


def count(session: Session, where: LogFilter) -> int:
    return session.execute(select(func.count()).select_from(_query(where).subquery())).scalar_one()


def export_csv(session: Session, where: LogFilter) -> bytes:
    """Every entry matching `where`, oldest first, as UTF-8 CSV (with a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for entry in session.scalars(_query(where).order_by(m.AuditLog.at, m.AuditLog.id)):
        row = [getattr(entry, column) for column in EXPORT_COLUMNS]
        row[0] = entry.at.isoformat() if entry.at else ""
        row[-1] = "" if entry.detail is None else _detail_text(entry.detail)
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _detail_text(detail) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)
