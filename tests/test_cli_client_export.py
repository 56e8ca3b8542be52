"""`ote export --client CODE`: one client's records for the client's right of access.

The database is built by hand: team T1 has the clients ABC-1 and DEF-2, team T2 has another
client also coded ABC-1. Each export must hold exactly the chosen client's rows (compared
with the files written out below) and nothing of the other two.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from ote import models as m
from ote.cli import main
from ote.db import Database
from ote.interchange.importer import import_path


def lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


BOM = b"\xef\xbb\xbf"

# T2's client is imported as ABC-X (client_plans.csv etc. name clients by code alone, so two
# teams' ABC-1 in one data set would be ambiguous) and then renamed ABC-1 in the database.
DATASET: dict[str, str] = {
    "teams.csv": lines("team_id;name", "T1;Etelä", "T2;Pohjoinen"),
    "staff.csv": lines(
        "staff_id;team_id;name;role;fte",
        "S1;T1;Aino;coach;1",
        "S2;T1;Eero;job_finder;1",
        "S3;T2;Oona;coach;1",
    ),
    "referral_sources.csv": lines(
        "source_id;team_id;name;kind;attached",
        "R1;T1;Sosiaalityö;adult_social_work;1",
        "R2;T2;Mielenterveys;mental_health_substance;0",
    ),
    "clients.csv": lines(
        "client_code;team_id;coach_id;referral_date;source_id;service_start;service_end;"
        "end_reason;framing;consent_family;consent_former_employers;legal_hold",
        "ABC-1;T1;S1;2025-03-01;R1;2025-03-10;;;ips;1;0;0",
        "DEF-2;T1;S1;2025-04-01;R1;2025-04-05;;;law;0;0;0",
        "ABC-X;T2;S3;2025-02-01;R2;2025-02-03;;;modular;0;1;0",
    ),
    "client_plans.csv": lines(
        "client_code;kind;date;note",
        "ABC-1;vocational_profile;2025-03-20;Vahvuudet kartoitettu",
        "DEF-2;job_search_plan;2025-04-20;Toisen suunnitelma",
        "ABC-X;vocational_profile;2025-02-20;Pohjoisen profiili",
    ),
    "modules.csv": lines(
        "client_code;module;start_date;end_date;assessed_on;decision",
        "ABC-1;1;2025-03-10;2025-04-10;2025-04-12;next:2",
        "DEF-2;1;2025-04-05;;;",
        "ABC-X;1;2025-02-03;2025-03-03;2025-03-05;exit:no_need",
    ),
    "coaching_periods.csv": lines(
        "client_code;start_date;end_date;goals",
        "ABC-1;2025-05-01;2025-07-31;job_opportunities|employment_or_studies",
        "DEF-2;2025-04-05;2025-06-30;",
        "ABC-X;2025-03-01;2025-05-31;realistic_plan",
    ),
    "employers.csv": lines(
        "employer_id;name",
        "E1;Kauppa Oy",
        "E2;Pohjoisen Keittiö Oy",
        "E3;Varasto Oy",
    ),
    "jobs.csv": lines(
        "job_id;client_code;employer_id;title;job_type;start_date;competitive;permanent;"
        "hours_per_week",
        "J1;ABC-1;E1;Myyjä;5223;2025-06-01;1;0;20,5",
        "J3;DEF-2;E3;Varastotyöntekijä;9333;2025-07-01;1;1;",
        "J2;ABC-X;E2;Kokki;5120;2025-06-01;1;0;",
    ),
    "employer_contacts.csv": lines(
        "date;staff_id;employer_id;face_to_face;client_code;preference_based;purpose;job_tip",
        "2025-05-02;S2;E1;1;ABC-1;1;client_strengths;",
        "2025-05-03;S2;E3;1;DEF-2;1;interview_request;",
        "2025-05-04;S1;E1;0;;;needs;",
        "2025-05-05;S3;E2;1;ABC-X;1;client_strengths;",
    ),
    "client_contacts.csv": lines(
        "date;client_code;staff_id;kind;face_to_face;place;minutes;job_id;no_show",
        "2025-03-10;ABC-1;S1;meeting;1;office;60;;0",
        "2025-07-01;ABC-1;S1;follow_along;1;workplace;30;J1;0",
        "2025-04-07;DEF-2;S1;outreach_attempt;0;remote;5;;0",
        "2025-03-11;ABC-X;S3;meeting;1;home;45;;0",
    ),
    "team_meetings.csv": lines(
        "date;team_id;kind;attendees;job_tips;decisions",
        "2025-05-05;T1;coaching_supervision;S1|S2;;",
    ),
    "feedback.csv": lines(
        "date;client_code;score;comment",
        "2025-08-01;ABC-1;4;Hyvä palvelu",
        "2025-08-02;DEF-2;2;Toisen palaute",
        "2025-08-03;ABC-X;5;Pohjoisen palaute",
    ),
}

# The files `ote export --client ABC-1 --team T1` writes, as written (cells; rows sorted).
ABC_1_T1: dict[str, list[str]] = {
    "clients.csv": [
        "client_code;team_id;coach_id;referral_date;source_id;service_start;service_end;"
        "end_reason;framing;consent_family;consent_former_employers;legal_hold",
        "ABC-1;T1;S1;2025-03-01;R1;2025-03-10;;;ips;1;0;0",
    ],
    "client_plans.csv": [
        "client_code;kind;date;note",
        "ABC-1;vocational_profile;2025-03-20;Vahvuudet kartoitettu",
    ],
    "modules.csv": [
        "client_code;module;start_date;end_date;assessed_on;decision;client_took_part;"
        "provider_took_part;purchaser_took_part;results;next_resources",
        "ABC-1;1;2025-03-10;2025-04-10;2025-04-12;next:2;0;0;0;;",
    ],
    "coaching_periods.csv": [
        "client_code;start_date;end_date;start_notice_on;end_notice_on;feedback;"
        "next_steps_set;goals",
        "ABC-1;2025-05-01;2025-07-31;;;;0;employment_or_studies|job_opportunities",
    ],
    "employer_contacts.csv": [
        "date;staff_id;employer_id;face_to_face;client_code;preference_based;purpose;job_tip;"
        "outcome",
        "2025-05-02;S2;E1;1;ABC-1;1;client_strengths;;",
    ],
    "jobs.csv": [
        "job_id;client_code;employer_id;title;job_type;start_date;end_date;end_reason;"
        "competitive;permanent;hours_per_week",
        "J1;ABC-1;E1;Myyjä;5223;2025-06-01;;;1;0;20,5",
    ],
    "client_contacts.csv": [
        "date;client_code;staff_id;kind;face_to_face;place;minutes;job_id;no_show",
        "2025-03-10;ABC-1;S1;meeting;1;office;60;;0",
        "2025-07-01;ABC-1;S1;follow_along;1;workplace;30;J1;0",
    ],
    "feedback.csv": [
        "date;client_code;score;comment",
        "2025-08-01;ABC-1;4;Hyvä palvelu",
    ],
}

# `ote export --client DEF-2` (the code is only in T1, so no --team is needed).
DEF_2: dict[str, list[str]] = {
    "clients.csv": [
        ABC_1_T1["clients.csv"][0],
        "DEF-2;T1;S1;2025-04-01;R1;2025-04-05;;;law;0;0;0",
    ],
    "client_plans.csv": [
        ABC_1_T1["client_plans.csv"][0],
        "DEF-2;job_search_plan;2025-04-20;Toisen suunnitelma",
    ],
    "modules.csv": [ABC_1_T1["modules.csv"][0], "DEF-2;1;2025-04-05;;;;0;0;0;;"],
    "coaching_periods.csv": [
        ABC_1_T1["coaching_periods.csv"][0],
        "DEF-2;2025-04-05;2025-06-30;;;;0;",
    ],
    "employer_contacts.csv": [
        ABC_1_T1["employer_contacts.csv"][0],
        "2025-05-03;S2;E3;1;DEF-2;1;interview_request;;",
    ],
    "jobs.csv": [
        ABC_1_T1["jobs.csv"][0],
        "J3;DEF-2;E3;Varastotyöntekijä;9333;2025-07-01;;;1;1;",
    ],
    "client_contacts.csv": [
        ABC_1_T1["client_contacts.csv"][0],
        "2025-04-07;DEF-2;S1;outreach_attempt;0;remote;5;;0",
    ],
    "feedback.csv": [ABC_1_T1["feedback.csv"][0], "2025-08-02;DEF-2;2;Toisen palaute"],
}

# What only T2's ABC-1 has: none of it may appear in an export of T1's ABC-1.
T2_ONLY = ("T2", "S3", "R2", "E2", "J2", "Kokki", "Pohjoisen", "2025-02-", "modular")
# What only DEF-2 has.
DEF_2_ONLY = ("DEF-2", "J3", "E3", "Varasto", "Toisen", "interview_request", "outreach")


@pytest.fixture
def built(database: Database, tmp_path, monkeypatch) -> Database:
    """The hand-built database of two teams, OTE_DATABASE_URL pointing at it."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name, text in DATASET.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = import_path(database, folder, today=date(2026, 11, 22))
    assert report.written and report.problems == [], report.lines()
    with database.write() as session:
        session.execute(update(m.Client).where(m.Client.code == "ABC-X").values(code="ABC-1"))
    monkeypatch.setenv("OTE_DATABASE_URL", database.url.render_as_string(hide_password=False))
    return database


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_csv_folder(folder: Path) -> dict[str, list[str]]:
    files = {}
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        assert data.startswith(BOM)
        files[path.name] = data[len(BOM) :].decode("utf-8").split("\r\n")[:-1]
    return files


def assert_absent(files: dict[str, list[str]], *needles: str) -> None:
    for name, rows in files.items():
        text = "\n".join(rows)
        for needle in needles:
            assert needle not in text, f"{needle!r} in {name}"


def test_the_chosen_client_of_a_shared_code_alone(built, tmp_path, capsys):
    out = tmp_path / "abc"
    code, stdout, err = run(capsys, "export", str(out), "--client", "ABC-1", "--team", "T1")
    assert code == 0, err
    assert "Exported 9 rows" in stdout
    files = read_csv_folder(out)
    assert files == dict(sorted(ABC_1_T1.items()))
    assert_absent(files, *T2_ONLY, *DEF_2_ONLY)
    # The other team's ABC-1 is the other way round.
    other = tmp_path / "abc-t2"
    code, _, err = run(capsys, "export", str(other), "--client", "ABC-1", "--team", "T2")
    assert code == 0, err
    files = read_csv_folder(other)
    assert [row.split(";")[0] for row in files["jobs.csv"][1:]] == ["J2"]
    assert_absent(files, "T1", "S1", "S2", "E1", "J1", "Myyjä", "Hyvä", *DEF_2_ONLY)


def test_a_code_of_one_team_needs_no_team(built, tmp_path, capsys):
    out = tmp_path / "def"
    code, _, err = run(capsys, "export", str(out), "--client", "DEF-2")
    assert code == 0, err
    files = read_csv_folder(out)
    assert files == dict(sorted(DEF_2.items()))
    assert_absent(files, "ABC-1", "ABC-X", *T2_ONLY, "J1", "Myyjä", "Hyvä", "Vahvuudet")


def test_the_workbook_holds_the_same_rows(built, tmp_path, capsys):
    out = tmp_path / "abc.xlsx"
    code, _, err = run(capsys, "export", str(out), "--client", "ABC-1", "--team", "T1")
    assert code == 0, err
    workbook = load_workbook(out, read_only=True)
    names = [Path(name).stem for name in ABC_1_T1]
    assert sorted(workbook.sheetnames) == sorted(names)
    for name, expected in ABC_1_T1.items():
        sheet = workbook[Path(name).stem]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == expected[0].split(";")
        cells = {str(value) for row in rows[1:] for value in row if value is not None}
        assert "ABC-1" in cells and len(rows) == len(expected)
        text = " ".join(str(value) for row in rows for value in row if value is not None)
        for needle in (*T2_ONLY, *DEF_2_ONLY):
            assert needle not in text, f"{needle!r} in sheet {name}"
    workbook.close()
    jobs = list(load_workbook(out)["jobs"].iter_rows(min_row=2, values_only=True))
    assert jobs[0][:4] == ("J1", "ABC-1", "E1", "Myyjä") and jobs[0][10] == 20.5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--client", "ABC-1"],
            "asiakastunnus ABC-1 on käytössä useassa tiimissä (T1, T2); valitse tiimi",
        ),
        (["--client", "ZZZ-9"], "asiakastunnusta ZZZ-9 ei löydy mistään tiimistä"),
        (["--client", "ZZZ-9", "--team", "T1"], "tiimissä T1 ei ole asiakasta tunnuksella ZZZ-9"),
        (["--client", "DEF-2", "--team", "T2"], "tiimissä T2 ei ole asiakasta tunnuksella DEF-2"),
        (["--client", "DEF-2", "--team", "T9"], "tiimissä T9 ei ole asiakasta tunnuksella DEF-2"),
        (["--client", "ABC-1", "--team", "T1", "--team", "T2"], "anna enintään yksi --team"),
    ],
)
def test_an_unknown_or_ambiguous_code_is_refused(built, tmp_path, capsys, argv, message):
    for out in (tmp_path / "out", tmp_path / "out.xlsx"):
        code, stdout, err = run(capsys, "export", str(out), *argv)
        assert code == 2
        assert err.startswith("ote export: error: ") and message in err
        assert "Traceback" not in err and stdout == ""
        assert not out.exists()


def test_help_tells_what_is_left_out(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--client CODE" in out and "right of access" in out
    assert "employers those rows name are left out" in out
