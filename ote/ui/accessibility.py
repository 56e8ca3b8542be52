"""The accessibility statement (*saavutettavuusseloste*, pages/accessibility.py): its
dates, the feedback link, and how it opens for someone who is not signed in.

The statement must be reachable by everyone, also before signing in (laki digitaalisten
palvelujen tarjoamisesta 306/2019; `ote.access.PUBLIC_PAGES`). Signed in, the page runs in
the usual frame (`ote.ui.shell.context`). Signed out, app.py runs it with
`run_signed_out` instead of the sign-in form: no sidebar, no database work, only the
language; the page asks `signed_out_language` first to know which case it is in.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ote.config import FeedbackRoute
from ote.formatting import markdown_text

# When the statement was made and last brought up to date (shown as d.m.yyyy). Update
# STATEMENT_UPDATED, and the texts of ote/locales/*/accessibility.toml, whenever what
# the statement says changes: a limit fixed or found, a new check in the test suite.
STATEMENT_MADE = date(2026, 11, 30)
STATEMENT_UPDATED = date(2026, 11, 30)

SIGNED_OUT_RUN_KEY = "_ote_signed_out_page"  # the language, while app.py runs the page


def run_signed_out(page, language: str) -> None:
    """Run the public `page` (an st.Page) for a visitor who is not signed in (app.py)."""
    st.session_state[SIGNED_OUT_RUN_KEY] = language
    try:
        page.run()
    finally:
        st.session_state.pop(SIGNED_OUT_RUN_KEY, None)


def signed_out_language() -> str | None:
    """The language when app.py runs the page for a visitor who is not signed in; None
    otherwise (then the page takes its context from `ote.ui.shell.context`)."""
    return st.session_state.get(SIGNED_OUT_RUN_KEY)


def feedback_link(route: FeedbackRoute) -> str:
    """The feedback address as a Markdown link: the address as its text (made literal),
    the mailto: or https link as its target (`ote.config.accessibility_feedback` lets
    through only characters a link target keeps as they are)."""
    return f"[{markdown_text(route.address)}]({route.href})"
