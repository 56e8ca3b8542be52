"""OTE's entry point: `streamlit run app.py` (or `make run`).

The navigation is the first Streamlit call and lists the pages explicitly, by absolute
path (the same paths Streamlit's legacy `pages/` discovery uses; see
`ote.ui.shell.context`); then the
shared frame (database check, sidebar choices, demo banner) and the chosen page.
"""

from pathlib import Path

import streamlit as st

from ote.i18n import Translator
from ote.ui import shell

PAGES = Path(__file__).resolve().parent / "pages"

t = Translator(shell.current_language())

page = st.navigation(
    {
        t("nav.section_overview"): [
            st.Page(PAGES / "home.py", title=t("nav.home"), icon=":material/home:", default=True),
            st.Page(PAGES / "weekly.py", title=t("nav.weekly"), icon=":material/co_present:"),
            st.Page(PAGES / "team.py", title=t("nav.team"), icon=":material/groups_2:"),
            st.Page(
                PAGES / "employers.py", title=t("nav.employer_relations"), icon=":material/store:"
            ),
            st.Page(PAGES / "client.py", title=t("nav.client"), icon=":material/timeline:"),
            st.Page(PAGES / "records_overview.py", title=t("nav.records"), icon=":material/table:"),
        ],
        t("nav.section_logging"): [
            st.Page(
                PAGES / "log_employer_contact.py",
                title=t("nav.employer_contact"),
                icon=":material/handshake:",
            ),
            st.Page(
                PAGES / "log_client_contact.py",
                title=t("nav.client_contact"),
                icon=":material/forum:",
            ),
            st.Page(PAGES / "log_clients.py", title=t("nav.clients"), icon=":material/person_add:"),
            st.Page(PAGES / "log_jobs.py", title=t("nav.jobs"), icon=":material/work:"),
            st.Page(
                PAGES / "log_modules.py", title=t("nav.modules"), icon=":material/view_module:"
            ),
            st.Page(
                PAGES / "log_coaching_periods.py",
                title=t("nav.coaching_periods"),
                icon=":material/date_range:",
            ),
            st.Page(
                PAGES / "log_team_meetings.py",
                title=t("nav.team_meetings"),
                icon=":material/groups:",
            ),
            st.Page(PAGES / "log_feedback.py", title=t("nav.feedback"), icon=":material/reviews:"),
        ],
        t("nav.section_quality"): [
            st.Page(PAGES / "fidelity.py", title=t("nav.fidelity"), icon=":material/fact_check:"),
            st.Page(PAGES / "steering.py", title=t("nav.steering"), icon=":material/account_tree:"),
            st.Page(PAGES / "goals.py", title=t("nav.goals"), icon=":material/flag:"),
            st.Page(PAGES / "results.py", title=t("nav.results"), icon=":material/insights:"),
            st.Page(PAGES / "briefing.py", title=t("nav.management"), icon=":material/summarize:"),
        ],
        t("nav.section_admin"): [
            st.Page(PAGES / "admin_teams.py", title=t("nav.teams"), icon=":material/diversity_3:"),
            st.Page(PAGES / "admin_staff.py", title=t("nav.staff"), icon=":material/badge:"),
            st.Page(
                PAGES / "admin_sources.py", title=t("nav.sources"), icon=":material/alt_route:"
            ),
            st.Page(
                PAGES / "admin_employers.py", title=t("nav.employers"), icon=":material/domain:"
            ),
            st.Page(
                PAGES / "admin_import_export.py",
                title=t("nav.import_export"),
                icon=":material/sync_alt:",
            ),
        ],
    },
    expanded=True,
)
st.set_page_config(page_title=f"{t('app.name')} – {page.title}", layout="wide")

database = shell.open_database_or_stop(t)
context = shell.sidebar(database, t)
shell.store_context(context)
shell.demo_banner(context)
page.run()
