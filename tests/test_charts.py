"""Charts are drawn from a Vega-Lite specification built once per data, language and
builder (ote.ui.charts): the Altair work is not redone on every run of a page, and new data
draws a new chart at once."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ote.i18n import Translator
from ote.ui import charts


def test_a_chart_is_built_once_for_the_same_data_and_again_for_new():
    st.cache_data.clear()
    built: list[tuple[int, str]] = []

    def bars(frame: pd.DataFrame, t: Translator) -> alt.Chart:
        built.append((int(frame["b"].sum()), t.language))
        return alt.Chart(frame).mark_bar().encode(x="a:O", y=alt.Y("b:Q", title=t("field.date")))

    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    charts.draw(bars, frame, t=Translator("fi"))
    charts.draw(bars, frame.copy(), t=Translator("fi"))  # the same content: not built again
    assert built == [(7, "fi")]
    charts.draw(bars, frame.assign(b=[5, 6]), t=Translator("fi"))  # new data
    charts.draw(bars, frame, t=Translator("sv"))  # another language
    assert built == [(7, "fi"), (11, "fi"), (7, "sv")]


def test_the_specification_is_what_streamlit_draws_for_the_altair_chart():
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    st.cache_data.clear()
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [3, 4, 5]})

    def line(data: pd.DataFrame, t: Translator) -> alt.Chart:
        return alt.Chart(data).mark_line().encode(x="a:Q", y=alt.Y("b:Q", title=t("field.date")))

    spec = charts.specification(line, frame, language="fi")
    assert spec == _convert_altair_to_vega_lite_spec(line(frame, Translator("fi")))
    assert spec["encoding"]["y"]["title"] == "Päivämäärä"
    (data,) = spec["datasets"].values()
    assert isinstance(data, bytes)  # the data as an Arrow table, as st.altair_chart sends it


def test_a_display_table_is_made_once_per_content_and_language():
    """`ote.ui.cache.made`: a table a page formats from its figures is made once for the
    same rows and language, again for new rows – and each call gets its own copy."""
    from ote.ui.cache import digest, made

    st.cache_data.clear()
    made_for: list[tuple[int, str]] = []

    def table(rows: list[tuple[str, int]], t: Translator) -> pd.DataFrame:
        made_for.append((len(rows), t.language))
        return pd.DataFrame({t("field.date"): [day for day, _ in rows]})

    rows = [("1.6.2026", 3), ("2.6.2026", 4)]
    first = made(table, rows, t=Translator("fi"))
    first["muutettu"] = 1  # a page changing its copy changes nothing cached
    again = made(table, list(rows), t=Translator("fi"))
    assert made_for == [(2, "fi")] and list(again.columns) == ["Päivämäärä"]
    made(table, [*rows, ("3.6.2026", 5)], t=Translator("fi"))
    made(table, rows, t=Translator("en"))
    assert made_for == [(2, "fi"), (3, "fi"), (2, "en")]
    assert digest(rows) == digest(list(rows)) != digest(rows[:1])
