"""Johdon katsaus: the one-page management briefing (items 10.5 and 11) on screen and as a
PDF, and the provider's report to the purchaser for a period (seeds 000 and 004) – both
aggregates only, every count of clients under 5 shown as "< 5"."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from ote import briefing as content
from ote.briefing_pdf import briefing_pdf
from ote.calendar import quarter_bounds, quarter_of
from ote.config import LANGUAGES
from ote.formatting import format_date
from ote.i18n import Translator
from ote.metrics.definitions import definition
from ote.purchaser_report import purchaser_report, report_pdf, report_rows, report_xlsx
from ote.ui import records as ui
from ote.ui import shell
from ote.ui.cache import cached

context = shell.context()
t = context.t
team_id = ui.record_page(context, "management")
database = context.database
on = context.as_of
today = date.today()


def table(rows: list[list[str]]) -> None:
    """A briefing table (header + rows, every cell already as it may be shown)."""
    st.table(pd.DataFrame(rows[1:], columns=rows[0]), hide_index=True)


def definitions(texts: list[str], label: str) -> None:
    """The definitions of a table's measures (Markdown), in a closed expander."""
    if texts:
        with st.expander(label, icon=":material/help:"):
            st.markdown("\n\n---\n\n".join(texts))


def language_choice(key: str) -> str:
    """The language of a document (the page's by default; sv or en on request)."""
    chosen = st.segmented_control(
        t("management.language"),
        list(LANGUAGES),
        default=context.language,
        format_func=lambda code: t(f"management.languages.{code}"),
        key=key,
    )
    return chosen or context.language


tab_briefing, tab_purchaser = st.tabs([t("management.tab_briefing"), t("management.tab_purchaser")])

with tab_briefing:
    language = language_choice("management.language")
    b_t = Translator(language)
    b = cached(context, content.briefing, team_id, on, language)
    st.download_button(
        b_t("briefing.note.pdf"),
        lambda: briefing_pdf(b),  # made when clicked
        file_name=f"johdon-katsaus-{context.team.key}-{on.isoformat()}.pdf",
        mime="application/pdf",
        type="primary",
        key="management.pdf",
    )
    st.subheader(b_t("briefing.subtitle", team=b.team_name, date=format_date(on)))
    st.markdown(f"#### {b_t('briefing.fidelity.heading')}")
    if b.fidelity:
        table(content.fidelity_table(b, b_t))
    else:
        st.caption(b_t("briefing.fidelity.no_history"))
    st.markdown(content.assessment_text(b, b_t))
    st.markdown(f"#### {b_t('briefing.results.heading')}")
    table(content.results_table(b, b_t))
    st.caption(content.benchmarks_text(b, b_t))
    definitions(content.result_definitions(b), b_t("briefing.definitions"))
    st.markdown(f"#### {b_t('briefing.goals.heading', quarter=b.goal_quarter)}")
    goals = content.goals_table(b, b_t)
    if len(goals) > 1:
        st.caption(b_t("briefing.goals.running"))
        table(goals)
        definitions(content.goal_definitions(b), b_t("briefing.definitions"))
    else:
        st.caption(b_t("briefing.goals.none", quarter=b.goal_quarter))
    st.markdown(f"#### {b_t('briefing.actions.heading')}")
    table(content.actions_table(b, b_t))
    st.markdown(f"#### {b_t('briefing.steering.heading')}")
    st.markdown(content.steering_text(b, b_t))
    for note in content.privacy_notes(b, b_t):
        st.caption(note)

with tab_purchaser:
    previous_quarter = quarter_of(quarter_bounds(quarter_of(on))[0] - timedelta(days=1))
    default = quarter_bounds(previous_quarter)
    period = st.date_input(
        t("management.period"),
        value=default,
        max_value=today,
        format="DD.MM.YYYY",
        help=t("management.period_help"),
        key=f"management.period.{on.isoformat()}",
    )
    r_language = language_choice("management.report_language")
    if not (isinstance(period, tuple) and len(period) == 2):
        st.info(t("management.choose_period"), icon=":material/date_range:")
        st.stop()
    first, last = period
    r_t = Translator(r_language)
    report = cached(context, purchaser_report, team_id, first, last, r_language)
    left, right = st.columns(2)
    name = f"raportti-{context.team.key}-{first.isoformat()}-{last.isoformat()}"
    left.download_button(
        t("management.report_pdf"),
        lambda: report_pdf(report),  # made when clicked
        file_name=f"{name}.pdf",
        mime="application/pdf",
        key="management.report_pdf",
    )
    right.download_button(
        t("management.report_xlsx"),
        lambda: report_xlsx(report),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="management.report_xlsx",
    )
    rows = report_rows(report, r_t)
    st.table(
        pd.DataFrame(rows, columns=[t("management.figure"), t("management.value")]),
        hide_index=True,
    )
    definitions(
        [definition(key, r_language, window=(first, last)) for key in content.RESULT_MEASURES],
        r_t("briefing.definitions"),
    )
