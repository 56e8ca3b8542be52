"""Building blocks of the record pages: resettable forms, problems beside their field,
and the recent-entries table editable in place with deletion behind a confirmation.

A form's widgets carry a version in their keys: after a successful save the version goes
up and the form is empty again; after a failed save it stays, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from ote.access import AccessDenied
from ote.i18n import Translator
from ote.records.base import NotFound
from ote.records.editing import DELETE_COLUMN, changes
from ote.ui import guide, shell
from ote.validation import FieldError, ValidationFailed


def record_page(context, area: str, intro: bool = True) -> int:
    """The top of a record page: the title of `area` (`<area>.title`) and the first-time
    user's guide (`ote.ui.guide.intro`: `<area>.guide.intro` and its help; left out with
    `intro` False – the weekly meeting's presentation mode) and the message of the last
    save; without a chosen team, a hint (with a link to add a team, for an administrator)
    and stop. Returns the team's id."""
    t = context.t
    st.title(t(f"{area}.title"))
    if intro:
        guide.intro(context, area)
    if context.team is None:
        no_team(context)
        st.stop()
    show_flash()
    show_saved_warnings(t)
    return context.team.id


def no_team(context) -> None:
    """No team chosen (or none yet): say so, and offer an administrator the Teams page."""
    guide.empty(
        context,
        context.t("records.no_team"),
        page="admin_teams",
        label=context.t("records.guide.add_team"),
    )


def no_staff(context) -> None:
    """The team has no staff yet: nothing can be logged; the Staff page is where they are
    added (linked for a role that may open it)."""
    guide.empty(
        context,
        context.t("records.no_staff"),
        page="admin_staff",
        label=context.t("records.guide.add_staff"),
    )


def key(form: str, name: str) -> str:
    """The widget key of field `name` on form `form`, in the form's current version."""
    return f"{form}.{name}.{st.session_state.get(f'_version.{form}', 0)}"


def reset(form: str) -> None:
    """Empty the form: its widgets get new keys on the next run."""
    st.session_state[f"_version.{form}"] = st.session_state.get(f"_version.{form}", 0) + 1


def show_problems(problems: list[FieldError], t: Translator, row: str | None = None) -> None:
    """Each problem as "Field: message" (errors red, warnings amber), with the row if given."""
    for problem in problems:
        where = f"{row} – " if row else ""
        text = f"{where}{t(f'field.{problem.field}')}: {problem.message(t.language)}"
        if problem.warning:
            st.warning(text, icon=":material/warning:")
        else:
            st.error(text, icon=":material/error:")


def flash(message: str) -> None:
    """A success message shown once, on the next run (after the form was emptied)."""
    st.session_state["_flash"] = message


_FLASH_WARNINGS = "_flash_warnings"


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def flash_warnings(warnings: list[FieldError]) -> None:
    """Warnings of a save, shown once on the next run (see `show_saved_warnings`)."""
    if warnings:
        st.session_state[_FLASH_WARNINGS] = list(warnings)


def show_saved_warnings(t: Translator) -> None:
    show_problems(st.session_state.pop(_FLASH_WARNINGS, []), t)


def save(form: str, action: Callable[[], Any], t: Translator, done: str) -> bool:
    """Run a save; on success empty the form and tell so; on failure show every problem."""
    try:
        saved = action()
    except ValidationFailed as failure:
        show_problems(failure.errors, t)
        return False
    except AccessDenied:
        st.error(t("auth.denied"), icon=":material/block:")
        return False
    reset(form)
    flash(done)
    flash_warnings(getattr(saved, "warnings", []))
    st.rerun()
    return True  # not reached: st.rerun() ends the run


def recent_editor(
    name: str,
    table: pd.DataFrame,
    *,
    t: Translator,
    column_config: dict[str, Any],
    editable: list[str],
    update: Callable[[int, dict[str, Any]], Any],
    describe: Callable[[pd.Series], str],
    delete: Callable[[list[int]], int] | None = None,
    confirm: Callable[[list[int]], str] | None = None,
    empty: str | None = None,
) -> None:
    """Rows editable in place; changes saved with a button (every refused row named with its
    problems, warnings shown after saving). With `delete`, rows can be marked for deletion
    and are deleted after a confirmation (`confirm` words it for the marked ids).
    `describe` names a row in messages (e.g. its date and client code). An empty table
    shows `empty` – what has not been recorded yet, in plain words – as an empty state;
    without it a short caption, and nothing for "" (the page says it itself)."""
    if table.empty:
        if empty is None:
            st.caption(t("records.no_recent"))
        elif empty:
            st.info(empty, icon=":material/info:")
        return
    shown = table.copy()
    context = shell.stored_context()
    if context is not None and "client_code" in table.columns:
        shell.log_view(context, name.split(".")[0], list(table["client_code"]))
    config = {"id": None, **column_config}
    if delete is not None:
        shown[DELETE_COLUMN] = False
        config[DELETE_COLUMN] = st.column_config.CheckboxColumn(t("records.delete_column"))
    disabled = [c for c in shown.columns if c not in editable and c != DELETE_COLUMN]
    edited = st.data_editor(
        shown,
        key=key(name, "editor"),
        column_config=config,
        disabled=disabled,
        hide_index=True,
        num_rows="fixed",
        placeholder="–",
    )
    touched = (st.session_state.get(key(name, "editor")) or {}).get("edited_rows")
    updates, deletions = changes(table, edited, editable, touched)
    if updates and st.button(t("records.save_changes"), key=key(name, "save_changes")):
        refused = False
        warnings: list[FieldError] = []
        for row_id, values in updates.items():
            try:
                saved = update(row_id, values)
            except ValidationFailed as failure:
                refused = True
                row = table.set_index("id", drop=False).loc[row_id]
                show_problems(failure.errors, t, row=describe(row))
            except NotFound:
                refused = True
                st.error(t("records.row_gone"), icon=":material/error:")
            except AccessDenied:
                refused = True
                st.error(t("auth.denied"), icon=":material/block:")
            else:
                warnings += getattr(saved, "warnings", [])
        if refused:
            show_problems(warnings, t)
        else:
            reset(name)
            flash(t("records.changes_saved", count=len(updates)))
            flash_warnings(warnings)
            st.rerun()
    if delete is not None and deletions:
        text = confirm(deletions) if confirm else t("records.confirm_delete", count=len(deletions))
        st.warning(text, icon=":material/delete:")
        if st.button(t("records.delete_confirmed"), key=key(name, "delete"), type="primary"):
            removed = delete(deletions)
            reset(name)
            flash(t("records.deleted", count=removed))
            st.rerun()
