"""The connection drops and comes back (issue 12): a half-filled form keeps its values and
nothing is saved twice.

Chromium talks to the served app through a small TCP proxy of the test's own (`Proxy`):
`block()` closes every proxied socket and refuses new connections, as a dropped network
would; `restore()` lets the browser in again. The proxy can also cut the connection at an
exact moment of a save: the browser's request lost on the way, the request delivered but
the answer lost, or the answer cut after its first part. Streamlit resumes the session when
the browser comes back within `server.disconnectedSessionTTL`, so the sign-in and the
widgets' values must still be there, and the save must have happened once or not at all –
never twice, not after the reconnection's own rerun nor after a reload.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from conftest import serve_app
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from test_browser import open_app, sign_in

from ote import models as m
from ote.config import sqlite_url
from ote.db import open_database
from ote.i18n import translate

pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: generous, for a loaded two-core machine
LOST = re.compile(r"^(PINGING_SERVER|CONNECTING|DISCONNECTED_FOREVER)$")
# A browser message over the websocket at least this long is a rerun request (a save's
# click carries every widget's state); heartbeats and pongs are a few bytes.
RERUN_MESSAGE_BYTES = 64


def fi(key: str) -> str:
    return translate(key, "fi")


# ------------------------------------------------------------------------------ proxy
class _Frames:
    """WebSocket frames read from one direction of a connection, for the proxy's trace."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        self.buffer += data
        frames = []
        while len(self.buffer) >= 2:
            opcode, length, at = self.buffer[0] & 15, self.buffer[1] & 127, 2
            if length >= 126:
                size = 2 if length == 126 else 8
                length = int.from_bytes(self.buffer[at : at + size], "big")
                at += size
            mask = self.buffer[at : at + 4] if self.buffer[1] & 128 else b""
            at += len(mask)
            if len(self.buffer) < at + length:
                break
            payload = self.buffer[at : at + length]
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            frames.append((opcode, payload))
            self.buffer = self.buffer[at + length :]
        return frames


def _describe(opcode: int, payload: bytes, from_browser: bool) -> str:
    """A Streamlit message's type (a rerun request with its number of widget values)."""
    if opcode != 2:
        return {8: "close", 9: "ping", 10: "pong"}.get(opcode, f"opcode {opcode}")
    try:
        if from_browser:
            message = BackMsg.FromString(payload)
            kind = message.WhichOneof("type")
            if kind == "rerun_script":
                return f"rerun({len(message.rerun_script.widget_states.widgets)} widgets)"
            return str(kind)
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            return f"script_finished({message.script_finished})"
        if kind == "session_status_changed":
            return f"running={message.session_status_changed.script_is_running}"
        return str(kind)
    except Exception:  # not a message of this Streamlit's protocol
        return f"{len(payload)} bytes"


@dataclass(eq=False)
class _Link:
    browser: socket.socket
    server: socket.socket
    websocket: bool = False
    up: _Frames = field(default_factory=_Frames)
    down: _Frames = field(default_factory=_Frames)


@dataclass(eq=False)
class Proxy:
    """TCP on 127.0.0.1, a port of its own, to the Streamlit server's port."""

    target: int
    listener: socket.socket = field(init=False)
    port: int = field(init=False)
    blocked: bool = False
    cuts: int = 0  # connections cut by `block()` while they were open
    _links: set[_Link] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0  # rerun requests the browser sent over the websocket
    _sent: threading.Condition = field(default_factory=threading.Condition)
    _armed: str | None = None
    _answer_pending: bool = False
    cut_done: threading.Event = field(default_factory=threading.Event)
    _stopped: bool = False
    _trace: list[list] = field(default_factory=list)
    _started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def note(self, event: str) -> None:
        """Add to the trace (a run of equal events as one line with a count)."""
        moment = time.monotonic() - self._started
        with self._lock:
            if self._trace and self._trace[-1][1] == event:
                self._trace[-1][2] += 1
            else:
                self._trace.append([moment, event, 1])

    def trace(self, last: int = 40) -> str:
        """What went over the websocket lately, for assertion messages."""
        with self._lock:
            lines = [f"{t:8.3f} {e}" + (f" ×{n}" if n > 1 else "") for t, e, n in self._trace]
        return "\n".join(lines[-last:])

    def _note_frames(self, link: _Link, data: bytes, from_browser: bool) -> None:
        frames = (link.up if from_browser else link.down).feed(data)
        for opcode, payload in frames:
            arrow = "browser → server" if from_browser else "server → browser"
            self.note(f"{arrow}: {_describe(opcode, payload, from_browser)}")

    # The network drops and comes back.
    def block(self) -> None:
        self.note("proxy blocks")
        with self._lock:
            self.blocked = True
            self._armed = None
            self._answer_pending = False
            links, self._links = self._links, set()
        for link in links:
            self.cuts += link.websocket
            for end in (link.browser, link.server):
                _close(end)
        self.cut_done.set()

    def restore(self) -> None:
        self.note("proxy restores")
        with self._lock:
            self.blocked = False

    def cut_at_next_save(self, moment: str) -> None:
        """At the browser's next rerun request over the websocket, drop the connection:
        `request_lost` before the server gets it, `answer_lost` after the server got it
        and before any answer, `answer_cut` after the first part of the answer."""
        assert moment in ("request_lost", "answer_lost", "answer_cut")
        self.cut_done.clear()
        with self._lock:
            self._armed = moment

    def wait_for_request(self, seen: int, timeout: float = 30) -> None:
        """Until the browser has sent a rerun request after the first `seen`."""
        with self._sent:
            if not self._sent.wait_for(lambda: self.requests > seen, timeout):
                raise AssertionError("the browser sent the server no rerun request")

    def stop(self) -> None:
        self._stopped = True
        self.block()
        self.listener.close()

    # Plumbing.
    def _accept(self) -> None:
        while not self._stopped:
            try:
                browser, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                refused = self.blocked
            if refused:
                _close(browser)
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target), timeout=10)
            except OSError:
                _close(browser)
                continue
            browser.settimeout(None)
            server.settimeout(None)
            link = _Link(browser, server)
            with self._lock:
                if self.blocked:
                    _close(browser)
                    _close(server)
                    continue
                self._links.add(link)
            threading.Thread(target=self._upstream, args=(link,), daemon=True).start()
            threading.Thread(target=self._downstream, args=(link,), daemon=True).start()

    def _upstream(self, link: _Link) -> None:
        """Browser → server."""
        first = True
        while True:
            try:
                data = link.browser.recv(65536)
            except OSError:
                break
            if not data:
                break
            if first:
                link.websocket = b"/_stcore/stream" in data and b"websocket" in data.lower()
                first = False
                if link.websocket:
                    self.note("websocket opened")
            elif link.websocket:
                self._note_frames(link, data, from_browser=True)
            moment = None
            if link.websocket and len(data) >= RERUN_MESSAGE_BYTES:
                with self._lock:
                    moment, self._armed = self._armed, None
                with self._sent:
                    self.requests += 1
                    self._sent.notify_all()
            if moment == "request_lost":
                self.block()
                return
            try:
                link.server.sendall(data)
            except OSError:
                break
            if moment == "answer_lost":
                self.block()
                return
            if moment == "answer_cut":
                with self._lock:
                    self._answer_pending = True
        self._end(link)

    def _downstream(self, link: _Link) -> None:
        """Server → browser."""
        first = True
        while True:
            try:
                data = link.server.recv(65536)
            except OSError:
                break
            if not data:
                break
            if link.websocket:
                frames = data.partition(b"\r\n\r\n")[2] if first else data
                self._note_frames(link, frames, from_browser=False)
            first = False
            try:
                link.browser.sendall(data)
            except OSError:
                break
            if link.websocket:
                with self._lock:
                    cut, self._answer_pending = self._answer_pending, False
                if cut:
                    self.block()
                    return
        self._end(link)

    def _end(self, link: _Link) -> None:
        with self._lock:
            self._links.discard(link)
        _close(link.browser)
        _close(link.server)


def _close(end: socket.socket) -> None:
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()


# ---------------------------------------------------------------------------- fixtures
@dataclass
class Served:
    url: str  # through the proxy
    proxy: Proxy
    database_file: Path

    def contacts(self, **where) -> int:
        """Employer contacts in the served database (matching `where`)."""
        database = open_database(sqlite_url(self.database_file))
        try:
            with database.read() as session:
                query = select(func.count()).select_from(m.EmployerContact)
                for name, value in where.items():
                    query = query.where(getattr(m.EmployerContact, name) == value)
                return session.scalar(query)
        finally:
            database.dispose()

    def newest_contact(self) -> m.EmployerContact:
        database = open_database(sqlite_url(self.database_file))
        try:
            with database.read() as session:
                row = session.scalars(
                    select(m.EmployerContact).order_by(m.EmployerContact.id.desc())
                ).first()
                session.expunge(row)
                return row
        finally:
            database.dispose()

    def employer(self) -> tuple[int, str]:
        """An employer whose name is its label on the form (unique among the employers)."""
        database = open_database(sqlite_url(self.database_file))
        try:
            with database.read() as session:
                names = session.execute(
                    select(m.Employer.id, m.Employer.name).order_by(m.Employer.name)
                ).all()
        finally:
            database.dispose()
        counts: dict[str, int] = {}
        for _, name in names:
            counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
        return next((i, n) for i, n in names if counts[n.casefold()] == 1)


@pytest.fixture
def served(demo_file, tmp_path) -> Iterator[Served]:
    """The app over a private copy of the demo database, reached through a `Proxy`."""
    with serve_app(demo_file, tmp_path) as url:
        proxy = Proxy(int(url.rsplit(":", 1)[1]))
        try:
            yield Served(proxy.url, proxy, tmp_path / "ote.db")
        finally:
            proxy.stop()


# ------------------------------------------------------------------------- page steps
def app_root(page: Page) -> Locator:
    return page.locator('[data-testid="stApp"]')


def wait_connected_and_idle(page: Page) -> None:
    """Connected to the server and no script run going or asked for."""
    root = app_root(page)
    expect(root).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=WAIT)
    expect(root).to_have_attribute("data-test-script-state", "notRunning", timeout=WAIT)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=WAIT)


def drop_connection(page: Page, proxy: Proxy) -> None:
    """Block the network and wait until the page knows it is disconnected."""
    proxy.block()
    wait_lost(page)


def wait_lost(page: Page) -> None:
    expect(app_root(page)).to_have_attribute("data-test-connection-state", LOST, timeout=WAIT)


def restore_connection(page: Page, proxy: Proxy) -> None:
    proxy.restore()
    wait_connected_and_idle(page)


def employer_box(page: Page) -> Locator:
    return page.get_by_role("combobox", name=fi("field.employer_id"), exact=True)


def purpose_box(page: Page) -> Locator:
    return page.get_by_role("combobox", name=fi("field.purpose"), exact=True)


def face_to_face(page: Page) -> Locator:
    return page.get_by_role("switch", name=fi("field.face_to_face"), exact=True)


def job_tip(page: Page) -> Locator:
    return page.get_by_role("textbox", name=fi("field.job_tip"), exact=True)


def save_button(page: Page) -> Locator:
    return page.get_by_role("button", name=fi("records.save"), exact=True)


def committed(page: Page, proxy: Proxy, change) -> None:
    """Make a change that sends the server a rerun request, and wait for that run to end
    (the page's script state alone may say idle before the request has gone)."""
    seen = proxy.requests
    change()
    proxy.wait_for_request(seen)
    wait_connected_and_idle(page)


def choose(page: Page, proxy: Proxy, box: Locator, option: str) -> None:
    box.click()
    box.fill(option)
    committed(page, proxy, page.get_by_role("option", name=option, exact=True).click)
    expect(box).to_have_value(option)


def open_form(page: Page, served: Served) -> None:
    open_app(page, f"{served.url}/log_employer_contact")
    expect(page.get_by_role("heading", level=1)).to_have_text(fi("employer_contact.title"))
    wait_connected_and_idle(page)


def open_more_details(page: Page) -> None:
    page.get_by_text(fi("records.more_details"), exact=True).click()
    expect(job_tip(page)).to_be_visible()


def fill_form(page: Page, proxy: Proxy, employer: str, purpose: str, tip: str) -> None:
    """Every field committed to the server: employer, purpose, not face to face, job tip."""
    choose(page, proxy, employer_box(page), employer)
    choose(page, proxy, purpose_box(page), purpose)
    committed(page, proxy, lambda: face_to_face(page).press("Space"))
    expect(face_to_face(page)).not_to_be_checked()
    open_more_details(page)
    job_tip(page).fill(tip)
    committed(page, proxy, lambda: job_tip(page).press("Enter"))


def expect_signed_in(page: Page) -> None:
    expect(page.locator('input[type="password"]')).to_have_count(0)
    expect(page.get_by_role("button", name=fi("auth.sign_out"))).to_be_attached()


def wait_settled(page: Page) -> None:
    """Connected and idle, and still so a moment later: on reconnecting, the server may
    first replay what it queued while the browser was away and the browser may then ask
    for a run of its own."""
    wait_connected_and_idle(page)
    page.wait_for_timeout(1_000)
    wait_connected_and_idle(page)


def shown(page: Page, proxy: Proxy) -> str:
    """What the page shows and what went over the websocket, for assertion messages."""
    root = app_root(page)
    heading = page.get_by_role("heading", level=1)
    return (
        f"connection {root.get_attribute('data-test-connection-state')}, "
        f"script {root.get_attribute('data-test-script-state')}, "
        f"heading {heading.first.inner_text() if heading.count() else None!r}, "
        f"employer field {employer_box(page).count()} "
        f"({employer_box(page).input_value() if employer_box(page).count() else '-'!r}), "
        f"save button {save_button(page).count()}, "
        f"saved message {page.get_by_text(fi('employer_contact.saved')).count()}, "
        f"sign-out button {page.get_by_role('button', name=fi('auth.sign_out')).count()}, "
        f"password fields {page.locator('input[type=password]').count()}, "
        f"main area {page.locator('[data-testid=stMain]').inner_text()[:600]!r}\n"
        f"websocket (seconds since the proxy started):\n{proxy.trace()}"
    )


def form_values(page: Page) -> tuple:
    """(employer, purpose, face to face, job tip) as the settled page shows them."""
    fields = employer_box(page), purpose_box(page), face_to_face(page), job_tip(page)
    if any(f.count() != 1 for f in fields):
        return None  # not all on the page
    employer, purpose, face_to_face_, tip = fields
    return (
        employer.input_value(),
        purpose.input_value(),
        face_to_face_.is_checked(),
        tip.input_value() if tip.is_visible() else None,
    )


def saved_message(page: Page) -> Locator:
    return page.get_by_text(fi("employer_contact.saved"), exact=True)


PURPOSE = "needs"


def purpose_label() -> str:
    return fi(f"enum.EmployerContactPurpose.{PURPOSE}")


# ------------------------------------------------------------------------------- tests
def test_a_half_filled_form_survives_a_dropped_connection(page: Page, served: Served):
    """Values chosen before the drop are in the widgets after it, the session is still
    signed in, and saving then stores exactly those values, once."""
    employer_id, employer = served.employer()
    tip = "Varastoon haetaan kahta trukinkuljettajaa"
    open_form(page, served)
    fill_form(page, served.proxy, employer, purpose_label(), tip)
    before = served.contacts()

    drop_connection(page, served.proxy)
    assert served.proxy.cuts >= 1  # the websocket itself was cut, not only idle sockets
    # While disconnected the form cannot be used.
    expect(save_button(page)).to_be_disabled()
    expect(job_tip(page)).to_be_disabled()
    restore_connection(page, served.proxy)
    wait_settled(page)

    expect_signed_in(page)
    assert form_values(page) == (employer, purpose_label(), False, tip), shown(page, served.proxy)
    expect(save_button(page)).to_be_enabled()
    assert served.contacts() == before  # nothing saved by the reconnection

    # The server kept them too (not only the page): saving stores what the form shows.
    save_button(page).click()
    expect(saved_message(page)).to_be_visible(timeout=WAIT)
    wait_connected_and_idle(page)
    assert served.contacts() == before + 1
    saved = served.newest_contact()
    assert saved.employer_id == employer_id
    assert saved.purpose == PURPOSE
    assert saved.face_to_face is False
    assert saved.job_tip == tip
    assert saved.date == date.today()


@pytest.mark.xfail(
    strict=True,
    reason="Streamlit 1.67's text field: text typed but not yet sent when the connection "
    "drops stays in the field, but the field no longer sends it with the next click – the "
    "save stores the field empty (noted in the README's Accessibility and resilience notes)",
)
def test_text_typed_but_not_sent_before_the_drop_is_saved(page: Page, served: Served):
    """A job tip typed (no Enter, no leaving the field) just before the drop had not reached
    the server. It is still in the field afterwards, so saving must store it: what the
    form shows is what is saved."""
    employer_id, employer = served.employer()
    tip = "Kirjoitettu juuri ennen katkosta"
    open_form(page, served)
    choose(page, served.proxy, employer_box(page), employer)
    open_more_details(page)
    job_tip(page).fill(tip)
    before = served.contacts()

    drop_connection(page, served.proxy)
    restore_connection(page, served.proxy)
    wait_settled(page)

    expect_signed_in(page)
    assert form_values(page) == (employer, "", True, tip), shown(page, served.proxy)
    assert served.contacts() == before
    save_button(page).click()  # as a user would: straight from the field to the button
    expect(saved_message(page)).to_be_visible(timeout=WAIT)
    wait_connected_and_idle(page)
    assert served.contacts() == before + 1
    saved = served.newest_contact()
    assert saved.employer_id == employer_id
    assert saved.job_tip == tip, (
        f"the field showed {tip!r} when save was clicked, but {saved.job_tip!r} was saved"
    )


def wait_until_saved(served: Served, before: int, **where) -> None:
    """Until the save's row is in the database (the server got the click)."""
    for _ in range(300):
        if served.contacts(**where) > before:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the save did not reach the database within 15 s")


@pytest.mark.parametrize("moment", ["request_lost", "answer_lost", "answer_cut", "after_commit"])
def test_a_save_cut_off_by_a_drop_is_stored_once(page: Page, served: Served, moment: str):
    """The connection drops at the save: the browser's request is lost on the way
    (`request_lost`); it reaches the server and the answer is lost (`answer_lost`) or cut
    after its first part (`answer_cut`); or the drop comes as soon as the row is in the
    database (`after_commit`). After the reconnection the contact is either saved once,
    or not saved with the form still holding its values (no success message), so that
    one more click saves it once. Never twice, and a reload shows the same."""
    employer_id, employer = served.employer()
    today = date.today()
    tip = f"Katkoskoe {moment}"
    open_form(page, served)
    fill_form(page, served.proxy, employer, purpose_label(), tip)
    before = served.contacts(employer_id=employer_id, date=today)

    if moment == "after_commit":
        save_button(page).click()
        wait_until_saved(served, before, employer_id=employer_id, date=today)
        served.proxy.block()
    else:
        served.proxy.cut_at_next_save(moment)
        save_button(page).click()
        assert served.proxy.cut_done.wait(30), "the save's request never reached the proxy"
    wait_lost(page)
    restore_connection(page, served.proxy)
    wait_settled(page)

    saved = served.contacts(employer_id=employer_id, date=today) - before
    assert saved in (0, 1), f"the contact was saved {saved} times"
    if saved == 0:
        # Not saved: the page must say so by still showing the values, ready to save.
        assert form_values(page) == (employer, purpose_label(), False, tip), (
            "the save was not made, and the form no longer shows what was filled in: "
            + shown(page, served.proxy)
        )
        expect(saved_message(page)).to_have_count(0)
        expect_signed_in(page)
        save_button(page).click()
        expect(saved_message(page)).to_be_visible(timeout=WAIT)
        wait_settled(page)
    assert served.contacts(employer_id=employer_id, date=today) == before + 1
    assert served.contacts(job_tip=tip) == 1

    page.reload()
    sign_in(page)  # a reload is a new session
    wait_settled(page)
    assert served.contacts(employer_id=employer_id, date=today) == before + 1
    assert served.contacts(job_tip=tip) == 1


def test_a_click_while_disconnected_does_nothing(page: Page, served: Served):
    """While disconnected the save button is disabled: clicking it registers nothing, now
    or after the reconnection; one click afterwards saves the contact once."""
    employer_id, employer = served.employer()
    today = date.today()
    tip = "Tallennettu katkoksen jälkeen"
    open_form(page, served)
    fill_form(page, served.proxy, employer, purpose_label(), tip)
    before = served.contacts(employer_id=employer_id, date=today)

    drop_connection(page, served.proxy)
    expect(save_button(page)).to_be_disabled()
    save_button(page).click(force=True)  # a disabled button takes no click
    save_button(page).press("Enter")  # nor a key
    restore_connection(page, served.proxy)
    wait_settled(page)

    expect_signed_in(page)
    assert served.contacts(employer_id=employer_id, date=today) == before
    expect(saved_message(page)).to_have_count(0)
    assert form_values(page) == (employer, purpose_label(), False, tip), shown(page, served.proxy)

    save_button(page).click()
    expect(saved_message(page)).to_be_visible(timeout=WAIT)
    wait_settled(page)
    assert served.contacts(employer_id=employer_id, date=today) == before + 1
    assert served.contacts(job_tip=tip) == 1
    page.reload()
    sign_in(page)
    wait_settled(page)
    assert served.contacts(job_tip=tip) == 1
