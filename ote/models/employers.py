"""Employers, the team's contacts with them, and the jobs clients hold.

Employers are a register shared by the teams of one database (they are
organisations, not personal data); contacts and jobs belong to a team through the
staff member and the client.
"""

from datetime import date

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.enums import EmployerContactOutcome, EmployerContactPurpose
from ote.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    between,
    not_before,
    not_blank,
    one_of,
)


class Employer(SQLModel, table=True):
    """An employer; `key` is the employer_id of the interchange format."""

    __tablename__ = "employer"
    __table_args__ = (not_blank("key"), not_blank("name"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    name: str = Field(max_length=NAME_LENGTH, index=True)
    industry: str | None = Field(default=None, max_length=NAME_LENGTH)


class EmployerContact(SQLModel, table=True):
    """A contact of a staff member with an employer, about a job seeker if `client_id` is set.

    Items 15–18: face-to-face contacts naming a job seeker count towards item 17;
    `preference_based` is item 16; `purpose` is item 18's quality level.
    """

    __tablename__ = "employer_contact"
    __table_args__ = (
        one_of("purpose", EmployerContactPurpose),
        one_of("outcome", EmployerContactOutcome),
        # Covering index for the weekly count per staff member (item 17).
        Index(None, "staff_id", "date", "face_to_face", "client_id"),
        Index(None, "client_id", "date"),
        Index(None, "employer_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    date: date
    staff_id: int = Field(foreign_key="staff.id")
    employer_id: int = Field(foreign_key="employer.id")
    face_to_face: bool
    client_id: int | None = Field(default=None, foreign_key="client.id", ondelete="SET NULL")
    preference_based: bool | None = None
    purpose: str | None = Field(default=None, max_length=30)
    outcome: str | None = Field(default=None, max_length=30)
    job_tip: str | None = Field(default=None, max_length=TEXT_LENGTH)


class Job(SQLModel, table=True):
    """A job a client holds. Competitive = open labour market (item 21)."""

    __tablename__ = "job"
    __table_args__ = (
        not_before("end_date", "start_date"),
        between("hours_per_week", 0, 168),
        not_blank("key"),
        not_blank("title"),
        not_blank("job_type"),
        Index(None, "client_id", "start_date"),
        Index(None, "start_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    employer_id: int = Field(foreign_key="employer.id", index=True)
    title: str = Field(max_length=NAME_LENGTH)
    job_type: str = Field(max_length=NAME_LENGTH)
    start_date: date
    end_date: date | None = None
    end_reason: str | None = Field(default=None, max_length=NAME_LENGTH)
    competitive: bool
    permanent: bool
    hours_per_week: float | None = None


class EmployerLogReview(SQLModel, table=True):
    """The team leader's weekly review of the employer-contact log (item 17 asks for it):
    the ISO week reviewed (its Monday), when, and by whom."""

    __tablename__ = "employer_log_review"
    __table_args__ = (
        UniqueConstraint("team_id", "week_start"),
        not_before("reviewed_on", "week_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    week_start: date  # the Monday of the ISO week reviewed
    reviewed_on: date
    reviewer_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
