"""OTE's user accounts: adding them, signing in with a password (with lockout), matching
an identity provider's sign-in to an account, and what a signed-in user is allowed.

Every function takes a session and leaves committing to the caller, except `sign_in`,
which records the attempt (failed count, lockout, last sign-in) whatever its outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from ote import models as m
from ote.auth.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from ote.db import Database
from ote.enums import UserRole
from ote.models.users import STAFF_ROLES, TEAMLESS_ROLES, USERNAME_LENGTH
from ote.validation import FieldError, ValidationFailed, raise_if_errors

LOCKOUT_ATTEMPTS = 5  # failed passwords in a row before the account is locked
LOCKOUT_TIME = timedelta(minutes=15)
USERNAME = re.compile(rf"^[a-z0-9][a-z0-9._@-]{{1,{USERNAME_LENGTH - 1}}}$")


@dataclass(frozen=True)
class User:
    """A signed-in user, as the access rules need it (`ote.access.Principal` is built from it)."""

    id: int
    username: str
    display_name: str
    role: UserRole
    team_id: int | None  # None: every team (admin, or a manager of the whole organisation)
    staff_id: int | None
    is_demo: bool


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    problem: str | None = None  # "wrong" (name or password), "locked", or None when signed in
    locked_until: datetime | None = None


def _user(account) -> User:
    """From an account row (or any object with its columns)."""
    return User(
        id=account.id,
        username=account.username,
        display_name=account.display_name or account.username,
        role=UserRole(account.role),
        team_id=account.team_id,
        staff_id=account.staff_id,
        is_demo=account.is_demo,
    )


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def password_problems(password: str | None, field: str = "password") -> list[FieldError]:
    if password is not None and len(password) < MIN_LENGTH:
        return [FieldError(field, "password_too_short", {"minimum": MIN_LENGTH})]
    return []


def add_user(
    session: Session,
    username: str,
    role: UserRole | str,
    *,
    team_key: str | None = None,
    staff_key: str | None = None,
    password: str | None = None,
    display_name: str | None = None,
    email: str | None = None,
    oidc_subject: str | None = None,
    is_demo: bool = False,
) -> m.UserAccount:
    """Add an account; ValidationFailed names every field that is wrong, and nothing is added.

    Coaches and job finders act as one member of staff (`staff_key`, in their team);
    everyone but an admin or a manager of the whole organisation has a team. An account
    signs in with a password, through the identity provider (`email` or `oidc_subject`),
    or both.
    """
    name = normalise_username(username)
    problems: list[FieldError] = []
    if not USERNAME.match(name):
        problems.append(FieldError("username", "username_format"))
    elif session.scalars(select(m.UserAccount.id).where(m.UserAccount.username == name)).first():
        problems.append(FieldError("username", "username_taken", {"value": name}))
    try:
        role = UserRole(role)
    except ValueError:
        allowed = ", ".join(r.value for r in UserRole)
        raise ValidationFailed(
            [FieldError("role", "not_allowed", {"value": role, "allowed": allowed})]
        ) from None
    team = None
    if team_key and role == UserRole.ADMIN:
        problems.append(FieldError("team_id", "admin_every_team"))
    elif team_key:
        team = session.scalars(select(m.Team).where(m.Team.key == team_key)).first()
        if team is None:
            problems.append(FieldError("team_id", "unknown_team", {"value": team_key}))
    elif role not in TEAMLESS_ROLES:
        problems.append(FieldError("team_id", "required"))
    staff = None
    if staff_key:
        staff = session.scalars(select(m.Staff).where(m.Staff.key == staff_key)).first()
        if staff is None:
            problems.append(FieldError("staff_id", "unknown_staff", {"value": staff_key}))
        elif team is not None and staff.team_id != team.id:
            problems.append(FieldError("staff_id", "not_in_team"))
    elif role in STAFF_ROLES:
        problems.append(FieldError("staff_id", "required"))
    problems += password_problems(password)
    email = (email or "").strip().lower() or None
    if (
        email
        and session.scalars(select(m.UserAccount.id).where(m.UserAccount.email == email)).first()
    ):
        problems.append(FieldError("email", "username_taken", {"value": email}))
    if password is None and not (email or oidc_subject):
        problems.append(FieldError("password", "required"))
    raise_if_errors(problems)
    account = m.UserAccount(
        username=name,
        display_name=(display_name or "").strip() or None,
        role=role.value,
        team_id=team.id if team else None,
        staff_id=staff.id if staff else None,
        password_hash=hash_password(password) if password is not None else None,
        email=email,
        oidc_subject=(oidc_subject or "").strip() or None,
        is_demo=is_demo,
    )
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, username: str, password: str) -> None:
    """A new password (and the account unlocked); ValidationFailed when it is too short."""
    raise_if_errors(password_problems(password))
    account = _account(session, username)
    account.password_hash = hash_password(password)
    account.failed_attempts = 0
    account.locked_until = None


def set_active(session: Session, username: str, active: bool) -> None:
    account = _account(session, username)
    account.active = active
    if active:
        account.failed_attempts = 0
        account.locked_until = None


def unlock(session: Session, username: str) -> None:
    account = _account(session, username)
    account.failed_attempts = 0
    account.locked_until = None


def _account(session: Session, username: str) -> m.UserAccount:
    name = normalise_username(username)
    account = session.scalars(select(m.UserAccount).where(m.UserAccount.username == name)).first()
    if account is None:
        raise ValidationFailed([FieldError("username", "unknown_user", {"value": name})])
    return account


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without a zone; OTE stores UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def sign_in(database: Database, username: str, password: str, now: datetime | None = None):
    """Check a password. After LOCKOUT_ATTEMPTS wrong passwords in a row the account is
    locked for LOCKOUT_TIME (even the right password is refused meanwhile). An unknown,
    disabled or password-less account is "wrong", like a wrong password, so that the answer
    does not tell which usernames exist."""
    now = now or datetime.now(UTC)
    name = normalise_username(username)
    with database.write() as session:
        account = session.scalars(
            select(m.UserAccount).where(m.UserAccount.username == name)
        ).first()
        if account is None or not account.active or account.password_hash is None:
            verify_password(None, password or "")
            return SignInResult(None, "wrong")
        locked_until = _aware(account.locked_until)
        if locked_until is not None and locked_until > now:
            verify_password(None, password or "")
            return SignInResult(None, "locked", locked_until)
        if not verify_password(account.password_hash, password or ""):
            account.failed_attempts += 1
            if account.failed_attempts >= LOCKOUT_ATTEMPTS:
                account.failed_attempts = 0
                account.locked_until = now + LOCKOUT_TIME
                return SignInResult(None, "locked", account.locked_until)
            return SignInResult(None, "wrong")
        if needs_rehash(account.password_hash):
            account.password_hash = hash_password(password)
        account.failed_attempts = 0
        account.locked_until = None
        account.last_sign_in_at = now
        return SignInResult(_user(account))


def identity_provider_user(
    database: Database, *, subject: str | None, email: str | None, now: datetime | None = None
) -> User | None:
    """The active account an identity provider's sign-in maps to: by the provider's subject
    (`sub`), or else by e-mail address (and then the subject is remembered for next time).
    None when no active account matches: signing in with the provider alone gives no access."""
    now = now or datetime.now(UTC)
    email = (email or "").strip().lower() or None
    with database.write() as session:
        account = None
        if subject:
            account = session.scalars(
                select(m.UserAccount).where(m.UserAccount.oidc_subject == subject)
            ).first()
        if account is None and email:
            account = session.scalars(
                select(m.UserAccount).where(func.lower(m.UserAccount.email) == email)
            ).first()
            if account is not None and account.oidc_subject is None and subject:
                account.oidc_subject = subject
        if account is None or not account.active:
            return None
        account.last_sign_in_at = now
        return _user(account)


def current_user(database: Database, user_id: int, connection=None) -> User | None:
    """The account as it is now (role or team changed, disabled), or None when it is gone.
    Read on every run of every page: one row's columns on a bare connection (`connection`,
    or one of its own)."""
    account = m.UserAccount
    query = select(
        account.id,
        account.username,
        account.display_name,
        account.role,
        account.team_id,
        account.staff_id,
        account.is_demo,
    ).where(account.id == user_id, account.active)
    if connection is None:
        with database.engine.connect() as own:
            row = own.execute(query).first()
    else:
        row = connection.execute(query).first()
    return _user(row) if row is not None else None


@dataclass(frozen=True)
class AccountRow:
    username: str
    display_name: str | None
    role: str
    team_key: str | None
    staff_key: str | None
    email: str | None
    active: bool
    locked: bool
    is_demo: bool
    last_sign_in_at: datetime | None


def list_users(session: Session, now: datetime | None = None) -> list[AccountRow]:
    """Every account as the Käyttäjät page lists it (the columns only, no account objects:
    the page reads this on every run)."""
    now = now or datetime.now(UTC)
    a = m.UserAccount
    rows = session.execute(
        select(
            a.username,
            a.display_name,
            a.role,
            m.Team.key,
            m.Staff.key,
            a.email,
            a.active,
            a.locked_until,
            a.is_demo,
            a.last_sign_in_at,
        )
        .outerjoin(m.Team, m.Team.id == a.team_id)
        .outerjoin(m.Staff, m.Staff.id == a.staff_id)
        .order_by(a.username)
    ).all()
    # The row's first seven columns are AccountRow's first seven fields, in order.
    return [
        AccountRow(
            *row[:7],
            locked=bool(row.locked_until and _aware(row.locked_until) > now),
            is_demo=row.is_demo,
            last_sign_in_at=row.last_sign_in_at,
        )
        for row in rows
    ]


def count_users(session: Session) -> int:
    return session.execute(select(func.count()).select_from(m.UserAccount)).scalar_one()


def demo_usernames(session: Session) -> list[str]:
    """The active demo accounts (made by `ote demo`), listed on the sign-in page."""
    return list(
        session.scalars(
            select(m.UserAccount.username)
            .where(m.UserAccount.is_demo.is_(True), m.UserAccount.active.is_(True))
            .order_by(m.UserAccount.id)
        )
    )


DEMO_PASSWORD = "esittely-OTE-2026"  # shown on the sign-in page while demo accounts exist
DEMO_ACCOUNTS = (  # username, role; bound to the first demo team
    ("demo-johtaja", UserRole.TEAM_LEADER),
    ("demo-valmentaja", UserRole.COACH),
    ("demo-tyonetsija", UserRole.JOB_FINDER),
    ("demo-johto", UserRole.MANAGER),
)


def add_demo_accounts(session: Session, team_key: str) -> list[str]:
    """The demo accounts of a demo team (made by `ote demo`): a team leader, a coach (the
    team's first coach by key), a job finder if the team has one, and management – all
    bound to the demo team, none an administrator, all with DEMO_PASSWORD. Existing demo
    accounts are replaced."""
    for account in session.scalars(select(m.UserAccount).where(m.UserAccount.is_demo.is_(True))):
        session.delete(account)
    session.flush()
    team = session.scalars(select(m.Team).where(m.Team.key == team_key)).one()
    made = []
    for username, role in DEMO_ACCOUNTS:
        staff_key = None
        if role in STAFF_ROLES:
            staff_key = session.scalars(
                select(m.Staff.key)
                .where(m.Staff.team_id == team.id, m.Staff.role == role.value)
                .order_by(m.Staff.key)
            ).first()
            if staff_key is None:
                continue
        add_user(
            session,
            username,
            role,
            team_key=team.key,
            staff_key=staff_key,
            password=DEMO_PASSWORD,
            is_demo=True,
        )
        made.append(username)
    return made


def staff_choices(session: Session) -> list:
    """Every member of staff as (key, name, team_id), for choosing whom an account logs as."""
    return list(
        session.execute(
            select(m.Staff.key, m.Staff.name, m.Staff.team_id).order_by(m.Staff.name)
        ).all()
    )
