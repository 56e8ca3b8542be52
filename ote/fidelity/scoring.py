"""Scoring on the fidelity scale (DOMAIN.md §4): sub-criteria counts, totals, bands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from ote.models.fidelity import SUBCRITERIA_COUNT

ITEMS = tuple(range(1, 26))
LOWEST, HIGHEST = 25, 125


class Band(StrEnum):
    """The score bands of the scale's last page."""

    EXEMPLARY = "exemplary"  # 115–125 esimerkillinen taso
    GOOD = "good"  # 100–114 hyvä taso
    FAIR = "fair"  # 74–99 kohtalainen taso
    NOT_IPS = "not_ips"  # 73 or less: palvelu ei ole tuettua työllistymistä


BAND_LIMITS = ((115, Band.EXEMPLARY), (100, Band.GOOD), (74, Band.FAIR))


def score_from_subcriteria(item: int, met: int) -> int:
    """The item's score from how many of its sub-criteria are met: items 5, 8, 10 and 11
    (0–1 → 1, 2 → 2, … 5 → 5), item 13 (0 → 1, … 4 → 5), item 25 (≤ 2 → 1, 3 → 2, …
    6 → 5)."""
    if item not in SUBCRITERIA_COUNT:
        raise ValueError(f"item {item} is not scored by sub-criteria")
    if not 0 <= met <= SUBCRITERIA_COUNT[item]:
        raise ValueError(f"item {item} has {SUBCRITERIA_COUNT[item]} sub-criteria, not {met}")
    if item == 13:
        return met + 1
    if item == 25:
        return max(1, met - 1)
    return max(1, met)


def total(scores: Mapping[int, int | None]) -> int | None:
    """The sum of the 25 scores, None while any item is unscored."""
    values = [scores.get(item) for item in ITEMS]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def partial_total(scores: Mapping[int, int | None]) -> tuple[int, int]:
    """(sum of the scored items, how many are scored) – for a draft under way."""
    known = [v for v in (scores.get(item) for item in ITEMS) if v is not None]
    return sum(known), len(known)


def band(total_score: int | None) -> Band | None:
    """The band of a total: 115–125 exemplary, 100–114 good, 74–99 fair, ≤ 73 not IPS."""
    if total_score is None:
        return None
    for low, name in BAND_LIMITS:
        if total_score >= low:
            return name
    return Band.NOT_IPS


def subcriteria_items() -> Iterable[int]:
    return sorted(SUBCRITERIA_COUNT)
