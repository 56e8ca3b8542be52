"""When the database fails – unreachable, read-only, full, locked – a page says so in the
user's language with a reference for the administrator and no internals, and nothing is
half-written (ote.ui.faults)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from ote import models as m
from ote.i18n import translate
from ote.ui.faults import fault_kind

INTERNALS = ("Traceback", "OperationalError", "sqlite3", "psycopg", "SELECT", "INSERT", ".py")


def _error_of(statement_runner) -> BaseException:
    with pytest.raises(Exception) as caught:
        statement_runner()
    return caught.value


# ------------------------------------------------------------- what kind of fault
def test_fault_kinds_of_real_sqlite_errors(tmp_path, sqlite_template):
    path = tmp_path / "ote.db"
    shutil.copyfile(sqlite_template, path)

    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with read_only.connect() as connection:
        error = _error_of(
            lambda: connection.execute(text("INSERT INTO team (key, name) VALUES ('A', 'A')"))
        )
    assert isinstance(error, OperationalError) and fault_kind(error) == "read_only"

    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE filler (x TEXT)")
    raw.commit()
    raw.close()
    full = create_engine(f"sqlite:///{path}")

    @event.listens_for(full, "connect")
    def small(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    def fill():
        with full.begin() as connection:
            for _ in range(5000):
                connection.execute(text("INSERT INTO filler (x) VALUES (:x)"), {"x": "x" * 200})

    assert fault_kind(_error_of(fill)) == "full"

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        waiting = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
        with waiting.connect() as connection:
            error = _error_of(lambda: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        assert fault_kind(error) == "locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    missing = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'ote.db'}")
    assert fault_kind(_error_of(lambda: missing.connect())) == "unreachable"
    assert fault_kind(ValueError("a bug")) == "unexpected"


@pytest.mark.postgres
def test_fault_kinds_of_real_postgresql_errors(postgres_template):
    from conftest import POSTGRES_URL
    from sqlalchemy import make_url

    closed = make_url(POSTGRES_URL).set(port=1)  # nothing listens there
    engine = create_engine(closed, connect_args={"connect_timeout": 3})
    assert fault_kind(_error_of(lambda: engine.connect())) == "unreachable"
    engine = create_engine(POSTGRES_URL)
    with engine.connect() as connection:
        connection.execute(text("SET TRANSACTION READ ONLY"))
        error = _error_of(lambda: connection.execute(text("CREATE TEMP TABLE x (a int)")))
    assert fault_kind(error) == "read_only"
    engine.dispose()


# ----------------------------------------------------------------- on a page
def _sources(database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(m.ReferralSource))


def _add_a_source(at) -> None:
    at.text_input(key="source.name.0").set_value("Vammaispalvelut, itä")
    at.selectbox(key="source.kind.0").set_value("disability_services")
    at.button(key="source.save.0").click().run()


def _shown_texts(at) -> list[str]:
    found = []
    for node in (*at.main, *at.sidebar):
        value = getattr(node, "value", None)
        if isinstance(value, str):
            found.append(value)
    return found


def _assert_told(at, kind: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    (shown,) = [e.value for e in at.error]
    assert shown.startswith(translate(f"faults.{kind}", "fi"))
    assert translate("faults.nothing_half_saved", "fi") in shown
    assert "Viite ylläpidolle: " in shown
    for text_shown in _shown_texts(at):
        assert not any(word in text_shown for word in INTERNALS), text_shown


def test_a_full_disk_is_told_and_nothing_is_half_written(app_test, demo_copy):
    """The disk fills up in the middle of a save: the referral source's row is written,
    then the access-log row that belongs to it fails with SQLite's own "database or disk
    is full" (raised at the driver, as SQLite raises it – test_fault_kinds_of_real_sqlite_
    errors shows SQLite really does). The page says so, and the source is not there."""
    url = demo_copy.url.render_as_string(False)
    at = app_test(url)
    at.run()
    at.switch_page("pages/admin_sources.py").run()
    assert not at.exception
    before = _sources(demo_copy)
    written: list[str] = []

    def disk_fills(_connection, _cursor, statement, _parameters, _context, _many):
        if statement.startswith("INSERT INTO referral_source"):
            written.append(statement)
        if statement.startswith("INSERT INTO audit_log") and written:
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", disk_fills)
    try:
        _add_a_source(at)
    finally:
        event.remove(Engine, "before_cursor_execute", disk_fills)
    assert written  # the source's own row went in before the disk filled up
    _assert_told(at, "full")
    assert _sources(demo_copy) == before  # and went out again with the whole transaction
    # The name typed in is still there to save again, and saving then works.
    assert at.text_input(key="source.name.0").value == "Vammaispalvelut, itä"
    at.button(key="source.save.0").click().run()
    assert not at.error and _sources(demo_copy) == before + 1


@pytest.mark.postgres
def test_a_read_only_database_is_told_and_nothing_is_written(app_test, postgres_template):
    from conftest import drop_postgres_database, new_postgres_database

    database, name = new_postgres_database(postgres_template)
    try:
        with database.write() as session:
            session.add(m.Team(key="T1", name="Tiimi"))
        url = database.url.render_as_string(False)
        at = app_test(url)
        at.run()
        at.switch_page("pages/admin_sources.py").run()
        assert not at.exception
        with database.write_engine.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
            connection.commit()
        from ote.db import get_database

        get_database().dispose()  # new connections take the database's new default
        _add_a_source(at)
        _assert_told(at, "read_only")
        assert _sources(database) == 0
    finally:
        database.dispose()
        drop_postgres_database(name)


@pytest.mark.postgres
def test_a_database_that_goes_away_is_told(app_test, postgres_template):
    from conftest import _postgres_admin, drop_postgres_database, new_postgres_database

    database, name = new_postgres_database(postgres_template)
    admin = _postgres_admin()  # on the server's own database, which stays open
    try:
        with database.write() as session:
            session.add(m.Team(key="T1", name="Tiimi"))
        at = app_test(database.url.render_as_string(False))
        at.run()
        assert not at.exception
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        at.run()
        _assert_told(at, "unreachable")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        database.dispose()
        drop_postgres_database(name)
