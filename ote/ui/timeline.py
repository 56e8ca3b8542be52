"""A client's timeline events as readable lines of the UI language."""

from __future__ import annotations

from ote.client_timeline import TimelineEvent
from ote.enums import (
    ClientContactKind,
    ClientEndReason,
    CoachingGoal,
    CoachingPeriodFeedback,
    EmployerContactOutcome,
    EmployerContactPurpose,
    Framing,
    Module,
    Place,
    PlanKind,
    SourceKind,
)
from ote.formatting import format_date, format_number
from ote.i18n import Translator
from ote.records.modules import decision_label

_ENUMS = {
    "framing": Framing,
    "source_kind": SourceKind,
    "place": Place,
    "purpose": EmployerContactPurpose,
    "outcome": EmployerContactOutcome,
    "feedback": CoachingPeriodFeedback,
}


def _value(name: str, value, t: Translator) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("timeline.yes") if value else t("timeline.no")
    if name in _ENUMS:
        return t.enum(value, _ENUMS[name])
    if name == "module":
        return t.enum(value, Module)
    if name == "end_reason":
        known = {reason.value for reason in ClientEndReason}
        return t.enum(value, ClientEndReason) if value in known else str(value)
    if name == "goals":
        return ", ".join(t.enum(goal, CoachingGoal) for goal in value) or "–"
    if hasattr(value, "isoformat"):
        return format_date(value)
    if isinstance(value, float):
        return format_number(value, 1, t.language)
    return str(value)


def event_title(event: TimelineEvent, t: Translator) -> str:
    params = event.params
    if event.kind == "client_contact":
        return t.enum(params["kind"], ClientContactKind)
    if event.kind == "plan":
        return t.enum(params["kind"], PlanKind)
    return t(f"timeline.kind.{event.kind}")


def event_details(event: TimelineEvent, t: Translator) -> str:
    """The event's particulars: `Kasvokkain: kyllä · Paikka: Työpaikka · …`."""
    params = dict(event.params)
    shown = []
    if event.kind == "module_assessed":
        shown.append(decision_label(params.pop("decision", None), t) or "–")
    for name in _DETAILS.get(event.kind, ()):
        if name in params:
            shown.append(f"{t(f'timeline.param.{name}')}: {_value(name, params[name], t)}")
    return " · ".join(shown)


# The params worth a word on screen, per kind (ids are left out).
_DETAILS = {
    "referral": ("source_name", "source_kind", "attached"),
    "service_start": ("framing",),
    "service_end": ("end_reason",),
    "module_start": ("module",),
    "module_end": ("module",),
    "module_assessed": (
        "module",
        "client_took_part",
        "provider_took_part",
        "purchaser_took_part",
    ),
    "period_start": ("end", "days", "start_notice_on"),
    "period_end": ("start", "days", "end_notice_on", "feedback", "next_steps_set", "goals"),
    "client_contact": ("staff_name", "face_to_face", "place", "minutes", "no_show"),
    "employer_contact": (
        "staff_name",
        "employer_name",
        "face_to_face",
        "preference_based",
        "purpose",
        "outcome",
    ),
    "job_start": (
        "title",
        "job_type",
        "employer_name",
        "competitive",
        "permanent",
        "hours_per_week",
    ),
    "job_end": ("title", "employer_name", "end_reason"),
    "feedback": ("score",),
    "plan": ("first",),
}
