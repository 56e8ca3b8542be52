"""The `ote` command: init, demo, backup, version, help and errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import drop_postgres_database, new_postgres_database

from ote import __version__
from ote.cli import main
from ote.config import sqlite_url
from ote.schema import head_revision


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    """OTE_DATABASE_URL pointing at a new SQLite file in a temporary folder."""
    value = sqlite_url(tmp_path / "data" / "ote.db")
    monkeypatch.setenv("OTE_DATABASE_URL", value)
    return value


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_version(capsys):
    code, out, _ = run(capsys, "version")
    assert code == 0
    assert out.strip() == f"ote {__version__} (schema {head_revision()})"


def test_help_is_in_english(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    for command in ("init", "demo", "backup", "version"):
        assert command in out
    assert "OTE_DATABASE_URL" in out
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    assert "--scale" in capsys.readouterr().out


def test_init_creates_then_reports_up_to_date(url, tmp_path, capsys):
    code, out, _ = run(capsys, "init")
    assert code == 0 and "created schema" in out
    assert (tmp_path / "data" / "ote.db").exists()
    code, out, _ = run(capsys, "init")
    assert code == 0 and "up to date" in out


def test_demo_needs_an_initialised_database(url, capsys):
    code, _, err = run(capsys, "demo")
    assert code == 1
    assert "not initialised" in err and "ote init" in err
    assert "Traceback" not in err


def test_demo_if_empty_and_replace(url, tmp_path, capsys):
    database_file = tmp_path / "data" / "ote.db"
    run(capsys, "init")
    code, out, _ = run(capsys, "demo", "--if-empty", "--end-date", "30.6.2026", "--seed", "4")
    assert code == 0 and "planted rule break" in out
    contacts = count(database_file, "employer_contact")
    assert contacts > 1000
    code, out, _ = run(capsys, "demo", "--if-empty")
    assert code == 0 and "no demo written" in out
    code, _, err = run(capsys, "demo", "--end-date", "2026-06-30", "--seed", "4")
    assert code == 1 and "--replace" in err
    code, _, _ = run(capsys, "demo", "--replace", "--end-date", "2026-06-30", "--seed", "4")
    assert code == 0
    assert count(database_file, "employer_contact") == contacts
    assert count(database_file, "team") == 1


def test_bad_arguments_are_usage_errors(url, capsys):
    for argv in (["demo", "--end-date", "31.2.2026"], ["demo", "--scale", "world"], []):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    assert "day is out of range" in capsys.readouterr().err


def test_backup_sqlite(url, tmp_path, capsys):
    run(capsys, "init")
    run(capsys, "demo", "--end-date", "2026-06-30")
    out_file = tmp_path / "backup.db"
    code, out, _ = run(capsys, "backup", "--out", str(out_file))
    assert code == 0 and str(out_file) in out
    assert count(out_file, "employer_contact") == count(
        tmp_path / "data" / "ote.db", "employer_contact"
    )
    code, _, err = run(capsys, "backup", "--out", str(out_file))
    assert code == 1 and "already exists" in err
    code, _, err = run(capsys, "backup", "--out", str(tmp_path / "missing" / "b.db"))
    assert code == 1 and "does not exist" in err


@pytest.mark.postgres
def test_init_demo_and_backup_on_postgresql(tmp_path, monkeypatch, capsys):
    database, name = new_postgres_database()  # empty: no template
    try:
        monkeypatch.setenv("OTE_DATABASE_URL", database.url.render_as_string(False))
        code, out, _ = run(capsys, "init")
        assert code == 0 and "created schema" in out
        code, _, _ = run(capsys, "demo", "--end-date", "2026-06-30")
        assert code == 0
        out_file = tmp_path / "ote.dump"
        code, _, err = run(capsys, "backup", "--out", str(out_file))
        assert code == 0, err
        assert out_file.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        clients = _pg_count(database, "client")
        code, _, err = run(capsys, "purge", "--ended-before", "2026-01-01")
        assert code == 0, err
        assert _pg_count(database, "client") < clients
        code, out, err = run(capsys, "restore", "--from", str(out_file), "--yes")
        assert code == 0, err
        assert _pg_count(database, "client") == clients
        assert _pg_count(database, "audit_log") == 0  # as it was when the backup was made
    finally:
        database.dispose()
        drop_postgres_database(name)


def _pg_count(database, table: str) -> int:
    from sqlalchemy import text

    with database.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_backup_and_restore_sqlite(url, tmp_path, capsys):
    """A backup restored over a changed database gives back exactly what was backed up."""
    run(capsys, "init")
    run(capsys, "demo", "--end-date", "2026-06-30")
    live = tmp_path / "data" / "ote.db"
    out_file = tmp_path / "backup.db"
    assert run(capsys, "backup", "--out", str(out_file))[0] == 0
    before = {t: count(live, t) for t in ("client", "job", "employer_contact", "user_account")}
    assert run(capsys, "purge", "--ended-before", "2026-01-01")[0] == 0
    assert count(live, "client") < before["client"]
    code, _, err = run(capsys, "restore", "--from", str(out_file))
    assert code == 1 and "--yes" in err  # nothing replaced without --yes
    assert count(live, "client") < before["client"]
    code, _, err = run(capsys, "restore", "--from", str(out_file), "--yes")
    assert code == 0, err
    assert {t: count(live, t) for t in before} == before
    assert count(live, "audit_log") == 0  # the purge's entries came after the backup
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    code, _, err = run(capsys, "restore", "--from", str(not_a_backup), "--yes")
    assert code == 1 and "not an SQLite database" in err
    assert {t: count(live, t) for t in before} == before


def test_module_and_console_script(url):
    env = {**os.environ, "OTE_DATABASE_URL": url}
    module = subprocess.run(
        [sys.executable, "-m", "ote", "init"], env=env, capture_output=True, text=True, check=False
    )
    assert module.returncode == 0, module.stderr
    script = Path(sys.executable).parent / "ote"
    result = subprocess.run(
        [str(script), "version"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("ote ")


def test_bench_measures_the_metrics_engine(demo_copy, monkeypatch, capsys):
    """`ote bench` runs and reports each team (a benchmark: no time is asserted)."""
    monkeypatch.setenv("OTE_DATABASE_URL", demo_copy.url.render_as_string(False))
    code, out, _ = run(
        capsys, "bench", "--engine", "--teams", "2", "--runs", "1", "--as-of", "2026-06-30"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split() == ["team", "first", "run", "ms", "median", "ms"]
    assert [line.split()[0] for line in lines[2:]] == ["DEMO"]  # the only team
