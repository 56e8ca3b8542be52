"""When a page fails: told in the user's language, never with internals (DOMAIN.md §5).

`told(t)` wraps the frame's database read and the page's run. A database that cannot be
reached, is read-only, is full or stays locked is named as such; anything else is "an
unexpected error". Each message carries a short reference, which the server's log has
beside the full details – for the administrator, not the user. A write that failed was
rolled back as a whole (`Database.write()` is one transaction), so nothing is half-saved,
and the page says so.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ote.db import DatabaseError
from ote.i18n import Translator

logger = logging.getLogger("ote.faults")

# (kind, phrases of SQLite's and PostgreSQL's messages, PostgreSQL SQLSTATE classes/codes)
_KINDS = (
    ("read_only", ("readonly database", "read-only transaction", "read only"), ("25006",)),
    ("full", ("database or disk is full", "no space left", "disk full"), ("53100", "53")),
    ("locked", ("database is locked", "database table is locked"), ("55P03",)),
    (
        "unreachable",
        (
            "unable to open database",
            "connection refused",
            "connection failed",
            "could not connect",
            "not currently accepting connections",
            "the database system is",
            "server closed the connection",
            "connection is closed",
            "terminating connection",
            "connection timeout",
            "no such host",
        ),
        ("08", "57P01", "57P02", "57P03"),
    ),
)


def fault_kind(error: BaseException) -> str:
    """`read_only`, `full`, `locked`, `unreachable`, or `unexpected`."""
    if not isinstance(error, SQLAlchemyError | DatabaseError | OSError):
        return "unexpected"
    original = getattr(error, "orig", None) or error
    text = str(original).lower()
    code = str(getattr(original, "sqlstate", "") or getattr(original, "pgcode", "") or "")
    for kind, phrases, codes in _KINDS:
        if any(phrase in text for phrase in phrases) or (
            code and any(code.startswith(prefix) for prefix in codes)
        ):
            return kind
    return "unexpected"


def tell(t: Translator, error: BaseException) -> str:
    """Log `error` with a reference and show the user what happened, in their language.
    Returns the kind."""
    kind = fault_kind(error)
    reference = uuid.uuid4().hex[:8]
    logger.error("page failed (%s, reference %s)", kind, reference, exc_info=error)
    st.error(
        f"{t(f'faults.{kind}')} {t('faults.nothing_half_saved')} "
        f"{t('faults.reference', reference=reference)}",
        icon=":material/error:",
    )
    return kind


@contextmanager
def told(t: Translator) -> Iterator[None]:
    """Run the block; if it fails, tell the user (`tell`) and end the run there.
    Streamlit's own flow (st.stop, st.rerun) passes through untouched."""
    try:
        yield
    except Exception as error:  # every failure is told, none shown raw
        tell(t, error)
        st.stop()
