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
    assert script.count("st.dataframe(frame(40, 3))") == 1
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


def test_the_readme_table_of_a_results_file():
    """`ote bench --markdown`: warm (cold) per scale and database, the highest ratio, the
    memory and the verdict, from the JSON alone."""
    from ote.page_bench import markdown_table

    def row(page, scale, backend, cold, warm, ratio, ok=True):
        return {
            "page": page,
            "scale": scale,
            "backend": backend,
            "cold_ms": cold,
            "warm_ms": warm,
            "ratio": ratio,
            "within_target": ok,
        }

    results = {
        "pages": [
            row("team", "national", "sqlite", 240.4, 39.6, 0.9),
            row("team", "region", "sqlite", 220.0, 35.2, 1.2),
            row("home", "region", "sqlite", 12.0, 8.4, 1.62, ok=False),
            row("team", "region", "postgresql", 250.0, 37.0, 1.1),
        ],
        "memory": {
            "national/sqlite": {
                "sessions": 20,
                "rss_mb": 400.2,
                "peak_mb": 456.0,
                "idle_mb": 55.0,
                "within_target": True,
            }
        },
    }
    assert markdown_table(results).splitlines() == [
        "| page | region sqlite ms | national sqlite ms | region postgresql ms | ratio (max) |",
        "|---|---|---|---|---|",
        "| home | 8 (12) | – | – | 1.62 |",
        "| team | 35 (220) | 40 (240) | 37 (250) | 1.20 |",
        "",
        "memory with 20 sessions open (national/sqlite): 400 MB, at most 456 MB "
        "(idle 55 MB; target 1536 MB) ok",
        "",
        "Over the targets: home (region/sqlite)",
    ]


def test_server_like_times_each_run_once_even_when_nested():
    """Inside `server_like` a run is timed by the script runner itself, once per run – also
    when `server_like` is entered again (the bare floors are measured inside the bench's
    own), which once counted every run twice."""
    from streamlit.testing.v1 import AppTest

    from ote import page_bench

    with page_bench.server_like(), page_bench.server_like():
        at = AppTest.from_string("import streamlit as st\nst.write('hei')\n")
        at.run()
        measured = page_bench._timed_run(at, clear_cache=False)
        assert len(page_bench._SCRIPT_RUNS) == 1
        assert measured == page_bench._SCRIPT_RUNS[0] > 0
    # Outside it, AppTest is as it was.
    from streamlit.runtime.scriptrunner import script_runner

    assert script_runner.ScriptRunner._run_script.__name__ == "_run_script"
