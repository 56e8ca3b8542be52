"""Lokitiedot (admin only): search the access log – who viewed or changed what, when and on
which page – and export it. Nothing here can change the log; the database refuses that too."""

from datetime import date, timedelta

import streamlit as st

from ote import audit
from ote.enums import AuditAction
from ote.formatting import format_count
from ote.teams import list_teams
from ote.ui import guide, shell
from ote.ui.access_log import search_table
from ote.ui.cache import cached_at, shared_everywhere

context = shell.context()
t = context.t
database = context.database
st.title(t("auth.log.title"))
guide.intro(context, "admin.access_log")

teams = shared_everywhere(context, list_teams)
team_names = {team.id: team.name for team in teams}
left, middle, right = st.columns(3)
actor = left.text_input(t("auth.log.actor"), key="log.actor")
client_code = middle.text_input(t("field.client_code"), key="log.client_code")
action = right.selectbox(
    t("auth.log.action"),
    [None, *[a.value for a in AuditAction]],
    format_func=lambda a: t("auth.log.any") if a is None else t(f"enum.AuditAction.{a}"),
    key="log.action",
)
team_id = left.selectbox(
    t("field.team_id"),
    [None, *[team.id for team in teams]],
    format_func=lambda i: t("auth.log.any") if i is None else team_names[i],
    key="log.team",
)
since = middle.date_input(
    t("auth.log.since"), date.today() - timedelta(days=30), format="DD.MM.YYYY", key="log.since"
)
until = right.date_input(t("auth.log.until"), date.today(), format="DD.MM.YYYY", key="log.until")
where = audit.LogFilter(
    actor=actor or None,
    client_code=client_code or None,
    team_id=team_id,
    action=action,
    since=since,
    until=until,
)
with database.read() as session:
    latest = ("audit_log", audit.latest_id(session))  # the log only grows: its state
user_id = context.user.id if context.user else None
total, entries = cached_at(database, user_id, latest, search_table, where, t.language)
st.caption(t("auth.log.count", count=format_count(total, context.language), shown=len(entries)))
if not entries.empty:
    st.dataframe(
        entries,
        hide_index=True,
        width="stretch",
        column_config={
            t("auth.log.at"): st.column_config.DatetimeColumn(format="D.M.YYYY HH:mm:ss")
        },
    )

    def exported() -> bytes:
        with database.read() as session:
            return audit.export_csv(session, where)

    st.download_button(
        t("auth.log.export"),
        exported,  # made when clicked
        file_name=f"ote-lokitiedot-{since:%Y%m%d}-{until:%Y%m%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        # The export is itself logged.
        on_click=lambda: audit.record_view(
            database, "audit_log", [], None, action=AuditAction.EXPORT
        ),
    )
else:
    st.info(t("auth.log.none"), icon=":material/info:")
