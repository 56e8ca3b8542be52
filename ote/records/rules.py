"""The rules of each record kind beyond its single fields, shared by the forms and the
import so both refuse the same things. Values are typed and named as the interchange
format's columns; references are already resolved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ote import validation as v
from ote.enums import DecisionStatus
from ote.metrics.law_periods import LawRule, Period, check_period_dates

Values = dict[str, Any]


def staff(values: Values) -> list[v.FieldError]:
    return v.not_before("end_date", values.get("end_date"), "start_date", values.get("start_date"))


def client(values: Values) -> list[v.FieldError]:
    problems = v.not_before(
        "service_start", values.get("service_start"), "referral_date", values.get("referral_date")
    )
    problems += v.not_before(
        "service_end", values.get("service_end"), "service_start", values.get("service_start")
    )
    if values.get("service_end") and not values.get("service_start"):
        problems.append(v.FieldError("service_end", "end_needs_start"))
    return problems


def module(values: Values) -> list[v.FieldError]:
    start = values.get("start_date")
    problems = v.not_before("end_date", values.get("end_date"), "start_date", start)
    problems += v.not_before("assessed_on", values.get("assessed_on"), "start_date", start)
    return problems


def coaching_period(values: Values) -> list[v.FieldError]:
    return v.not_before("end_date", values.get("end_date"), "start_date", values.get("start_date"))


def job(values: Values) -> list[v.FieldError]:
    return v.not_before("end_date", values.get("end_date"), "start_date", values.get("start_date"))


def happened(values: Values, today: date, name: str = "date") -> list[v.FieldError]:
    """Contacts, meetings and feedback record what has happened: not dated in the future."""
    return v.not_future(name, values.get(name), today)


def meeting_decision(values: Values, meeting_date: date | None) -> list[v.FieldError]:
    """An open decision has no closing date; a closing date and a due date are not before
    the meeting."""
    status = values.get("status") or DecisionStatus.OPEN.value
    closed_on = values.get("closed_on")
    problems = []
    if status == DecisionStatus.OPEN.value and closed_on is not None:
        problems.append(v.FieldError("closed_on", "decision_closed_on", {"status": status}))
    problems += v.not_before("closed_on", closed_on, "date", meeting_date)
    problems += v.not_before("due_date", values.get("due_date"), "date", meeting_date)
    return problems


def log_review(values: Values, today: date) -> list[v.FieldError]:
    """A weekly review of the employer-contact log: the week starts on a Monday, and it is
    reviewed during the week or after it, not in the future."""
    week_start = values.get("week_start")
    problems = []
    if isinstance(week_start, date) and week_start.weekday() != 0:
        problems.append(v.FieldError("week_start", "not_a_monday", {"date": week_start}))
    problems += v.not_before("reviewed_on", values.get("reviewed_on"), "week_start", week_start)
    problems += v.not_future("reviewed_on", values.get("reviewed_on"), today)
    return problems


def steering_action(values: Values) -> list[v.FieldError]:
    created = values.get("created_on")
    problems = v.not_before("due_date", values.get("due_date"), "created_on", created)
    problems += v.not_before("done_on", values.get("done_on"), "created_on", created)
    return problems


LAW_RULE_KEYS = {
    LawRule.TOO_SHORT: "law_too_short",
    LawRule.TOO_LONG: "law_too_long",
    LawRule.TOO_MANY_CONSECUTIVE: "law_too_many_consecutive",
    LawRule.OVER_8_IN_12: "law_over_8_in_12",
}


def law_period_warnings(periods: list[Period], new: Period) -> list[v.FieldError]:
    """Warnings (the record is still allowed) when the client's periods with `new` among them
    break a date rule of seed 004 that concerns `new`."""
    problems = []
    for rule_break in check_period_dates([*periods, new]):
        concerns_new = (rule_break.period.start, rule_break.period.end) == (new.start, new.end)
        if concerns_new or rule_break.rule == LawRule.OVER_8_IN_12:
            problems.append(
                v.FieldError(
                    "end_date" if rule_break.rule != LawRule.TOO_MANY_CONSECUTIVE else "start_date",
                    LAW_RULE_KEYS[rule_break.rule],
                    {"days": rule_break.detail},
                    warning=True,
                )
            )
    # One warning per rule is enough.
    unique: dict[str, v.FieldError] = {}
    for problem in problems:
        unique.setdefault(problem.key, problem)
    return list(unique.values())
