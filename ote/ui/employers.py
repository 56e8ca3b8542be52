"""Drawing the Työnantajasuhteet page: the log, the weekly rhythm with the leader's review,
the purpose mix, the employer register and the jobs."""

from __future__ import annotations

import io

import altair as alt
import pandas as pd

from ote.enums import EmployerContactOutcome, EmployerContactPurpose
from ote.formatting import format_date, format_number
from ote.i18n import Translator
from ote.supervision.week import Week
from ote.ui.clients import CLIENT_COLUMN
from ote.ui.team import figure

__all__ = ["figure"]  # the pages format their figures through the view module


def _yes_no(value: bool | None, t: Translator) -> str:
    if value is None:
        return "–"
    return t("employer_log.either.yes") if value else t("employer_log.either.no")


def _enum(value: str | None, enum_class, t: Translator) -> str:
    return t.enum(value, enum_class) if value else "–"


def log_frame(rows, t: Translator) -> pd.DataFrame:
    """The contacts as the log shows them (the job seeker's code as a timeline link)."""
    return pd.DataFrame(
        {
            t("field.date"): [format_date(r.date) for r in rows],
            t("employer_log.week"): [r.week for r in rows],
            t("employer_log.coach"): [r.staff_name for r in rows],
            t("field.employer_id"): [r.employer_name for r in rows],
            t("field.face_to_face"): [_yes_no(r.face_to_face, t) for r in rows],
            CLIENT_COLUMN: [r.client_code for r in rows],
            t("field.preference_based"): [_yes_no(r.preference_based, t) for r in rows],
            t("field.purpose"): [_enum(r.purpose, EmployerContactPurpose, t) for r in rows],
            t("field.outcome"): [_enum(r.outcome, EmployerContactOutcome, t) for r in rows],
        }
    )


def log_workbook(rows, t: Translator) -> bytes:
    """The log rows as shown, with the job tips, as an XLSX workbook of one sheet."""
    frame = log_frame(rows, t).rename(columns={CLIENT_COLUMN: t("field.client_code")})
    frame[t("field.job_tip")] = [r.job_tip or "" for r in rows]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=t("employer_log.sheet"), index=False)
    return buffer.getvalue()


def week_label(week: Week, t: Translator) -> str:
    return t(
        "employer_log.week_label",
        number=week.number,
        first=format_date(week.monday),
        last=format_date(week.sunday),
    )


def rhythm_frame(rhythm, reviewed: dict, t: Translator) -> pd.DataFrame:
    """Coach × ISO week: face-to-face contacts about job seekers against the week's target
    (✓ met, ⚠ not), and a last row saying whether the leader reviewed the week's log."""
    if not rhythm:
        return pd.DataFrame()
    labels = [label for label, _, _ in rhythm[0].weeks]
    data: dict[str, list[str]] = {t("employer_log.coach"): [c.name for c in rhythm]}
    for index, label in enumerate(labels):
        cells = []
        for coach in rhythm:
            _, count, target = coach.weeks[index]
            cells.append(f"{count} / {target} {'✓' if count >= target else '⚠'}")
        data[label] = cells
    frame = pd.DataFrame(data)
    review_row = {t("employer_log.coach"): t("employer_log.review_row")}
    for label in labels:
        monday = Week.parse(label).monday
        done = reviewed.get(monday)
        review_row[label] = (
            f"✓ {format_date(done.reviewed_on)}" if done else f"⚠ {t('employer_log.not_reviewed')}"
        )
    return pd.concat([frame, pd.DataFrame([review_row])], ignore_index=True)


def _purpose_label(purpose: str | None, t: Translator) -> str:
    return t.enum(purpose, EmployerContactPurpose) if purpose else t("employer_log.not_recorded")


def mix_frame(mix, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.purpose"): [_purpose_label(row.purpose, t) for row in mix],
            t("employer_log.level"): [t(f"employer_log.levels.{row.level}") for row in mix],
            t("employer_log.contacts"): [row.contacts for row in mix],
            t("employer_log.share"): [figure(row.share, t, percent=True) for row in mix],
        }
    )


def mix_chart(mix, t: Translator) -> alt.Chart:
    """The contacts by purpose, coloured by item 18's level (with the level in the legend)."""
    frame = pd.DataFrame(
        {
            "purpose": [_purpose_label(row.purpose, t) for row in mix],
            "level": [t(f"employer_log.levels.{row.level}") for row in mix],
            "contacts": [row.contacts for row in mix],
        }
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "purpose:N",
                sort=list(frame["purpose"]),
                title=None,
                axis=alt.Axis(labelLimit=400),  # whole purposes, not "Työnantajan tarp…"
            ),
            x=alt.X("contacts:Q", title=t("employer_log.contacts")),
            color=alt.Color("level:N", title=t("employer_log.level")),
            tooltip=["purpose", "level", "contacts"],
        )
        .properties(height=30 * len(frame) + 40)
    )


def register_frame(register, t: Translator) -> pd.DataFrame:
    cold = f"⚠ {t('employer_log.going_cold')}"
    return pd.DataFrame(
        {
            t("field.employer_id"): [r.name for r in register],
            t("field.industry"): [r.industry or "–" for r in register],
            t("employer_log.last_contact"): [format_date(r.last_contact) or "–" for r in register],
            t("employer_log.days_since"): [
                ("–" if r.days_since is None else str(r.days_since))
                + (f" {cold}" if r.cold else "")
                for r in register
            ],
            t("employer_log.contacts"): [r.contacts for r in register],
            t("employer_log.face_to_face_contacts"): [r.face_to_face for r in register],
            t("employer_log.coaches_count"): [r.coaches for r in register],
            t("employer_log.jobs"): [r.jobs for r in register],
        }
    )


def month_chart(per_month, t: Translator) -> alt.Chart:
    frame = pd.DataFrame({"month": [m for m, _ in per_month], "jobs": [n for _, n in per_month]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("month:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("jobs:Q", title=t("employer_log.jobs_started")),
            tooltip=["month", "jobs"],
        )
        .properties(height=220)
    )


def month_frame(per_month, t: Translator) -> pd.DataFrame:
    """The jobs started per month, the chart's figures as a table."""
    return pd.DataFrame(
        {
            t("team.column.month"): [month for month, _ in per_month],
            t("employer_log.jobs_started"): [jobs for _, jobs in per_month],
        }
    )


def count_frame(counts, t: Translator, what: str) -> pd.DataFrame:
    def label(row) -> str:
        if row.label_key:
            return t(f"employer_log.labels.{row.label_key}")
        return row.key

    return pd.DataFrame(
        {
            t(f"employer_log.count_of.{what}"): [label(row) for row in counts],
            t("employer_log.jobs"): [row.jobs for row in counts],
            t("employer_log.share"): [figure(row.share, t, percent=True) for row in counts],
        }
    )


def tenure_frame(lasted, mix, t: Translator) -> pd.DataFrame:
    def days(value: float | None) -> str:
        return "–" if value is None else format_number(value, 0, t.language)

    rows = [
        (t("employer_log.tenure.jobs"), str(lasted.jobs)),
        (t("employer_log.tenure.ongoing"), str(lasted.ongoing)),
        (t("employer_log.tenure.ended"), str(lasted.ended)),
        (t("employer_log.tenure.median"), days(lasted.median_days)),
        (t("employer_log.tenure.mean"), days(lasted.mean_days)),
        (t("employer_log.tenure.lasted_90"), str(lasted.lasted_90_days)),
        (t("employer_log.tenure.lasted_180"), str(lasted.lasted_180_days)),
        (t("employer_log.tenure.competitive"), str(mix.competitive)),
        (t("employer_log.tenure.permanent"), str(mix.permanent)),
        (t("employer_log.tenure.competitive_permanent"), str(mix.competitive_permanent)),
    ]
    return pd.DataFrame(rows, columns=[t("employer_log.figure"), t("employer_log.value")])
