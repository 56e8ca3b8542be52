"""Aggregate results kept when client-level data is purged (`ote purge`, DOMAIN.md §5)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.models.base import not_before, utcnow


class ResultArchive(SQLModel, table=True):
    """The result measures of one team for one whole period (a quarter or a calendar year),
    computed just before a purge removed clients counted in them; `figures` holds the
    fields of `ote.briefing.QuarterResults`. The results pages use these figures for that
    period from then on, so purging changes no result shown."""

    __tablename__ = "result_archive"
    __table_args__ = (UniqueConstraint("team_id", "first", "last"), not_before("last", "first"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", ondelete="CASCADE")
    label: str = Field(max_length=20)
    first: date
    last: date
    figures: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    purged_before: date  # the date given to `ote purge --ended-before`
    archived_at: datetime = Field(default_factory=utcnow)
