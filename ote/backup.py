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
        source = sqlite3.connect(source_path)
        target = sqlite3.connect(out)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return out
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump was not found; install PostgreSQL's client tools")
    url = database.url.set(drivername="postgresql")
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={out}", f"--dbname={url.render_as_string(False)}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        out.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return out


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
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(target_path)
        try:
            origin.backup(target)
        finally:
            target.close()
            origin.close()
        return
    with source.open("rb") as probe:
        if probe.read(5) != b"PGDMP":
            raise BackupError(f"{source} is not a pg_dump archive (--format=custom)")
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("pg_restore was not found; install PostgreSQL's client tools")
    database.dispose()
    url = database.url.set(drivername="postgresql")
    result = subprocess.run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={url.render_as_string(False)}",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed; nothing was changed: {result.stderr.strip()}")
