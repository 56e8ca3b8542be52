"""Tiimi: whether the team has the capacity the model demands (items 1, 2, 8.1), where
clients wait (items 4, 9; seed 002's named risk), how they move through the modular model
(seed 000) and the law-based periods (seed 004)."""

from datetime import timedelta

import streamlit as st

from ote.formatting import format_date
from ote.metrics import law_periods, pathway, referrals
from ote.metrics.cadences import team_leader_span
from ote.metrics.caseload import (
    CASELOAD_LIMIT,
    caseload_ratio,
    caseload_trend,
    coaching_share,
    room_for_next_client,
)
from ote.metrics.definitions import definition
from ote.ui import charts, guide, shell
from ote.ui import records as ui
from ote.ui import team as view
from ote.ui.cache import cached
from ote.ui.clients import client_table

context = shell.context()
t = context.t
team_id = ui.record_page(context, "team")
on = context.as_of
language = t.language
year_ago = on - timedelta(days=364)

capacity, queue, modules, periods = st.tabs(
    [t("team.tab_capacity"), t("team.tab_queue"), t("team.tab_pathway"), t("team.tab_periods")]
)

# ---------------------------------------------------------------- capacity
with capacity:
    ratio = cached(context, caseload_ratio, team_id, on)
    share = cached(context, coaching_share, team_id, on)
    span = cached(context, team_leader_span, team_id, on)
    trend = cached(context, caseload_trend, team_id, on)
    loads = ratio.details
    columns = st.columns(3)
    columns[0].metric(
        t("team.team_ratio"),
        view.figure(ratio.value, t),
        help=definition("caseload_ratio", language, measure=ratio),
    )
    columns[1].metric(
        t("team.coaching_share"),
        view.figure(share.value, t, percent=True),
        help=definition("coaching_share", language, measure=share),
    )
    columns[2].metric(
        t("team.leader_span"),
        view.figure(span.value, t),
        help=definition("team_leader_span", language, measure=span),
    )
    if not loads:
        guide.empty(context, t("team.no_coaches"), page="admin_staff", label=t("team.go_staff"))
    else:
        st.subheader(t("team.coaches_heading"))
        st.dataframe(
            view.caseload_frame(loads, t),
            hide_index=True,
            width="stretch",
            column_config=view.caseload_columns(ratio, t),
        )
        room = room_for_next_client(loads)
        if room:
            best = room[0]
            st.success(
                t("team.room", name=best.name, places=best.places, limit=f"{CASELOAD_LIMIT:g}"),
                icon=":material/person_add:",
            )
        else:
            st.warning(t("team.no_room"), icon=":material/warning:")
        st.subheader(t("team.trend_heading"))
        charts.draw(
            view.trend_chart,
            trend,
            t=t,
            alt=t("charts.alt.team_trend"),
            table=view.trend_frame(trend, t),
            grid=True,
            width="stretch",
        )

# ---------------------------------------------------------- referrals and queue
with queue:
    sources = cached(context, referrals.referrals_by_source, team_id, year_ago, on)
    attached = cached(context, referrals.attached_referrals, team_id, on)
    own = cached(context, referrals.self_referrals, team_id, on)
    waiting = cached(context, referrals.waiting_list, team_id, on)
    flows = cached(context, referrals.monthly_queue, team_id, on)
    growing = referrals.queue_growing(flows)
    columns = st.columns(3)
    columns[0].metric(
        t("team.attached_share"),
        view.figure(attached.value, t, percent=True),
        help=definition("attached_referrals", language, measure=attached),
    )
    columns[1].metric(
        t("team.self_referrals"),
        view.figure(own.value, t, percent=True),
        help=definition("self_referrals", language, measure=own),
    )
    columns[2].metric(
        t("team.waiting"),
        len(waiting),
        help=definition("waiting_list", language, window=(None, on)),
    )
    if growing is True:
        st.warning(t("team.queue_growing"), icon=":material/trending_up:")
    elif growing is False:
        st.success(t("team.queue_not_growing"), icon=":material/trending_flat:")
    st.subheader(t("team.sources_heading", first=format_date(year_ago), last=format_date(on)))
    if any(s.referrals for s in sources):
        st.dataframe(view.sources_frame(sources, t), hide_index=True, width="stretch")
    else:
        guide.empty(context, t("team.no_referrals"), page="log_clients", label=t("team.go_clients"))
    st.subheader(t("team.queue_heading"))
    charts.draw(
        view.queue_chart,
        flows,
        t=t,
        alt=t("charts.alt.team_queue"),
        table=view.queue_frame(flows, t),
        grid=True,
        width="stretch",
    )
    st.subheader(t("team.waiting_heading"))
    if waiting:
        client_table(view.waiting_frame(waiting, t), context)
    else:
        st.caption(t("team.nobody_waiting"))

# ------------------------------------------------------------- the pathway
with modules:
    now_in = cached(context, pathway.clients_by_module, team_id, on)
    moves = cached(context, pathway.module_flows, team_id, year_ago, on)
    due = cached(context, pathway.assessments_due, team_id, on)
    onward = cached(context, pathway.continued_after_module1, team_id, on)
    columns = st.columns(len(now_in))
    for column, (module, count) in zip(columns, now_in.items(), strict=True):
        column.metric(
            view.module_label(module, t),
            count,
            help=definition("clients_in_module", language, window=(None, on)),
        )
    st.metric(
        t("team.continued"),
        view.figure(onward.value, t, percent=True),
        help=definition("continued_after_module1", language, measure=onward),
    )
    st.subheader(t("team.flows_heading", first=format_date(year_ago), last=format_date(on)))
    if moves:
        charts.draw(
            view.flow_chart,
            moves,
            t=t,
            alt=t("charts.alt.team_flows"),
            table=view.flow_frame(moves, t),
            grid=True,
            width="stretch",
        )
    else:
        guide.empty(context, t("team.no_flows"), page="log_modules", label=t("team.go_modules"))
    st.subheader(t("team.assessments_heading"))
    if due:
        client_table(view.due_frame(due, t), context)
    else:
        st.caption(t("team.no_assessments_due"))

# ---------------------------------------------------------- law-based periods
with periods:
    checks = cached(context, law_periods.period_checks, team_id, on)
    st.caption(t("team.periods_help"))
    if checks:
        client_table(view.periods_frame(checks, t), context)
    else:
        guide.empty(
            context,
            t("team.no_periods"),
            page="log_coaching_periods",
            label=t("team.go_periods"),
        )
