"""Connections to the database: engines, sessions and the SQLite settings.

SQLite (the default) runs with WAL, foreign keys on and a busy timeout on every
connection. Reads use a plain deferred transaction; every write goes through
`Database.write()`, which on SQLite starts with `BEGIN IMMEDIATE` so that a
transaction that reads and then writes takes the write lock up front instead of
failing with "database is locked" when another writer got there first. PostgreSQL
(`postgresql+psycopg://`) needs none of that and uses one engine for both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlmodel import Session

from ote import config

SQLITE_BUSY_TIMEOUT_MS = 15_000


class DatabaseError(RuntimeError):
    """A database cannot be used as asked (bad URL, missing driver, unreachable server)."""


@dataclass(frozen=True)
class Database:
    """One database: an engine for reads and one for writes (the same on PostgreSQL)."""

    url: URL
    engine: Engine
    write_engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The file of an SQLite database, None for PostgreSQL."""
        if not self.is_sqlite or not self.url.database:
            return None
        return Path(self.url.database)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed at the end of the block, or rolled back on error.

        On SQLite the transaction starts with BEGIN IMMEDIATE.
        """
        with Session(self.write_engine) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

    def describe(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.url.render_as_string(hide_password=True)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy's begin event (below) emit BEGIN instead of the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_database(url: str | URL | None = None) -> Database:
    """Open the database at `url` (default: `config.database_url()`).

    For SQLite the folder of the file is created if missing.
    """
    import ote.data_version  # noqa: F401 - its session events raise data versions on writes

    parsed = make_url(url or config.database_url())
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            # Two engines would each get a database of their own.
            raise DatabaseError("in-memory SQLite is not supported; give a file: sqlite:///path")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: an error in the server's log names no value (a client code).
        read_engine = create_engine(parsed, hide_parameters=True)
        write_engine = create_engine(parsed, hide_parameters=True)
        _configure_sqlite(read_engine, immediate=False)
        _configure_sqlite(write_engine, immediate=True)
        return Database(parsed, read_engine, write_engine)
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise DatabaseError(
                "PostgreSQL URLs must use the psycopg 3 driver: postgresql+psycopg://..."
            )
        engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        return Database(parsed, engine, engine)
    raise DatabaseError(
        f"Unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://"
    )


@functools.cache
def _cached_database(url: str) -> Database:
    return open_database(url)


def get_database() -> Database:
    """The database of `OTE_DATABASE_URL` (or the default SQLite file), opened once per process."""
    return _cached_database(config.database_url())
