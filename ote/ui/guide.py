"""A first-time user's guide on every page: what the page is for, how to use it, and what to
do when there is nothing to show yet.

- `intro(context, page)` under the page's title: one or two plain sentences
  (`<page>.guide.intro`) and, when the catalog has `<page>.guide.help`, a closed expander
  "Näin sivua käytetään" with the longer help (steps, what the figures mean).
- `empty(context, message, page=…, label=…)`: an empty state – what is missing, said
  plainly – with a link to the page where it is logged, shown only to a role that may open
  that page (a manager is never sent to a logging form).

The texts are in the catalogs (`ote/locales/<language>/*.toml`) like every other UI string.
"""

from __future__ import annotations

import streamlit as st

from ote import access
from ote.i18n import catalog

HELP_KEY = "{page}.guide.help"
INTRO_KEY = "{page}.guide.intro"


def has_text(language: str, key: str) -> bool:
    return key in catalog(language)


def intro(context, page: str) -> None:
    """The page's short introduction, and its longer help in a closed expander."""
    t = context.t
    st.markdown(t(INTRO_KEY.format(page=page)))
    help_key = HELP_KEY.format(page=page)
    if has_text(t.language, help_key):
        with st.expander(t("guide.how_to_use"), icon=":material/help:"):
            st.markdown(t(help_key))


def page_path(page: str) -> str:
    """The path `st.page_link` takes for a file of pages/."""
    from ote.ui.shell import APP_FILE

    return str(APP_FILE.parent / "pages" / f"{page}.py")


def may_open(context, page: str) -> bool:
    role = context.user.role if context.user is not None else None
    return access.may_open(role, page)


def link(context, page: str, label: str, icon: str = ":material/arrow_forward:") -> None:
    """A link to another page of OTE, for a role that may open it (nothing otherwise)."""
    if may_open(context, page):
        st.page_link(page_path(page), label=label, icon=icon)


def empty(context, message: str, page: str | None = None, label: str | None = None) -> None:
    """Nothing to show yet: `message` (what is missing, and why it matters), and a link to
    `page` – where the missing records are logged – labelled `label`."""
    st.info(message, icon=":material/info:")
    if page is not None:
        link(context, page, label or context.t("guide.go_log"))
