"""The team leader's weekly review of the employer-contact log (item 17: the leader goes
through the logs every week). One review per team and ISO week; marking it again moves the
date, and a mark can be taken back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlmodel import Session

from ote import models as m
from ote import validation as v
from ote.db import Database
from ote.records import rules
from ote.records.base import Saved, exists_in_team, lock_team
from ote.supervision.week import Week


@dataclass(frozen=True)
class Review:
    week_start: date
    reviewed_on: date
    reviewer_id: int | None
    reviewer_name: str | None


def reviews(session: Session, team_id: int, first: Week, last: Week) -> dict[date, Review]:
    """The team's reviews of the weeks `first` … `last`, by the week's Monday."""
    r = m.EmployerLogReview
    rows = session.execute(
        select(r.week_start, r.reviewed_on, r.reviewer_id, m.Staff.name)
        .outerjoin(m.Staff, m.Staff.id == r.reviewer_id)
        .where(r.team_id == team_id, r.week_start.between(first.monday, last.monday))
    )
    return {row[0]: Review(*row) for row in rows}


def mark_reviewed(
    database: Database, team_id: int, week: Week, reviewer_id: int | None, today: date
) -> Saved:
    """Record that the week's log was reviewed today (by `reviewer_id`, a staff member)."""
    values = {"week_start": week.monday, "reviewed_on": today}
    problems = rules.log_review(values, today)
    with database.write() as session:
        lock_team(session, team_id)
        if reviewer_id is not None and not exists_in_team(session, m.Staff, team_id, reviewer_id):
            problems.append(v.FieldError("reviewer_id", "not_in_team"))
        v.raise_if_errors(problems)
        review = session.execute(
            select(m.EmployerLogReview).where(
                m.EmployerLogReview.team_id == team_id,
                m.EmployerLogReview.week_start == week.monday,
            )
        ).scalar()
        if review is None:
            review = m.EmployerLogReview(team_id=team_id, week_start=week.monday)
            session.add(review)
        review.reviewed_on = today
        review.reviewer_id = reviewer_id
        session.flush()
        return Saved(review.id)


def unmark(database: Database, team_id: int, week: Week) -> None:
    """Take back the week's review mark."""
    with database.write() as session:
        session.execute(
            delete(m.EmployerLogReview).where(
                m.EmployerLogReview.team_id == team_id,
                m.EmployerLogReview.week_start == week.monday,
            )
        )
