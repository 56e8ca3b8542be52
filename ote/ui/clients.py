"""Lists that name clients: each code opens the client's timeline in one click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ote.ui import shell

CLIENT_COLUMN = "_client_code"  # a frame's column of client codes, shown as timeline links


def client_table(frame: pd.DataFrame, context) -> None:
    """A list of clients whose code opens the client's timeline (one click); a row without
    a client has an empty cell."""
    t = context.t
    shown = frame.copy()
    codes = shown.pop(CLIENT_COLUMN)
    shell.log_view(context, "client", list(codes))
    column = t("field.client_code")
    codes = [c if isinstance(c, str) and c else None for c in codes]
    links = iter(shell.page_urls(context, "client", *(("client", c) for c in codes if c)))
    shown.insert(0, column, [next(links) if c else None for c in codes])
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            column: st.column_config.LinkColumn(
                column, display_text=r"client=([^&]+)", help=t("team.open_timeline")
            )
        },
    )
