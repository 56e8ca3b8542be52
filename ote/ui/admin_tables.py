"""Deleting on the admin pages (teams, staff, referral sources, employers): a chooser that
offers only the rows nothing refers to (a team with clients or a staff member with
records is never offered), each deleted after a confirmation. The lists themselves are
`ote.ui.records.recent_editor` without a delete column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ote.i18n import Translator
from ote.records.base import NotFound
from ote.records.organisation import Deletable
from ote.ui import records as ui
from ote.validation import ValidationFailed


def delete_chooser(
    name: str,
    options: list[Deletable],
    *,
    t: Translator,
    label: str,
    help: str,
    none_text: str,
    delete: Callable[[int], Any],
) -> None:
    """A chooser of the deletable rows; the chosen one is deleted after a confirmation."""
    if not options:
        st.caption(none_text)
        return
    labels = {option.id: option.label for option in options}
    chosen = st.selectbox(
        label,
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=t("admin.delete_placeholder"),
        help=help,
        key=ui.key(name, "choice"),
    )
    if chosen is None:
        return
    st.warning(t("admin.confirm_delete", name=labels[chosen]), icon=":material/delete:")
    if not st.button(t("records.delete_confirmed"), type="primary", key=ui.key(name, "delete")):
        return
    try:
        delete(chosen)
    except ValidationFailed as failure:
        ui.show_problems(failure.errors, t)
        return
    except NotFound:
        st.error(t("records.row_gone"), icon=":material/error:")
        return
    ui.reset(name)
    ui.flash(t("admin.deleted", name=labels[chosen]))
    st.rerun()
