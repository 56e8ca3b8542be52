"""The history of a team's assessments: totals over time, item by item against the
previous assessment, and when the next one is due (item 11.2)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session

from ote.enums import AssessmentStatus
from ote.fidelity.assessments import Assessment, list_assessments
from ote.fidelity.scoring import ITEMS, band
from ote.metrics.cadences import assessment_on_schedule


def totals(session: Session, team_id: int) -> pd.DataFrame:
    """Final assessments, oldest first: date, key, kind, total, band."""
    rows = [
        {
            "date": s.date,
            "key": s.key,
            "kind": s.kind,
            "total": s.total,
            "band": band(s.total).value,
        }
        for s in reversed(list_assessments(session, team_id))
        if s.status == AssessmentStatus.FINAL.value and s.total is not None
    ]
    return pd.DataFrame(rows, columns=["date", "key", "kind", "total", "band"])


def comparison(current: Assessment, previous: Assessment | None) -> pd.DataFrame:
    """Each item's score now and in the previous assessment, the change, and whether it
    dropped."""
    rows = []
    for item in ITEMS:
        now = current.items[item].score
        before = previous.items[item].score if previous else None
        change = now - before if now is not None and before is not None else None
        rows.append(
            {
                "item": item,
                "score": now,
                "previous": before,
                "change": change,
                "dropped": change is not None and change < 0,
            }
        )
    return pd.DataFrame(rows, columns=["item", "score", "previous", "change", "dropped"])


def next_due(session: Session, team_id: int, as_of: date) -> date | None:
    """When the next assessment is due (item 11.2): 6 months after the latest final one,
    12 once a total of at least 100 has been reached."""
    return assessment_on_schedule(session, team_id, as_of).details["due"]
