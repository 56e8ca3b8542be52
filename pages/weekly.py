"""Viikkopalaveri: the weekly coaching-team supervision on the shared screen (items 7 and
8.2) – each coach's week, the agenda built from the records, and the meeting record."""

from datetime import date

import streamlit as st

from ote.formatting import format_date
from ote.records import choices
from ote.supervision import meeting as meetings
from ote.supervision.agenda import agenda
from ote.supervision.coaches import coach_week, team_week
from ote.supervision.week import Week
from ote.ui import charts, guide, shell
from ote.ui import records as ui
from ote.ui import supervision as view
from ote.ui.cache import cached, shared
from ote.ui.clients import client_table
from ote.validation import ValidationFailed

FORM = "weekly.meeting"
WEEK = "weekly.week"
PRESENT = "weekly.present"
SLIDE = "weekly.slide"
DECISION_ROWS = 3
context = shell.context()
t = context.t
today = date.today()
now = min(context.as_of, today)  # the sidebar's as-of date is "now" for the figures
presenting = bool(st.session_state.get(PRESENT))
if presenting:
    st.html(view.PRESENTATION_CSS)
team_id = ui.record_page(context, "supervision", intro=not presenting)
database = context.database

# ------------------------------------------------------------------ the week
current = Week.of(now)
weeks = [current.shifted(-n) for n in range(0, 53)]
labels = {w.label: w for w in weeks}
if st.session_state.get(WEEK) not in labels:
    st.session_state[WEEK] = current.label
left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
chosen = left.selectbox(
    t("supervision.week"),
    list(labels),
    format_func=lambda label: t(
        "supervision.week_label",
        number=labels[label].number,
        first=format_date(labels[label].monday),
        last=format_date(labels[label].sunday),
    ),
    key=WEEK,
)
week = labels[chosen]
middle.toggle(t("supervision.present"), key=PRESENT, help=t("supervision.present_help"))
if right.button(t("supervision.refresh"), icon=":material/refresh:"):
    st.rerun()
day = week.reference_day(now)

coaches = cached(context, coach_week, team_id, week, now)
items = cached(context, agenda, team_id, week, now)
this_meeting = cached(context, meetings.meeting_of_week, team_id, week)
carried = cached(context, meetings.carried_over, team_id, week)
employed = shared(context, choices.staff, team_id, day)
team = team_week(coaches)
names = {c.id: c.label for c in employed}


errors = st.session_state.pop(view.STATUS_ERRORS, None)
if errors:
    ui.show_problems(errors, t)


# ------------------------------------------------------- presentation mode
def _step_to(index: int) -> None:
    st.session_state[SLIDE] = index


@shell.fragment
def slideshow() -> None:
    """One slide at a time on the shared screen: the previous and next buttons redraw the
    slide only (the figures read again, from the cache, so a change shows at once)."""
    errors = st.session_state.pop(view.STATUS_ERRORS, None)  # of a status changed here
    if errors:
        ui.show_problems(errors, t)
    coaches = cached(context, coach_week, team_id, week, now)
    items = cached(context, agenda, team_id, week, now)
    carried = cached(context, meetings.carried_over, team_id, week)
    slides = [("coach", c) for c in coaches]
    slides += [("section", key) for key, lines in items.sections() if lines]
    slides += [("decisions", None)]
    index = min(st.session_state.get(SLIDE, 0), len(slides) - 1)
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    back.button(
        t("supervision.previous"),
        icon=":material/arrow_back:",
        disabled=index == 0,
        on_click=_step_to,
        args=(index - 1,),
    )
    forward.button(
        t("supervision.next"),
        icon=":material/arrow_forward:",
        disabled=index == len(slides) - 1,
        on_click=_step_to,
        args=(index + 1,),
    )
    where.markdown(t("supervision.slide", number=index + 1, count=len(slides)))
    kind, subject = slides[index]
    if kind == "coach":
        explained = view.figure_help(week, day, t)
        st.header(subject.name)
        columns = st.columns(5)
        columns[0].metric(
            t("supervision.column.active"), f"{subject.active_clients}", help=explained["active"]
        )
        columns[0].caption(
            t("supervision.limit", limit=f"{subject.caseload_limit:g}")
            + (f" · ⚠ {t('supervision.mark.not_ok')}" if subject.over_limit else "")
        )
        columns[1].metric(
            t("supervision.column.job_seekers"),
            subject.job_seekers,
            help=explained["job_seekers"],
        )
        columns[2].metric(
            t("supervision.column.contacts"),
            f"{subject.employer_contacts} / {subject.target}",
            help=explained["contacts"],
        )
        columns[2].caption(
            f"✓ {t('supervision.mark.ok')}"
            if subject.target_met
            else f"⚠ {t('supervision.mark.not_ok')}"
        )
        columns[3].metric(
            t("supervision.column.starts"), subject.job_starts, help=explained["starts"]
        )
        columns[4].metric(t("supervision.column.ends"), subject.job_ends, help=explained["ends"])
        charts.draw(
            view.trend_chart,
            subject,
            t=t,
            alt=t("charts.alt.weekly_trend", name=subject.name, target=subject.target),
            table=view.trend_frame(subject, t),
            width="stretch",
        )
        own = [
            line
            for _, lines in items.sections()
            for line in lines
            if line.coach_id == subject.staff_id
        ]
        if own:
            st.table(view.agenda_frame(own, t), hide_index=True)
        else:
            st.markdown(t("supervision.nothing_for_coach"))
    elif kind == "section":
        lines = dict(items.sections())[subject]
        st.header(t(f"supervision.section.{subject}"))
        st.table(view.agenda_frame(lines, t), hide_index=True)
    else:
        st.header(t("supervision.decisions_heading"))
        view.decisions_to_follow(context, carried, day)


if presenting:
    # The agenda on the shared screen names clients: one view in the access log.
    shell.log_view(
        context,
        "weekly_agenda",
        [line.client_code for _, lines in items.sections() for line in lines],
    )
    slideshow()
    st.stop()

# ------------------------------------------------------------- coaches
st.subheader(t("supervision.coaches_heading"))
if coaches:
    view.coach_table(coaches, t, week, day)
    st.caption(
        t(
            "supervision.team_line",
            coaches=team.coaches,
            active=team.active_clients,
            seekers=team.job_seekers,
            contacts=team.employer_contacts,
            meeting=team.coaches_meeting_target,
            over=team.coaches_over_limit,
            day=format_date(day),
        )
    )
else:
    guide.empty(
        context, t("supervision.no_coaches"), page="admin_staff", label=t("supervision.go_staff")
    )

# --------------------------------------------------------------- agenda
st.subheader(t("supervision.agenda_heading", count=items.total))
st.caption(t("supervision.agenda_help", day=format_date(day)))
for key, lines in items.sections():
    title = t(f"supervision.section.{key}")
    with st.expander(f"{title} ({len(lines)})", expanded=bool(lines)):
        st.caption(t(f"supervision.section_help.{key}"))
        if lines:
            client_table(view.agenda_frame(lines, t, linked=True), context)
        else:
            st.markdown(f"✓ {t('supervision.section_empty')}")

# ------------------------------------------------------- the meeting record
st.subheader(t("supervision.decisions_heading"))
view.decisions_to_follow(context, carried, day)

st.subheader(t("supervision.meeting_heading"))
if this_meeting is not None:
    st.success(
        t("supervision.meeting_saved_on", date=format_date(this_meeting.date)),
        icon=":material/event_available:",
    )
    if this_meeting.decisions:
        st.markdown(t("supervision.this_meeting_decisions"))
        view.decisions_to_follow(context, this_meeting.decisions, day)
    if this_meeting.job_tips:
        with st.expander(t("supervision.show_notes")):
            st.text(this_meeting.job_tips)
if not names:
    st.info(t("records.no_staff"), icon=":material/info:")
    st.stop()
default_day = this_meeting.date if this_meeting else day
left, right = st.columns([1, 3])
meeting_day = left.date_input(
    t("field.date"),
    value=default_day,
    min_value=week.monday,
    max_value=min(week.sunday, today),
    format="DD.MM.YYYY",
    key=ui.key(FORM, f"date.{week.label}"),
)
attendees = right.multiselect(
    t("field.attendees"),
    list(names),
    default=this_meeting.attendees if this_meeting else list(names),
    format_func=lambda staff_id: names.get(staff_id, str(staff_id)),
    placeholder=t("team_meeting.no_attendees"),
    key=ui.key(FORM, f"attendees.{week.label}"),
)
job_tips = st.text_area(
    t("field.job_tips"),
    value=(this_meeting.job_tips or "") if this_meeting else "",
    help=t("team_meeting.job_tips_help"),
    key=ui.key(FORM, f"job_tips.{week.label}"),
)
st.markdown(t("supervision.new_decisions"))
new_decisions = []
owners = [None, *names]
for row in range(1, DECISION_ROWS + 1):
    text, owner, due = st.columns([3, 1.2, 1])
    new_decisions.append(
        {
            "text": text.text_input(
                t("supervision.decision_n", number=row),
                key=ui.key(FORM, f"decision.{row}.text"),
            ),
            "owner_id": owner.selectbox(
                t("field.owner_id"),
                owners,
                format_func=lambda staff_id: (
                    t("supervision.whole_team") if staff_id is None else names[staff_id]
                ),
                key=ui.key(FORM, f"decision.{row}.owner"),
            ),
            "due_date": due.date_input(
                t("field.due_date"),
                value=None,
                format="DD.MM.YYYY",
                key=ui.key(FORM, f"decision.{row}.due"),
            ),
        }
    )
if st.button(t("supervision.save_meeting"), type="primary", key=ui.key(FORM, "save")):
    values = {
        "date": meeting_day,
        "attendees": attendees,
        "job_tips": job_tips,
        "decisions": new_decisions,
    }
    try:
        meetings.save_meeting(database, team_id, values, today)
    except ValidationFailed as failure:
        for problem in failure.errors:
            number = problem.params.get("row")
            where = t("supervision.decision_n", number=number) if number else None
            ui.show_problems([problem], t, row=where)
    else:
        ui.reset(FORM)
        ui.flash(t("supervision.meeting_saved"))
        st.rerun()
