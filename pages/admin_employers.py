"""Työnantajat: the employer register, shared by every team of the database (employers are
organisations, not personal data), with this team's contacts and jobs beside each."""

import streamlit as st

from ote.formatting import format_count
from ote.models.base import NAME_LENGTH
from ote.records import organisation
from ote.ui import admin_tables, guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached

FORM = "employer"
context = shell.context()
t = context.t
st.title(t("admin.employers.title"))
guide.intro(context, "admin.employers")
if context.team is None:
    guide.empty(context, t("admin.no_team"), page="admin_teams", label=t("records.guide.add_team"))
    st.stop()

team_id = context.team.id
database = context.database
ui.show_flash()
ui.show_saved_warnings(t)

st.subheader(t("admin.employers.add_heading"))
left, right = st.columns(2)
name = left.text_input(t("field.name"), max_chars=NAME_LENGTH, key=ui.key(FORM, "name"))
industry = right.text_input(
    t("field.industry"),
    max_chars=NAME_LENGTH,
    placeholder=t("records.optional"),
    key=ui.key(FORM, "industry"),
)
if st.button(t("admin.employers.add"), type="primary", key=ui.key(FORM, "save")):
    values = {"name": name, "industry": industry}
    ui.save(
        FORM,
        lambda: organisation.create_employer(database, team_id, values),
        t,
        t("admin.employers.saved", name=name.strip()),
    )

st.subheader(t("admin.employers.list_heading"))
name_filter = st.text_input(
    t("admin.employers.filter"),
    placeholder=t("admin.employers.filter_placeholder"),
    key=f"{FORM}.filter",
)
table, matched = cached(context, organisation.employers_table, team_id, name_filter)
if table.empty:
    st.caption(t("admin.employers.none_found" if name_filter.strip() else "admin.employers.empty"))
    st.stop()
shown = len(table)
st.caption(
    t(
        "admin.employers.shown",
        shown=format_count(shown, t.language),
        matched=format_count(matched, t.language),
        team=context.team.name,
    )
    if matched > shown
    else t(
        "admin.employers.all_shown",
        matched=format_count(matched, t.language),
        team=context.team.name,
    )
)
ui.recent_editor(
    f"{FORM}.list",
    table.drop(columns=["in_use"]),
    t=t,
    empty="",  # the page says it itself
    column_config={
        "key": st.column_config.TextColumn(t("admin.column.key")),
        "name": st.column_config.TextColumn(t("field.name"), max_chars=NAME_LENGTH, required=True),
        "industry": st.column_config.TextColumn(t("field.industry"), max_chars=NAME_LENGTH),
        "contacts": st.column_config.NumberColumn(
            t("admin.column.team_contacts"), format="%d", help=t("admin.employers.counts_help")
        ),
        "jobs": st.column_config.NumberColumn(
            t("admin.column.team_jobs"), format="%d", help=t("admin.employers.counts_help")
        ),
    },
    editable=["name", "industry"],
    update=lambda row_id, values: organisation.update_employer(database, row_id, values),
    describe=lambda row: f"{row['name']} ({row['key']})",
)
st.subheader(t("admin.employers.delete_heading"))
admin_tables.delete_chooser(
    f"{FORM}.delete",
    organisation.deletable_employers(table),
    t=t,
    label=t("admin.employers.delete_label"),
    help=t("admin.employers.delete_help"),
    none_text=t("admin.employers.none_deletable"),
    delete=lambda row_id: organisation.delete_employer(database, row_id),
)
