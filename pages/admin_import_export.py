"""Tuonti ja vienti: a team's spreadsheets in, and the records out, in the interchange format."""

from datetime import date

import pandas as pd
import streamlit as st

from ote.formatting import format_count
from ote.interchange.exporter import ExportError, export_bytes
from ote.interchange.importer import import_files, problem_message
from ote.interchange.reader import read_uploads
from ote.ui import guide, shell
from ote.ui import records as ui

FORM = "import"
MAX_LISTED = 300
context = shell.context()
t = context.t
database = context.database
st.title(t("import_export.title"))
guide.intro(context, "import_export")
ui.show_flash()

st.header(t("import_export.import_heading"), divider="gray")
st.markdown(t("import_export.import_help"))
uploads = st.file_uploader(
    t("import_export.files"),
    type=["csv", "xlsx", "zip"],
    accept_multiple_files=True,
    key=ui.key(FORM, "files"),
)
check, run = st.columns(2)
checking = check.button(t("import_export.check"), disabled=not uploads, key=ui.key(FORM, "check"))
importing = run.button(
    t("import_export.import"), type="primary", disabled=not uploads, key=ui.key(FORM, "run")
)

if uploads and (checking or importing):
    raw_files, read_problems = read_uploads([(f.name, f.getvalue()) for f in uploads])
    report = import_files(database, raw_files, read_problems, today=date.today(), dry_run=checking)
    if report.errors:
        st.error(
            t("import_export.problems", count=format_count(len(report.errors), t.language)),
            icon=":material/error:",
        )
    elif checking:
        st.success(t("import_export.check_ok"), icon=":material/check_circle:")
    if report.problems:
        ordered = sorted(report.problems, key=lambda p: (p.warning, p.source, p.line, p.column))
        table = pd.DataFrame(
            {
                t("import_export.column_where"): [
                    f"{p.source}:{p.line}" if p.line else p.source for p in ordered
                ],
                t("import_export.column_column"): [p.column for p in ordered],
                t("import_export.column_message"): [
                    problem_message(p, t.language) for p in ordered
                ],
            }
        )
        st.table(table.head(MAX_LISTED), hide_index=True)
        if len(table) > MAX_LISTED:
            st.caption(t("import_export.more_problems", count=len(table) - MAX_LISTED))
        st.download_button(
            t("import_export.download_problems"),
            "\n".join(report.lines(t.language)).encode("utf-8"),
            file_name="ote-tuonnin-ongelmat.txt",
            mime="text/plain",
            key=ui.key(FORM, "problems"),
        )
    if report.written:
        counts = pd.DataFrame(
            {
                t("import_export.column_file"): [f"{name}.csv" for name in report.counts],
                t("import_export.column_new"): [c.inserted for c in report.counts.values()],
                t("import_export.column_updated"): [c.updated for c in report.counts.values()],
                t("import_export.column_unchanged"): [c.unchanged for c in report.counts.values()],
            }
        )
        st.success(t("import_export.done"), icon=":material/check_circle:")
        st.table(counts, hide_index=True)

st.header(t("import_export.export_heading"), divider="gray")
st.markdown(t("import_export.export_help"))
scope_options = ["team", "all"] if context.team is not None else ["all"]
scope = st.radio(
    t("import_export.scope"),
    scope_options,
    format_func=lambda s: t(
        f"import_export.scope_{s}", team=context.team.name if context.team else ""
    ),
    horizontal=True,
    key=ui.key("export", "scope"),
)
kind = st.radio(
    t("import_export.format"),
    ["xlsx", "zip"],
    format_func=lambda k: t(f"import_export.format_{k}"),
    horizontal=True,
    key=ui.key("export", "format"),
)
if st.button(t("import_export.prepare"), key=ui.key("export", "prepare")):
    keys = [context.team.key] if scope == "team" and context.team else None
    try:
        filename, content = export_bytes(database, kind, keys)
    except ExportError:
        st.error(t("import_export.too_big"), icon=":material/error:")
    else:
        st.download_button(
            t("import_export.download", name=filename),
            content,
            file_name=filename,
            mime="application/zip"
            if kind == "zip"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            type="primary",
            key=ui.key("export", "download"),
        )
