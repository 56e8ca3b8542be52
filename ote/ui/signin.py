"""Signing in and out, and how long a signed-in session lasts.

A local account signs in with its username and password (`ote.auth.users.sign_in`: argon2,
lockout after repeated failures). When an identity provider is configured in
`.streamlit/secrets.toml` (`[auth]`, see the README), a button signs in through it with
Streamlit's `st.login`, and the provider's user is mapped to an OTE account by subject or
e-mail; a provider's user without an OTE account gets no access.

The signed-in user's id lives in this browser session's state only (server side); a
session ends after `OTE_SESSION_IDLE_MINUTES` without use or `OTE_SESSION_MAX_HOURS` after
signing in, and on signing out. Role and team are read from the database on every run, so
a disabled account or a changed role takes effect at once.
"""

from __future__ import annotations

import time

import streamlit as st

from ote import config
from ote.auth import users
from ote.auth.users import User
from ote.db import Database
from ote.i18n import Translator

USER_KEY = "_ote_user_id"
SIGNED_IN_KEY = "_ote_signed_in_at"
LAST_SEEN_KEY = "_ote_last_seen"
EXPIRED_KEY = "_ote_session_expired"
PROVIDER_KEY = "_ote_provider_user"


def identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def _forget() -> None:
    for key in (USER_KEY, SIGNED_IN_KEY, LAST_SEEN_KEY, PROVIDER_KEY):
        st.session_state.pop(key, None)


def _start(user: User) -> None:
    now = time.time()
    st.session_state[USER_KEY] = user.id
    st.session_state[SIGNED_IN_KEY] = now
    st.session_state[LAST_SEEN_KEY] = now


def _expired(now: float) -> bool:
    signed_in = st.session_state.get(SIGNED_IN_KEY, 0.0)
    last_seen = st.session_state.get(LAST_SEEN_KEY, 0.0)
    return (
        now - last_seen > config.session_idle_minutes() * 60
        or now - signed_in > config.session_max_hours() * 3600
    )


def current_user(database: Database, connection=None) -> User | None:
    """The user signed in in this browser session, or None (then the sign-in form is due).
    `connection`: the frame's, to read the account on (else one of its own)."""
    now = time.time()
    user_id = st.session_state.get(USER_KEY)
    if user_id is not None:
        if _expired(now):
            _forget()
            st.session_state[EXPIRED_KEY] = True
            return None
        user = users.current_user(database, user_id, connection)
        if user is None:  # disabled or removed meanwhile
            _forget()
            return None
        st.session_state[LAST_SEEN_KEY] = now
        return user
    if identity_provider_configured() and getattr(st.user, "is_logged_in", False):
        if st.session_state.get(PROVIDER_KEY) == "unknown":
            return None
        user = users.identity_provider_user(
            database, subject=st.user.get("sub"), email=st.user.get("email")
        )
        if user is None:
            st.session_state[PROVIDER_KEY] = "unknown"
            return None
        _start(user)
        return user
    return None


def sign_in_form(database: Database, t: Translator, demo_accounts: list[str]) -> None:
    """The sign-in page: the password form, the identity provider's button if configured."""
    st.title(t("auth.title"))
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info(t("auth.expired"), icon=":material/timer_off:")
    if st.session_state.get(PROVIDER_KEY) == "unknown":
        st.error(t("auth.provider_unknown"), icon=":material/block:")
        if st.button(t("auth.sign_out")):
            _forget()
            st.logout()
    if identity_provider_configured():
        if st.button(t("auth.provider_button"), type="primary", icon=":material/login:"):
            st.login("oidc" if "oidc" in st.secrets["auth"] else None)
        st.caption(t("auth.or_password"))
    with st.form("sign_in", enter_to_submit=True):
        username = st.text_input(t("auth.username"), autocomplete="username")
        password = st.text_input(
            t("auth.password"), type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        result = users.sign_in(database, username, password)
        if result.user is not None:
            _start(result.user)
            st.rerun()
        elif result.problem == "locked":
            minutes = users.LOCKOUT_TIME.total_seconds() // 60
            st.error(t("auth.locked", minutes=int(minutes)), icon=":material/lock:")
        else:
            st.error(t("auth.wrong"), icon=":material/error:")
    if demo_accounts:
        with st.expander(t("auth.demo_heading"), icon=":material/science:"):
            st.markdown(t("auth.demo_text", accounts=", ".join(f"`{a}`" for a in demo_accounts)))
    st.caption(t("auth.help"))
    # The accessibility statement opens without signing in (ote.access.PUBLIC_PAGES).
    st.page_link(
        "pages/accessibility.py",
        label=t("nav.accessibility"),
        icon=":material/accessibility_new:",
        query_params={"lang": t.language},
    )


def sign_out_button(user: User, t: Translator) -> None:
    st.caption(
        t("auth.signed_in_as", name=user.display_name, role=t(f"enum.UserRole.{user.role.value}"))
    )
    if st.button(t("auth.sign_out"), icon=":material/logout:", key="_ote_sign_out"):
        _forget()
        if identity_provider_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
