"""Drawing the Tiimi page: caseload tables and trends, the queue, the module pathway and the
law-based periods; client codes link to the client's timeline."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from ote.enums import ModuleExit
from ote.formatting import format_date, format_figure, format_number
from ote.i18n import Translator
from ote.metrics.base import Measure
from ote.metrics.caseload import CASELOAD_LIMIT
from ote.metrics.definitions import definition
from ote.ui.clients import CLIENT_COLUMN


def module_label(code: str, t: Translator) -> str:
    """`Moduuli 3A`, `Ei moduulia`, or an exit's label."""
    if code == "none":
        return t("team.module_none")
    if code.startswith("exit:"):
        return t.enum(code, ModuleExit)
    return t("team.module", module=code)


def figure(value: float | None, t: Translator, percent: bool = False) -> str:
    """A figure in the page's language, or `–` when there is none."""
    return format_figure(value, t.language, percent)


def _ratio(value: float | None, t: Translator) -> str:
    return figure(value, t)


def caseload_frame(loads, t: Translator) -> pd.DataFrame:
    """Each coach: FTE, active clients, clients per FTE, and a mark with a word when over 20."""
    over = f"⚠ {t('team.over_limit', limit=f'{CASELOAD_LIMIT:g}')}"
    return pd.DataFrame(
        {
            t("team.column.coach"): [c.name for c in loads],
            t("team.column.fte"): [format_number(c.fte, 2, t.language) for c in loads],
            t("team.column.active"): [c.active_clients for c in loads],
            t("team.column.ratio"): [
                _ratio(c.ratio, t) + (f" {over}" if c.over_limit else "") for c in loads
            ],
        }
    )


def caseload_columns(ratio: Measure, t: Translator) -> dict:
    """The caseload table's column help: each figure's name opens its definition (active
    clients on the caseload's date, and the caseload ratio of `ratio`)."""
    return {
        t("team.column.active"): st.column_config.NumberColumn(
            help=definition("active_clients", t.language, window=(None, ratio.last))
        ),
        t("team.column.ratio"): st.column_config.TextColumn(
            help=definition("caseload_ratio", t.language, measure=ratio)
        ),
    }


def _trend_long(trend, t: Translator) -> pd.DataFrame:
    rows = []
    for point in trend:
        for key, value in (
            ("team_ratio", point.team_ratio),
            ("coaching_share", point.coaching_share),
            ("coaches_per_leader", point.coaches_per_leader),
        ):
            if value is not None:
                rows.append({"day": point.day, "measure": t(f"team.series.{key}"), "value": value})
    return pd.DataFrame(rows, columns=["day", "measure", "value"])


def trend_chart(trend, t: Translator) -> alt.VConcatChart:
    """The team ratio, job-coaching share and coaches per leader at each month end, each in
    its own panel with its limit as a dashed line (20, 90 %, 10)."""
    frame = _trend_long(trend, t)
    panels = []
    for key, limit in (
        ("team_ratio", CASELOAD_LIMIT),
        ("coaching_share", 90.0),
        ("coaches_per_leader", 10.0),
    ):
        name = t(f"team.series.{key}")
        line = (
            alt.Chart(frame[frame["measure"] == name])
            .mark_line(point=True)
            .encode(
                x=alt.X("day:T", title=None, axis=alt.Axis(format="%m/%Y")),
                y=alt.Y("value:Q", title=name, scale=alt.Scale(zero=True)),
                tooltip=[
                    alt.Tooltip("day:T", format="%d.%m.%Y"),
                    alt.Tooltip("value:Q", format=".1f"),
                ],
            )
        )
        rule = (
            alt.Chart(pd.DataFrame({"limit": [limit]}))
            .mark_rule(strokeDash=[4, 4], color="#6b7280")
            .encode(y="limit:Q")
        )
        panels.append((line + rule).properties(height=140))
    return alt.vconcat(*panels)


def trend_frame(trend, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.date"): [format_date(p.day) for p in trend],
            t("team.series.team_ratio"): [_ratio(p.team_ratio, t) for p in trend],
            t("team.series.coaching_share"): [_ratio(p.coaching_share, t) for p in trend],
            t("team.series.coaches_per_leader"): [_ratio(p.coaches_per_leader, t) for p in trend],
        }
    )


def sources_frame(sources, t: Translator) -> pd.DataFrame:
    yes, no = t("team.yes"), t("team.no")
    return pd.DataFrame(
        {
            t("team.column.source"): [s.name for s in sources],
            t("field.kind"): [t(f"enum.SourceKind.{s.kind}") for s in sources],
            t("team.column.attached"): [yes if s.attached else no for s in sources],
            t("team.column.referrals"): [s.referrals for s in sources],
        }
    )


def _queue_long(flows, t: Translator) -> pd.DataFrame:
    rows = []
    for flow in flows:
        rows.append({"month": flow.month, "what": t("team.series.referrals"), "n": flow.referrals})
        rows.append({"month": flow.month, "what": t("team.series.starts"), "n": flow.starts})
    return pd.DataFrame(rows, columns=["month", "what", "n"])


def queue_chart(flows, t: Translator) -> alt.Chart:
    """Referrals and service starts per month side by side, the waiting list as a line."""
    bars = (
        alt.Chart(_queue_long(flows, t))
        .mark_bar()
        .encode(
            x=alt.X("month:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset="what:N",
            y=alt.Y("n:Q", title=t("team.clients")),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["month", "what", "n"],
        )
    )
    waiting = pd.DataFrame(
        {"month": [f.month for f in flows], "waiting": [f.waiting_at_end for f in flows]}
    )
    line = (
        alt.Chart(waiting)
        .mark_line(point=True, color="#000000", strokeDash=[6, 3])
        .encode(x="month:N", y="waiting:Q", tooltip=["month", "waiting"])
    )
    return (bars + line).properties(height=280)


def queue_frame(flows, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("team.column.month"): [f.month for f in flows],
            t("team.series.referrals"): [f.referrals for f in flows],
            t("team.series.starts"): [f.starts for f in flows],
            t("team.series.waiting"): [f.waiting_at_end for f in flows],
        }
    )


def waiting_frame(waiting, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            CLIENT_COLUMN: [w.code for w in waiting],
            t("team.column.coach"): [w.coach_name or "–" for w in waiting],
            t("field.referral_date"): [format_date(w.referral_date) for w in waiting],
            t("team.column.source"): [w.source_name for w in waiting],
            t("team.column.days_waited"): [w.days_waited for w in waiting],
        }
    )


def _flow_long(moves, t: Translator) -> pd.DataFrame:
    """The flows with each segment's place on its module's bar (`start`, `end`), the
    targets in the order the engine gives them (next modules first, then exits)."""
    frame = pd.DataFrame(
        {
            "from": [module_label(f.source, t) for f in moves],
            "to": [module_label(f.target, t) for f in moves],
            "n": [f.count for f in moves],
        }
    )
    frame["end"] = frame.groupby("from", sort=False)["n"].cumsum()
    frame["start"] = frame["end"] - frame["n"]
    frame["middle"] = (frame["start"] + frame["end"]) / 2
    return frame


def flow_chart(moves, t: Translator) -> alt.Chart:
    """Where the clients of each module went after its assessment: one bar per module,
    split by the next module or the exit, with the counts written on it (in white: every
    series colour of `ote.ui.charts` is dark enough for that). Tall enough for its legend."""
    frame = _flow_long(moves, t)
    order = list(dict.fromkeys(frame["from"]))
    targets = list(dict.fromkeys(frame["to"]))
    base = alt.Chart(frame).encode(y=alt.Y("from:N", sort=order, title=t("team.flow_from")))
    bars = base.mark_bar(stroke="#ffffff").encode(
        x=alt.X("start:Q", title=t("team.clients")),
        x2="end:Q",
        color=alt.Color(
            "to:N", sort=targets, title=t("team.flow_to"), legend=alt.Legend(orient="right")
        ),
        tooltip=["from", "to", "n"],
    )
    text = base.mark_text(color="#ffffff").encode(x="middle:Q", text="n:Q")
    height = max(40 * max(len(order), 1) + 40, 32 * len(targets) + 40)
    return (bars + text).properties(height=height)


def flow_frame(moves, t: Translator) -> pd.DataFrame:
    frame = _flow_long(moves, t)[["from", "to", "n"]]
    frame.columns = [t("team.flow_from"), t("team.flow_to"), t("team.clients")]
    return frame


def due_frame(due, t: Translator) -> pd.DataFrame:
    late = f"⚠ {t('team.overdue')}"
    return pd.DataFrame(
        {
            CLIENT_COLUMN: [d.code for d in due],
            t("team.column.coach"): [d.coach_name or "–" for d in due],
            t("field.module"): [d.module for d in due],
            t("field.end_date"): [format_date(d.end_date) for d in due],
            t("team.column.days_since_end"): [
                f"{d.days_since_end}" + (f" {late}" if d.overdue else "") for d in due
            ],
        }
    )


def periods_frame(checks, t: Translator) -> pd.DataFrame:
    def rule_text(found) -> str:
        detail = found.detail
        if found.rule.value == "week_without_meeting":
            detail = format_date(date.fromisoformat(detail))
        return f"⚠ {t(f'team.rule.{found.rule.value}', detail=detail)}"

    def checks_text(check) -> str:
        if check.breaks:
            return "; ".join(rule_text(found) for found in check.breaks)
        return f"✓ {t('team.rules_kept')}"

    def ending(check) -> str:
        if check.ends_in_days is None:
            return t("team.period_over")
        return t("team.ends_in", days=check.ends_in_days)

    return pd.DataFrame(
        {
            CLIENT_COLUMN: [c.client_code for c in checks],
            t("team.column.coach"): [c.coach_name or "–" for c in checks],
            t("field.start_date"): [format_date(c.start) for c in checks],
            t("field.end_date"): [format_date(c.end) for c in checks],
            t("team.column.days"): [c.days for c in checks],
            t("team.column.ending"): [ending(c) for c in checks],
            t("team.column.checks"): [checks_text(c) for c in checks],
        }
    )
