"""Drawing the steering group's actions and meetings."""

from __future__ import annotations

import pandas as pd

from ote.formatting import format_date, markdown_text
from ote.i18n import Translator


def action_heading(row, t: Translator) -> str:
    """`⚠ A0003 Title – overdue since 1.3.2026` (status as a word beside any mark)."""
    status = t(f"enum.ActionStatus.{row.status}")
    due = f" · {t('steering.due', date=format_date(row.due_date))}" if row.due_date else ""
    mark = f"⚠ {t('steering.overdue')} · " if row.overdue else ""
    return f"{mark}{row.key} {row.title} – {status}{due}"


def action_summary(row, items, t: Translator) -> str:
    linked = ", ".join(f"{n}. {items[n].name}" for n in row.items) or "–"
    return t(
        "steering.action_summary",
        owner=markdown_text(row.owner or "–"),
        created=format_date(row.created_on) or "–",
        meeting=row.meeting_key or "–",
        items=markdown_text(linked),
        done=format_date(row.done_on) or "–",
    )


def scores_frame(row, t: Translator) -> pd.DataFrame:
    """Each linked item's score per final assessment; the one before the action is the
    baseline."""
    days = sorted({score.date for score in row.scores})
    data: dict[str, list] = {t("steering.item"): [str(n) for n in row.items]}
    for day in days:
        label = format_date(day)
        if row.created_on and day < row.created_on:
            label = f"{label} ({t('steering.baseline')})"
        by_item = {s.item: s.score for s in row.scores if s.date == day}
        data[label] = ["–" if by_item.get(n) is None else str(by_item[n]) for n in row.items]
    return pd.DataFrame(data)


def meetings_frame(held, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.date"): [format_date(m.date) for m in held],
            t("field.participants"): [m.participants or "" for m in held],
            t("field.notes"): [m.notes or "" for m in held],
            t("steering.actions_decided"): [m.actions for m in held],
        }
    )
