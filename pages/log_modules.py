"""Moduulit ja arvioinnit: a module starts, and the assessment after it (seeds 000/001)."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import Module
from ote.formatting import format_date
from ote.records import modules
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

START = "module_start"
ASSESS = "module_assessment"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "modules")
database = context.database
today = date.today()
module_codes = [module.value for module in Module]


def module_label(code: str) -> str:
    return t.enum(code, Module)


def decision_label(code: str | None) -> str:
    return modules.decision_label(code, t)


# ------------------------------------------------------------------ a module starts
st.subheader(t("modules.start_heading"))
st.caption(t("modules.start_intro"))
client_column, module_column, day_column = st.columns([2, 2, 1])
start_day = day_column.date_input(
    t("field.start_date"), value=today, format="DD.MM.YYYY", key=ui.key(START, "start_date")
)
clients = shared(context, modules.active_clients, team_id, start_day or today)
client_labels = {
    client.id: (
        t("modules.client_current", code=client.code, module=client.module)
        if client.module
        else client.code
    )
    for client in clients
}
client_id = client_column.selectbox(
    t("field.client_code"),
    list(client_labels),
    index=None,
    format_func=client_labels.get,
    placeholder=t("modules.client_placeholder"),
    help=t("modules.client_help"),
    key=ui.key(START, "client"),
)
module = module_column.selectbox(
    t("field.module"),
    module_codes,
    index=None,
    format_func=module_label,
    placeholder=t("modules.module_placeholder"),
    help=t("modules.guide.module_help"),
    key=ui.key(START, "module"),
)
if not clients:
    guide.empty(
        context, t("modules.no_clients"), page="log_clients", label=t("records.guide.add_client")
    )
if st.button(t("records.save"), type="primary", key=ui.key(START, "save")):
    values = {"client_id": client_id, "module": module, "start_date": start_day}
    ui.save(
        START,
        lambda: modules.create(database, team_id, values, today),
        t,
        t("modules.start_saved"),
    )

# ------------------------------------------------------------------ the assessment
st.subheader(t("modules.assess_heading"))
st.caption(t("modules.assess_intro"))
waiting = shared(context, modules.open_episodes, team_id)
episode_labels = {
    episode.id: t(
        "modules.episode_label",
        code=episode.client_code,
        module=module_label(episode.module),
        date=format_date(episode.start_date),
    )
    for episode in waiting
}
if not waiting:
    st.caption(t("modules.no_open"))
else:
    episode_id = st.selectbox(
        t("field.episode_id"),
        list(episode_labels),
        index=None,
        format_func=episode_labels.get,
        placeholder=t("modules.episode_placeholder"),
        key=ui.key(ASSESS, "episode"),
    )
    left, right = st.columns(2)
    end_day = left.date_input(
        t("field.end_date"), value=today, format="DD.MM.YYYY", key=ui.key(ASSESS, "end_date")
    )
    assessed_on = right.date_input(
        t("field.assessed_on"),
        value=today,
        max_value=today,
        format="DD.MM.YYYY",
        help=t("modules.guide.assessed_on_help"),
        key=ui.key(ASSESS, "assessed_on"),
    )
    st.markdown(f"**{t('modules.participants')}**")
    first, second, third = st.columns(3)
    client_took_part = first.checkbox(
        t("modules.participant_client"), value=True, key=ui.key(ASSESS, "client_took_part")
    )
    provider_took_part = second.checkbox(
        t("modules.participant_provider"), value=True, key=ui.key(ASSESS, "provider_took_part")
    )
    purchaser_took_part = third.checkbox(
        t("modules.participant_purchaser"), value=True, key=ui.key(ASSESS, "purchaser_took_part")
    )
    decision = st.selectbox(
        t("field.decision"),
        modules.decisions(),
        index=None,
        format_func=decision_label,
        placeholder=t("modules.decision_placeholder"),
        help=t("modules.decision_help"),
        key=ui.key(ASSESS, "decision"),
    )
    results = st.text_area(
        t("field.results"), help=t("modules.results_help"), key=ui.key(ASSESS, "results")
    )
    next_resources = st.text_area(
        t("field.next_resources"),
        help=t("modules.next_resources_help"),
        key=ui.key(ASSESS, "next_resources"),
    )
    # On by default when the decision is a next module; a separate widget otherwise, so that
    # choosing a next module turns it on again.
    leads_on = modules.next_module(decision) is not None
    start_next = st.checkbox(
        t("modules.start_next"),
        value=leads_on,
        disabled=not leads_on,
        help=t("modules.start_next_help"),
        key=ui.key(ASSESS, "start_next" if leads_on else "start_next_off"),
    )
    if st.button(t("records.save"), type="primary", key=ui.key(ASSESS, "save")):
        values = {
            "end_date": end_day,
            "assessed_on": assessed_on,
            "decision": decision,
            "client_took_part": client_took_part,
            "provider_took_part": provider_took_part,
            "purchaser_took_part": purchaser_took_part,
            "results": results,
            "next_resources": next_resources,
        }
        ui.save(
            ASSESS,
            lambda: modules.assess(
                database, team_id, episode_id, values, today, start_next=start_next and leads_on
            ),
            t,
            t("modules.assess_saved"),
        )

# ------------------------------------------------------------------ recent episodes
st.subheader(t("records.recent_heading"))
recent = cached(context, modules.recent, team_id)
ui.recent_editor(
    "modules.recent",
    recent,
    t=t,
    empty=t("modules.guide.empty"),
    column_config={
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "module": st.column_config.SelectboxColumn(
            t("field.module"), options=module_codes, format_func=module_label, required=True
        ),
        "start_date": st.column_config.DateColumn(
            t("field.start_date"), format="D.M.YYYY", required=True
        ),
        "end_date": st.column_config.DateColumn(t("field.end_date"), format="D.M.YYYY"),
        "assessed_on": st.column_config.DateColumn(
            t("field.assessed_on"), format="D.M.YYYY", max_value=today
        ),
        "decision": st.column_config.SelectboxColumn(
            t("field.decision"), options=modules.decisions(), format_func=decision_label
        ),
        "client_took_part": st.column_config.CheckboxColumn(t("modules.participant_client")),
        "provider_took_part": st.column_config.CheckboxColumn(t("modules.participant_provider")),
        "purchaser_took_part": st.column_config.CheckboxColumn(t("modules.participant_purchaser")),
    },
    editable=[
        "module",
        "start_date",
        "end_date",
        "assessed_on",
        "decision",
        "client_took_part",
        "provider_took_part",
        "purchaser_took_part",
    ],
    update=lambda row_id, values: modules.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.ModuleEpisode, team_id, ids),
    describe=lambda row: f"{row['client_code']} {row['module']} {format_date(row['start_date'])}",
)
