"""Data versions: every write raises the version of the teams it touched, in the same
transaction, so that a page's cached figures (`ote.ui.cache`) are recomputed as soon as
anything of the team changes – a saved record shows at once, in every session and every
server process.

Which team a written row belongs to: its own `team_id`; its client's, meeting's, action's,
assessment's or coaching period's team; an employer contact's staff member's team. A row
every team shares (an employer, an application setting) raises version 0 – everything –
since any team's figures may name it. A bulk statement (an import, a purge, a delete of
marked rows) raises the teams of the user who ran it, or everything when the user spans
every team or the statement is on a shared table. User accounts have a version of their
own (`ACCOUNTS`), which only the list of accounts depends on. Versions are raised once per
transaction, just before it commits, in team order (so that two transactions never wait
for each other's rows the other way round).
"""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession

from ote import models as m
from ote.access import principal_of, row_team

EVERYTHING = 0  # the version every cached figure depends on
ACCOUNTS = -1  # the version of the user accounts (the Käyttäjät list), raised on their own
CHANGED = "ote_changed_teams"
UNVERSIONED = (m.AuditLog, m.DataVersion)  # no figure depends on these
SHARED = (m.Employer, m.AppSetting)  # rows of no team, which every team's pages may show


def _writer_teams(session: OrmSession) -> set[int]:
    principal = principal_of(session)
    if principal is None or principal.team_ids is None:
        return {EVERYTHING}
    return set(principal.team_ids)


def _team_of(session: OrmSession, obj) -> set[int]:
    if isinstance(obj, m.UserAccount):
        return {ACCOUNTS}  # a sign-in, a new role: no team's figures change
    team_id = None if isinstance(obj, SHARED) else row_team(session, obj)
    return {team_id} if team_id is not None else {EVERYTHING}


@event.listens_for(OrmSession, "after_flush")
def _collect(session: OrmSession, _context) -> None:
    changed = session.info.setdefault(CHANGED, set())
    with session.no_autoflush:
        for obj in [*session.new, *session.dirty, *session.deleted]:
            if not isinstance(obj, UNVERSIONED):
                changed |= _team_of(session, obj)


@event.listens_for(OrmSession, "do_orm_execute")
def _collect_bulk(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name in {model.__tablename__ for model in UNVERSIONED}:
            return
        shared = name in {model.__tablename__ for model in SHARED}
        if name == m.UserAccount.__tablename__:
            teams = {ACCOUNTS}
        else:
            teams = {EVERYTHING} if shared else _writer_teams(state.session)
        state.session.info.setdefault(CHANGED, set()).update(teams)


@event.listens_for(OrmSession, "before_commit")
def _raise_versions(session: OrmSession) -> None:
    session.flush()  # what is still pending is part of this transaction's changes
    changed = session.info.pop(CHANGED, None)
    if changed:
        raise_versions(session.connection(), changed)


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop(CHANGED, None)


def raise_versions(connection, team_ids) -> None:
    """Raise the versions of `team_ids` by one (a row is made at 1 when missing)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = m.DataVersion.__table__
    for team_id in sorted(team_ids):
        statement = dialect.insert(table).values(team_id=team_id, version=1)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[table.c.team_id], set_={"version": table.c.version + 1}
            )
        )


def versions(session, team_id: int | None) -> tuple[int, int]:
    """(version of everything, version of the team): what cached figures depend on."""
    wanted = [EVERYTHING] if team_id is None else [EVERYTHING, team_id]
    found = dict(
        session.execute(
            select(m.DataVersion.team_id, m.DataVersion.version).where(
                m.DataVersion.team_id.in_(wanted)
            )
        ).all()
    )
    return found.get(EVERYTHING, 0), found.get(team_id, 0) if team_id is not None else 0
