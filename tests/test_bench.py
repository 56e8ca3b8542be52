"""`ote bench --quick` keeps working: every page measured on the tiny demo, the table
printed and the JSON written (no time is asserted: speed is the benchmark's to report)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from ote.page_bench import PageTiming, bare_app, bare_script, page_names
from ote.page_bench import _census as census_of


def test_quick_bench_measures_every_page(tmp_path):
    out = tmp_path / "quick.json"
    env = {k: v for k, v in os.environ.items() if k != "OTE_DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ote",
            "bench",
            "--quick",
            "--data",
            str(tmp_path),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())
    measured = [row["page"] for row in report["pages"]]
    assert measured == page_names()
    for row in report["pages"]:
        assert row["scale"] == "tiny" and row["backend"] == "sqlite"
        assert row["warm_ms"] > 0 and row["bare_ms"] > 0 and row["sql_ms"] >= 0
        assert row["elements"] > 0
    assert {row["page"] for row in report["pages"] if row["queries"] > 0} >= {"team", "weekly"}
    assert "page" in result.stdout and "ratio" in result.stdout
    assert (tmp_path / "tiny.db").exists()  # the data set is kept for the next run


def test_the_bare_page_draws_the_same_elements():
    census = [
        ("title", None, False),
        ("dataframe", (40, 3), False),
        ("metric", None, False),
        ("selectbox", None, True),
    ]
    script = bare_script(census, navigation=12)
    assert "range(11)" in script  # the page and 11 others in the navigation
    compile(script, "bare.py", "exec")
    assert script.count("st.dataframe(") == 1 and "range(40)" in script and "range(3)" in script
    assert script.count("st.metric(") == 1 and script.count("st.selectbox(") == 1


def test_the_bare_app_draws_exactly_the_census():
    """Run under AppTest, the bare app (laid out as OTE is, with a `pages/` folder) draws
    the same kinds of elements, in the same order and places, with the same table shapes."""
    from streamlit.testing.v1 import AppTest

    census = [
        ("title", None, False),
        ("warning", None, False),
        ("dataframe", (25, 4), False),
        ("data_editor", (20, 6), False),
        ("table", (3, 2), False),
        ("metric", None, False),
        ("vega_lite_chart", None, False),
        ("radio", (4, 1), False),
        ("text_area", None, False),
        ("multiselect", (12, 1), False),
        ("toggle", None, False),
        ("date_input", None, True),
        ("selectbox", (60, 1), True),
        ("button", None, True),
    ]
    with bare_app(bare_script(census, navigation=5), navigation=5) as entry:
        assert len(list((entry.parent / "pages").glob("p*.py"))) == 4
        at = AppTest.from_file(str(entry), default_timeout=60)
        at.run()
        assert not at.exception
        drawn = census_of(at)
    assert drawn == census


def test_ratio_and_targets():
    fast = PageTiming("team", "region", "sqlite", 300, 240, 100, 60, 12, 30)
    assert fast.ratio == 1.5 and fast.within_target
    slow = PageTiming("team", "region", "sqlite", 700, 600, 300, 200, 12, 30)
    assert not slow.within_target  # over 500 ms at region scale on SQLite
    heavy = PageTiming("team", "tiny", "sqlite", 100, 100, 20, 10, 3, 10)
    assert not heavy.within_target  # no time target at this scale, but 3.3 × its floors
    assert Path(ROOT / "pages" / "team.py").exists()
