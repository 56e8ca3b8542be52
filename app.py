"""OTE's entry point: `streamlit run app.py` (or `make run`).

The navigation is the first Streamlit call and lists the pages explicitly, by absolute
path (the same paths Streamlit's legacy `pages/` discovery uses; see
`ote.ui.shell.context`); then the
shared frame (database check, sidebar choices, demo banner) and the chosen page.
"""

from pathlib import Path

import streamlit as st

from ote.i18n import Translator
from ote.ui import shell

PAGES = Path(__file__).resolve().parent / "pages"

t = Translator(shell.current_language())

page = st.navigation(
    [
        st.Page(PAGES / "home.py", title=t("nav.home"), icon=":material/home:", default=True),
        st.Page(PAGES / "records_overview.py", title=t("nav.records"), icon=":material/table:"),
    ]
)
st.set_page_config(page_title=f"{t('app.name')} – {page.title}", layout="wide")

database = shell.open_database_or_stop(t)
context = shell.sidebar(database, t)
shell.store_context(context)
shell.demo_banner(context)
page.run()
