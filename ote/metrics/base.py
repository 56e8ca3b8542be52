"""What every measure returns, and the pieces they share: score bands, windows.

A `Measure` carries the unrounded value (a percentage as 0–100), how many records it
rests on (`n`), the window it used, the suggested score on the fidelity item's anchors
(None where the window holds no records: too thin to say anything, DOMAIN.md §4), and a
`basis` – what was counted – built in the UI language from the catalogs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ote.calendar import window
from ote.config import DEFAULT_LANGUAGE
from ote.formatting import format_params
from ote.i18n import translate


@dataclass(frozen=True)
class Measure:
    key: str  # the measure's name in the catalogs: metrics.<key>.*
    item: str | None  # fidelity item or sub-criterion it evidences ("17", "8.2"), or a seed
    value: float | None
    unit: str  # English unit of the evidence output: "clients per FTE", "%", "days", …
    n: int
    first: date | None  # the window; first None for a measure "on" one date
    last: date
    suggested_score: int | None = None
    met: bool | None = None  # a sub-criterion (8.2, 11.3, …): whether the records show it met
    details: Any = None  # per-coach rows, waiting clients, … (never in the evidence JSON)
    basis_params: dict[str, Any] = field(default_factory=dict)

    @property
    def window_text(self) -> str:
        """`on 2026-06-30` or `2025-07-01..2026-06-30`, as the evidence output writes it."""
        if self.first is None:
            return f"on {self.last.isoformat()}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def basis(self, language: str = DEFAULT_LANGUAGE) -> str:
        params = format_params(self.basis_params, language)
        return translate(f"metrics.{self.key}.basis", language, **params)

    def name(self, language: str = DEFAULT_LANGUAGE) -> str:
        return translate(f"metrics.{self.key}.name", language)


def days_window(as_of: date, days: int) -> tuple[date, date]:
    """The last `days` days up to and including `as_of`."""
    return window(as_of, days)


def percent(part: int | float, whole: int | float) -> float | None:
    """part ÷ whole × 100, None for an empty whole."""
    return None if not whole else 100.0 * part / whole


BAND_PRECISION = 9  # decimals a value is compared with a band limit at


def score_at_most(value: float | None, limits: Sequence[float]) -> int | None:
    """Bands where lower is better: `limits` are the upper bounds of scores 5, 4, 3, 2
    (caseload: 20, 25, 30, 40 → ≤ 20 is 5, … above 40 is 1). The value is compared at 9
    decimals, so that 26 ÷ (0.6 + 0.7) – 20.000000000000004 in binary floating point – is
    the 20.0 it is and scores 5."""
    if value is None:
        return None
    value = round(value, BAND_PRECISION)
    for score, limit in zip((5, 4, 3, 2), limits, strict=True):
        if value <= limit:
            return score
    return 1


def score_at_least(value: float | None, limits: Sequence[float]) -> int | None:
    """Bands where higher is better: `limits` are the lower bounds of scores 5, 4, 3, 2
    (coaching share: 96, 90, 75, 60 → ≥ 96 is 5, … below 60 is 1). Fewer limits leave the
    lower scores out (referrals: 90, 75, 50 → below 50 is 2). Compared at 9 decimals, as
    `score_at_most`."""
    if value is None:
        return None
    value = round(value, BAND_PRECISION)
    scores = (5, 4, 3, 2)[: len(limits)]
    for score, limit in zip(scores, limits, strict=True):
        if value >= limit:
            return score
    return scores[-1] - 1
