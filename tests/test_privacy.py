"""Small counts in management views are shown as "< 5" (DOMAIN.md §5)."""

import pytest

from ote.privacy import is_small, rate_shown, shown_count, suppressed_counts


@pytest.mark.parametrize(
    ("count", "shown"),
    [(None, "–"), (0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (123, "123")],
)
def test_a_count_under_five_is_shown_as_less_than_five(count, shown):
    assert shown_count(count) == shown
    assert is_small(count) == (shown == "< 5")


def test_the_threshold_is_a_setting():
    assert shown_count(9, threshold=10) == "< 10"
    assert shown_count(10, threshold=10) == "10"


@pytest.mark.parametrize(
    ("counts", "total", "shown"),
    [
        # Nothing small: all shown.
        ([10, 6, 7], 23, ["10", "6", "7"]),
        # One small part beside a total: the smallest other part goes too, or 23 − 10 − 7
        # would give it away.
        ([10, 3, 7], 20, ["10", "< 5", "< 5"]),
        # Two small parts hide each other already.
        ([10, 3, 2], 15, ["10", "< 5", "< 5"]),
        # Without a total shown, a small part alone is enough to hide.
        ([10, 3, 7], None, ["10", "< 5", "7"]),
        # Zeros are not people: never suppressed, and not chosen to hide another part.
        ([0, 3, 9], 12, ["0", "< 5", "< 5"]),
        ([0, 3], 3, ["0", "< 5"]),
    ],
)
def test_a_small_part_cannot_be_worked_out_from_the_total(counts, total, shown):
    assert suppressed_counts(counts, total) == shown


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(30, 100, True), (3, 100, False), (97, 100, False), (2, 4, False), (0, 20, True)],
)
def test_a_rate_is_shown_only_when_neither_side_is_small(part, whole, shown):
    assert rate_shown(part, whole) is shown
