"""Teams: listing them for the team chooser, and deleting one with everything it owns."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, select
from sqlmodel import Session

from ote import models as m


@dataclass(frozen=True)
class TeamInfo:
    id: int
    key: str
    name: str
    region: str | None
    is_demo: bool


def list_teams(session: Session) -> list[TeamInfo]:
    """Every team, ordered by name."""
    rows = session.execute(
        select(m.Team.id, m.Team.key, m.Team.name, m.Team.region, m.Team.is_demo).order_by(
            m.Team.name, m.Team.key
        )
    ).all()
    return [TeamInfo(*row) for row in rows]


def delete_team(session: Session, team_id: int) -> None:
    """Delete a team and every row that belongs to it, in bulk statements.

    Employers are shared between teams: the ones only this team had contacts or jobs
    with are deleted with it, the others stay.
    """
    clients = select(m.Client.id).where(m.Client.team_id == team_id).scalar_subquery()
    staff = select(m.Staff.id).where(m.Staff.team_id == team_id).scalar_subquery()
    periods = select(m.CoachingPeriod.id).where(m.CoachingPeriod.client_id.in_(clients))
    meetings = select(m.TeamMeeting.id).where(m.TeamMeeting.team_id == team_id)
    actions = select(m.SteeringAction.id).where(m.SteeringAction.team_id == team_id)
    assessments = select(m.FidelityAssessment.id).where(m.FidelityAssessment.team_id == team_id)
    employer_ids = set(
        session.execute(
            select(m.EmployerContact.employer_id)
            .where(m.EmployerContact.staff_id.in_(staff))
            .union(select(m.Job.employer_id).where(m.Job.client_id.in_(clients)))
        ).scalars()
    )
    statements = [
        delete(m.ClientContact).where(
            m.ClientContact.client_id.in_(clients) | m.ClientContact.staff_id.in_(staff)
        ),
        delete(m.EmployerContact).where(
            m.EmployerContact.staff_id.in_(staff) | m.EmployerContact.client_id.in_(clients)
        ),
        delete(m.CoachingPeriodGoal).where(m.CoachingPeriodGoal.period_id.in_(periods)),
        delete(m.CoachingPeriod).where(m.CoachingPeriod.client_id.in_(clients)),
        delete(m.ModuleEpisode).where(m.ModuleEpisode.client_id.in_(clients)),
        delete(m.ClientPlan).where(m.ClientPlan.client_id.in_(clients)),
        delete(m.Feedback).where(m.Feedback.client_id.in_(clients)),
        delete(m.Job).where(m.Job.client_id.in_(clients)),
        delete(m.TeamMeetingAttendee).where(m.TeamMeetingAttendee.meeting_id.in_(meetings)),
        delete(m.TeamMeetingDecision).where(m.TeamMeetingDecision.meeting_id.in_(meetings)),
        delete(m.TeamMeeting).where(m.TeamMeeting.team_id == team_id),
        delete(m.SteeringActionNote).where(m.SteeringActionNote.action_id.in_(actions)),
        delete(m.SteeringActionItem).where(m.SteeringActionItem.action_id.in_(actions)),
        delete(m.SteeringAction).where(m.SteeringAction.team_id == team_id),
        delete(m.SteeringMeeting).where(m.SteeringMeeting.team_id == team_id),
        delete(m.FidelitySubcriterion).where(m.FidelitySubcriterion.assessment_id.in_(assessments)),
        delete(m.FidelityItemScore).where(m.FidelityItemScore.assessment_id.in_(assessments)),
        delete(m.FidelityAssessment).where(m.FidelityAssessment.team_id == team_id),
        delete(m.QuarterlyGoal).where(m.QuarterlyGoal.team_id == team_id),
        delete(m.EmployerLogReview).where(m.EmployerLogReview.team_id == team_id),
        delete(m.TeamSetting).where(m.TeamSetting.team_id == team_id),
        delete(m.Client).where(m.Client.team_id == team_id),
        delete(m.ReferralSource).where(m.ReferralSource.team_id == team_id),
        delete(m.Staff).where(m.Staff.team_id == team_id),
        delete(m.Team).where(m.Team.id == team_id),
    ]
    for statement in statements:
        session.execute(statement)
    if employer_ids:
        still_used = exists().where(m.EmployerContact.employer_id == m.Employer.id)
        still_in_job = exists().where(m.Job.employer_id == m.Employer.id)
        ordered = sorted(employer_ids)
        for first in range(0, len(ordered), 500):
            session.execute(
                delete(m.Employer).where(
                    m.Employer.id.in_(ordered[first : first + 500]), ~still_used, ~still_in_job
                )
            )
