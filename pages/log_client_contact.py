"""Asiakasyhteys: a meeting or other contact with a client (items 14, 16, 23, 24, 25)."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import ClientContactKind, Place, PlanKind
from ote.formatting import format_date
from ote.records import choices, client_contacts
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

FORM = "client_contact"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "client_contact")
database = context.database
today = date.today()

staff = shared(context, choices.staff, team_id, today)
remembered = st.session_state.get(f"last_staff.{team_id}") or cached(
    context, choices.last_staff, team_id
)
staff_names = {c.id: c.label for c in staff}
if not staff:
    ui.no_staff(context)
    st.stop()

kinds = [k.value for k in ClientContactKind]
places = [p.value for p in Place]
f2f_key, place_key = ui.key(FORM, "f2f"), ui.key(FORM, "place")


def place_follows_face_to_face() -> None:
    """Not face to face → remote; face to face again → office (if it was remote)."""
    if not st.session_state.get(f2f_key):
        st.session_state[place_key] = Place.REMOTE.value
    elif st.session_state.get(place_key) == Place.REMOTE.value:
        st.session_state[place_key] = Place.OFFICE.value


left, right = st.columns(2)
day = left.date_input(
    t("field.date"), value=today, max_value=today, format="DD.MM.YYYY", key=ui.key(FORM, "date")
)
staff_ids = list(staff_names)
staff_id = right.selectbox(
    t("field.staff_id"),
    staff_ids,
    index=staff_ids.index(remembered) if remembered in staff_names else 0,
    format_func=staff_names.get,
    key=ui.key(FORM, "staff"),
)
own_only = cached(context, choices.coach_of_staff, staff_id)
clients = shared(context, choices.active_clients, team_id, day, staff_id if own_only else None)
client_codes = {c.id: c.label for c in clients}
client_id = left.selectbox(
    t("field.client_code"),
    list(client_codes),
    index=None,
    format_func=client_codes.get,
    placeholder=t(
        "client_contact.client_placeholder" if client_codes else "client_contact.no_clients"
    ),
    help=t("client_contact.client_help"),
    key=ui.key(FORM, "client"),
)
if not client_codes:
    guide.empty(
        context,
        t("client_contact.guide.no_clients"),
        page="log_clients",
        label=t("records.guide.add_client"),
    )
kind = right.selectbox(
    t("field.kind"),
    kinds,
    index=0,
    format_func=lambda code: t.enum(code, ClientContactKind),
    help=t("client_contact.kind_help"),
    key=ui.key(FORM, "kind"),
)
left, middle, right = st.columns(3)
face_to_face = left.toggle(
    t("field.face_to_face"),
    value=True,
    on_change=place_follows_face_to_face,
    help=t("client_contact.face_to_face_help"),
    key=f2f_key,
)
place = middle.selectbox(
    t("field.place"),
    places,
    index=0,
    format_func=lambda code: t.enum(code, Place),
    help=t("client_contact.place_help"),
    key=place_key,
)
minutes = right.number_input(
    t("field.minutes"),
    min_value=0,
    max_value=1440,
    value=client_contacts.DEFAULT_MINUTES,
    step=5,
    help=t("client_contact.minutes_help"),
    key=ui.key(FORM, "minutes"),
)
left, right = st.columns(2)
jobs = shared(context, choices.client_jobs, client_id)
job_names = {c.id: c.label for c in jobs}
job_id = left.selectbox(
    t("field.job_id"),
    list(job_names),
    index=None,
    format_func=job_names.get,
    placeholder=t("records.optional"),
    disabled=not job_names,
    help=t("client_contact.job_help"),
    key=ui.key(FORM, "job"),
)
no_show = right.toggle(
    t("field.no_show"),
    value=False,
    help=t("client_contact.no_show_help"),
    key=ui.key(FORM, "no_show"),
)

if st.button(t("records.save"), type="primary", key=ui.key(FORM, "save")):
    st.session_state[f"last_staff.{team_id}"] = staff_id
    values = {
        "date": day,
        "staff_id": staff_id,
        "client_id": client_id,
        "kind": kind,
        "face_to_face": face_to_face,
        "place": place,
        "minutes": minutes,
        "job_id": job_id,
        "no_show": no_show,
    }
    if no_show:
        done = t("client_contact.saved_no_show")
    elif client_contacts.records_plan(values):
        done = t("client_contact.saved_plan", plan=t.enum(kind, PlanKind))
    else:
        done = t("client_contact.saved")
    ui.save(FORM, lambda: client_contacts.create(database, team_id, values, today), t, done)

st.subheader(t("records.recent_heading"))
recent = cached(context, client_contacts.recent, team_id)
# Staff who logged a recent row but have left still show by name.
all_staff = {c.id: c.label for c in shared(context, choices.staff, team_id)}
ui.recent_editor(
    f"{FORM}.recent",
    recent,
    t=t,
    empty=t("client_contact.guide.empty"),
    column_config={
        "date": st.column_config.DateColumn(
            t("field.date"), format="D.M.YYYY", max_value=today, required=True
        ),
        "staff_id": st.column_config.SelectboxColumn(
            t("field.staff_id"), options=list(all_staff), format_func=all_staff.get, required=True
        ),
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "kind": st.column_config.SelectboxColumn(
            t("field.kind"),
            options=kinds,
            format_func=lambda code: t.enum(code, ClientContactKind),
            required=True,
        ),
        "face_to_face": st.column_config.CheckboxColumn(t("field.face_to_face")),
        "place": st.column_config.SelectboxColumn(
            t("field.place"), options=places, format_func=lambda code: t.enum(code, Place)
        ),
        "minutes": st.column_config.NumberColumn(
            t("field.minutes"), min_value=0, max_value=1440, step=1, format="%d"
        ),
        "no_show": st.column_config.CheckboxColumn(t("field.no_show")),
    },
    editable=["date", "staff_id", "kind", "face_to_face", "place", "minutes", "no_show"],
    update=lambda row_id, values: client_contacts.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.ClientContact, team_id, ids),
    describe=lambda row: f"{format_date(row['date'])} {row['client_code']}",
)
