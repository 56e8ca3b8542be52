"""Tulokset: the team's results per quarter and year (seed 000 "Tulosten arvioiminen", item
10.5) – clients referred, going on after module 1, employed, client feedback, both
employment rates against the IPS benchmarks, job starts and tenure."""

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from ote.briefing import IPS_BENCHMARKS, OUT_OF_WORK_BENCHMARK, period_results, quarter_results
from ote.formatting import format_date, format_figure
from ote.metrics import jobs
from ote.ui import records as ui
from ote.ui import shell

context = shell.context()
t = context.t
team_id = ui.record_page(context, "results")
database = context.database
on = context.as_of
year_ago = on - timedelta(days=364)

with database.read() as session:
    quarters = quarter_results(session, team_id, on, quarters=8)
    years = [
        period_results(session, team_id, str(year), date(year, 1, 1), min(date(year, 12, 31), on))
        for year in (on.year - 1, on.year)
    ]
    lasted = jobs.tenure(session, team_id, year_ago, on, on)
    per_month = jobs.jobs_per_month(session, team_id, on)


def results_frame(periods) -> pd.DataFrame:
    def continued(p) -> str:
        if not p.module1_assessed:
            return "–"
        share = 100 * p.continued_after_module1 / p.module1_assessed
        shown = format_figure(share, t.language, percent=True)
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


def rates_chart(periods) -> alt.LayerChart:
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


st.subheader(t("results.quarters_heading"))
if not any(p.referred or p.ips_whole for p in quarters):
    st.info(t("results.none"), icon=":material/info:")
else:
    st.dataframe(results_frame(quarters), hide_index=True, width="stretch")
    st.subheader(t("results.rates_heading"))
    st.caption(t("results.rates_help"))
    st.altair_chart(rates_chart(quarters), width="stretch")
    st.subheader(t("results.years_heading"))
    st.dataframe(results_frame(years), hide_index=True, width="stretch")
    st.subheader(t("results.jobs_heading", first=format_date(year_ago), last=format_date(on)))
    st.bar_chart(
        pd.DataFrame(
            {
                t("results.month"): [m for m, _ in per_month],
                t("results.jobs"): [n for _, n in per_month],
            }
        ),
        x=t("results.month"),
        y=t("results.jobs"),
        height=220,
    )
    st.caption(
        t(
            "results.tenure",
            jobs=lasted.jobs,
            ongoing=lasted.ongoing,
            median=format_figure(lasted.median_days, t.language),
            lasted_90=lasted.lasted_90_days,
            lasted_180=lasted.lasted_180_days,
        )
    )
