"""The data model (SQLModel tables). Importing this package registers every table."""

from ote.models.archive import ResultArchive
from ote.models.audit import AuditLog
from ote.models.base import add_length_checks, metadata
from ote.models.clients import (
    Client,
    ClientContact,
    ClientPlan,
    CoachingPeriod,
    CoachingPeriodGoal,
    Feedback,
    ModuleEpisode,
)
from ote.models.employers import Employer, EmployerContact, EmployerLogReview, Job
from ote.models.fidelity import (
    FidelityAssessment,
    FidelityItemScore,
    FidelitySubcriterion,
    QuarterlyGoal,
)
from ote.models.meetings import (
    SteeringAction,
    SteeringActionItem,
    SteeringActionNote,
    SteeringMeeting,
    TeamMeeting,
    TeamMeetingAttendee,
    TeamMeetingDecision,
)
from ote.models.organisation import AppSetting, ReferralSource, Staff, Team, TeamSetting
from ote.models.users import UserAccount
from ote.models.versioning import DataVersion

add_length_checks()

__all__ = [
    "AppSetting",
    "AuditLog",
    "Client",
    "ClientContact",
    "ClientPlan",
    "CoachingPeriod",
    "CoachingPeriodGoal",
    "DataVersion",
    "Employer",
    "EmployerContact",
    "EmployerLogReview",
    "Feedback",
    "FidelityAssessment",
    "FidelityItemScore",
    "FidelitySubcriterion",
    "Job",
    "ModuleEpisode",
    "QuarterlyGoal",
    "ReferralSource",
    "ResultArchive",
    "Staff",
    "SteeringAction",
    "SteeringActionItem",
    "SteeringActionNote",
    "SteeringMeeting",
    "Team",
    "TeamMeeting",
    "TeamMeetingAttendee",
    "TeamMeetingDecision",
    "TeamSetting",
    "UserAccount",
    "metadata",
]
