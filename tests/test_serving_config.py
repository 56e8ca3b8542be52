"""Hardened serving (DOMAIN.md §5, README "Safe serving").

`.streamlit/config.toml` holds every security setting, and nothing overrides it (no
STREAMLIT_* variable, no command-line flag in the project's own commands); the running server
does what it says, as far as HTTP shows (the XSRF cookie and check, the WebSocket's Host and
Origin checks, no static files, no script health check, no agent API, no embedding origins);
and in Chromium a page that fails shows the user nothing of the failure, an upload over the
limit is refused by the page and by the server, and the browser talks to no other host.
A failure inside a page and one in the shared frame around it are both tried: whichever
handles it (OTE's own message or Streamlit's generic one), the user learns nothing more than
that something failed.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import DEMO_END, ROOT, TEST_PASSWORD
from playwright.sync_api import Page, expect
from test_browser import open_app, wait_until_drawn

from ote.i18n import translate

CONFIG_FILE = ROOT / ".streamlit" / "config.toml"
AS_OF = DEMO_END.isoformat()

# Every setting the hardening rests on, with the value it must have.
EXPECTED = {
    "global.developmentMode": False,
    "server.headless": True,
    "server.address": "127.0.0.1",
    "server.allowedHosts": ["localhost", "127.0.0.1", "::1"],
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "server.allowRunOnSave": False,
    "server.enableXsrfProtection": True,
    "server.xsrfCookieSameSite": "lax",
    "server.enableCORS": True,
    "server.corsAllowedOrigins": [],
    "server.maxUploadSize": 10,
    "server.enableStaticServing": False,
    "server.enableAgentApi": False,
    "server.scriptHealthCheckEnabled": False,
    "server.enableWebsocketCompression": False,
    "server.trustedUserHeaders": {},
    "server.unsafeMetricsUserAttributes": [],
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "none",
    "client.showErrorLinks": False,
    "client.toolbarMode": "viewer",
    "client.allowedOrigins": [],
}

# What must never reach the user's browser when a page fails: the traceback, the exception's
# class and text, the SQL and the table, the code's files.
INTERNALS = [
    "Traceback",
    "OperationalError",
    "sqlalchemy",
    "sqlite3",
    "no such",
    "[SQL:",
    "SELECT ",
    'File "',
]
# Nor the code's folder on the page. (Streamlit itself sends the browser the path of app.py
# in every session's first message, whatever the settings: see the README.)
PATHS = [str(ROOT), str(ROOT / "ote")]


# ------------------------------------------------------------------------- the file
@pytest.fixture
def project_config(monkeypatch):
    """Streamlit's configuration as `streamlit run` in the project folder reads it (the
    process's parsed options are put back afterwards)."""
    from streamlit import config

    saved = config._config_options
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    config._config_options = saved


def test_every_security_setting_is_in_the_projects_config_file(project_config):
    wrong = {
        key: project_config.get_option(key)
        for key, value in EXPECTED.items()
        if project_config.get_option(key) != value
    }
    assert wrong == {}, f"changed in {CONFIG_FILE}: {wrong}"
    elsewhere = {
        key: project_config.get_where_defined(key)
        for key in EXPECTED
        if Path(project_config.get_where_defined(key)) != CONFIG_FILE
    }
    assert elsewhere == {}, "each must be set in .streamlit/config.toml itself"


def test_no_environment_variable_overrides_them(project_config):
    options = project_config.get_config_options()
    variables = {options[key].env_var: key for key in EXPECTED}
    assert "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS" in variables
    overriding = {variables[name]: os.environ[name] for name in variables if name in os.environ}
    assert overriding == {}


def test_the_projects_commands_pass_no_flag_that_overrides_them():
    """`make run`, the test servers and CI start Streamlit with the port (and the address
    127.0.0.1) only; every other setting comes from the file."""
    files = [ROOT / "Makefile", ROOT / "app.py", *ROOT.glob(".ci/*"), *ROOT.glob("scripts/*")]
    files += [*ROOT.glob("ote/**/*.py"), *ROOT.glob("pages/*.py")]
    files = [path for path in files if path.is_file() and path.suffix != ".pyc"]
    flag = re.compile(r"--(server|client|browser|global|runner|logger)\.(\w+)")
    found = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in flag.finditer(text):
            found.setdefault(f"{match.group(1)}.{match.group(2)}", set()).add(path.name)
        assert not re.search(r"\bSTREAMLIT_[A-Z_]+\s*[=:]", text), f"{path} sets a variable"
    assert set(found) <= {"server.port", "server.address"}, found
    assert "server.port" in found  # the scan sees the commands
    serving = (ROOT / "ote" / "serving.py").read_text()
    assert re.search(r'"--server\.address",\s*"127\.0\.0\.1"', serving)


# ------------------------------------------------------------------ the running server
def request(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    """(status, headers, body) of one request; an HTTP error is an answer too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def websocket_handshake(url: str, host: str, origin: str | None = None) -> str:
    """The status line of a WebSocket upgrade to Streamlit's stream with these headers."""
    address, port = url.removeprefix("http://").rsplit(":", 1)
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection((address, int(port)), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = connection.recv(4096).decode("latin-1")
    return answer.splitlines()[0]


def is_the_app_page(status: int, headers, body: bytes) -> bool:
    """Streamlit's answer to a path it has no route for: the app's own HTML page."""
    return status == 200 and headers.get_content_type() == "text/html" and b'id="root"' in body


def test_the_example_proxys_content_policy_allows_exactly_the_inline_scripts_served():
    """security/nginx-ote.conf allows inline code by hash only: the hashes must be those of
    the installed Streamlit's index page script and of OTE's page-language scripts, or the
    page stays blank (or keeps saying "en") behind the proxy."""
    import hashlib

    import streamlit

    from ote.ui.shell import PAGE_LANGUAGE_SCRIPTS

    def digest(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", index, re.DOTALL)
    assert inline, "Streamlit's index page has no inline script any more"
    scripts = [
        re.fullmatch(r"<script>(.*)</script>", s).group(1) for s in PAGE_LANGUAGE_SCRIPTS.values()
    ]
    config = (ROOT / "security" / "nginx-ote.conf").read_text()
    policy = re.search(r'set \$csp "([^"]*)"', config).group(1)
    source = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    allowed = set(re.findall(r"'sha256-[^']+'", source))
    assert allowed == {digest(code) for code in inline + scripts}


def test_the_server_sets_the_xsrf_cookie_and_checks_it(served_app):
    status, headers, _ = request(f"{served_app}/_stcore/health")
    assert status == 200
    (cookie,) = [c for c in headers.get_all("Set-Cookie") if c.startswith("_streamlit_xsrf=")]
    assert "SameSite=Lax" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    upload = f"{served_app}/_stcore/upload_file/no-session/no-file"
    form = {"Content-Type": "multipart/form-data; boundary=x"}
    body = b"--x--\r\n"
    # Without the token, with the cookie alone, or with a token that is not the cookie's:
    # refused as forgery.
    assert request(upload, "PUT", form, body)[0] == 403
    with_cookie = {**form, "Cookie": f"_streamlit_xsrf={token}"}
    assert request(upload, "PUT", with_cookie, body)[0] == 403
    forged = {**with_cookie, "X-Xsrftoken": "2|00000000|00000000000000000000000000000000|1"}
    assert request(upload, "PUT", forged, body)[0] == 403
    # With the pair, the check passes and the upload is refused only for its missing session.
    status, _, answer = request(upload, "PUT", {**with_cookie, "X-Xsrftoken": token}, body)
    assert (status, answer) != (403, b"XSRF token missing or invalid")
    assert status == 400


def test_the_websocket_accepts_only_the_allowed_hosts_and_its_own_origin(served_app):
    assert websocket_handshake(served_app, "127.0.0.1").split()[1] == "101"
    assert websocket_handshake(served_app, "localhost").split()[1] == "101"
    same_origin = served_app
    assert websocket_handshake(served_app, "127.0.0.1", same_origin).split()[1] == "101"
    # DNS rebinding: a page of another name that resolves to this machine.
    assert websocket_handshake(served_app, "attacker.example").split()[1] == "403"
    # Another site's page opening the app's WebSocket in the user's browser.
    assert websocket_handshake(served_app, "127.0.0.1", "https://attacker.example").split()[1] == (
        "403"
    )


def test_the_server_serves_no_static_files_no_script_check_and_no_agent_api(served_app):
    # With static serving on, /app/static/ answers from a static/ folder (404 for a file
    # that is not there); off, it is a path like any other and gets the app's page.
    assert is_the_app_page(*request(f"{served_app}/app/static/config.toml"))
    # With the script health check on, this would run app.py and answer in plain text.
    assert is_the_app_page(*request(f"{served_app}/_stcore/script-health-check"))
    status, _, body = request(
        f"{served_app}/_stcore/agent/interact",
        "POST",
        {"Content-Type": "application/json"},
        b"{}",
    )
    assert status == 403
    assert b'"not_available"' in body
    # No embedding page may drive the app through postMessage.
    status, _, body = request(f"{served_app}/_stcore/host-config")
    assert status == 200
    assert b'"allowedOrigins":[]' in body.replace(b" ", b"")


# --------------------------------------------------------------------------- browser
# (page, how the copy of the demo database is broken, the error in the log, what of the SQL
# must not reach the browser)
FAILURES = {
    # The page's own query fails: OTE's page frame may tell it in the user's language.
    "page": (
        "employers",
        "DROP TABLE employer_contact",
        "no such table: employer_contact",
        ["employer_contact.", "FROM employer_contact"],  # the page names only link to it
    ),
    # The shared frame's team list fails, outside any page: Streamlit's own handler.
    "frame": (
        "",  # the front page
        "ALTER TABLE team RENAME COLUMN region TO region_gone",
        "no such column: team.region",
        ["team.region", "FROM team"],
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("where", list(FAILURES))
def test_a_failure_shows_the_user_nothing_of_it(page: Page, demo_file, tmp_path, where):
    """A copy of the demo database with a table or a column gone, so that a query fails.
    The user sees that something failed, and nothing more: no traceback, exception, SQL or
    file; the browser is not even sent them. The details are in the server's log."""
    from ote.serving import ServerDidNotStart, serve

    path, breaking, logged, sql = FAILURES[where]
    broken = tmp_path / "broken.db"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(broken) as target:
        source.backup(target)  # the demo has the test accounts already
    with sqlite3.connect(broken) as connection:
        connection.execute(breaking)
    frames: list[bytes] = []

    def record(websocket):
        websocket.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode()
            ),
        )

    page.on("websocket", record)
    log_path = tmp_path / "streamlit.log"
    try:
        with serve(f"sqlite:///{broken}", log_path) as server:
            page.set_viewport_size({"width": 1440, "height": 1000})
            page.goto(f"{server.url}/{path}?as_of={AS_OF}")
            # Signing in (test_browser.sign_in waits for the sidebar, which may be what fails).
            expect(page.locator('input[type="password"]')).to_be_visible(timeout=30_000)
            page.locator('input[type="text"]').first.fill("test-admin")
            page.locator('input[type="password"]').fill(TEST_PASSWORD)
            page.locator('input[type="password"]').press("Enter")
            failure = page.locator(
                '[data-testid="stException"], [data-testid="stAlertContentError"]'
            )
            expect(failure.first).to_be_visible(timeout=30_000)
            wait_until_drawn(page)
            # Streamlit's own error box, where there is one, holds its generic message only.
            exceptions = page.locator('[data-testid="stException"]')
            for number in range(exceptions.count()):
                expect(exceptions.nth(number)).to_contain_text("This app has encountered an error")
            shown = page.content()
    except ServerDidNotStart as error:
        pytest.fail(str(error))
    log = log_path.read_text()
    leaked = [text for text in INTERNALS + sql + PATHS if text in shown]
    assert leaked == [], f"the page shows {leaked}"
    sent = [text for text in INTERNALS + sql if any(text.encode() in f for f in frames)]
    assert sent == [], f"the server sent the browser {sent}"
    assert frames, "the WebSocket frames were not seen"
    # No "search Google / ask ChatGPT" links carrying the error's text.
    expect(page.locator('a[href*="google."], a[href*="chatgpt"]')).to_have_count(0)
    # The query did fail, and its details are in the server's log.
    assert logged in log
    assert "Traceback" in log


@pytest.mark.browser
def test_an_upload_over_the_limit_is_refused_by_the_page_and_by_the_server(page: Page, served_app):
    open_app(page, f"{served_app}/admin_import_export?as_of={AS_OF}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translate("import_export.title", "fi")
    )
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    big = b"team_id;name\n" + b"x" * (10 * 1024 * 1024 + 1)
    # The page refuses it before sending it.
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if "/upload_file/" in r.url else None)
    chooser.set_input_files(files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big}])
    expect(page.get_by_text(re.compile(r"File must be 10(\.0)? ?MB or smaller"))).to_be_visible()
    assert uploads == []
    # A small file goes through the browser's own upload, XSRF token and all ...
    with page.expect_request(
        lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT"
    ) as sent:
        chooser.set_input_files(
            files=[{"name": "teams.csv", "mimeType": "text/csv", "buffer": b"team_id;name\n"}]
        )
    upload = sent.value
    headers = {"X-Xsrftoken": upload.headers["x-xsrftoken"]}
    small = {"file": {"name": "teams.csv", "mimeType": "text/csv", "buffer": b"team_id\n"}}
    assert page.request.put(upload.url, headers=headers, multipart=small).ok
    # ... and the server refuses the big one sent the same way, past the page's check.
    large = {"file": {"name": "big.csv", "mimeType": "text/csv", "buffer": big}}
    assert page.request.put(upload.url, headers=headers, multipart=large).status == 413


@pytest.mark.browser
def test_the_browser_talks_to_no_other_host(page: Page, served_app):
    """No usage statistics, fonts, scripts or error reports from anywhere but OTE."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    open_app(page, f"{served_app}/?as_of={AS_OF}")
    wait_until_drawn(page)
    page.get_by_role("link", name=translate("nav.records", "fi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("records.title", "fi"))
    wait_until_drawn(page)
    elsewhere = [u for u in asked if not u.startswith((served_app, "data:", "blob:"))]
    assert asked and elsewhere == [], elsewhere
