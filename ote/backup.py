"""Backups: SQLite's online backup API, `pg_dump` for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from ote.db import Database


class BackupError(RuntimeError):
    pass


def backup(database: Database, out: Path) -> Path:
    """Write a consistent copy of the database to `out` while it stays in use.

    SQLite: a database file (open it with `OTE_DATABASE_URL=sqlite:///<file>`).
    PostgreSQL: a `pg_dump --format=custom` archive (restore with `pg_restore`).
    Refuses to overwrite an existing file.
    """
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new file name")
    if not out.parent.is_dir():
        raise BackupError(f"folder {out.parent} does not exist")
    if database.is_sqlite:
        source_path = database.sqlite_path
        if source_path is None or not source_path.exists():
            raise BackupError("the SQLite database file does not exist yet; run `ote init`")
        _sqlite_copy(sqlite3.connect(source_path), out)
        return out
    try:
        _pg_tool("pg_dump", database, "--format=custom", f"--file={out}")
    except BackupError:
        out.unlink(missing_ok=True)
        raise
    return out


def _sqlite_copy(origin: sqlite3.Connection, target_path: Path) -> None:
    """Copy a whole SQLite database into the file `target_path` in one step (backup API)."""
    target = sqlite3.connect(target_path)
    try:
        origin.backup(target)
    finally:
        target.close()
        origin.close()


def _pg_tool(tool: str, database: Database, *arguments: str) -> None:
    """Run PostgreSQL's `tool` (pg_dump, pg_restore) against the database."""
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} was not found; install PostgreSQL's client tools")
    url = database.url.set(drivername="postgresql").render_as_string(False)
    result = subprocess.run(
        [found, *arguments, f"--dbname={url}"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed; nothing was changed: {result.stderr.strip()}")


def restore(database: Database, source: Path) -> None:
    """Replace the database's whole content with the backup `source` (made by `backup`).

    SQLite: the backup file is copied in with SQLite's backup API, in one step (other
    connections wait; none sees half a restore). PostgreSQL: `pg_restore --clean
    --single-transaction` of a `pg_dump --format=custom` archive: all or nothing. Run
    `ote init` afterwards if the backup is of an older OTE version.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    if database.is_sqlite:
        with source.open("rb") as probe:
            if probe.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not an SQLite database file")
        target_path = database.sqlite_path
        if target_path is None:
            raise BackupError("the database has no file")
        database.dispose()
        _sqlite_copy(sqlite3.connect(f"file:{source}?mode=ro", uri=True), target_path)
        return
    with source.open("rb") as probe:
        if probe.read(5) != b"PGDMP":
            raise BackupError(f"{source} is not a pg_dump archive (--format=custom)")
    database.dispose()
    _pg_tool(
        "pg_restore",
        database,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        str(source),
    )
