"""Etusivu: what OTE is, the chosen team on the as-of date, the first steps read from the
records (`ote.onboarding`) for the user's role, and what each part of the menu is for."""

import streamlit as st

from ote import onboarding
from ote.formatting import format_count, format_date, format_number
from ote.metrics import population
from ote.metrics.definitions import definition
from ote.privacy import shown_count
from ote.ui import guide, shell
from ote.ui.cache import cached, cached_everywhere

context = shell.context()
t = context.t

st.title(t("home.title"))
guide.intro(context, "home")

if context.team is None:
    st.info(t("home.no_teams"), icon=":material/info:")
else:
    st.subheader(
        t("home.snapshot_heading", team=context.team.name, date=format_date(context.as_of))
    )
    figures = cached(context, population.snapshot, context.team.id, context.as_of)
    active, waiting, coaches = figures.active, figures.waiting, figures.coaches
    language = context.language

    def count(value: int) -> str:
        # Management sees counts of fewer than 5 people as "< 5" (DOMAIN.md §5).
        return shown_count(value) if context.aggregates_only else format_count(value, language)

    if context.own_staff_id is not None:
        st.caption(t("home.own_only"))
    columns = st.columns(3)
    on = (None, context.as_of)  # the figures' window: the as-of date
    columns[0].metric(
        t("home.active_clients"),
        count(active),
        help=definition("active_clients", language, window=on),
    )
    columns[1].metric(
        t("home.waiting"), count(waiting), help=definition("waiting_list", language, window=on)
    )
    columns[2].metric(
        t("home.coaches"),
        t(
            "home.coaches_value",
            count=format_count(coaches.coaches, language),
            fte=format_number(coaches.fte, 1, language),
        )
        if coaches.coaches
        else t("home.no_coaches"),
        help=t("home.coaches_help"),
    )

if context.user is not None:
    role = context.user.role
    # ------------------------------------------------------------ the first steps
    st.subheader(t("home.start_heading"))
    steps = cached_everywhere(
        context,
        onboarding.first_steps,
        context.team.id if context.team else None,
        context.as_of,
        role,
        context.own_staff_id,
    )
    st.caption(t("home.steps_caption"))
    weeks = {
        "weeks": onboarding.RECENT_DAYS // 7,
        "meeting_weeks": onboarding.MEETING_DAYS // 7,
    }
    pending = [step for step in steps if not step.done]
    for step in pending:
        if step.page is None:
            st.markdown(t(f"home.step.{step.key}", **weeks))
        else:
            label = t(
                "home.step_link",
                text=t(f"home.step.{step.key}", **weeks),
                page=t(onboarding.TITLE_KEYS[step.page]),
            )
            guide.link(context, step.page, label)
    done = [step for step in steps if step.done]
    if done and not pending:
        st.success(t("home.all_done"), icon=":material/check_circle:")
    if done:
        # Kept short for a team well under way: what is done, behind one click.
        with st.expander(t("home.done_heading", count=len(done)), icon=":material/done_all:"):
            st.markdown(
                "\n".join(
                    "- " + t("home.done", text=t(f"home.step_done.{step.key}", **weeks))
                    for step in done
                )
            )

    # ----------------------------------------------------------------- the menu
    st.subheader(t("home.menu_heading"))
    for section, pages in onboarding.menu(role):
        lines = [f"**{t(section)}**", ""]
        lines += [f"- **{t(title)}** – {t(f'home.menu.{page}')}" for page, title in pages]
        st.markdown("\n".join(lines))

st.caption(t("home.privacy"))
