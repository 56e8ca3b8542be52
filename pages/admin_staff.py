"""Henkilöstö: the chosen team's staff – role, working time (FTE) and the share of it spent
on job coaching (item 2), and when each one's employment started and ended."""

from datetime import date

import streamlit as st

from ote.enums import StaffRole
from ote.models.base import NAME_LENGTH
from ote.records import organisation
from ote.ui import admin_tables, guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached

FORM = "staff"
EARLIEST = date(2000, 1, 1)
context = shell.context()
t = context.t
st.title(t("admin.staff.title"))
guide.intro(context, "admin.staff")
if context.team is None:
    guide.empty(context, t("admin.no_team"), page="admin_teams", label=t("records.guide.add_team"))
    st.stop()

team_id = context.team.id
database = context.database
ui.show_flash()
ui.show_saved_warnings(t)
roles = [role.value for role in StaffRole]

st.subheader(t("admin.staff.add_heading", team=context.team.name))
left, middle, right = st.columns(3)
name = left.text_input(t("field.name"), max_chars=NAME_LENGTH, key=ui.key(FORM, "name"))
role = middle.selectbox(
    t("field.role"),
    roles,
    index=roles.index(StaffRole.COACH),
    format_func=lambda code: t.enum(code, StaffRole),
    help=t("admin.staff.guide.role_help"),
    key=ui.key(FORM, "role"),
)
fte = right.number_input(
    t("field.fte"),
    min_value=0.0,
    max_value=1.0,
    value=1.0,
    step=0.1,
    format="%.2f",
    help=t("admin.staff.fte_help"),
    key=ui.key(FORM, "fte"),
)
left, middle, right = st.columns(3)
is_coach = role == StaffRole.COACH
share = left.number_input(
    t("field.coaching_share"),
    min_value=0.0,
    max_value=1.0,
    value=None,
    step=0.05,
    format="%.2f",
    placeholder=t("admin.staff.share_placeholder") if is_coach else t("admin.staff.coaches_only"),
    disabled=not is_coach,
    help=t("admin.staff.share_help"),
    key=ui.key(FORM, "share"),
)
start = middle.date_input(
    t("field.start_date"),
    value=None,
    min_value=EARLIEST,
    format="DD.MM.YYYY",
    help=t("admin.staff.start_help"),
    key=ui.key(FORM, "start"),
)
end = right.date_input(
    t("field.end_date"),
    value=None,
    min_value=EARLIEST,
    format="DD.MM.YYYY",
    help=t("admin.staff.end_help"),
    key=ui.key(FORM, "end"),
)
if st.button(t("admin.staff.add"), type="primary", key=ui.key(FORM, "save")):
    values = {
        "name": name,
        "role": role,
        "fte": fte,
        "coaching_share": share if is_coach else None,
        "start_date": start,
        "end_date": end,
    }
    ui.save(
        FORM,
        lambda: organisation.create_staff(database, team_id, values),
        t,
        t("admin.staff.saved", name=name.strip()),
    )

st.subheader(t("admin.staff.list_heading"))
table = cached(context, organisation.staff_table, team_id)
deletable = cached(context, organisation.deletable_staff, team_id)
if table.empty:
    st.caption(t("admin.staff.empty"))
    st.stop()
st.caption(t("admin.staff.list_help"))
ui.recent_editor(
    f"{FORM}.list",
    table,
    t=t,
    empty="",  # the page says it itself
    column_config={
        "key": st.column_config.TextColumn(t("admin.column.key")),
        "name": st.column_config.TextColumn(t("field.name"), max_chars=NAME_LENGTH, required=True),
        "role": st.column_config.SelectboxColumn(
            t("field.role"),
            options=roles,
            format_func=lambda code: t.enum(code, StaffRole),
            required=True,
        ),
        "fte": st.column_config.NumberColumn(
            t("field.fte"), min_value=0.0, max_value=1.0, step=0.05, format="%.2f", required=True
        ),
        "coaching_share": st.column_config.NumberColumn(
            t("field.coaching_share"), min_value=0.0, max_value=1.0, step=0.05, format="%.2f"
        ),
        "start_date": st.column_config.DateColumn(t("field.start_date"), format="D.M.YYYY"),
        "end_date": st.column_config.DateColumn(t("field.end_date"), format="D.M.YYYY"),
        "records": st.column_config.NumberColumn(
            t("admin.column.records"), format="%d", help=t("admin.staff.records_help")
        ),
    },
    editable=["name", "role", "fte", "coaching_share", "start_date", "end_date"],
    update=lambda row_id, values: organisation.update_staff(database, team_id, row_id, values),
    describe=lambda row: f"{row['name']} ({row['key']})",
)
st.subheader(t("admin.staff.delete_heading"))
admin_tables.delete_chooser(
    f"{FORM}.delete",
    deletable,
    t=t,
    label=t("admin.staff.delete_label"),
    help=t("admin.staff.delete_help"),
    none_text=t("admin.staff.none_deletable"),
    delete=lambda row_id: organisation.delete_staff(database, team_id, row_id),
)
