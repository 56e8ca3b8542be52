"""OTE's user accounts: who may sign in, with which role, for which team.

Local accounts keep an argon2 hash of the password (`ote/auth/passwords.py`); accounts
signed in through an identity provider (OIDC, `st.login`) are matched by the provider's
subject or e-mail address and need no password. Staff are not clients: an account names
a member of staff, never a client (DOMAIN.md §5).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from ote.enums import UserRole
from ote.models.base import NAME_LENGTH, not_blank, one_of, utcnow

USERNAME_LENGTH = 80
TEAMLESS_ROLES = (UserRole.ADMIN, UserRole.MANAGER)  # may span every team
STAFF_ROLES = (UserRole.COACH, UserRole.JOB_FINDER)  # act as one member of staff


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (
        one_of("role", UserRole),
        not_blank("username"),
        CheckConstraint("team_id IS NOT NULL OR role IN ('admin', 'manager')", name="team_needed"),
        CheckConstraint(
            "staff_id IS NOT NULL OR role NOT IN ('coach', 'job_finder')", name="staff_needed"
        ),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=USERNAME_LENGTH, unique=True)
    display_name: str | None = Field(default=None, max_length=NAME_LENGTH)
    role: str = Field(max_length=20)
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="CASCADE")
    password_hash: str | None = Field(default=None, max_length=NAME_LENGTH)
    oidc_subject: str | None = Field(default=None, max_length=NAME_LENGTH, unique=True)
    email: str | None = Field(default=None, max_length=NAME_LENGTH, unique=True)
    active: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = None
    last_sign_in_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
