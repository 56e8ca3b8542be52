"""The interchange format as data: files, columns, types (`shared/spec/interchange.md`).

This is a public contract: the file and column names of the specification are kept as
they are. OTE adds a few columns and files so that an export holds everything OTE keeps
and `import(export(db))` gives the same database; they are marked `extension=True`, are
optional on import, and are listed in the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ote import enums
from ote.models.base import KEY_LENGTH, NAME_LENGTH, TEXT_LENGTH


class ColumnType(StrEnum):
    KEY = "key"  # the file's own identifier (team_id in teams.csv)
    REF = "ref"  # an identifier of another file (team_id in staff.csv)
    CLIENT = "client"  # a client code, resolved within the row's team
    TEXT = "text"  # free text, screened for identity codes
    DATE = "date"
    BOOL = "bool"
    DECIMAL = "decimal"
    INT = "int"
    ENUM = "enum"
    QUARTER = "quarter"  # 2026Q3
    REF_LIST = "ref_list"  # identifiers separated by |
    INT_LIST = "int_list"  # numbers separated by |
    ENUM_LIST = "enum_list"  # codes separated by |
    JSON = "json"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    ref: str | None = None  # the file whose KEY a REF/REF_LIST names
    choices: tuple[str, ...] = ()  # ENUM / ENUM_LIST
    low: float | None = None
    high: float | None = None
    max_length: int = NAME_LENGTH
    extension: bool = False


class Identity(StrEnum):
    """How a row of the file is matched to a stored one, so a second import changes nothing."""

    KEY = "key"  # by its KEY column: updated in place
    NATURAL = "natural"  # by the columns in `natural_key`: updated in place
    WHOLE_ROW = "whole_row"  # by all columns; identical rows are counted, not merged


@dataclass(frozen=True)
class File:
    name: str  # without .csv; also the sheet name in an .xlsx workbook
    columns: tuple[Column, ...]
    identity: Identity
    natural_key: tuple[str, ...] = ()
    extension: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def key_column(self) -> Column | None:
        return next((c for c in self.columns if c.type == ColumnType.KEY), None)


def _values(enum_class) -> tuple[str, ...]:
    return tuple(m.value for m in enum_class)


C = ColumnType


def key(name: str) -> Column:
    return Column(name, C.KEY, required=True, max_length=KEY_LENGTH)


def ref(name: str, file: str, required: bool = False, extension: bool = False) -> Column:
    return Column(name, C.REF, required=required, ref=file, extension=extension)


def text(name: str, required: bool = False, long: bool = False, extension: bool = False):
    return Column(
        name,
        C.TEXT,
        required=required,
        max_length=TEXT_LENGTH if long else NAME_LENGTH,
        extension=extension,
    )


def day(name: str, required: bool = False, extension: bool = False) -> Column:
    return Column(name, C.DATE, required=required, extension=extension)


def flag(name: str, required: bool = False, extension: bool = False) -> Column:
    return Column(name, C.BOOL, required=required, extension=extension)


def choice(name: str, values, required: bool = False, extension: bool = False) -> Column:
    return Column(name, C.ENUM, required=required, choices=tuple(values), extension=extension)


CLIENT_CODE = Column("client_code", C.CLIENT, required=True, max_length=20)

FILES: tuple[File, ...] = (
    File(
        "teams",
        (key("team_id"), text("name", required=True), text("region"), flag("demo", extension=True)),
        Identity.KEY,
    ),
    File(
        "staff",
        (
            key("staff_id"),
            ref("team_id", "teams", required=True),
            text("name", required=True),
            choice("role", _values(enums.StaffRole), required=True),
            Column("fte", C.DECIMAL, required=True, low=0, high=1),
            Column("coaching_share", C.DECIMAL, low=0, high=1),
            day("start_date"),
            day("end_date"),
        ),
        Identity.KEY,
    ),
    File(
        "referral_sources",
        (
            key("source_id"),
            ref("team_id", "teams", required=True),
            text("name", required=True),
            choice("kind", _values(enums.SourceKind), required=True),
            flag("attached", required=True),
        ),
        Identity.KEY,
    ),
    File(
        "clients",
        (
            CLIENT_CODE,
            ref("team_id", "teams", required=True),
            ref("coach_id", "staff", required=True),
            day("referral_date", required=True),
            ref("source_id", "referral_sources", required=True),
            day("service_start"),
            day("service_end"),
            text("end_reason"),
            choice("framing", _values(enums.Framing)),
            flag("consent_family", extension=True),
            flag("consent_former_employers", extension=True),
            flag("legal_hold", extension=True),
        ),
        Identity.NATURAL,
        natural_key=("team_id", "client_code"),
    ),
    File(
        "client_plans",
        (
            CLIENT_CODE,
            choice("kind", _values(enums.PlanKind), required=True),
            day("date", required=True),
            text("note", long=True),
        ),
        Identity.WHOLE_ROW,
        extension=True,
    ),
    File(
        "modules",
        (
            CLIENT_CODE,
            choice("module", _values(enums.Module), required=True),
            day("start_date", required=True),
            day("end_date"),
            day("assessed_on"),
            choice("decision", enums.MODULE_DECISIONS),
            flag("client_took_part", extension=True),
            flag("provider_took_part", extension=True),
            flag("purchaser_took_part", extension=True),
            text("results", long=True, extension=True),
            text("next_resources", long=True, extension=True),
        ),
        Identity.NATURAL,
        natural_key=("client_code", "module", "start_date"),
    ),
    File(
        "coaching_periods",
        (
            CLIENT_CODE,
            day("start_date", required=True),
            day("end_date", required=True),
            day("start_notice_on", extension=True),
            day("end_notice_on", extension=True),
            choice("feedback", _values(enums.CoachingPeriodFeedback), extension=True),
            flag("next_steps_set", extension=True),
            Column("goals", C.ENUM_LIST, choices=_values(enums.CoachingGoal), extension=True),
        ),
        Identity.NATURAL,
        natural_key=("client_code", "start_date"),
    ),
    File(
        "employers",
        (key("employer_id"), text("name", required=True), text("industry")),
        Identity.KEY,
    ),
    File(
        "employer_contacts",
        (
            day("date", required=True),
            ref("staff_id", "staff", required=True),
            ref("employer_id", "employers", required=True),
            flag("face_to_face", required=True),
            Column("client_code", C.CLIENT, max_length=20),
            flag("preference_based"),
            choice("purpose", _values(enums.EmployerContactPurpose)),
            text("job_tip", long=True),
            choice("outcome", _values(enums.EmployerContactOutcome), extension=True),
        ),
        Identity.WHOLE_ROW,
    ),
    File(
        "jobs",
        (
            key("job_id"),
            CLIENT_CODE,
            ref("employer_id", "employers", required=True),
            text("title", required=True),
            text("job_type", required=True),
            day("start_date", required=True),
            day("end_date"),
            text("end_reason"),
            flag("competitive", required=True),
            flag("permanent", required=True),
            Column("hours_per_week", C.DECIMAL, low=0, high=168),
        ),
        Identity.KEY,
    ),
    File(
        "client_contacts",
        (
            day("date", required=True),
            CLIENT_CODE,
            ref("staff_id", "staff", required=True),
            choice("kind", _values(enums.ClientContactKind), required=True),
            flag("face_to_face"),
            choice("place", _values(enums.Place)),
            Column("minutes", C.INT, low=0, high=1440),
            ref("job_id", "jobs"),
            flag("no_show"),
        ),
        Identity.WHOLE_ROW,
    ),
    File(
        "team_meetings",
        (
            day("date", required=True),
            ref("team_id", "teams", required=True),
            choice("kind", _values(enums.MeetingKind), required=True),
            Column("attendees", C.REF_LIST, ref="staff"),
            text("job_tips", long=True),
            text("decisions", long=True),
        ),
        Identity.NATURAL,
        natural_key=("team_id", "date", "kind"),
    ),
    File(
        "team_meeting_decisions",
        (
            day("date", required=True),
            ref("team_id", "teams", required=True),
            choice("kind", _values(enums.MeetingKind), required=True),
            Column("number", C.INT, required=True, low=1, high=999),
            text("text", required=True, long=True),
            ref("owner_id", "staff"),
            day("due_date"),
            choice("status", _values(enums.DecisionStatus)),
            day("closed_on"),
        ),
        Identity.NATURAL,
        natural_key=("team_id", "date", "kind", "number"),
        extension=True,
    ),
    File(
        "steering_meetings",
        (
            key("meeting_id"),
            ref("team_id", "teams", required=True),
            day("date", required=True),
            text("participants", long=True),
            text("notes", long=True),
        ),
        Identity.KEY,
    ),
    File(
        "steering_actions",
        (
            key("action_id"),
            ref("team_id", "teams", required=True),
            text("title", required=True),
            choice("status", _values(enums.ActionStatus), required=True),
            text("owner"),
            Column("fidelity_items", C.INT_LIST, low=1, high=25),
            day("created_on"),
            day("due_date"),
            day("done_on"),
            ref("meeting_id", "steering_meetings"),
        ),
        Identity.KEY,
    ),
    File(
        "steering_action_notes",
        (
            ref("action_id", "steering_actions", required=True),
            day("date", required=True),
            text("text", required=True, long=True),
        ),
        Identity.WHOLE_ROW,
        extension=True,
    ),
    File(
        "fidelity_assessments",
        (
            Column("assessment_id", C.REF, required=True, max_length=KEY_LENGTH),
            ref("team_id", "teams", required=True),
            day("date", required=True),
            Column("item", C.INT, required=True, low=1, high=25),
            # Required, except on the unscored items of a draft (see the import's checks).
            Column("score", C.INT, low=1, high=5),
            text("assessors"),
            choice("kind", _values(enums.AssessmentKind)),
            text("note", long=True),
            text("place", extension=True),
            choice("status", _values(enums.AssessmentStatus), extension=True),
            Column("suggested_score", C.INT, low=1, high=5, extension=True),
            Column("evidence", C.JSON, max_length=20_000, extension=True),
        ),
        Identity.NATURAL,
        natural_key=("assessment_id", "item"),
    ),
    File(
        "fidelity_subcriteria",
        (
            Column("assessment_id", C.REF, required=True, max_length=KEY_LENGTH),
            Column("item", C.INT, required=True, low=1, high=25),
            Column("number", C.INT, required=True, low=1, high=6),
            flag("met", required=True),
        ),
        Identity.NATURAL,
        natural_key=("assessment_id", "item", "number"),
        extension=True,
    ),
    File(
        "employer_log_reviews",
        (
            ref("team_id", "teams", required=True),
            day("week_start", required=True),
            day("reviewed_on", required=True),
            ref("reviewer_id", "staff"),
        ),
        Identity.NATURAL,
        natural_key=("team_id", "week_start"),
        extension=True,
    ),
    File(
        "quarterly_goals",
        (
            ref("team_id", "teams", required=True),
            Column("quarter", C.QUARTER, required=True, max_length=6),
            text("measure", required=True),
            Column("target", C.DECIMAL, required=True),
            text("owner"),
            text("note", long=True),
            Column("actual", C.DECIMAL, extension=True),
            ref("staff_id", "staff", extension=True),
        ),
        Identity.NATURAL,
        natural_key=("team_id", "quarter", "measure", "staff_id"),
    ),
    File(
        "feedback",
        (
            day("date", required=True),
            CLIENT_CODE,
            Column("score", C.INT, required=True, low=1, high=5),
            text("comment", long=True),
        ),
        Identity.WHOLE_ROW,
    ),
)

BY_NAME: dict[str, File] = {f.name: f for f in FILES}
