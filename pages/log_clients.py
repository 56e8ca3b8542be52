"""Asiakkaat: a referral (new client by code), the service start and the service end."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import ClientEndReason, Framing
from ote.formatting import format_date, format_number
from ote.metrics import caseload
from ote.records import choices, clients
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

REFERRAL, START, END, RECENT = "client_referral", "client_start", "client_end", "clients.recent"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "clients")
database = context.database
today = date.today()

loads = cached(context, caseload.coach_caseloads, team_id, today)
sources = shared(context, choices.referral_sources, team_id)
waiting = cached(context, clients.waiting, team_id, today)
active = shared(context, choices.active_clients, team_id, today)
staff = shared(context, choices.staff, team_id)
remembered = st.session_state.get(f"last_staff.{team_id}")
source_names = {c.id: c.label for c in sources}
staff_names = {c.id: c.label for c in staff}
framings = [f.value for f in Framing]
end_reasons = [r.value for r in ClientEndReason]

referral_tab, start_tab, end_tab = st.tabs(
    [t("clients.tab_referral"), t("clients.tab_start"), t("clients.tab_end")]
)

# ------------------------------------------------------------------ a) referral
with referral_tab:
    st.caption(t("clients.referral_intro"))
    if not loads:
        guide.empty(
            context, t("clients.no_coaches"), page="admin_staff", label=t("records.guide.add_staff")
        )
    elif not sources:
        guide.empty(
            context,
            t("clients.no_sources"),
            page="admin_sources",
            label=t("records.guide.add_sources"),
        )
    else:
        coach_labels = {
            load.staff_id: t(
                "clients.coach_label",
                name=load.name,
                active=load.active_clients,
                fte=format_number(load.fte, 1, t.language),
            )
            for load in loads
        }
        coach_ids = list(coach_labels)
        left, right = st.columns(2)
        code = left.text_input(
            t("field.client_code"),
            max_chars=20,
            placeholder=t("clients.code_placeholder"),
            help=t("clients.code_help"),
            key=ui.key(REFERRAL, "code"),
        )
        coach_id = right.selectbox(
            t("field.coach_id"),
            coach_ids,
            index=coach_ids.index(clients.default_coach(loads, remembered)),
            format_func=coach_labels.get,
            help=t("clients.coach_help"),
            key=ui.key(REFERRAL, "coach"),
        )
        source_id = left.selectbox(
            t("field.source_id"),
            list(source_names),
            index=None,
            format_func=source_names.get,
            placeholder=t("clients.choose"),
            help=t("clients.guide.source_help"),
            key=ui.key(REFERRAL, "source"),
        )
        referral_date = right.date_input(
            t("field.referral_date"),
            value=today,
            max_value=today,
            format="DD.MM.YYYY",
            help=t("clients.guide.referral_date_help"),
            key=ui.key(REFERRAL, "referral_date"),
        )
        framing = left.selectbox(
            t("field.framing"),
            framings,
            index=framings.index(Framing.IPS.value),
            format_func=lambda code: t.enum(code, Framing),
            help=t("clients.framing_help"),
            key=ui.key(REFERRAL, "framing"),
        )
        with right:
            consent_family = st.toggle(
                t("field.consent_family"),
                value=False,
                help=t("clients.consent_family_help"),
                key=ui.key(REFERRAL, "consent_family"),
            )
            consent_employers = st.toggle(
                t("field.consent_former_employers"),
                value=False,
                help=t("clients.consent_former_employers_help"),
                key=ui.key(REFERRAL, "consent_former_employers"),
            )
        if st.button(t("records.save"), type="primary", key=ui.key(REFERRAL, "save")):
            values = {
                "client_code": code,
                "coach_id": coach_id,
                "source_id": source_id,
                "referral_date": referral_date,
                "framing": framing,
                "consent_family": consent_family,
                "consent_former_employers": consent_employers,
            }
            ui.save(
                REFERRAL,
                lambda: clients.create(database, team_id, values, today),
                t,
                t("clients.referral_saved"),
            )

# -------------------------------------------------------------- b) service start
with start_tab:
    st.caption(t("clients.start_intro"))
    if not waiting:
        st.info(t("clients.no_waiting"), icon=":material/info:")
    else:
        waiting_labels = {
            row_id: t("clients.waiting_label", code=code, date=format_date(referred))
            for row_id, code, referred in waiting
        }
        left, right = st.columns(2)
        start_client = left.selectbox(
            t("clients.waiting_client"),
            list(waiting_labels),
            index=None,
            format_func=waiting_labels.get,
            placeholder=t("clients.choose"),
            key=ui.key(START, "client"),
        )
        service_start = right.date_input(
            t("field.service_start"),
            value=today,
            max_value=today,
            format="DD.MM.YYYY",
            key=ui.key(START, "service_start"),
        )
        if st.button(t("records.save"), type="primary", key=ui.key(START, "save")):
            ui.save(
                START,
                lambda: clients.start_service(
                    database, team_id, start_client, service_start, today
                ),
                t,
                t("clients.start_saved"),
            )

# ---------------------------------------------------------------- c) service end
with end_tab:
    st.caption(t("clients.end_intro"))
    if not active:
        st.info(t("clients.no_active"), icon=":material/info:")
    else:
        active_codes = {c.id: c.label for c in active}
        left, middle, right = st.columns(3)
        end_client = left.selectbox(
            t("clients.active_client"),
            list(active_codes),
            index=None,
            format_func=active_codes.get,
            placeholder=t("clients.choose"),
            key=ui.key(END, "client"),
        )
        service_end = middle.date_input(
            t("field.service_end"),
            value=today,
            max_value=today,
            format="DD.MM.YYYY",
            key=ui.key(END, "service_end"),
        )
        end_reason = right.selectbox(
            t("field.end_reason"),
            end_reasons,
            index=None,
            format_func=lambda code: t.enum(code, ClientEndReason),
            help=t("clients.end_reason_help"),
            placeholder=t("clients.choose"),
            key=ui.key(END, "end_reason"),
        )
        if st.button(t("records.save"), type="primary", key=ui.key(END, "save")):
            ui.save(
                END,
                lambda: clients.end_service(
                    database, team_id, end_client, service_end, end_reason, today
                ),
                t,
                t("clients.end_saved"),
            )

# ------------------------------------------------------------ recent referrals
st.subheader(t("records.recent_heading"))
recent = cached(context, clients.recent, team_id)


if not recent.empty:
    st.caption(t("clients.recent_intro"))
    st.caption(t("clients.delete_note"))
codes_by_id = (
    dict(zip(recent["id"], recent["client_code"], strict=True)) if not recent.empty else {}
)
# Stored reasons outside the list (free text from an import) stay selectable as they are.
reason_options = end_reasons + sorted(
    {r for r in recent["end_reason"].dropna() if r not in end_reasons}
)
ui.recent_editor(
    RECENT,
    recent,
    t=t,
    empty=t("clients.guide.empty"),
    confirm=lambda ids: t(
        "clients.confirm_delete_client", codes=", ".join(codes_by_id[i] for i in ids)
    ),
    column_config={
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "coach_id": st.column_config.SelectboxColumn(
            t("field.coach_id"),
            options=list(staff_names),
            format_func=staff_names.get,
            required=True,
        ),
        "source_id": st.column_config.SelectboxColumn(
            t("field.source_id"),
            options=list(source_names),
            format_func=source_names.get,
            required=True,
        ),
        "referral_date": st.column_config.DateColumn(
            t("field.referral_date"), format="D.M.YYYY", max_value=today, required=True
        ),
        "service_start": st.column_config.DateColumn(
            t("field.service_start"), format="D.M.YYYY", max_value=today
        ),
        "service_end": st.column_config.DateColumn(
            t("field.service_end"), format="D.M.YYYY", max_value=today
        ),
        "end_reason": st.column_config.SelectboxColumn(
            t("field.end_reason"),
            options=reason_options,
            format_func=lambda reason: clients.end_reason_label(t, reason),
        ),
        "framing": st.column_config.SelectboxColumn(
            t("field.framing"),
            options=framings,
            format_func=lambda code: t.enum(code, Framing),
            required=True,
        ),
        "consent_family": st.column_config.CheckboxColumn(t("field.consent_family")),
        "consent_former_employers": st.column_config.CheckboxColumn(
            t("field.consent_former_employers")
        ),
    },
    editable=[
        "coach_id",
        "source_id",
        "referral_date",
        "service_start",
        "service_end",
        "end_reason",
        "framing",
        "consent_family",
        "consent_former_employers",
    ],
    update=lambda row_id, values: clients.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.Client, team_id, ids),
    describe=lambda row: str(row["client_code"]),
)
