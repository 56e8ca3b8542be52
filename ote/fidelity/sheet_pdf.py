"""An assessment as a PDF laid out like the score page of seed 003: the header fields, each
section's items with their scores, the total (Yhteispistemäärä) and band, the bands; the
reasons, sub-criteria and the records' evidence in an appendix."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.flowables import KeepTogether

from ote import pdf
from ote.enums import AssessmentKind
from ote.fidelity.assessments import Assessment
from ote.fidelity.scale import scale
from ote.formatting import format_date, format_number
from ote.i18n import translate


def assessment_pdf(assessment: Assessment, team_name: str, language: str = "fi") -> bytes:
    """The assessment's score sheet as PDF bytes."""
    texts = scale(language)
    t = lambda key, **params: translate(key, language, **params)  # noqa: E731
    shared = pdf.styles()
    body, small, heading, title = shared.body, shared.small, shared.heading, shared.title
    buffer = io.BytesIO()
    document = pdf.document(buffer, texts.title, team_name)
    story = [pdf.paragraph(texts.title, title)]
    if assessment.is_draft:
        story.append(pdf.paragraph(t("fidelity.pdf.draft"), heading))
    total = assessment.total
    partial, scored = assessment.partial_total
    kind = (
        t(f"enum.AssessmentKind.{assessment.kind}")
        if assessment.kind in {k.value for k in AssessmentKind}
        else assessment.kind
    )
    header = [
        [t("fidelity.pdf.team"), team_name],
        [texts.sheet["assessor"], assessment.assessors or ""],
        [texts.sheet["place"], assessment.place or ""],
        [texts.sheet["date"], format_date(assessment.date)],
        [t("field.kind"), kind],
        [
            texts.sheet["total"],
            str(total)
            if total is not None
            else t("fidelity.pdf.partial", sum=partial, scored=scored),
        ],
    ]
    story.append(
        pdf.table(
            [[pdf.paragraph(a, body), pdf.paragraph(b, body)] for a, b in header],
            (45 * mm, 129 * mm),
        )
    )
    points = t("fidelity.pdf.points")
    for section in texts.sections:
        story.append(pdf.paragraph(section.name, heading))
        rows = []
        for number in section.items:
            item = texts.items[number]
            score = assessment.items[number].score
            rows.append(
                [
                    pdf.paragraph(f"{number}. {item.name}", body),
                    pdf.paragraph(f"{points} {score if score is not None else '–'}", body),
                ]
            )
        story.append(pdf.table(rows, (144 * mm, 30 * mm)))
    story.append(Spacer(1, 6 * mm))
    summary = f"{texts.sheet['total']}: {total if total is not None else '–'}"
    if total is not None:
        summary += f" – {texts.band_name(total)}"
    story.append(pdf.paragraph(summary, heading))
    story.append(pdf.paragraph(t("fidelity.pdf.bands"), body))
    for band in texts.bands:
        story.append(pdf.paragraph(f"{band.low}–{band.high} = {band.name}", body))
    story.append(PageBreak())
    story.append(pdf.paragraph(t("fidelity.pdf.appendix"), title))
    for number in range(1, 26):
        item = texts.items[number]
        state = assessment.items[number]
        block = [pdf.paragraph(f"{number}. {item.name} – {points} {_score(state.score)}", heading)]
        if item.subcriteria:
            for index, text in enumerate(item.subcriteria, start=1):
                mark = "[x]" if index in state.met else "[ ]"
                block.append(pdf.paragraph(f"{mark} {number}.{index} {text}", small))
        if state.evidence:
            evidence = state.evidence
            value = evidence.get("value")
            shown = format_number(value, 1, language) if isinstance(value, int | float) else "–"
            suggested = evidence.get("suggested_score")
            block.append(
                pdf.paragraph(
                    t(
                        "fidelity.pdf.evidence",
                        value=shown,
                        n=evidence.get("n", ""),
                        suggested=suggested if suggested is not None else "–",
                        basis=evidence.get("basis", ""),
                    ),
                    small,
                )
            )
        block.append(
            pdf.paragraph(
                f"{t('fidelity.pdf.reason')} {state.note or t('fidelity.pdf.no_reason')}",
                body,
            )
        )
        story.append(KeepTogether(block))
    document.build(story)
    return buffer.getvalue()


def _score(score: int | None) -> str:
    return "–" if score is None else str(score)
