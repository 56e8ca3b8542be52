"""Team meetings (items 5.1, 7, 8.2) and the steering group with its actions (items 11, 8.5)."""

from datetime import date

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from ote.enums import ActionStatus, DecisionStatus, MeetingKind
from ote.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    TEXT_LENGTH,
    between,
    not_before,
    not_blank,
    one_of,
)


class TeamMeeting(SQLModel, table=True):
    """A coaching-team supervision, multi-professional team meeting or partner meeting."""

    __tablename__ = "team_meeting"
    __table_args__ = (one_of("kind", MeetingKind), Index(None, "team_id", "date"))

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    date: date
    kind: str = Field(max_length=30)
    job_tips: str | None = Field(default=None, max_length=TEXT_LENGTH)
    decisions: str | None = Field(default=None, max_length=TEXT_LENGTH)


class TeamMeetingAttendee(SQLModel, table=True):
    """A staff member who attended a team meeting."""

    __tablename__ = "team_meeting_attendee"

    meeting_id: int = Field(foreign_key="team_meeting.id", ondelete="CASCADE", primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", primary_key=True, index=True)


class TeamMeetingDecision(SQLModel, table=True):
    """A decision made in a team meeting, with an owner and a due date. An open decision
    carries over to the next meetings until it is marked done or cancelled (`closed_on`)."""

    __tablename__ = "team_meeting_decision"
    __table_args__ = (
        one_of("status", DecisionStatus),
        not_blank("text"),
        between("number", 1, 999),
        UniqueConstraint("meeting_id", "number"),
        CheckConstraint("status <> 'open' OR closed_on IS NULL", name="open_not_closed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="team_meeting.id", ondelete="CASCADE", index=True)
    number: int  # 1, 2, … within the meeting, in the order they were made
    text: str = Field(max_length=TEXT_LENGTH)
    owner_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    due_date: date | None = None
    status: str = Field(default=DecisionStatus.OPEN.value, max_length=20)
    closed_on: date | None = None


class SteeringMeeting(SQLModel, table=True):
    """A meeting of the steering group (ohjausryhmä)."""

    __tablename__ = "steering_meeting"
    __table_args__ = (not_blank("key"), Index(None, "team_id", "date"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    team_id: int = Field(foreign_key="team.id")
    date: date
    participants: str | None = Field(default=None, max_length=TEXT_LENGTH)
    notes: str | None = Field(default=None, max_length=TEXT_LENGTH)


class SteeringAction(SQLModel, table=True):
    """An action of the steering group's plan, linked to fidelity items."""

    __tablename__ = "steering_action"
    __table_args__ = (
        one_of("status", ActionStatus),
        not_before("due_date", "created_on"),
        not_before("done_on", "created_on"),
        not_blank("key"),
        not_blank("title"),
        Index(None, "team_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    team_id: int = Field(foreign_key="team.id")
    title: str = Field(max_length=NAME_LENGTH)
    status: str = Field(default=ActionStatus.PLANNED.value, max_length=20)
    owner: str | None = Field(default=None, max_length=NAME_LENGTH)
    created_on: date | None = None
    due_date: date | None = None
    done_on: date | None = None
    meeting_id: int | None = Field(
        default=None, foreign_key="steering_meeting.id", ondelete="SET NULL"
    )


class SteeringActionItem(SQLModel, table=True):
    """A fidelity item (1–25) an action aims to improve."""

    __tablename__ = "steering_action_item"
    __table_args__ = (between("item", 1, 25),)

    action_id: int = Field(foreign_key="steering_action.id", ondelete="CASCADE", primary_key=True)
    item: int = Field(primary_key=True)


class SteeringActionNote(SQLModel, table=True):
    """A dated progress note on an action."""

    __tablename__ = "steering_action_note"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="steering_action.id", ondelete="CASCADE", index=True)
    date: date
    text: str = Field(max_length=TEXT_LENGTH)
