"""Where OTE keeps its data, and its other settings, read from the environment.

`OTE_DATABASE_URL` selects the database (an SQLAlchemy URL, for PostgreSQL
`postgresql+psycopg://user:password@host:5432/dbname`). Without it, OTE uses the
SQLite file `data/ote.db` under the current working directory, which is the
project folder when started through `make run`. `OTE_SESSION_IDLE_MINUTES` and
`OTE_SESSION_MAX_HOURS` bound a signed-in session; `OTE_ACCESSIBILITY_FEEDBACK` is
where the accessibility statement sends feedback (an e-mail or an https address).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
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


ACCESSIBILITY_FEEDBACK_VARIABLE = "OTE_ACCESSIBILITY_FEEDBACK"

# An e-mail address, or an https address (a host, a port, a path), of characters that stay
# literal as a Markdown link's target: no spaces, brackets, quotes or `$`, and no `:` in the
# path. International domain names are written in their ASCII (punycode) form.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,63}}"
_EMAIL = re.compile(rf"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@{_HOST}")
_HTTPS = re.compile(rf"https://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#][A-Za-z0-9._~/?#&=%+,;@-]*)?")


class InvalidSetting(ValueError):
    """A setting's value is not of the kind it must be; `variable` names the setting."""

    def __init__(self, variable: str, expected: str):
        super().__init__(f"{variable} must be {expected}")
        self.variable = variable


@dataclass(frozen=True)
class FeedbackRoute:
    """Where accessibility feedback goes: an e-mail address or an https address."""

    address: str  # as shown: the e-mail address or the https address
    href: str  # the link: mailto:<address>, or the https address itself
    is_email: bool


def accessibility_feedback() -> FeedbackRoute | None:
    """Where users send accessibility feedback (the organisation running OTE sets it):
    `OTE_ACCESSIBILITY_FEEDBACK`, an e-mail address (`mailto:` may precede it) or an
    https:// address. None when it is not set; `InvalidSetting` when it is neither."""
    value = os.environ.get(ACCESSIBILITY_FEEDBACK_VARIABLE, "").strip()
    if not value:
        return None
    address = value.removeprefix("mailto:")
    if len(address) <= 254 and _EMAIL.fullmatch(address):
        return FeedbackRoute(address=address, href=f"mailto:{address}", is_email=True)
    if len(value) <= 2000 and _HTTPS.fullmatch(value):
        return FeedbackRoute(address=value, href=value, is_email=False)
    raise InvalidSetting(
        ACCESSIBILITY_FEEDBACK_VARIABLE, "an e-mail address or an https:// address"
    )
