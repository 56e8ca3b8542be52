"""The reportlab set-up the PDFs share: the score sheet (`ote.fidelity.sheet_pdf`), the
management briefing (`ote.briefing_pdf`) and the purchaser report (`ote.purchaser_report`).

All of them use reportlab's built-in fonts, which write Windows-1252, so every text goes
through `plain` before it becomes a Paragraph. The page is A4 with 18 mm side margins
(`WIDTH` is what is left for the text); `styles` gives the paragraph styles, `table` a
lined table of flowables, `document` the document template and `paragraph` a text made
`plain` as a Paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

SIDE_MARGIN = 18 * mm
WIDTH = 174 * mm  # A4 (210 mm) less the side margins

# The PDF's built-in fonts write Windows-1252; a few other signs get a plain stand-in.
_STAND_INS = {"≥": ">=", "≤": "<=", "→": "->", "←": "<-", "×": "x", "≈": "~", "−": "-"}


def plain(text: str | None) -> str:
    """`text` as the built-in fonts can write it and as Paragraph markup reads it: the signs
    in `_STAND_INS` replaced by plain ones, any other sign outside Windows-1252 by "?", and
    &, < and > escaped. None and "" give ""."""
    if not text:
        return ""
    for sign, stand_in in _STAND_INS.items():
        text = text.replace(sign, stand_in)
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a PDF: running text, smaller notes, section headings and
    the document's title."""

    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle


def styles(
    *, title: tuple[float, float] = (14, 18), small: tuple[float, float] = (8.5, 10.5)
) -> Styles:
    """The paragraph styles on reportlab's sample style sheet: body 9.5/12 pt, heading 12 pt
    with 8 pt before it; the title's and the small text's (font size, leading) as given."""
    sample = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sample["BodyText"], fontSize=9.5, leading=12)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=small[0], leading=small[1]),
        heading=ParagraphStyle("heading", parent=sample["Heading2"], fontSize=12, spaceBefore=8),
        title=ParagraphStyle("title", parent=sample["Title"], fontSize=title[0], leading=title[1]),
    )


def table(rows: Sequence[Sequence], widths: Sequence[float]) -> Table:
    """The rows of flowables (or texts) as a table of the column `widths`: cells aligned to
    the top, a thin grey line under each row, 2 pt padding above and below."""
    shown = Table(rows, colWidths=widths)
    shown.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return shown


def document(
    buffer: IO[bytes], title: str, author: str, vertical_margin_mm: float = 16
) -> SimpleDocTemplate:
    """An A4 document written to `buffer`: 18 mm side margins, `vertical_margin_mm` at the
    top and bottom, and the `title` and `author` (made `plain`) in its metadata."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=vertical_margin_mm * mm,
        bottomMargin=vertical_margin_mm * mm,
        title=plain(title),
        author=plain(author),
    )


def paragraph(text: str | None, style: ParagraphStyle) -> Paragraph:
    """`text` made `plain` as a Paragraph of `style`."""
    return Paragraph(plain(text), style)
