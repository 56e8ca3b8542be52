"""The management briefing (`ote.briefing`) as a one-to-two-page A4 PDF in the briefing's
language, for the steering group to take to its meeting: the fidelity total and band over
time, the results per quarter against the IPS benchmarks, this quarter's goals, the steering
group's actions by status, the next meeting and assessment, and how small counts are shown.

Every table comes from the display helpers of `ote.briefing`, so the PDF suppresses exactly
what the page does. Made with the set-up the PDFs share (`ote.pdf`): reportlab's built-in
fonts, Windows-1252 text with plain stand-ins for the other signs.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from ote.briefing import (
    Briefing,
    actions_table,
    assessment_text,
    benchmarks_text,
    fidelity_table,
    goals_table,
    privacy_notes,
    results_table,
    steering_text,
)
from ote.formatting import format_date
from ote.i18n import Translator
from ote.pdf import WIDTH, document, paragraph, styles


def briefing_pdf(b: Briefing) -> bytes:
    """The briefing as PDF bytes."""
    t = Translator(b.language)
    shared = styles(title=(15, 19), small=(8, 10))
    body, small, heading, title = shared.body, shared.small, shared.heading, shared.title
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    number = ParagraphStyle("number", parent=cell, alignment=2)  # right
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    head_number = ParagraphStyle("head_number", parent=head, alignment=2)

    def para(text: str, style=body) -> Paragraph:
        return paragraph(text, style)

    def table(rows: list[list[str]], widths: list[float], numbers: set[int]) -> Table:
        """A table of text cells: the header row bold, the columns `numbers` to the right."""
        styles_of = ((head, head_number), (cell, number))
        cells = [
            [para(text, styles_of[i > 0][j in numbers]) for j, text in enumerate(row)]
            for i, row in enumerate(rows)
        ]
        shown = Table(cells, colWidths=widths, repeatRows=1)
        shown.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return shown

    team_title = t("briefing.subtitle", team=b.team_name, date=format_date(b.as_of))
    buffer = io.BytesIO()
    name = f"{t('briefing.title')}: {team_title}"
    pdf = document(buffer, name, b.team_name, vertical_margin_mm=14)
    story = [para(t("briefing.title"), title), para(team_title, heading)]

    # Fidelity total and band over time, and the next assessment (items 11.2, 10.5).
    fidelity = [para(t("briefing.fidelity.heading"), heading)]
    if b.fidelity:
        fidelity.append(table(fidelity_table(b, t), [40 * mm, 30 * mm, 104 * mm], {1}))
    else:
        fidelity.append(para(t("briefing.fidelity.no_history")))
    fidelity.append(Spacer(1, 2 * mm))
    fidelity.append(para(assessment_text(b, t)))
    story.append(KeepTogether(fidelity))

    # Results per quarter against the benchmarks.
    rows = results_table(b, t)
    columns = len(rows[0]) - 1
    label = 52 * mm
    story += [
        para(t("briefing.results.heading"), heading),
        para(t("briefing.results.intro")),
        para(benchmarks_text(b, t), small),
        Spacer(1, 2 * mm),
        table(rows, [label] + [(WIDTH - label) / columns] * columns, set(range(1, columns + 1))),
    ]

    # This quarter's goals.
    goals = [para(t("briefing.goals.heading", quarter=b.goal_quarter), heading)]
    if b.goals:
        if not all(goal.final for goal in b.goals):
            goals.append(para(t("briefing.goals.running"), small))
        goals.append(table(goals_table(b, t), [80 * mm, 28 * mm, 28 * mm, 38 * mm], {1, 2}))
    else:
        goals.append(para(t("briefing.goals.none", quarter=b.goal_quarter)))
    story.append(KeepTogether(goals))

    # The steering group: actions by status, the next meeting and assessment.
    steering = [
        para(t("briefing.actions.heading"), heading),
        table(actions_table(b, t), [80 * mm, 30 * mm], {1}),
        para(t("briefing.steering.heading"), heading),
        para(steering_text(b, t)),
        para(assessment_text(b, t)),
    ]
    story.append(KeepTogether(steering))

    # How small counts are shown.
    story.append(Spacer(1, 4 * mm))
    story += [para(line, small) for line in privacy_notes(b, t)]
    pdf.build(story)
    return buffer.getvalue()
