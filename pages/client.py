"""Asiakkaan aikajana: one client's referral, service, modules, law-based periods, contacts
and jobs, newest first – opened from any list that names the client (`?client=CODE`)."""

import pandas as pd
import streamlit as st

from ote.client_timeline import client_timeline
from ote.formatting import format_date
from ote.records import choices
from ote.records.base import NotFound
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui import timeline as view
from ote.ui.cache import cached, shared
from ote.validation import CLIENT_CODE

CHOICE = "client.code"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "timeline")
database = context.database

codes = [c.label for c in shared(context, choices.all_clients, team_id)]
if not codes:
    guide.empty(
        context, t("timeline.no_clients"), page="log_clients", label=t("records.guide.add_client")
    )
    st.stop()
wanted = st.query_params.get("client")
if CHOICE not in st.session_state and wanted in codes:
    st.session_state[CHOICE] = wanted
elif CHOICE not in st.session_state and wanted and CLIENT_CODE.match(wanted):
    # A link to a client this user cannot see (another team's, or another coach's): the
    # same answer as for no such client, and a refused view in the access log.
    shell.log_view(context, "client_timeline", [wanted], action="refused")
    st.warning(t("timeline.not_found"), icon=":material/search_off:")
code = st.selectbox(
    t("field.client_code"),
    sorted(codes),
    index=None,
    placeholder=t("timeline.choose"),
    key=CHOICE,
)
if code is None:
    st.stop()
if st.query_params.get("client") != code:
    st.query_params["client"] = code

try:
    summary, events = cached(context, client_timeline, team_id, code)
except NotFound:
    # Not in the team, or (for a coach) not one's own client: the same answer, and a
    # refused view in the access log when the code could be a client's.
    if CLIENT_CODE.match(code):
        shell.log_view(context, "client_timeline", [code], action="refused")
    st.warning(t("timeline.not_found"), icon=":material/search_off:")
    st.stop()
shell.log_view(context, "client_timeline", [code], action="view")

columns = st.columns(4)
columns[0].metric(t("field.coach_id"), summary.coach_name or "–")
columns[1].metric(t("field.framing"), t(f"enum.Framing.{summary.framing}"))
columns[2].metric(t("field.service_start"), format_date(summary.service_start) or "–")
if summary.service_end is not None:
    ended = format_date(summary.service_end)
elif summary.service_start is None:
    ended = t("timeline.waiting")  # referred, not started: on the waiting list
else:
    ended = t("timeline.in_service")
columns[3].metric(t("field.service_end"), ended)
st.caption(
    t(
        "timeline.referred",
        date=format_date(summary.referral_date),
        source=summary.source_name,
    )
)

if not events:
    guide.empty(
        context,
        t("timeline.no_events"),
        page="log_client_contact",
        label=t("records.guide.log_client_contact"),
    )
    st.stop()
st.subheader(t("timeline.events_heading", count=len(events)))
st.dataframe(
    pd.DataFrame(
        {
            t("field.date"): [format_date(e.day) for e in events],
            t("timeline.what"): [view.event_title(e, t) for e in events],
            t("timeline.details"): [view.event_details(e, t) for e in events],
        }
    ),
    hide_index=True,
    width="stretch",
)
