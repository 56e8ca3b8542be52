"""The frame around every page: language, team and as-of date in the sidebar, the demo
banner, and the context a page reads its choices from.

The three choices are widgets bound to the URL's query parameters (`?team=…&as_of=…&lang=…`),
so they survive moving between pages and a copied link opens the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ote import schema
from ote.config import LANGUAGES
from ote.db import Database, DatabaseError, get_database
from ote.i18n import LANGUAGE_NAMES, Translator, normalise_language
from ote.teams import TeamInfo, list_teams

LANGUAGE_KEY = "lang"
TEAM_KEY = "team"
AS_OF_KEY = "as_of"
EARLIEST_AS_OF = date(2000, 1, 1)


@dataclass(frozen=True)
class ViewContext:
    """What every page works from: the database, the team, the as-of date, the language."""

    database: Database
    team: TeamInfo | None
    teams: list[TeamInfo]
    as_of: date
    t: Translator

    @property
    def language(self) -> str:
        return self.t.language


def current_language() -> str:
    """The language chosen in the sidebar, or given in the URL, Finnish by default.

    Read before any element is drawn, so that the navigation's page titles are translated.
    """
    chosen = st.session_state.get(LANGUAGE_KEY) or st.query_params.get(LANGUAGE_KEY)
    return normalise_language(chosen)


def open_database_or_stop(t: Translator) -> Database:
    """The database, migrated to the current schema; otherwise a clear message and stop."""
    try:
        database = get_database()
        current = schema.current_revision(database)
    except (DatabaseError, SQLAlchemyError, OSError) as error:
        st.error(t("shell.database_unavailable"))
        st.caption(type(error).__name__)
        st.stop()
    if current is None:
        st.error(t("shell.database_not_initialised"))
        st.stop()
    if current != schema.head_revision():
        st.error(t("shell.database_outdated"))
        st.stop()
    return database


def sidebar(database: Database, t: Translator) -> ViewContext:
    """Draw the sidebar choices and return the page context."""
    with database.read() as session:
        teams = list_teams(session)
    by_key = {team.key: team for team in teams}
    with st.sidebar:
        team = None
        if teams:
            key = st.selectbox(
                t("shell.team"),
                options=list(by_key),
                format_func=lambda k: by_key[k].name,
                key=TEAM_KEY,
                bind="query-params",
            )
            team = by_key.get(key)
        else:
            st.caption(t("shell.no_teams_sidebar"))
        as_of = st.date_input(
            t("shell.as_of"),
            value="today",
            min_value=EARLIEST_AS_OF,
            max_value="today",
            format="DD.MM.YYYY",
            key=AS_OF_KEY,
            bind="query-params",
            help=t("shell.as_of_help"),
        )
        st.selectbox(
            t("shell.language"),
            options=list(LANGUAGES),
            format_func=lambda code: LANGUAGE_NAMES[code],
            key=LANGUAGE_KEY,
            bind="query-params",
        )
    return ViewContext(
        database=database,
        team=team,
        teams=teams,
        as_of=as_of if isinstance(as_of, date) else date.today(),
        t=t,
    )


def demo_banner(context: ViewContext) -> None:
    """A banner on every page while the chosen team is demo data."""
    if context.team is not None and context.team.is_demo:
        st.warning(context.t("shell.demo_banner"), icon=":material/science:")


def store_context(context: ViewContext) -> None:
    st.session_state["_ote_context"] = context


def context() -> ViewContext:
    """The context `app.py` set up for this run (for use in a page)."""
    stored = st.session_state.get("_ote_context")
    if stored is None:  # a page run on its own, outside app.py
        raise RuntimeError("OTE pages are run through app.py")
    return stored
