"""The access log: who viewed or changed what, and when (DOMAIN.md §5).

It refers to clients by team and code, not by foreign key, so that it outlives the
client rows it describes (it is kept longer than client data) and an extract for
one client code is one indexed lookup.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from ote.enums import AuditAction
from ote.models.base import NAME_LENGTH, one_of, utcnow


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        one_of("action", AuditAction),
        Index(None, "team_id", "client_code", "at"),
        Index(None, "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=NAME_LENGTH)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=60)
    entity_id: str | None = Field(default=None, max_length=80)
    team_id: int | None = None
    client_code: str | None = Field(default=None, max_length=20)
    page: str | None = Field(default=None, max_length=NAME_LENGTH)
    detail: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
