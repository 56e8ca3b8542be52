"""Käyttäjät (admin only): the accounts that can sign in, their roles and teams; add one,
disable or enable it, unlock it after failed sign-ins, set a new password."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from ote.auth import users
from ote.auth.passwords import MIN_LENGTH
from ote.enums import UserRole
from ote.models.users import USERNAME_LENGTH
from ote.teams import list_teams
from ote.ui import guide, shell
from ote.ui import records as ui
from ote.ui.cache import shared_everywhere

FORM = "user"
context = shell.context()
t = context.t
database = context.database
st.title(t("auth.users.title"))
guide.intro(context, "admin.users")
ui.show_flash()

# Cached against every version the administrator sees, the accounts' own among them (a
# sign-in raises it); "locked" depends on the time too, so the minute is part of the key.
minute = datetime.now(UTC).replace(second=0, microsecond=0)
accounts = shared_everywhere(context, users.list_users, minute)
teams = shared_everywhere(context, list_teams)
staff = shared_everywhere(context, users.staff_choices)
team_names = {team.id: team.name for team in teams}
team_by_key = {team.key: team.name for team in teams}
staff_labels = {row.key: f"{row.name} ({team_names.get(row.team_id, '')})" for row in staff}

if accounts:
    st.dataframe(
        pd.DataFrame(
            {
                t("field.username"): [a.username for a in accounts],
                t("field.name"): [a.display_name or "" for a in accounts],
                t("field.role"): [t(f"enum.UserRole.{a.role}") for a in accounts],
                t("field.team_id"): [a.team_key or t("auth.users.every_team") for a in accounts],
                t("field.staff_id"): [a.staff_key or "" for a in accounts],
                t("field.email"): [a.email or "" for a in accounts],
                t("auth.users.state"): [
                    t("auth.users.disabled")
                    if not a.active
                    else t("auth.users.locked")
                    if a.locked
                    else t("auth.users.active")
                    for a in accounts
                ],
                t("auth.users.demo"): [t("auth.yes") if a.is_demo else "" for a in accounts],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    guide.empty(context, t("admin.users.guide.none"))

st.subheader(t("auth.users.add_heading"))
left, right = st.columns(2)
username = left.text_input(
    t("field.username"), max_chars=USERNAME_LENGTH, key=ui.key(FORM, "username")
)
display_name = right.text_input(t("field.name"), key=ui.key(FORM, "name"))
role = left.selectbox(
    t("field.role"),
    [r.value for r in UserRole],
    format_func=lambda r: t(f"enum.UserRole.{r}"),
    key=ui.key(FORM, "role"),
    help=t("auth.users.role_help"),
)
team_key = right.selectbox(
    t("field.team_id"),
    [None, *[team.key for team in teams]],
    format_func=lambda k: t("auth.users.every_team") if k is None else team_by_key[k],
    key=ui.key(FORM, "team"),
)
staff_key = left.selectbox(
    t("field.staff_id"),
    [None, *[row.key for row in staff]],
    format_func=lambda k: "–" if k is None else staff_labels[k],
    key=ui.key(FORM, "staff"),
    help=t("auth.users.staff_help"),
)
email = right.text_input(
    t("field.email"), key=ui.key(FORM, "email"), help=t("auth.users.email_help")
)
password = left.text_input(
    t("field.password"),
    type="password",
    key=ui.key(FORM, "password"),
    help=t("auth.users.password_help", minimum=MIN_LENGTH),
    autocomplete="new-password",
)
if st.button(t("auth.users.add"), type="primary", key=ui.key(FORM, "save")):

    def add():
        with database.write() as session:
            users.add_user(
                session,
                username,
                role,
                team_key=team_key,
                staff_key=staff_key,
                password=password or None,
                display_name=display_name,
                email=email,
            )

    ui.save(FORM, add, t, t("auth.users.added", name=users.normalise_username(username)))

if accounts:
    st.subheader(t("auth.users.change_heading"))
    chosen = st.selectbox(
        t("field.username"), [a.username for a in accounts], key="user.change.username"
    )
    columns = st.columns(3)
    account = next(a for a in accounts if a.username == chosen)

    def change(action, message):
        def run():
            with database.write() as session:
                action(session)

        ui.save("user.change", run, t, message)

    if account.active:
        if columns[0].button(t("auth.users.disable"), key="user.change.disable"):
            change(lambda s: users.set_active(s, chosen, False), t("auth.users.disabled_done"))
    elif columns[0].button(t("auth.users.enable"), key="user.change.enable"):
        change(lambda s: users.set_active(s, chosen, True), t("auth.users.enabled_done"))
    if account.locked and columns[1].button(t("auth.users.unlock"), key="user.change.unlock"):
        change(lambda s: users.unlock(s, chosen), t("auth.users.unlocked_done"))
    new_password = columns[2].text_input(
        t("auth.users.new_password"),
        type="password",
        key=ui.key("user.change", "password"),
        autocomplete="new-password",
    )
    if new_password and columns[2].button(
        t("auth.users.set_password"), key="user.change.set_password"
    ):
        change(
            lambda s: users.set_password(s, chosen, new_password),
            t("auth.users.password_done"),
        )
