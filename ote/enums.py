"""The enumerations of the data model.

The values are the codes of the interchange format (`shared/spec/interchange.md`) and
are what the database stores; the database checks them with CHECK constraints built
from these classes. Their labels in each UI language live in the translation
catalogs under `enum.<ClassName>.<value>`.
"""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    COACH = "coach"
    JOB_FINDER = "job_finder"
    TEAM_LEADER = "team_leader"
    BENEFITS_COUNSELLOR = "benefits_counsellor"


class SourceKind(StrEnum):
    """Kind of referral source (partner team); item 4 of the fidelity scale."""

    ADULT_SOCIAL_WORK = "adult_social_work"
    DISABILITY_SERVICES = "disability_services"
    MENTAL_HEALTH_SUBSTANCE = "mental_health_substance"
    WORK_ABILITY_TEAM = "work_ability_team"
    EMPLOYMENT_SERVICES = "employment_services"
    SELF_REFERRAL = "self_referral"
    OTHER = "other"


class Framing(StrEnum):
    """How a client's service is framed: IPS, the modular model (seed 000) or the law (seed 004)."""

    IPS = "ips"
    MODULAR = "modular"
    LAW = "law"


class ClientEndReason(StrEnum):
    """Why a client's service ended (suggested values; the interchange format allows any text)."""

    EMPLOYED = "employed"
    STUDIES = "studies"
    NO_NEED = "no_need"
    OTHER_SERVICE = "other_service"
    DECLINED = "declined"
    MOVED = "moved"
    OTHER = "other"


class Module(StrEnum):
    """The modules of the modular job-coaching model (seed 000)."""

    START = "1"
    PROFILE = "2"
    JOB_SEARCH = "3A"
    INTENSIVE_JOB_SEARCH = "3B"
    JOB_START = "4"
    CONTINUED = "5"


class ModuleExit(StrEnum):
    """Decisions of a module assessment that take the client out of the service."""

    EMPLOYED = "exit:employed"
    NO_NEED = "exit:no_need"
    OTHER_SERVICE = "exit:other_service"
    DECLINED = "exit:declined"


MODULE_DECISIONS: tuple[str, ...] = tuple(f"next:{m.value}" for m in Module) + tuple(
    e.value for e in ModuleExit
)


class ClientContactKind(StrEnum):
    MEETING = "meeting"
    FOLLOW_ALONG = "follow_along"
    OUTREACH_ATTEMPT = "outreach_attempt"
    BENEFITS_COUNSELLING = "benefits_counselling"
    DISCLOSURE_DISCUSSION = "disclosure_discussion"
    VOCATIONAL_PROFILE = "vocational_profile"
    JOB_SEARCH_PLAN = "job_search_plan"
    FAMILY_CONTACT = "family_contact"
    PARTNER_CONTACT = "partner_contact"


class Place(StrEnum):
    """Where a client contact took place; community, home and workplace count for item 24."""

    OFFICE = "office"
    COMMUNITY = "community"
    HOME = "home"
    WORKPLACE = "workplace"
    REMOTE = "remote"


class EmployerContactPurpose(StrEnum):
    """Purpose or quality level of an employer contact (item 18)."""

    NEEDS = "needs"
    SERVICE_INFO = "service_info"
    CLIENT_STRENGTHS = "client_strengths"
    INTERVIEW_REQUEST = "interview_request"
    VACANCY_INQUIRY = "vacancy_inquiry"
    APPLICATION_ONLY = "application_only"
    IN_WORK_SUPPORT = "in_work_support"


class EmployerContactOutcome(StrEnum):
    """What an employer contact led to (DOMAIN.md §3; not part of the interchange format)."""

    FOLLOW_UP = "follow_up"
    INTERVIEW = "interview"
    WORK_TRIAL = "work_trial"
    JOB_OFFER = "job_offer"
    NO_OPENING = "no_opening"


class MeetingKind(StrEnum):
    COACHING_SUPERVISION = "coaching_supervision"
    MDT_MEETING = "mdt_meeting"
    PARTNER_MEETING = "partner_meeting"


class DecisionStatus(StrEnum):
    """A team meeting's decision: open until it is done or dropped."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class AssessmentKind(StrEnum):
    SELF = "self"
    EXTERNAL = "external"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class CoachingPeriodFeedback(StrEnum):
    """How feedback was given at the end of a law-based coaching period (seed 004)."""

    ARVI = "arvi"
    WRITTEN = "written"


class CoachingGoal(StrEnum):
    """Goals of a law-based coaching period; the result is reached with two of them (seed 004)."""

    EMPLOYMENT_OR_STUDIES = "employment_or_studies"
    JOB_SEARCH_SKILLS = "job_search_skills"
    JOB_OPPORTUNITIES = "job_opportunities"
    WORKING_LIFE_SKILLS = "working_life_skills"
    CONTRACT_SUPPORT = "contract_support"
    REALISTIC_PLAN = "realistic_plan"


class PlanKind(StrEnum):
    """The client's planning documents (items 14 and 16)."""

    VOCATIONAL_PROFILE = "vocational_profile"
    JOB_SEARCH_PLAN = "job_search_plan"


class GoalMeasure(StrEnum):
    """Measures a quarterly goal can be set on (item 8.5); the actual comes from `ote.metrics`."""

    CASELOAD_RATIO = "caseload_ratio"
    COACHING_SHARE = "coaching_share"
    ATTACHED_REFERRAL_SHARE = "attached_referral_share"
    DAYS_TO_FIRST_EMPLOYER_CONTACT = "days_to_first_employer_contact"
    PREFERENCE_BASED_SHARE = "preference_based_share"
    EMPLOYER_CONTACTS_PER_WEEK = "employer_contacts_per_week"
    COMPETITIVE_PERMANENT_SHARE = "competitive_permanent_share"
    COMMUNITY_BASED_SHARE = "community_based_share"
    EMPLOYMENT_RATE_IPS = "employment_rate_ips"
    EMPLOYMENT_RATE_OUT_OF_WORK = "employment_rate_out_of_work"
    CLIENTS_REFERRED = "clients_referred"
    CLIENTS_EMPLOYED = "clients_employed"
    FEEDBACK_MEAN = "feedback_mean"


class UserRole(StrEnum):
    """What an OTE user may see and do (`ote/access.py` enforces it)."""

    COACH = "coach"  # own clients' records, own logging
    JOB_FINDER = "job_finder"  # as a coach
    TEAM_LEADER = "team_leader"  # everything of the own team
    MANAGER = "manager"  # aggregates only, small counts suppressed
    ADMIN = "admin"  # users, teams, settings, import; every team


class AuditAction(StrEnum):
    VIEW = "view"
    LIST = "list"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    REFUSED = "refused"
    PURGE = "purge"


def values(enum_class: type[StrEnum]) -> tuple[str, ...]:
    """The stored values of an enumeration, in declaration order."""
    return tuple(member.value for member in enum_class)
