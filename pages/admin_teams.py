"""Tiimit: add a team (the first one of a new database too), rename it, delete an empty one."""

import streamlit as st

from ote.models.base import KEY_LENGTH, NAME_LENGTH
from ote.records import organisation
from ote.ui import admin_tables, guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached_everywhere

FORM = "team"
context = shell.context()
t = context.t
database = context.database
st.title(t("admin.teams.title"))
guide.intro(context, "admin.teams")
ui.show_flash()
ui.show_saved_warnings(t)

table = cached_everywhere(context, organisation.teams_table)
deletable = cached_everywhere(context, organisation.deletable_teams)
if table.empty:
    st.info(t("admin.teams.first_team"), icon=":material/info:")

st.subheader(t("admin.teams.add_heading"))
left, middle, right = st.columns(3)
team_key = left.text_input(
    t("field.team_key"),
    max_chars=KEY_LENGTH,
    placeholder=t("admin.teams.key_placeholder"),
    help=t("admin.teams.key_help"),
    key=ui.key(FORM, "key"),
)
name = middle.text_input(t("field.name"), max_chars=NAME_LENGTH, key=ui.key(FORM, "name"))
region = right.text_input(
    t("field.region"),
    max_chars=NAME_LENGTH,
    placeholder=t("records.optional"),
    key=ui.key(FORM, "region"),
)
if st.button(t("admin.teams.add"), type="primary", key=ui.key(FORM, "save")):
    values = {"team_key": team_key, "name": name, "region": region}
    ui.save(
        FORM,
        lambda: organisation.create_team(database, values),
        t,
        t("admin.teams.saved", name=name.strip()),
    )

if not table.empty:
    st.subheader(t("admin.teams.list_heading"))
    st.caption(t("admin.teams.list_help"))
    ui.recent_editor(
        f"{FORM}.list",
        table,
        t=t,
        column_config={
            "team_key": st.column_config.TextColumn(t("field.team_key")),
            "name": st.column_config.TextColumn(
                t("field.name"), max_chars=NAME_LENGTH, required=True
            ),
            "region": st.column_config.TextColumn(t("field.region"), max_chars=NAME_LENGTH),
            "staff": st.column_config.NumberColumn(t("admin.column.staff"), format="%d"),
            "clients": st.column_config.NumberColumn(t("admin.column.clients"), format="%d"),
            "other_records": st.column_config.NumberColumn(
                t("admin.column.other_records"), format="%d"
            ),
        },
        editable=["name", "region"],
        update=lambda row_id, values: organisation.update_team(database, row_id, values),
        describe=lambda row: f"{row['name']} ({row['team_key']})",
    )
    st.subheader(t("admin.teams.delete_heading"))
    admin_tables.delete_chooser(
        f"{FORM}.delete",
        deletable,
        t=t,
        label=t("admin.teams.delete_label"),
        help=t("admin.teams.delete_help"),
        none_text=t("admin.teams.none_deletable"),
        delete=lambda row_id: organisation.delete_team(database, row_id),
    )
