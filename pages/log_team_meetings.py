"""Tiimin palaverit: the weekly coaching-team supervision (items 7 and 8.2) and the other
team meetings, with who attended, the job tips shared and the decisions made."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import MeetingKind
from ote.formatting import format_date
from ote.records import choices, team_meetings
from ote.records.base import delete_rows
from ote.ui import records as ui
from ote.ui import shell
from ote.ui.cache import cached, shared

FORM = "team_meeting"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "team_meeting")
database = context.database
today = date.today()

everyone = shared(context, choices.staff, team_id)
if not everyone:
    ui.no_staff(context)
    st.stop()

kinds = [kind.value for kind in MeetingKind]
left, right = st.columns(2)
day = left.date_input(
    t("field.date"), value=today, max_value=today, format="DD.MM.YYYY", key=ui.key(FORM, "date")
)
kind = right.selectbox(
    t("field.kind"),
    kinds,
    index=kinds.index(MeetingKind.COACHING_SUPERVISION),
    format_func=lambda code: t.enum(code, MeetingKind),
    help=t("team_meeting.kind_help"),
    key=ui.key(FORM, "kind"),
)
employed = shared(context, choices.staff, team_id, day if isinstance(day, date) else today)
staff_names = {c.id: c.label for c in employed}
attendees = st.multiselect(
    t("field.attendees"),
    list(staff_names),
    default=list(staff_names),
    format_func=lambda staff_id: staff_names.get(staff_id, str(staff_id)),
    placeholder=t("team_meeting.no_attendees"),
    help=t("team_meeting.attendees_help"),
    key=ui.key(FORM, "attendees"),
)
job_tips = st.text_area(
    t("field.job_tips"), help=t("team_meeting.job_tips_help"), key=ui.key(FORM, "job_tips")
)
decisions = st.text_area(
    t("field.decisions"), help=t("team_meeting.decisions_help"), key=ui.key(FORM, "decisions")
)

if st.button(t("records.save"), type="primary", key=ui.key(FORM, "save")):
    values = {
        "date": day,
        "kind": kind,
        "attendees": attendees,
        "job_tips": job_tips,
        "decisions": decisions,
    }
    ui.save(
        FORM,
        lambda: team_meetings.create(database, team_id, values, today),
        t,
        t("team_meeting.saved"),
    )

st.subheader(t("records.recent_heading"))
st.caption(t("team_meeting.recent_help"))
recent = cached(context, team_meetings.recent, team_id)
ui.recent_editor(
    f"{FORM}.recent",
    recent,
    t=t,
    empty=t("team_meeting.guide.empty"),
    column_config={
        "date": st.column_config.DateColumn(
            t("field.date"), format="D.M.YYYY", max_value=today, required=True
        ),
        "kind": st.column_config.SelectboxColumn(
            t("field.kind"),
            options=kinds,
            format_func=lambda code: t.enum(code, MeetingKind),
            required=True,
        ),
        "attendees": st.column_config.TextColumn(t("field.attendees"), width="medium"),
        "job_tips": st.column_config.TextColumn(t("field.job_tips"), max_chars=4000),
        "decisions": st.column_config.TextColumn(t("field.decisions"), max_chars=4000),
    },
    editable=["date", "kind", "job_tips", "decisions"],
    update=lambda row_id, values: team_meetings.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.TeamMeeting, team_id, ids),
    describe=lambda row: f"{format_date(row['date'])} {t.enum(row['kind'], MeetingKind)}",
)
