"""The database layer: SQLite connection settings, write transactions, the schema
migrations against the models, initialising brand-new databases and the URLs accepted."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import ROOT, drop_postgres_database, new_postgres_database
from sqlalchemy import (
    CheckConstraint,
    Engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from ote import models as m
from ote import schema
from ote.config import sqlite_url
from ote.db import SQLITE_BUSY_TIMEOUT_MS, DatabaseError, open_database

WORKERS = 4
INCREMENTS = 25


def count(database, model) -> int:
    with database.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements `engine` sends to the driver inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


# ------------------------------------------------------------ SQLite connections
def _pragmas(connection) -> dict[str, object]:
    return {
        name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 15_000,
    "synchronous": 1,  # NORMAL
}


@pytest.mark.parametrize("which", ["engine", "write_engine"])
def test_every_sqlite_connection_has_the_settings(sqlite_database, which):
    assert SQLITE_BUSY_TIMEOUT_MS == 15_000
    engine = getattr(sqlite_database, which)
    drivers = []
    for _ in range(3):
        with engine.connect() as connection:
            assert _pragmas(connection) == EXPECTED_PRAGMAS
            drivers.append(connection.connection.driver_connection)
            connection.invalidate()  # the next round gets a brand-new connection
    assert len({id(driver) for driver in drivers}) == 3


def test_sessions_use_connections_with_the_settings(sqlite_database):
    with sqlite_database.read() as session:
        assert _pragmas(session.connection()) == EXPECTED_PRAGMAS
    with sqlite_database.write() as session:
        assert _pragmas(session.connection()) == EXPECTED_PRAGMAS


def test_sqlite_uses_separate_read_and_write_engines(sqlite_database):
    assert sqlite_database.is_sqlite
    assert sqlite_database.engine is not sqlite_database.write_engine
    assert sqlite_database.sqlite_path == Path(sqlite_database.url.database)
    assert sqlite_database.sqlite_path.name == "ote.db"


# ------------------------------------------------------------ write transactions
def test_write_sessions_begin_immediate_and_read_sessions_do_not(sqlite_database):
    with statements(sqlite_database.write_engine) as seen:
        with sqlite_database.write() as session:
            session.execute(select(func.count()).select_from(m.Team)).scalar_one()
            session.add(m.Team(key="T1", name="Tiimi"))
        with sqlite_database.write() as session:
            session.execute(select(m.Team.id)).all()
    begins = [s for s in seen if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
    assert seen[0] == "BEGIN IMMEDIATE"  # before the first read of the transaction

    with statements(sqlite_database.engine) as seen, sqlite_database.read() as session:
        session.execute(select(m.Team.id)).all()
    assert seen[0] == "BEGIN"
    assert not any("IMMEDIATE" in s.upper() for s in seen)


def _try_to_start_writing(path) -> bool:
    """Whether another connection (waiting at most 0.2 s) can take the write lock now."""
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


def test_write_session_holds_the_write_lock_from_its_first_read(sqlite_database):
    path = sqlite_database.sqlite_path
    assert _try_to_start_writing(path)
    with sqlite_database.read() as session:
        session.execute(select(m.Team.id)).all()
        assert _try_to_start_writing(path)  # a reader does not block writers (WAL)
    with sqlite_database.write() as session:
        session.execute(select(m.Team.id)).all()  # only a read so far
        assert not _try_to_start_writing(path)
    assert _try_to_start_writing(path)  # released at commit


def _increment_counter(url: str, times: int, start) -> None:
    """Worker process: `times` read-then-write transactions on the shared counter."""
    database = open_database(url)
    start.wait(timeout=60)
    try:
        for _ in range(times):
            with database.write() as session:
                setting = session.get(m.AppSetting, "counter")
                value = setting.value
                time.sleep(0.002)  # widen the window between the read and the write
                setting.value = value + 1
    finally:
        database.dispose()


def test_concurrent_read_then_write_transactions_all_succeed(sqlite_database, monkeypatch):
    # AppTest leaves the app script as sys.modules["__main__"]; spawned workers would run it.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with sqlite_database.write() as session:
        session.add(m.AppSetting(key="counter", value=0))
    url = sqlite_database.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    workers = [
        context.Process(target=_increment_counter, args=(url, INCREMENTS, start))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
    assert [worker.exitcode for worker in workers] == [0] * WORKERS
    with sqlite_database.read() as session:
        assert session.get(m.AppSetting, "counter").value == WORKERS * INCREMENTS


def test_write_that_raises_is_rolled_back(database):
    with pytest.raises(RuntimeError, match="boom"), database.write() as session:
        session.add(m.Team(key="T1", name="Tiimi"))
        session.flush()
        raise RuntimeError("boom")
    assert count(database, m.Team) == 0
    # Nothing is left locked: the next write goes through.
    with database.write() as session:
        session.add(m.Team(key="T1", name="Tiimi"))
    assert count(database, m.Team) == 1


def test_failed_statement_rolls_back_the_whole_write(database):
    with pytest.raises(IntegrityError), database.write() as session:
        team = m.Team(key="T1", name="Tiimi")
        session.add(team)
        session.flush()
        session.add(m.Staff(key="S1", team_id=team.id, name="Coach", role="coach", fte=2.0))
    assert count(database, m.Team) == 0
    assert count(database, m.Staff) == 0


def test_read_session_commits_nothing(database):
    with database.read() as session:
        session.add(m.Team(key="T1", name="Tiimi"))
        session.flush()
        assert session.execute(select(func.count()).select_from(m.Team)).scalar_one() == 1
    assert count(database, m.Team) == 0


# ------------------------------------------------------------------- migrations
def test_migrations_match_the_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, m.metadata) == []


def test_migrations_create_every_check_constraint_of_the_models(database):
    """Autogenerate does not compare CHECK constraints; compare their names per table."""
    with database.engine.connect() as connection:
        inspector = inspect(connection)
        for table in m.metadata.sorted_tables:
            declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
            created = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert created == declared, table.name


def test_migrations_form_a_single_line():
    scripts = ScriptDirectory.from_config(schema.alembic_config())
    assert scripts.get_heads() == [schema.head_revision()]
    assert scripts.get_bases() == ["0001"]


@pytest.fixture
def empty_url(backend, tmp_path) -> Iterator[str]:
    """The URL of a brand-new database that OTE has never touched."""
    if backend == "sqlite":
        path = tmp_path / "new-folder" / "ote.db"
        yield sqlite_url(path)
        return
    database, name = new_postgres_database()
    url = database.url.render_as_string(hide_password=False)
    database.dispose()
    try:
        yield url
    finally:
        drop_postgres_database(name)


def _table_names(database) -> set[str]:
    with database.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_upgrade_creates_the_schema_once(empty_url):
    database = open_database(empty_url)
    try:
        assert schema.current_revision(database) is None
        assert not schema.is_current(database)
        assert _table_names(database) == set()

        schema.upgrade(database)
        assert schema.current_revision(database) == schema.head_revision()
        assert schema.is_current(database)
        assert _table_names(database) == set(m.metadata.tables) | {"alembic_version"}

        with database.write() as session:
            session.add(m.Team(key="T1", name="Tiimi"))
        with statements(database.write_engine) as seen:
            schema.upgrade(database)
        changes = [s for s in seen if s.split()[0].upper() in {"CREATE", "ALTER", "DROP"}]
        assert changes == []
        assert schema.current_revision(database) == schema.head_revision()
        assert count(database, m.Team) == 1
        with database.engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert versions.scalars().all() == [schema.head_revision()]
    finally:
        database.dispose()


def _ote_init(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ote", "init"],
        env={**os.environ, "OTE_DATABASE_URL": url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ote_init_on_an_empty_database(empty_url):
    first = _ote_init(empty_url)
    assert first.returncode == 0, first.stderr
    assert f"created schema {schema.head_revision()}" in first.stdout

    database = open_database(empty_url)
    try:
        assert set(m.metadata.tables) <= _table_names(database)
        assert schema.current_revision(database) == schema.head_revision()
    finally:
        database.dispose()

    again = _ote_init(empty_url)
    assert again.returncode == 0, again.stderr
    assert "schema is up to date" in again.stdout


# ------------------------------------------------------------------ URLs
@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("postgresql+psycopg2://ote@localhost/ote", "psycopg 3", id="psycopg2"),
        pytest.param("postgresql+pg8000://ote@localhost/ote", "psycopg 3", id="pg8000"),
        pytest.param("postgresql+asyncpg://ote@localhost/ote", "psycopg 3", id="asyncpg"),
        pytest.param("mysql://ote@localhost/ote", "Unsupported database", id="mysql"),
        pytest.param("mysql+pymysql://ote@localhost/ote", "Unsupported database", id="pymysql"),
    ],
)
def test_open_database_rejects_unsupported_urls(url, message):
    with pytest.raises(DatabaseError, match=message):
        open_database(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://ote:secret@localhost:5999/ote",
        # SQLAlchemy 2.1 made psycopg 3 the default PostgreSQL driver: a URL without a
        # driver therefore gets psycopg 3 and is accepted.
        "postgresql://ote:secret@localhost:5999/ote",
    ],
)
def test_open_database_accepts_postgresql_with_psycopg(url):
    database = open_database(url)
    try:
        assert database.engine.dialect.driver == "psycopg"
        assert not database.is_sqlite
        assert database.engine is database.write_engine
        assert database.sqlite_path is None
        assert "secret" not in database.describe()
    finally:
        database.dispose()
