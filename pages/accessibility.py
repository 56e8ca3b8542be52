"""Saavutettavuusseloste: the accessibility statement that the act on digital services
(306/2019) requires – how accessible OTE is, what is not and why, how the statement was
made, where feedback goes (`OTE_ACCESSIBILITY_FEEDBACK`) and the supervisory authority.
Open to everyone, also before signing in (`ote.ui.accessibility`)."""

import streamlit as st

from ote import config
from ote.formatting import format_date, format_number
from ote.i18n import LANGUAGE_NAMES, Translator
from ote.ui import accessibility as statement
from ote.ui import shell

signed_out = statement.signed_out_language()
t = Translator(signed_out) if signed_out is not None else shell.context().t

st.title(t("accessibility.title"))
st.markdown(t("accessibility.intro"))

st.header(t("accessibility.status_heading"))
st.markdown(t("accessibility.status"))

st.header(t("accessibility.limits_heading"))
st.markdown(t("accessibility.limits_intro"))
idle = config.session_idle_minutes()
minutes = format_number(idle, 0 if idle == int(idle) else 1, t.language)
limits = (
    t("accessibility.limit_charts"),
    t("accessibility.limit_navigation"),
    t("accessibility.limit_tables"),
    t("accessibility.limit_widgets"),
    t("accessibility.limit_pdf"),
    t("accessibility.limit_timeout", minutes=minutes),
)
st.markdown("\n".join(f"- {limit}" for limit in limits))

st.header(t("accessibility.method_heading"))
st.markdown(t("accessibility.method"))
st.markdown(
    t(
        "accessibility.dates",
        made=format_date(statement.STATEMENT_MADE),
        updated=format_date(statement.STATEMENT_UPDATED),
    )
)

st.header(t("accessibility.feedback_heading"))
st.markdown(t("accessibility.feedback_intro"))
variable = config.ACCESSIBILITY_FEEDBACK_VARIABLE
try:
    route = config.accessibility_feedback()
except config.InvalidSetting:
    st.error(t("accessibility.feedback_invalid", variable=variable), icon=":material/error:")
else:
    if route is None:
        st.info(t("accessibility.feedback_not_set", variable=variable), icon=":material/info:")
    else:
        key = "accessibility.feedback_email" if route.is_email else "accessibility.feedback_web"
        st.markdown(t(key, link=statement.feedback_link(route)))
st.markdown(t("accessibility.feedback_answer"))

st.header(t("accessibility.authority_heading"))
st.markdown(t("accessibility.authority"))

if signed_out is not None:
    # No sidebar before signing in: the way to the sign-in form, and the other languages
    # (the language is kept in the URL until the sidebar holds it).
    st.divider()
    st.page_link(
        "pages/home.py",
        label=t("accessibility.sign_in_link"),
        icon=":material/login:",
        query_params={"lang": t.language},
    )
    st.caption(t("accessibility.other_languages"))
    for code, name in LANGUAGE_NAMES.items():
        if code != t.language:
            st.page_link("pages/accessibility.py", label=name, query_params={"lang": code})
