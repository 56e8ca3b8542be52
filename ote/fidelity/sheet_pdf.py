"""An assessment as a PDF laid out like the score page of seed 003: the header fields, each
section's items with their scores, the total (Yhteispistemäärä) and band, the bands; the
reasons, sub-criteria and the records' evidence in an appendix."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether

from ote.enums import AssessmentKind
from ote.fidelity.assessments import Assessment
from ote.fidelity.scale import scale
from ote.formatting import format_date, format_number
from ote.i18n import translate

# The PDF's built-in fonts write Windows-1252; a few other signs get a plain stand-in.
_STAND_INS = {"≥": ">=", "≤": "<=", "→": "->", "←": "<-", "×": "x", "≈": "~", "−": "-"}


def _plain(text: str | None) -> str:
    if not text:
        return ""
    for sign, stand_in in _STAND_INS.items():
        text = text.replace(sign, stand_in)
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def assessment_pdf(assessment: Assessment, team_name: str, language: str = "fi") -> bytes:
    """The assessment's score sheet as PDF bytes."""
    texts = scale(language)
    t = lambda key, **params: translate(key, language, **params)  # noqa: E731
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5)
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontSize=12, spaceBefore=8)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=14, leading=18)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_plain(texts.title),
        author=_plain(team_name),
    )
    story = [Paragraph(_plain(texts.title), title)]
    if assessment.is_draft:
        story.append(Paragraph(_plain(t("fidelity.pdf.draft")), heading))
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
        _table(
            [[Paragraph(_plain(a), body), Paragraph(_plain(b), body)] for a, b in header],
            (45 * mm, 129 * mm),
        )
    )
    points = t("fidelity.pdf.points")
    for section in texts.sections:
        story.append(Paragraph(_plain(section.name), heading))
        rows = []
        for number in section.items:
            item = texts.items[number]
            score = assessment.items[number].score
            rows.append(
                [
                    Paragraph(_plain(f"{number}. {item.name}"), body),
                    Paragraph(_plain(f"{points} {score if score is not None else '–'}"), body),
                ]
            )
        story.append(_table(rows, (144 * mm, 30 * mm)))
    story.append(Spacer(1, 6 * mm))
    summary = f"{texts.sheet['total']}: {total if total is not None else '–'}"
    if total is not None:
        summary += f" – {texts.band_name(total)}"
    story.append(Paragraph(_plain(summary), heading))
    story.append(Paragraph(_plain(t("fidelity.pdf.bands")), body))
    for band in texts.bands:
        story.append(Paragraph(_plain(f"{band.low}–{band.high} = {band.name}"), body))
    story.append(PageBreak())
    story.append(Paragraph(_plain(t("fidelity.pdf.appendix")), title))
    for number in range(1, 26):
        item = texts.items[number]
        state = assessment.items[number]
        block = [
            Paragraph(
                _plain(f"{number}. {item.name} – {points} {_score(state.score)}"),
                heading,
            )
        ]
        if item.subcriteria:
            for index, text in enumerate(item.subcriteria, start=1):
                mark = "[x]" if index in state.met else "[ ]"
                block.append(Paragraph(_plain(f"{mark} {number}.{index} {text}"), small))
        if state.evidence:
            evidence = state.evidence
            value = evidence.get("value")
            shown = format_number(value, 1, language) if isinstance(value, int | float) else "–"
            suggested = evidence.get("suggested_score")
            block.append(
                Paragraph(
                    _plain(
                        t(
                            "fidelity.pdf.evidence",
                            value=shown,
                            n=evidence.get("n", ""),
                            suggested=suggested if suggested is not None else "–",
                            basis=evidence.get("basis", ""),
                        )
                    ),
                    small,
                )
            )
        block.append(
            Paragraph(
                _plain(f"{t('fidelity.pdf.reason')} {state.note or t('fidelity.pdf.no_reason')}"),
                body,
            )
        )
        story.append(KeepTogether(block))
    document.build(story)
    return buffer.getvalue()


def _score(score: int | None) -> str:
    return "–" if score is None else str(score)


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table
