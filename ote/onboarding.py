"""A first-time user's path: the first steps, read from what the team has recorded.

`first_steps(session, team_id, on, role, staff_id)` lists, in the order a new team takes
them, the steps of setting up and using OTE that the user's role may take – each with the
page where it is done and whether the records show it done. A step whose page the role
may not open (`ote.access.may_open`) is not listed: a coach is never offered an
administrator's step, a manager never a logging form. The front page draws them.

Asked in SQL, in one query (whether such a row exists), never by loading rows; the
session's role rules (`ote.access`) apply, so a coach's steps look at their own clients.
A manager's steps need no query at all: the management briefing is their page.

`menu(role)` is the navigation (`ote.navigation`, the same the sidebar shows) as the front
page explains it to a role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlmodel import Session

from ote import models as m
from ote.access import may_open
from ote.enums import MeetingKind, UserRole
from ote.metrics.population import is_employed_on
from ote.navigation import navigation, page_titles

RECENT_DAYS = 28  # "the last weeks": the 4 weeks of the employer-contact rhythm (item 17)
MEETING_DAYS = 14  # the weekly supervision: one in the last two weeks

TITLE_KEYS = page_titles()


def menu(role: UserRole | str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The navigation's sections with the pages `role` may open (sections left empty are
    left out), as the sidebar shows them to that role."""
    shown = [
        (section, [(page, title) for page, title, _ in pages if may_open(role, page)])
        for section, pages in navigation()
    ]
    return [(section, pages) for section, pages in shown if pages]


@dataclass(frozen=True)
class Step:
    """One step: `key` names its texts (`home.step.<key>` to do, `home.step_done.<key>`
    done); `page` is where it is done (None: nothing in OTE to open, e.g. ask for an
    account)."""

    key: str
    page: str | None
    done: bool


def first_steps(
    session: Session,
    team_id: int | None,
    on: date,
    role: UserRole | str,
    staff_id: int | None = None,
) -> list[Step]:
    """The first steps for a user of `role` in team `team_id` (None: no team to choose)
    on the date `on`, those done too, in order. A record dated after `on` is not there yet
    (clients by their referral date); contacts count in the last RECENT_DAYS days, the
    weekly supervision in the last MEETING_DAYS; staff, sources, accounts and goals count
    whenever they were added. `staff_id`: a coach's or job finder's own
    staff member, whose employer contacts count (their clients are the session's rule)."""
    role = UserRole(role)
    if role == UserRole.MANAGER:
        return [Step("briefing", "briefing", done=False)]
    if team_id is None:
        # Nothing to count: an administrator creates the first team or imports one;
        # anyone else needs an account attached to a team.
        steps = [Step("team", "admin_teams", False), Step("import", "admin_import_export", False)]
        listed = [step for step in steps if may_open(role, step.page)]
        return listed or [Step("ask_admin", None, False)]

    recent = on - timedelta(days=RECENT_DAYS - 1)
    team_clients = select(m.Client.id).where(m.Client.team_id == team_id)
    team_staff = select(m.Staff.id).where(m.Staff.team_id == team_id)
    contacts_by = (
        m.EmployerContact.staff_id == staff_id
        if staff_id is not None
        else m.EmployerContact.staff_id.in_(team_staff)
    )
    # step → (its page, the rows that show it done): the model and the conditions.
    checks = {
        "staff": ("admin_staff", m.Staff, [m.Staff.team_id == team_id]),
        "coaches": (
            "admin_staff",
            m.Staff,
            [m.Staff.team_id == team_id, m.Staff.role == "coach", is_employed_on(on)],
        ),
        "sources": ("admin_sources", m.ReferralSource, [m.ReferralSource.team_id == team_id]),
        "users": ("admin_users", m.UserAccount, [m.UserAccount.team_id == team_id]),
        "clients": (
            "log_clients",
            m.Client,
            [m.Client.team_id == team_id, m.Client.referral_date <= on],
        ),
        "client_contact": (
            "log_client_contact",
            m.ClientContact,
            [m.ClientContact.client_id.in_(team_clients), m.ClientContact.date.between(recent, on)],
        ),
        "employer_contact": (
            "log_employer_contact",
            m.EmployerContact,
            [contacts_by, m.EmployerContact.date.between(recent, on)],
        ),
        "weekly": (
            "weekly",
            m.TeamMeeting,
            [
                m.TeamMeeting.team_id == team_id,
                m.TeamMeeting.kind == MeetingKind.COACHING_SUPERVISION.value,
                m.TeamMeeting.date.between(on - timedelta(days=MEETING_DAYS - 1), on),
            ],
        ),
        "fidelity": (
            "fidelity",
            m.FidelityAssessment,
            [m.FidelityAssessment.team_id == team_id, m.FidelityAssessment.date <= on],
        ),
        "steering": (
            "steering",
            m.SteeringMeeting,
            [m.SteeringMeeting.team_id == team_id, m.SteeringMeeting.date <= on],
        ),
        "goals": ("goals", m.QuarterlyGoal, [m.QuarterlyGoal.team_id == team_id]),
    }
    shown = {key: check for key, check in checks.items() if may_open(role, check[0])}
    # One query: whether any such row exists, for each step the role may take.
    done = (
        session.execute(
            select(
                *(
                    exists(select(model).where(*where)).label(key)
                    for key, (_, model, where) in shown.items()
                )
            )
        )
        .one()
        ._mapping
    )
    steps = [Step(key, page, done=bool(done[key])) for key, (page, _, _) in shown.items()]
    if any(step.key == "staff" and not step.done for step in steps):
        # Without staff, "coaches" says the same again.
        steps = [step for step in steps if step.key != "coaches"]
    return steps
