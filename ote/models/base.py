"""Shared pieces of the table definitions: constraint naming and check helpers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

# Named constraints make Alembic migrations deterministic on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata

KEY_LENGTH = 40  # external identifiers of the interchange format (team_id, staff_id, ...)
NAME_LENGTH = 200
TEXT_LENGTH = 4000  # free-text fields (notes, decisions); screened for identity codes on save


def utcnow() -> datetime:
    """The current time, aware, in UTC (SQLModel stores datetimes as UTC)."""
    return datetime.now(UTC)


def one_of(column: str, allowed: type[StrEnum] | Iterable[str], name: str | None = None):
    """CHECK that `column` holds one of the allowed values (NULL passes; NOT NULL is separate)."""
    items = [m.value for m in allowed] if isinstance(allowed, type) else list(allowed)
    quoted = ", ".join("'" + item.replace("'", "''") + "'" for item in items)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")


def between(column: str, low: float, high: float, name: str | None = None) -> CheckConstraint:
    """CHECK that `low <= column <= high` (NULL passes)."""
    return CheckConstraint(
        f"{column} >= {low} AND {column} <= {high}", name=name or f"{column}_range"
    )


def not_before(later: str, earlier: str, name: str | None = None) -> CheckConstraint:
    """CHECK that date `later` is on or after date `earlier` when both are given."""
    return CheckConstraint(
        f"{later} IS NULL OR {earlier} IS NULL OR {later} >= {earlier}",
        name=name or f"{later}_not_before_{earlier}",
    )


def add_length_checks() -> None:
    """CHECK `length(column) <= n` on every text column declared with a length.

    PostgreSQL enforces VARCHAR(n) itself; SQLite does not, so without these a value too
    long for PostgreSQL would be stored on SQLite. Called once all tables are defined.
    """
    for table in metadata.tables.values():
        existing = {str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)}
        for column in table.columns:
            length = getattr(column.type, "length", None)
            names = {f"{column.name}_length", f"ck_{table.name}_{column.name}_length"}
            if length and not names & existing:
                table.append_constraint(
                    CheckConstraint(
                        f"length({column.name}) <= {length}", name=f"{column.name}_length"
                    )
                )


def not_blank(column: str) -> CheckConstraint:
    """CHECK that a required text column is not empty or only spaces."""
    return CheckConstraint(f"length(trim({column})) > 0", name=f"{column}_not_blank")
