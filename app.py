"""OTE's entry point: `streamlit run app.py` (or `make run`).

Every run: the database (migrated to the current schema), then the signed-in user and the
data versions of their teams (`ote.ui.cache`) in one read – or the sign-in page (or, for
the accessibility statement, that page: it opens without signing in) – then the
navigation with the pages the user's role may open (listed explicitly, by absolute path:
the same paths Streamlit's legacy `pages/` discovery uses; see `ote.ui.shell.context`),
the shared frame (sidebar choices, demo banner) and the page.
The page works through a database acting for the user (`ote.access`), so the role's rules
hold in every query whatever the page asks.
"""

from pathlib import Path

import streamlit as st

from ote import access
from ote.auth import users
from ote.i18n import Translator
from ote.ui import accessibility as statement
from ote.ui import cache, faults, reconnect, shell, signin

PAGES = Path(__file__).resolve().parent / "pages"

# (section, [(page file under pages/, title key, icon)]) in the order of the navigation.
NAVIGATION = (
    (
        "nav.section_overview",
        [
            ("home.py", "nav.home", ":material/home:"),
            ("weekly.py", "nav.weekly", ":material/co_present:"),
            ("team.py", "nav.team", ":material/groups_2:"),
            ("employers.py", "nav.employer_relations", ":material/store:"),
            ("client.py", "nav.client", ":material/timeline:"),
            ("records_overview.py", "nav.records", ":material/table:"),
            ("accessibility.py", "nav.accessibility", ":material/accessibility_new:"),
        ],
    ),
    (
        "nav.section_logging",
        [
            ("log_employer_contact.py", "nav.employer_contact", ":material/handshake:"),
            ("log_client_contact.py", "nav.client_contact", ":material/forum:"),
            ("log_clients.py", "nav.clients", ":material/person_add:"),
            ("log_jobs.py", "nav.jobs", ":material/work:"),
            ("log_modules.py", "nav.modules", ":material/view_module:"),
            ("log_coaching_periods.py", "nav.coaching_periods", ":material/date_range:"),
            ("log_team_meetings.py", "nav.team_meetings", ":material/groups:"),
            ("log_feedback.py", "nav.feedback", ":material/reviews:"),
        ],
    ),
    (
        "nav.section_quality",
        [
            ("fidelity.py", "nav.fidelity", ":material/fact_check:"),
            ("steering.py", "nav.steering", ":material/account_tree:"),
            ("goals.py", "nav.goals", ":material/flag:"),
            ("results.py", "nav.results", ":material/insights:"),
            ("briefing.py", "nav.management", ":material/summarize:"),
        ],
    ),
    (
        "nav.section_admin",
        [
            ("admin_teams.py", "nav.teams", ":material/diversity_3:"),
            ("admin_staff.py", "nav.staff", ":material/badge:"),
            ("admin_sources.py", "nav.sources", ":material/alt_route:"),
            ("admin_employers.py", "nav.employers", ":material/domain:"),
            ("admin_import_export.py", "nav.import_export", ":material/sync_alt:"),
            ("admin_users.py", "nav.users", ":material/manage_accounts:"),
            ("admin_access_log.py", "nav.access_log", ":material/policy:"),
        ],
    ),
)


NAVIGATION_KEY = "_ote_navigation"  # ((language, role), sections) of this browser session


def pages(language: str, role: str | None) -> dict[str, list[st.Page]]:
    """The navigation's sections with the pages the role may open (every page for None:
    known, not shown, before signing in). Made once per browser session, language and
    role, and kept in the session: a page object carries the state of its session's
    current run (st.navigation marks the one page it may run), so it is never shared
    between sessions, whose runs overlap."""
    known = st.session_state.get(NAVIGATION_KEY)
    if known is not None and known[0] == (language, role):
        return known[1]
    t = Translator(language)

    def allowed(file: str) -> bool:
        return role is None or access.may_open(role, file.removesuffix(".py"))

    sections = {
        t(section): [
            st.Page(PAGES / name, title=t(title), icon=icon, default=name == "home.py")
            for name, title, icon in entries
            if allowed(name)
        ]
        for section, entries in NAVIGATION
        if any(allowed(name) for name, _, _ in entries)
    }
    st.session_state[NAVIGATION_KEY] = ((language, role), sections)
    return sections


FAVICON = "🧭"  # the browser tab's icon: an emoji, drawn by the browser, fetched from nowhere


def frame(t: Translator, database) -> None:
    """The signed-in user – or the sign-in page, or a public page – then the navigation,
    the sidebar and the page."""
    with database.engine.connect() as connection:  # the frame's one read of the database
        user = signin.current_user(database, connection)
        team_ids = access.Principal.for_user(user).team_ids if user is not None else None
        versions = cache.read_versions(connection, team_ids) if user is not None else None

    if user is None:
        # Every page is known (so a link to one survives signing in), none is shown. A
        # public page (the accessibility statement, access.PUBLIC_PAGES) runs as it is; any
        # other gets the sign-in form.
        requested = st.navigation(pages(t.language, None), position="hidden")
        if access.may_open(None, requested.url_path):
            title = f"{t('app.name')} – {requested.title}"
            st.set_page_config(page_title=title, layout="centered")
            statement.run_signed_out(requested, t.language)
            st.stop()
        st.set_page_config(page_title=f"{t('app.name')} – {t('auth.title')}", layout="centered")
        with database.read() as session:
            demo_accounts = users.demo_usernames(session)
        signin.sign_in_form(database, t, demo_accounts)
        st.stop()

    page = st.navigation(pages(t.language, user.role.value), expanded=True)
    st.set_page_config(page_title=f"{t('app.name')} – {page.title}", layout="wide")

    principal = access.Principal.for_user(user, page=page.url_path or "home")
    context = shell.sidebar(access.acting_as(database, principal), t, user, versions)
    shell.store_context(context)
    shell.demo_banner(context)
    page.run()


# The first Streamlit call of every run: without a page icon of its own, Streamlit would
# make the current page's navigation icon the tab's, fetched from Google's font servers
# (the user's address to a third party on every page view).
st.set_page_config(page_icon=FAVICON)
reconnect.keep_runs_through_disconnects()  # a dropped connection lets the run finish
t = Translator(shell.current_language())
shell.declare_language(t.language)
database = shell.open_database_or_stop(t)
with faults.told(t):  # any failure from here on is told in the user's language (ote.ui.faults)
    frame(t, database)
