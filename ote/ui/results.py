"""Drawing the Tulokset page: the results per period and both employment rates against the
IPS benchmarks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ote.briefing import IPS_BENCHMARKS, OUT_OF_WORK_BENCHMARK
from ote.formatting import format_figure
from ote.i18n import Translator


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


def rates_chart(periods, t: Translator) -> alt.LayerChart:
    """Both employment rates per quarter, with the IPS benchmarks as dashed lines."""
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
            tooltip=["quarter", "rate", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    rules = alt.Chart(benchmarks).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(y="value:Q")
    labels = (
        alt.Chart(benchmarks)
        .mark_text(align="left", dx=4, dy=-6, color="#374151")
        .encode(y="value:Q", text="label:N", x=alt.value(0))
    )
    return (lines + rules + labels).properties(height=300)
