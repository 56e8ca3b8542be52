"""Small counts in management views (DOMAIN.md §5): a count below the threshold (5 by
default) is shown as "< 5", also where it could be worked out from a total and the other
counts, so aggregates never point at a few identifiable clients."""

from __future__ import annotations

from collections.abc import Sequence

SMALL_COUNT = 5  # counts under this are suppressed


def is_small(count: int | None, threshold: int = SMALL_COUNT) -> bool:
    """A count that must not be shown: 1 … threshold − 1 (zero is not a person)."""
    return count is not None and 0 < count < threshold


def shown_count(count: int | None, threshold: int = SMALL_COUNT) -> str:
    """`12`, `0`, `< 5` or `–` (no figure)."""
    if count is None:
        return "–"
    return f"< {threshold}" if is_small(count, threshold) else str(count)


def suppressed_counts(
    counts: Sequence[int], total: int | None = None, threshold: int = SMALL_COUNT
) -> list[str]:
    """The parts of a whole, shown: small parts as `< 5`. When exactly one part is small and
    the total is shown, that part could be worked out (total − the others), so the smallest
    other non-zero part is suppressed too (complementary suppression)."""
    hidden = [is_small(count, threshold) for count in counts]
    if total is not None and sum(hidden) == 1:
        others = [
            (count, index) for index, count in enumerate(counts) if not hidden[index] and count > 0
        ]
        if others:
            hidden[min(others)[1]] = True
    return [
        f"< {threshold}" if hide else str(count) for count, hide in zip(counts, hidden, strict=True)
    ]


def rate_shown(part: int, whole: int, threshold: int = SMALL_COUNT) -> bool:
    """Whether a percentage part ÷ whole may be shown: not when the whole is small, nor when
    the part or the rest is (either would name a few clients)."""
    return not (
        is_small(whole, threshold) or is_small(part, threshold) or is_small(whole - part, threshold)
    )
