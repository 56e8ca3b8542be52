"""Hostile input: markup stored in every free-text field is shown as text, never as HTML;
50 malformed or hostile import files are refused with a Finnish message and change
nothing; an import killed mid-write leaves the database as it was.

1. Safe rendering. Every free-text column the app stores (the TEXT_LENGTH and NAME_LENGTH
   columns of `ote/models`) gets `<script>alert(1)</script> <img src=x onerror=alert(1)>`
   in a copy of the demo database; every page is then run under AppTest and must show the
   stored text literally (a dataframe cell as it is, Markdown with its escapes read back)
   with no element that renders raw HTML holding it. A static check lists the only raw-HTML
   call of the code base and checks that it passes a constant.
2. Hostile import files, built deterministically (`random.Random` seeded from the case id):
   each is imported over a copy of the demo database; the report must list errors whose
   Finnish message names the file (and the column, for a cell), and row counts and
   checksums of the database must be what they were.
3. `ote import` run in a child process and killed with SIGKILL while it is writing: the
   database keeps exactly its rows (and SQLite passes `PRAGMA integrity_check`).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf.message import Message
from sqlalchemy import String, cast, func, literal, select, text, update
from sqlmodel import SQLModel
from stdnum.fi import hetu

from ote import models as m
from ote.backup import backup
from ote.config import LANGUAGES, sqlite_url
from ote.db import Database, open_database
from ote.i18n import catalog
from ote.identity_codes import contains_identity_code
from ote.interchange.exporter import export_path
from ote.interchange.importer import format_problem, import_path, problem_message
from ote.ui.shell import PAGE_LANGUAGE_SCRIPTS
from ote.ui.supervision import PRESENTATION_CSS

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"  # the demo's last day
TODAY = date(2026, 7, 1)  # "today" for every import
SEED = 20260630

# ======================================================================= 1. rendering
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{SCRIPT} {IMG}"

# Every free-text column of the models (table -> columns). quarterly_goal.measure is a
# code, not text; the user's display name is set per test (the account is made then).
STORED_TEXT = {
    "team": ("name", "region"),
    "staff": ("name",),
    "referral_source": ("name",),
    "client": ("end_reason",),
    "client_plan": ("note",),
    "module_episode": ("results", "next_resources"),
    "employer": ("name", "industry"),
    "employer_contact": ("job_tip",),
    "job": ("title", "job_type", "end_reason"),
    "team_meeting": ("job_tips", "decisions"),
    "team_meeting_decision": ("text",),
    "steering_meeting": ("participants", "notes"),
    "steering_action": ("title", "owner"),
    "steering_action_note": ("text",),
    "fidelity_assessment": ("assessors", "place"),
    "fidelity_item_score": ("note",),
    "quarterly_goal": ("owner", "note"),
    "feedback": ("comment",),
}
# Stored but shown on no page (they are entered, and exported): client_plan.note,
# module_episode.results and module_episode.next_resources. They are filled in anyway, so
# that any page that starts showing them is covered by the HTML checks below.
EVERY_PAGE = ("team.name", "user_account.display_name")  # sidebar: team choice, signed in as
PAGE_FIELDS = {
    "pages/accessibility.py": (),  # no field: a statement to read
    "pages/admin_access_log.py": (),
    "pages/admin_employers.py": ("employer.name", "employer.industry"),
    "pages/admin_import_export.py": (),
    "pages/admin_sources.py": ("referral_source.name",),
    "pages/admin_staff.py": ("staff.name",),
    "pages/admin_teams.py": ("team.region",),
    "pages/admin_users.py": ("staff.name",),
    "pages/briefing.py": (),
    "pages/client.py": (),
    "pages/employers.py": (
        "employer.name",
        "employer.industry",
        "job.job_type",
        "job.end_reason",
        "staff.name",
    ),
    "pages/fidelity.py": (
        "fidelity_assessment.assessors",
        "fidelity_assessment.place",
        "fidelity_item_score.note",
        "steering_action.title",
        "steering_action.owner",
    ),
    "pages/goals.py": ("quarterly_goal.owner", "quarterly_goal.note", "staff.name"),
    "pages/home.py": (),
    "pages/log_client_contact.py": ("staff.name",),
    "pages/log_clients.py": ("client.end_reason", "referral_source.name", "staff.name"),
    "pages/log_coaching_periods.py": (),
    "pages/log_employer_contact.py": ("employer.name", "employer_contact.job_tip", "staff.name"),
    "pages/log_feedback.py": ("feedback.comment",),
    "pages/log_jobs.py": ("job.title", "job.job_type", "job.end_reason", "employer.name"),
    "pages/log_modules.py": (),
    "pages/log_team_meetings.py": (
        "team_meeting.job_tips",
        "team_meeting.decisions",
        "staff.name",
    ),
    "pages/records_overview.py": (),
    "pages/results.py": (),
    "pages/steering.py": (
        "steering_meeting.participants",
        "steering_meeting.notes",
        "steering_action.title",
        "steering_action.owner",
        "steering_action_note.text",
    ),
    "pages/team.py": ("staff.name", "referral_source.name"),
    "pages/weekly.py": ("staff.name", "team_meeting_decision.text"),
}
# The timeline of one client (`?client=CODE`, a client with a finished job).
CLIENT_FIELDS = (
    "client.end_reason",
    "job.title",
    "job.end_reason",
    "employer.name",
    "referral_source.name",
    "staff.name",
)
# Markdown escapes (`ote.formatting.markdown_text`): `\<` reads as `<`.
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def marker(field: str) -> str:
    """What a stored value of `field` starts with (a row id follows)."""
    return f"{HOSTILE} [{field}] #"


@pytest.fixture(scope="module")
def hostile_demo(demo_file, tmp_path_factory) -> tuple[str, str]:
    """A copy of the demo with markup at the start of every free-text value (so every row
    of every field holds it), and a client code whose timeline shows a finished job."""
    source = open_database(sqlite_url(demo_file))
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    backup(source, path)
    source.dispose()
    database = open_database(sqlite_url(path))
    with database.write() as session:
        for table_name, columns in STORED_TEXT.items():
            table = SQLModel.metadata.tables[table_name]
            for column in columns:
                value = literal(marker(f"{table_name}.{column}")) + cast(table.c.id, String)
                session.execute(update(table).values({column: value}))
        code = session.execute(
            select(m.Client.code)
            .join(m.Job, m.Job.client_id == m.Client.id)
            .where(m.Client.service_end.is_not(None), m.Job.end_date.is_not(None))
            .order_by(m.Client.code)
            .limit(1)
        ).scalar_one()
    database.dispose()
    return sqlite_url(path), code


def open_page(app_test, url: str, page: str, **query):
    """`page` as the admin on `url`, as of the demo's last day; the admin's display name is
    markup too."""
    at = app_test(url, as_of=AS_OF, **query)
    database = open_database(url)
    with database.write() as session:
        session.execute(
            update(m.UserAccount).values(display_name=marker("user_account.display_name") + "1")
        )
    database.dispose()
    at.run()
    if page != "pages/home.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _strings(message: Message) -> list[str]:
    """Every string field of a protobuf message, nested ones included."""
    found = []
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        if descriptor.type == descriptor.TYPE_STRING:
            found.extend(values)
        elif descriptor.type == descriptor.TYPE_MESSAGE:
            for item in values:
                found.extend(_strings(item))
    return found


def shown_texts(at) -> list[tuple[str, str]]:
    """(element type, text as the reader sees it) for every string the page sends:
    dataframe and table cells as they are, every other string (labels, options, Markdown
    bodies, captions, headings, alerts) with its Markdown escapes read back."""
    texts = []
    for node in at:
        try:
            value = node.value
        except Exception:  # some elements have no value outside a live session
            value = None
        if isinstance(value, pd.DataFrame):
            texts += [(node.type, str(cell)) for cell in value.astype(str).to_numpy().ravel()]
            texts += [(node.type, str(column)) for column in value.columns]
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            texts += [(node.type, MARKDOWN_ESCAPE.sub(r"\1", s)) for s in _strings(proto)]
    return texts


def assert_no_raw_html_with_data(at) -> None:
    """No element renders the stored markup as HTML: no Markdown (caption, heading, …)
    with allow_html set holds it, and no st.html element holds it."""
    for node in at:
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        fields = proto.DESCRIPTOR.fields_by_name
        for flag in ("allow_html", "unsafe_allow_html"):
            if flag in fields and getattr(proto, flag):
                assert "alert(1)" not in " ".join(_strings(proto)), (node.type, flag)
    for element in at.get("html"):
        assert "alert(" not in element.value and "onerror" not in element.value


def assert_shown_literally(at, fields) -> None:
    texts = shown_texts(at)
    missing = [f for f in fields if not any(marker(f) in shown for _, shown in texts)]
    assert not missing, f"not shown literally: {missing}"


@pytest.mark.parametrize("page", sorted(PAGE_FIELDS))
def test_stored_markup_is_shown_as_text(app_test, hostile_demo, page):
    url, _ = hostile_demo
    at = open_page(app_test, url, page)
    assert_shown_literally(at, EVERY_PAGE + PAGE_FIELDS[page])
    assert_no_raw_html_with_data(at)


def test_every_page_is_checked():
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")}
    assert pages == set(PAGE_FIELDS)


def test_stored_markup_on_a_client_timeline_is_shown_as_text(app_test, hostile_demo):
    url, code = hostile_demo
    at = open_page(app_test, url, "pages/client.py", client=code)
    assert at.selectbox(key="client.code").value == code
    assert_shown_literally(at, EVERY_PAGE + CLIENT_FIELDS)
    assert_no_raw_html_with_data(at)


def test_presentation_mode_adds_only_its_constant_css(app_test, hostile_demo):
    """The one st.html of the app (the weekly meeting on the shared screen) is the constant
    style sheet; the coach's name on the slide stays text."""
    url, _ = hostile_demo
    at = open_page(app_test, url, "pages/weekly.py")
    language = [PAGE_LANGUAGE_SCRIPTS["fi"]]  # every page's constant <html lang> script
    assert [element.value for element in at.html] == language
    at.toggle(key="weekly.present").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [element.value.strip() for element in at.html] == [
        *language,
        PRESENTATION_CSS.strip(),
    ]
    assert any(marker("staff.name") in MARKDOWN_ESCAPE.sub(r"\1", h.value) for h in at.header)
    assert_no_raw_html_with_data(at)


# Raw HTML in the code: the calls that render HTML (st.html, components.html, st.iframe)
# or take unsafe_allow_html, as source text. Each must pass only a constant.
ALLOWED_RAW_HTML = {
    ("pages/weekly.py", "st.html(view.PRESENTATION_CSS)"),
    (
        "ote/ui/shell.py",
        "st.html(PAGE_LANGUAGE_SCRIPTS[normalise_language(language)], "
        "unsafe_allow_javascript=True)",
    ),
}


def _raw_html_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        renders_html = isinstance(node.func, ast.Attribute) and node.func.attr in (
            "html",
            "iframe",
        )
        unsafe = any(k.arg == "unsafe_allow_html" for k in node.keywords)
        if renders_html or unsafe:
            calls.append(ast.unparse(node))
    return calls


def test_raw_html_is_rendered_only_from_constants():
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]
    sources += sorted((ROOT / "ote").rglob("*.py"))
    found = set()
    for path in sources:
        relative = path.relative_to(ROOT).as_posix()
        found |= {(relative, call) for call in _raw_html_calls(path)}
        source = path.read_text(encoding="utf-8")
        # Not even passed on through **kwargs or a variable: the word appears nowhere.
        assert "unsafe_allow_html" not in source, relative
        assert "allow_html" not in source, relative
    assert found == ALLOWED_RAW_HTML
    # The argument is a module-level string constant, bound once, with no data in it.
    module = ast.parse((ROOT / "ote/ui/supervision.py").read_text(encoding="utf-8"))
    bindings = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
        and any(
            isinstance(target, ast.Name) and target.id == "PRESENTATION_CSS"
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert len(bindings) == 1 and bindings[0] in module.body
    assert isinstance(bindings[0].value, ast.Constant)
    assert isinstance(bindings[0].value.value, str)
    assert PRESENTATION_CSS.strip().startswith("<style>")
    assert PRESENTATION_CSS.strip().endswith("</style>")
    assert "<script" not in PRESENTATION_CSS.lower()
    # The page-language scripts: one per interface language, the language code its only
    # variable part (a code of LANGUAGES, never input).
    assert set(PAGE_LANGUAGE_SCRIPTS) == set(LANGUAGES)
    for code, script in PAGE_LANGUAGE_SCRIPTS.items():
        assert re.fullmatch(r"[a-z]{2}", code)
        assert script == f'<script>document.documentElement.lang = "{code}";</script>'


# =================================================================== 2. import files
def lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


# A good data set of one new team, in Finnish Excel's dialect; each case spoils it.
BASE: dict[str, str] = {
    "teams.csv": lines("team_id;name;region", "HX;Vihamielinen tiimi;Uusimaa"),
    "staff.csv": lines(
        "staff_id;team_id;name;role;fte;coaching_share;start_date;end_date",
        "HX-S1;HX;Aino Valmentaja;coach;1;0,8;2025-01-01;",
        "HX-S2;HX;Eero Etsijä;job_finder;0,6;;2025-02-01;",
    ),
    "referral_sources.csv": lines(
        "source_id;team_id;name;kind;attached",
        "HX-R1;HX;Aikuissosiaalityö;adult_social_work;1",
    ),
    "clients.csv": lines(
        "client_code;team_id;coach_id;referral_date;source_id;service_start;service_end;"
        "end_reason;framing",
        "HXA-1;HX;HX-S1;2025-03-01;HX-R1;2025-03-10;;;ips",
        "HXB-2;HX;HX-S1;2025-04-01;HX-R1;2025-04-05;;;modular",
    ),
    "modules.csv": lines(
        "client_code;module;start_date;end_date;assessed_on;decision",
        "HXB-2;1;2025-04-05;;;",
    ),
    "employers.csv": lines("employer_id;name;industry", "HX-E1;Kauppa Oy;Vähittäiskauppa"),
    "jobs.csv": lines(
        "job_id;client_code;employer_id;title;job_type;start_date;end_date;end_reason;"
        "competitive;permanent;hours_per_week",
        "HX-J1;HXA-1;HX-E1;Myyjä;5223;2025-06-01;;;1;0;20,5",
    ),
    "employer_contacts.csv": lines(
        "date;staff_id;employer_id;face_to_face;client_code;preference_based;purpose;job_tip",
        "2025-05-02;HX-S2;HX-E1;1;HXA-1;1;client_strengths;Kysy kassatyöstä",
    ),
    "client_contacts.csv": lines(
        "date;client_code;staff_id;kind;face_to_face;place;minutes;job_id;no_show",
        "2025-03-10;HXA-1;HX-S1;meeting;1;office;60;;0",
        "2025-07-01;HXA-1;HX-S1;follow_along;1;workplace;30;HX-J1;0",
    ),
    "team_meetings.csv": lines(
        "date;team_id;kind;attendees;job_tips;decisions",
        "2025-05-05;HX;coaching_supervision;HX-S1|HX-S2;Varasto hakee;Käynnit kahdesti",
    ),
    "steering_meetings.csv": lines(
        "meeting_id;team_id;date;participants;notes", "HX-M1;HX;2025-04-01;Johtaja;Muistio"
    ),
    "steering_actions.csv": lines(
        "action_id;team_id;title;status;owner;fidelity_items;created_on;due_date;done_on;"
        "meeting_id",
        "HX-A1;HX;Lisää työnantajakäyntejä;planned;Aino;15|16;2025-04-01;2025-09-30;;HX-M1",
    ),
    "quarterly_goals.csv": lines(
        "team_id;quarter;measure;target;owner;note", "HX;2025Q3;caseload_ratio;18;Aino;"
    ),
    "feedback.csv": lines("date;client_code;score;comment", "2025-08-01;HXA-1;4;Hyvä palvelu"),
}
FORMULA = "=cmd|' /C calc'!A0"
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code(birth: str, sign: str, individual: int) -> str:
    """A valid Finnish personal identity code (temporary ones: individual 900–999)."""
    check = CHECK_CHARACTERS[int(f"{birth}{individual:03d}") % 31]
    code = f"{birth}{sign}{individual:03d}{check}"
    assert hetu.is_valid(code, allow_temporary=True)
    return code


HETU = identity_code("010190", "-", 123)  # 010190-123M
HETU_2000S = identity_code("010101", "A", 123)  # century sign A (2000s)
HETU_NEW_SIGN = identity_code("150699", "Y", 432)  # the 2023 century signs
HETU_TEMPORARY = identity_code("241203", "A", 987)


def swap(name: str, old: str, new: str) -> dict[str, str]:
    """BASE's `name` with its first `old` replaced by `new`."""
    assert old in BASE[name], (name, old)
    return {name: BASE[name].replace(old, new, 1)}


def plus(name: str, *rows: str) -> dict[str, str]:
    return {name: BASE[name] + lines(*rows)}


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


Make = Callable[[Path, random.Random], Path]


def folder_case(changes: Callable[[random.Random], dict[str, str | bytes]]) -> Make:
    """A folder of BASE's files with `changes(rng)` on top."""
    return lambda tmp, rng: write_folder(tmp / "data", {**BASE, **changes(rng)})


def fixed(changes: dict[str, str | bytes]) -> Make:
    return folder_case(lambda _rng: changes)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def base_members(prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}{name}": content.encode("utf-8") for name, content in BASE.items()}


def zip_case(members: Callable[[random.Random], dict[str, bytes]]) -> Make:
    def make(tmp: Path, rng: random.Random) -> Path:
        path = tmp / "data.zip"
        path.write_bytes(zip_bytes(members(rng)))
        return path

    return make


def sheet_rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(BASE[name]), delimiter=";"))


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def base_sheets() -> dict[str, list[list]]:
    return {name.removesuffix(".csv"): sheet_rows(name) for name in BASE}


def workbook_case(sheets: Callable[[random.Random], dict[str, list[list]]]) -> Make:
    def make(tmp: Path, rng: random.Random) -> Path:
        path = tmp / "data.xlsx"
        path.write_bytes(workbook_bytes(sheets(rng)))
        return path

    return make


def raw_file(name: str, content: Callable[[random.Random], bytes]) -> Make:
    def make(tmp: Path, rng: random.Random) -> Path:
        path = tmp / name
        path.write_bytes(content(rng))
        return path

    return make


def letters(rng: random.Random, count: int) -> str:
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyzåäö ", k=count))


def garbage(rng: random.Random, count: int, nul: bool = True) -> bytes:
    data = bytearray(rng.randbytes(count))
    if nul:
        data[rng.randrange(count)] = 0
    return bytes(data)


def truncated_zip(rng: random.Random) -> bytes:
    data = zip_bytes(base_members())
    return data[: rng.randrange(len(data) // 4, len(data) * 3 // 4)]


def truncated_workbook(rng: random.Random) -> bytes:
    data = workbook_bytes(base_sheets())
    return data[: rng.randrange(len(data) // 4, len(data) * 3 // 4)]


def many_good_rows_then_a_bad_one(rng: random.Random) -> dict[str, str]:
    rows = [
        f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d};HXA-1;"
        f"{rng.randrange(1, 6)};{letters(rng, 40)}"
        for _ in range(5000)
    ]
    return plus("feedback.csv", *rows, "2025-08-02;HXA-1;6;kuusi tähteä")


def many_unknown_columns(rng: random.Random) -> dict[str, str]:
    extra = [f"x{rng.randrange(10**9)}_{n}" for n in range(2000)]
    header = "staff_id;team_id;name;role;fte;coaching_share;start_date;end_date"
    return swap("staff.csv", header, header + ";" + ";".join(extra))


def formula_workbook(_rng: random.Random) -> dict[str, list[list]]:
    sheets = base_sheets()
    sheets["staff"][1][4] = FORMULA  # openpyxl writes a formula; it has no cached value
    return sheets


def wrong_sheet_names(rng: random.Random) -> dict[str, list[list]]:
    sheets = base_sheets()
    staff = sheets.pop("staff")
    return {"Sheet1": [[letters(rng, 8)]], **sheets, "Henkilöstö": staff}


# (make, (source, line, column, key) of one error the report must hold; line None: any)
Expected = tuple[str, int | None, str, str]


def case(case_id: str, make: Make, expected: Expected, bug: str | None = None, raises=None):
    marks = []
    if bug:
        marks = [pytest.mark.xfail(strict=True, reason=bug, raises=raises or AssertionError)]
    return pytest.param(make, expected, id=case_id, marks=marks)


CASES = [
    # ------------------------------------------------------------- truncated files
    case(
        "truncated_in_a_row",
        fixed({"staff.csv": BASE["staff.csv"].split("HX-S2;HX;Eero")[0] + "HX-S2;HX;Eero"}),
        ("staff.csv", 3, "role", "required"),
    ),
    case(
        "truncated_header",
        fixed({"staff.csv": "staff_id;team_id;na"}),
        ("staff.csv", 1, "na", "unknown_column"),
    ),
    case(
        "truncated_in_a_multibyte_character",
        fixed({"feedback.csv": BASE["feedback.csv"].encode("utf-8").split(b"\xa4")[0]}),
        ("feedback.csv", 0, "", "not_utf8"),
    ),
    case(
        "truncated_in_a_quoted_cell",
        fixed(plus("feedback.csv", '2025-08-02;HXA-1;3;"Hyvä alku, mutta kesken')),
        ("feedback.csv", None, "", "csv_error"),
    ),
    case(
        "stray_quote_swallows_the_rows_after_it",
        fixed(plus("feedback.csv", '2025-08-02;HXA-1;3;"Lainaus alkaa', "2025-08-03;HXA-1;5;")),
        ("feedback.csv", None, "", "csv_error"),
    ),
    case(
        "truncated_workbook",
        raw_file("data.xlsx", truncated_workbook),
        ("data.xlsx", 0, "", "not_a_workbook"),
    ),
    case("truncated_zip", raw_file("data.zip", truncated_zip), ("data.zip", 0, "", "not_a_zip")),
    # ----------------------------------------------------------------- binary garbage
    case(
        "random_bytes_as_csv",
        folder_case(lambda rng: {"staff.csv": garbage(rng, 4096)}),
        ("staff.csv", 0, "", "binary_file"),
    ),
    case(
        "png_as_csv",
        folder_case(lambda rng: {"employers.csv": b"\x89PNG\r\n\x1a\n" + garbage(rng, 2048)}),
        ("employers.csv", 0, "", "binary_file"),
    ),
    case(
        "random_bytes_as_xlsx",
        raw_file("data.xlsx", lambda rng: b"PK\x03\x04" + garbage(rng, 4096)),
        ("data.xlsx", 0, "", "not_a_workbook"),
    ),
    # ----------------------------------------------------------------- encodings
    case(
        "latin_1",
        fixed({"feedback.csv": BASE["feedback.csv"].encode("latin-1")}),
        ("feedback.csv", 0, "", "not_utf8"),
    ),
    case(
        "utf_16_with_bom",
        fixed({"staff.csv": BASE["staff.csv"].encode("utf-16")}),
        ("staff.csv", 0, "", "binary_file"),
    ),
    case(
        "windows_1252_quotes",
        fixed({"staff.csv": BASE["staff.csv"].replace("Aino", "“Aino”").encode("cp1252")}),
        ("staff.csv", 0, "", "not_utf8"),
    ),
    # ----------------------------------------------------------------- huge values
    case(
        "comment_of_100000_characters",
        folder_case(lambda rng: plus("feedback.csv", f"2025-08-02;HXA-1;3;{letters(rng, 10**5)}")),
        ("feedback.csv", 3, "comment", "too_long"),
    ),
    case(
        "cell_over_the_csv_field_limit",
        folder_case(lambda rng: plus("employers.csv", f"HX-E2;{letters(rng, 200_000)};")),
        ("employers.csv", None, "", "csv_error"),
    ),
    case(
        "key_of_5000_characters",
        folder_case(lambda rng: plus("staff.csv", f"HX-{letters(rng, 5000)};HX;Iso;coach;1;;;")),
        ("staff.csv", 4, "staff_id", "too_long"),
    ),
    case(
        "fte_of_400_digits",
        fixed(swap("staff.csv", "job_finder;0,6;", f"job_finder;{'9' * 400};")),
        ("staff.csv", 3, "fte", "not_a_number"),  # past any float: not a number
    ),
    case(
        "two_thousand_unknown_columns",
        folder_case(many_unknown_columns),
        ("staff.csv", 1, "x", "unknown_column"),  # column: the first one's name (prefix)
    ),
    case(
        "bad_row_after_5000_good_ones",
        folder_case(many_good_rows_then_a_bad_one),
        ("feedback.csv", 5003, "score", "out_of_range"),
    ),
    # ------------------------------------------------------------ formula injection
    case(
        "formula_as_fte",
        fixed(swap("staff.csv", "job_finder;0,6;", f"job_finder;{FORMULA};")),
        ("staff.csv", 3, "fte", "not_a_number"),
    ),
    case(
        "formula_as_date",
        fixed(swap("client_contacts.csv", "2025-03-10;", f"{FORMULA};")),
        ("client_contacts.csv", 2, "date", "not_a_date"),
    ),
    case(
        "formula_as_team_reference",
        fixed(plus("staff.csv", f"HX-S3;{FORMULA};Kaapo;coach;1;;;")),
        ("staff.csv", 4, "team_id", "unknown_key"),
    ),
    case(
        "formula_cell_in_a_workbook",
        workbook_case(formula_workbook),
        ("data.xlsx[staff]", 2, "fte", "required"),
    ),
    # ----------------------------------------------------------------- NUL bytes
    case(
        "nul_byte_in_a_cell",
        fixed(swap("employers.csv", "Kauppa Oy", "Kauppa\x00Oy")),
        ("employers.csv", 0, "", "binary_file"),
    ),
    case(
        "nul_byte_in_the_header",
        fixed(swap("teams.csv", "team_id;name", "team_id\x00;name")),
        ("teams.csv", 0, "", "binary_file"),
    ),
    # ---------------------------------------------------- unknown columns and files
    case(
        "misspelt_column",
        fixed(swap("staff.csv", "role;fte;", "role;ftee;")),
        ("staff.csv", 1, "ftee", "unknown_column"),
    ),
    case(
        "markup_as_a_column_name",
        fixed(swap("teams.csv", "region", SCRIPT)),
        ("teams.csv", 1, SCRIPT, "unknown_column"),
    ),
    case(
        "unknown_file_name",
        fixed({"henkilöstö.csv": BASE["staff.csv"]}),
        ("henkilöstö.csv", 0, "", "unknown_file"),
    ),
    case(
        "tab_separated",
        fixed({"staff.csv": BASE["staff.csv"].replace(";", "\t")}),
        ("staff.csv", 1, "fte", "missing_column"),
    ),
    # ---------------------------------------------------------------- identity codes
    case(
        "identity_code_in_a_comment",
        fixed(plus("feedback.csv", f"2025-08-02;HXA-1;3;Asiakas {HETU} kiitti")),
        ("feedback.csv", 3, "comment", "identity_code"),
    ),
    case(
        "identity_code_of_the_2000s_in_a_name",
        fixed(swap("staff.csv", "Eero Etsijä", f"Eero {HETU_2000S}")),
        ("staff.csv", 3, "name", "identity_code"),
    ),
    case(
        "identity_code_with_a_new_century_sign_in_a_job_title",
        fixed(swap("jobs.csv", ";Myyjä;", f";Myyjä ({HETU_NEW_SIGN});")),
        ("jobs.csv", 2, "title", "identity_code"),
    ),
    case(
        "identity_code_as_client_code",
        fixed(plus("clients.csv", f"{HETU};HX;HX-S1;2025-03-01;HX-R1;;;;ips")),
        ("clients.csv", 4, "client_code", "identity_code"),
    ),
    case(
        "temporary_identity_code_in_meeting_decisions",
        fixed(swap("team_meetings.csv", "Käynnit kahdesti", f"Selvitä {HETU_TEMPORARY}")),
        ("team_meetings.csv", 2, "decisions", "identity_code"),
    ),
    case(
        "identity_code_as_a_column_name",
        fixed({"staff.csv": lines(f"{HETU};HX;Aino;coach;1", "HX-S9;HX;Eero;coach;1")}),
        ("staff.csv", 1, "staff_id", "missing_column"),
    ),
    case(
        "identity_code_as_a_zip_member_name",
        zip_case(lambda _rng: {**base_members(), f"{HETU}.csv": b"a;b\n1;2\n"}),
        ("******-****.csv", 0, "", "unknown_file"),  # the code masked
    ),
    # ------------------------------------------------------------------------ zips
    case(
        "zip_with_nested_folders_and_a_wrong_name",
        zip_case(
            lambda _rng: {
                **base_members("vienti/2026/kesä/"),
                "vienti/2026/kesä/henkilosto.csv": BASE["staff.csv"].encode(),
            }
        ),
        ("henkilosto.csv", 0, "", "unknown_file"),
    ),
    case(
        "zip_slip_member_name",
        zip_case(lambda _rng: {**base_members(), "../../../tmp/evil.csv": b"a;b\n1;2\n"}),
        ("evil.csv", 0, "", "unknown_file"),
    ),
    case(
        "zip_bomb_lite",  # 16 MiB of zeros in a few kilobytes
        zip_case(lambda _rng: {**base_members(), "sisalla/staff.csv": bytes(16 * 2**20)}),
        ("staff.csv", 0, "", "binary_file"),
    ),
    case(
        "zip_with_one_file_twice",
        zip_case(lambda _rng: {**base_members("a/"), "b/staff.csv": BASE["staff.csv"].encode()}),
        ("staff.csv", 0, "", "file_twice"),
    ),
    case(
        "zip_of_a_zip",
        zip_case(lambda _rng: {"sisempi.zip": zip_bytes(base_members())}),
        ("data.zip", 0, "", "no_csv_files"),
    ),
    # ------------------------------------------------------------------- workbooks
    case(
        "workbook_with_wrong_sheet_names",
        workbook_case(wrong_sheet_names),
        ("data.xlsx[Henkilöstö]", 0, "", "unknown_file"),
    ),
    # ------------------------------------------------------------------ duplicates
    case(
        "same_staff_key_twice",
        fixed(plus("staff.csv", "HX-S1;HX;Aino Toinen;coach;1;;;")),
        ("staff.csv", 4, "staff_id", "duplicate_row"),
    ),
    case(
        "same_column_twice",
        fixed(swap("employers.csv", "employer_id;name;industry", "employer_id;name;name")),
        ("employers.csv", 1, "name", "duplicate_column"),
    ),
    # ------------------------------------------------------------- dates and numbers
    case(
        "date_31_2_2026",
        fixed(swap("jobs.csv", "5223;2025-06-01", "5223;31.2.2026")),
        ("jobs.csv", 2, "start_date", "not_a_date"),
    ),
    case(
        "negative_fte",
        fixed(swap("staff.csv", "job_finder;0,6;", "job_finder;-0,6;")),
        ("staff.csv", 3, "fte", "out_of_range"),
    ),
    case(
        "minutes_infinity",
        fixed(swap("client_contacts.csv", ";office;60;", ";office;inf;")),
        ("client_contacts.csv", 2, "minutes", "not_a_number"),
    ),
    case(
        "score_not_a_number",
        fixed(swap("feedback.csv", ";HXA-1;4;", ";HXA-1;nan;")),
        ("feedback.csv", 2, "score", "not_a_number"),
    ),
    case(
        "goal_target_infinity",
        fixed(swap("quarterly_goals.csv", ";caseload_ratio;18;", ";caseload_ratio;inf;")),
        ("quarterly_goals.csv", 2, "target", "not_a_number"),
    ),
    # ---------------------------------------------------------------------- others
    case(
        "sql_in_a_reference",
        fixed(swap("staff.csv", "HX-S2;HX;", "HX-S2;HX' OR '1'='1;")),
        ("staff.csv", 3, "team_id", "unknown_key"),
    ),
]
assert len(CASES) == 50


# Tables whose every row is compared (with the row counts of every table).
CHECKSUMMED = ("team", "staff", "employer", "client", "job", "feedback", "quarterly_goal")
# Problems about a whole row or the header rather than one cell.
ROW_LEVEL = {"csv_error", "too_many_cells", "empty_column_name"}


def snapshot(database: Database) -> tuple[dict[str, int], dict[str, str]]:
    """Row counts of every table, and a checksum of every row of a few."""
    with database.read() as session:
        counts = {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }
        sums = {}
        for name in CHECKSUMMED:
            table = SQLModel.metadata.tables[name]
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            sums[name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return counts, sums


def assert_clear_messages(report) -> None:
    """Every error is a Finnish catalog message that names its file (and its column, when
    it is about a cell), and no line repeats an identity code."""
    messages = catalog("fi")
    for problem in report.errors:
        assert f"validation.{problem.key}" in messages, problem.key
        message = problem_message(problem, "fi")
        assert message.strip() and not message.startswith("validation."), problem
        line = format_problem(problem, "fi")
        assert problem.source and line.startswith(problem.source), line[:200]
        if problem.line and problem.key not in ROW_LEVEL:
            assert problem.column and f" {problem.column}:" in line, line[:200]
    for line in report.lines("fi"):
        assert not contains_identity_code(line), "an identity code is repeated in the report"


def test_the_base_data_set_imports_over_the_demo(demo_copy, tmp_path):
    """The cases below each spoil one thing of BASE, which is itself good."""
    before, _ = snapshot(demo_copy)
    report = import_path(demo_copy, write_folder(tmp_path / "data", BASE), today=TODAY)
    assert report.problems == [] and report.written
    after, _ = snapshot(demo_copy)
    assert after["team"] == before["team"] + 1 and after["feedback"] == before["feedback"] + 1


def test_the_base_data_set_imports_from_a_workbook_and_a_zip(sqlite_database, tmp_path):
    (tmp_path / "data.xlsx").write_bytes(workbook_bytes(base_sheets()))
    (tmp_path / "data.zip").write_bytes(zip_bytes(base_members("kansio/")))
    for name in ("data.xlsx", "data.zip"):
        report = import_path(sqlite_database, tmp_path / name, today=TODAY)
        assert report.errors == [] and report.written, report.lines()[:5]


@pytest.mark.parametrize(("make", "expected"), CASES)
def test_hostile_import_is_refused_and_changes_nothing(
    demo_copy, tmp_path, request, make, expected
):
    rng = random.Random(f"{SEED}:{request.node.callspec.id}")
    (tmp_path / "in").mkdir()
    path = make(tmp_path / "in", rng)
    before = snapshot(demo_copy)
    report = import_path(demo_copy, path, today=TODAY)
    assert snapshot(demo_copy) == before
    assert not report.written and report.counts == {}
    assert report.errors
    assert_clear_messages(report)
    source, line, column, key = expected
    found = [
        p
        for p in report.errors
        if p.source == source
        and (line is None or p.line == line)
        and (p.column == column or (key == "unknown_column" and p.column.startswith(column)))
        and p.key == key
    ]
    assert found, report.lines()[:10]


def test_formula_like_text_stays_text_in_an_exported_workbook(sqlite_database, tmp_path):
    from openpyxl import load_workbook

    changes = swap("feedback.csv", "Hyvä palvelu", FORMULA)
    report = import_path(
        sqlite_database, write_folder(tmp_path / "data", {**BASE, **changes}), today=TODAY
    )
    assert report.written  # free text: accepted as it is
    export_path(sqlite_database, tmp_path / "out.xlsx")
    cell = load_workbook(tmp_path / "out.xlsx")["feedback"]["D2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")


# ================================================================ 3. killed import
COPIES = 4  # renamed copies of the demo team in the big data set (~60 000 rows)
CODE = re.compile(r"(?<![A-Za-z0-9])AS(\d+)(?![0-9])")


@pytest.fixture(scope="module")
def big_dataset(demo_file, tmp_path_factory) -> Path:
    """The demo team exported and renamed COPIES times (new team, keys and client codes),
    with BASE's team renamed too: a valid import that takes seconds to write."""
    source = open_database(sqlite_url(demo_file))
    exported = tmp_path_factory.mktemp("export") / "demo"
    export_path(source, exported, ["DEMO"])
    source.dispose()
    folder = tmp_path_factory.mktemp("big") / "data"
    folder.mkdir()
    for path in sorted(exported.iterdir()):
        header, *rows = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        body = "".join(rows)
        copies = [
            CODE.sub(lambda found, n=n: f"K{n}{found.group(1)}", body.replace("DEMO", f"HK{n}"))
            for n in range(COPIES)
        ]
        if path.name == "teams.csv":  # an update of a stored row, written first
            copies.append("HX;Uudelleen nimetty;Lappi;0\r\n")
        (folder / path.name).write_text(header + "".join(copies), encoding="utf-8")
    return folder


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _writing(database: Database) -> bool:
    """Whether another connection holds an open write transaction."""
    if database.is_sqlite:
        probe = sqlite3.connect(database.sqlite_path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            return "locked" in str(error)
        finally:
            probe.close()
    with database.engine.connect() as connection:
        return bool(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                )
            ).scalar_one()
        )


def test_an_import_killed_while_writing_leaves_the_database_as_it_was(
    database, big_dataset, tmp_path
):
    report = import_path(database, write_folder(tmp_path / "base", BASE), today=TODAY)
    assert report.written
    before = snapshot(database)
    env = {**os.environ, "OTE_DATABASE_URL": _url(database)}
    command = [str(Path(sys.executable).with_name("ote")), "import", str(big_dataset)]
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 60
        while not _writing(database):
            assert child.poll() is None, child.stdout.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        time.sleep(0.7)  # well into the write (it takes seconds)
        assert child.poll() is None, "the import finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()

    assert snapshot(database) == before
    if database.is_sqlite:
        with sqlite3.connect(database.sqlite_path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    else:  # the server has rolled the dead client's transaction back
        deadline = time.monotonic() + 10
        while _writing(database):
            assert time.monotonic() < deadline, "the dead client's transaction lingers"
            time.sleep(0.05)
    # Nothing is left locked: a new import writes at once.
    changes = swap("teams.csv", "Vihamielinen tiimi", "Jälkeen tuotu")
    report = import_path(
        database, write_folder(tmp_path / "after", {**BASE, **changes}), today=TODAY
    )
    assert report.written and report.counts["teams"].updated == 1
    with database.read() as session:
        names = session.execute(select(m.Team.name).where(m.Team.key.like("HK%"))).all()
    assert names == []
