"""The navigation: its sections and their pages, in order – one definition for the app's
sidebar (`app.py`) and the front page's guide to the menu (`ote.onboarding`).

Each page is a file of `pages/` (named without `.py`), its title's catalog key and its
icon. Which of them a user sees is the role's (`ote.access.may_open`).
"""

from __future__ import annotations

# (section title key, [(page under pages/ without .py, title key, icon)]) in order.
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
            ("accessibility", "nav.accessibility", ":material/accessibility_new:"),
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


def page_titles() -> dict[str, str]:
    """Each page's title key."""
    return {page: title for _, pages in NAVIGATION for page, title, _ in pages}
