"""The agenda of the weekly coaching-team supervision (items 7 and 8.2): the clients the
team should talk about this week, built from the records.

The state is read on the week's *reference day* (`Week.reference_day(today)`): today while
the week runs, its Sunday once it is over. "Since last week's meeting" means from the
Monday of the previous week (`week.monday − 7`) on. Windows are closed at both ends.

Seven sections, in this order (each rule is written out in its function's docstring):

| key | status keys | `on` |
|---|---|---|
| `no_employer_contact` (item 15) | `open` | service start |
| `follow_along` (item 23) | `due`, `missed` | the checkpoint window's last day |
| `job_ended` (item 23) | `due`, `missed` | the deadline (3 working days after the end) |
| `no_outreach` (item 25.2) | `open` | the missed meeting's date |
| `module_assessment` (seed 000) | `due` | the module's end date |
| `law_periods` (seed 004) | `rule_break`, `ending` | see `law_period_lines` |
| `not_met` | `open` | the last face-to-face meeting (None: never met) |

Each line names the client's current coach. Lines are sorted by coach name, client code
and date (`law_periods`: the rule breaks first). What counts as a contact is what
`ote.metrics.follow_along` counts: a *meeting* is a face-to-face client contact that took
place (not a no-show) and is not an outreach attempt, family or partner contact; a
*contact with the client* is any client contact that took place, face to face or not,
except a family or partner contact.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ote import models as m
from ote.calendar import add_months, add_working_days
from ote.enums import ClientContactKind
from ote.metrics.follow_along import NOT_THE_CLIENT
from ote.metrics.law_periods import NOT_A_MEETING, LawRule, team_rule_breaks
from ote.metrics.pathway import assessments_due
from ote.metrics.population import is_active_on, is_job_seeker_on
from ote.supervision.week import Week

SECTIONS = (
    "no_employer_contact",
    "follow_along",
    "job_ended",
    "no_outreach",
    "module_assessment",
    "law_periods",
    "not_met",
)

# Status keys.
DUE = "due"
MISSED = "missed"
OPEN = "open"
ENDING = "ending"
RULE_BREAK = "rule_break"

FIRST_EMPLOYER_CONTACT_DAYS = 30  # item 15: listed when more days than this have passed
AFTER_END_WORKING_DAYS = 3  # item 23: contact within 3 working days after a job ends
LAW_PERIOD_ENDING_DAYS = 14  # a law-based period ending within this many days is listed
NOT_MET_DAYS = 14  # not met face to face in the last 14 days (day − 13 … day)


@dataclass(frozen=True)
class AgendaLine:
    """One client to talk about. `params` holds the values the UI text needs (dates as
    `date`, counts as `int`; see each section's function for its keys)."""

    section: str
    client_id: int
    client_code: str
    coach_id: int | None
    coach_name: str | None
    status: str
    on: date | None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Agenda:
    """The agenda of one week, read on `day`: one list of lines per section."""

    week: Week
    day: date
    no_employer_contact: list[AgendaLine]
    follow_along: list[AgendaLine]
    job_ended: list[AgendaLine]
    no_outreach: list[AgendaLine]
    module_assessment: list[AgendaLine]
    law_periods: list[AgendaLine]
    not_met: list[AgendaLine]

    def sections(self) -> list[tuple[str, list[AgendaLine]]]:
        """(key, lines) for each section, in the agenda's order (empty sections included)."""
        return [(key, getattr(self, key)) for key in SECTIONS]

    @property
    def total(self) -> int:
        """Lines in all sections."""
        return sum(len(lines) for _, lines in self.sections())


def agenda(session: Session, team_id: int, week: Week, today: date) -> Agenda:
    """The agenda of the team's supervision meeting of `week`, as the records stand on the
    week's reference day (today while the week runs, its Sunday once it is over, its Monday
    for a week still to come)."""
    day = week.reference_day(today)
    return Agenda(
        week=week,
        day=day,
        no_employer_contact=no_employer_contact_lines(session, team_id, day),
        follow_along=follow_along_lines(session, team_id, week, day),
        job_ended=job_ended_lines(session, team_id, week, day),
        no_outreach=no_outreach_lines(session, team_id, week, day),
        module_assessment=module_assessment_lines(session, team_id, day),
        law_periods=law_period_lines(session, team_id, day),
        not_met=not_met_lines(session, team_id, day),
    )


# ------------------------------------------------------------------------------ pieces
def _is_meeting():
    """SQL condition on m.ClientContact: a face-to-face meeting with the client that took
    place – follow_along's definition (not a no-show; not an outreach attempt, family or
    partner contact)."""
    return and_(
        m.ClientContact.face_to_face.is_(True),
        m.ClientContact.no_show.is_(False),
        m.ClientContact.kind.not_in(NOT_A_MEETING),
    )


def _is_contact_with_client():
    """SQL condition on m.ClientContact: a contact with the client that took place, any way
    and of any kind but a family or partner contact – follow_along's after-end contact."""
    return and_(
        m.ClientContact.no_show.is_(False),
        m.ClientContact.kind.not_in(NOT_THE_CLIENT),
    )


_WHO = (m.Client.id, m.Client.code, m.Client.coach_id, m.Staff.name)
_COACH = m.Staff.id == m.Client.coach_id


def _since_last_meeting(week: Week) -> date:
    """The first day looked at for what was missed since last week's meeting."""
    return week.monday - timedelta(days=7)


def _line(section: str, who, status: str, on: date | None, **params: Any) -> AgendaLine:
    client_id, code, coach_id, coach_name = who
    return AgendaLine(section, client_id, code, coach_id, coach_name, status, on, params)


def _sorted(lines: Iterable[tuple[AgendaLine, tuple]]) -> list[AgendaLine]:
    """By coach name (a line without a coach last), client code, date (no date first), and
    then the section's own tie-break."""

    def key(item: tuple[AgendaLine, tuple]):
        line, tie = item
        name = line.coach_name or ""
        return (
            not line.coach_name,
            name.casefold(),
            name,
            line.client_code,
            line.on is not None,
            line.on or date.min,
            tie,
        )

    return [line for line, _ in sorted(lines, key=key)]


def _in(dates: list[date], first: date, last: date) -> bool:
    """Whether the sorted `dates` hold one in [first, last]."""
    index = bisect.bisect_left(dates, first)
    return index < len(dates) and dates[index] <= last


# ------------------------------------------------------------------ 1. employer contact
def no_employer_contact_lines(session: Session, team_id: int, day: date) -> list[AgendaLine]:
    """`no_employer_contact` (item 15): the team's job seekers on `day` (active, no job on
    `day`) whose service started more than 30 days before `day` (day − service_start > 30)
    and who have no face-to-face employer contact naming them dated from their service start
    to `day`. Status `open`; `on` = service start; params: `days` (day − service start),
    `service_start`."""
    contact = (
        select(m.EmployerContact.id)
        .where(
            m.EmployerContact.client_id == m.Client.id,
            m.EmployerContact.face_to_face.is_(True),
            m.EmployerContact.date >= m.Client.service_start,
            m.EmployerContact.date <= day,
        )
        .exists()
    )
    rows = session.execute(
        select(*_WHO, m.Client.service_start)
        .outerjoin(m.Staff, _COACH)
        .where(
            m.Client.team_id == team_id,
            is_job_seeker_on(day),
            m.Client.service_start < day - timedelta(days=FIRST_EMPLOYER_CONTACT_DAYS),
            ~contact,
        )
    ).all()
    return _sorted(
        (
            _line(
                "no_employer_contact",
                row[:4],
                OPEN,
                row.service_start,
                days=(day - row.service_start).days,
                service_start=row.service_start,
            ),
            (),
        )
        for row in rows
    )


# ----------------------------------------------------------------- 2. follow-along
@dataclass(frozen=True)
class CheckpointWindow:
    """A face-to-face checkpoint of item 23 around one job: `checkpoint` is one of
    before_start, after_start, weekly, monthly; `number` the week (1–4) or month (1–12)."""

    checkpoint: str
    number: int | None
    first: date
    last: date


def checkpoint_windows(start: date, end: date | None) -> list[CheckpointWindow]:
    """The face-to-face checkpoints of a job, as `ote.metrics.follow_along` defines them:
    before start (start − 7 … start − 1), after start (start … start + 3), the four weeks
    (start + 7k … start + 7k + 6, k = 0…3) and the twelve calendar months of the first year
    (start + n months … start + n + 1 months − 1, n = 0…11) – those whose first day the job
    still goes on (`end` empty or on or after it)."""
    day = timedelta(days=1)
    windows = [
        CheckpointWindow("before_start", None, start - 7 * day, start - day),
        CheckpointWindow("after_start", None, start, start + 3 * day),
    ]
    windows += [
        CheckpointWindow("weekly", k + 1, start + 7 * k * day, start + (7 * k + 6) * day)
        for k in range(4)
    ]
    windows += [
        CheckpointWindow("monthly", n + 1, add_months(start, n), add_months(start, n + 1) - day)
        for n in range(12)
    ]
    return [w for w in windows if end is None or end >= w.first]


_CHECKPOINT_ORDER = {"before_start": 0, "after_start": 1, "weekly": 2, "monthly": 3}


def follow_along_lines(session: Session, team_id: int, week: Week, day: date) -> list[AgendaLine]:
    """`follow_along` (item 23): for each job of the team's clients, the face-to-face
    checkpoints of `checkpoint_windows` (only those whose first day the job still goes on),
    for a client in service on the window's last day or on `day`, whichever is earlier.
    A checkpoint is met by a meeting (face to face, not a no-show, not an outreach attempt,
    family or partner contact) in its window on or before `day`. Not met, it is listed

    - `due` when the window overlaps the week, ends on or after `day` and ends before the
      next week's meeting can see to it (on or before the following Sunday): a monthly
      window is listed in its last week or two, not for the whole month;
    - `missed` when the window ended in [week.monday − 7, day − 1] (since last week's
      meeting).

    `on` = the window's last day; params: `checkpoint` (before_start, after_start, weekly,
    monthly), `number` (week 1–4, month 1–12, None for the others), `first`, `last` (the
    window), `job_start`, `job_id`."""
    since = _since_last_meeting(week)
    # Bounds wide enough for any window that could be listed: the last monthly window ends
    # a year after the start, the before-start window begins a week before it, and a
    # window (at most 31 days) must end on or after `since`.
    rows = session.execute(
        select(*_WHO, m.Client.service_start, m.Client.service_end)
        .add_columns(m.Job.id.label("job_id"), m.Job.start_date, m.Job.end_date)
        .select_from(m.Job)
        .join(m.Client, m.Client.id == m.Job.client_id)
        .outerjoin(m.Staff, _COACH)
        .where(
            m.Client.team_id == team_id,
            m.Client.service_start <= day,
            or_(m.Client.service_end.is_(None), m.Client.service_end >= since - timedelta(days=31)),
            m.Job.start_date.between(
                add_months(since, -12) - timedelta(days=1), week.sunday + timedelta(days=7)
            ),
            or_(m.Job.end_date.is_(None), m.Job.end_date >= since - timedelta(days=31)),
        )
    ).all()
    open_windows = []
    for row in rows:
        for window in checkpoint_windows(row.start_date, row.end_date):
            if window.last >= day:
                if window.first > week.sunday or window.last < week.monday:
                    continue
                if window.last > week.sunday + timedelta(days=7):
                    continue
                status = DUE
            elif since <= window.last:
                status = MISSED
            else:
                continue
            in_service_on = min(window.last, day)
            if row.service_start > in_service_on or (
                row.service_end is not None and row.service_end < in_service_on
            ):
                continue
            open_windows.append((row, window, status))
    if not open_windows:
        return []
    met = _meeting_dates(session, team_id, min(w.first for _, w, _ in open_windows), day)
    lines = []
    for row, window, status in open_windows:
        if _in(met.get(row.id, []), window.first, min(window.last, day)):
            continue
        line = _line(
            "follow_along",
            row[:4],
            status,
            window.last,
            checkpoint=window.checkpoint,
            number=window.number,
            first=window.first,
            last=window.last,
            job_start=row.start_date,
            job_id=row.job_id,
        )
        lines.append((line, (_CHECKPOINT_ORDER[window.checkpoint], window.number or 0, row.job_id)))
    return _sorted(lines)


def _meeting_dates(session: Session, team_id: int, first: date, last: date):
    """Per client of the team, the sorted dates of meetings in [first, last]."""
    dates: dict[int, list[date]] = defaultdict(list)
    for client_id, day in session.execute(
        select(m.ClientContact.client_id, m.ClientContact.date)
        .join(m.Client, m.Client.id == m.ClientContact.client_id)
        .where(
            m.Client.team_id == team_id,
            m.ClientContact.date.between(first, last),
            _is_meeting(),
        )
        .order_by(m.ClientContact.client_id, m.ClientContact.date)
    ):
        dates[client_id].append(day)
    return dates


# --------------------------------------------------------------------- 3. job ended
def job_ended_lines(session: Session, team_id: int, week: Week, day: date) -> list[AgendaLine]:
    """`job_ended` (item 23, after end): jobs of the team's clients that ended in
    [week.monday − 7, day] while the client was in service (active on the end day), with no
    contact with the client (any kind but a family or partner contact, face to face or not,
    not a no-show) from the end day to the deadline, 3 working days after the end (Finnish
    public holidays excluded), as known on `day`. `due` when the deadline is on or after
    `day`, else `missed`. `on` = the deadline; params: `end`, `deadline`, `job_id`."""
    first_contact = (
        select(func.min(m.ClientContact.date))
        .where(
            m.ClientContact.client_id == m.Job.client_id,
            m.ClientContact.date >= m.Job.end_date,
            m.ClientContact.date <= day,
            _is_contact_with_client(),
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(*_WHO, m.Job.id, m.Job.end_date, first_contact)
        .select_from(m.Job)
        .join(m.Client, m.Client.id == m.Job.client_id)
        .outerjoin(m.Staff, _COACH)
        .where(
            m.Client.team_id == team_id,
            m.Job.end_date.between(_since_last_meeting(week), day),
            is_active_on(m.Job.end_date),
        )
    ).all()
    lines = []
    for *who, job_id, end, contacted in rows:
        deadline = add_working_days(end, AFTER_END_WORKING_DAYS)
        if contacted is not None and contacted <= deadline:
            continue
        status = DUE if deadline >= day else MISSED
        line = _line("job_ended", who, status, deadline, end=end, deadline=deadline, job_id=job_id)
        lines.append((line, (job_id,)))
    return _sorted(lines)


# ---------------------------------------------------------------------- 4. outreach
def no_outreach_lines(session: Session, team_id: int, week: Week, day: date) -> list[AgendaLine]:
    """`no_outreach` (item 25.2): the missed meetings of the team's clients active on `day`
    (client contacts marked as no-shows) dated in [week.monday − 7, day] with no outreach
    attempt (kind outreach_attempt) with the same client dated from the missed meeting's
    date to `day`. Status `open`; `on` = the missed meeting's date; params: `days`
    (day − that date), `kind` (the missed contact's kind), `contact_id`."""
    missed = aliased(m.ClientContact)
    attempt = aliased(m.ClientContact)
    followed = (
        select(attempt.id)
        .where(
            attempt.client_id == missed.client_id,
            attempt.kind == ClientContactKind.OUTREACH_ATTEMPT.value,
            attempt.date >= missed.date,
            attempt.date <= day,
        )
        .exists()
    )
    rows = session.execute(
        select(*_WHO, missed.id, missed.date, missed.kind)
        .select_from(missed)
        .join(m.Client, m.Client.id == missed.client_id)
        .outerjoin(m.Staff, _COACH)
        .where(
            m.Client.team_id == team_id,
            is_active_on(day),
            missed.no_show.is_(True),
            missed.date.between(_since_last_meeting(week), day),
            ~followed,
        )
    ).all()
    return _sorted(
        (
            _line(
                "no_outreach",
                who,
                OPEN,
                when,
                days=(day - when).days,
                kind=kind,
                contact_id=contact_id,
            ),
            (contact_id,),
        )
        for *who, contact_id, when, kind in rows
    )


# ---------------------------------------------------------------- 5. module assessment
def module_assessment_lines(session: Session, team_id: int, day: date) -> list[AgendaLine]:
    """`module_assessment` (seed 000): the assessments `pathway.assessments_due` finds on
    `day` – module episodes of the team's clients active on `day` that have ended (end_date
    ≤ `day`) and were not assessed by `day`. Status `due`; `on` = the end date; params:
    `module` (1, 2, 3A, 3B, 4, 5), `start`, `end`, `days` (day − end), `episode_id`."""
    return _sorted(
        (
            _line(
                "module_assessment",
                (due.client_id, due.code, due.coach_id, due.coach_name),
                DUE,
                due.end_date,
                module=due.module,
                start=due.start_date,
                end=due.end_date,
                days=due.days_since_end,
                episode_id=due.episode_id,
            ),
            (due.episode_id,),
        )
        for due in assessments_due(session, team_id, day)
    )


# ------------------------------------------------------------------- 6. law periods
def law_period_lines(session: Session, team_id: int, day: date) -> list[AgendaLine]:
    """`law_periods` (seed 004), for the team's clients active on `day`: first every rule
    break that `team_rule_breaks` finds in their law-based coaching periods as known on
    `day` (status `rule_break`), then the periods that end in [day, day + 14] (status
    `ending`).

    A rule break: `on` = the first day of the week without a meeting
    (`week_without_meeting`), else the period's start; params: `rule` (a `LawRule` value:
    too_short, too_long, too_many_consecutive, over_8_in_12, week_without_meeting),
    `period_start`, `period_end`, `period_id`, and by rule: `days` (the period's days for
    too_short and too_long; the days of periods in the 12 months for over_8_in_12),
    `count` (the consecutive periods, too_many_consecutive), `week_first` and `week_last`
    (week_without_meeting).

    An ending period: `on` = its end; params: `period_start`, `period_end`, `days_left`
    (end − day), `period_id`."""
    breaks = team_rule_breaks(session, team_id, day)
    coaches = {}
    if breaks:
        coaches = {
            client_id: (coach_id, name)
            for client_id, coach_id, name in session.execute(
                select(m.Client.id, m.Client.coach_id, m.Staff.name)
                .outerjoin(m.Staff, _COACH)
                .where(m.Client.id.in_({b.client_id for b in breaks}), is_active_on(day))
            )
        }
    broken = []
    for found in breaks:
        if found.client_id not in coaches:
            continue  # the client's service has ended: nothing left to do about it
        rule_break = found.rule_break
        period = rule_break.period
        params: dict[str, Any] = {
            "rule": rule_break.rule.value,
            "period_start": period.start,
            "period_end": period.end,
            "period_id": period.period_id,
        }
        on = period.start
        if rule_break.rule == LawRule.WEEK_WITHOUT_MEETING:
            on = date.fromisoformat(rule_break.detail)
            params["week_first"] = on
            params["week_last"] = on + timedelta(days=6)
        elif rule_break.rule == LawRule.TOO_MANY_CONSECUTIVE:
            params["count"] = int(rule_break.detail)
        else:
            params["days"] = int(rule_break.detail)
        coach_id, name = coaches.get(found.client_id, (None, None))
        who = (found.client_id, found.client_code, coach_id, name)
        line = _line("law_periods", who, RULE_BREAK, on, **params)
        broken.append((line, (rule_break.rule.value, period.start, period.period_id or 0)))
    period = m.CoachingPeriod
    rows = session.execute(
        select(*_WHO, period.id, period.start_date, period.end_date)
        .select_from(period)
        .join(m.Client, m.Client.id == period.client_id)
        .outerjoin(m.Staff, _COACH)
        .where(
            m.Client.team_id == team_id,
            is_active_on(day),
            period.end_date.between(day, day + timedelta(days=LAW_PERIOD_ENDING_DAYS)),
        )
    ).all()
    ending = [
        (
            _line(
                "law_periods",
                who,
                ENDING,
                end,
                period_start=start,
                period_end=end,
                days_left=(end - day).days,
                period_id=period_id,
            ),
            (period_id,),
        )
        for *who, period_id, start, end in rows
    ]
    return _sorted(broken) + _sorted(ending)


# ----------------------------------------------------------------------- 7. not met
def not_met_lines(session: Session, team_id: int, day: date) -> list[AgendaLine]:
    """`not_met`: the team's active clients on `day` whose service started at least 14 days
    before `day` (service_start ≤ day − 14) and who have had no meeting (a face-to-face
    client contact, not a no-show, not an outreach attempt, family or partner contact) in
    [day − 13, day]. Status `open`; `on` = the last meeting on or before `day` (None if
    never); params: `days` (days since the last meeting, or since the service start if
    never met), `never_met` (bool), `service_start`."""
    last_met = func.max(m.ClientContact.date)
    rows = session.execute(
        select(*_WHO, m.Client.service_start, last_met)
        .outerjoin(m.Staff, _COACH)
        .outerjoin(
            m.ClientContact,
            and_(
                m.ClientContact.client_id == m.Client.id,
                m.ClientContact.date <= day,
                _is_meeting(),
            ),
        )
        .where(
            m.Client.team_id == team_id,
            is_active_on(day),
            m.Client.service_start <= day - timedelta(days=NOT_MET_DAYS),
        )
        .group_by(*_WHO, m.Client.service_start)
        .having(or_(last_met.is_(None), last_met < day - timedelta(days=NOT_MET_DAYS - 1)))
    ).all()
    return _sorted(
        (
            _line(
                "not_met",
                who,
                OPEN,
                met,
                days=(day - (met or start)).days,
                never_met=met is None,
                service_start=start,
            ),
            (),
        )
        for *who, start, met in rows
    )
