"""Fidelity assessments on the 25-item scale (seed 003) and the team's quarterly goals."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.enums import AssessmentKind, AssessmentStatus
from ote.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    between,
    not_blank,
    one_of,
    utcnow,
)

# Items scored by counting their sub-criteria, and how many each has (seed 003).
SUBCRITERIA_COUNT: dict[int, int] = {5: 5, 8: 5, 10: 5, 11: 5, 13: 4, 25: 6}


class FidelityAssessment(SQLModel, table=True):
    """One assessment: header as on the seed's score sheet (Arvioitsija, Paikka, Päivämäärä)."""

    __tablename__ = "fidelity_assessment"
    __table_args__ = (
        one_of("kind", AssessmentKind),
        one_of("status", AssessmentStatus),
        CheckConstraint(
            "status <> 'final' OR finalised_at IS NOT NULL", name="final_has_finalised_at"
        ),
        not_blank("key"),
        Index(None, "team_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    team_id: int = Field(foreign_key="team.id")
    date: date
    kind: str = Field(default=AssessmentKind.SELF.value, max_length=10)
    assessors: str | None = Field(default=None, max_length=NAME_LENGTH)
    place: str | None = Field(default=None, max_length=NAME_LENGTH)
    status: str = Field(default=AssessmentStatus.DRAFT.value, max_length=10)
    based_on_id: int | None = Field(
        default=None, foreign_key="fidelity_assessment.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
    finalised_at: datetime | None = None


class FidelityItemScore(SQLModel, table=True):
    """The score of one item in one assessment, with the reason and the evidence snapshot."""

    __tablename__ = "fidelity_item_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item"),
        between("item", 1, 25),
        between("score", 1, 5),
        between("suggested_score", 1, 5),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="fidelity_assessment.id", ondelete="CASCADE")
    item: int
    score: int | None = None  # empty while a draft leaves the item unscored
    note: str | None = Field(default=None, max_length=TEXT_LENGTH)
    suggested_score: int | None = None
    # What the records said for the item on the assessment's date (value, n, window, basis).
    evidence: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )


class FidelitySubcriterion(SQLModel, table=True):
    """Whether sub-criterion `item`.`number` (e.g. 5.1) was met in an assessment."""

    __tablename__ = "fidelity_subcriterion"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item", "number"),
        CheckConstraint(
            "item IN (" + ", ".join(str(i) for i in SUBCRITERIA_COUNT) + ")",
            name="item_has_subcriteria",
        ),
        CheckConstraint(
            "number >= 1 AND number <= CASE item "
            + " ".join(f"WHEN {item} THEN {count}" for item, count in SUBCRITERIA_COUNT.items())
            + " ELSE 0 END",
            name="number_range",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="fidelity_assessment.id", ondelete="CASCADE")
    item: int
    number: int
    met: bool = Field(default=False)


class QuarterlyGoal(SQLModel, table=True):
    """A goal for a quarter (item 8.5): a measure, its target and, once known, the actual."""

    __tablename__ = "quarterly_goal"
    __table_args__ = (
        CheckConstraint(
            "length(quarter) = 6 AND substr(quarter, 5, 1) = 'Q' "
            "AND substr(quarter, 6, 1) IN ('1', '2', '3', '4') "
            "AND substr(quarter, 1, 1) = '2' AND substr(quarter, 2, 1) BETWEEN '0' AND '9' "
            "AND substr(quarter, 3, 1) BETWEEN '0' AND '9' "
            "AND substr(quarter, 4, 1) BETWEEN '0' AND '9'",
            name="quarter_format",
        ),
        not_blank("measure"),
        Index(None, "team_id", "quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    quarter: str = Field(max_length=6)
    measure: str = Field(max_length=80)
    target: float
    actual: float | None = None
    owner: str | None = Field(default=None, max_length=NAME_LENGTH)
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    note: str | None = Field(default=None, max_length=TEXT_LENGTH)
    carried_from_id: int | None = Field(
        default=None, foreign_key="quarterly_goal.id", ondelete="SET NULL"
    )
