"""From raw cells to typed rows: column checks, cell parsing, duplicates within a file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ote import validation as v
from ote.identity_codes import contains_identity_code
from ote.interchange.format import BY_NAME, Column, ColumnType, File, Identity
from ote.interchange.reader import Problem, RawFile

QUARTER = re.compile(r"^\d{4}Q[1-4]$")
C = ColumnType


@dataclass
class Row:
    """A parsed row: typed values (None for empty cells) where its file and line are."""

    file: File
    source: str
    line: int
    values: dict[str, Any]
    complete: bool = True  # False when a cell could not be read (its value is None)


def parse_files(raw_files: list[RawFile]) -> tuple[dict[str, list[Row]], list[Problem]]:
    """Typed rows per file name, and every problem with columns, cells and duplicates."""
    rows: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    for raw in raw_files:
        spec = BY_NAME[raw.name]
        if raw.name in rows:
            problems.append(Problem(raw.source, 0, "", "file_twice", {"name": spec.filename}))
            continue
        # Header problems are reported once; the rows are still checked, so that every
        # problem of the file shows at once (unknown columns are left out of the rows).
        header_problems = _check_columns(spec, raw)
        problems.extend(header_problems)
        present = set(raw.columns)
        # Without a required column no row is complete: only references get checked.
        lacks_required = any(p.key == "missing_column" for p in header_problems)
        parsed: list[Row] = []
        for raw_row in raw.rows:
            values, cell_problems = _parse_row(
                spec, raw.source, raw_row.line, raw_row.cells, present
            )
            problems.extend(cell_problems)
            complete = not cell_problems and not lacks_required
            parsed.append(Row(spec, raw.source, raw_row.line, values, complete))
        problems.extend(_duplicates(spec, parsed))
        rows[raw.name] = parsed
    return rows, problems


def _check_columns(spec: File, raw: RawFile) -> list[Problem]:
    known = {c.name for c in spec.columns}
    problems = [
        Problem(raw.source, raw.header_line, column, "unknown_column", {"file": spec.filename})
        for column in raw.columns
        if column not in known
    ]
    problems += [
        Problem(raw.source, raw.header_line, column.name, "missing_column")
        for column in spec.columns
        if column.required and column.name not in raw.columns
    ]
    return problems


def _parse_row(
    spec: File, source: str, line: int, cells: dict[str, Any], present: set[str]
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in spec.columns:
        cell = cells.get(column.name)
        if v.is_blank(cell):
            values[column.name] = [] if column.type in LIST_TYPES else None
            if column.required and column.name in present:  # a missing column: said once
                problems.append(Problem(source, line, column.name, "required"))
            continue
        if isinstance(cell, str) and contains_identity_code(cell):
            # Screened before parsing, so that no message ever repeats the code.
            values[column.name] = None
            problems.append(Problem(source, line, column.name, "identity_code"))
            continue
        try:
            values[column.name] = parse_cell(column, cell)
        except v.ParseError as error:
            problems.append(Problem(source, line, column.name, error.key, error.params))
    return values, problems


LIST_TYPES = {C.REF_LIST, C.INT_LIST, C.ENUM_LIST}


def parse_cell(column: Column, cell: Any) -> Any:
    """One non-empty cell as its column's type; ParseError with a message key otherwise."""
    kind = column.type
    if kind == C.DATE:
        return v.read_date(cell)
    if kind == C.BOOL:
        return v.read_bool(cell)
    if kind in (C.DECIMAL, C.INT):
        number = v.read_decimal(cell) if kind == C.DECIMAL else v.read_int(cell)
        _raise_first(v.in_range(column.name, number, *_bounds(column)))
        return number
    if kind == C.INT_LIST:
        numbers = [v.read_int(part) for part in _split(cell)]
        for number in numbers:
            _raise_first(v.in_range(column.name, number, *_bounds(column)))
        return numbers
    text = v.read_text(cell)
    if kind == C.ENUM:
        _raise_first(v.one_of(column.name, text, column.choices))
        return text
    if kind == C.ENUM_LIST:
        parts = _split(text)
        for part in parts:
            _raise_first(v.one_of(column.name, part, column.choices))
        return parts
    if kind == C.REF_LIST:
        return _split(text)
    if kind == C.QUARTER:
        if not QUARTER.match(text):
            raise v.ParseError("not_a_quarter", value=text)
        return text
    if kind == C.JSON:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise v.ParseError("not_json") from None
    if kind == C.CLIENT:
        _raise_first(v.client_code(column.name, text))
        return text
    # KEY, REF and TEXT: free text, screened; identifiers too (a code in an id is refused).
    _raise_first(v.text(column.name, text, column.max_length))
    return text


def _bounds(column: Column) -> tuple[float, float]:
    low = column.low if column.low is not None else float("-inf")
    high = column.high if column.high is not None else float("inf")
    return low, high


def _split(cell: Any) -> list[str]:
    return [part.strip() for part in str(cell).split("|") if part.strip()]


def _raise_first(errors: list[v.FieldError]) -> None:
    if errors:
        raise v.ParseError(errors[0].key, **errors[0].params)


def identity_of(spec: File, values: dict[str, Any]) -> tuple | None:
    """The values that identify a row within its file (None for whole-row files)."""
    if spec.identity == Identity.KEY:
        assert spec.key_column is not None
        return (values[spec.key_column.name],)
    if spec.identity == Identity.NATURAL:
        return tuple(values.get(name) for name in spec.natural_key)
    return None


def _duplicates(spec: File, rows: list[Row]) -> list[Problem]:
    if spec.identity == Identity.WHOLE_ROW:
        return []  # identical rows are distinct events (two outreach attempts on one day)
    first_line: dict[tuple, int] = {}
    problems = []
    for row in rows:
        if not row.complete:
            continue
        identity = identity_of(spec, row.values)
        if identity in first_line:
            column = spec.key_column.name if spec.key_column else ", ".join(spec.natural_key)
            problems.append(
                Problem(
                    row.source, row.line, column, "duplicate_row", {"line": first_line[identity]}
                )
            )
        else:
            first_line[identity] = row.line
    return problems
