"""Ohjausryhmä: the steering group's meetings and action plan (items 11.3 and 8.5) – actions
by status with the overdue ones first, how each action's fidelity items scored since it was
created, and whether the group meets on schedule."""

from dataclasses import replace
from datetime import date

import streamlit as st

from ote.enums import ActionStatus
from ote.fidelity.scale import scale
from ote.formatting import format_date, markdown_text
from ote.metrics.cadences import steering_on_schedule
from ote.records import steering
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui import steering as view
from ote.ui.cache import cached, made
from ote.validation import ValidationFailed

MEETING = "steering.meeting"
ACTION = "steering.action"
context = shell.context()
t = context.t
team_id = ui.record_page(context, "steering")
database = context.database
today = date.today()
on = context.as_of
items = scale(t.language).items

schedule = cached(context, steering_on_schedule, team_id, on)
counts = cached(context, steering.status_counts, team_id, on)
rows = cached(context, steering.actions, team_id, on)
held = cached(context, steering.meetings, team_id)

# --------------------------------------------------------------- the cadence
due = schedule.details["due"]
months = schedule.details["months"]
if schedule.details["last"] is None:
    st.warning(t("steering.never_met", months=months), icon=":material/event_busy:")
elif schedule.met:
    st.success(
        t(
            "steering.on_schedule",
            last=format_date(schedule.details["last"]),
            due=format_date(due),
            months=months,
        ),
        icon=":material/event_available:",
    )
else:
    st.warning(
        t(
            "steering.late",
            last=format_date(schedule.details["last"]),
            due=format_date(due),
            months=months,
        ),
        icon=":material/event_busy:",
    )

columns = st.columns(5)
for column, key in zip(
    columns, ("overdue", "planned", "in_progress", "done", "cancelled"), strict=True
):
    column.metric(t(f"steering.count.{key}"), counts.get(key, 0))

tab_actions, tab_meetings = st.tabs([t("steering.tab_actions"), t("steering.tab_meetings")])

# ------------------------------------------------------------------ actions
with tab_actions:
    with st.expander(t("steering.new_action"), expanded=not rows):
        title = st.text_input(t("field.title"), key=ui.key(ACTION, "title"))
        linked = st.multiselect(
            t("field.fidelity_items"),
            list(items),
            format_func=lambda number: f"{number}. {items[number].name}",
            help=t("steering.guide.items_help"),
            key=ui.key(ACTION, "items"),
        )
        left, middle, right = st.columns(3)
        owner = left.text_input(
            t("field.owner"), help=t("steering.guide.owner_help"), key=ui.key(ACTION, "owner")
        )
        due_date = middle.date_input(
            t("field.due_date"), value=None, format="DD.MM.YYYY", key=ui.key(ACTION, "due")
        )
        meeting_choice = right.selectbox(
            t("field.meeting_id"),
            [None, *[meeting.id for meeting in held]],
            format_func=lambda i: (
                "–" if i is None else format_date(next(x.date for x in held if x.id == i))
            ),
            help=t("steering.guide.meeting_help"),
            key=ui.key(ACTION, "meeting"),
        )
        if st.button(t("steering.create_action"), type="primary", key=ui.key(ACTION, "save")):
            values = {
                "title": title,
                "owner": owner,
                "due_date": due_date,
                "fidelity_items": linked,
                "meeting_id": meeting_choice,
            }
            ui.save(
                ACTION,
                lambda: steering.create_action(database, team_id, values, today),
                t,
                t("steering.action_saved"),
            )
    if not rows:
        guide.empty(
            context,
            t("steering.no_actions"),
            page="fidelity",
            label=t("records.guide.open_fidelity"),
        )
    for row in rows:
        with st.expander(view.action_heading(row, t), expanded=row.overdue):
            st.markdown(view.action_summary(row, items, t))
            if row.scores:
                st.dataframe(made(view.scores_frame, row, t=t), hide_index=True, width="stretch")
            else:
                st.caption(t("steering.no_scores"))
            for day, text in row.notes:
                st.markdown(f"*{format_date(day)}* – {markdown_text(text)}")
            statuses = [s.value for s in ActionStatus]
            left, right = st.columns([1, 2])
            status = left.selectbox(
                t("field.status"),
                statuses,
                index=statuses.index(row.status),
                format_func=lambda code: t(f"enum.ActionStatus.{code}"),
                key=f"steering.status.{row.id}",
            )
            note = right.text_input(
                t("steering.note"), key=ui.key(f"steering.note.{row.id}", "text")
            )
            if st.button(t("records.save"), key=f"steering.save.{row.id}"):
                try:
                    # The note first: a refused note leaves the status as it was too.
                    if note.strip():
                        steering.add_note(database, team_id, row.id, note, today)
                    if status != row.status:
                        steering.update_action(database, team_id, row.id, {"status": status}, today)
                except ValidationFailed as failure:
                    # The note's text is named as on the form.
                    ui.show_problems(
                        [
                            replace(p, field="steering_note") if p.field == "text" else p
                            for p in failure.errors
                        ],
                        t,
                    )
                else:
                    ui.reset(f"steering.note.{row.id}")
                    ui.flash(t("steering.action_updated", code=row.key))
                    st.rerun()

# ----------------------------------------------------------------- meetings
with tab_meetings:
    day = st.date_input(
        t("field.date"),
        value=today,
        max_value=today,
        format="DD.MM.YYYY",
        key=ui.key(MEETING, "date"),
    )
    participants = st.text_area(t("field.participants"), key=ui.key(MEETING, "participants"))
    notes = st.text_area(t("field.notes"), key=ui.key(MEETING, "notes"))
    if st.button(t("steering.save_meeting"), type="primary", key=ui.key(MEETING, "save")):
        values = {"date": day, "participants": participants, "notes": notes}
        ui.save(
            MEETING,
            lambda: steering.create_meeting(database, team_id, values, today),
            t,
            t("steering.meeting_saved"),
        )
    if held:
        st.dataframe(made(view.meetings_frame, held, t=t), hide_index=True, width="stretch")
    else:
        st.caption(t("steering.no_meetings"))
