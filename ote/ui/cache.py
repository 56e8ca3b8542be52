"""Figures computed once and kept while the data stay the same (`st.cache_data`).

`cached(context, function, *args)` returns `function(session, *args)` – computed in a read
session of the signed-in user's database – from Streamlit's data cache when the same user
asked it of the same database with the same arguments at the same data versions
(`ote.data_version`): a write to the team raises its version, so a saved record shows at
once. The key holds the user's id, so nothing cached for one user is ever given to another
(DOMAIN.md §5), and the function runs through the user's database, so the role's rules
hold when it is computed. The versions are read once per page run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ote.data_version import versions
from ote.ui import shell

VERSIONS_KEY = "_ote_data_versions"  # (frame run, team id, versions) of this run


def current_versions(context) -> tuple[int, int]:
    """The data versions this page run works from (read once per run)."""
    team_id = context.team.id if context.team is not None else None
    run = st.session_state.get(shell.FRAME_RUN_KEY)
    known = st.session_state.get(VERSIONS_KEY)
    if known is not None and known[0] == run and known[1] == team_id:
        return known[2]
    with context.database.read() as session:
        found = versions(session, team_id)
    st.session_state[VERSIONS_KEY] = (run, team_id, found)
    return found


@st.cache_data(max_entries=2000, ttl=3600, show_spinner=False)
def _computed(key: tuple, _compute: Callable[[], Any]) -> Any:
    return _compute()


def cached(context, function: Callable[..., Any], *args: Any) -> Any:
    """`function(session, *args)`, cached per user, arguments and data version."""
    user_id = context.user.id if context.user is not None else None
    key = (
        f"{function.__module__}.{function.__qualname__}",
        context.database.describe(),
        user_id,
        current_versions(context),
        args,
    )

    def compute() -> Any:
        with context.database.read() as session:
            return function(session, *args)

    return _computed(key, compute)
