"""Tavoitteet: the team's quarterly goals (item 8.5) – targets on chosen measures against the
actual from the metrics engine, for the team or a coach, and unmet goals carried over."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from ote import goals as service
from ote.calendar import quarter_bounds, quarter_of
from ote.enums import GoalMeasure
from ote.formatting import format_date, format_number
from ote.metrics.definitions import GOAL_MEASURES, goal_definition
from ote.records import choices
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

FORM = "goals.new"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "goals")
database = context.database
today = date.today()
on = context.as_of

current = quarter_of(on)
quarters = [current]
for _ in range(7):
    quarters.append(quarter_of(quarter_bounds(quarters[-1])[0] - timedelta(days=1)))
quarters.insert(0, service.next_quarter(current))
quarter = st.selectbox(
    t("goals.quarter"),
    quarters,
    index=1,
    format_func=lambda q: t(
        "goals.quarter_label",
        quarter=q,
        first=format_date(quarter_bounds(q)[0]),
        last=format_date(quarter_bounds(q)[1]),
    ),
    key="goals.quarter",
)

rows = cached(context, service.goals, team_id, quarter, on)
staff = shared(context, choices.staff, team_id, min(quarter_bounds(quarter)[1], on))
names = {c.id: c.label for c in staff}
first_day, last_day = quarter_bounds(quarter)
cut = min(last_day, on)  # the actuals are counted up to here


def explained(measure: str) -> str:
    """The goal measure's definition, counted over the quarter up to `cut`."""
    return goal_definition(measure, t.language, first_day, cut)


def shown(value: float | None, measure: str) -> str:
    if value is None:
        return "–"
    decimals = 0 if measure in service.WHOLE_TARGETS else 1
    return format_number(value, decimals, t.language)


def met_text(row) -> str:
    if row.met is None:
        return t("goals.running") if not row.final else "–"
    return f"✓ {t('goals.met')}" if row.met else f"⚠ {t('goals.not_met')}"


if rows:
    st.dataframe(
        pd.DataFrame(
            {
                t("goals.measure"): [t.enum(r.measure, GoalMeasure) for r in rows],
                t("goals.for"): [r.staff_name or t("goals.whole_team") for r in rows],
                t("goals.direction"): [
                    t("goals.at_most") if r.lower_is_better else t("goals.at_least") for r in rows
                ],
                t("field.target"): [shown(r.target, r.measure) for r in rows],
                t("field.actual"): [shown(r.actual, r.measure) for r in rows],
                t("goals.status"): [met_text(r) for r in rows],
                t("field.owner"): [r.owner or "–" for r in rows],
                t("field.note"): [r.note or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("goals.actual_help", day=format_date(cut)))
    defined = [m for m in dict.fromkeys(r.measure for r in rows) if m in GOAL_MEASURES]
    if defined:
        with st.expander(t("goals.definitions"), icon=":material/help:"):
            st.markdown("\n\n---\n\n".join(explained(m) for m in defined))
else:
    guide.empty(context, t("goals.none", quarter=quarter))

target_quarter = service.next_quarter(quarter)
already = {
    (r.measure, r.staff_id) for r in cached(context, service.goals, team_id, target_quarter, on)
}
# What carry_over would copy: unmet goals the next quarter does not have yet.
unmet = [r for r in rows if r.met is False and (r.measure, r.staff_id) not in already]
if unmet and st.button(
    t("goals.carry_over", count=len(unmet), quarter=target_quarter), key="goals.carry"
):
    added = service.carry_over(database, team_id, quarter, on)
    ui.flash(t("goals.carried", count=len(added), quarter=target_quarter))
    st.rerun()

with st.expander(t("goals.new_heading", quarter=quarter), expanded=not rows):
    left, right = st.columns(2)
    choices_of_measure = [m.value for m in GoalMeasure]
    measure_key = ui.key(FORM, "measure")
    chosen = st.session_state.get(measure_key, choices_of_measure[0])
    measure = left.selectbox(
        t("goals.measure"),
        choices_of_measure,
        format_func=lambda code: t.enum(code, GoalMeasure),
        help=explained(chosen if chosen in choices_of_measure else choices_of_measure[0]),
        key=measure_key,
    )
    low, high = service.TARGET_RANGE[measure]
    target = right.number_input(
        t("field.target"),
        min_value=float(low),
        max_value=float(high),
        value=None,
        step=1.0,
        help=t(
            "goals.target_help",
            low=format_number(low, 0, t.language),
            high=format_number(high, 0, t.language),
        ),
        key=ui.key(FORM, "target"),
    )
    per_coach = measure in service.PER_COACH
    staff_id = left.selectbox(
        t("goals.for"),
        [None, *names] if per_coach else [None],
        format_func=lambda i: t("goals.whole_team") if i is None else names[i],
        help=None if per_coach else t("goals.team_only"),
        key=ui.key(FORM, "staff"),
    )
    owner = right.text_input(t("field.owner"), key=ui.key(FORM, "owner"))
    note = st.text_input(t("field.note"), key=ui.key(FORM, "note"))
    if st.button(t("goals.save"), type="primary", key=ui.key(FORM, "save")):
        values = {
            "quarter": quarter,
            "measure": measure,
            "target": target,
            "staff_id": staff_id,
            "owner": owner,
            "note": note,
        }
        ui.save(
            FORM,
            lambda: service.create_goal(database, team_id, values, today),
            t,
            t("goals.saved"),
        )

if rows:
    with st.expander(t("goals.delete_heading")):
        doomed = st.selectbox(
            t("goals.goal"),
            [r.id for r in rows],
            format_func=lambda i: next(
                (
                    f"{t.enum(r.measure, GoalMeasure)} – {r.staff_name or t('goals.whole_team')}"
                    for r in rows
                    if r.id == i
                ),
                str(i),
            ),
            key=f"goals.delete_choice.{quarter}",
        )
        if st.button(t("goals.delete"), key="goals.delete"):
            service.delete_goal(database, team_id, doomed)
            ui.flash(t("goals.deleted"))
            st.rerun()
