"""Työnantajayhteys: an employer contact logged in four choices (items 15–18)."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.enums import EmployerContactOutcome, EmployerContactPurpose
from ote.formatting import format_date
from ote.records import choices, employer_contacts
from ote.records.base import delete_rows
from ote.ui import records as ui
from ote.ui import shell
from ote.ui.cache import cached, shared

FORM = "employer_contact"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "employer_contact")
database = context.database
today = date.today()

staff = shared(context, choices.staff, team_id, today)
employers = shared(context, choices.employers)
remembered = st.session_state.get(f"last_staff.{team_id}") or cached(
    context, choices.last_staff, team_id
)
staff_names = {c.id: c.label for c in staff}
employer_names = {c.id: c.label for c in employers}
if not staff:
    ui.no_staff(context)
    st.stop()

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
employer = left.selectbox(
    t("field.employer_id"),
    list(employer_names),
    index=None,
    format_func=lambda value: employer_names.get(value, value),
    accept_new_options=True,
    placeholder=t("employer_contact.employer_placeholder"),
    key=ui.key(FORM, "employer"),
)
own_only = cached(context, choices.coach_of_staff, staff_id)
seekers = shared(context, choices.job_seekers, team_id, day, staff_id if own_only else None)
seeker_codes = {c.id: c.label for c in seekers}
client_id = right.selectbox(
    t("employer_contact.job_seeker"),
    list(seeker_codes),
    index=None,
    format_func=seeker_codes.get,
    placeholder=t("employer_contact.no_job_seeker"),
    help=t("employer_contact.job_seeker_help"),
    key=ui.key(FORM, "client"),
)
left, middle, right = st.columns(3)
face_to_face = left.toggle(
    t("field.face_to_face"),
    value=True,
    help=t("employer_contact.guide.face_to_face_help"),
    key=ui.key(FORM, "f2f"),
)
preference = middle.toggle(
    t("field.preference_based"),
    value=True,
    disabled=client_id is None,
    help=t("employer_contact.preference_help"),
    key=ui.key(FORM, "preference"),
)
purpose = right.selectbox(
    t("field.purpose"),
    [p.value for p in EmployerContactPurpose],
    index=None,
    format_func=lambda code: t.enum(code, EmployerContactPurpose),
    placeholder=t("records.optional"),
    help=t("employer_contact.guide.purpose_help"),
    key=ui.key(FORM, "purpose"),
)
with st.expander(t("records.more_details")):
    outcome = st.selectbox(
        t("field.outcome"),
        [o.value for o in EmployerContactOutcome],
        index=None,
        format_func=lambda code: t.enum(code, EmployerContactOutcome),
        placeholder=t("records.optional"),
        help=t("employer_contact.guide.outcome_help"),
        key=ui.key(FORM, "outcome"),
    )
    job_tip = st.text_input(
        t("field.job_tip"),
        help=t("employer_contact.guide.job_tip_help"),
        key=ui.key(FORM, "job_tip"),
    )

if st.button(t("records.save"), type="primary", key=ui.key(FORM, "save")):
    st.session_state[f"last_staff.{team_id}"] = staff_id
    values = {
        "date": day,
        "staff_id": staff_id,
        "employer_id": employer if isinstance(employer, int) else None,
        "new_employer": employer if isinstance(employer, str) else None,
        "client_id": client_id,
        "face_to_face": face_to_face,
        "preference_based": preference,
        "purpose": purpose,
        "outcome": outcome,
        "job_tip": job_tip,
    }
    ui.save(
        FORM,
        lambda: employer_contacts.create(database, team_id, values, today),
        t,
        t("employer_contact.saved"),
    )

st.subheader(t("records.recent_heading"))
recent = cached(context, employer_contacts.recent, team_id)
ui.recent_editor(
    f"{FORM}.recent",
    recent,
    t=t,
    empty=t("employer_contact.guide.empty"),
    column_config={
        "date": st.column_config.DateColumn(
            t("field.date"), format="D.M.YYYY", max_value=today, required=True
        ),
        "staff_id": st.column_config.SelectboxColumn(
            t("field.staff_id"), options=staff_ids, format_func=staff_names.get, required=True
        ),
        "employer": st.column_config.TextColumn(t("field.employer_id")),
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "face_to_face": st.column_config.CheckboxColumn(t("field.face_to_face")),
        "preference_based": st.column_config.CheckboxColumn(t("field.preference_based")),
        "purpose": st.column_config.SelectboxColumn(
            t("field.purpose"),
            options=[p.value for p in EmployerContactPurpose],
            format_func=lambda code: t.enum(code, EmployerContactPurpose),
        ),
        "outcome": st.column_config.SelectboxColumn(
            t("field.outcome"),
            options=[o.value for o in EmployerContactOutcome],
            format_func=lambda code: t.enum(code, EmployerContactOutcome),
        ),
        "job_tip": st.column_config.TextColumn(t("field.job_tip"), max_chars=4000),
    },
    editable=[
        "date",
        "staff_id",
        "face_to_face",
        "preference_based",
        "purpose",
        "outcome",
        "job_tip",
    ],
    update=lambda row_id, values: employer_contacts.update(
        database, team_id, row_id, values, today
    ),
    delete=lambda ids: delete_rows(database, m.EmployerContact, team_id, ids),
    describe=lambda row: f"{format_date(row['date'])} {row['employer']}",
)
