"""Shared fixtures: migrated databases on SQLite and PostgreSQL, the demo team, AppTest
and a served app for the browser tests.

PostgreSQL comes from `OTE_TEST_POSTGRES_URL` (set by `make test`, which starts a
throwaway cluster). Without it, PostgreSQL tests fail with a message saying so; run
through `make test`, or deselect them with `-m "not postgres"`. Browser tests likewise
need Debian's `chromium`.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from ote import schema
from ote.backup import backup
from ote.config import sqlite_url
from ote.db import Database, open_database

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("OTE_TEST_POSTGRES_URL", "").strip()
DEMO_END = date(2026, 6, 30)  # the demo team's history ends here in the tests
DEMO_SEED = 7
SCREENSHOTS = ROOT / "build" / "screenshots"


def _postgres_admin():
    if not POSTGRES_URL:
        pytest.fail(
            "PostgreSQL tests need OTE_TEST_POSTGRES_URL: run them through `make test`, "
            'which starts a throwaway cluster, or deselect them with -m "not postgres"'
        )
    return create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")


def _postgres_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2 with its smallest work factors in this test process: the suite makes
    hundreds of accounts, and what is tested is the flow, not the hash's cost (the
    production parameters are argon2-cffi's defaults; subprocesses still use them)."""
    from argon2 import PasswordHasher

    from ote.auth import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    passwords._hasher = original


# --------------------------------------------------------------------- templates
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file migrated to head, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = open_database(sqlite_url(path))
    schema.upgrade(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head, used as CREATE DATABASE … TEMPLATE."""
    admin = _postgres_admin()
    name = f"ote_template_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = open_database(_postgres_url(name))
    schema.upgrade(database)
    database.dispose()
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def new_postgres_database(template: str | None = None) -> tuple[Database, str]:
    """A new PostgreSQL database (a copy of `template`, or empty); returns it and its name."""
    admin = _postgres_admin()
    name = f"ote_test_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    return open_database(_postgres_url(name)), name


def drop_postgres_database(name: str) -> None:
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# --------------------------------------------------------------------- databases
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database(backend, tmp_path, request) -> Iterator[Database]:
    """An empty database migrated to head, on each backend in turn."""
    if backend == "sqlite":
        path = tmp_path / "ote.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        database = open_database(sqlite_url(path))
        yield database
        database.dispose()
    else:
        database, name = new_postgres_database(request.getfixturevalue("postgres_template"))
        yield database
        database.dispose()
        drop_postgres_database(name)


@pytest.fixture
def sqlite_database(tmp_path, sqlite_template) -> Iterator[Database]:
    """An empty migrated SQLite database (for tests that need only one backend)."""
    path = tmp_path / "ote.db"
    shutil.copyfile(sqlite_template, path)
    database = open_database(sqlite_url(path))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory, sqlite_template) -> Path:
    """An SQLite file with the `team`-scale demo (seed DEMO_SEED, history up to DEMO_END).

    Shared by the tests that only read it; copy it (see `demo_copy`) to write.
    """
    from ote.demo import generate

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    database = open_database(sqlite_url(path))
    generate(database, scale="team", seed=DEMO_SEED, end_date=DEMO_END)
    database.dispose()
    # The accounts the app's tests sign in with, made now rather than by the first test
    # that needs one (the file is shared by tests running one after another).
    for role in ("admin", "team_leader", "manager", "coach", "job_finder"):
        account_for_tests(sqlite_url(path), role)
    account_for_tests(sqlite_url(path), "coach", "DEMO-S02")
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> Iterator[Database]:
    """A private copy of the demo database, free to change."""
    source = open_database(sqlite_url(demo_file))
    target = tmp_path / "demo.db"
    backup(source, target)
    source.dispose()
    database = open_database(sqlite_url(target))
    yield database
    database.dispose()


# ------------------------------------------------------------------------ AppTest
TEST_PASSWORD = "testi-salasana-123"


def account_for_tests(url: str, role: str = "admin", staff_key: str | None = None) -> int | None:
    """The id of a test account of `role` in the database at `url` (made if missing): an
    admin for every team; any other role for the first team (a coach or job finder as
    `staff_key`, or the team's first staff member of that role). None when the database
    is not initialised (the app shows that before signing in)."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from ote import models as m
    from ote.auth.users import add_user
    from ote.db import DatabaseError

    try:
        database = open_database(url)
    except DatabaseError:
        return None
    try:
        try:
            if schema.current_revision(database) != schema.head_revision():
                return None
        except SQLAlchemyError:  # unreachable: the app says so before signing in
            return None
        with database.write() as session:
            team = session.scalars(select(m.Team).order_by(m.Team.id)).first()
            if role in ("coach", "job_finder") and staff_key is None:
                staff_key = session.scalars(
                    select(m.Staff.key)
                    .where(m.Staff.team_id == team.id, m.Staff.role == role)
                    .order_by(m.Staff.key)
                ).first()
            username = f"test-{role}" + (f"-{staff_key.lower()}" if staff_key else "")
            found = session.scalars(
                select(m.UserAccount.id).where(m.UserAccount.username == username)
            ).first()
            if found is not None:
                return found
            account = add_user(
                session,
                username,
                role,
                team_key=None if role == "admin" or team is None else team.key,
                staff_key=staff_key,
                password=TEST_PASSWORD,
            )
            return account.id
    finally:
        database.dispose()


def sign_in_app_test(at, user_id: int | None) -> None:
    """Start `at`'s session signed in as the account `user_id`."""
    from ote.ui import signin

    if user_id is None:
        return
    now = time.time()
    at.session_state[signin.USER_KEY] = user_id
    at.session_state[signin.SIGNED_IN_KEY] = now
    at.session_state[signin.LAST_SEEN_KEY] = now


@pytest.fixture
def app_test(monkeypatch):
    """`app_test(url, role="admin", staff_key=None, **query)` → an AppTest of app.py on that
    database (not yet run), signed in as a test account of `role` (`role=None`: not signed
    in)."""
    from streamlit.testing.v1 import AppTest

    def make(url: str, role: str | None = "admin", staff_key: str | None = None, **query):
        monkeypatch.setenv("OTE_DATABASE_URL", url)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        if role is not None:
            sign_in_app_test(at, account_for_tests(url, role, staff_key))
        return at

    return make


# ------------------------------------------------------------------ browser tests
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("browser tests need Debian's chromium (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@contextmanager
def serve_app(database_file: Path, folder: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port over a copy of `database_file`; yields its URL."""
    from ote.serving import ServerDidNotStart, serve

    path = folder / "ote.db"
    source = open_database(sqlite_url(database_file))
    backup(source, path)
    source.dispose()
    account_for_tests(sqlite_url(path), "admin")  # signs in as test-admin / TEST_PASSWORD
    try:
        with serve(sqlite_url(path), folder / "streamlit.log") as server:
            yield server.url
    except ServerDidNotStart as failure:
        pytest.fail(str(failure))


@pytest.fixture(scope="session")
def served_app(demo_file, tmp_path_factory) -> Iterator[str]:
    """The app served over a copy of the demo database, shared by the browser tests."""
    with serve_app(demo_file, tmp_path_factory.mktemp("served")) as url:
        yield url


class Downloads:
    """The files the app hands to download buttons (`downloads` fixture): those given as
    data, and those made when clicked (a callable: made here, as a click would)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str | None, str | None]] = {}
        self.deferred: dict[str, tuple[object, str | None, str | None]] = {}

    def of(self, button) -> tuple[bytes, str | None, str | None]:
        """(content, MIME type, file name) behind an AppTest download button."""
        if button.proto.url:
            return self.files[button.proto.url]
        make, mimetype, file_name = self.deferred[button.proto.deferred_file_id]
        content = make()
        return (content.encode() if isinstance(content, str) else content), mimetype, file_name


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    """Records what every download button in the test's AppTest runs would download."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found = Downloads()
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self, data, mimetype, coordinates, file_name=None, **kwargs):
        url = add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)
        found.files[url] = (data, mimetype, file_name)
        return url

    def recording_add_deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add_deferred(self, make, mimetype, coordinates, file_name=file_name, **kwargs)
        found.deferred[file_id] = (make, mimetype, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)
    return found
