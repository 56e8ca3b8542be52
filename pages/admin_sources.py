"""Lähettävät tahot: the teams and services that refer clients to the chosen team, and
whether the coaching team is attached to each (item 4)."""

import streamlit as st

from ote.enums import SourceKind
from ote.models.base import NAME_LENGTH
from ote.records import organisation
from ote.ui import admin_tables, guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached

FORM = "source"
context = shell.context()
t = context.t
st.title(t("admin.sources.title"))
guide.intro(context, "admin.sources")
if context.team is None:
    guide.empty(context, t("admin.no_team"), page="admin_teams", label=t("records.guide.add_team"))
    st.stop()

team_id = context.team.id
database = context.database
ui.show_flash()
ui.show_saved_warnings(t)
kinds = [kind.value for kind in SourceKind]

st.subheader(t("admin.sources.add_heading", team=context.team.name))
left, right = st.columns(2)
name = left.text_input(
    t("field.name"),
    max_chars=NAME_LENGTH,
    placeholder=t("admin.sources.name_placeholder"),
    key=ui.key(FORM, "name"),
)
kind = right.selectbox(
    t("field.kind"),
    kinds,
    index=None,
    format_func=lambda code: t.enum(code, SourceKind),
    placeholder=t("admin.sources.kind_placeholder"),
    help=t("admin.sources.guide.kind_help"),
    key=ui.key(FORM, "kind"),
)
attached = st.toggle(
    t("field.attached"),
    value=False,
    help=t("admin.sources.attached_help"),
    key=ui.key(FORM, "attached"),
)
if st.button(t("admin.sources.add"), type="primary", key=ui.key(FORM, "save")):
    values = {"name": name, "kind": kind, "attached": attached}
    ui.save(
        FORM,
        lambda: organisation.create_source(database, team_id, values),
        t,
        t("admin.sources.saved", name=name.strip()),
    )

st.subheader(t("admin.sources.list_heading"))
table = cached(context, organisation.sources_table, team_id)
deletable = cached(context, organisation.deletable_sources, team_id)
if table.empty:
    st.caption(t("admin.sources.empty"))
    st.stop()
ui.recent_editor(
    f"{FORM}.list",
    table,
    t=t,
    empty="",  # the page says it itself
    column_config={
        "key": st.column_config.TextColumn(t("admin.column.key")),
        "name": st.column_config.TextColumn(t("field.name"), max_chars=NAME_LENGTH, required=True),
        "kind": st.column_config.SelectboxColumn(
            t("field.kind"),
            options=kinds,
            format_func=lambda code: t.enum(code, SourceKind),
            required=True,
        ),
        "attached": st.column_config.CheckboxColumn(
            t("field.attached"), help=t("admin.sources.attached_help")
        ),
        "clients": st.column_config.NumberColumn(t("admin.column.clients"), format="%d"),
    },
    editable=["name", "kind", "attached"],
    update=lambda row_id, values: organisation.update_source(database, team_id, row_id, values),
    describe=lambda row: f"{row['name']} ({row['key']})",
)
st.subheader(t("admin.sources.delete_heading"))
admin_tables.delete_chooser(
    f"{FORM}.delete",
    deletable,
    t=t,
    label=t("admin.sources.delete_label"),
    help=t("admin.sources.delete_help"),
    none_text=t("admin.sources.none_deletable"),
    delete=lambda row_id: organisation.delete_source(database, team_id, row_id),
)
