"""Where OTE keeps its data, read from the environment.

`OTE_DATABASE_URL` selects the database (an SQLAlchemy URL, for PostgreSQL
`postgresql+psycopg://user:password@host:5432/dbname`). Without it, OTE uses the
SQLite file `data/ote.db` under the current working directory, which is the
project folder when started through `make run`.
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_VARIABLE = "OTE_DATABASE_URL"
DEFAULT_SQLITE_PATH = Path("data") / "ote.db"

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


def database_url() -> str:
    """The database URL in effect: `OTE_DATABASE_URL`, else `sqlite:///<cwd>/data/ote.db`."""
    url = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if url:
        return url
    return sqlite_url(Path.cwd() / DEFAULT_SQLITE_PATH)


def sqlite_url(path: Path | str) -> str:
    """An SQLAlchemy URL for the SQLite file at `path`."""
    return f"sqlite:///{Path(path).resolve()}"


SESSION_IDLE_VARIABLE = "OTE_SESSION_IDLE_MINUTES"
SESSION_MAX_VARIABLE = "OTE_SESSION_MAX_HOURS"


def _positive(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def session_idle_minutes() -> float:
    """A signed-in session ends after this many minutes without use (default 30)."""
    return _positive(SESSION_IDLE_VARIABLE, 30)


def session_max_hours() -> float:
    """A signed-in session ends this many hours after signing in, however used (default 10)."""
    return _positive(SESSION_MAX_VARIABLE, 10)
