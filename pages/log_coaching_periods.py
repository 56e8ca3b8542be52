"""Valmennusjaksot: law-based coaching periods and the rules of seed 004."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import CoachingGoal, CoachingPeriodFeedback
from ote.formatting import format_date
from ote.records import coaching_periods
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

FORM = "coaching_period"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "coaching_periods")
database = context.database
today = date.today()
with st.expander(t("coaching_periods.rules_title")):
    st.markdown(t("coaching_periods.rules_help"))

feedback_codes = [feedback.value for feedback in CoachingPeriodFeedback]
goal_codes = [goal.value for goal in CoachingGoal]


def feedback_label(code: str | None) -> str:
    return t.enum(code, CoachingPeriodFeedback) if code else ""


def goal_label(code: str) -> str:
    return t.enum(code, CoachingGoal)


client_column, start_column, end_column = st.columns([2, 1, 1])
start_day = start_column.date_input(
    t("field.start_date"), value=today, format="DD.MM.YYYY", key=ui.key(FORM, "start_date")
)
end_day = end_column.date_input(
    t("field.end_date"),
    value=None,
    format="DD.MM.YYYY",
    help=t("coaching_periods.end_help"),
    key=ui.key(FORM, "end_date"),
)
clients = shared(context, coaching_periods.clients_law_first, team_id, start_day or today)
client_labels = {
    client.id: t("coaching_periods.client_law", code=client.code) if client.law else client.code
    for client in clients
}
client_id = client_column.selectbox(
    t("field.client_code"),
    list(client_labels),
    index=None,
    format_func=client_labels.get,
    placeholder=t("coaching_periods.client_placeholder"),
    help=t("coaching_periods.client_help"),
    key=ui.key(FORM, "client"),
)
if not clients:
    guide.empty(
        context,
        t("coaching_periods.no_clients"),
        page="log_clients",
        label=t("records.guide.add_client"),
    )
left, right = st.columns(2)
start_notice = left.date_input(
    t("field.start_notice_on"),
    value=None,
    max_value=today,
    format="DD.MM.YYYY",
    help=t("coaching_periods.notice_help"),
    key=ui.key(FORM, "start_notice_on"),
)
end_notice = right.date_input(
    t("field.end_notice_on"),
    value=None,
    max_value=today,
    format="DD.MM.YYYY",
    help=t("coaching_periods.notice_help"),
    key=ui.key(FORM, "end_notice_on"),
)
feedback = left.selectbox(
    t("field.feedback"),
    feedback_codes,
    index=None,
    format_func=feedback_label,
    placeholder=t("records.optional"),
    help=t("coaching_periods.feedback_help"),
    key=ui.key(FORM, "feedback"),
)
next_steps = right.checkbox(
    t("field.next_steps_set"),
    value=False,
    help=t("coaching_periods.next_steps_help"),
    key=ui.key(FORM, "next_steps_set"),
)
goals = st.multiselect(
    t("field.goals"),
    goal_codes,
    format_func=goal_label,
    placeholder=t("coaching_periods.goals_placeholder"),
    help=t("coaching_periods.goals_help"),
    key=ui.key(FORM, "goals"),
)

if st.button(t("records.save"), type="primary", key=ui.key(FORM, "save")):
    values = {
        "client_id": client_id,
        "start_date": start_day,
        "end_date": end_day,
        "start_notice_on": start_notice,
        "end_notice_on": end_notice,
        "feedback": feedback,
        "next_steps_set": next_steps,
        "goals": list(goals),
    }
    ui.save(
        FORM,
        lambda: coaching_periods.create(database, team_id, values, today),
        t,
        t("coaching_periods.saved"),
    )

st.subheader(t("records.recent_heading"))
recent = cached(context, coaching_periods.recent, team_id)
if not recent.empty:
    recent["goals"] = [", ".join(map(goal_label, reached)) for reached in recent["goals"]]
ui.recent_editor(
    f"{FORM}.recent",
    recent,
    t=t,
    empty=t("coaching_periods.guide.empty"),
    column_config={
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "start_date": st.column_config.DateColumn(
            t("field.start_date"), format="D.M.YYYY", required=True
        ),
        "end_date": st.column_config.DateColumn(
            t("field.end_date"), format="D.M.YYYY", required=True
        ),
        "start_notice_on": st.column_config.DateColumn(
            t("field.start_notice_on"), format="D.M.YYYY", max_value=today
        ),
        "end_notice_on": st.column_config.DateColumn(
            t("field.end_notice_on"), format="D.M.YYYY", max_value=today
        ),
        "feedback": st.column_config.SelectboxColumn(
            t("field.feedback"), options=feedback_codes, format_func=feedback_label
        ),
        "next_steps_set": st.column_config.CheckboxColumn(t("field.next_steps_set")),
        "goals": st.column_config.TextColumn(t("field.goals")),
    },
    editable=[
        "start_date",
        "end_date",
        "start_notice_on",
        "end_notice_on",
        "feedback",
        "next_steps_set",
    ],
    update=lambda row_id, values: coaching_periods.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.CoachingPeriod, team_id, ids),
    describe=lambda row: f"{row['client_code']} {format_date(row['start_date'])}",
)
