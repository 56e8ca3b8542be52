"""Reading a data set: a folder (or .zip) of CSV files or one .xlsx workbook, into raw rows.

CSV: UTF-8 with or without BOM; `,` or `;` between cells, detected from the header;
a header row; quoted cells may span lines (a row's line is where it starts). Rows with
nothing in them are skipped. XLSX: one sheet per file, named as the file without `.csv`;
cells keep their spreadsheet types (dates, numbers) for the parsers.

Every problem is reported, not raised: the import lists them all at once.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ote.identity_codes import masked
from ote.interchange.format import BY_NAME
from ote.validation import shown_value

ZIP_MAX_UNPACKED = 200_000_000  # bytes of CSV in one .zip: more than any team's records


@dataclass(frozen=True)
class Problem:
    """Something wrong in the data set, where it is, as a validation message key."""

    source: str  # "employers.csv" or "data.xlsx[employers]"
    line: int  # 0 when it concerns the whole file
    column: str  # "" when it concerns the whole row or file
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    warning: bool = False

    def __post_init__(self) -> None:
        # A file, sheet or column name, or a value, repeated in a message never carries an
        # identity code (DOMAIN.md §5), and is cut short when very long.
        for name in ("source", "column"):
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, shown_value(masked(value)))
        params = {
            name: shown_value(masked(value)) if isinstance(value, str) else value
            for name, value in self.params.items()
        }
        object.__setattr__(self, "params", params)


@dataclass
class RawRow:
    line: int
    cells: dict[str, Any]  # column -> cell (None or '' for empty)


@dataclass
class RawFile:
    name: str  # the file name without .csv (= the sheet name)
    source: str  # how problems name it
    columns: list[str]
    rows: list[RawRow]
    header_line: int = 1


def read_dataset(path: Path) -> tuple[list[RawFile], list[Problem]]:
    """The files of a data set at `path` (a folder or an .xlsx file) and the problems found."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path.read_bytes(), path.name)
    if path.suffix.lower() == ".csv":
        return _read_csv_files([(path.name, path.read_bytes())])
    if path.suffix.lower() == ".zip":
        return read_uploads([(path.name, path.read_bytes())])
    problem = Problem(str(path), 0, "", "not_a_dataset")
    return [], [problem]


def _read_folder(folder: Path) -> tuple[list[RawFile], list[Problem]]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        return [], [Problem(str(folder), 0, "", "no_csv_files")]
    return _read_csv_files([(p.name, p.read_bytes()) for p in files])


def read_uploads(uploads: list[tuple[str, bytes]]) -> tuple[list[RawFile], list[Problem]]:
    """Uploaded files given as (file name, content): CSV files and/or .xlsx workbooks."""
    raw_files: list[RawFile] = []
    problems: list[Problem] = []
    csv_files = []
    for name, content in uploads:
        if name.lower().endswith(".xlsx"):
            found_files, found_problems = read_workbook(content, name)
            raw_files.extend(found_files)
            problems.extend(found_problems)
        elif name.lower().endswith(".zip"):
            members, found_problems = _zip_members(content, name)
            csv_files.extend(members)
            problems.extend(found_problems)
        else:
            csv_files.append((name, content))
    found_files, found_problems = _read_csv_files(csv_files)
    return raw_files + found_files, problems + found_problems


def _read_csv_files(files: list[tuple[str, bytes]]) -> tuple[list[RawFile], list[Problem]]:
    raw_files: list[RawFile] = []
    problems: list[Problem] = []
    for filename, content in files:
        name = filename[:-4] if filename.lower().endswith(".csv") else filename
        if name not in BY_NAME:
            problems.append(Problem(filename, 0, "", "unknown_file", {"name": filename}))
            continue
        raw, found = read_csv(name, filename, content)
        problems.extend(found)
        if raw is not None:
            raw_files.append(raw)
    return raw_files, problems


def _zip_members(content: bytes, name: str) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The CSV files of a .zip archive (as OTE's export writes them), by their own names."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            wanted = [
                info
                for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".csv")
            ]
            unpacked = sum(info.file_size for info in wanted)
            if unpacked > ZIP_MAX_UNPACKED:  # checked before unpacking (a zip bomb)
                limit = ZIP_MAX_UNPACKED // 1_000_000
                return [], [Problem(name, 0, "", "zip_too_large", {"limit": limit})]
            members = [(Path(info.filename).name, archive.read(info)) for info in wanted]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        return [], [Problem(name, 0, "", "not_a_zip")]
    if not members:
        return [], [Problem(name, 0, "", "no_csv_files")]
    return members, []


def read_csv(name: str, source: str, content: bytes) -> tuple[RawFile | None, list[Problem]]:
    if b"\x00" in content:
        return None, [Problem(source, 0, "", "binary_file")]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(source, 0, "", "not_utf8")]
    if not text.strip():
        return None, [Problem(source, 0, "", "empty_file")]
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    next_line = 1
    try:
        for cells in reader:
            records.append((next_line, cells))
            next_line = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(source, reader.line_num, "", "csv_error", {"detail": str(error)})]
    # Leading empty lines before the header are tolerated.
    while records and not any(cell.strip() for cell in records[0][1]):
        records.pop(0)
    header_line, header = records[0]
    return _table(name, source, header_line, header, records[1:])


def read_workbook(content: bytes, source_name: str) -> tuple[list[RawFile], list[Problem]]:
    """The sheets of an .xlsx workbook given as bytes."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return [], [Problem(source_name, 0, "", "not_a_workbook")]
    raw_files: list[RawFile] = []
    problems: list[Problem] = []
    try:
        for sheet in workbook.worksheets:
            source = f"{source_name}[{sheet.title}]"
            if sheet.title not in BY_NAME:
                problems.append(Problem(source, 0, "", "unknown_file", {"name": sheet.title}))
                continue
            rows = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            while rows and all(_blank(cell) for cell in rows[0][1]):
                rows.pop(0)
            if not rows:
                problems.append(Problem(source, 0, "", "empty_file"))
                continue
            header_line, header = rows[0]
            raw, found = _table(sheet.title, source, header_line, header, rows[1:])
            problems.extend(found)
            if raw is not None:
                raw_files.append(raw)
    finally:
        workbook.close()
    return raw_files, problems


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(
    name: str,
    source: str,
    header_line: int,
    header: list[Any],
    records: list[tuple[int, list[Any]]],
) -> tuple[RawFile | None, list[Problem]]:
    problems: list[Problem] = []
    header = list(header)
    # Spreadsheets often end rows with empty cells (a trailing ';'); they are not columns.
    while header and _blank(header[-1]):
        header.pop()
    columns = [str(cell).strip() if cell is not None else "" for cell in header]
    seen: set[str] = set()
    for column in columns:
        if not column:
            problems.append(Problem(source, header_line, "", "empty_column_name"))
        elif column in seen:
            problems.append(Problem(source, header_line, column, "duplicate_column"))
        seen.add(column)
    if problems:
        return None, problems
    rows: list[RawRow] = []
    for line, cells in records:
        if all(_blank(cell) for cell in cells):
            continue
        if len(cells) > len(columns) and any(not _blank(c) for c in cells[len(columns) :]):
            problems.append(
                Problem(
                    source,
                    line,
                    "",
                    "too_many_cells",
                    {"count": len(cells), "columns": len(columns)},
                )
            )
            continue
        padded = list(cells[: len(columns)]) + [None] * (len(columns) - len(cells))
        rows.append(RawRow(line, dict(zip(columns, padded, strict=True))))
    return RawFile(name, source, columns, rows, header_line), problems
