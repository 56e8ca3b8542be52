"""Asiakaspalaute: a client's feedback, score 1–5 (result measure of seed 000)."""

from datetime import date

import streamlit as st

from ote import models as m
from ote.formatting import format_date
from ote.models.base import TEXT_LENGTH
from ote.records import choices
from ote.records import feedback as service
from ote.records.base import delete_rows
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import cached, shared

FORM = "feedback"
SCORES = [1, 2, 3, 4, 5]
context = shell.context()
t = context.t
team_id = ui.record_page(context, "feedback")
database = context.database
today = date.today()

clients = shared(context, choices.all_clients, team_id)
client_codes = {c.id: c.label for c in clients}

left, right = st.columns(2)
day = left.date_input(
    t("field.date"), value=today, max_value=today, format="DD.MM.YYYY", key=ui.key(FORM, "date")
)
client_id = right.selectbox(
    t("field.client_code"),
    list(client_codes),
    index=None,
    format_func=client_codes.get,
    placeholder=t("feedback.client_placeholder"),
    key=ui.key(FORM, "client"),
)
if not client_codes:
    guide.empty(
        context,
        t("feedback.guide.no_clients"),
        page="log_clients",
        label=t("records.guide.add_client"),
    )
score = st.radio(
    t("field.score"),
    SCORES,
    index=None,
    horizontal=True,
    help=t("feedback.score_help"),
    key=ui.key(FORM, "score"),
)
comment = st.text_area(
    t("field.comment"),
    max_chars=TEXT_LENGTH,
    help=t("feedback.comment_help"),
    key=ui.key(FORM, "comment"),
)

if st.button(t("records.save"), type="primary", key=ui.key(FORM, "save")):
    values = {"date": day, "client_id": client_id, "score": score, "comment": comment}
    ui.save(
        FORM,
        lambda: service.create(database, team_id, values, today),
        t,
        t("feedback.saved"),
    )

st.subheader(t("records.recent_heading"))
recent = cached(context, service.recent, team_id)
ui.recent_editor(
    f"{FORM}.recent",
    recent,
    t=t,
    empty=t("feedback.guide.empty"),
    column_config={
        "date": st.column_config.DateColumn(
            t("field.date"), format="D.M.YYYY", max_value=today, required=True
        ),
        "client_code": st.column_config.TextColumn(t("field.client_code")),
        "score": st.column_config.NumberColumn(
            t("field.score"), min_value=1, max_value=5, step=1, format="%d", required=True
        ),
        "comment": st.column_config.TextColumn(t("field.comment"), max_chars=TEXT_LENGTH),
    },
    editable=["date", "score", "comment"],
    update=lambda row_id, values: service.update(database, team_id, row_id, values, today),
    delete=lambda ids: delete_rows(database, m.Feedback, team_id, ids),
    describe=lambda row: f"{format_date(row['date'])} {row['client_code']}",
)
