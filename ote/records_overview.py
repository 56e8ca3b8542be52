"""What a team has recorded: how many records of each kind, and their first and last date.

Counted in SQL, one aggregate per kind, never by loading rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, null, select
from sqlmodel import Session

from ote import models as m


@dataclass(frozen=True)
class RecordCount:
    kind: str  # translation key suffix: records.kind.<kind>
    count: int
    first: date | None
    last: date | None


def record_counts(session: Session, team_id: int) -> list[RecordCount]:
    """Counts per record kind for one team, in the order the records page lists them."""
    clients = select(m.Client.id).where(m.Client.team_id == team_id).scalar_subquery()
    staff = select(m.Staff.id).where(m.Staff.team_id == team_id).scalar_subquery()
    actions = select(m.SteeringAction.id).where(m.SteeringAction.team_id == team_id)
    kinds = [
        ("staff", m.Staff, m.Staff.start_date, m.Staff.team_id == team_id),
        ("referral_sources", m.ReferralSource, None, m.ReferralSource.team_id == team_id),
        ("clients", m.Client, m.Client.referral_date, m.Client.team_id == team_id),
        ("client_plans", m.ClientPlan, m.ClientPlan.date, m.ClientPlan.client_id.in_(clients)),
        (
            "modules",
            m.ModuleEpisode,
            m.ModuleEpisode.start_date,
            m.ModuleEpisode.client_id.in_(clients),
        ),
        (
            "coaching_periods",
            m.CoachingPeriod,
            m.CoachingPeriod.start_date,
            m.CoachingPeriod.client_id.in_(clients),
        ),
        (
            "client_contacts",
            m.ClientContact,
            m.ClientContact.date,
            m.ClientContact.client_id.in_(clients),
        ),
        (
            "employer_contacts",
            m.EmployerContact,
            m.EmployerContact.date,
            m.EmployerContact.staff_id.in_(staff),
        ),
        ("jobs", m.Job, m.Job.start_date, m.Job.client_id.in_(clients)),
        ("team_meetings", m.TeamMeeting, m.TeamMeeting.date, m.TeamMeeting.team_id == team_id),
        (
            "steering_meetings",
            m.SteeringMeeting,
            m.SteeringMeeting.date,
            m.SteeringMeeting.team_id == team_id,
        ),
        (
            "steering_actions",
            m.SteeringAction,
            m.SteeringAction.created_on,
            m.SteeringAction.team_id == team_id,
        ),
        (
            "steering_notes",
            m.SteeringActionNote,
            m.SteeringActionNote.date,
            m.SteeringActionNote.action_id.in_(actions),
        ),
        (
            "fidelity_assessments",
            m.FidelityAssessment,
            m.FidelityAssessment.date,
            m.FidelityAssessment.team_id == team_id,
        ),
        ("quarterly_goals", m.QuarterlyGoal, None, m.QuarterlyGoal.team_id == team_id),
        ("feedback", m.Feedback, m.Feedback.date, m.Feedback.client_id.in_(clients)),
    ]
    counts = []
    for kind, model, date_column, condition in kinds:
        if date_column is None:
            query = select(func.count(), null(), null())
        else:
            query = select(func.count(), func.min(date_column), func.max(date_column))
        row = session.execute(query.select_from(model).where(condition)).one()
        counts.append(RecordCount(kind, int(row[0]), row[1], row[2]))
    return counts
