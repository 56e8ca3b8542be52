"""The accessibility statement (pages/accessibility.py): every role and a visitor who is not
signed in open it in fi/sv/en; the feedback address of `OTE_ACCESSIBILITY_FEEDBACK` shown
as a link, a plain message when it is not set, a bad value refused naming the setting; the
supervisory authority's route; the statement's date; the link on the sign-in page."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT

from ote import access, config
from ote.config import sqlite_url
from ote.enums import UserRole
from ote.formatting import format_date
from ote.i18n import catalog, translate
from ote.ui.accessibility import STATEMENT_MADE, STATEMENT_UPDATED

PAGE = "pages/accessibility.py"
VARIABLE = config.ACCESSIBILITY_FEEDBACK_VARIABLE
LANGUAGES = ("fi", "sv", "en")
ROLES = (None, "admin", "team_leader", "coach", "job_finder", "manager")
AUTHORITY_SITES = {
    "fi": "https://www.saavutettavuusvaatimukset.fi",
    "sv": "https://www.tillganglighetskrav.fi",
    "en": "https://www.webaccessibility.fi",
}


@pytest.fixture(scope="module")
def demo_url(demo_file, tmp_path_factory) -> str:
    """A copy of the demo (with the test accounts) for this module's app runs."""
    path = tmp_path_factory.mktemp("statement") / "demo.db"
    shutil.copyfile(demo_file, path)
    return sqlite_url(path)


@pytest.fixture(autouse=True)
def no_feedback_setting(monkeypatch):
    """Each test starts without the setting, whatever the environment running the tests."""
    monkeypatch.delenv(VARIABLE, raising=False)
    monkeypatch.delenv(config.SESSION_IDLE_VARIABLE, raising=False)


def open_statement(app_test, url: str, role: str | None = None, lang: str = "fi"):
    at = app_test(url, role=role, lang=lang)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def page_links(at) -> list:
    return [link.proto for link in at.get("page_link")]


# ------------------------------------------------------------------ who can open it
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_a_visitor_open_the_statement(app_test, demo_url, role, lang):
    at = open_statement(app_test, demo_url, role, lang)
    assert [title.value for title in at.title] == [translate("accessibility.title", lang)]
    headers = [header.value for header in at.header]
    for key in ("status", "limits", "method", "feedback", "authority"):
        assert translate(f"accessibility.{key}_heading", lang) in headers
    text = markdown(at)
    assert translate("accessibility.limit_pdf", lang) in text
    assert f"]({AUTHORITY_SITES[lang]})" in text  # the supervisory authority's contact
    answer = translate("accessibility.feedback_answer", lang)
    assert "14" in answer and answer in text  # the answer time the act sets
    if role is None:
        # Not signed in: no sidebar (no team, no data), the way to sign in, the languages.
        assert not at.sidebar.selectbox
        links = page_links(at)
        assert links[0].label == translate("accessibility.sign_in_link", lang)
        assert {link.query_string for link in links} == {f"lang={code}" for code in LANGUAGES}
    else:
        assert at.sidebar.selectbox(key="lang").value == lang
        assert not page_links(at)


def test_every_role_may_open_it_and_the_navigation_lists_it():
    for role in [None, *UserRole]:
        assert access.may_open(role, "accessibility"), role
    from ote.navigation import navigation

    assert "accessibility" in [name for _, pages in navigation() for name, _, _ in pages]


def test_before_signing_in_the_other_pages_still_need_signing_in(app_test, demo_url):
    """Only the public page runs without signing in: any other gets the sign-in form."""
    assert sorted(access.PUBLIC_PAGES) == ["accessibility"]
    for page in ("pages/team.py", "pages/admin_users.py", "pages/client.py"):
        at = app_test(demo_url, role=None)
        at.switch_page(page).run()
        assert not at.exception
        assert [title.value for title in at.title] == [translate("auth.title", "fi")]
        assert not access.may_open(None, page.removeprefix("pages/").removesuffix(".py"))


def test_signing_out_on_the_statement_keeps_it_open_signed_out(app_test, demo_url):
    at = app_test(demo_url, role="coach")
    at.switch_page(PAGE).run()
    assert at.sidebar.selectbox(key="lang").value == "fi"
    at.sidebar.button(key="_ote_sign_out").click().run()
    assert not at.exception
    assert [title.value for title in at.title] == [translate("accessibility.title", "fi")]
    assert not at.sidebar.button  # no sign-out: no one is signed in
    assert translate("accessibility.sign_in_link", "fi") in [link.label for link in page_links(at)]
    at.switch_page("pages/home.py").run()
    assert [title.value for title in at.title] == [translate("auth.title", "fi")]
    at.switch_page(PAGE).run()
    assert [title.value for title in at.title] == [translate("accessibility.title", "fi")]
    assert not at.sidebar.selectbox


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sign_in_page_links_to_the_statement(app_test, demo_url, lang):
    at = app_test(demo_url, role=None, lang=lang)
    at.run()
    assert [title.value for title in at.title] == [translate("auth.title", lang)]
    [link] = page_links(at)
    assert link.page == "accessibility"
    assert link.label == translate("nav.accessibility", lang)
    assert link.query_string == f"lang={lang}"


# ------------------------------------------------------------------- the feedback route
@pytest.mark.parametrize(
    ("value", "shown", "href", "key"),
    [
        (
            "saavutettavuus@hyvinvointialue.fi",
            "saavutettavuus@hyvinvointialue\\.fi",
            "mailto:saavutettavuus@hyvinvointialue.fi",
            "accessibility.feedback_email",
        ),
        (
            " mailto:ote.palaute@alue.fi ",
            "ote\\.palaute@alue\\.fi",
            "mailto:ote.palaute@alue.fi",
            "accessibility.feedback_email",
        ),
        (
            "https://www.hyvinvointialue.fi/palaute?aihe=ote",
            "https\\://www\\.hyvinvointialue\\.fi/palaute?aihe=ote",
            "https://www.hyvinvointialue.fi/palaute?aihe=ote",
            "accessibility.feedback_web",
        ),
    ],
)
def test_the_feedback_address_is_a_link(app_test, demo_url, monkeypatch, value, shown, href, key):
    monkeypatch.setenv(VARIABLE, value)
    for role in (None, "coach"):
        at = open_statement(app_test, demo_url, role)
        link = f"[{shown}]({href})"
        assert translate(key, "fi", link=link) in markdown(at)
        assert not at.error
        assert not [info for info in at.info if VARIABLE in info.value]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_the_setting_the_page_says_it_is_not_set(app_test, demo_url, lang):
    for role in (None, "admin"):
        at = open_statement(app_test, demo_url, role, lang)
        expected = translate("accessibility.feedback_not_set", lang, variable=VARIABLE)
        assert expected in [info.value for info in at.info]
        assert VARIABLE in expected
        assert "mailto:" not in markdown(at)  # no address is made up
        assert not at.error


BAD_VALUES = [
    "palaute",
    "palaute at hyvinvointialue.fi",
    "palaute@localhost",
    "http://www.hyvinvointialue.fi/palaute",
    "ftp://hyvinvointialue.fi",
    "javascript:alert(1)",
    "https://",
    "https://www.alue.fi/pala ute",
    "https://www.alue.fi/x)(javascript:alert(1)",
    "[palaute](javascript:alert(1))",
    "<script>alert(1)</script>@alue.fi",
    "a@b@alue.fi",
    ".palaute@alue.fi",
]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_bad_value_is_refused_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv(VARIABLE, value)
    with pytest.raises(config.InvalidSetting) as refused:
        config.accessibility_feedback()
    assert refused.value.variable == VARIABLE
    assert VARIABLE in str(refused.value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_refuses_a_bad_value_with_a_message_naming_the_setting(
    app_test, demo_url, monkeypatch, lang
):
    monkeypatch.setenv(VARIABLE, "[palaute](javascript:alert(1))")
    for role in (None, "team_leader"):
        at = open_statement(app_test, demo_url, role, lang)
        expected = translate("accessibility.feedback_invalid", lang, variable=VARIABLE)
        assert [error.value for error in at.error] == [expected]
        assert VARIABLE in expected
        assert "javascript" not in markdown(at)


def test_the_setting_is_read_when_the_page_runs(monkeypatch):
    assert config.accessibility_feedback() is None
    monkeypatch.setenv(VARIABLE, "   ")
    assert config.accessibility_feedback() is None
    monkeypatch.setenv(VARIABLE, "Saavutettavuus@Alue.FI")
    route = config.accessibility_feedback()
    assert (route.address, route.href, route.is_email) == (
        "Saavutettavuus@Alue.FI",
        "mailto:Saavutettavuus@Alue.FI",
        True,
    )
    monkeypatch.setenv(VARIABLE, "https://palaute.alue.fi:8443/ote#saavutettavuus")
    route = config.accessibility_feedback()
    assert not route.is_email and route.href == route.address


# ------------------------------------------------------------------- what it says
def test_the_statement_gives_its_dates_as_d_m_yyyy(app_test, demo_url):
    assert STATEMENT_MADE <= STATEMENT_UPDATED
    at = open_statement(app_test, demo_url)
    made, updated = format_date(STATEMENT_MADE), format_date(STATEMENT_UPDATED)
    assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", updated)
    assert translate("accessibility.dates", "fi", made=made, updated=updated) in markdown(at)


def test_the_session_time_limit_stated_is_the_one_in_effect(app_test, demo_url, monkeypatch):
    at = open_statement(app_test, demo_url)
    assert translate("accessibility.limit_timeout", "fi", minutes="30") in markdown(at)
    monkeypatch.setenv(config.SESSION_IDLE_VARIABLE, "45")
    at = open_statement(app_test, demo_url, "manager")
    assert translate("accessibility.limit_timeout", "fi", minutes="45") in markdown(at)


def test_every_text_of_the_statement_is_used_and_complete():
    """The catalogue's statement keys are the page's, in all three languages, and each
    language points to the supervisory authority's site in that language."""
    source = (ROOT / PAGE).read_text(encoding="utf-8")
    keys = [key for key in catalog("fi") if key.startswith("accessibility.")]
    assert len(keys) >= 20
    assert [key for key in keys if f'"{key}"' not in source] == []
    for lang in LANGUAGES:
        assert [key for key in catalog(lang) if key.startswith("accessibility.")] == keys
        assert AUTHORITY_SITES[lang] in translate("accessibility.authority", lang)
        assert "306/2019" in translate("accessibility.intro", lang)
        assert "14" in translate("accessibility.feedback_answer", lang)
