"""Laatukriteerit: the fidelity self-assessment on the 25-item scale (seed 003), each
measurable item with what the team's own records say."""

from datetime import date

import streamlit as st

from ote.enums import AssessmentKind
from ote.fidelity import assessments as service
from ote.fidelity import history
from ote.fidelity.scale import scale
from ote.fidelity.sheet_pdf import assessment_pdf
from ote.formatting import format_date
from ote.interchange.exporter import assessment_workbook
from ote.metrics.evidence import item_evidence
from ote.records import steering
from ote.ui import charts, guide, shell
from ote.ui import fidelity as view
from ote.ui import records as ui
from ote.validation import ValidationFailed

NEW = "fidelity.new"
CHOICE = "fidelity.choice"
SELECT_NEXT = "fidelity.select_next"  # the assessment to show next, set by a save
BLANK = 0  # "based on" nothing: a blank assessment
context = shell.context()
t = context.t
team_id = ui.record_page(context, "fidelity")
database = context.database
texts = scale(t.language)
today = date.today()
view.show_save_errors(t)

with database.read() as session:
    summaries = service.list_assessments(session, team_id)


def label(summary) -> str:
    status = t(f"enum.AssessmentStatus.{summary.status}")
    kind = t(f"enum.AssessmentKind.{summary.kind}")
    points = summary.total if summary.total is not None else f"{summary.scored}/25"
    return f"{format_date(summary.date)} · {kind} · {status} · {points}"


# ------------------------------------------------------------- start a new one
with st.expander(t("fidelity.new_heading"), expanded=not summaries):
    finals = [s for s in summaries if s.status == "final"]
    left, right = st.columns(2)
    day = left.date_input(
        t("field.date"),
        value=min(context.as_of, today),  # the day being looked at (the sidebar's)
        max_value=today,
        format="DD.MM.YYYY",
        key=ui.key(NEW, "date"),
    )
    kind = right.radio(
        t("field.kind"),
        [k.value for k in AssessmentKind],
        format_func=lambda code: t(f"enum.AssessmentKind.{code}"),
        horizontal=True,
        key=ui.key(NEW, "kind"),
    )
    assessors = left.text_input(texts.sheet["assessor"], key=ui.key(NEW, "assessors"))
    place = right.text_input(texts.sheet["place"], key=ui.key(NEW, "place"))
    # The latest final assessment by default; a blank sheet is the last choice (0).
    based_on = st.selectbox(
        t("fidelity.based_on"),
        [s.id for s in finals] + [BLANK],
        format_func=lambda i: (
            t("fidelity.blank_start") if i == BLANK else label(next(s for s in finals if s.id == i))
        ),
        help=t("fidelity.based_on_help"),
        key=ui.key(NEW, "based_on"),
    )
    if st.button(t("fidelity.start"), type="primary", key=ui.key(NEW, "save")):
        values = {"date": day, "kind": kind, "assessors": assessors, "place": place}
        try:
            saved = service.create(database, team_id, values, today, based_on or None)
        except ValidationFailed as failure:
            ui.show_problems(failure.errors, t)
        else:
            st.session_state[SELECT_NEXT] = saved.id
            ui.reset(NEW)
            ui.flash(t("fidelity.started"))
            st.rerun()

if not summaries:
    guide.empty(context, t("fidelity.none_yet"))
    st.stop()

ids = [s.id for s in summaries]
# A new or discarded assessment changes the choice before the chooser is drawn.
if SELECT_NEXT in st.session_state:
    st.session_state[CHOICE] = st.session_state.pop(SELECT_NEXT)
if st.session_state.get(CHOICE) not in ids:
    st.session_state.pop(CHOICE, None)
chosen_id = st.selectbox(
    t("fidelity.choose"),
    ids,
    format_func=lambda i: label(next(s for s in summaries if s.id == i)),
    key=CHOICE,
)
with database.read() as session:
    assessment = service.load(session, team_id, chosen_id)
    previous = service.previous_final(session, team_id, assessment)
    actions = steering.actions_by_item(session, team_id)
    evidence = (
        item_evidence(session, team_id, assessment.date, t.language)
        if (assessment.is_draft)
        else {}
    )

# --------------------------------------------------------------- the summary
partial, scored = assessment.partial_total
columns = st.columns(3)
columns[0].metric(
    t("fidelity.total"),
    f"{assessment.total}/125" if assessment.total is not None else f"{partial}/125",
    help=t("fidelity.total_help"),
)
columns[1].metric(t("fidelity.scored"), f"{scored}/25")
columns[2].metric(
    t("fidelity.band"),
    texts.band_name(assessment.total) if assessment.total is not None else "–",
)
if scored < 25:
    missing = [str(i) for i, s in assessment.items.items() if s.score is None]
    st.caption(t("fidelity.unscored_items", items=", ".join(missing)))

scoring, past, export = st.tabs(
    [t("fidelity.tab_scoring"), t("fidelity.tab_history"), t("fidelity.tab_export")]
)

with scoring:
    view.header_fields(context, assessment)
    if assessment.is_draft:
        st.caption(t("fidelity.draft_help", date=format_date(assessment.date)))
    else:
        st.success(t("fidelity.final_note"), icon=":material/lock:")
    for section in texts.sections:
        st.subheader(section.name)
        for number in section.items:
            view.item_card(
                context,
                assessment,
                texts.items[number],
                evidence.get(str(number)),
                actions.get(number, []),
            )
    if assessment.is_draft:
        st.divider()
        finalise, discard = st.columns(2)
        if finalise.button(t("fidelity.finalise"), type="primary", key="fidelity.finalise"):
            try:
                service.finalise(database, team_id, assessment.id, evidence)
            except ValidationFailed as failure:
                ui.show_problems(failure.errors, t)
            else:
                ui.flash(t("fidelity.finalised"))
                st.rerun()
        if discard.button(t("fidelity.discard"), key="fidelity.discard"):
            st.session_state["fidelity.confirm_discard"] = assessment.id
        if st.session_state.get("fidelity.confirm_discard") == assessment.id:
            st.warning(t("fidelity.confirm_discard"), icon=":material/delete:")
            if st.button(t("records.delete_confirmed"), key="fidelity.discard_confirmed"):
                service.delete_draft(database, team_id, assessment.id)
                st.session_state[SELECT_NEXT] = None
                ui.flash(t("fidelity.discarded"))
                st.rerun()

with past:
    with database.read() as session:
        over_time = history.totals(session, team_id)
        due = history.next_due(session, team_id, context.as_of)
    if due is not None:
        st.markdown(t("fidelity.next_due", date=format_date(due)))
    if over_time.empty:
        st.caption(t("fidelity.no_history"))
    else:
        st.subheader(t("fidelity.history_heading"))
        charts.draw(
            view.history_chart,
            over_time,
            t=t,
            alt=t("charts.alt.fidelity_history"),
            table=view.history_frame(over_time, t),
            expanded=True,
            width="stretch",
        )
    compared = history.comparison(assessment, previous)
    if previous is not None:
        st.subheader(t("fidelity.comparison_heading", date=format_date(previous.date)))
        charts.draw(
            view.comparison_chart,
            compared,
            t=t,
            alt=t("charts.alt.fidelity_comparison"),
            table=view.comparison_frame(compared, t),
            expanded=True,
            width="stretch",
        )
        dropped = compared[compared["dropped"]]
        if dropped.empty:
            st.caption(t("fidelity.none_dropped"))
        else:
            for _, row in dropped.iterrows():
                st.warning(
                    t(
                        "fidelity.dropped",
                        item=int(row["item"]),
                        name=texts.items[int(row["item"])].name,
                        before=int(row["previous"]),
                        now=int(row["score"]),
                    ),
                    icon=":material/trending_down:",
                )

with export:
    st.download_button(
        t("fidelity.download_pdf"),
        lambda: assessment_pdf(assessment, context.team.name, t.language),  # made when clicked
        file_name=f"laatukriteerit-{assessment.key}.pdf",
        mime="application/pdf",
        key="fidelity.pdf",
    )

    def workbook() -> bytes:
        with database.read() as session:
            return assessment_workbook(session, context.team.key, assessment.key)

    st.download_button(
        t("fidelity.download_xlsx"),
        workbook,
        file_name=f"laatukriteerit-{assessment.key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="fidelity.xlsx",
    )
    if not assessment.is_draft:
        st.caption(t("fidelity.start_from_this_help"))
