"""OTE's entry point: `streamlit run app.py` (or `make run`).

Every run: the database (migrated to the current schema), then the signed-in user – or the
sign-in page – then the navigation with the pages the user's role may open (listed
explicitly, by absolute path: the same paths Streamlit's legacy `pages/` discovery uses;
see `ote.ui.shell.context`), the shared frame (sidebar choices, demo banner) and the page.
The page works through a database acting for the user (`ote.access`), so the role's rules
hold in every query whatever the page asks.
"""

from pathlib import Path

import streamlit as st

from ote import access
from ote.auth import users
from ote.i18n import Translator
from ote.ui import shell, signin

PAGES = Path(__file__).resolve().parent / "pages"

# (section, [(page file, title key, icon)]) in the order of the navigation.
NAVIGATION = (
    (
        "nav.section_overview",
        [
            ("home", "nav.home", ":material/home:"),
            ("weekly", "nav.weekly", ":material/co_present:"),
            ("team", "nav.team", ":material/groups_2:"),
            ("employers", "nav.employer_relations", ":material/store:"),
            ("client", "nav.client", ":material/timeline:"),
            ("records_overview", "nav.records", ":material/table:"),
        ],
    ),
    (
        "nav.section_logging",
        [
            ("log_employer_contact", "nav.employer_contact", ":material/handshake:"),
            ("log_client_contact", "nav.client_contact", ":material/forum:"),
            ("log_clients", "nav.clients", ":material/person_add:"),
            ("log_jobs", "nav.jobs", ":material/work:"),
            ("log_modules", "nav.modules", ":material/view_module:"),
            ("log_coaching_periods", "nav.coaching_periods", ":material/date_range:"),
            ("log_team_meetings", "nav.team_meetings", ":material/groups:"),
            ("log_feedback", "nav.feedback", ":material/reviews:"),
        ],
    ),
    (
        "nav.section_quality",
        [
            ("fidelity", "nav.fidelity", ":material/fact_check:"),
            ("steering", "nav.steering", ":material/account_tree:"),
            ("goals", "nav.goals", ":material/flag:"),
            ("results", "nav.results", ":material/insights:"),
            ("briefing", "nav.management", ":material/summarize:"),
        ],
    ),
    (
        "nav.section_admin",
        [
            ("admin_teams", "nav.teams", ":material/diversity_3:"),
            ("admin_staff", "nav.staff", ":material/badge:"),
            ("admin_sources", "nav.sources", ":material/alt_route:"),
            ("admin_employers", "nav.employers", ":material/domain:"),
            ("admin_import_export", "nav.import_export", ":material/sync_alt:"),
            ("admin_users", "nav.users", ":material/manage_accounts:"),
            ("admin_access_log", "nav.access_log", ":material/policy:"),
        ],
    ),
)


def pages(t: Translator, allowed) -> dict[str, list[st.Page]]:
    """The navigation's sections with the pages `allowed(name)` lets through."""
    return {
        t(section): [
            st.Page(PAGES / f"{name}.py", title=t(title), icon=icon, default=name == "home")
            for name, title, icon in entries
            if allowed(name)
        ]
        for section, entries in NAVIGATION
        if any(allowed(name) for name, _, _ in entries)
    }


t = Translator(shell.current_language())
database = shell.open_database_or_stop(t)
user = signin.current_user(database)

if user is None:
    # Every page is known (so a link to one survives signing in), none is shown.
    st.navigation(pages(t, lambda name: True), position="hidden")
    st.set_page_config(page_title=f"{t('app.name')} – {t('auth.title')}", layout="centered")
    with database.read() as session:
        demo_accounts = users.demo_usernames(session)
    signin.sign_in_form(database, t, demo_accounts)
    st.stop()

page = st.navigation(pages(t, lambda name: access.may_open(user.role, name)), expanded=True)
st.set_page_config(page_title=f"{t('app.name')} – {page.title}", layout="wide")

principal = access.Principal.for_user(user, page=page.url_path or "home")
context = shell.sidebar(access.acting_as(database, principal), t, user)
shell.store_context(context)
shell.demo_banner(context)
page.run()
