"""Tulokset: the team's results per quarter and year (seed 000 "Tulosten arvioiminen", item
10.5) – clients referred, going on after module 1, employed, client feedback, both
employment rates against the IPS benchmarks, job starts and tenure."""

from datetime import date, timedelta

import streamlit as st

from ote.briefing import period_results, quarter_results
from ote.formatting import format_date, format_figure
from ote.metrics import jobs
from ote.ui import charts, guide, shell
from ote.ui import employers as employer_view
from ote.ui import records as ui
from ote.ui import results as view
from ote.ui.cache import cached

context = shell.context()
t = context.t
team_id = ui.record_page(context, "results")
database = context.database
on = context.as_of
year_ago = on - timedelta(days=364)

quarters = cached(context, quarter_results, team_id, on, 8)
years = [
    cached(
        context, period_results, team_id, str(year), date(year, 1, 1), min(date(year, 12, 31), on)
    )
    for year in (on.year - 1, on.year)
]
lasted = cached(context, jobs.tenure, team_id, year_ago, on, on)
per_month = cached(context, jobs.jobs_per_month, team_id, on)


st.subheader(t("results.quarters_heading"))
if not any(p.referred or p.ips_whole for p in quarters):
    guide.empty(context, t("results.none"), page="log_clients", label=t("results.go_clients"))
else:
    columns = view.results_columns(t)
    st.dataframe(
        view.results_frame(quarters, t), hide_index=True, width="stretch", column_config=columns
    )
    st.subheader(t("results.rates_heading"), help=view.rates_help(t))
    charts.draw(
        view.rates_chart,
        quarters,
        t=t,
        alt=t("charts.alt.results_rates"),
        table=view.rates_frame(quarters, t),
        width="stretch",
    )
    st.subheader(t("results.years_heading"))
    st.dataframe(
        view.results_frame(years, t), hide_index=True, width="stretch", column_config=columns
    )
    st.subheader(t("results.jobs_heading", first=format_date(year_ago), last=format_date(on)))
    charts.draw(
        employer_view.month_chart,
        per_month,
        t=t,
        alt=t("charts.alt.jobs_per_month"),
        table=employer_view.month_frame(per_month, t),
        width="stretch",
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
