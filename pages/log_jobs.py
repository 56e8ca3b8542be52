"""Työsuhteet: a client's job starts or ends (items 19–21, 23)."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.formatting import format_date
from ote.records import choices, jobs
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

START, END, RECENT = "job_start", "job_end", "jobs.recent"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "jobs")
database = context.database
today = date.today()

active = shared(context, choices.active_clients, team_id, today)
employers = shared(context, choices.employers)
job_types = shared(context, choices.job_types)
ongoing = shared(context, choices.ongoing_jobs, team_id, today)
active_codes = {c.id: c.label for c in active}
employer_names = {c.id: c.label for c in employers}
ongoing_labels = {c.id: c.label for c in ongoing}

start_tab, end_tab = st.tabs([t("jobs.tab_start"), t("jobs.tab_end")])

# ------------------------------------------------------------------ a) job starts
with start_tab:
    if not active:
        guide.empty(
            context, t("jobs.no_active"), page="log_clients", label=t("records.guide.add_client")
        )
    else:
        left, right = st.columns(2)
        client_id = left.selectbox(
            t("jobs.client"),
            list(active_codes),
            index=None,
            format_func=active_codes.get,
            help=t("jobs.client_help"),
            placeholder=t("jobs.choose"),
            key=ui.key(START, "client"),
        )
        employer = right.selectbox(
            t("field.employer_id"),
            list(employer_names),
            index=None,
            format_func=lambda value: employer_names.get(value, value),
            accept_new_options=True,
            placeholder=t("jobs.employer_placeholder"),
            help=t("jobs.employer_help"),
            key=ui.key(START, "employer"),
        )
        title = left.text_input(
            t("field.title"), max_chars=200, help=t("jobs.title_help"), key=ui.key(START, "title")
        )
        job_type = right.selectbox(
            t("field.job_type"),
            job_types,
            index=None,
            accept_new_options=True,
            placeholder=t("jobs.job_type_placeholder"),
            help=t("jobs.job_type_help"),
            key=ui.key(START, "job_type"),
        )
        start_date = left.date_input(
            t("field.start_date"),
            value=today,
            format="DD.MM.YYYY",
            help=t("jobs.start_help"),
            key=ui.key(START, "start_date"),
        )
        hours = right.number_input(
            t("field.hours_per_week"),
            min_value=0.0,
            max_value=168.0,
            value=None,
            step=0.5,
            placeholder=t("records.optional"),
            help=t("jobs.hours_help"),
            key=ui.key(START, "hours"),
        )
        competitive = left.toggle(
            t("field.competitive"),
            value=True,
            help=t("jobs.competitive_help"),
            key=ui.key(START, "competitive"),
        )
        permanent = right.toggle(
            t("field.permanent"),
            value=True,
            help=t("jobs.permanent_help"),
            key=ui.key(START, "permanent"),
        )
        if st.button(t("records.save"), type="primary", key=ui.key(START, "save")):
            values = {
                "client_id": client_id,
                "employer_id": employer if isinstance(employer, int) else None,
                "new_employer": employer if isinstance(employer, str) else None,
                "title": title,
                "job_type": job_type,
                "start_date": start_date,
                "competitive": competitive,
                "permanent": permanent,
                "hours_per_week": hours,
            }
            ui.save(
                START,
                lambda: jobs.create(database, team_id, values, today),
                t,
                t("jobs.start_saved"),
            )

# -------------------------------------------------------------------- b) job ends
with end_tab:
    if not ongoing:
        st.info(t("jobs.no_ongoing"), icon=":material/info:")
    else:
        left, middle, right = st.columns(3)
        job_id = left.selectbox(
            t("jobs.ongoing_job"),
            list(ongoing_labels),
            index=None,
            format_func=ongoing_labels.get,
            help=t("jobs.ongoing_help"),
            placeholder=t("jobs.choose"),
            key=ui.key(END, "job"),
        )
        if job_id is not None:
            started = cached(context, jobs.start_of, team_id, job_id)
            if started is not None:
                left.caption(t("jobs.job_started", date=format_date(started)))
        end_date = middle.date_input(
            t("field.end_date"), value=today, format="DD.MM.YYYY", key=ui.key(END, "end_date")
        )
        end_reason = right.text_input(
            t("field.end_reason"),
            max_chars=200,
            help=t("jobs.end_reason_help"),
            key=ui.key(END, "end_reason"),
        )
        if st.button(t("records.save"), type="primary", key=ui.key(END, "save")):
            ui.save(
                END,
                lambda: jobs.end_job(database, team_id, job_id, end_date, end_reason, today),
                t,
                t("jobs.end_saved"),
            )

# ----------------------------------------------------------------- recent jobs
st.subheader(t("records.recent_heading"))
recent = cached(context, jobs.recent, team_id)
if not recent.empty:
    st.caption(t("jobs.recent_intro"))
ui.recent_editor(
    RECENT,
    recent,
    t=t,
    empty=t("jobs.guide.empty"),
    column_config={
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "employer": st.column_config.TextColumn(t("field.employer_id")),
        "title": st.column_config.TextColumn(t("field.title"), max_chars=200, required=True),
        "job_type": st.column_config.TextColumn(t("field.job_type"), max_chars=200, required=True),
        "start_date": st.column_config.DateColumn(
            t("field.start_date"), format="D.M.YYYY", required=True
        ),
        "end_date": st.column_config.DateColumn(t("field.end_date"), format="D.M.YYYY"),
        "end_reason": st.column_config.TextColumn(t("field.end_reason"), max_chars=200),
        "competitive": st.column_config.CheckboxColumn(t("field.competitive")),
        "permanent": st.column_config.CheckboxColumn(t("field.permanent")),
        "hours_per_week": st.column_config.NumberColumn(
            t("field.hours_per_week"), min_value=0, max_value=168, step=0.5
        ),
    },
    editable=[
        "title",
        "job_type",
        "start_date",
        "end_date",
        "end_reason",
        "competitive",
        "permanent",
        "hours_per_week",
    ],
    update=lambda row_id, values: jobs.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.Job, team_id, ids),
    describe=lambda row: f"{row['client_code']} {row['title']}",
)
