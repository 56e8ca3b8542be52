"""Clients (pseudonymous codes only) and the records kept about their service.

A client is a code the team chose, never a name or an identity code (DOMAIN.md §3, §5).
Everything kept about a client is deleted with the client (ON DELETE CASCADE), which
is what a retention purge relies on.
"""

from datetime import date

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.enums import (
    MODULE_DECISIONS,
    ClientContactKind,
    CoachingGoal,
    CoachingPeriodFeedback,
    Framing,
    Module,
    Place,
    PlanKind,
)
from ote.models.base import NAME_LENGTH, TEXT_LENGTH, between, not_before, one_of

CLIENT_CODE_MIN_LENGTH = 3
CLIENT_CODE_MAX_LENGTH = 20
CLIENT_CODE_CHARACTERS = "A-Za-z0-9ÅÄÖåäö-"

_code_length = CheckConstraint(
    f"length(code) >= {CLIENT_CODE_MIN_LENGTH} AND length(code) <= {CLIENT_CODE_MAX_LENGTH}",
    name="code_length",  # also the length check add_length_checks would add
)
# The character set is checked with each database's own pattern syntax.
_code_characters_sqlite = CheckConstraint(
    f"code NOT GLOB '*[^{CLIENT_CODE_CHARACTERS}]*'", name="code_characters"
).ddl_if(dialect="sqlite")
_code_characters_postgresql = CheckConstraint(
    f"code ~ '^[{CLIENT_CODE_CHARACTERS}]+$'", name="code_characters"
).ddl_if(dialect="postgresql")


class Client(SQLModel, table=True):
    """A client of the team, by pseudonymous code (unique within the team).

    Referred but not started = waiting list; active on a date d when
    service_start <= d and (service_end is empty or service_end >= d).
    """

    __tablename__ = "client"
    __table_args__ = (
        UniqueConstraint("team_id", "code"),
        _code_length,
        _code_characters_sqlite,
        _code_characters_postgresql,
        one_of("framing", Framing),
        not_before("service_start", "referral_date"),
        not_before("service_end", "service_start"),
        CheckConstraint("service_end IS NULL OR service_start IS NOT NULL", name="end_needs_start"),
        Index(None, "team_id", "service_start", "service_end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    code: str = Field(max_length=CLIENT_CODE_MAX_LENGTH)
    coach_id: int = Field(foreign_key="staff.id", index=True)
    source_id: int = Field(foreign_key="referral_source.id", index=True)
    referral_date: date
    service_start: date | None = None
    service_end: date | None = None
    end_reason: str | None = Field(default=None, max_length=NAME_LENGTH)
    framing: str = Field(default=Framing.IPS.value, max_length=10)
    consent_family: bool = Field(default=False)
    consent_former_employers: bool = Field(default=False)
    legal_hold: bool = Field(default=False)


class ClientPlan(SQLModel, table=True):
    """A vocational profile or job-search plan drawn up (first row) or updated (later rows)."""

    __tablename__ = "client_plan"
    __table_args__ = (one_of("kind", PlanKind), Index(None, "client_id", "kind", "date"))

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    kind: str = Field(max_length=30)
    date: date
    note: str | None = Field(default=None, max_length=TEXT_LENGTH)


class ModuleEpisode(SQLModel, table=True):
    """A module of the modular model and the assessment after it (seed 000)."""

    __tablename__ = "module_episode"
    __table_args__ = (
        one_of("module", Module),
        one_of("decision", MODULE_DECISIONS),
        not_before("end_date", "start_date"),
        not_before("assessed_on", "start_date"),
        Index(None, "client_id", "start_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    module: str = Field(max_length=2)
    start_date: date
    end_date: date | None = None
    assessed_on: date | None = None
    decision: str | None = Field(default=None, max_length=30)
    # Who took part in the assessment: the client, the provider and the purchaser (tilaaja).
    client_took_part: bool = Field(default=False)
    provider_took_part: bool = Field(default=False)
    purchaser_took_part: bool = Field(default=False)
    results: str | None = Field(default=None, max_length=TEXT_LENGTH)
    next_resources: str | None = Field(default=None, max_length=TEXT_LENGTH)


class CoachingPeriod(SQLModel, table=True):
    """A law-based coaching period (seed 004); its rules are checked by `ote.law_periods`."""

    __tablename__ = "coaching_period"
    __table_args__ = (
        not_before("end_date", "start_date"),
        one_of("feedback", CoachingPeriodFeedback),
        Index(None, "client_id", "start_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    start_date: date
    end_date: date
    start_notice_on: date | None = None
    end_notice_on: date | None = None
    feedback: str | None = Field(default=None, max_length=10)
    next_steps_set: bool = Field(default=False)


class CoachingPeriodGoal(SQLModel, table=True):
    """A goal of seed 004's list that a coaching period reached."""

    __tablename__ = "coaching_period_goal"
    __table_args__ = (one_of("goal", CoachingGoal),)

    period_id: int = Field(foreign_key="coaching_period.id", ondelete="CASCADE", primary_key=True)
    goal: str = Field(max_length=30, primary_key=True)


class ClientContact(SQLModel, table=True):
    """A contact with or about a client: meeting, follow-along support, outreach attempt, …"""

    __tablename__ = "client_contact"
    __table_args__ = (
        one_of("kind", ClientContactKind),
        one_of("place", Place),
        between("minutes", 0, 1440),
        Index(None, "client_id", "date"),
        Index(None, "staff_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff.id")
    date: date
    kind: str = Field(max_length=30)
    face_to_face: bool = Field(default=True)
    place: str | None = Field(default=None, max_length=20)
    minutes: int | None = None
    job_id: int | None = Field(default=None, foreign_key="job.id", ondelete="SET NULL")
    no_show: bool = Field(default=False)


class Feedback(SQLModel, table=True):
    """Client feedback, score 1–5 (result measure of seed 000)."""

    __tablename__ = "feedback"
    __table_args__ = (between("score", 1, 5), Index(None, "client_id", "date"))

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", ondelete="CASCADE")
    date: date
    score: int
    comment: str | None = Field(default=None, max_length=TEXT_LENGTH)
