"""Accessibility (WCAG 2.1 AA, the Finnish act on digital services 306/2019) in Chromium.

- axe-core (the `axe-playwright-python` package bundles it; nothing is downloaded at test
  time) over every page with the demo data – each tab with its expanders opened, a form's
  error messages, a draft assessment's scoring view – the sign-in page and every view of
  the weekly meeting's presentation mode: no serious or critical finding. axe's
  color-contrast rule covers the default theme and presentation mode.
- `<html lang>` is the interface's language (WCAG 3.1.1).
- Keyboard only: an employer contact is logged and a fidelity item scored with
  `page.keyboard` alone (Tab, Shift+Tab, arrows, Space, Enter, typing), from the sign-in
  form to the saved rows in the database; a chart's table opens with Enter. (That every
  chart has its table and its description on every page, and that series are not told
  apart by colour alone, is checked under AppTest in tests/test_charts.py.)

Streamlit's own markup breaks some rules in ways OTE cannot change; `STREAMLIT_EXCEPTIONS`
excludes exactly those rules on exactly those elements (the accessibility statement lists
them as known limitations), and a test fails once one of them is no longer needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DEMO_END, TEST_PASSWORD, serve_app
from playwright.sync_api import Page, expect
from sqlalchemy import text
from test_browser import open_app, wait_until_drawn

from ote.config import sqlite_url
from ote.db import open_database
from ote.i18n import translate

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AS_OF = DEMO_END.isoformat()
PAGE_FILES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
PUBLIC_PAGES = ("accessibility",)  # open without signing in (ote.access.PUBLIC_PAGES)

# What WCAG 2.1 AA asks (axe's tags), and the findings that fail a test.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")

# rule id → [(CSS selector the flagged element itself matches, why it is excluded)].
# Only Streamlit's own markup, which OTE cannot change; each is a known limitation.
STREAMLIT_EXCEPTIONS: dict[str, list[tuple[str, str]]] = {
    "list": [
        (
            'ul[data-testid="stSidebarNavItems"]',
            "Streamlit's navigation with sections puts each section (a <div> with a <header> "
            "and the section's <li> links) directly inside the <ul>",
        )
    ],
    "listitem": [
        (
            'ul[data-testid="stSidebarNavItems"] > div > li',
            "the same navigation: each page's <li> sits in the section's <div>, not in a list",
        )
    ],
    "color-contrast": [
        (
            '[data-testid="stElementContainer"]:has(:disabled, [aria-disabled="true"])'
            ' [data-testid="stWidgetLabel"] *',
            "the label of a disabled widget (a finalised assessment's fields): Streamlit greys "
            "it out without marking the label disabled, so axe cannot tell it is the text of "
            "an inactive component, which WCAG 1.4.3 exempts",
        )
    ],
}

# Run in the page: axe over the document; the serious and critical findings, minus the
# exceptions above (matched on the flagged element itself, rule by rule).
RUN_AXE = """
async ([tags, impacts, exceptions]) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
        elementRef: true,
    });
    const found = [];
    for (const violation of results.violations) {
        const excluded = exceptions[violation.id] || [];
        const nodes = violation.nodes.filter(node =>
            impacts.includes(node.impact || violation.impact) &&
            !(node.element && excluded.some(selector => node.element.matches(selector)))
        );
        if (nodes.length) {
            found.push({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                nodes: nodes.map(node => ({
                    target: node.target.join(" "),
                    html: node.html.slice(0, 200),
                    summary: (node.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
                })),
            });
        }
    }
    return found;
}
"""


def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def load_axe(page: Page) -> None:
    """axe-core into the page, once."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())


def axe_findings(page: Page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA findings of axe on the page as it is now."""
    load_axe(page)
    exceptions = {
        rule: [selector for selector, _ in excluded]
        for rule, excluded in STREAMLIT_EXCEPTIONS.items()
    }
    return page.evaluate(RUN_AXE, [WCAG_TAGS, list(FAILING_IMPACTS), exceptions])


def report(where: str, findings: list[dict]) -> str:
    """A readable list: page and state, rule, impact, what it asks, the elements."""
    lines = []
    for finding in findings:
        lines.append(f"{where}: {finding['id']} ({finding['impact']}) – {finding['help']}")
        for node in finding["nodes"][:8]:
            lines.append(f"    {node['target']}\n        {node['html']}\n        {node['summary']}")
        if len(finding["nodes"]) > 8:
            lines.append(f"    … and {len(finding['nodes']) - 8} more")
    return "\n".join(lines)


def settled(page: Page) -> None:
    wait_until_drawn(page)
    page.wait_for_timeout(300)  # charts and grids finish drawing after the run


def check(page: Page, where: str, problems: list[str]) -> None:
    """axe over the page now; findings go into `problems` as a readable report."""
    settled(page)
    findings = axe_findings(page)
    if findings:
        problems.append(report(where, findings))


def open_every_expander(page: Page) -> int:
    """Open each closed expander shown in the main area (a click on its summary); how
    many were opened."""
    opened = page.evaluate(
        """() => {
            const closed = [...document.querySelectorAll(
                '[data-testid="stMain"] details:not([open]) > summary')];
            const shown = closed.filter(summary => summary.checkVisibility());
            shown.forEach(summary => summary.click());
            return shown.length;
        }"""
    )
    closed = page.locator('[data-testid="stMain"] details:not([open]) > summary:visible')
    expect(closed).to_have_count(0)
    return opened


def url(base: str, name: str, **query: str) -> str:
    path = "" if name == "home" else name
    params = "&".join(f"{key}={value}" for key, value in {"as_of": AS_OF, **query}.items())
    return f"{base}/{path}?{params}"


# ------------------------------------------------------------------------- axe
@pytest.mark.parametrize("name", PAGE_FILES)
def test_every_page_passes_axe(page: Page, served_app, name):
    """The page as it opens, then each of its tabs with every expander opened. (The
    accessibility statement is public: it is checked as it opens without signing in.)"""
    open_app(page, url(served_app, name), signed_in=name not in PUBLIC_PAGES)
    problems: list[str] = []
    check(page, f"{name} (as opened)", problems)
    tabs = page.locator('[data-testid="stMain"] [role="tablist"]').first.get_by_role("tab")
    count = tabs.count()
    for index in range(count):
        tab = tabs.nth(index)
        label = tab.inner_text().strip()
        tab.click()
        settled(page)
        open_every_expander(page)
        check(page, f"{name}, tab {label!r} with its expanders open", problems)
    if not count and open_every_expander(page):
        check(page, f"{name} with its expanders open", problems)
    assert not problems, "\n\n".join(problems)


def test_the_sign_in_page_passes_axe(page: Page, served_app):
    open_app(page, url(served_app, "home"), signed_in=False)
    expect(page.get_by_role("heading", level=1)).to_have_text(translate("auth.title", "fi"))
    problems: list[str] = []
    check(page, "sign-in page", problems)
    if open_every_expander(page):
        check(page, "sign-in page with its expanders open", problems)
    # A failed attempt shows an error message: that state too.
    page.locator('input[type="text"]').first.fill("ei-ketaan")  # no account: none locked
    page.locator('input[type="password"]').fill("väärä salasana")
    page.locator('input[type="password"]').press("Enter")
    expect(page.get_by_text(translate("auth.wrong", "fi"))).to_be_visible(timeout=30_000)
    check(page, "sign-in page after a wrong password", problems)
    assert not problems, "\n\n".join(problems)


def test_presentation_mode_passes_axe_with_its_contrast(page: Page, served_app):
    """Every view of the weekly meeting's presentation mode (large type on the shared
    screen), colour contrast included."""
    open_app(page, url(served_app, "weekly"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    toggle = page.get_by_test_id("stCheckbox")
    toggle.get_by_text(translate("supervision.present", "fi"), exact=True).click()
    where = page.get_by_text(re.compile(r"^Näkymä 1/(\d+)$"))
    expect(where).to_be_visible(timeout=30_000)
    views = int(re.search(r"/(\d+)$", where.inner_text()).group(1))
    problems: list[str] = []
    for number in range(1, views + 1):
        shown = page.get_by_text(f"Näkymä {number}/{views}", exact=True)
        expect(shown).to_be_visible(timeout=30_000)
        open_every_expander(page)
        check(page, f"weekly presentation mode, view {number}/{views}", problems)
        if number < views:
            page.get_by_role("button", name=translate("supervision.next", "fi")).click()
    assert not problems, "\n\n".join(problems)


def test_the_page_says_its_language(page: Page, served_app):
    """WCAG 3.1.1: `<html lang>` is the interface's language, so that a screen reader reads
    Finnish as Finnish – on the sign-in page and on a page once signed in, in each
    language."""
    for language in ("fi", "sv", "en"):
        open_app(page, url(served_app, "home", lang=language), signed_in=False)
        expect(page.locator("html")).to_have_attribute("lang", language)
    open_app(page, url(served_app, "records_overview", lang="sv"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")


# ------------------------------------------------------------- keyboard only
@pytest.fixture
def own_app(demo_file, tmp_path):
    """The app over a private copy of the demo (the keyboard tests write to it): (url,
    database file)."""
    with serve_app(demo_file, tmp_path) as base:
        yield base, tmp_path / "ote.db"


def rows(database_file, sql: str, **params) -> list:
    """The rows of a raw SELECT over the served database file (what the page saved)."""
    database = open_database(sqlite_url(database_file))
    try:
        with database.read() as session:
            return session.execute(text(sql), params).all()
    finally:
        database.dispose()


def keyboard_sign_in(page: Page, username: str = "test-admin") -> None:
    """Sign in with the keyboard: Tab to the username field, type, Tab, type, Enter."""
    username_field = page.get_by_role("textbox", name=translate("auth.username", "fi"))
    expect(username_field).to_be_visible(timeout=30_000)
    tab_to(page, username_field)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    sign_out = translate("auth.sign_out", "fi")
    expect(page.get_by_role("button", name=sign_out)).to_be_attached(timeout=30_000)


def focused_is(page: Page, target) -> bool:
    return target.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target, limit: int = 400, back: bool = False) -> None:
    """Press Tab (Shift+Tab with `back`) until `target` has the keyboard focus."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        if focused_is(page, target):
            return
        page.keyboard.press(key)
    where = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{key} × {limit} never reached {target}; the focus is on {where}")


def combobox(page: Page, label: str):
    return page.get_by_role("combobox", name=label, exact=True)


def test_log_an_employer_contact_with_the_keyboard_only(page: Page, own_app):
    """A coach's most frequent task, without a mouse: sign in, then the date typed into its
    fields, a new employer typed, the first job seeker and a purpose picked with the arrow
    keys, face to face switched off with Space, the details expander opened with Enter and
    a job tip typed, and the form saved with Enter on the button."""
    base, database_file = own_app
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url(base, "log_employer_contact"))
    keyboard_sign_in(page)
    settled(page)
    fi = "fi"
    save = page.get_by_role("button", name=translate("records.save", fi), exact=True)

    # Saved with no employer: the message names the field, and that state passes axe.
    tab_to(page, save)
    page.keyboard.press("Enter")
    employer_label = translate("field.employer_id", fi)
    problem = page.get_by_role("alert").filter(has_text=f"{employer_label}:")
    expect(problem).to_be_visible(timeout=30_000)
    problems: list[str] = []
    check(page, "log_employer_contact after saving an empty form", problems)
    assert not problems, "\n\n".join(problems)

    # The date: three fields (day, month, year) that take typed digits.
    date_label = translate("field.date", fi)
    day = page.locator('[data-testid="stMain"]').get_by_role(
        "spinbutton", name=f"day, {date_label}"
    )
    tab_to(page, day, back=True)  # back up from the button
    page.keyboard.type("01")
    page.keyboard.type("06")
    page.keyboard.type("2026")
    employer = combobox(page, employer_label)
    tab_to(page, employer)
    page.keyboard.type("Näppäimistö Oy")
    page.keyboard.press("Enter")
    expect(employer).to_have_value("Näppäimistö Oy")
    settled(page)

    seeker = combobox(page, translate("employer_contact.job_seeker", fi))
    tab_to(page, seeker)
    page.keyboard.press("ArrowDown")  # the list opens on the first job seeker
    page.keyboard.press("Enter")
    settled(page)
    expect(seeker).not_to_have_value("")
    chosen_seeker = seeker.input_value()

    face_to_face = page.get_by_role("switch", name=translate("field.face_to_face", fi))
    tab_to(page, face_to_face)
    page.keyboard.press("Space")
    expect(face_to_face).not_to_be_checked()
    settled(page)

    purpose = combobox(page, translate("field.purpose", fi))
    tab_to(page, purpose)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the second purpose
    page.keyboard.press("Enter")
    settled(page)
    expect(purpose).not_to_have_value("")

    details = page.locator("details summary").filter(has_text=translate("records.more_details", fi))
    tab_to(page, details)
    page.keyboard.press("Enter")
    job_tip = page.get_by_role("textbox", name=translate("field.job_tip", fi), exact=True)
    tab_to(page, job_tip)
    page.keyboard.type("Varastoon haetaan kesäapua")
    page.keyboard.press("Enter")  # a text field keeps what is typed on Enter
    settled(page)

    tab_to(page, save)
    page.keyboard.press("Enter")
    expect(page.get_by_text(translate("employer_contact.saved", fi))).to_be_visible(timeout=30_000)

    (row,) = rows(
        database_file,
        "SELECT c.date, c.face_to_face, c.purpose, c.job_tip, k.code "
        "FROM employer_contact c JOIN employer e ON e.id = c.employer_id "
        "LEFT JOIN client k ON k.id = c.client_id WHERE e.name = :name",
        name="Näppäimistö Oy",
    )
    assert str(row.date) == "2026-06-01"
    assert not row.face_to_face
    assert row.purpose is not None
    assert row.job_tip == "Varastoon haetaan kesäapua"
    assert row.code == chosen_seeker


def test_score_a_fidelity_item_with_the_keyboard_only(page: Page, own_app):
    """The team leader's assessment without a mouse: sign in, open "Uusi arviointi" with
    Enter, start the assessment, change item 1's score with the arrow keys, type its
    reason, tick a sub-criterion of item 5 with Space – each saved as it changes – and the
    scoring view passes axe too."""
    base, database_file = own_app
    fi = "fi"
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url(base, "fidelity"))
    keyboard_sign_in(page)
    settled(page)

    new = page.locator("details summary").filter(has_text=translate("fidelity.new_heading", fi))
    tab_to(page, new)
    page.keyboard.press("Enter")
    start = page.get_by_role("button", name=translate("fidelity.start", fi), exact=True)
    tab_to(page, start)
    page.keyboard.press("Enter")
    expect(page.get_by_text(translate("fidelity.started", fi))).to_be_visible(timeout=30_000)
    settled(page)

    total = page.locator('[data-testid="stMetricValue"]').first
    before = int(total.inner_text().split("/")[0])
    item_1 = page.get_by_role("radiogroup", name=translate("fidelity.score", fi)).first
    checked = item_1.get_by_role("radio", checked=True)
    was = int(checked.evaluate("radio => radio.closest('label').innerText"))
    # Tab lands on the chosen score; an arrow key moves the choice (and saves it).
    tab_to(page, checked)
    page.keyboard.press("ArrowLeft" if was > 1 else "ArrowRight")
    now = was - 1 if was > 1 else 2
    expect(total).to_have_text(f"{before - was + now}/125", timeout=30_000)
    settled(page)

    reason = page.get_by_role("textbox", name=re.compile(translate("fidelity.reason", fi))).first
    tab_to(page, reason)
    page.keyboard.press("Control+A")
    page.keyboard.type("Näppäimistöllä pisteytetty.")
    page.keyboard.press("Tab")  # leaving the field keeps what was typed
    settled(page)

    sub = page.get_by_role("checkbox", name=re.compile(r"^5\.1 "))
    tab_to(page, sub)
    ticked = sub.is_checked()
    page.keyboard.press("Space")
    expect(sub).to_be_checked(checked=not ticked)
    settled(page)

    scores = {
        row.item: row
        for row in rows(
            database_file,
            "SELECT s.item, s.score, s.note FROM fidelity_item_score s "
            "JOIN fidelity_assessment a ON a.id = s.assessment_id WHERE a.status = 'draft'",
        )
    }
    met = {
        row.number
        for row in rows(
            database_file,
            "SELECT c.number FROM fidelity_subcriterion c "
            "JOIN fidelity_assessment a ON a.id = c.assessment_id "
            "WHERE a.status = 'draft' AND c.item = 5 AND c.met",
        )
    }
    assert scores[1].score == now
    assert scores[1].note == "Näppäimistöllä pisteytetty."
    assert (1 in met) is not ticked

    # The draft's scoring view, with its expanders open, passes axe too.
    problems: list[str] = []
    open_every_expander(page)
    check(page, "fidelity, a draft's scoring tab with its expanders open", problems)
    assert not problems, "\n\n".join(problems)


def test_a_charts_table_is_one_key_press_away(page: Page, own_app):
    """Each chart of Tulokset is announced by its description, and the expander right under
    it opens with Enter and shows the chart's figures in a table."""
    base, _ = own_app
    fi = "fi"
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(url(base, "results"))
    keyboard_sign_in(page)
    settled(page)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2)
    descriptions = [
        translate("charts.alt.results_rates", fi),
        translate("charts.alt.jobs_per_month", fi),
    ]
    for index, description in enumerate(descriptions):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("role", "graphics-document")
        expect(chart).to_have_accessible_name(
            f"{description} {translate('charts.table_below', fi)}"
        )
        # The expander right after the chart's element.
        expander = chart.locator(
            "xpath=ancestor::*[@data-testid='stElementContainer'][1]"
            "/following-sibling::*[1]//details"
        )
        summary = expander.locator("summary")
        expect(summary).to_have_text(re.compile(translate("charts.as_table", fi)))
        tab_to(page, summary)
        page.keyboard.press("Enter")
        table = expander.get_by_role("table")
        expect(table).to_be_visible()
        expect(table.get_by_role("row")).not_to_have_count(0)


def test_each_streamlit_exception_is_still_needed(page: Page, own_app):
    """Each exclusion of `STREAMLIT_EXCEPTIONS` still hides a real finding of axe on a page
    that has that markup (the navigation; a finalised assessment's disabled fields): when a
    Streamlit release fixes its markup, this fails, and the exclusion goes."""
    base, _ = own_app
    open_app(page, url(base, "fidelity"))  # the latest assessment, a final one, read only
    expect(page.locator('[data-testid="stMain"] input:disabled').first).to_be_attached()
    settled(page)
    load_axe(page)
    still = page.evaluate(
        """async (exceptions) => {
            const results = await axe.run(document, {
                runOnly: {type: "rule", values: Object.keys(exceptions)},
                resultTypes: ["violations"],
                elementRef: true,
            });
            const hidden = {};
            for (const [rule, selectors] of Object.entries(exceptions)) {
                const violation = results.violations.find(v => v.id === rule);
                hidden[rule] = selectors.map(selector => violation ? violation.nodes.filter(
                    node => node.element && node.element.matches(selector)).length : 0);
            }
            return hidden;
        }""",
        {rule: [selector for selector, _ in found] for rule, found in STREAMLIT_EXCEPTIONS.items()},
    )
    for rule, counts in still.items():
        for (selector, _), count in zip(STREAMLIT_EXCEPTIONS[rule], counts, strict=True):
            assert count > 0, f"{rule} no longer flags {selector}: remove the exception"
