"""Aineisto: how many records of each kind the team has, and from when to when."""

import pandas as pd
import streamlit as st

from ote.formatting import format_date
from ote.records_overview import record_counts
from ote.ui import guide, shell
from ote.ui import records as records_ui
from ote.ui.cache import cached

context = shell.context()
t = context.t

st.title(t("records.title"))
guide.intro(context, "records")
if context.team is None:
    records_ui.no_team(context)
    st.stop()

counts = cached(context, record_counts, context.team.id)

if not any(row.count for row in counts):
    guide.empty(context, t("records.empty"), page="home", label=t("records.guide.go_home"))

table = pd.DataFrame(
    {
        t("records.column.kind"): [t(f"records.kind.{row.kind}") for row in counts],
        t("records.column.count"): [row.count for row in counts],
        t("records.column.first"): [format_date(row.first) for row in counts],
        t("records.column.last"): [format_date(row.last) for row in counts],
    }
)
# A plain HTML table: small, read aloud by screen readers, and printable.
st.table(table, hide_index=True, border="horizontal")
st.caption(t("records.caption", team=context.team.name))
