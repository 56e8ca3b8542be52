"""Drawing the weekly supervision: each coach's week, the agenda lines as sentences, and
presentation mode for the shared screen."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from ote.enums import DecisionStatus
from ote.formatting import format_date, format_params, markdown_text
from ote.i18n import Translator
from ote.metrics.definitions import definition
from ote.supervision.agenda import AgendaLine
from ote.supervision.coaches import TREND_WEEKS, CoachWeek
from ote.supervision.meeting import Decision, set_decision_status
from ote.supervision.week import Week
from ote.ui.clients import CLIENT_COLUMN
from ote.validation import ValidationFailed

# Status is never colour alone: each has an icon and a word.
STATUS_ICON = {
    "due": "◷",
    "missed": "⚠",
    "open": "•",
    "ending": "◷",
    "rule_break": "⚠",
}

# Presentation mode: no sidebar or toolbar, larger type (Streamlit sizes in rem), black on
# white, and captions in a solid dark grey (10:1; a projector washes out the faded grey of
# the default theme). Static CSS, no user data in it.
PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
html { font-size: 24px; }
.stApp, .stApp p, .stApp li, .stApp td, .stApp th { color: #000000; }
.stApp [data-testid="stCaptionContainer"] { opacity: 1; }
.stApp [data-testid="stCaptionContainer"] p { color: #374151; }
.block-container { max-width: 100% !important; padding-top: 1rem !important; }
</style>
"""


def line_text(line: AgendaLine, t: Translator) -> str:
    """What the line is about, as a sentence of the UI language."""
    params = dict(line.params)
    if line.section == "follow_along":
        params["checkpoint"] = t(
            f"supervision.checkpoint.{params['checkpoint']}", number=params.get("number") or ""
        )
    if line.section == "law_periods" and line.status == "rule_break":
        key = f"supervision.text.law_periods.{params['rule']}"
    elif line.section == "not_met":
        key = "supervision.text.not_met." + ("never" if params.get("never_met") else "seen")
    elif line.section in ("follow_along", "job_ended", "law_periods"):
        key = f"supervision.text.{line.section}.{line.status}"
    else:
        key = f"supervision.text.{line.section}"
    return t(key, **format_params({**params, "on": line.on}, t.language))


def status_text(status: str, t: Translator) -> str:
    return f"{STATUS_ICON.get(status, '•')} {t(f'supervision.status.{status}')}"


def agenda_frame(lines: list[AgendaLine], t: Translator, linked: bool = False) -> pd.DataFrame:
    """The lines as a table: client code, coach, status (icon and word), what. `linked`:
    the codes in `CLIENT_COLUMN`, for `client_table` to show as timeline links."""
    return pd.DataFrame(
        {
            (CLIENT_COLUMN if linked else t("supervision.column.client")): [
                line.client_code for line in lines
            ],
            t("supervision.column.coach"): [line.coach_name or "–" for line in lines],
            t("supervision.column.status"): [status_text(line.status, t) for line in lines],
            t("supervision.column.what"): [line_text(line, t) for line in lines],
        }
    )


def coach_frame(coaches: list[CoachWeek], t: Translator) -> pd.DataFrame:
    """One row per coach, with a mark (✓ / ⚠ and a word) beside each figure with a limit."""
    ok, over = f"✓ {t('supervision.mark.ok')}", f"⚠ {t('supervision.mark.not_ok')}"
    return pd.DataFrame(
        {
            t("supervision.column.coach"): [c.name for c in coaches],
            t("supervision.column.active"): [
                f"{c.active_clients} / {c.caseload_limit:g}" + (f" {over}" if c.over_limit else "")
                for c in coaches
            ],
            t("supervision.column.job_seekers"): [c.job_seekers for c in coaches],
            t("supervision.column.contacts"): [
                f"{c.employer_contacts} / {c.target} {ok if c.target_met else over}"
                for c in coaches
            ],
            t("supervision.column.trend"): [[count for _, count in c.trend] for c in coaches],
            t("supervision.column.starts"): [c.job_starts for c in coaches],
            t("supervision.column.ends"): [c.job_ends for c in coaches],
        }
    )


def trend_chart(coach: CoachWeek, t: Translator) -> alt.Chart:
    """The coach's face-to-face employer contacts per week against the week's target."""
    frame = pd.DataFrame(
        {"week": [label[-3:] for label, _ in coach.trend], "count": [n for _, n in coach.trend]}
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#1d4ed8")
        .encode(
            x=alt.X("week:N", title=t("supervision.week"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=t("supervision.column.contacts")),
            tooltip=["week", "count"],
        )
    )
    text = bars.mark_text(dy=-14, color="#000000", fontSize=20).encode(text="count:Q")
    target = (
        alt.Chart(pd.DataFrame({"target": [coach.target]}))
        .mark_rule(color="#000000", strokeDash=[6, 4])
        .encode(y="target:Q")
    )
    return (
        (bars + text + target)
        .properties(height=320)
        .configure_axis(labelFontSize=18, titleFontSize=18, labelColor="#000000")
    )


def trend_frame(coach: CoachWeek, t: Translator) -> pd.DataFrame:
    """The trend chart's figures: the contacts of each week and the target drawn across
    them (this week's)."""
    return pd.DataFrame(
        {
            t("charts.week"): [label for label, _ in coach.trend],
            t("supervision.column.contacts"): [count for _, count in coach.trend],
            t("charts.target"): [coach.target for _ in coach.trend],
        }
    )


def trends_frame(coaches: list[CoachWeek], t: Translator) -> pd.DataFrame:
    """Coach × week: the coach table's bars (the last 8 weeks' face-to-face employer
    contacts) as numbers."""
    weeks = [label for label, _ in coaches[0].trend] if coaches else []
    data: dict[str, list] = {t("supervision.column.coach"): [c.name for c in coaches]}
    for index, label in enumerate(weeks):
        data[label] = [c.trend[index][1] if index < len(c.trend) else None for c in coaches]
    return pd.DataFrame(data)


def figure_help(week: Week, day: date, t: Translator) -> dict[str, str]:
    """Each figure of a coach's week (by its column key) → its definition, counted as
    `ote.supervision.coaches.coach_week` counts it for `week` read on `day`: clients on
    `day`, contacts and jobs from the Monday to `day`, the trend over the last
    `TREND_WEEKS` weeks."""
    language = t.language
    so_far = (week.monday, day)
    trend_first = week.shifted(1 - TREND_WEEKS).monday
    return {
        "active": definition("active_clients", language, window=(None, day)),
        "job_seekers": definition("job_seekers", language, window=(None, day)),
        "contacts": definition("weekly_employer_contacts", language, window=so_far),
        "trend": definition("weekly_employer_contacts", language, window=(trend_first, day)),
        "starts": definition("week_job_starts", language, window=so_far),
        "ends": definition("week_job_ends", language, window=so_far),
    }


def coach_columns(week: Week, day: date, t: Translator) -> dict:
    """The coach table's column help (`figure_help`), the trend column drawn as bars."""
    found = figure_help(week, day, t)
    columns = {
        t(f"supervision.column.{name}"): st.column_config.Column(help=text)
        for name, text in found.items()
        if name != "trend"
    }
    columns[t("supervision.column.trend")] = st.column_config.BarChartColumn(
        t("supervision.column.trend"), help=found["trend"], y_min=0
    )
    return columns


def coach_table(coaches: list[CoachWeek], t: Translator, week: Week, day: date) -> None:
    """The coaches' week, each column's name opening its definition, with the trend
    column's bars as numbers in an expander under the table."""
    from ote.ui.charts import table_alternative

    frame = coach_frame(coaches, t)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=coach_columns(week, day, t))
    table_alternative(trends_frame(coaches, t), t)


STATUS_ERRORS = "weekly.status_errors"  # problems of a status set in a callback, shown next run
STATUSES = [status.value for status in DecisionStatus]


def decision_line(decision: Decision, day: date, t: Translator) -> str:
    """`**text** · vastuu … · määräpäivä … · päätetty …`, and ⚠ when overdue on `day`."""
    owner = decision.owner_name or t("supervision.whole_team")
    due = format_date(decision.due_date) if decision.due_date else "–"
    late = f" · ⚠ {t('supervision.overdue')}" if decision.overdue_on(day) else ""
    line = t(
        "supervision.decision_line",
        text=markdown_text(decision.text),
        owner=markdown_text(owner),
        due=due,
        made=format_date(decision.meeting_date),
    )
    return line + late


def _on_status(database, team_id: int, decision_id: int, widget: str, day: date) -> None:
    try:
        set_decision_status(database, team_id, decision_id, st.session_state[widget], day)
    except ValidationFailed as failure:
        st.session_state[STATUS_ERRORS] = failure.errors


def decisions_to_follow(context, decisions: list[Decision], day: date) -> None:
    """Decisions with their status to set (saved at once, closed on `day`)."""
    t = context.t
    if not decisions:
        st.caption(t("supervision.no_carried"))
        return
    for decision in decisions:
        text, status = st.columns([4, 1], vertical_alignment="center")
        text.markdown(decision_line(decision, day, t))
        widget = f"weekly.status.{decision.id}"
        status.selectbox(
            t("field.status"),
            STATUSES,
            index=STATUSES.index(decision.status),
            format_func=lambda code: t(f"enum.DecisionStatus.{code}"),
            label_visibility="collapsed",
            key=widget,
            on_change=_on_status,
            args=(context.database, context.team.id, decision.id, widget, day),
        )
