"""Charts drawn from a Vega-Lite specification built once for the same data.

Building an Altair chart and turning it into Vega-Lite validates it against the whole
Vega-Lite schema: for the Tiimi page's three charts that is most of a warm page run.
`draw(build, *data, t=t)` builds `build(*data, t)` once per data, language and builder
(Streamlit's data cache, keyed on the data's content, so new data draws a new chart at
once), keeps the specification with its data as Arrow tables, and draws it with
`st.vega_lite_chart` – the same element `st.altair_chart` draws.

Every chart has a text alternative (WCAG 1.1.1, the act on digital services): `alt`, a
short description a screen reader announces as the chart's name, and `table`, the figures
the chart shows, one click away in an expander right under it (`table_alternative`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from ote.i18n import Translator
from ote.ui.cache import digest

# Contrast (WCAG 1.4.3 for the words in a chart, 1.4.11 for its lines, bars and points):
# Streamlit's chart theme writes axis and legend text in #808495 (3.9:1 on white) and draws
# the second series in #83c9ff (1.9:1). A chart's own configuration wins over the theme, so
# every chart gets darker text and series colours of at least 3:1 on white, unless its
# builder set its own. Each series colour is also at least 4.5:1 against white, so that white
# words written on a bar or a segment can be read (ote.ui.team.flow_chart).
TEXT_COLOUR = "#4b5563"  # 7.6:1 on white
SERIES_COLOURS = [
    "#0068c9",  # blue
    "#b45309",  # amber
    "#047857",  # green
    "#7c3aed",  # violet
    "#be123c",  # rose
    "#0e7490",  # cyan
    "#4b5563",  # grey
    "#92400e",  # brown
    "#a21caf",  # fuchsia
    "#3f6212",  # olive
    "#1e3a8a",  # navy
    "#9f1239",  # wine
]
ACCESSIBLE_CONFIG = {
    "axis": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "legend": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelLimit": 0},
    "header": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "title": {"color": TEXT_COLOUR},
    "range": {"category": SERIES_COLOURS},
}


def _accessible(spec: dict) -> dict:
    """`spec` with `ACCESSIBLE_CONFIG` under its own configuration (the builder's wins)."""
    config = spec.setdefault("config", {})
    for part, settings in ACCESSIBLE_CONFIG.items():
        config[part] = {**settings, **config.get(part, {})}
    return spec


@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _specification(key: str, _data: tuple, _language: str, _build: Callable[..., Any]) -> dict:
    # Streamlit's own conversion (what st.altair_chart does): the theme and the data as
    # named Arrow datasets. A private function of the pinned Streamlit; every chart page's
    # AppTest draws through it.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _accessible(_convert_altair_to_vega_lite_spec(_build(*_data, Translator(_language))))


def specification(build: Callable[..., Any], *data: Any, language: str) -> dict:
    """The Vega-Lite specification of `build(*data, t)`, built once per builder, language
    and data content (`ote.ui.cache.digest`)."""
    key = digest((f"{build.__module__}.{build.__qualname__}", language, data))
    return _specification(key, data, language, build)


def table_alternative(
    table: pd.DataFrame, t: Translator, grid: bool = False, expanded: bool = False
) -> None:
    """The figures of the chart just drawn as a table, in an expander right under it
    ("Näytä taulukkona"; open from the start with `expanded`, for a table the page has
    always shown beside its chart): a plain table that a screen reader reads cell by cell,
    or, with `grid`, the sortable grid the page's other long tables use."""
    with st.expander(t("charts.as_table"), expanded=expanded):
        if grid:
            st.dataframe(table, hide_index=True, width="stretch")
        else:
            st.table(table, hide_index=True)


def draw(
    build: Callable[..., Any],
    *data: Any,
    t: Translator,
    alt: str,
    table: pd.DataFrame,
    grid: bool = False,
    expanded: bool = False,
    **options: Any,
) -> None:
    """Draw the Altair chart `build(*data, t)` (options as for `st.vega_lite_chart`) with
    its text alternatives: `alt` describes it to a screen reader, and `table` – the same
    figures – follows in an expander (`table_alternative`; `grid` and `expanded` as
    there)."""
    spec = specification(build, *data, language=t.language)
    described = f"{alt} {t('charts.table_below')}"
    st.vega_lite_chart(spec=spec, alt=described, **options)  # a copy: the cache gives each its own
    table_alternative(table, t, grid=grid, expanded=expanded)
