"""The interchange format (`shared/spec/interchange.md`): round trips, idempotence, every
class of bad input, export details and the `ote import` / `ote export` commands.

The small data sets are written by hand below, as the text a team's spreadsheet would save;
each bad-input case changes one thing in the good data set `BASE`, so that a partial write
would show as rows in the database.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import DEMO_END
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from ote import models as m
from ote.cli import main
from ote.config import sqlite_url
from ote.db import Database, open_database
from ote.i18n import catalog
from ote.interchange import exporter
from ote.interchange.exporter import ExportError, collect, csv_bytes, export_path, workbook_bytes
from ote.interchange.format import BY_NAME, FILES
from ote.interchange.importer import Dataset, import_path

TODAY = date(2026, 11, 22)  # "today" for every import, so nothing depends on the real date
# Not in the interchange format: the access log, settings, user accounts, archived results.
NOT_EXPORTED = {"audit_log", "app_setting", "team_setting", "user_account", "result_archive"}
BOM = b"\xef\xbb\xbf"
IDENTITY_CODE = "131052-308T"  # a valid Finnish personal identity code (the classic example)


def fi(key: str, **params: str | int) -> str:
    """The Finnish message `validation.<key>` as written in the catalog, filled in here."""
    return catalog("fi")[f"validation.{key}"].format(**params)


def problem_line(source: str, line: int, column: str, key: str, /, **params: str | int) -> str:
    """`file:line: column: message`, the form the import reports a problem in."""
    where = source + (f":{line}" if line else "")
    return f"{where}:{f' {column}:' if column else ''} {fi(key, **params)}"


def lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


# A small, good data set of one team, in Finnish Excel's dialect (`;`, decimal comma).
BASE: dict[str, str] = {
    "teams.csv": lines(
        "team_id;name;region",
        "T1;Työhönvalmennus Etelä;Uusimaa",
    ),
    "staff.csv": lines(
        "staff_id;team_id;name;role;fte;coaching_share;start_date;end_date",
        "S1;T1;Aino Valmentaja;coach;1;0,8;2025-01-01;",
        "S2;T1;Eero Etsijä;job_finder;0,6;;2025-02-01;",
    ),
    "referral_sources.csv": lines(
        "source_id;team_id;name;kind;attached",
        "R1;T1;Aikuissosiaalityö;adult_social_work;1",
    ),
    "clients.csv": lines(
        "client_code;team_id;coach_id;referral_date;source_id;service_start;service_end;"
        "end_reason;framing",
        "ABC-1;T1;S1;2025-03-01;R1;2025-03-10;;;ips",
        "DEF-2;T1;S1;2025-04-01;R1;2025-04-05;;;law",
    ),
    "coaching_periods.csv": lines(
        "client_code;start_date;end_date",
        "DEF-2;2025-04-05;2025-06-30",
    ),
    "employers.csv": lines(
        "employer_id;name;industry",
        "E1;Kauppa Oy;Vähittäiskauppa",
    ),
    "jobs.csv": lines(
        "job_id;client_code;employer_id;title;job_type;start_date;end_date;end_reason;"
        "competitive;permanent;hours_per_week",
        "J1;ABC-1;E1;Myyjä;5223;2025-06-01;;;1;0;20,5",
    ),
    "employer_contacts.csv": lines(
        "date;staff_id;employer_id;face_to_face;client_code;preference_based;purpose;job_tip",
        "2025-05-02;S2;E1;1;ABC-1;1;client_strengths;",
    ),
    "client_contacts.csv": lines(
        "date;client_code;staff_id;kind;face_to_face;place;minutes;job_id;no_show",
        "2025-03-10;ABC-1;S1;meeting;1;office;60;;0",
        # Two identical outreach attempts on one day are two events, not a duplicate.
        "2025-04-07;DEF-2;S1;outreach_attempt;0;remote;5;;0",
        "2025-04-07;DEF-2;S1;outreach_attempt;0;remote;5;;0",
        "2025-07-01;ABC-1;S1;follow_along;1;workplace;30;J1;0",
    ),
    "team_meetings.csv": lines(
        "date;team_id;kind;attendees;job_tips;decisions",
        "2025-05-05;T1;coaching_supervision;S1|S2;;",
    ),
    "feedback.csv": lines(
        "date;client_code;score;comment",
        "2025-08-01;ABC-1;4;Hyvä palvelu",
    ),
}
BASE_TABLES = {  # rows BASE gives each table
    "team": 1,
    "staff": 2,
    "referral_source": 1,
    "client": 2,
    "coaching_period": 1,
    "employer": 1,
    "job": 1,
    "employer_contact": 1,
    "client_contact": 4,
    "team_meeting": 1,
    "team_meeting_attendee": 2,
    "feedback": 1,
}


def write_dataset(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A folder of CSV files from {file name: text (written as UTF-8) or bytes}."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def plus(name: str, *rows: str) -> dict[str, str]:
    """BASE's file `name` with rows added at its end."""
    return {name: BASE[name] + lines(*rows)}


def swap(name: str, old: str, new: str) -> dict[str, str]:
    """BASE's file `name` with its first `old` replaced by `new`."""
    assert old in BASE[name]
    return {name: BASE[name].replace(old, new, 1)}


def table_counts(database: Database) -> dict[str, int]:
    """Rows per table (but data versions: a cache counter, raised by every write)."""
    with database.read() as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
            if table.name != "data_version"
        }


def assert_empty(database: Database) -> None:
    counts = table_counts(database)
    assert counts == dict.fromkeys(counts, 0)


def read_folder(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def database_url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


# ------------------------------------------------------------------- round trips
def test_demo_round_trip_through_a_csv_folder(demo_copy, database, tmp_path):
    assert DEMO_END < TODAY  # the demo's history is all in the past of the imports
    first = tmp_path / "first"
    export_path(demo_copy, first)
    exported = read_folder(first)
    assert sorted(exported) == sorted(spec.filename for spec in FILES)
    # The demo fills every file, so the comparison below covers every file.
    assert all(content.count(b"\r\n") >= 2 for content in exported.values())

    report = import_path(database, first, today=TODAY)
    assert report.errors == [] and report.written

    second = tmp_path / "second"
    export_path(database, second)
    again = read_folder(second)
    for name, content in exported.items():
        assert again[name] == content, f"{name} differs after import and export"

    demo_counts = table_counts(demo_copy)
    new_counts = table_counts(database)
    for table, count in demo_counts.items():
        if table in NOT_EXPORTED:
            assert new_counts[table] == 0
        else:
            assert new_counts[table] == count, table


def test_demo_round_trip_through_a_workbook(demo_copy, database, tmp_path):
    folder = tmp_path / "folder"
    export_path(demo_copy, folder)
    workbook = tmp_path / "demo.xlsx"
    export_path(demo_copy, workbook)
    assert workbook.read_bytes()[:2] == b"PK"  # a zip: an .xlsx, not CSV text

    report = import_path(database, workbook, today=TODAY)
    assert report.errors == [] and report.written
    # The demo plants law-period rule breaks: warnings only, each naming its sheet.
    assert report.warnings and report.warnings == report.problems
    assert all(line.startswith("demo.xlsx[coaching_periods]:") for line in report.lines())

    back = tmp_path / "back"
    export_path(database, back)
    assert read_folder(back) == read_folder(folder)
    demo_counts = table_counts(demo_copy)
    assert {t: c for t, c in table_counts(database).items() if t not in NOT_EXPORTED} == {
        t: c for t, c in demo_counts.items() if t not in NOT_EXPORTED
    }


def test_importing_the_demo_twice_changes_nothing(demo_copy, database, tmp_path):
    folder = tmp_path / "demo"
    export_path(demo_copy, folder)
    first = import_path(database, folder, today=TODAY)
    assert first.written and first.errors == []
    assert sum(c.inserted for c in first.counts.values()) > 10_000
    before = table_counts(database)

    second = import_path(database, folder, today=TODAY)
    assert second.written and second.errors == []
    assert set(second.counts) == {spec.name for spec in FILES}
    for name, counts in second.counts.items():
        rows = (folder / f"{name}.csv").read_bytes().count(b"\r\n") - 1
        assert (counts.inserted, counts.updated, counts.unchanged) == (0, 0, rows), name
    assert table_counts(database) == before


def test_importing_a_small_data_set_twice_keeps_repeated_events_once(database, tmp_path):
    folder = write_dataset(tmp_path / "data", BASE)
    first = import_path(database, folder, today=TODAY)
    assert first.written and first.problems == []
    assert first.counts["client_contacts"].inserted == 4
    counts = table_counts(database)
    assert {t: c for t, c in counts.items() if c} == BASE_TABLES

    second = import_path(database, folder, today=TODAY)
    assert second.written and second.problems == []
    for name, file_counts in second.counts.items():
        assert file_counts.inserted == 0 and file_counts.updated == 0, name
    assert second.counts["client_contacts"].unchanged == 4
    assert table_counts(database) == counts


def test_a_changed_row_is_updated_in_place(database, tmp_path):
    import_path(database, write_dataset(tmp_path / "one", BASE), today=TODAY)
    counts = table_counts(database)
    changed = {**BASE, **swap("staff.csv", "job_finder;0,6", "job_finder;0,8")}
    changed.update(swap("team_meetings.csv", "S1|S2", "S2"))
    report = import_path(database, write_dataset(tmp_path / "two", changed), today=TODAY)
    assert report.written and report.problems == []
    assert (report.counts["staff"].inserted, report.counts["staff"].updated) == (0, 1)
    assert report.counts["team_meetings"].updated == 1
    with database.read() as session:
        fte = session.execute(select(m.Staff.fte).where(m.Staff.key == "S2")).scalar_one()
    assert fte == 0.8
    assert table_counts(database) == {**counts, "team_meeting_attendee": 1}


# ----------------------------------------------------------- accepted spellings
def _rewrite_csv(text: str, delimiter: str) -> str:
    """The same cells with another delimiter (quoted where a cell holds it)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(csv.reader(io.StringIO(text), delimiter=";"))
    return out.getvalue()


def _finnish_dates(text: str) -> str:
    return re.sub(
        r"\b(\d{4})-(\d{2})-(\d{2})\b",
        lambda match: f"{int(match[3])}.{int(match[2])}.{match[1]}",
        text,
    )


VARIANTS = {
    "semicolon": lambda text: text,
    "comma": lambda text: _rewrite_csv(text, ","),
    "bom": lambda text: "\ufeff" + text,
    "finnish_dates": _finnish_dates,
    "all_at_once": lambda text: "\ufeff" + _rewrite_csv(_finnish_dates(text), ","),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_accepted_spellings_read_back_exactly(database, tmp_path, variant):
    files = {name: VARIANTS[variant](text) for name, text in BASE.items()}
    if variant == "comma":
        assert '"0,6"' in files["staff.csv"] and ";" not in files["staff.csv"]
    if variant == "finnish_dates":
        assert "1.3.2025" in files["clients.csv"]
    report = import_path(database, write_dataset(tmp_path / "data", files), today=TODAY)
    assert report.problems == [] and report.written

    with database.read() as session:
        staff = {
            key: (fte, share, start)
            for key, fte, share, start in session.execute(
                select(m.Staff.key, m.Staff.fte, m.Staff.coaching_share, m.Staff.start_date)
            )
        }
        team = session.execute(select(m.Team.key, m.Team.name)).one()
        job = session.execute(
            select(m.Job.hours_per_week, m.Job.competitive, m.Job.permanent, m.Job.start_date)
        ).one()
        referrals = dict(session.execute(select(m.Client.code, m.Client.referral_date)).all())
        attached = session.execute(select(m.ReferralSource.attached)).scalar_one()
    assert staff == {
        "S1": (1.0, 0.8, date(2025, 1, 1)),
        "S2": (0.6, None, date(2025, 2, 1)),
    }
    assert tuple(team) == ("T1", "Työhönvalmennus Etelä")  # the BOM is not in team_id
    assert tuple(job) == (20.5, True, False, date(2025, 6, 1))
    assert referrals == {"ABC-1": date(2025, 3, 1), "DEF-2": date(2025, 4, 1)}
    assert attached is True

    out = tmp_path / "out"
    export_path(database, out)
    assert (out / "staff.csv").read_bytes() == BOM + (
        "staff_id;team_id;name;role;fte;coaching_share;start_date;end_date\r\n"
        "S1;T1;Aino Valmentaja;coach;1;0,8;2025-01-01;\r\n"
        "S2;T1;Eero Etsijä;job_finder;0,6;;2025-02-01;\r\n"
    ).encode()


BOOLEANS = {
    "1": True,
    "0": False,
    "true": True,
    "false": False,
    "TRUE": True,
    "False": False,
    "kyllä": True,
    "ei": False,
    "KYLLÄ": True,
    "Ei": False,
    "yes": True,
    "no": False,
    "YES": True,
    "No": False,
}


def test_booleans_in_every_accepted_spelling(database, tmp_path):
    sources = [
        f"R{number};T1;Lähde {number};other;{spelling}"
        for number, spelling in enumerate(BOOLEANS, start=1)
    ]
    files = {
        "teams.csv": BASE["teams.csv"],
        "referral_sources.csv": lines("source_id;team_id;name;kind;attached", *sources),
    }
    report = import_path(database, write_dataset(tmp_path / "data", files), today=TODAY)
    assert report.problems == [] and report.written
    with database.read() as session:
        stored = dict(
            session.execute(select(m.ReferralSource.key, m.ReferralSource.attached)).all()
        )
    expected = {f"R{n}": value for n, value in enumerate(BOOLEANS.values(), start=1)}
    assert stored == expected


# --------------------------------------------------------------- bad input
ROLES = "coach, job_finder, team_leader, benefits_counsellor"
TWO_TEAMS_WITH_ONE_CODE = {
    **plus("teams.csv", "T2;Työhönvalmennus Pohjoinen;Lappi"),
    **plus("staff.csv", "S3;T2;Oona Ohjaaja;coach;1;;;"),
    **plus("referral_sources.csv", "R2;T2;Mielenterveyspalvelut;mental_health_substance;0"),
    **plus(
        "clients.csv",
        "GHI-3;T1;S1;2025-05-01;R1;;;;ips",
        "GHI-3;T2;S3;2025-05-01;R2;;;;ips",
    ),
    "modules.csv": lines(
        "client_code;module;start_date;end_date;assessed_on;decision",
        "GHI-3;1;2025-05-10;;;",
    ),
}

DECISIONS = "date;team_id;kind;number;text;owner_id;due_date;status;closed_on"

BAD_INPUT = [
    pytest.param(
        {
            "employer_log_reviews.csv": lines(
                "team_id;week_start;reviewed_on;reviewer_id", "T1;2025-05-06;2025-05-12;S1"
            )
        },
        ("employer_log_reviews.csv", 2, "week_start", "not_a_monday", {"date": "6.5.2025"}),
        id="log_review_week_not_a_monday",
    ),
    pytest.param(
        {
            "employer_log_reviews.csv": lines(
                "team_id;week_start;reviewed_on;reviewer_id", "T1;2025-05-05;2025-05-04;S1"
            )
        },
        (
            "employer_log_reviews.csv",
            2,
            "reviewed_on",
            "before",
            {"date": "4.5.2025", "other": "Viikon maanantai", "other_date": "5.5.2025"},
        ),
        id="log_review_before_its_week",
    ),
    pytest.param(
        {
            "team_meeting_decisions.csv": lines(
                DECISIONS, "2025-05-06;T1;coaching_supervision;1;X;;;;"
            )
        },
        (
            "team_meeting_decisions.csv",
            2,
            "date",
            "unknown_meeting",
            {"team": "T1", "kind": "coaching_supervision", "date": "6.5.2025"},
        ),
        id="decision_of_no_meeting",
    ),
    pytest.param(
        {
            "team_meeting_decisions.csv": lines(
                DECISIONS, "2025-05-05;T1;coaching_supervision;1;X;S1;;open;2025-05-09"
            )
        },
        ("team_meeting_decisions.csv", 2, "closed_on", "decision_closed_on", {"status": "open"}),
        id="open_decision_with_closing_date",
    ),
    pytest.param(
        {
            "team_meeting_decisions.csv": lines(
                DECISIONS, "2025-05-05;T1;coaching_supervision;1;X;S1;2025-05-01;;"
            )
        },
        (
            "team_meeting_decisions.csv",
            2,
            "due_date",
            "before",
            {"date": "1.5.2025", "other": "Päivämäärä", "other_date": "5.5.2025"},
        ),
        id="decision_due_before_its_meeting",
    ),
    pytest.param(
        swap(
            "staff.csv",
            "start_date;end_date\n",
            "start_date;end_date;colour\n",
        ),
        ("staff.csv", 1, "colour", "unknown_column", {"file": "staff.csv"}),
        id="unknown_column",
    ),
    pytest.param(
        swap("staff.csv", "S2;T1;Eero Etsijä;", "S2;T1;;"),
        ("staff.csv", 3, "name", "required", {}),
        id="missing_required_value",
    ),
    pytest.param(
        {
            "staff.csv": lines(
                "staff_id;team_id;name;role",
                "S1;T1;Aino Valmentaja;coach",
                "S2;T1;Eero Etsijä;job_finder",
            )
        },
        ("staff.csv", 1, "fte", "missing_column", {}),
        id="missing_required_column",
    ),
    pytest.param(
        plus("staff.csv", "S3;T9;Kalle Kateissa;coach;1;;;"),
        ("staff.csv", 4, "team_id", "unknown_key", {"value": "T9", "file": "teams.csv"}),
        id="unknown_key",
    ),
    pytest.param(
        swap("staff.csv", ";coach;", ";boss;"),
        ("staff.csv", 2, "role", "not_allowed", {"value": "boss", "allowed": ROLES}),
        id="bad_enumeration",
    ),
    pytest.param(
        swap("staff.csv", "job_finder;0,6;", "job_finder;1,5;"),
        ("staff.csv", 3, "fte", "out_of_range", {"value": "1,5", "low": 0, "high": 1}),
        id="out_of_range_decimal",
    ),
    pytest.param(
        plus("staff.csv", "S1;T1;Aino Kahdesti;coach;1;;;"),
        ("staff.csv", 4, "staff_id", "duplicate_row", {"line": 2}),
        id="same_key_twice",
    ),
    pytest.param(
        plus("clients.csv", "ABC-1;T1;S1;2025-03-02;R1;;;;ips"),
        ("clients.csv", 4, "team_id, client_code", "duplicate_row", {"line": 2}),
        id="same_natural_key_twice",
    ),
    pytest.param(
        {"feedback.csv": ""},
        ("feedback.csv", 0, "", "empty_file", {}),
        id="empty_file",
    ),
    pytest.param(
        {"feedback.csv": "\ufeff\r\n  \r\n"},
        ("feedback.csv", 0, "", "empty_file", {}),
        id="only_bom_and_blank_lines",
    ),
    pytest.param(
        {"feedback.csv": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U"},
        ("feedback.csv", 0, "", "binary_file", {}),
        id="binary_file",
    ),
    pytest.param(
        {
            "feedback.csv": lines(
                "date;client_code;score;comment",
                "2025-08-01;ABC-1;4;Hyvä työhönvalmentaja",
            ).encode("cp1252")
        },
        ("feedback.csv", 0, "", "not_utf8", {}),
        id="windows_1252",
    ),
    pytest.param(
        plus("client_contacts.csv", "2026-12-01;ABC-1;S1;meeting;1;office;45;;0"),
        ("client_contacts.csv", 6, "date", "future_date", {"date": "1.12.2026"}),
        id="future_contact",
    ),
    pytest.param(
        swap("staff.csv", "0,8;2025-01-01;", "0,8;2025-01-01;2024-12-31"),
        (
            "staff.csv",
            2,
            "end_date",
            "before",
            {"date": "31.12.2024", "other": "Alkamispäivä", "other_date": "1.1.2025"},
        ),
        id="end_before_start",
    ),
    pytest.param(
        plus("clients.csv", "AB;T1;S1;2025-03-01;R1;;;;ips"),
        ("clients.csv", 4, "client_code", "client_code_format", {"minimum": 3, "maximum": 20}),
        id="client_code_format",
    ),
    pytest.param(
        TWO_TEAMS_WITH_ONE_CODE,
        (
            "modules.csv",
            2,
            "client_code",
            "ambiguous_client",
            {"value": "GHI-3", "teams": "T1, T2"},
        ),
        id="ambiguous_client_code",
    ),
    pytest.param(
        plus("client_contacts.csv", "2025-07-02;DEF-2;S1;follow_along;1;workplace;30;J1;0"),
        ("client_contacts.csv", 6, "job_id", "job_of_other_client", {"value": "J1"}),
        id="job_of_another_client",
    ),
    pytest.param(
        plus("feedback.csv", "2025-08-02;XYZ-9;5;"),
        ("feedback.csv", 3, "client_code", "unknown_client", {"value": "XYZ-9"}),
        id="unknown_client",
    ),
    pytest.param(
        {"staf.csv": lines("staff_id;team_id;name;role;fte", "S9;T1;Uusi;coach;1")},
        ("staf.csv", 0, "", "unknown_file", {"name": "staf.csv"}),
        id="unknown_file_name",
    ),
    pytest.param(
        swap("referral_sources.csv", "adult_social_work;1", "adult_social_work;ehkä"),
        ("referral_sources.csv", 2, "attached", "not_a_boolean", {"value": "ehkä"}),
        id="bad_boolean",
    ),
    pytest.param(
        swap("jobs.csv", "5223;2025-06-01", "5223;31.2.2025"),
        ("jobs.csv", 2, "start_date", "not_a_date", {"value": "31.2.2025"}),
        id="impossible_date",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_INPUT)
def test_bad_input_is_reported_and_nothing_is_written(database, tmp_path, changes, expected):
    folder = write_dataset(tmp_path / "data", {**BASE, **changes})
    report = import_path(database, folder, today=TODAY)
    source, line, column, key, params = expected
    assert report.lines() == [problem_line(source, line, column, key, **params)]
    assert [(p.source, p.line, p.column, p.key) for p in report.errors] == [
        (source, line, column, key)
    ]
    assert not report.written and report.counts == {}
    assert_empty(database)


def test_an_identity_code_is_refused_and_never_repeated(database, tmp_path):
    changes = {
        **plus("feedback.csv", f"2025-08-02;DEF-2;3;Asiakkaan hetu on {IDENTITY_CODE}, ok?"),
        **plus("clients.csv", f"{IDENTITY_CODE};T1;S1;2025-03-01;R1;;;;ips"),
    }
    report = import_path(
        database, write_dataset(tmp_path / "data", {**BASE, **changes}), today=TODAY
    )
    assert report.lines() == [
        problem_line("clients.csv", 4, "client_code", "identity_code"),
        problem_line("feedback.csv", 3, "comment", "identity_code"),
    ]
    assert "henkilötunnuksen" in report.lines()[0]
    for line in report.lines() + report.lines("en") + report.lines("sv"):
        assert IDENTITY_CODE not in line
    assert IDENTITY_CODE not in repr(report.problems)
    assert not report.written
    assert_empty(database)


def test_many_problems_in_two_files_are_reported_at_once(database, tmp_path):
    changes = {
        "staff.csv": lines(
            "staff_id;team_id;name;role;fte;coaching_share;start_date;end_date",
            "S1;T1;Aino Valmentaja;boss;1;0,8;2025-01-01;",
            "S2;T1;Eero Etsijä;job_finder;puolet;;2025-02-01;",
        ),
        **plus("feedback.csv", "2025-08-02;ABC-1;9;"),
    }
    report = import_path(
        database, write_dataset(tmp_path / "data", {**BASE, **changes}), today=TODAY
    )
    assert report.lines() == [
        problem_line("feedback.csv", 3, "score", "out_of_range", value=9, low=1, high=5),
        problem_line("staff.csv", 2, "role", "not_allowed", value="boss", allowed=ROLES),
        problem_line("staff.csv", 3, "fte", "not_a_number", value="puolet"),
    ]
    assert len(report.errors) == 3
    assert not report.written
    assert_empty(database)


def test_bad_rows_do_not_touch_what_is_already_stored(database, tmp_path):
    import_path(database, write_dataset(tmp_path / "good", BASE), today=TODAY)
    before = table_counts(database)
    changes = {
        **swap("staff.csv", "job_finder;0,6", "job_finder;0,9"),  # a good update …
        **plus("feedback.csv", "2025-08-02;ABC-1;0;"),  # … and a bad row
        **plus("client_contacts.csv", "2025-08-03;ABC-1;S1;meeting;1;office;45;;0"),
    }
    report = import_path(
        database, write_dataset(tmp_path / "bad", {**BASE, **changes}), today=TODAY
    )
    assert report.lines() == [
        problem_line("feedback.csv", 3, "score", "out_of_range", value=0, low=1, high=5)
    ]
    assert not report.written
    assert table_counts(database) == before
    with database.read() as session:
        assert session.execute(select(m.Staff.fte).where(m.Staff.key == "S2")).scalar_one() == 0.6


def test_a_bad_workbook_names_its_sheets(database, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    teams = workbook.active
    teams.title = "teams"
    teams.append(["team_id", "name", "region"])
    teams.append(["T1", "Työhönvalmennus Etelä", "Uusimaa"])
    staff = workbook.create_sheet("staff")
    staff.append(["staff_id", "team_id", "name", "role", "fte"])
    staff.append(["S1", "T1", "Aino Valmentaja", "boss", 1])
    staff.append(["S2", "T1", "Eero Etsijä", "coach", 0.6])
    workbook.create_sheet("staf").append(["staff_id"])
    path = tmp_path / "data.xlsx"
    workbook.save(path)

    report = import_path(database, path, today=TODAY)
    assert report.lines() == [
        problem_line("data.xlsx[staf]", 0, "", "unknown_file", name="staf"),
        problem_line("data.xlsx[staff]", 2, "role", "not_allowed", value="boss", allowed=ROLES),
    ]
    assert not report.written
    assert_empty(database)


def test_a_csv_renamed_xlsx_is_not_a_workbook(database, tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text(BASE["teams.csv"], encoding="utf-8")
    report = import_path(database, path, today=TODAY)
    assert report.lines() == [problem_line("data.xlsx", 0, "", "not_a_workbook")]
    assert_empty(database)


# ------------------------------------------------------------------ warnings
def test_a_too_long_law_period_imports_with_a_warning(database, tmp_path):
    changes = swap("coaching_periods.csv", "2025-04-05;2025-06-30", "2025-04-05;2025-09-30")
    report = import_path(
        database, write_dataset(tmp_path / "data", {**BASE, **changes}), today=TODAY
    )
    assert report.errors == [] and report.written
    prefix = catalog("fi")["validation.warning_prefix"]
    message = fi("law_too_long", days=179)  # both end days count
    assert report.lines() == [f"coaching_periods.csv:2: end_date: {prefix} {message}"]
    assert [p.warning for p in report.warnings] == [True]
    with database.read() as session:
        period = session.execute(select(m.CoachingPeriod.start_date, m.CoachingPeriod.end_date))
        assert tuple(period.one()) == (date(2025, 4, 5), date(2025, 9, 30))


def test_a_law_period_of_exactly_four_months_has_no_warning(database, tmp_path):
    changes = swap("coaching_periods.csv", "2025-04-05;2025-06-30", "2025-04-05;2025-08-04")
    report = import_path(
        database, write_dataset(tmp_path / "data", {**BASE, **changes}), today=TODAY
    )
    assert report.problems == [] and report.written


# ------------------------------------------------------- an interrupted import
def test_an_import_killed_halfway_leaves_the_database_as_it_was(database, tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data", BASE)
    seen: list[int] = []

    def killed(self, session, rows):
        # The files before feedback are already written in this transaction.
        seen.append(session.execute(select(func.count()).select_from(m.ClientContact)).scalar())
        raise RuntimeError("killed")

    with monkeypatch.context() as patch:
        patch.setattr(Dataset, "_write_feedback", killed)
        with pytest.raises(RuntimeError, match="killed"):
            import_path(database, folder, today=TODAY)
    assert seen == [4]
    assert_empty(database)

    # Nothing is left locked or half-done: the same import then goes through.
    report = import_path(database, folder, today=TODAY)
    assert report.written
    assert {t: c for t, c in table_counts(database).items() if c} == BASE_TABLES


def test_a_database_error_while_writing_is_reported_and_rolled_back(
    database, tmp_path, monkeypatch
):
    def refused(self, session, rows):
        raise OperationalError("INSERT INTO feedback", {}, Exception("disk full"))

    monkeypatch.setattr(Dataset, "_write_feedback", refused)
    report = import_path(database, write_dataset(tmp_path / "data", BASE), today=TODAY)
    assert not report.written and report.counts == {}
    assert [p.key for p in report.errors] == ["database_refused"]
    assert fi("database_refused", detail="OperationalError") in report.lines()[0]
    assert_empty(database)


# -------------------------------------------------------------------- export
def test_csv_files_are_written_as_finnish_excel_reads_them(database, tmp_path):
    import_path(database, write_dataset(tmp_path / "data", BASE), today=TODAY)
    out = tmp_path / "out"
    counts = export_path(database, out)
    assert counts["staff"] == 2 and counts["client_contacts"] == 4
    files = read_folder(out)
    assert all(content.startswith(BOM) for content in files.values())
    text = {name: content[len(BOM) :].decode("utf-8") for name, content in files.items()}
    assert text["teams.csv"] == "team_id;name;region;demo\r\nT1;Työhönvalmennus Etelä;Uusimaa;0\r\n"
    assert "S2;T1;Eero Etsijä;job_finder;0,6;;2025-02-01;\r\n" in text["staff.csv"]
    assert text["jobs.csv"].splitlines()[1] == "J1;ABC-1;E1;Myyjä;5223;2025-06-01;;;1;0;20,5"
    assert text["team_meetings.csv"].splitlines() == [
        "date;team_id;kind;attendees;job_tips;decisions",
        "2025-05-05;T1;coaching_supervision;S1|S2;;",
    ]
    assert (
        text["referral_sources.csv"].splitlines()[1]
        == "R1;T1;Aikuissosiaalityö;adult_social_work;1"
    )
    # Every file has its full header, even when empty.
    for spec in FILES:
        header = text[spec.filename].split("\r\n")[0]
        assert header == ";".join(column.name for column in spec.columns)
    # An export imports back as is.
    second = import_path(database, out, today=TODAY)
    assert second.written and all(c.inserted == c.updated == 0 for c in second.counts.values())


def test_csv_bytes_of_typed_cells():
    rows = [
        ["S1", "T1", "Aino; Valmentaja", "coach", 0.6, 0.25, date(2025, 1, 2), None],
        ["S2", "T1", 'Eero "Ekku"', "coach", 1.0, None, None, date(2026, 12, 31)],
    ]
    assert csv_bytes(BY_NAME["staff"], rows) == BOM + (
        b"staff_id;team_id;name;role;fte;coaching_share;start_date;end_date\r\n"
        b'S1;T1;"Aino; Valmentaja";coach;0,6;0,25;2025-01-02;\r\n'
        b'S2;T1;"Eero ""Ekku""";coach;1;;;2026-12-31\r\n'
    )


TWO_TEAMS = {
    "teams.csv": lines("team_id;name", "T1;Etelä", "T2;Pohjoinen"),
    "staff.csv": lines(
        "staff_id;team_id;name;role;fte",
        "S1;T1;Aino;coach;1",
        "S3;T2;Oona;coach;1",
    ),
    "referral_sources.csv": lines(
        "source_id;team_id;name;kind;attached",
        "R1;T1;Sosiaalityö;adult_social_work;1",
        "R2;T2;Mielenterveys;mental_health_substance;0",
    ),
    "clients.csv": lines(
        "client_code;team_id;coach_id;referral_date;source_id",
        "ABC-1;T1;S1;2025-03-01;R1",
        "XYZ-9;T2;S3;2025-03-01;R2",
    ),
    "employers.csv": lines(
        "employer_id;name",
        "E1;Vain Etelä Oy",
        "E2;Vain Pohjoinen Oy",
        "E3;Ei kenenkään Oy",
        "E4;Molempien Oy",
    ),
    "employer_contacts.csv": lines(
        "date;staff_id;employer_id;face_to_face",
        "2025-05-02;S1;E1;1",
        "2025-05-03;S3;E4;0",
    ),
    "jobs.csv": lines(
        "job_id;client_code;employer_id;title;job_type;start_date;competitive;permanent",
        "J1;ABC-1;E4;Myyjä;5223;2025-06-01;1;1",
        "J2;XYZ-9;E2;Kokki;5120;2025-06-01;1;0",
    ),
}


def _keys(folder: Path, name: str) -> list[str]:
    text = (folder / f"{name}.csv").read_bytes()[len(BOM) :].decode("utf-8")
    return [line.split(";")[0] for line in text.splitlines()[1:]]


def test_export_of_one_team_holds_only_its_rows_and_employers(database, tmp_path, sqlite_template):
    report = import_path(database, write_dataset(tmp_path / "data", TWO_TEAMS), today=TODAY)
    assert report.written and report.problems == []

    everything = tmp_path / "all"
    export_path(database, everything)
    assert _keys(everything, "employers") == ["E1", "E2", "E3", "E4"]

    north = tmp_path / "north"
    counts = export_path(database, north, ["T2"])
    assert _keys(north, "teams") == ["T2"]
    assert _keys(north, "staff") == ["S3"]
    assert _keys(north, "referral_sources") == ["R2"]
    assert _keys(north, "clients") == ["XYZ-9"]
    assert _keys(north, "jobs") == ["J2"]
    assert _keys(north, "employers") == ["E2", "E4"]
    assert _keys(north, "employer_contacts") == ["2025-05-03"]
    assert counts["employers"] == 2 and counts["teams"] == 1

    south = tmp_path / "south"
    export_path(database, south, ["T1"])
    assert _keys(south, "employers") == ["E1", "E4"]
    assert _keys(south, "clients") == ["ABC-1"]

    # One team's export stands on its own: it imports into an empty database.
    path = tmp_path / "empty.db"
    shutil.copyfile(sqlite_template, path)
    empty = open_database(sqlite_url(path))
    try:
        moved = import_path(empty, north, today=TODAY)
        assert moved.written and moved.problems == []
        assert table_counts(empty)["employer"] == 2
    finally:
        empty.dispose()


def test_export_of_an_unknown_team_fails(database, tmp_path):
    import_path(database, write_dataset(tmp_path / "data", TWO_TEAMS), today=TODAY)
    with pytest.raises(ExportError, match="T9"):
        export_path(database, tmp_path / "out", ["T1", "T9"])
    assert not (tmp_path / "out").exists()
    with database.read() as session, pytest.raises(ExportError, match="T9"):
        collect(session, ["T9"])


def test_an_over_large_sheet_is_refused(database, tmp_path, monkeypatch):
    import_path(database, write_dataset(tmp_path / "data", BASE), today=TODAY)
    monkeypatch.setattr(exporter, "XLSX_MAX_ROWS", 1)  # teams has 1 row, staff 2
    with pytest.raises(ExportError, match="staff"):
        export_path(database, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    with database.read() as session:
        tables = collect(session)
    with pytest.raises(ExportError):
        workbook_bytes(tables)
    monkeypatch.setattr(exporter, "XLSX_MAX_ROWS", 4)
    assert workbook_bytes(tables)[:2] == b"PK"


# ----------------------------------------------------------------------- CLI
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_import_lists_the_problems_and_fails(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", database_url(database))
    changes = {
        **swap("staff.csv", ";coach;", ";boss;"),
        **plus("feedback.csv", "2025-08-02;ABC-1;6;"),
    }
    folder = write_dataset(tmp_path / "data", {**BASE, **changes})
    code, out, err = run(capsys, "import", str(folder))
    assert code == 1
    assert problem_line("staff.csv", 2, "role", "not_allowed", value="boss", allowed=ROLES) in out
    assert problem_line("feedback.csv", 3, "score", "out_of_range", value=6, low=1, high=5) in out
    assert "2 problem(s) found; nothing was imported" in err
    assert "Traceback" not in err
    assert_empty(database)


def test_cli_import_check_writes_nothing(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", database_url(database))
    folder = write_dataset(tmp_path / "data", BASE)
    code, out, _ = run(capsys, "import", "--check", str(folder))
    assert code == 0
    assert "no problems found" in out
    assert_empty(database)

    code, out, _ = run(capsys, "import", str(folder))
    assert code == 0
    assert "client_contacts: 4 new, 0 updated, 0 unchanged" in out
    counts = {t: c for t, c in table_counts(database).items() if c}
    assert counts.pop("audit_log") > 0  # the command line's import is in the access log
    assert counts == BASE_TABLES


def test_cli_export_refuses_a_non_empty_folder(database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTE_DATABASE_URL", database_url(database))
    import_path(database, write_dataset(tmp_path / "data", BASE), today=TODAY)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep me")
    code, _, err = run(capsys, "export", str(taken))
    assert code == 1 and "not empty" in err
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]

    code, _, err = run(capsys, "export", str(tmp_path / "new"), "--team", "T9")
    assert code == 1 and "T9" in err

    code, out, _ = run(capsys, "export", str(tmp_path / "new"), "--team", "T1")
    assert code == 0 and "Exported" in out
    assert read_folder(tmp_path / "new")["staff.csv"].startswith(BOM + b"staff_id;")
