"""Etusivu: what OTE is, where to start, and the chosen team on the as-of date."""

import streamlit as st

from ote.formatting import format_count, format_date, format_number
from ote.metrics import population
from ote.privacy import shown_count
from ote.ui import shell
from ote.ui.cache import cached

context = shell.context()
t = context.t

st.title(t("home.title"))
st.markdown(t("home.intro"))

if context.team is None:
    st.info(t("home.no_teams"), icon=":material/info:")
else:
    st.subheader(
        t("home.snapshot_heading", team=context.team.name, date=format_date(context.as_of))
    )
    figures = cached(context, population.snapshot, context.team.id, context.as_of)
    active, waiting, coaches = figures.active, figures.waiting, figures.coaches
    language = context.language

    def count(value: int) -> str:
        # Management sees counts of fewer than 5 people as "< 5" (DOMAIN.md §5).
        return shown_count(value) if context.aggregates_only else format_count(value, language)

    if context.own_staff_id is not None:
        st.caption(t("home.own_only"))
    columns = st.columns(3)
    columns[0].metric(t("home.active_clients"), count(active), help=t("home.active_clients_help"))
    columns[1].metric(t("home.waiting"), count(waiting), help=t("home.waiting_help"))
    columns[2].metric(
        t("home.coaches"),
        t(
            "home.coaches_value",
            count=format_count(coaches.coaches, language),
            fte=format_number(coaches.fte, 1, language),
        )
        if coaches.coaches
        else t("home.no_coaches"),
        help=t("home.coaches_help"),
    )

st.subheader(t("home.start_heading"))
st.markdown(t("home.start_steps"))
st.caption(t("home.privacy"))
