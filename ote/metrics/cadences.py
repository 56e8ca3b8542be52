"""The rhythms the fidelity scale asks for, as the records show them: weekly supervision
(items 7, 8.2), weekly multi-professional team meetings (5.1), the team leader's span
(8.1), quarterly goals (8.5), fidelity assessments (11.2) and steering-group meetings
(11.3) on schedule.

"Weekly" is judged over the last `weeks` full ISO weeks: a rhythm is kept when at least
`share` % of them (default 75 %, which leaves room for holidays) had such a meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months, last_full_weeks, quarter_bounds, quarter_of
from ote.enums import AssessmentStatus, MeetingKind, StaffRole
from ote.metrics.base import Measure, percent
from ote.metrics.population import is_employed_on

HIGH_FIDELITY = 100  # a total of at least 100 relaxes the cadences (items 11.2, 11.3)
MAX_COACHES_PER_LEADER = 10  # item 8.1
SOME_SHARE = 25.0  # item 7: below this share of weeks the team "does not meet as a group"
TWO_A_MONTH_SHARE = 46.0  # item 7: 2–3 meetings a month ≈ 2 ÷ 4.35 weeks


def _weeks_with(
    session: Session, team_id: int, as_of: date, weeks: int, kind: MeetingKind, coach_present: bool
) -> tuple[list[date], set[date], int]:
    """(Mondays of the weeks looked at, Mondays of those with a meeting, meetings counted)."""
    mondays = last_full_weeks(as_of, weeks)
    first, last = mondays[0], mondays[-1] + timedelta(days=6)
    query = select(m.TeamMeeting.id, m.TeamMeeting.date).where(
        m.TeamMeeting.team_id == team_id,
        m.TeamMeeting.kind == kind.value,
        m.TeamMeeting.date.between(first, last),
    )
    if coach_present:
        query = query.where(
            select(m.TeamMeetingAttendee.staff_id)
            .join(m.Staff, m.Staff.id == m.TeamMeetingAttendee.staff_id)
            .where(
                m.TeamMeetingAttendee.meeting_id == m.TeamMeeting.id,
                m.Staff.team_id == team_id,
                m.Staff.role == StaffRole.COACH.value,
                is_employed_on(m.TeamMeeting.date),
            )
            .exists()
        )
    meetings = session.execute(query).all()
    held = {day - timedelta(days=day.weekday()) for _, day in meetings}
    return mondays, held, len(meetings)


def _weekly(
    key: str, item: str, session, team_id, as_of, weeks, share, kind, coach_present=False
) -> Measure:
    mondays, held, meetings = _weeks_with(session, team_id, as_of, weeks, kind, coach_present)
    value = percent(len(held), len(mondays))
    return Measure(
        key=key,
        item=item,
        value=value,
        unit="% of weeks",
        n=meetings,
        first=mondays[0],
        last=mondays[-1] + timedelta(days=6),
        met=value is not None and value >= share,
        details=sorted(held),
        basis_params={"weeks": len(mondays), "held": len(held), "meetings": meetings},
    )


def weekly_supervision(
    session: Session, team_id: int, as_of: date, weeks: int = 13, share: float = 75.0
) -> Measure:
    """Item 8.2 – weekly coaching-team supervision: the % of the last `weeks` full ISO weeks
    with a meeting of kind `coaching_supervision`; met at `share` % or more."""
    return _weekly(
        "weekly_supervision",
        "8.2",
        session,
        team_id,
        as_of,
        weeks,
        share,
        MeetingKind.COACHING_SUPERVISION,
    )


def mdt_attendance(
    session: Session, team_id: int, as_of: date, weeks: int = 13, share: float = 75.0
) -> Measure:
    """Item 5.1 – coaches at the attached team's weekly meetings: the % of the last `weeks`
    full ISO weeks with a multi-professional team meeting (`mdt_meeting`) that one of the
    team's coaches, employed on the meeting's date, attended; met at `share` % or more."""
    return _weekly(
        "mdt_attendance",
        "5.1",
        session,
        team_id,
        as_of,
        weeks,
        share,
        MeetingKind.MDT_MEETING,
        coach_present=True,
    )


def _employed(session: Session, team_id: int, as_of: date, role: StaffRole):
    return session.execute(
        select(m.Staff.id, m.Staff.fte).where(
            m.Staff.team_id == team_id, m.Staff.role == role.value, is_employed_on(as_of)
        )
    ).all()


def team_leader_span(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 8.1 – the team leader's span: coaches employed on `as_of` per team leader
    employed then; met when the team has a leader and at most 10 coaches per leader."""
    leaders = _employed(session, team_id, as_of, StaffRole.TEAM_LEADER)
    coaches = _employed(session, team_id, as_of, StaffRole.COACH)
    value = len(coaches) / len(leaders) if leaders else None
    return Measure(
        key="team_leader_span",
        item="8.1",
        value=value,
        unit="coaches per team leader",
        n=len(coaches),
        first=None,
        last=as_of,
        met=value is not None and value <= MAX_COACHES_PER_LEADER,
        basis_params={"coaches": len(coaches), "leaders": len(leaders)},
    )


def team_structure(
    session: Session, team_id: int, as_of: date, weeks: int = 13, share: float = 75.0
) -> Measure:
    """Item 7 – the coaching team: the % of the last `weeks` full ISO weeks with coaching-team
    supervision (as 8.2), beside the team's structure on `as_of`. The records cannot tell the
    lower anchors apart, so the suggestion is rough and the assessors decide: no team leader
    → 1; supervision in under 25 % of the weeks → 2; weekly (≥ `share` %) with at least two
    full-time coaches and a leader → 5; about 2–3 a month (≥ 46 %) → 4; else 3. No staff and no
    meetings at all: no suggestion."""
    supervision = weekly_supervision(session, team_id, as_of, weeks, share)
    leaders = _employed(session, team_id, as_of, StaffRole.TEAM_LEADER)
    coaches = _employed(session, team_id, as_of, StaffRole.COACH)
    full_time = [staff_id for staff_id, fte in coaches if fte >= 1.0]
    value = supervision.value
    if value is None or (not supervision.n and not leaders and not coaches):
        score = None  # no staff and no meetings: nothing to go on
    elif not leaders:
        score = 1
    elif value < SOME_SHARE:
        score = 2
    elif value >= share and len(full_time) >= 2:
        score = 5
    elif value >= TWO_A_MONTH_SHARE:
        score = 4
    else:
        score = 3
    return Measure(
        key="team_structure",
        item="7",
        value=value,
        unit="% of weeks",
        n=supervision.n,
        first=supervision.first,
        last=supervision.last,
        suggested_score=score,
        basis_params={
            **supervision.basis_params,
            "full_time": len(full_time),
            "leaders": len(leaders),
        },
    )


def quarterly_goals_set(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 8.5 – goals at least quarterly: the number of goals set for the quarter of
    `as_of`; met when there is at least one. `details` lists the goals of each of the last
    four quarters."""
    quarters = []
    day = as_of
    for _ in range(4):
        quarters.append(quarter_of(day))
        day = quarter_bounds(quarter_of(day))[0] - timedelta(days=1)
    counts = dict(
        session.execute(
            select(m.QuarterlyGoal.quarter, func.count(m.QuarterlyGoal.id))
            .where(m.QuarterlyGoal.team_id == team_id, m.QuarterlyGoal.quarter.in_(quarters))
            .group_by(m.QuarterlyGoal.quarter)
        ).all()
    )
    current = int(counts.get(quarters[0], 0))
    first, last = quarter_bounds(quarters[0])
    return Measure(
        key="quarterly_goals",
        item="8.5",
        value=float(current),
        unit="goals",
        n=current,
        first=first,
        last=last,
        met=current > 0,
        details={quarter: int(counts.get(quarter, 0)) for quarter in quarters},
        basis_params={"quarter": quarters[0], "goals": current},
    )


@dataclass(frozen=True)
class AssessmentTotal:
    date: date
    total: int  # sum of the 25 scores (25–125)


def latest_assessment(session: Session, team_id: int, as_of: date) -> AssessmentTotal | None:
    """The team's latest final fidelity assessment on or before `as_of`, with its total."""
    row = session.execute(
        select(m.FidelityAssessment.date, func.sum(m.FidelityItemScore.score))
        .join(m.FidelityItemScore, m.FidelityItemScore.assessment_id == m.FidelityAssessment.id)
        .where(
            m.FidelityAssessment.team_id == team_id,
            m.FidelityAssessment.status == AssessmentStatus.FINAL.value,
            m.FidelityAssessment.date <= as_of,
        )
        .group_by(m.FidelityAssessment.id, m.FidelityAssessment.date)
        .order_by(m.FidelityAssessment.date.desc(), m.FidelityAssessment.id.desc())
        .limit(1)
    ).first()
    return AssessmentTotal(row[0], int(row[1] or 0)) if row else None


def _on_schedule(key, item, last_held: date | None, months: int, as_of: date, n: int, params):
    """Met when the latest one falls in the window: the `months` months up to `as_of`
    (from the day after the same date `months` months earlier)."""
    first = add_months(as_of, -months) + timedelta(days=1)
    due = add_months(last_held, months) if last_held else None
    return Measure(
        key=key,
        item=item,
        value=float((as_of - last_held).days) if last_held else None,
        unit="days since the last",
        n=n,
        first=first,
        last=as_of,
        met=last_held is not None and last_held >= first,
        details={"last": last_held, "due": due, "months": months},
        basis_params={**params, "months": months},
    )


def assessment_on_schedule(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 11.2 – fidelity assessed on schedule: every 6 months until a total of at least
    100, then every 12. Met when the latest final assessment on or before `as_of` falls in the
    6 (or 12) months up to `as_of`; `value` is the days since it."""
    latest = latest_assessment(session, team_id, as_of)
    months = 12 if latest and latest.total >= HIGH_FIDELITY else 6
    count = session.execute(
        select(func.count()).where(
            m.FidelityAssessment.team_id == team_id,
            m.FidelityAssessment.status == AssessmentStatus.FINAL.value,
            m.FidelityAssessment.date <= as_of,
        )
    ).scalar_one()
    return _on_schedule(
        "assessment_schedule",
        "11.2",
        latest.date if latest else None,
        months,
        as_of,
        count,
        {"total": latest.total if latest else "–"},
    )


def steering_on_schedule(session: Session, team_id: int, as_of: date) -> Measure:
    """Item 11.3 – the steering group meets on schedule: quarterly (every 3 months), every 6
    months once the latest fidelity total is at least 100. Met when its latest meeting on or
    before `as_of` falls in the 3 (or 6) months up to `as_of`; `value` is the days since it."""
    latest = latest_assessment(session, team_id, as_of)
    months = 6 if latest and latest.total >= HIGH_FIDELITY else 3
    last_held, count = session.execute(
        select(func.max(m.SteeringMeeting.date), func.count(m.SteeringMeeting.id)).where(
            m.SteeringMeeting.team_id == team_id, m.SteeringMeeting.date <= as_of
        )
    ).one()
    return _on_schedule(
        "steering_schedule",
        "11.3",
        last_held,
        months,
        as_of,
        int(count),
        {"meetings": int(count)},
    )
