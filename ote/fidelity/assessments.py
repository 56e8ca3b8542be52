"""A team's fidelity assessments: drafts saved as they are typed, finalised explicitly, read
only afterwards; a new one can start from an earlier one.

Every change of a draft is one short transaction (`set_score`, `set_subcriteria`, …), so a
reload or a dropped connection loses nothing. Items 5, 8, 10, 11, 13 and 25 are scored by
their sub-criteria (DOMAIN.md §4); the others directly, 1–5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.enums import AssessmentKind, AssessmentStatus
from ote.fidelity.scoring import ITEMS, band, partial_total, score_from_subcriteria, total
from ote.models.base import NAME_LENGTH, TEXT_LENGTH
from ote.models.fidelity import SUBCRITERIA_COUNT
from ote.records.base import Saved, key_prefix, lock_team, next_key, owned


@dataclass(frozen=True)
class ItemState:
    item: int
    score: int | None
    note: str | None
    met: frozenset[int] = frozenset()  # numbers of the sub-criteria met
    suggested_score: int | None = None  # stored when the assessment was finalised
    evidence: dict[str, Any] | None = None


@dataclass(frozen=True)
class Assessment:
    id: int
    key: str
    date: date
    kind: str
    assessors: str | None
    place: str | None
    status: str
    based_on_id: int | None
    finalised_at: datetime | None
    items: dict[int, ItemState] = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT.value

    @property
    def scores(self) -> dict[int, int | None]:
        return {item: state.score for item, state in self.items.items()}

    @property
    def total(self) -> int | None:
        return total(self.scores)

    @property
    def partial_total(self) -> tuple[int, int]:
        return partial_total(self.scores)

    @property
    def band(self):
        return band(self.total)


@dataclass(frozen=True)
class Summary:
    id: int
    key: str
    date: date
    kind: str
    status: str
    scored: int
    total: int | None  # None until all 25 are scored


# ----------------------------------------------------------------------- reading
def list_assessments(session: Session, team_id: int) -> list[Summary]:
    """The team's assessments, newest first, with how many items are scored and the total."""
    rows = session.execute(
        select(
            m.FidelityAssessment.id,
            m.FidelityAssessment.key,
            m.FidelityAssessment.date,
            m.FidelityAssessment.kind,
            m.FidelityAssessment.status,
            func.count(m.FidelityItemScore.score),
            func.sum(m.FidelityItemScore.score),
        )
        .outerjoin(
            m.FidelityItemScore, m.FidelityItemScore.assessment_id == m.FidelityAssessment.id
        )
        .where(m.FidelityAssessment.team_id == team_id)
        .group_by(
            m.FidelityAssessment.id,
            m.FidelityAssessment.key,
            m.FidelityAssessment.date,
            m.FidelityAssessment.kind,
            m.FidelityAssessment.status,
        )
        .order_by(m.FidelityAssessment.date.desc(), m.FidelityAssessment.id.desc())
    ).all()
    return [
        Summary(
            row_id,
            key,
            day,
            kind,
            status,
            int(scored),
            int(summed) if scored == len(ITEMS) else None,
        )
        for row_id, key, day, kind, status, scored, summed in rows
    ]


def load(session: Session, team_id: int, assessment_id: int) -> Assessment:
    """One of the team's assessments with every item's state; NotFound otherwise."""
    header = owned(session, m.FidelityAssessment, team_id, assessment_id)
    scores = {
        row.item: row
        for row in session.execute(
            select(m.FidelityItemScore).where(m.FidelityItemScore.assessment_id == assessment_id)
        ).scalars()
    }
    met: dict[int, set[int]] = {item: set() for item in SUBCRITERIA_COUNT}
    for item, number in session.execute(
        select(m.FidelitySubcriterion.item, m.FidelitySubcriterion.number).where(
            m.FidelitySubcriterion.assessment_id == assessment_id,
            m.FidelitySubcriterion.met.is_(True),
        )
    ):
        met[item].add(number)
    items = {}
    for item in ITEMS:
        row = scores.get(item)
        items[item] = ItemState(
            item,
            row.score if row else None,
            row.note if row else None,
            frozenset(met.get(item, ())),
            row.suggested_score if row else None,
            row.evidence if row else None,
        )
    return Assessment(
        header.id,
        header.key,
        header.date,
        header.kind,
        header.assessors,
        header.place,
        header.status,
        header.based_on_id,
        header.finalised_at,
        items,
    )


def previous_final(session: Session, team_id: int, assessment: Assessment) -> Assessment | None:
    """The team's latest final assessment before this one (by date), for comparison."""
    row_id = session.execute(
        select(m.FidelityAssessment.id)
        .where(
            m.FidelityAssessment.team_id == team_id,
            m.FidelityAssessment.status == AssessmentStatus.FINAL.value,
            or_(
                m.FidelityAssessment.date < assessment.date,
                and_(
                    m.FidelityAssessment.date == assessment.date,
                    m.FidelityAssessment.id < assessment.id,
                ),
            ),
        )
        .order_by(m.FidelityAssessment.date.desc(), m.FidelityAssessment.id.desc())
        .limit(1)
    ).scalar()
    return load(session, team_id, row_id) if row_id is not None else None


# ----------------------------------------------------------------------- writing
HEADER_FIELDS = ("date", "kind", "assessors", "place")


def _header_problems(values: dict[str, Any], today: date) -> list[v.FieldError]:
    problems = v.required("date", values.get("date"))
    problems += v.not_future("date", values.get("date"), today)
    problems += v.one_of("kind", values.get("kind"), AssessmentKind)
    problems += v.text("assessors", values.get("assessors"), NAME_LENGTH)
    problems += v.text("place", values.get("place"), NAME_LENGTH)
    return problems


def create(
    database: Database,
    team_id: int,
    values: dict[str, Any],
    today: date,
    based_on: int | None = None,
) -> Saved:
    """A new draft with the header `values` (date, kind, assessors, place); with `based_on`,
    starting from that assessment's scores, reasons and sub-criteria."""
    v.raise_if_errors(_header_problems(values, today))
    with database.write() as session:
        team = lock_team(session, team_id)
        source = load(session, team_id, based_on) if based_on is not None else None
        header = m.FidelityAssessment(
            key=next_key(session, m.FidelityAssessment, key_prefix(team.key, "F")),
            team_id=team_id,
            date=values["date"],
            kind=values.get("kind") or AssessmentKind.SELF.value,
            assessors=_text(values.get("assessors")),
            place=_text(values.get("place")),
            status=AssessmentStatus.DRAFT.value,
            based_on_id=based_on,
        )
        session.add(header)
        session.flush()
        for item in ITEMS:
            state = source.items[item] if source else None
            session.add(
                m.FidelityItemScore(
                    assessment_id=header.id,
                    item=item,
                    score=state.score if state else None,
                    note=state.note if state else None,
                )
            )
        for item, count in SUBCRITERIA_COUNT.items():
            met = source.items[item].met if source else frozenset()
            for number in range(1, count + 1):
                session.add(
                    m.FidelitySubcriterion(
                        assessment_id=header.id, item=item, number=number, met=number in met
                    )
                )
        session.flush()
        return Saved(header.id)


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _draft(session: Session, team_id: int, assessment_id: int) -> m.FidelityAssessment:
    header = owned(session, m.FidelityAssessment, team_id, assessment_id)
    if header.status != AssessmentStatus.DRAFT.value:
        raise v.ValidationFailed([v.FieldError("status", "fidelity_final")])
    return header


def _item_row(session: Session, assessment_id: int, item: int) -> m.FidelityItemScore:
    row = session.execute(
        select(m.FidelityItemScore).where(
            m.FidelityItemScore.assessment_id == assessment_id, m.FidelityItemScore.item == item
        )
    ).scalar_one_or_none()
    if row is None:
        row = m.FidelityItemScore(assessment_id=assessment_id, item=item)
        session.add(row)
    return row


def update_header(
    database: Database, team_id: int, assessment_id: int, values: dict[str, Any], today: date
) -> Saved:
    with database.write() as session:
        header = _draft(session, team_id, assessment_id)
        merged = {name: getattr(header, name) for name in HEADER_FIELDS} | values
        v.raise_if_errors(_header_problems(merged, today))
        header.date = merged["date"]
        header.kind = merged["kind"] or AssessmentKind.SELF.value
        header.assessors = _text(merged["assessors"])
        header.place = _text(merged["place"])
        return Saved(header.id)


def set_score(
    database: Database, team_id: int, assessment_id: int, item: int, score: int | None
) -> Saved:
    """The assessors' score of an item scored directly (1–5, or None to unscore it)."""
    if item in SUBCRITERIA_COUNT:
        raise ValueError(f"item {item} is scored by its sub-criteria")
    v.raise_if_errors(v.in_range("score", score, 1, 5) if score is not None else [])
    with database.write() as session:
        _draft(session, team_id, assessment_id)
        _item_row(session, assessment_id, item).score = score
        return Saved(assessment_id)


def set_note(database: Database, team_id: int, assessment_id: int, item: int, note: str | None):
    """The assessors' reason for an item's score (screened for identity codes)."""
    v.raise_if_errors(v.text("fidelity_reason", note, TEXT_LENGTH))
    with database.write() as session:
        _draft(session, team_id, assessment_id)
        _item_row(session, assessment_id, item).note = _text(note)
        return Saved(assessment_id)


def set_subcriteria(
    database: Database, team_id: int, assessment_id: int, item: int, met: set[int]
) -> Saved:
    """Which of an item's sub-criteria are met; the item's score follows from the count."""
    count = SUBCRITERIA_COUNT[item]
    if not set(met) <= set(range(1, count + 1)):
        raise ValueError(f"item {item} has sub-criteria 1–{count}")
    with database.write() as session:
        _draft(session, team_id, assessment_id)
        rows = session.execute(
            select(m.FidelitySubcriterion).where(
                m.FidelitySubcriterion.assessment_id == assessment_id,
                m.FidelitySubcriterion.item == item,
            )
        ).scalars()
        found = {row.number: row for row in rows}
        for number in range(1, count + 1):
            row = found.get(number)
            if row is None:
                row = m.FidelitySubcriterion(assessment_id=assessment_id, item=item, number=number)
                session.add(row)
            row.met = number in met
        _item_row(session, assessment_id, item).score = score_from_subcriteria(item, len(met))
        return Saved(assessment_id)


def finalise_problems(
    assessment: Assessment, suggestions: dict[int, int | None]
) -> list[v.FieldError]:
    """What stops finalising: unscored items, and a score that differs from the records'
    suggestion without a reason."""
    problems = []
    unscored = [item for item, state in assessment.items.items() if state.score is None]
    if unscored:
        problems.append(
            v.FieldError("score", "fidelity_unscored", {"items": ", ".join(map(str, unscored))})
        )
    for item, state in assessment.items.items():
        suggested = suggestions.get(item)
        if (
            suggested is not None
            and state.score is not None
            and state.score != suggested
            and not state.note
        ):
            problems.append(
                v.FieldError(
                    "fidelity_reason",
                    "fidelity_reason_required",
                    {"item": item, "suggested": suggested},
                )
            )
    return problems


def finalise(
    database: Database,
    team_id: int,
    assessment_id: int,
    evidence: dict[str, Any],
) -> Saved:
    """Make a draft final (read only): every item scored, a reason wherever the score differs
    from the records' suggestion; the evidence of that date is stored with each item.
    `evidence` maps item numbers ("1" … "25") to `ItemEvidence`."""
    with database.write() as session:
        header = _draft(session, team_id, assessment_id)
        assessment = load(session, team_id, assessment_id)
        suggestions = {int(item): e.suggested_score for item, e in evidence.items()}
        v.raise_if_errors(finalise_problems(assessment, suggestions))
        for item in ITEMS:
            row = _item_row(session, assessment_id, item)
            found = evidence.get(str(item))
            row.suggested_score = found.suggested_score if found else None
            row.evidence = found.as_json() if found else None
        header.status = AssessmentStatus.FINAL.value
        header.finalised_at = datetime.now(UTC)
        return Saved(header.id)


def delete_draft(database: Database, team_id: int, assessment_id: int) -> None:
    """Throw a draft away (a final assessment is kept)."""
    with database.write() as session:
        session.delete(_draft(session, team_id, assessment_id))  # scores go by ON DELETE CASCADE
