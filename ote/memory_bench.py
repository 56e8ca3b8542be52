"""The memory part of `ote bench`: one Streamlit server with 20 open sessions.

The server runs over a bench data set (`streamlit run app.py`, as `make run` does). A
headless Chromium (Debian's, driven by Playwright) opens `sessions` browser sessions, each
signed in as the team leader of a different team, and opens the pages a team leader uses
in the weekly meeting – so every session holds its own state and its own cached figures,
as twenty teams' leaders would. With every session still open, the server's resident
memory is read from /proc (and its peak, VmHWM, over the whole run).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ote import models as m
from ote.db import open_database
from ote.i18n import translate

# The pages each session opens after the front page, through the navigation (a new URL
# would be a new browser session): (URL path, navigation title's key).
PAGES = (
    ("team", "nav.team"),
    ("weekly", "nav.weekly"),
    ("employers", "nav.employer_relations"),
    ("results", "nav.results"),
)
LEADER = "bench-leader-{n}"


@dataclass(frozen=True)
class MemoryResult:
    sessions: int
    pages: tuple[str, ...]
    rss_mb: float  # resident memory with every session open
    peak_mb: float  # the most it held at any time
    idle_mb: float  # before the first session


def leaders(database_url: str, count: int, password: str) -> list[str]:
    """Team leader accounts for the first `count` teams (by key), made if missing."""
    from ote.auth.users import add_user

    database = open_database(database_url)
    try:
        with database.write() as session:
            teams = session.scalars(select(m.Team.key).order_by(m.Team.key).limit(count)).all()
            names = []
            for n, team_key in enumerate(teams, start=1):
                name = LEADER.format(n=n)
                found = session.scalars(
                    select(m.UserAccount.id).where(m.UserAccount.username == name)
                ).first()
                if found is None:
                    add_user(session, name, "team_leader", team_key=team_key, password=password)
                names.append(name)
        return names
    finally:
        database.dispose()


def _memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) memory of process `pid` in MB, from /proc."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024  # kB
    return found["VmRSS"], found["VmHWM"]


def sessions_memory(
    database_url: str,
    password: str,
    as_of: date,
    sessions: int = 20,
    progress: Callable[[str], None] = print,
) -> MemoryResult:
    """Open `sessions` signed-in browser sessions on one server and measure its memory."""
    from playwright.sync_api import sync_playwright

    from ote.serving import serve

    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("the memory measurement needs Debian's chromium (apt-get install)")
    names = leaders(database_url, sessions, password)
    if len(names) < sessions:
        raise RuntimeError(f"the data set has {len(names)} teams, not {sessions}")
    with (
        tempfile.TemporaryDirectory(prefix="ote-memory-") as folder,
        serve(database_url, Path(folder) / "streamlit.log") as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        idle, _ = _memory_mb(server.pid)
        contexts = []
        try:
            for n, name in enumerate(names, start=1):
                progress(f"memory: session {n}/{sessions} ({name}) …")
                context = browser.new_context(viewport={"width": 1440, "height": 1000})
                contexts.append(context)
                page = context.new_page()
                page.goto(f"{server.url}/?as_of={as_of.isoformat()}")
                page.locator('input[type="password"]').wait_for(timeout=60_000)
                page.locator('input[type="text"]').first.fill(name)
                page.locator('input[type="password"]').fill(password)
                page.locator('input[type="password"]').press("Enter")
                page.locator('[data-testid="stSidebar"] button').last.wait_for(timeout=60_000)
                _wait_for_page(page)
                for path, title in PAGES:
                    page.get_by_role("link", name=translate(title, "fi"), exact=True).click()
                    page.wait_for_url(f"**/{path}?*", timeout=60_000)
                    _wait_for_page(page)
            rss, peak = _memory_mb(server.pid)
        finally:
            for context in contexts:
                context.close()
            browser.close()
    opened = tuple(path for path, _ in PAGES)
    return MemoryResult(sessions, opened, round(rss, 1), round(peak, 1), round(idle, 1))


def _wait_for_page(page) -> None:
    """Until the page's run has finished (its title is drawn and Streamlit is idle)."""
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
