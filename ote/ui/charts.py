"""Charts drawn from a Vega-Lite specification built once for the same data.

Building an Altair chart and turning it into Vega-Lite validates it against the whole
Vega-Lite schema: for the Tiimi page's three charts that is most of a warm page run.
`draw(build, *data, t=t)` builds `build(*data, t)` once per data, language and builder
(Streamlit's data cache, keyed on the data's content, so new data draws a new chart at
once), keeps the specification with its data as Arrow tables, and draws it with
`st.vega_lite_chart` – the same element `st.altair_chart` draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ote.i18n import Translator
from ote.ui.cache import digest


@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _specification(key: str, _data: tuple, _language: str, _build: Callable[..., Any]) -> dict:
    # Streamlit's own conversion (what st.altair_chart does): the theme and the data as
    # named Arrow datasets. A private function of the pinned Streamlit; every chart page's
    # AppTest draws through it.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _convert_altair_to_vega_lite_spec(_build(*_data, Translator(_language)))


def specification(build: Callable[..., Any], *data: Any, language: str) -> dict:
    """The Vega-Lite specification of `build(*data, t)`, built once per builder, language
    and data content (`ote.ui.cache.digest`)."""
    key = digest((f"{build.__module__}.{build.__qualname__}", language, data))
    return _specification(key, data, language, build)


def draw(build: Callable[..., Any], *data: Any, t: Translator, **options: Any) -> None:
    """Draw the Altair chart `build(*data, t)` (options as for `st.vega_lite_chart`)."""
    spec = specification(build, *data, language=t.language)
    st.vega_lite_chart(spec=spec, **options)  # a copy: the cache gives each call its own
