"""Drawing the Tulokset page: the results per period and both employment rates against the
IPS benchmarks."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ote.briefing import IPS_BENCHMARKS, OUT_OF_WORK_BENCHMARK
from ote.formatting import format_figure
from ote.i18n import Translator
from ote.metrics.definitions import PERIOD, definition


def results_frame(periods, t: Translator) -> pd.DataFrame:
    """Each period's results with the counts behind every share (the team's own view)."""

    def continued(p) -> str:
        if p.continued_share is None:
            return "–"
        shown = format_figure(p.continued_share, t.language, percent=True)
        return f"{shown} ({p.continued_after_module1}/{p.module1_assessed})"

    def rate(value, part, whole) -> str:
        if value is None:
            return "–"
        return f"{format_figure(value, t.language, percent=True)} ({part}/{whole})"

    return pd.DataFrame(
        {
            t("results.period"): [p.quarter for p in periods],
            t("results.referred"): [p.referred for p in periods],
            t("results.continued"): [continued(p) for p in periods],
            t("results.employed"): [p.employed for p in periods],
            t("results.ips_rate"): [rate(p.ips_rate, p.ips_part, p.ips_whole) for p in periods],
            t("results.out_of_work_rate"): [
                rate(p.out_of_work_rate, p.out_of_work_part, p.out_of_work_whole) for p in periods
            ],
            t("results.feedback"): [
                f"{format_figure(p.feedback_mean, t.language)} ({p.feedback_count})"
                if p.feedback_count
                else "–"
                for p in periods
            ],
        }
    )


def rates_frame(periods, t: Translator) -> pd.DataFrame:
    """The rates the chart shows, per quarter, with the counts behind them."""
    shown = results_frame(periods, t)
    return shown[[t("results.period"), t("results.ips_rate"), t("results.out_of_work_rate")]]


def rates_chart(periods, t: Translator) -> alt.LayerChart:
    """Both employment rates per quarter, with the IPS benchmarks as dashed lines. The two
    rates differ by the shape of their points and the dash of their lines as well as by
    colour, and the legend names them."""
    rows = []
    for p in periods:
        for key, value in (("ips_rate", p.ips_rate), ("out_of_work_rate", p.out_of_work_rate)):
            if value is not None:
                rows.append({"quarter": p.quarter, "rate": t(f"results.{key}"), "value": value})
    frame = pd.DataFrame(rows, columns=["quarter", "rate", "value"])
    benchmarks = pd.DataFrame(
        {
            "label": [
                t("results.benchmark.minimum"),
                t("results.benchmark.average"),
                t("results.benchmark.excellent"),
                t("results.benchmark.out_of_work"),
            ],
            "value": [
                IPS_BENCHMARKS["minimum"],
                IPS_BENCHMARKS["average"],
                IPS_BENCHMARKS["excellent"],
                OUT_OF_WORK_BENCHMARK,
            ],
        }
    )
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("rate:N", title=None, legend=alt.Legend(orient="top")),
            shape=alt.Shape("rate:N", title=None, legend=alt.Legend(orient="top")),
            strokeDash=alt.StrokeDash("rate:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["quarter", "rate", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    rules = alt.Chart(benchmarks).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(y="value:Q")
    # The out-of-work benchmark (40 %) lies next to the IPS average (41 %): its words go at
    # the right end of its line, the others' at the left, so that none covers another.
    text = alt.Chart(benchmarks).encode(y="value:Q", text="label:N")
    left = (
        text.transform_filter(alt.datum.value != OUT_OF_WORK_BENCHMARK)
        .mark_text(align="left", dx=4, dy=-6, color="#374151")
        .encode(x=alt.value(0))
    )
    right = (
        text.transform_filter(alt.datum.value == OUT_OF_WORK_BENCHMARK)
        .mark_text(align="right", dx=-4, dy=-6, color="#374151")
        .encode(x=alt.value("width"))
    )
    labels = left + right
    return (lines + rules + labels).properties(height=300)


# The results table's columns and the measure each one shows (ote.metrics.definitions).
COLUMN_MEASURES = {
    "referred": "clients_referred",
    "continued": "continued_after_module1",
    "employed": "clients_employed",
    "ips_rate": "employment_rate_ips",
    "out_of_work_rate": "employment_rate_out_of_work",
    "feedback": "feedback_mean",
}


def results_columns(t: Translator) -> dict:
    """The results table's column help: each measure's name opens its definition, counted
    over the period of the row."""
    return {
        t(f"results.{column}"): st.column_config.Column(
            help=definition(key, t.language, window=PERIOD)
        )
        for column, key in COLUMN_MEASURES.items()
    }


def rates_help(t: Translator) -> str:
    """Both employment rates' definitions, for the heading of their chart."""
    return "\n\n---\n\n".join(
        definition(key, t.language, window=PERIOD)
        for key in ("employment_rate_ips", "employment_rate_out_of_work")
    )
