"""Teams, their staff and their referral sources (partner teams), and settings."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.enums import SourceKind, StaffRole
from ote.models.base import KEY_LENGTH, NAME_LENGTH, between, not_before, not_blank, one_of, utcnow


class Team(SQLModel, table=True):
    """A job-coaching team. `key` is the team_id of the interchange format."""

    __tablename__ = "team"
    __table_args__ = (not_blank("key"), not_blank("name"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    name: str = Field(max_length=NAME_LENGTH)
    region: str | None = Field(default=None, max_length=NAME_LENGTH)
    is_demo: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)


class Staff(SQLModel, table=True):
    """A member of a team's staff (item 2: `coaching_share` of working time on job coaching)."""

    __tablename__ = "staff"
    __table_args__ = (
        one_of("role", StaffRole),
        between("fte", 0, 1),
        between("coaching_share", 0, 1),
        not_before("end_date", "start_date"),
        not_blank("key"),
        not_blank("name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    name: str = Field(max_length=NAME_LENGTH)
    role: str = Field(max_length=30)
    fte: float
    coaching_share: float | None = None
    start_date: date | None = None
    end_date: date | None = None


class ReferralSource(SQLModel, table=True):
    """A team or service that refers clients; `attached` when the coaching team belongs to it."""

    __tablename__ = "referral_source"
    __table_args__ = (one_of("kind", SourceKind), not_blank("key"), not_blank("name"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    name: str = Field(max_length=NAME_LENGTH)
    kind: str = Field(max_length=30)
    attached: bool = Field(default=False)


class AppSetting(SQLModel, table=True):
    """A setting of the whole installation (for example the small-count threshold)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: Any = Field(sa_column=Column(JSON, nullable=False))


class TeamSetting(SQLModel, table=True):
    """A setting of one team (for example a measure's window in days)."""

    __tablename__ = "team_setting"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", ondelete="CASCADE")
    key: str = Field(max_length=80)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
