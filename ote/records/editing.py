"""What a user changed in the recent-entries table: edited rows and rows marked to delete."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

DELETE_COLUMN = "delete"


def _same(a: Any, b: Any) -> bool:
    missing_a = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NaT
    missing_b = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NaT
    if missing_a or missing_b:
        return missing_a and missing_b
    if hasattr(a, "date") and hasattr(b, "date") and not isinstance(a, type(b)):
        return a.date() == b.date() if hasattr(a, "hour") else a == b.date()
    return a == b


def _plain(value: Any) -> Any:
    """A cell as the services take it: None for empty, date for timestamps, int for numpy."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return value.strip() or None
    return value


def changes(
    original: pd.DataFrame,
    edited: pd.DataFrame,
    editable: list[str],
    positions: Iterable[int] | None = None,
) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """({row id: {column: new value}} for edited rows, [ids of rows marked for deletion]).

    `positions`: the only rows (by position) that may differ – the editor's own record of
    the rows a user touched – so an untouched table costs nothing; None compares all."""
    updates: dict[int, dict[str, Any]] = {}
    deletions: list[int] = []
    if positions is not None:
        wanted = sorted({int(p) for p in positions if 0 <= int(p) < len(edited)})
        if not wanted:
            return updates, deletions
        edited = edited.iloc[wanted]
    before = original.set_index("id")
    for _, row in edited.iterrows():
        row_id = int(row["id"])
        if DELETE_COLUMN in edited.columns and bool(row[DELETE_COLUMN]):
            deletions.append(row_id)
            continue
        changed = {
            column: _plain(row[column])
            for column in editable
            if not _same(_plain(row[column]), _plain(before.at[row_id, column]))
        }
        if changed:
            updates[row_id] = changed
    return updates, deletions
