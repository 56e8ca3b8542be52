"""The import and export page (pages/admin_import_export.py) under AppTest: uploads are
checked first and imported all or nothing; the records download as .xlsx or a .zip."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from ote import models as m
from ote.i18n import translate
from ote.interchange.exporter import export_bytes
from ote.interchange.format import FILES

PAGE = "pages/admin_import_export.py"
TEAMS = b"team_id;name;region\nT1;Testitiimi;Keski-Suomi\n"
STAFF = b'staff_id,team_id,name,role,fte\nS1,T1,Aino Aalto,coach,"0,8"\n'
BAD_STAFF = b"staff_id;team_id;name;role;fte\nS1;T1;Aino Aalto;boss;0,8\nS2;T9;Eero;coach;1\n"


def open_page(app_test, database):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def count(database, model) -> int:
    with database.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def upload(at, files):
    at.get("file_uploader")[0].set_value([(name, data, "text/csv") for name, data in files])
    at.run()
    return at


def test_page_without_files(app_test, sqlite_database):
    at = open_page(app_test, sqlite_database)
    assert at.title[0].value == translate("import_export.title", "fi")
    check = at.button(key="import.check.0")
    run = at.button(key="import.run.0")
    assert check.disabled and run.disabled


def test_check_then_import_csv_files(app_test, sqlite_database):
    at = upload(open_page(app_test, sqlite_database), [("teams.csv", TEAMS), ("staff.csv", STAFF)])
    at.button(key="import.check.0").click().run()
    assert [s.value for s in at.success] == [translate("import_export.check_ok", "fi")]
    assert count(sqlite_database, m.Team) == 0  # checking writes nothing
    at.button(key="import.run.0").click().run()
    assert not at.exception
    assert translate("import_export.done", "fi") in [s.value for s in at.success]
    assert (count(sqlite_database, m.Team), count(sqlite_database, m.Staff)) == (1, 1)
    with sqlite_database.read() as session:
        staff = session.execute(select(m.Staff)).scalar_one()
    assert (staff.key, staff.fte) == ("S1", 0.8)
    counts = at.table[-1].value
    assert counts[translate("import_export.column_new", "fi")].tolist() == [1, 1]


def test_bad_rows_are_listed_and_nothing_is_written(app_test, sqlite_database):
    at = upload(
        open_page(app_test, sqlite_database), [("teams.csv", TEAMS), ("staff.csv", BAD_STAFF)]
    )
    at.button(key="import.run.0").click().run()
    assert not at.exception
    assert at.error[0].value == translate("import_export.problems", "fi", count="2")
    problems = at.table[0].value
    assert problems[translate("import_export.column_where", "fi")].tolist() == [
        "staff.csv:2",
        "staff.csv:3",
    ]
    assert problems[translate("import_export.column_column", "fi")].tolist() == ["role", "team_id"]
    assert count(sqlite_database, m.Team) == 0 and count(sqlite_database, m.Staff) == 0


def test_an_exported_zip_imports_into_an_empty_database(app_test, demo_file, sqlite_database):
    from ote.config import sqlite_url
    from ote.db import open_database

    demo = open_database(sqlite_url(demo_file))
    name, content = export_bytes(demo, "zip")
    contacts = count(demo, m.EmployerContact)
    demo.dispose()
    assert name == "ote-kaikki.zip"
    at = open_page(app_test, sqlite_database)
    at.get("file_uploader")[0].set_value([(name, content, "application/zip")])
    at.run()
    at.button(key="import.run.0").click().run()
    assert not at.exception and not at.error
    assert count(sqlite_database, m.EmployerContact) == contacts


def test_export_downloads(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    at.button(key="export.prepare.0").click().run()
    assert not at.exception
    download = at.get("download_button")[0]
    assert download.proto.label == translate("import_export.download", "fi", name="ote-DEMO.xlsx")
    _, content = export_bytes(demo_copy, "zip", ["DEMO"])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(archive.namelist())
    assert names == sorted(spec.filename for spec in FILES)  # every file of the format
    assert "employer_log_reviews.csv" in names and len(names) == 21
