"""Who sees what: roles, enforced where the data is read and written (DOMAIN.md §5).

A signed-in user works through a `PrincipalDatabase`: the same database, but every session
it opens carries the user (`Principal`) in `session.info`, and three session events apply
the rules to whatever an `ote` function asks of that session:

- **reads** (`do_orm_execute`): every query gets `with_loader_criteria` for each table, so
  rows of other teams – and, for a coach or job finder, other coaches' clients and
  everything recorded about them – are simply not there. A manager's queries may return
  aggregates only: a query that would return client rows or a client column
  (code, dates, free text) raises `AccessDenied`.
- **writes** (`before_flush`): the role must allow the table, and the row must be one the
  user could read (own team; for a coach, own clients, logged as themselves). Otherwise
  `AccessDenied` and nothing is written.
- **the access log** (`after_flush`): every row created, updated or deleted is written to
  `audit_log` – who, when, what, from which page – in the same transaction as the change.
  Bulk statements are logged once per statement. The log itself can only be appended to
  (the database refuses UPDATE and DELETE on it, migration 0004).

Sessions without a principal (the command line, sign-in, migrations, the demo) are not
restricted; the command line logs its writes under a system principal (`Principal.system`).
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Delete,
    Insert,
    Update,
    and_,
    event,
    false,
    insert,
    inspect,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ClauseElement, ColumnClause, FunctionFilter, Label, Over
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import CompoundSelect
from sqlmodel import Session

from ote import models as m
from ote.db import Database
from ote.enums import AuditAction, UserRole
from ote.models.base import utcnow

PRINCIPAL = "ote_principal"
AGGREGATING = "ote_aggregating"  # depth of @aggregate calls running on a session

CLIENT_SCOPED_ROLES = frozenset({UserRole.COACH, UserRole.JOB_FINDER})

# Tables with a team_id of their own.
TEAM_TABLES = (
    m.Client,
    m.Staff,
    m.ReferralSource,
    m.TeamMeeting,
    m.SteeringMeeting,
    m.SteeringAction,
    m.FidelityAssessment,
    m.QuarterlyGoal,
    m.EmployerLogReview,
    m.TeamSetting,
    m.ResultArchive,
)
# Tables that belong to a client through client_id: client-level records.
CLIENT_CHILD_TABLES = (
    m.ClientPlan,
    m.ModuleEpisode,
    m.CoachingPeriod,
    m.ClientContact,
    m.Feedback,
    m.Job,
)
MODELS = tuple(
    model
    for model in (getattr(m, name) for name in m.__all__)
    if isinstance(model, type) and hasattr(model, "__table__")
)
CLIENT_LEVEL_TABLES = frozenset(
    {m.Client, m.CoachingPeriodGoal, m.EmployerContact, *CLIENT_CHILD_TABLES}
)
# Columns of client-level tables a manager's query may return as they are: the keys an
# aggregate is grouped by (team, staff member, source, employer, a category) – never a
# client's id, code, dates or free text.
AGGREGATE_SAFE_COLUMNS = frozenset(
    {"team_id", "staff_id", "coach_id", "source_id", "employer_id", "framing", "kind"}
    | {"module", "decision", "purpose", "outcome", "end_reason", "goal", "face_to_face"}
)
# min() and max() are not here: the smallest code or date is one client's.
AGGREGATE_FUNCTIONS = frozenset({"count", "sum", "avg", "bool_or", "bool_and"})

# What each role may write (besides the access log, which every write appends to).
ROLE_WRITES: dict[UserRole, frozenset[type]] = {
    UserRole.COACH: frozenset({m.Employer, *CLIENT_LEVEL_TABLES}),
    UserRole.TEAM_LEADER: frozenset(
        {
            m.Employer,
            *CLIENT_LEVEL_TABLES,
            m.Staff,
            m.ReferralSource,
            m.TeamMeeting,
            m.TeamMeetingAttendee,
            m.TeamMeetingDecision,
            m.SteeringMeeting,
            m.SteeringAction,
            m.SteeringActionItem,
            m.SteeringActionNote,
            m.FidelityAssessment,
            m.FidelityItemScore,
            m.FidelitySubcriterion,
            m.QuarterlyGoal,
            m.EmployerLogReview,
            m.TeamSetting,
        }
    ),
    UserRole.MANAGER: frozenset(),
}
ROLE_WRITES[UserRole.JOB_FINDER] = ROLE_WRITES[UserRole.COACH]


# The pages each role may open (by file name under pages/); the navigation lists only
# these, and `ote.ui.shell.context` refuses the others. Data rules above apply besides.
_LOGGING = (
    "log_employer_contact",
    "log_client_contact",
    "log_clients",
    "log_jobs",
    "log_modules",
    "log_coaching_periods",
    "log_feedback",
)
_COACH_PAGES = frozenset({"home", "client", "records_overview", "employers", *_LOGGING})
_LEADER_PAGES = _COACH_PAGES | {
    "weekly",
    "team",
    "log_team_meetings",
    "fidelity",
    "steering",
    "goals",
    "results",
    "briefing",
    "admin_staff",
    "admin_sources",
    "admin_employers",
}
# Pages everyone may open, also before signing in (app.py runs them for a visitor who is
# not signed in): they show no data. The accessibility statement must be reachable by all
# (laki digitaalisten palvelujen tarjoamisesta 306/2019).
PUBLIC_PAGES = frozenset({"accessibility"})
ROLE_PAGES: dict[UserRole, frozenset[str]] = {
    UserRole.COACH: _COACH_PAGES | PUBLIC_PAGES,
    UserRole.JOB_FINDER: _COACH_PAGES | PUBLIC_PAGES,
    UserRole.TEAM_LEADER: frozenset(_LEADER_PAGES) | PUBLIC_PAGES,
    UserRole.MANAGER: frozenset({"home", "briefing"}) | PUBLIC_PAGES,
    UserRole.ADMIN: frozenset(
        _LEADER_PAGES | {"admin_teams", "admin_import_export", "admin_users", "admin_access_log"}
    )
    | PUBLIC_PAGES,
}


def may_open(role: UserRole | str | None, page: str) -> bool:
    """Whether `role` may open `page` (a file name under pages/ without .py); role None:
    not signed in, which opens the public pages only."""
    if role is None:
        return page in PUBLIC_PAGES
    return page in ROLE_PAGES.get(UserRole(role), frozenset())


class AccessDenied(PermissionError):
    """The signed-in user's role or team does not allow this; nothing was read or written."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user's name (for the access log), role, teams and staff member."""

    actor: str
    role: UserRole
    team_ids: frozenset[int] | None  # None: every team
    staff_id: int | None = None
    user_id: int | None = None
    page: str | None = None
    is_system: bool = False

    @classmethod
    def for_user(cls, user, page: str | None = None) -> Principal:
        teams = None if user.team_id is None else frozenset({user.team_id})
        return cls(
            actor=user.username,
            role=UserRole(user.role),
            team_ids=teams,
            staff_id=user.staff_id,
            user_id=user.id,
            page=page,
        )

    @classmethod
    def system(cls, actor: str | None = None) -> Principal:
        """The command line: every team, every table, writes still logged."""
        return cls(
            actor=actor or f"cli:{_os_user()}",
            role=UserRole.ADMIN,
            team_ids=None,
            page="cli",
            is_system=True,
        )

    def on_page(self, page: str | None) -> Principal:
        return replace(self, page=page)

    @property
    def is_client_scoped(self) -> bool:
        return self.role in CLIENT_SCOPED_ROLES

    @property
    def aggregates_only(self) -> bool:
        return self.role == UserRole.MANAGER

    def sees_team(self, team_id: int | None) -> bool:
        return self.team_ids is None or team_id in self.team_ids


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        return "unknown"


@dataclass(frozen=True)
class PrincipalDatabase(Database):
    """A database whose sessions act for one principal (see the module's docstring)."""

    principal: Principal = field(default=None)  # type: ignore[assignment]

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, info={PRINCIPAL: self.principal}) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with (
            Session(self.write_engine, info={PRINCIPAL: self.principal}) as session,
            session.begin(),
        ):
            yield session


def acting_as(database: Database, principal: Principal) -> PrincipalDatabase:
    """`database` with every session acting for `principal`."""
    return PrincipalDatabase(database.url, database.engine, database.write_engine, principal)


def principal_of(session: OrmSession) -> Principal | None:
    return session.info.get(PRINCIPAL)


# ------------------------------------------------------------------------- reading
def _criteria(principal: Principal, writing: bool = False) -> tuple:
    """The row filters of a principal (built once per principal: see `_build_criteria`)."""
    return _criteria_of(principal.on_page(None), writing)


@functools.lru_cache(maxsize=512)
def _criteria_of(principal: Principal, writing: bool) -> tuple:
    return tuple(_build_criteria(principal, writing))


def _build_criteria(principal: Principal, writing: bool = False) -> list:
    """The row filters of a principal, one `with_loader_criteria` per restricted table.
    `writing`: for an UPDATE or DELETE, where a coach or job finder may change only the
    contacts they logged themselves (they see the team's contacts naming no client).

    Each filter is a lambda of the entity, so that it applies to an aliased table too
    (`staff AS staff_1`); the lambdas' closure values (team ids, staff id) are tracked by
    SQLAlchemy as bound parameters of the cached statement."""
    options = []

    def only(model, criterion) -> None:
        options.append(with_loader_criteria(model, criterion, include_aliases=True))

    if principal.role != UserRole.ADMIN:
        user_id = principal.user_id or -1
        only(m.AuditLog, lambda cls: false())
        only(m.UserAccount, lambda cls: cls.id == user_id)
    if principal.team_ids is None:
        return options  # every team, and not limited to own clients
    teams = sorted(principal.team_ids)
    versioned = [0, *teams]  # the data versions of the own teams and of everything
    only(m.DataVersion, lambda cls: cls.team_id.in_(versioned))
    staff_id = principal.staff_id or -1
    scoped = principal.is_client_scoped
    only(m.Team, lambda cls: cls.id.in_(teams))
    for model in TEAM_TABLES:
        if model is not m.Client:
            only(model, lambda cls: cls.team_id.in_(teams))
    only(
        m.TeamMeetingAttendee,
        lambda cls: cls.meeting_id.in_(
            select(m.TeamMeeting.id).where(m.TeamMeeting.team_id.in_(teams))
        ),
    )
    only(
        m.TeamMeetingDecision,
        lambda cls: cls.meeting_id.in_(
            select(m.TeamMeeting.id).where(m.TeamMeeting.team_id.in_(teams))
        ),
    )
    for model in (m.SteeringActionItem, m.SteeringActionNote):
        only(
            model,
            lambda cls: cls.action_id.in_(
                select(m.SteeringAction.id).where(m.SteeringAction.team_id.in_(teams))
            ),
        )
    for model in (m.FidelityItemScore, m.FidelitySubcriterion):
        only(
            model,
            lambda cls: cls.assessment_id.in_(
                select(m.FidelityAssessment.id).where(m.FidelityAssessment.team_id.in_(teams))
            ),
        )
    if scoped:
        only(m.Client, lambda cls: and_(cls.team_id.in_(teams), cls.coach_id == staff_id))
        clients = (m.Client.team_id.in_(teams), m.Client.coach_id == staff_id)
    else:
        only(m.Client, lambda cls: cls.team_id.in_(teams))
        clients = (m.Client.team_id.in_(teams),)
    own_contacts = writing and scoped
    for model in CLIENT_CHILD_TABLES:
        if own_contacts and model is m.ClientContact:
            only(
                model,
                lambda cls: and_(
                    cls.client_id.in_(select(m.Client.id).where(*clients)),
                    cls.staff_id == staff_id,
                ),
            )
        else:
            only(model, lambda cls: cls.client_id.in_(select(m.Client.id).where(*clients)))
    only(
        m.CoachingPeriodGoal,
        lambda cls: cls.period_id.in_(
            select(m.CoachingPeriod.id).where(
                m.CoachingPeriod.client_id.in_(select(m.Client.id).where(*clients))
            )
        ),
    )
    if own_contacts:
        only(
            m.EmployerContact,
            lambda cls: and_(
                cls.staff_id == staff_id,
                or_(
                    cls.client_id.is_(None),
                    cls.client_id.in_(select(m.Client.id).where(*clients)),
                ),
            ),
        )
    else:
        only(
            m.EmployerContact,
            lambda cls: and_(
                cls.staff_id.in_(select(m.Staff.id).where(m.Staff.team_id.in_(teams))),
                or_(
                    cls.client_id.is_(None),
                    cls.client_id.in_(select(m.Client.id).where(*clients)),
                ),
            ),
        )
    return options


def _client_level_column(expression) -> bool:
    """Whether a result column shows client-level data as it is (not aggregated): a column
    of a client-level table – also through an alias, a subquery or a CTE – that is not a
    grouping key and not inside count(), sum() or avg()."""
    if isinstance(expression, type) or not hasattr(expression, "__clause_element__"):
        if not isinstance(expression, ClauseElement):
            return False  # a whole entity (checked by its type) or a plain value
    else:
        expression = expression.__clause_element__()
    if isinstance(expression, Label):
        expression = expression.element
    if _is_aggregate(expression):
        return False
    client_tables = {model.__table__ for model in CLIENT_LEVEL_TABLES}
    for element in visitors.iterate(expression):
        if not isinstance(element, ColumnClause) or _inside_aggregate(expression, element):
            continue
        for base in element.base_columns or {element}:
            if (
                getattr(base, "table", None) in client_tables
                and base.name not in AGGREGATE_SAFE_COLUMNS
            ):
                return True
    return False


def _is_aggregate(element) -> bool:
    """count(…), sum(…) and the like, also with FILTER (WHERE …) or OVER (…)."""
    if isinstance(element, FunctionFilter | Over):
        element = element.func if isinstance(element, FunctionFilter) else element.element
    return isinstance(element, FunctionElement) and element.name.lower() in AGGREGATE_FUNCTIONS


def _inside_aggregate(expression, column) -> bool:
    return any(
        _is_aggregate(element) and any(inner is column for inner in visitors.iterate(element))
        for element in visitors.iterate(expression)
    )


def _check_aggregates_only(statement) -> None:
    if isinstance(statement, CompoundSelect):  # UNION and the like: each part
        for part in statement.selects:
            _check_aggregates_only(part)
        return
    for description in getattr(statement, "column_descriptions", ()):
        kind = description.get("type")
        entity = description.get("entity")
        if isinstance(entity, AliasedClass):
            entity = inspect(entity).mapper.class_
        if description.get("expr") is description.get("entity") and entity in CLIENT_LEVEL_TABLES:
            kind = entity
        if isinstance(kind, type) and kind in CLIENT_LEVEL_TABLES:
            raise AccessDenied(f"client records are not shown to managers ({kind.__tablename__})")
        if _client_level_column(description.get("expr")):
            raise AccessDenied(f"client data are not shown to managers ({description['name']})")


def aggregate(function):
    """Marks an `ote` function (first argument: a session) whose result holds aggregates
    only – counts, rates, medians, with small counts suppressed where a manager sees them.
    Inside it a manager's session may read client rows to compute the aggregate; anywhere
    else a manager's query for client rows or columns raises AccessDenied. The functions so
    marked are the whole of what a manager can reach (`grep -rn "@aggregate" ote`)."""

    @functools.wraps(function)
    def wrapper(session, *args, **kwargs):
        depth = session.info.get(AGGREGATING, 0)
        session.info[AGGREGATING] = depth + 1
        try:
            return function(session, *args, **kwargs)
        finally:
            session.info[AGGREGATING] = depth

    return wrapper


REFUSED_PENDING = "ote_refused"


def _refused(session: OrmSession, principal: Principal, error: AccessDenied, entity: str):
    """Remember a refusal for the access log; it is written when the session's transaction
    has ended (the refused work itself is rolled back, the log entry must not be)."""
    session.info.setdefault(REFUSED_PENDING, []).append(
        audit_row(
            principal,
            AuditAction.REFUSED,
            entity,
            None,
            team_id=None,
            client_code=None,
            detail={"reason": str(error)[:200]},
        )
    )
    return error


@event.listens_for(OrmSession, "after_transaction_end")
def _write_refusals(session: OrmSession, transaction) -> None:
    if transaction.parent is not None or not session.info.get(REFUSED_PENDING):
        return
    rows = session.info.pop(REFUSED_PENDING)
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    with engine.begin() as connection:
        connection.execute(insert(m.AuditLog.__table__), rows)


@event.listens_for(OrmSession, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    principal = principal_of(state.session)
    try:
        _apply_rules(state, principal)
    except AccessDenied as error:
        model = _statement_model(state.statement) if not state.is_select else None
        entity = getattr(model, "__tablename__", "query")
        raise _refused(state.session, principal, error, entity) from None


def _apply_rules(state: ORMExecuteState, principal: Principal | None) -> None:
    if principal is None or principal.is_system:
        if principal is not None and (state.is_update or state.is_delete or state.is_insert):
            _log_statement(state, principal)
        return
    if state.is_select:
        if (
            principal.aggregates_only
            and not state.is_relationship_load
            and not state.session.info.get(AGGREGATING)
        ):
            _check_aggregates_only(state.statement)
        options = _criteria(principal)
        if options:
            state.statement = state.statement.options(*options)
        return
    if state.is_update or state.is_delete or state.is_insert:
        model = _statement_model(state.statement)
        _check_may_write(principal, model)
        if not state.is_insert:
            if principal.is_client_scoped and model in (m.EmployerContact, m.ClientContact):
                _check_own_contacts(state, model, principal)
            options = _criteria(principal, writing=True)
            if options:
                state.statement = state.statement.options(*options)
        _log_statement(state, principal)


def _check_own_contacts(state: ORMExecuteState, model, principal: Principal) -> None:
    """A coach sees the team's contacts that name no client, but changes only their own:
    an UPDATE or DELETE reaching a colleague's contact is refused as a whole."""
    query = select(model.id, model.staff_id)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    staff = {row.staff_id for row in state.session.execute(query, state.parameters or {})}
    if staff - {principal.staff_id}:
        raise AccessDenied(f"{model.__tablename__}: a colleague's contact")


def _statement_model(statement) -> type | None:
    """The model an INSERT, UPDATE or DELETE is about (an ORM statement carries an
    annotated copy of the table: matched by name)."""
    table = statement.table if isinstance(statement, Insert | Update | Delete) else None
    name = getattr(table, "name", None)
    for model in MODELS:
        if model.__tablename__ == name:
            return model
    return None


def _check_may_write(principal: Principal, model: type | None) -> None:
    if principal.is_system or principal.role == UserRole.ADMIN:
        return
    if model is m.AuditLog:
        return
    if model is None or model not in ROLE_WRITES.get(principal.role, frozenset()):
        name = getattr(model, "__tablename__", "?")
        raise AccessDenied(f"the role {principal.role.value} cannot change {name}")


def _log_statement(state: ORMExecuteState, principal: Principal) -> None:
    model = _statement_model(state.statement)
    if model is m.AuditLog:
        return
    action = (
        AuditAction.CREATE
        if state.is_insert
        else AuditAction.UPDATE
        if state.is_update
        else AuditAction.DELETE
    )
    entity = getattr(model, "__tablename__", "?")
    if action == AuditAction.CREATE or model is None:
        rows = state.parameters if isinstance(state.parameters, list) else None
        detail = {"statement": True, "rows": len(rows) if rows is not None else 1}
        entries = [
            audit_row(
                principal, action, entity, None, team_id=None, client_code=None, detail=detail
            )
        ]
    else:
        # The rows the UPDATE or DELETE is about to change, each with its team and client,
        # read through the session (so with the same row filters as the statement).
        entries = [
            audit_row(
                principal,
                action,
                entity,
                entity_id,
                team_id=team_id,
                client_code=code,
                detail={"statement": True},
            )
            for entity_id, team_id, code in _affected(state, model)
        ]
    if entries:
        state.session.connection().execute(insert(m.AuditLog.__table__), entries)


def _affected(state: ORMExecuteState, model) -> list[tuple[str, int | None, str | None]]:
    statement = state.statement
    keys = [getattr(model, column.key) for column in inspect(model).primary_key]
    query = select(*keys)
    if model is m.Client:
        query = select(*keys, m.Client.team_id, m.Client.code)
    elif model in PARENTS and PARENTS[model][1] is m.Client:
        query = select(*keys, m.Client.team_id, m.Client.code).outerjoin(
            m.Client, m.Client.id == model.client_id
        )
    elif hasattr(model, "team_id"):
        query = select(*keys, model.team_id, literal(None))
    else:
        query = select(*keys, literal(None), literal(None))
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    rows = state.session.execute(query, state.parameters or {}).all()
    width = len(keys)
    return [
        (",".join(str(part) for part in row[:width]), row[width], row[width + 1]) for row in rows
    ]


# ------------------------------------------------------------------------- writing
def _changed(session: OrmSession) -> Iterator[tuple[AuditAction, Any]]:
    for obj in session.new:
        yield AuditAction.CREATE, obj
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            yield AuditAction.UPDATE, obj
    for obj in session.deleted:
        yield AuditAction.DELETE, obj


def _old_value(obj, attribute: str):
    history = inspect(obj).attrs[attribute].history
    return history.deleted[0] if history.deleted else getattr(obj, attribute)


def _visible(session: OrmSession, model, row_id) -> bool:
    """Whether the principal of `session` may see row `row_id` of `model` (a query through
    the session, so the read rules decide)."""
    if row_id is None:
        return True
    primary = getattr(model, inspect(model).primary_key[0].key)  # the ORM attribute: filtered
    return session.execute(select(primary).where(primary == row_id)).first() is not None


PARENTS = {
    m.TeamMeetingAttendee: ("meeting_id", m.TeamMeeting),
    m.TeamMeetingDecision: ("meeting_id", m.TeamMeeting),
    m.SteeringActionItem: ("action_id", m.SteeringAction),
    m.SteeringActionNote: ("action_id", m.SteeringAction),
    m.FidelityItemScore: ("assessment_id", m.FidelityAssessment),
    m.FidelitySubcriterion: ("assessment_id", m.FidelityAssessment),
    m.CoachingPeriodGoal: ("period_id", m.CoachingPeriod),
    **{model: ("client_id", m.Client) for model in CLIENT_CHILD_TABLES},
    m.EmployerContact: ("client_id", m.Client),
}


def _check_row(session: OrmSession, principal: Principal, action: AuditAction, obj) -> None:
    model = type(obj)
    _check_may_write(principal, model)
    if principal.team_ids is None and not principal.is_client_scoped:
        return
    refused = AccessDenied(f"{model.__tablename__}: not a row of your own team or clients")
    for attribute in ("team_id",):
        if hasattr(obj, attribute):
            now = getattr(obj, attribute)
            before = _old_value(obj, attribute) if action != AuditAction.CREATE else now
            if not (principal.sees_team(now) and principal.sees_team(before)):
                raise refused
    if model is m.Client and principal.is_client_scoped:
        before = _old_value(obj, "coach_id") if action != AuditAction.CREATE else obj.coach_id
        if obj.coach_id != principal.staff_id or before != principal.staff_id:
            raise refused
    if model is m.Staff and action != AuditAction.CREATE and not _visible(session, m.Staff, obj.id):
        raise refused
    if model in PARENTS:
        column, parent = PARENTS[model]
        for value in {getattr(obj, column), _old_value(obj, column)} - {None}:
            if not _parent_allowed(session, parent, value):
                raise refused
    if hasattr(obj, "staff_id") and model in (m.EmployerContact, m.ClientContact):
        staff_ids = {obj.staff_id, _old_value(obj, "staff_id")}
        if principal.is_client_scoped and staff_ids != {principal.staff_id}:
            raise refused
        if any(not _visible(session, m.Staff, staff_id) for staff_id in staff_ids):
            raise refused


def _parent_allowed(session: OrmSession, parent, row_id) -> bool:
    pending = [o for o in session.new if isinstance(o, parent) and o.id == row_id]
    if pending:
        return True
    return _visible(session, parent, row_id)


@event.listens_for(OrmSession, "before_flush")
def _before_flush(session: OrmSession, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, m.AuditLog):
            raise AccessDenied("the access log cannot be changed")
    principal = principal_of(session)
    if principal is None:
        return
    with session.no_autoflush:
        for action, obj in list(_changed(session)):
            if isinstance(obj, m.AuditLog):
                continue
            try:
                _check_row(session, principal, action, obj)
            except AccessDenied as error:
                raise _refused(session, principal, error, type(obj).__tablename__) from None
        session.info["ote_audit_pending"] = [
            (action, obj, _describe(session, obj, action))
            for action, obj in _changed(session)
            if not isinstance(obj, m.AuditLog)
        ]


# Parents that carry the team themselves (the other parents lead to one of these).
_TEAM_PARENTS = (m.Client, m.TeamMeeting, m.SteeringAction, m.FidelityAssessment)


def row_team(session: OrmSession, obj) -> int | None:
    """The team a row belongs to: its own `team_id`; its client's, meeting's, action's,
    assessment's or coaching period's team; an employer contact's staff member's team.
    None for a row of no team (an employer, a setting, an account)."""
    model = type(obj)
    if model is m.Team:
        return obj.id
    if getattr(obj, "team_id", None) is not None:
        return obj.team_id
    if model in PARENTS:
        column, parent = PARENTS[model]
        parent_id = getattr(obj, column, None)
        if parent is m.CoachingPeriod and parent_id is not None:
            parent = m.Client
            parent_id = session.scalar(
                select(m.CoachingPeriod.client_id).where(m.CoachingPeriod.id == parent_id)
            )
        if parent in _TEAM_PARENTS and parent_id is not None:
            found = session.scalar(select(parent.team_id).where(parent.id == parent_id))
            if found is not None:
                return found
    staff_id = getattr(obj, "staff_id", None)
    if staff_id is not None:
        return session.scalar(select(m.Staff.team_id).where(m.Staff.id == staff_id))
    return None


def _describe(session: OrmSession, obj, action: AuditAction) -> dict:
    """What the access log says about a changed row: its team, its client, the fields."""
    model = type(obj)
    client_code = None
    if model is m.Client:
        client_code = obj.code
    elif model in PARENTS and PARENTS[model][1] is m.Client and obj.client_id is not None:
        client_code = session.scalar(select(m.Client.code).where(m.Client.id == obj.client_id))
    fields = None
    if action == AuditAction.UPDATE:
        state = inspect(obj)
        fields = sorted(
            attr.key for attr in state.attrs if attr.history.has_changes() and attr.key != "id"
        )
    return {"team_id": row_team(session, obj), "client_code": client_code, "fields": fields}


@event.listens_for(OrmSession, "after_flush")
def _after_flush(session: OrmSession, _context) -> None:
    pending = session.info.pop("ote_audit_pending", None)
    principal = principal_of(session)
    if not pending or principal is None:
        return
    rows = []
    for action, obj, about in pending:
        key = inspect(type(obj)).primary_key_from_instance(obj)
        entity_id = ",".join(str(part) for part in key) if None not in key else None
        detail = {"fields": about["fields"]} if about["fields"] else None
        rows.append(
            audit_row(
                principal,
                action,
                type(obj).__tablename__,
                entity_id,
                team_id=about["team_id"],
                client_code=about["client_code"],
                detail=detail,
            )
        )
    session.connection().execute(insert(m.AuditLog.__table__), rows)


def audit_row(principal, action, entity, entity_id, *, team_id, client_code, detail) -> dict:
    """One access-log row as a dict for a core INSERT (a write inside a flush or beside the
    session's own work, so no ORM event runs for it)."""
    return {
        "at": utcnow(),
        "actor": principal.actor[:200],
        "action": AuditAction(action).value,
        "entity": entity[:60],
        "entity_id": None if entity_id is None else str(entity_id)[:80],
        "team_id": team_id,
        "client_code": client_code,
        "page": (principal.page or "")[:200] or None,
        "detail": detail,
    }
