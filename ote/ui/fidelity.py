"""Drawing one assessment: its items with anchors, scores, sub-criteria, reasons and the
records' evidence, saved as they change (widget callbacks call `ote.fidelity.assessments`).
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from ote.enums import AssessmentKind
from ote.fidelity import assessments as service
from ote.fidelity.assessments import Assessment
from ote.fidelity.scale import Item, scale
from ote.fidelity.scoring import BAND_LIMITS
from ote.formatting import format_date, format_number, markdown_text
from ote.i18n import Translator
from ote.metrics.definitions import definition, evidence_keys
from ote.metrics.evidence import ItemEvidence
from ote.records import steering
from ote.ui import guide
from ote.ui import records as ui
from ote.validation import ValidationFailed

# Where the records behind an item are logged (for the link beside its evidence).
RECORDS_PAGE = {
    "1": "log_clients",
    "2": "admin_staff",
    "4": "log_clients",
    "5": "log_team_meetings",
    "7": "log_team_meetings",
    "8": "log_team_meetings",
    "11": "records_overview",
    "15": "log_employer_contact",
    "16": "log_employer_contact",
    "17": "log_employer_contact",
    "19": "log_jobs",
    "20": "log_jobs",
    "21": "log_jobs",
    "23": "log_client_contact",
    "24": "log_client_contact",
    "25": "log_client_contact",
}
SAVE_ERROR = "_fidelity_save_error"


def widget_key(assessment_id: int, name: str, item: int | str = "") -> str:
    return f"fidelity.{assessment_id}.{name}.{item}"


def _report(call) -> None:
    """Run a save from a callback; keep its problems to show on this run."""
    try:
        call()
    except ValidationFailed as failure:
        st.session_state[SAVE_ERROR] = failure.errors


def show_save_errors(t: Translator) -> None:
    errors = st.session_state.pop(SAVE_ERROR, None)
    if errors:
        ui.show_problems(errors, t)


def _on_score(database, team_id: int, assessment_id: int, item: int) -> None:
    value = st.session_state[widget_key(assessment_id, "score", item)]
    _report(lambda: service.set_score(database, team_id, assessment_id, item, value))


def _on_note(database, team_id: int, assessment_id: int, item: int) -> None:
    value = st.session_state[widget_key(assessment_id, "note", item)]
    _report(lambda: service.set_note(database, team_id, assessment_id, item, value))


def _on_subcriterion(database, team_id: int, assessment_id: int, item: int, count: int) -> None:
    met = {
        number
        for number in range(1, count + 1)
        if st.session_state.get(widget_key(assessment_id, f"sub{number}", item))
    }
    _report(lambda: service.set_subcriteria(database, team_id, assessment_id, item, met))


def _on_header(database, team_id: int, assessment_id: int, name: str) -> None:
    value = st.session_state[widget_key(assessment_id, "header", name)]
    _report(
        lambda: service.update_header(database, team_id, assessment_id, {name: value}, date.today())
    )


def header_fields(context, assessment: Assessment) -> None:
    """The sheet's header: assessors, place, date, self or external; saved as changed."""
    t = context.t
    sheet = scale(t.language).sheet
    aid, editable = assessment.id, assessment.is_draft
    args = (context.database, context.team.id, aid)
    first, second, third, fourth = st.columns([3, 3, 2, 3])
    first.text_input(
        sheet["assessor"],
        value=assessment.assessors or "",
        disabled=not editable,
        key=widget_key(aid, "header", "assessors"),
        on_change=_on_header,
        args=(*args, "assessors"),
    )
    second.text_input(
        sheet["place"],
        value=assessment.place or "",
        disabled=not editable,
        key=widget_key(aid, "header", "place"),
        on_change=_on_header,
        args=(*args, "place"),
    )
    third.date_input(
        sheet["date"],
        value=assessment.date,
        max_value=date.today(),
        format="DD.MM.YYYY",
        disabled=not editable,
        key=widget_key(aid, "header", "date"),
        on_change=_on_header,
        args=(*args, "date"),
    )
    fourth.radio(
        t("field.kind"),
        [kind.value for kind in AssessmentKind],
        index=[kind.value for kind in AssessmentKind].index(assessment.kind),
        format_func=lambda code: t(f"enum.AssessmentKind.{code}"),
        horizontal=True,
        disabled=not editable,
        key=widget_key(aid, "header", "kind"),
        on_change=_on_header,
        args=(*args, "kind"),
    )


def measure_definitions(evidence: ItemEvidence | dict, t: Translator, item: int) -> None:
    """Each measure behind the item's evidence as a button with its name, opening its
    definition (`ote.metrics.definitions`): for live evidence with the measure's own window,
    for a kept snapshot with the windows as the registry gives them."""
    if isinstance(evidence, ItemEvidence):
        shown = [(m.key, definition(m.key, t.language, measure=m)) for m in evidence.measures]
    else:
        shown = [(key, definition(key, t.language)) for key in evidence_keys(str(item))]
    for key, text in shown:
        with st.popover(t(f"metrics.{key}.name"), icon=":material/help:"):
            st.markdown(text)


def evidence_box(
    context,
    evidence: ItemEvidence | dict | None,
    item: int,
    snapshot_kept: bool = True,
) -> None:
    """What the records say for the item: value, n, window, basis, suggested score, the
    measures' definitions, and a link to where the records are logged."""
    t = context.t
    if evidence is None:
        st.caption(t("fidelity.no_evidence" if snapshot_kept else "fidelity.no_snapshot"))
        return
    data = evidence.as_json() if isinstance(evidence, ItemEvidence) else evidence
    value = data.get("value")
    unit = data.get("unit", "")
    if unit.startswith("sub-criteria"):
        shown = t("evidence.subcriteria_value", met=int(value or 0), shown=data.get("n", 0))
    elif value is None:
        shown = t("evidence.no_value")
    else:
        shown = format_number(value, 1, t.language)
    suggested = data.get("suggested_score")
    window = data.get("window", "")
    if window.startswith("on "):
        window = format_date(date.fromisoformat(window[3:]))
    elif ".." in window:
        first, last = window.split("..")
        window = f"{format_date(date.fromisoformat(first))}–{format_date(date.fromisoformat(last))}"
    st.markdown(
        t(
            "fidelity.evidence_line",
            value=shown,
            n=data.get("n", 0),
            window=window,
            suggested=suggested if suggested is not None else "–",
        )
    )
    st.caption(data.get("basis", ""))
    measure_definitions(evidence, t, item)
    page = RECORDS_PAGE.get(str(item))
    if page:
        guide.link(context, page, t("fidelity.records_link"), icon=":material/list_alt:")


def item_card(
    context,
    assessment: Assessment,
    item: Item,
    evidence: ItemEvidence | dict | None,
    linked: list[steering.LinkedAction],
) -> None:
    """One item: anchors, evidence, score or sub-criteria, reason, and steering actions."""
    t = context.t
    state = assessment.items[item.number]
    editable = assessment.is_draft
    database, team_id, aid = context.database, context.team.id, assessment.id
    suggested = (
        evidence.suggested_score if isinstance(evidence, ItemEvidence) else state.suggested_score
    )
    score_text = str(state.score) if state.score is not None else t("fidelity.unscored")
    with st.container(border=True):
        st.markdown(f"**{item.number}. {item.name}** — {t('fidelity.score')}: **{score_text}**")
        with st.expander(t("fidelity.definition")):
            st.markdown(item.definition)
            for score, anchor in enumerate(item.anchors, start=1):
                st.markdown(f"**{score}** = {anchor}")
        left, right = st.columns([3, 2])
        with right:
            if editable:
                evidence_box(context, evidence, item.number)
            else:
                kept = any(s.evidence is not None for s in assessment.items.values())
                evidence_box(context, state.evidence, item.number, snapshot_kept=kept)
        with left:
            if item.subcriteria:
                for number, text in enumerate(item.subcriteria, start=1):
                    st.checkbox(
                        f"{item.number}.{number} {text}",
                        value=number in state.met,
                        disabled=not editable,
                        key=widget_key(aid, f"sub{number}", item.number),
                        on_change=_on_subcriterion,
                        args=(database, team_id, aid, item.number, len(item.subcriteria)),
                    )
                st.caption(t("fidelity.subcriteria_rule", item=item.number))
                if editable and state.score is None:
                    # With no box ticked the item is unscored until "none met" is said.
                    st.button(
                        t("fidelity.none_met"),
                        key=widget_key(aid, "none_met", item.number),
                        on_click=_report,
                        args=(
                            lambda: service.set_subcriteria(
                                database, team_id, aid, item.number, set()
                            ),
                        ),
                    )
            else:
                st.radio(
                    t("fidelity.score"),
                    [1, 2, 3, 4, 5],
                    index=None if state.score is None else state.score - 1,
                    horizontal=True,
                    disabled=not editable,
                    key=widget_key(aid, "score", item.number),
                    on_change=_on_score,
                    args=(database, team_id, aid, item.number),
                )
            needs_reason = (
                suggested is not None and state.score is not None and state.score != suggested
            )
            st.text_area(
                t("fidelity.reason_required") if needs_reason else t("fidelity.reason"),
                value=state.note or "",
                disabled=not editable,
                height=80,
                max_chars=4000,
                key=widget_key(aid, "note", item.number),
                on_change=_on_note,
                args=(database, team_id, aid, item.number),
                help=t("fidelity.reason_help"),
            )
        action_form(context, assessment, item, linked)


def action_form(
    context, assessment: Assessment, item: Item, linked: list[steering.LinkedAction]
) -> None:
    """Turning a score into work: the steering-group actions linked to this item, and a form
    for a new one."""
    t = context.t
    form = f"fidelity.action.{assessment.id}.{item.number}"
    heading = t("fidelity.action_heading")
    if linked:
        heading = t("fidelity.actions_heading", count=len(linked))
    with st.expander(heading):
        for action in linked:
            due = format_date(action.due_date) if action.due_date else "–"
            st.markdown(
                t(
                    "fidelity.action_line",
                    code=action.key,
                    title=markdown_text(action.title),
                    owner=markdown_text(action.owner or "–"),
                    due=due,
                    status=t(f"enum.ActionStatus.{action.status}"),
                )
            )
        title = st.text_input(t("field.title"), key=ui.key(form, "title"))
        owner = st.text_input(t("field.owner"), key=ui.key(form, "owner"))
        due = st.date_input(
            t("field.due_date"), value=None, format="DD.MM.YYYY", key=ui.key(form, "due")
        )
        if st.button(t("fidelity.action_create"), key=ui.key(form, "save")):
            values = {
                "title": title,
                "owner": owner,
                "due_date": due,
                "fidelity_items": [item.number],
            }
            ui.save(
                form,
                lambda: steering.create_action(
                    context.database, context.team.id, values, date.today()
                ),
                t,
                t("fidelity.action_saved", item=item.number),
            )


def scale_for(t: Translator):
    return scale(t.language)


def history_chart(over_time: pd.DataFrame, t: Translator) -> alt.LayerChart:
    """The totals of the team's assessments over time, with the bands' lower limits as
    dashed lines, each named by its band."""
    line = (
        alt.Chart(over_time)
        .mark_line(point=True)
        .encode(
            # d.m.yyyy: Vega's own month names would be English on every page.
            x=alt.X("date:T", title=t("field.date"), axis=alt.Axis(format="%-d.%-m.%Y")),
            y=alt.Y("total:Q", title=t("fidelity.total"), scale=alt.Scale(domain=[25, 125])),
            tooltip=["key", "date", "total"],
        )
    )
    names = scale(t.language)
    bands = pd.DataFrame(
        {
            "limit": [low for low, _ in BAND_LIMITS],
            "label": [f"{names.band_name(low)} ≥ {low}" for low, _ in BAND_LIMITS],
        }
    )
    rules = alt.Chart(bands).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(y="limit:Q")
    labels = (  # under each limit's line at the right end, clear of the first totals
        alt.Chart(bands)
        .mark_text(align="right", dx=-4, dy=10, color="#374151")
        .encode(y="limit:Q", text="label:N", x=alt.value("width"))
    )
    return line + rules + labels


def history_frame(over_time: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Each final assessment's date, kind, total and band: the history chart as a table."""
    names = scale(t.language)
    return pd.DataFrame(
        {
            t("field.date"): [format_date(d) for d in over_time["date"]],
            t("field.kind"): [t(f"enum.AssessmentKind.{k}") for k in over_time["kind"]],
            t("fidelity.total"): over_time["total"],
            t("fidelity.band"): [names.band_name(v) for v in over_time["total"]],
        }
    )


def comparison_chart(compared: pd.DataFrame, t: Translator) -> alt.Chart:
    """Each item's score in this assessment beside the previous one."""
    long = compared.melt(
        id_vars=["item"],
        value_vars=["previous", "score"],
        var_name="which",
        value_name="points",
    ).dropna()
    long["which"] = long["which"].map(
        {"previous": t("fidelity.previous"), "score": t("fidelity.this_one")}
    )
    return (
        alt.Chart(long)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("item:O", title=t("fidelity.item")),
            y=alt.Y("points:Q", title=t("fidelity.score"), scale=alt.Scale(domain=[1, 5])),
            color=alt.Color("which:N", title=None),
            shape=alt.Shape("which:N", title=None),
        )
    )


def comparison_frame(compared: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Each item's score before and now, and the change: the comparison chart as a table."""
    return pd.DataFrame(
        {
            t("fidelity.item"): compared["item"],
            t("fidelity.previous"): compared["previous"],
            t("fidelity.this_one"): compared["score"],
            t("fidelity.change"): compared["change"],
        }
    )
