"""The served app in Debian's Chromium through Playwright: it opens in Finnish with the
demo banner, the sidebar choices travel in the URL between pages, and a screenshot of
every page is saved under build/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DEMO_END, SCREENSHOTS, TEST_PASSWORD, serve_app
from playwright.sync_api import Page, expect

from ote.i18n import translate

pytestmark = pytest.mark.browser

AS_OF = DEMO_END.isoformat()


def expect_as_of(page: Page, label: str, day: str, month: str, year: str) -> None:
    """The date field (segments day . month . year) shows the date."""
    field = page.get_by_role("group", name=label, exact=True)
    expect(field).to_have_text(re.compile(rf"{day}\W*\.\W*{month}\W*\.\W*{year}"))


def wait_until_drawn(page: Page) -> None:
    """The script run has finished (Streamlit marks its state on the app's root) and the
    browser has drawn every element (a long page shows placeholders for a moment)."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=30_000
    )
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)


def sign_in(page: Page, username: str = "test-admin", password: str = TEST_PASSWORD) -> None:
    """Fill in the sign-in page (each new browser session starts there)."""
    expect(page.locator('input[type="password"]')).to_be_visible(timeout=30_000)
    page.locator('input[type="text"]').first.fill(username)
    page.locator('input[type="password"]').fill(password)
    page.locator('input[type="password"]').press("Enter")
    # Signed in: the sidebar offers signing out (a page may have password fields of its own).
    sign_out = re.compile("|".join(translate("auth.sign_out", lang) for lang in ("fi", "sv", "en")))
    expect(page.get_by_role("button", name=sign_out)).to_be_attached(timeout=30_000)


def open_app(page: Page, url: str, signed_in: bool = True) -> None:
    """Open `url` in a new browser session and sign in as the test administrator."""
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url)
    expect(page.locator('[data-testid="stApp"]')).to_be_visible(timeout=30_000)
    if signed_in:
        sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=30_000)


def test_opens_in_finnish_with_the_demo_banner(page: Page, served_app):
    open_app(page, f"{served_app}/?as_of={AS_OF}")
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("home.title", "fi"))
    expect(page.get_by_text(translate("shell.demo_banner", "fi"))).to_be_visible()
    expect(page.get_by_text("Aktiiviset asiakkaat")).to_be_visible()
    # The as-of date from the URL is in the date field, written d.m.yyyy style.
    expect_as_of(page, "Tarkastelupäivä", "30", "06", "2026")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home.png", full_page=True)


def test_choices_stay_in_the_url_between_pages(page: Page, served_app):
    open_app(page, f"{served_app}/?as_of={AS_OF}&lang=fi")
    expect(page).to_have_url(re.compile(r"team=DEMO"))
    page.get_by_role("link", name=translate("nav.records", "fi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("records.title", "fi"))
    expect(page).to_have_url(re.compile(rf"/records_overview\?.*as_of={AS_OF}"))
    expect_as_of(page, "Tarkastelupäivä", "30", "06", "2026")
    expect(page.get_by_text(translate("records.kind.employer_contacts", "fi"))).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "records_overview.png", full_page=True)


def test_a_link_opens_the_same_view(page: Page, served_app):
    """A deep link with a language opens that page in that language."""
    open_app(page, f"{served_app}/records_overview?as_of={AS_OF}&lang=sv&team=DEMO")
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("records.title", "sv"))
    expect(page.get_by_text(translate("shell.demo_banner", "sv"))).to_be_visible()


def test_a_link_is_the_first_request_of_a_new_server(page: Page, demo_file, tmp_path):
    """Streamlit's legacy pages/ discovery runs the first request of a new server process
    itself; a link to a page must still open inside OTE's frame (ote.ui.shell.context)."""
    with serve_app(demo_file, tmp_path) as url:
        open_app(page, f"{url}/records_overview?lang=en&as_of={AS_OF}")
        expect(page.get_by_role("heading", level=1)).to_have_text(translate("records.title", "en"))
        expect(page.get_by_text(translate("shell.demo_banner", "en"))).to_be_visible()
        expect(page.get_by_label("Team", exact=True)).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_changing_language(page: Page, served_app):
    open_app(page, f"{served_app}/?as_of={AS_OF}")
    # At the foot of the sidebar: scrolled to first, or the list opens off the screen.
    language = page.get_by_role("combobox", name="Kieli", exact=True)
    language.scroll_into_view_if_needed()
    language.click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("home.title", "en"))
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.get_by_role("link", name=translate("nav.records", "en"))).to_be_visible()


def test_log_an_employer_contact_and_find_it_in_the_recent_entries(page: Page, served_app):
    """A coach logs a contact with a new employer typed in, using the keyboard, and sees it
    at the top of the recent entries."""
    open_app(page, f"{served_app}/log_employer_contact?as_of={AS_OF}")
    employer = page.get_by_role("combobox", name="Työnantaja", exact=True)
    employer.fill("Selainkoe Kahvila Oy")
    employer.press("Enter")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    expect(page.get_by_text("Työnantajayhteys tallennettu.")).to_be_visible()
    # The new row is the first of the recent entries (the grid draws on a canvas and keeps
    # its cells, for screen readers, in a table inside it).
    first_employer_cell = page.locator('[data-testid="stDataFrame"] td[aria-colindex="3"]').first
    expect(first_employer_cell).to_have_text("Selainkoe Kahvila Oy")
    # The form is empty again for the next contact.
    expect(page.get_by_role("combobox", name="Työnantaja", exact=True)).to_have_value("")
    page.screenshot(path=SCREENSHOTS / "log_employer_contact.png", full_page=True)


def test_score_a_fidelity_item_and_see_the_total_change(page: Page, served_app):
    """The team starts an assessment from its latest final one, changes item 1's score and
    sees the total follow; the link beside the evidence opens the records behind it."""
    open_app(page, f"{served_app}/fidelity?as_of={AS_OF}")
    page.get_by_text("Uusi arviointi", exact=True).click()
    page.get_by_role("button", name="Aloita arviointi", exact=True).click()
    expect(page.get_by_text("Arviointi aloitettu.", exact=False)).to_be_visible()
    total = page.locator('[data-testid="stMetricValue"]').first
    expect(total).to_have_text(re.compile(r"^\d+/125$"))
    before = int(total.inner_text().split("/")[0])
    item_1 = page.get_by_role("radiogroup", name="Pisteet").first
    checked = item_1.get_by_role("radio", checked=True)
    was = int(checked.locator("xpath=ancestor::label").inner_text().strip())
    now = 1 if was > 1 else 2
    item_1.get_by_text(str(now), exact=True).click()
    expect(total).to_have_text(f"{before - was + now}/125")
    # The score was saved as it was picked: a reload shows it.
    page.reload()
    sign_in(page)  # a reload is a new session
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text(
        f"{before - was + now}/125"
    )
    wait_until_drawn(page)
    page.screenshot(path=SCREENSHOTS / "fidelity_scoring.png", full_page=False)
    page.get_by_role("link", name="Kirjaukset tämän takana").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("clients.title", "fi"))


def test_weekly_meeting_in_presentation_mode(page: Page, served_app):
    """The weekly meeting on a 1920×1080 shared screen: no sidebar, large type, one coach at
    a time, next and previous."""
    open_app(page, f"{served_app}/weekly?as_of={AS_OF}")
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_until_drawn(page)
    page.screenshot(path=SCREENSHOTS / "weekly.png")
    page.get_by_test_id("stCheckbox").get_by_text("Esitystila", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Näkymä 1/\d+$"))).to_be_visible()
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden()
    first = page.get_by_role("heading", level=2).first.inner_text()
    page.get_by_role("button", name="Seuraava").click()
    expect(page.get_by_text(re.compile(r"^Näkymä 2/\d+$"))).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).not_to_have_text(first)
    page.get_by_role("button", name="Edellinen").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(first)
    # Large type: the root font size is 24 px in presentation mode.
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "24px"
    wait_until_drawn(page)
    page.screenshot(path=SCREENSHOTS / "weekly_presentation.png")


def test_a_client_link_opens_the_timeline(page: Page, served_app, demo_file):
    """The link a list gives a client code opens that client's timeline in a new view."""
    from ote.config import sqlite_url
    from ote.db import open_database
    from ote.metrics.referrals import waiting_list

    database = open_database(sqlite_url(demo_file))
    with database.read() as session:
        code = waiting_list(session, 1, DEMO_END)[0].code
    database.dispose()
    open_app(page, f"{served_app}/client?client={code}&as_of={AS_OF}&team=DEMO&lang=fi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakkaan aikajana")
    expect(page.get_by_role("combobox", name="Asiakaskoodi")).to_have_value(code)
    # A client on the waiting list: the referral is the one event so far.
    expect(page.get_by_role("heading", name="Tapahtumat (1)")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"] td[aria-colindex="2"]')).to_have_text("Lähete")
    wait_until_drawn(page)
    page.screenshot(path=SCREENSHOTS / "client_timeline.png")


def test_sign_in_as_a_coach_and_out(page: Page, served_app):
    """The sign-in page refuses a wrong password; the demo coach sees only a coach's pages
    and a deep link to the management page is not open to them; signing out ends it."""
    from ote.auth.users import DEMO_PASSWORD

    open_app(page, f"{served_app}/briefing?as_of={AS_OF}", signed_in=False)
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("auth.title", "fi"))
    wait_until_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "sign_in.png", full_page=True)
    page.locator('input[type="text"]').first.fill("demo-valmentaja")
    page.locator('input[type="password"]').fill("väärä salasana")
    page.locator('input[type="password"]').press("Enter")
    expect(page.get_by_text(translate("auth.wrong", "fi"))).to_be_visible()
    sign_in(page, "demo-valmentaja", DEMO_PASSWORD)
    # Johdon katsaus is not a coach's page: the app opens the front page instead.
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("home.title", "fi"))
    expect(page.get_by_role("link", name=translate("nav.management", "fi"))).to_have_count(0)
    expect(page.get_by_role("link", name=translate("nav.weekly", "fi"))).to_have_count(0)
    expect(page.get_by_role("link", name=translate("nav.client_contact", "fi"))).to_be_visible()
    page.get_by_role("button", name=translate("auth.sign_out", "fi")).click()
    expect(page.get_by_role("heading", name=translate("auth.title", "fi"))).to_be_visible()
    expect(page.locator('input[type="password"]')).to_be_visible()
    wait_until_drawn(page)  # the front page's elements are gone once the run has ended
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("link", name=translate("nav.client_contact", "fi"))).to_have_count(0)


PAGE_FILES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "pages").glob("*.py"))


@pytest.mark.parametrize("name", PAGE_FILES)
def test_every_page_renders_in_the_browser(page: Page, served_app, name):
    """Each page opens in Chromium with its title and no error box; its screenshot is saved."""
    from ote.access import PUBLIC_PAGES

    path = "" if name == "home" else name
    # A public page (the accessibility statement) opens without signing in.
    open_app(page, f"{served_app}/{path}?as_of={AS_OF}", signed_in=name not in PUBLIC_PAGES)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    wait_until_drawn(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.wait_for_timeout(300)  # let tables and charts finish drawing
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_part_of_a_page_rerun_alone_still_checks_the_account(page: Page, demo_file, tmp_path):
    """The employer log's filters rerun only their part of the page (st.fragment, without
    app.py): a filter changed after the account was disabled brings the sign-in page, not
    the log (ote.ui.shell.fragment)."""
    from ote.auth.users import set_active
    from ote.config import sqlite_url
    from ote.db import open_database

    with serve_app(demo_file, tmp_path) as url:
        open_app(page, f"{url}/employers?as_of={AS_OF}")
        log_tab = page.get_by_role("tab", name=translate("employer_log.tab_log", "fi"))
        log_tab.click()
        shown = page.get_by_text(re.compile(r"^Näytetään \d+"))
        expect(shown.first).to_be_visible(timeout=30_000)
        # While the session is good, a filter redraws the log as usual.
        face_to_face = page.get_by_text(translate("employer_log.either.yes", "fi"), exact=True)
        face_to_face.first.click()
        expect(shown.first).to_be_visible(timeout=30_000)
        expect(page.locator('input[type="password"]')).to_have_count(0)
        database = open_database(sqlite_url(tmp_path / "ote.db"))
        with database.write() as session:
            set_active(session, "test-admin", False)
        database.dispose()
        page.get_by_text(translate("employer_log.either.no", "fi"), exact=True).first.click()
        expect(page.locator('input[type="password"]')).to_be_visible(timeout=30_000)
