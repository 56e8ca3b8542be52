"""Charts are drawn from a Vega-Lite specification built once per data, language and
builder (ote.ui.charts): the Altair work is not redone on every run of a page, and new data
draws a new chart at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from conftest import DEMO_END

from ote.config import sqlite_url
from ote.i18n import Translator, translate
from ote.ui import charts


def test_a_chart_is_built_once_for_the_same_data_and_again_for_new():
    st.cache_data.clear()
    built: list[tuple[int, str]] = []

    def bars(frame: pd.DataFrame, t: Translator) -> alt.Chart:
        built.append((int(frame["b"].sum()), t.language))
        return alt.Chart(frame).mark_bar().encode(x="a:O", y=alt.Y("b:Q", title=t("field.date")))

    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})

    def draw(data: pd.DataFrame, language: str) -> None:
        charts.draw(bars, data, t=Translator(language), alt="Pylväät", table=data)

    draw(frame, "fi")
    draw(frame.copy(), "fi")  # the same content: not built again
    assert built == [(7, "fi")]
    draw(frame.assign(b=[5, 6]), "fi")  # new data
    draw(frame, "sv")  # another language
    assert built == [(7, "fi"), (11, "fi"), (7, "sv")]


def test_the_specification_is_what_streamlit_draws_for_the_altair_chart():
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    st.cache_data.clear()
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [3, 4, 5]})

    def line(data: pd.DataFrame, t: Translator) -> alt.Chart:
        return alt.Chart(data).mark_line().encode(x="a:Q", y=alt.Y("b:Q", title=t("field.date")))

    spec = charts.specification(line, frame, language="fi")
    streamlits = _convert_altair_to_vega_lite_spec(line(frame, Translator("fi")))
    assert spec == charts._accessible(streamlits)  # with OTE's colours (test below)
    assert spec["encoding"]["y"]["title"] == "Päivämäärä"
    (data,) = spec["datasets"].values()
    assert isinstance(data, bytes)  # the data as an Arrow table, as st.altair_chart sends it


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.1's contrast ratio of two #rrggbb colours."""

    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_chart_has_readable_words_and_distinct_series_colours():
    """A chart's axis and legend words are at least 4.5:1 on white (WCAG 1.4.3; Streamlit's
    theme gives 3.9:1), its series colours at least 3:1 (1.4.11) – and 4.5:1, for white
    numbers written on them – and all different; a builder's own setting still wins."""
    st.cache_data.clear()
    assert contrast("#808495") < 4.5  # Streamlit's grey, which OTE's configuration replaces
    assert contrast(charts.TEXT_COLOUR) >= 4.5
    assert all(contrast(colour) >= 4.5 for colour in charts.SERIES_COLOURS)
    assert len(set(charts.SERIES_COLOURS)) == len(charts.SERIES_COLOURS) >= 10

    def bars(data: pd.DataFrame, t: Translator) -> alt.Chart:
        return (
            alt.Chart(data)
            .mark_bar()
            .encode(x="a:N", y="b:Q", color="a:N")
            .configure_axis(labelColor="#000000", labelFontSize=18)
        )

    spec = charts.specification(bars, pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}), language="fi")
    config = spec["config"]
    assert config["range"]["category"] == charts.SERIES_COLOURS
    assert config["legend"]["labelColor"] == charts.TEXT_COLOUR
    assert config["axis"]["titleColor"] == charts.TEXT_COLOUR
    assert config["axis"]["labelColor"] == "#000000"  # the builder's (presentation mode)
    assert config["axis"]["labelFontSize"] == 18


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


# ------------------------------------------------------- every chart has its table
ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
AS_OF = DEMO_END.isoformat()
# The charts each page draws on the demo (its tabs included); the weekly meeting's own
# charts are in presentation mode (test below).
CHARTS_ON_THE_DEMO = {"team": 3, "employers": 2, "results": 2, "fidelity": 2}


def blocks(node) -> Iterator[list]:
    """The children of every block under `node` (tabs, columns, expanders …), in order."""
    children = getattr(node, "children", None)
    if children:
        ordered = [children[index] for index in sorted(children)]
        yield ordered
        for child in ordered:
            yield from blocks(child)


def is_chart(element) -> bool:
    """A chart element, or a table whose column draws a small chart in each row."""
    if element.type.endswith("chart") or element.type in ("pyplot", "graphviz", "map"):
        return True
    if element.type == "dataframe":
        columns = getattr(element.proto, "columns", "") or ""
        return any(kind in columns for kind in ('"bar_chart"', '"line_chart"', '"area_chart"'))
    return False


def holds_a_table(element) -> bool:
    return any(child.type in ("table", "dataframe") for child in next(blocks(element), []))


def charts_without_a_table(at) -> tuple[int, list[str]]:
    """(how many charts, the ones not followed by an expander "Näytä taulukkona" holding
    the chart's table, or drawn without a text alternative)."""
    found, missing = 0, []
    for children in blocks(at.main):
        for index, element in enumerate(children):
            if not is_chart(element):
                continue
            found += 1
            after = children[index + 1] if index + 1 < len(children) else None
            if (
                after is None
                or after.type != "expander"
                or after.label != translate("charts.as_table", "fi")
                or not holds_a_table(after)
            ):
                missing.append(f"{element.type} #{found}: followed by {after and after.type}")
            if element.type == "vega_lite_chart" and not element.proto.alt.strip():
                missing.append(f"{element.type} #{found}: no text alternative (alt)")
    return found, missing


def open_page(app_test, url: str, name: str):
    at = app_test(url, as_of=AS_OF)
    at.run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("name", PAGE_FILES)
def test_every_chart_has_its_table_one_click_away(app_test, demo_file, name):
    """On every page with the demo data (as the administrator, who sees every page), each
    chart is followed by an expander holding the same figures as a table, and has a text
    alternative for screen readers."""
    at = open_page(app_test, sqlite_url(demo_file), name)
    found, missing = charts_without_a_table(at)
    assert not missing, f"{name}: {missing}"
    expected = CHARTS_ON_THE_DEMO.get(name, 0) + (1 if name == "weekly" else 0)
    assert found == expected, f"{name}: {found} charts"


def test_presentation_mode_charts_have_their_tables(app_test, demo_file):
    """Each coach's view in the weekly meeting's presentation mode has the coach's chart,
    with its table and a text alternative naming the coach."""
    at = open_page(app_test, sqlite_url(demo_file), "weekly")
    at.toggle(key="weekly.present").set_value(True).run()
    coaches = 0
    while True:
        found, missing = charts_without_a_table(at)
        assert not missing, missing
        if found:
            coaches += 1
            (chart,) = at.get("vega_lite_chart")
            assert at.header[0].value in chart.proto.alt
        forward = next(b for b in at.button if b.label == "Seuraava")
        if forward.disabled:
            break
        forward.click().run()
        assert not at.exception
    assert coaches >= 3


# ------------------------------------------------------ status never colour alone
def layers(spec: dict) -> list[dict]:
    """Every single view of a (layered or concatenated) Vega-Lite specification."""
    found = [spec] if "mark" in spec else []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            found += layers(part)
    return found


def test_the_employment_rates_differ_by_shape_and_dash_too():
    """Status is never colour alone: the two employment rates are told apart by their
    points' shape and their lines' dash as well as by colour (and the legend names them)."""
    from ote.ui.results import rates_chart

    st.cache_data.clear()
    periods = [
        SimpleNamespace(quarter=f"2026Q{n}", ips_rate=30.0 + n, out_of_work_rate=20.0 + n)
        for n in (1, 2)
    ]
    spec = charts.specification(rates_chart, periods, language="fi")
    (lines,) = [layer for layer in layers(spec) if layer["mark"]["type"] == "line"]
    for channel in ("color", "shape", "strokeDash"):
        assert lines["encoding"][channel]["field"] == "rate", channel


def test_the_fidelity_bands_are_named_on_the_history_chart():
    """The band limits on the history chart are named in words, not only drawn as lines."""
    from ote.ui.fidelity import history_chart

    st.cache_data.clear()
    over_time = pd.DataFrame(
        {"key": ["A1", "A2"], "date": ["2025-06-30", "2025-12-31"], "total": [90, 104]}
    )
    spec = charts.specification(history_chart, over_time, language="fi")
    (labels,) = [layer for layer in layers(spec) if layer["mark"]["type"] == "text"]
    (data,) = [v for k, v in spec["datasets"].items() if k == labels["data"]["name"]]
    assert labels["encoding"]["text"]["field"] == "label"
    assert isinstance(data, bytes)
    shown = pa.ipc.open_stream(data).read_all().to_pandas()
    assert list(shown["label"]) == [
        "Esimerkillinen taso ≥ 115",
        "Hyvä taso ≥ 100",
        "Kohtalainen taso ≥ 74",
    ]


def test_the_coach_tables_trend_bars_are_numbers_too():
    """The coach table's bars (the last 8 weeks) have a table of the same counts."""
    from ote.ui.supervision import trend_frame, trends_frame

    t = Translator("fi")
    coach = SimpleNamespace(name="Laura", target=6, trend=(("2026-W25", 4), ("2026-W26", 7)))
    other = SimpleNamespace(name="Kari", target=2, trend=(("2026-W25", 1), ("2026-W26", 0)))
    frame = trends_frame([coach, other], t)
    assert list(frame.columns) == ["Valmentaja", "2026-W25", "2026-W26"]
    assert frame.values.tolist() == [["Laura", 4, 7], ["Kari", 1, 0]]
    single = trend_frame(coach, t)
    assert single.values.tolist() == [["2026-W25", 4, 6], ["2026-W26", 7, 6]]
