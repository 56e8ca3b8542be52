"""Työnantajasuhteet: the employer-contact log and the team's employer relations (items
15–21) – who met which employers, about whom and why, the weekly rhythm against the
target with the leader's review, the quality of the contacts, the employer register and
the jobs obtained."""

from datetime import date, timedelta

import streamlit as st

from ote import audit
from ote.enums import AuditAction, EmployerContactPurpose
from ote.formatting import format_date
from ote.metrics import employer_log as log
from ote.metrics import jobs
from ote.metrics.definitions import definition
from ote.records import choices, log_reviews
from ote.supervision.week import Week
from ote.ui import charts, guide, shell
from ote.ui import employers as view
from ote.ui import records as ui
from ote.ui.cache import cached, shared
from ote.ui.clients import client_table
from ote.validation import ValidationFailed

EXPORT = AuditAction.EXPORT
context = shell.context()
t = context.t
team_id = ui.record_page(context, "employer_log")
database = context.database
today = date.today()
on = context.as_of
year_ago = on - timedelta(days=364)
language = t.language

tab_log, tab_rhythm, tab_quality, tab_register, tab_jobs = st.tabs(
    [
        t("employer_log.tab_log"),
        t("employer_log.tab_rhythm"),
        t("employer_log.tab_quality"),
        t("employer_log.tab_register"),
        t("employer_log.tab_jobs"),
    ]
)

staff = shared(context, choices.staff, team_id)
employers = shared(context, choices.employers)
staff_names = {c.id: c.label for c in staff}
employer_names = {c.id: c.label for c in employers}


# ------------------------------------------------------------------- the log
@shell.fragment
def contact_log() -> None:
    """The filters and the log they choose: changing a filter redraws this tab only."""
    first_col, second_col = st.columns(2)
    period = first_col.date_input(
        t("employer_log.period"),
        value=(on - timedelta(days=27), on),
        max_value=today,
        format="DD.MM.YYYY",
        key=f"employer_log.period.{on.isoformat()}",  # a new as-of date, a new default
    )
    chosen_staff = second_col.multiselect(
        t("employer_log.coaches"),
        list(staff_names),
        format_func=lambda i: staff_names[i],
        placeholder=t("employer_log.everyone"),
        key="employer_log.staff",
    )
    chosen_employers = first_col.multiselect(
        t("field.employer_id"),
        list(employer_names),
        format_func=lambda i: employer_names[i],
        placeholder=t("employer_log.everyone"),
        key="employer_log.employers",
    )
    purposes = second_col.multiselect(
        t("field.purpose"),
        [p.value for p in EmployerContactPurpose],
        format_func=lambda code: t.enum(code, EmployerContactPurpose),
        placeholder=t("employer_log.everyone"),
        key="employer_log.purposes",
    )
    either = {"all": None, "yes": True, "no": False}
    face_to_face = first_col.radio(
        t("field.face_to_face"),
        list(either),
        format_func=lambda value: t(f"employer_log.either.{value}"),
        horizontal=True,
        key="employer_log.face_to_face",
    )
    preference = second_col.radio(
        t("field.preference_based"),
        list(either),
        format_func=lambda value: t(f"employer_log.either.{value}"),
        horizontal=True,
        key="employer_log.preference",
    )
    code = first_col.text_input(
        t("employer_log.job_seeker"), key="employer_log.client", placeholder="AS-1234"
    )
    if isinstance(period, tuple) and len(period) == 2:
        first, last = period
    else:
        first = last = period[0] if isinstance(period, tuple) and period else on
    wanted = log.LogFilter(
        first=first,
        last=last,
        staff_ids=tuple(chosen_staff),
        employer_ids=tuple(chosen_employers),
        purposes=tuple(purposes),
        face_to_face=either[face_to_face],
        preference_based=either[preference],
        client_code=code.strip() or None,
    )
    rows, total = cached(context, log.contact_log, team_id, wanted, 500)
    st.caption(t("employer_log.shown", shown=len(rows), total=total))
    if rows:
        client_table(view.log_frame(rows, t), context)

        def workbook() -> bytes:
            """Made when clicked, and logged then as an export of the codes it names."""
            codes = [r.client_code for r in rows]
            audit.record_view(database, "employer_contact", codes, team_id, action=EXPORT)
            return view.log_workbook(rows, t)

        st.download_button(
            t("employer_log.download"),
            workbook,
            file_name=f"tyonantajayhteydet-{first.isoformat()}-{last.isoformat()}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="employer_log.download",
        )
    else:
        guide.empty(
            context,
            t("employer_log.no_contacts"),
            page="log_employer_contact",
            label=t("employer_log.go_contact"),
        )


with tab_log:
    contact_log()

# ----------------------------------------------------------- weekly rhythm
with tab_rhythm:
    last_week = Week.of(on - timedelta(days=6))  # the last full week on the as-of date
    rhythm = cached(context, log.weekly_rhythm, team_id, last_week)
    reviewed = cached(context, log_reviews.reviews, team_id, last_week.shifted(-7), last_week)
    rhythm_first = last_week.shifted(1 - log.RHYTHM_WEEKS).monday
    st.subheader(
        t("employer_log.rhythm_heading"),
        help=definition(
            "weekly_employer_contacts", language, window=(rhythm_first, last_week.sunday)
        ),
    )
    if rhythm:
        st.caption(t("employer_log.rhythm_read"))
        st.dataframe(view.rhythm_frame(rhythm, reviewed, t), hide_index=True, width="stretch")
    else:
        guide.empty(
            context,
            t("employer_log.no_coaches"),
            page="admin_staff",
            label=t("employer_log.go_staff"),
        )
    st.subheader(t("employer_log.review_heading"))
    weeks = [last_week.shifted(-n) for n in range(8)]
    week = st.selectbox(
        t("employer_log.review_week"),
        weeks,
        format_func=lambda w: view.week_label(w, t),
        key="employer_log.review_week",
    )
    done = reviewed.get(week.monday)
    if done:
        st.success(
            t(
                "employer_log.reviewed",
                date=format_date(done.reviewed_on),
                who=done.reviewer_name or "–",
            ),
            icon=":material/task_alt:",
        )
    employed = shared(context, choices.staff, team_id, on)
    leaders = [c.id for c in employed]
    reviewer = st.selectbox(
        t("field.reviewer_id"),
        leaders,
        format_func=lambda i: staff_names[i],
        key="employer_log.reviewer",
    )
    mark, unmark = st.columns(2)
    if mark.button(
        t("employer_log.mark_reviewed"),
        type="primary",
        disabled=not leaders,
        key="employer_log.mark",
    ):
        try:
            log_reviews.mark_reviewed(database, team_id, week, reviewer, today)
        except ValidationFailed as failure:
            ui.show_problems(failure.errors, t)
        else:
            ui.flash(t("employer_log.marked"))
            st.rerun()
    if done and unmark.button(t("employer_log.unmark"), key="employer_log.unmark"):
        log_reviews.unmark(database, team_id, week)
        st.rerun()

# ----------------------------------------------------------------- quality
with tab_quality:
    window_first = on - timedelta(days=90)
    share = cached(context, log.preference_share, team_id, window_first, on)
    mix = cached(context, log.purpose_mix, team_id, window_first, on)
    st.metric(
        t("employer_log.preference_share"),
        view.figure(share.value, t, percent=True),
        help=definition("preference_based_contacts", language, measure=share),
    )
    st.subheader(
        t("employer_log.mix_heading", first=format_date(window_first), last=format_date(on)),
        help=definition("employer_contact_purposes", language, window=(window_first, on)),
    )
    if sum(row.contacts for row in mix):
        charts.draw(
            view.mix_chart,
            mix,
            t=t,
            alt=t("charts.alt.employer_mix"),
            table=view.mix_frame(mix, t),
            grid=True,
            expanded=True,
            width="stretch",
        )
    else:
        guide.empty(
            context,
            t("employer_log.no_contacts_window"),
            page="log_employer_contact",
            label=t("employer_log.go_contact"),
        )

# ---------------------------------------------------------------- register
with tab_register:
    register = cached(context, log.employer_register, team_id, on)
    cold = [row for row in register if row.cold]
    columns = st.columns(2)
    columns[0].metric(
        t("employer_log.employers"),
        len(register),
        help=definition("known_employers", language, window=(None, on)),
    )
    columns[1].metric(
        t("employer_log.cold"),
        len(cold),
        help=definition("cold_employers", language, window=(None, on)),
    )
    if register:
        only_cold = st.toggle(t("employer_log.only_cold"), key="employer_log.only_cold")
        st.dataframe(
            view.register_frame(cold if only_cold else register, t),
            hide_index=True,
            width="stretch",
        )
    else:
        guide.empty(
            context,
            t("employer_log.no_employers"),
            page="log_employer_contact",
            label=t("employer_log.go_contact"),
        )

# -------------------------------------------------------------------- jobs
with tab_jobs:
    by_type = cached(context, jobs.jobs_by_type, team_id, year_ago, on)
    by_employer = cached(context, jobs.jobs_by_employer, team_id, year_ago, on)
    mix_of_jobs = cached(context, jobs.job_mix, team_id, year_ago, on)
    lasted = cached(context, jobs.tenure, team_id, year_ago, on, on)
    reasons = cached(context, jobs.end_reasons, team_id, year_ago, on)
    per_month = cached(context, jobs.jobs_per_month, team_id, on)
    diversity_types = cached(context, jobs.job_type_diversity, team_id, on)
    diversity_employers = cached(context, jobs.employer_diversity, team_id, on)
    competitive = cached(context, jobs.competitive_permanent_jobs, team_id, on)
    st.caption(t("employer_log.jobs_window", first=format_date(year_ago), last=format_date(on)))
    if not mix_of_jobs.jobs:
        guide.empty(
            context, t("employer_log.no_jobs"), page="log_jobs", label=t("employer_log.go_jobs")
        )
    else:
        columns = st.columns(4)
        columns[0].metric(
            t("employer_log.jobs_started"),
            mix_of_jobs.jobs,
            help=definition("jobs_started", language, window=(year_ago, on)),
        )
        columns[1].metric(
            t("employer_log.type_diversity"),
            view.figure(diversity_types.value, t, percent=True),
            help=definition("job_type_diversity", language, measure=diversity_types),
        )
        columns[2].metric(
            t("employer_log.employer_diversity"),
            view.figure(diversity_employers.value, t, percent=True),
            help=definition("employer_diversity", language, measure=diversity_employers),
        )
        columns[3].metric(
            t("employer_log.competitive_permanent"),
            view.figure(competitive.value, t, percent=True),
            help=definition("competitive_permanent_jobs", language, measure=competitive),
        )
        charts.draw(
            view.month_chart,
            per_month,
            t=t,
            alt=t("charts.alt.jobs_per_month"),
            table=view.month_frame(per_month, t),
            width="stretch",
        )
        left, right = st.columns(2)
        with left:
            st.subheader(t("employer_log.by_type"))
            st.dataframe(view.count_frame(by_type, t, "type"), hide_index=True, width="stretch")
        with right:
            st.subheader(t("employer_log.by_employer"))
            st.dataframe(
                view.count_frame(by_employer, t, "employer"), hide_index=True, width="stretch"
            )
        st.subheader(t("employer_log.tenure_heading"))
        st.dataframe(view.tenure_frame(lasted, mix_of_jobs, t), hide_index=True, width="stretch")
        st.subheader(t("employer_log.end_reasons"))
        if reasons:
            st.dataframe(view.count_frame(reasons, t, "reason"), hide_index=True, width="stretch")
        else:
            st.caption(t("employer_log.no_ended"))
