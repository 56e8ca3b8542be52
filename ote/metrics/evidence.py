"""What the records say for each fidelity item they can evidence, on one date – the
`ote evidence` output (`shared/spec/interchange.md`, "Evidence output") and the figures
beside the self-assessment.

Items with a measure of their own (1, 2, 4, 7, 15, 16, 17, 19, 20, 21, 23, 24) carry its
value and suggested score. Items scored by sub-criteria (5, 8, 11, 25) carry how many of
the sub-criteria the records can show are met; the others need the assessors, so those
items have no suggested score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ote import models as m
from ote.config import DEFAULT_LANGUAGE
from ote.formatting import format_date, format_number
from ote.i18n import translate
from ote.metrics import (
    cadences,
    caseload,
    client_contacts,
    employer_contacts,
    follow_along,
    jobs,
    referrals,
)
from ote.metrics.base import Measure
from ote.settings import Windows, team_windows


@dataclass(frozen=True)
class ItemEvidence:
    item: str
    value: float | None
    unit: str
    suggested_score: int | None
    window: str
    n: int
    basis: str
    measures: tuple[Measure, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "suggested_score": self.suggested_score,
            "window": self.window,
            "n": self.n,
            "basis": self.basis,
        }


def measures(session: Session, team_id: int, as_of: date, windows: Windows) -> list[Measure]:
    """Every measure the evidence rests on, computed once."""
    w = windows
    job_counts = jobs.job_counts(session, team_id, as_of, w.jobs_days)  # items 19–21 share it
    return [
        caseload.caseload_ratio(session, team_id, as_of),
        caseload.coaching_share(session, team_id, as_of),
        referrals.attached_referrals(session, team_id, as_of, w.referrals_days),
        cadences.mdt_attendance(session, team_id, as_of, w.cadence_weeks, w.cadence_share),
        cadences.team_structure(session, team_id, as_of, w.cadence_weeks, w.cadence_share),
        cadences.team_leader_span(session, team_id, as_of),
        cadences.weekly_supervision(session, team_id, as_of, w.cadence_weeks, w.cadence_share),
        cadences.quarterly_goals_set(session, team_id, as_of),
        cadences.assessment_on_schedule(session, team_id, as_of),
        cadences.steering_on_schedule(session, team_id, as_of),
        employer_contacts.days_to_first_employer_contact(
            session, team_id, as_of, w.first_contact_days
        ),
        employer_contacts.preference_based_contacts(session, team_id, as_of, w.preference_days),
        employer_contacts.employer_contacts_per_week(session, team_id, as_of, w.contacts_weeks),
        jobs.job_type_diversity(session, team_id, as_of, counts=job_counts),
        jobs.employer_diversity(session, team_id, as_of, counts=job_counts),
        jobs.competitive_permanent_jobs(session, team_id, as_of, counts=job_counts),
        follow_along.follow_along(session, team_id, as_of, w.jobs_days),
        client_contacts.community_based_work(session, team_id, as_of, w.community_days),
        client_contacts.outreach_after_missed_meetings(
            session, team_id, as_of, w.outreach_days, w.outreach_within_days
        ),
    ]


def item_evidence(
    session: Session, team_id: int, as_of: date, language: str = DEFAULT_LANGUAGE
) -> dict[str, ItemEvidence]:
    """Evidence per fidelity item ("1" … "25"), in item order."""
    found = measures(session, team_id, as_of, team_windows(session, team_id))
    whole = {m.item: m for m in found if m.met is None}
    parts: dict[str, list[Measure]] = {}
    for measure in found:
        if measure.met is not None:
            parts.setdefault(measure.item.split(".")[0], []).append(measure)
    evidence: dict[str, ItemEvidence] = {}
    for item, measure in whole.items():
        evidence[item] = ItemEvidence(
            item,
            measure.value,
            measure.unit,
            measure.suggested_score,
            measure.window_text,
            measure.n,
            measure.basis(language),
            (measure,),
        )
    for item, subs in parts.items():
        met = sum(1 for sub in subs if sub.met)
        first = min((sub.first or sub.last) for sub in subs)
        basis = "; ".join(
            translate(
                "metrics.subcriterion",
                language,
                code=sub.item,
                state=translate("metrics.met" if sub.met else "metrics.not_met", language),
                basis=sub.basis(language).rstrip("."),
            )
            for sub in sorted(subs, key=lambda s: [int(p) for p in s.item.split(".")])
        )
        evidence[item] = ItemEvidence(
            item,
            float(met),
            f"sub-criteria met of {len(subs)} shown by the records",
            None,
            f"{first.isoformat()}..{as_of.isoformat()}",
            len(subs),
            basis,
            tuple(subs),
        )
    return dict(sorted(evidence.items(), key=lambda pair: int(pair[0])))


class UnknownTeam(LookupError):
    pass


def evidence_document(
    session: Session, team_key: str, as_of: date, language: str = DEFAULT_LANGUAGE
) -> dict[str, Any]:
    """The evidence output of `shared/spec/interchange.md` for the team with `team_key`."""
    team_id = session.execute(select(m.Team.id).where(m.Team.key == team_key)).scalar()
    if team_id is None:
        raise UnknownTeam(team_key)
    items = item_evidence(session, team_id, as_of, language)
    return {
        "as_of": as_of.isoformat(),
        "team_id": team_key,
        "items": {item: evidence.as_json() for item, evidence in items.items()},
    }


def evidence_table(document: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> str:
    """The evidence output as a plain-text table, each item's basis on the line below it."""
    t = lambda key, **params: translate(key, language, **params)  # noqa: E731
    as_of = date.fromisoformat(document["as_of"])
    header = [
        t("evidence.column_item"),
        t("evidence.column_measure"),
        t("evidence.column_value"),
        t("evidence.column_n"),
        t("evidence.column_window"),
        t("evidence.column_suggested"),
    ]
    rows = []
    for item, entry in document["items"].items():
        if entry["unit"].startswith("sub-criteria"):
            value = t("evidence.subcriteria_value", met=int(entry["value"]), shown=entry["n"])
        elif entry["value"] is None:
            value = t("evidence.no_value")
        else:
            value = format_number(entry["value"], 1, language)
        window_text = entry["window"]
        if window_text.startswith("on "):
            window_text = format_date(date.fromisoformat(window_text[3:]))
        else:
            first, last = window_text.split("..")
            window_text = (
                f"{format_date(date.fromisoformat(first))}–{format_date(date.fromisoformat(last))}"
            )
        suggested = "–" if entry["suggested_score"] is None else str(entry["suggested_score"])
        rows.append(
            (
                [item, t(f"fidelity.item.{item}"), value, str(entry["n"]), window_text, suggested],
                entry["basis"],
            )
        )
    widths = [
        max(len(header[i]), *(len(cells[i]) for cells, _ in rows)) if rows else len(header[i])
        for i in range(len(header))
    ]
    widths[1] = min(widths[1], 44)

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    def line(cells: list[str]) -> str:
        return "  ".join(fit(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(cells))

    lines = [
        t("evidence.title"),
        t("evidence.team", team=document["team_id"], date=format_date(as_of)),
        "",
        line(header),
        line(["-" * w for w in widths]),
    ]
    for cells, basis in rows:
        lines.append(line(cells))
        lines.append(" " * (widths[0] + 2) + basis)
    return "\n".join(lines)
