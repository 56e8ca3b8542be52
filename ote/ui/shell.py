"""The frame around every page: language, team and as-of date in the sidebar, the demo
banner, and the context a page reads its choices from.

The three choices are kept in the URL's query parameters (`?team=DEMO&as_of=2026-06-30&lang=sv`),
so a copied link opens the same view, and in session state, so they survive moving between
pages. The URL holds codes, not the labels on screen: a team's key, an ISO date, a language
code. (Streamlit's own `bind="query-params"` would write the displayed label – the team's
name – into the URL.)
"""

from __future__ import annotations

import functools
import logging
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ote import access, schema
from ote.auth.users import User
from ote.config import LANGUAGES
from ote.db import Database, DatabaseError, get_database
from ote.enums import AuditAction
from ote.i18n import LANGUAGE_NAMES, Translator, normalise_language
from ote.teams import TeamInfo, list_teams
from ote.ui import cache, faults

logger = logging.getLogger(__name__)

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"
CONTEXT_KEY = "_ote_context"
FRAME_RUN_KEY = "_ote_frame_run"  # set by app.py on every run
PAGE_RUN_KEY = "_ote_page_run"  # the frame run a page last used
LANGUAGE_KEY = "lang"
TEAM_KEY = "team"
AS_OF_KEY = "as_of"
EARLIEST_AS_OF = date(2000, 1, 1)
VIEWS_LOGGED_KEY = "_ote_views_logged"


@dataclass(frozen=True)
class ViewContext:
    """What every page works from: the database, the team, the as-of date, the language."""

    database: Database  # acting for the signed-in user (ote.access.PrincipalDatabase)
    team: TeamInfo | None
    as_of: date
    t: Translator
    user: User | None = None
    versions: dict[int, int] | None = None  # the data versions read this run (ote.ui.cache)

    @property
    def language(self) -> str:
        return self.t.language

    @property
    def aggregates_only(self) -> bool:
        """A manager's view: aggregates only, small counts shown as "< 5"."""
        return self.user is not None and self.user.role == access.UserRole.MANAGER

    @property
    def own_staff_id(self) -> int | None:
        """The member of staff a coach or job finder logs as (None for other roles)."""
        if self.user is not None and self.user.role in access.CLIENT_SCOPED_ROLES:
            return self.user.staff_id
        return None


# WCAG 3.1.1: a screen reader reads the page in the language its `<html lang>` names, and
# Streamlit's index page says "en" whatever the interface's language. One constant script
# per language sets it (no data in it: the language is one of LANGUAGES); the example proxy
# configuration allows exactly these scripts by their hashes (security/nginx-ote.conf).
PAGE_LANGUAGE_SCRIPTS = {
    language: f'<script>document.documentElement.lang = "{language}";</script>'
    for language in LANGUAGES
}


def declare_language(language: str) -> None:
    """Set the page's `<html lang>` to the interface's language (every run: the language
    can change in the sidebar)."""
    st.html(PAGE_LANGUAGE_SCRIPTS[normalise_language(language)], unsafe_allow_javascript=True)


def current_language() -> str:
    """The language chosen in the sidebar, or given in the URL, Finnish by default.

    Read before any element is drawn, so that the navigation's page titles are translated.
    """
    if LANGUAGE_KEY in st.session_state:
        return normalise_language(st.session_state[LANGUAGE_KEY])
    return normalise_language(st.query_params.get(LANGUAGE_KEY))


SCHEMA_CHECKED_FOR = 60.0  # seconds a database found current is not asked again
_schema_current_at: dict[str, float] = {}


def open_database_or_stop(t: Translator) -> Database:
    """The database, migrated to the current schema; otherwise a clear message and stop.
    A database found current is asked again after SCHEMA_CHECKED_FOR seconds (the check
    costs a connection and a query on every run otherwise)."""
    try:
        database = get_database()
        key = database.describe()
        if time.monotonic() - _schema_current_at.get(key, -SCHEMA_CHECKED_FOR) < SCHEMA_CHECKED_FOR:
            return database
        current = schema.current_revision(database)
    except (DatabaseError, SQLAlchemyError, OSError):
        # The details go to the server's log, never to the user (DOMAIN.md §5).
        logger.exception("cannot open the database")
        st.error(t("shell.database_unavailable"))
        st.stop()
    if current is None:
        st.error(t("shell.database_not_initialised"))
        st.stop()
    if current != schema.head_revision():
        st.error(t("shell.database_outdated"))
        st.stop()
    _schema_current_at[key] = time.monotonic()
    return database


def _url_date(text: str | None) -> date | None:
    try:
        value = date.fromisoformat(text or "")
    except ValueError:
        return None
    return value if EARLIEST_AS_OF <= value <= date.today() else None


def _adopt_url_choices(team_keys: list[str]) -> None:
    """Take the URL's choices into session state the first time they are seen, and drop
    a remembered choice that is no longer possible (a deleted team)."""
    params = st.query_params
    if TEAM_KEY not in st.session_state and params.get(TEAM_KEY) in team_keys:
        st.session_state[TEAM_KEY] = params.get(TEAM_KEY)
    if st.session_state.get(TEAM_KEY) not in team_keys:
        st.session_state.pop(TEAM_KEY, None)
    if AS_OF_KEY not in st.session_state and _url_date(params.get(AS_OF_KEY)):
        st.session_state[AS_OF_KEY] = _url_date(params.get(AS_OF_KEY))
    if LANGUAGE_KEY not in st.session_state and params.get(LANGUAGE_KEY) in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = params.get(LANGUAGE_KEY)


def _write_url(team: TeamInfo | None, as_of: date, language: str) -> None:
    wanted = {LANGUAGE_KEY: language, AS_OF_KEY: as_of.isoformat()}
    if team is not None:
        wanted[TEAM_KEY] = team.key
    if {key: st.query_params.get(key) for key in wanted} != wanted:
        st.query_params.update(wanted)


def page_url(context: ViewContext, page: str, **params: str) -> str:
    """A relative link to another page in the same view (team, as-of date, language), with
    `params` added: `client?client=AS-1&team=T1&as_of=2026-06-30&lang=fi`."""
    return page_urls(context, page, *params.items())[0] if params else _view_url(context, page)


def page_urls(context: ViewContext, page: str, *first: tuple[str, str]) -> list[str]:
    """`page_url` for many links that differ in their first parameter only (a list's
    client codes): the view's part of the query is encoded once."""
    view = _view_url(context, page)
    return [f"{page}?{urlencode({name: value})}&{view.partition('?')[2]}" for name, value in first]


def _view_url(context: ViewContext, page: str) -> str:
    wanted = {LANGUAGE_KEY: context.language, AS_OF_KEY: context.as_of.isoformat()}
    if context.team is not None:
        wanted[TEAM_KEY] = context.team.key
    return f"{page}?{urlencode(wanted)}"


def sidebar(
    database: Database,
    t: Translator,
    user: User | None = None,
    versions: dict[int, int] | None = None,
) -> ViewContext:
    """Draw the sidebar choices, keep them in the URL, and return the page context.
    `versions`: the data versions the frame read this run (read here when not given)."""
    if versions is None:
        versions = cache.visible_versions(database)
    teams = cache.shared_at(
        database, user.id if user else None, tuple(sorted(versions.items())), list_teams
    )
    by_key = {team.key: team for team in teams}
    _adopt_url_choices(list(by_key))
    with st.sidebar:
        team = None
        if teams:
            key = st.selectbox(
                t("shell.team"),
                options=list(by_key),
                format_func=lambda k: by_key[k].name,
                key=TEAM_KEY,
            )
            team = by_key.get(key)
        else:
            st.caption(t("shell.no_teams_sidebar"))
        as_of = st.date_input(
            t("shell.as_of"),
            min_value=EARLIEST_AS_OF,
            max_value="today",
            format="DD.MM.YYYY",
            key=AS_OF_KEY,
            help=t("shell.as_of_help"),
        )
        st.selectbox(
            t("shell.language"),
            options=list(LANGUAGES),
            format_func=lambda code: LANGUAGE_NAMES[code],
            key=LANGUAGE_KEY,
        )
        if user is not None:
            from ote.ui.signin import sign_out_button

            st.divider()
            sign_out_button(user, t)
    as_of = as_of if isinstance(as_of, date) else date.today()
    _write_url(team, as_of, t.language)
    return ViewContext(database=database, team=team, as_of=as_of, t=t, user=user, versions=versions)


def demo_banner(context: ViewContext) -> None:
    """A banner on every page while the chosen team is demo data."""
    if context.team is not None and context.team.is_demo:
        st.warning(context.t("shell.demo_banner"), icon=":material/science:")


def log_view(context: ViewContext, entity: str, client_codes, action: str = "list") -> None:
    """Log in the access log that this page showed client-level records naming
    `client_codes` (`ote.audit.record_view`). The same view of the same page in one session
    is logged once, so redrawing a page (every widget change reruns it) adds nothing."""
    from ote import audit

    codes = tuple(sorted({c for c in client_codes if isinstance(c, str) and c}))
    team_id = context.team.id if context.team is not None else None
    seen = st.session_state.setdefault(VIEWS_LOGGED_KEY, set())
    principal = getattr(context.database, "principal", None)
    marker = (principal and principal.page, entity, action, team_id, codes)
    if marker in seen:
        return
    audit.record_view(context.database, entity, codes, team_id, action=AuditAction(action))
    seen.add(marker)


def fragment(function):
    """`st.fragment` for a part of a page that updates alone (its own widgets rerun only
    it), with the frame's checks on each of its own reruns: app.py does not run then, so
    the signed-in user is read again here, and when the session has ended or the account
    changed (role, team, disabled) the whole app runs instead – the sign-in page, or the
    page as the account now allows."""

    @st.fragment
    @functools.wraps(function)
    def run(*args, **kwargs):
        from ote.ui import signin

        found = stored_context()
        if found is None:
            st.rerun(scope="app")
        # app.py's guard does not run around a fragment's own rerun: the same one here.
        with faults.told(found.t):
            user = signin.current_user(found.database)
            if user is None or user != found.user:
                st.rerun(scope="app")
            return function(*args, **kwargs)

    return run


def stored_context() -> ViewContext | None:
    """The context of this run, for helpers drawn inside a page (no checks: see context())."""
    return st.session_state.get(CONTEXT_KEY)


def store_context(context: ViewContext) -> None:
    """Called by app.py on every run, before the page."""
    st.session_state[CONTEXT_KEY] = context
    st.session_state[FRAME_RUN_KEY] = uuid.uuid4().hex


@functools.cache
def _app_code():
    """app.py compiled once per process (it is run again by `context` under AppTest)."""
    return compile(APP_FILE.read_text(encoding="utf-8"), str(APP_FILE), "exec")


def context() -> ViewContext:
    """The context app.py set up in this run; the first call of every page.

    Because the project has a `pages/` folder, Streamlit's legacy page discovery can run a
    page file without app.py: on the first request of a new server process when the URL
    names a page, and on every rerun under AppTest. Then the frame did not run in this
    run (its token was already used), so app.py is run here – it runs this page inside the
    frame – and this outer run stops.
    """
    frame_run = st.session_state.get(FRAME_RUN_KEY)
    if frame_run is None or frame_run == st.session_state.get(PAGE_RUN_KEY):
        exec(_app_code(), {"__name__": "__main__", "__file__": str(APP_FILE)})
        st.stop()
    st.session_state[PAGE_RUN_KEY] = frame_run
    found = st.session_state[CONTEXT_KEY]
    page = Path(sys._getframe(1).f_code.co_filename).stem
    if found.user is None or not access.may_open(found.user.role, page):
        # The navigation lists only the pages a role may open; this is the second lock.
        if found.user is not None:
            log_view(found, page, [], action="refused")
        st.error(found.t("auth.page_not_allowed"), icon=":material/block:")
        st.stop()
    return found
