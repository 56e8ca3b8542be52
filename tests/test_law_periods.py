"""Seed 004's rules for law-based coaching periods, on hand-built periods."""

from datetime import date, timedelta

from ote.metrics.law_periods import LawRule, Period, check_periods, counts_as_meeting

AS_OF = date(2027, 12, 31)


def weekly(start: date, end: date) -> list[date]:
    """A meeting on the first day of every 7-day block."""
    days = []
    day = start
    while day <= end:
        days.append(day)
        day += timedelta(days=7)
    return days


def rules(periods, meetings=None, as_of=AS_OF):
    if meetings is None:
        meetings = [d for p in periods for d in weekly(p.start, p.end)]
    return [b.rule for b in check_periods(periods, meetings, as_of)]


def test_a_valid_period():
    assert rules([Period(date(2026, 3, 1), date(2026, 5, 31))]) == []


def test_length_limits():
    # 14 days is the shortest: 1.3.–14.3. is fine, 1.3.–13.3. is not.
    assert rules([Period(date(2026, 3, 1), date(2026, 3, 14))]) == []
    assert rules([Period(date(2026, 3, 1), date(2026, 3, 13))]) == [LawRule.TOO_SHORT]
    # Four months: 1.3.–30.6. is fine, 1.3.–1.7. is one day too long.
    assert rules([Period(date(2026, 3, 1), date(2026, 6, 30))]) == []
    assert rules([Period(date(2026, 3, 1), date(2026, 7, 1))]) == [LawRule.TOO_LONG]


def test_at_most_two_consecutive_periods():
    first = Period(date(2026, 1, 1), date(2026, 2, 28))
    second = Period(date(2026, 3, 1), date(2026, 4, 30))
    third = Period(date(2026, 5, 7), date(2026, 5, 31))  # starts 7 days after: consecutive
    assert rules([first, second]) == []
    assert rules([first, second, third]) == [LawRule.TOO_MANY_CONSECUTIVE]
    later = Period(date(2026, 5, 8), date(2026, 5, 31))  # starts 8 days after: a new run
    assert LawRule.TOO_MANY_CONSECUTIVE not in rules([first, second, later])


def test_at_most_8_months_within_12():
    # 1.1.–30.4. (120 days) + 1.6.–30.9. (122 days) = 242 days;
    # 8 months from 1.1.2026 = 243 days: allowed.
    a = Period(date(2026, 1, 1), date(2026, 4, 30))
    b = Period(date(2026, 6, 1), date(2026, 9, 30))
    assert rules([a, b]) == []
    # A third period of 14 days starting 1.11. brings the window 1.1.–31.12. to 256 days.
    c = Period(date(2026, 11, 1), date(2026, 11, 14))
    assert rules([a, b, c]) == [LawRule.OVER_8_IN_12]
    # Moved into the next year (window from 1.1.2026 ends 31.12.2026), it is allowed:
    # from 1.6.2026 the window holds 122 + 14 days.
    c_late = Period(date(2027, 1, 1), date(2027, 1, 14))
    assert rules([a, b, c_late]) == []


def test_a_meeting_every_week():
    period = Period(date(2026, 3, 2), date(2026, 3, 29))  # four full blocks
    meetings = [date(2026, 3, 3), date(2026, 3, 12), date(2026, 3, 27)]  # none in 16.–22.3.
    breaks = check_periods([period], meetings, AS_OF)
    assert [(b.rule, b.detail) for b in breaks] == [(LawRule.WEEK_WITHOUT_MEETING, "2026-03-16")]


def test_weeks_not_over_yet_are_not_breaks():
    period = Period(date(2026, 3, 2), date(2026, 4, 30))
    meetings = [date(2026, 3, 3), date(2026, 3, 10)]
    # On 22.3. the blocks 2.3.–8.3. and 9.3.–15.3. are met, 16.3.–22.3. is not.
    breaks = check_periods([period], meetings, date(2026, 3, 22))
    assert [b.detail for b in breaks] == ["2026-03-16"]
    # On 21.3. that block is not over yet.
    assert check_periods([period], meetings, date(2026, 3, 21)) == []


def test_what_counts_as_a_meeting():
    assert counts_as_meeting("meeting", no_show=False)
    assert counts_as_meeting("follow_along", no_show=False)
    assert not counts_as_meeting("meeting", no_show=True)
    assert not counts_as_meeting("outreach_attempt", no_show=False)
    assert not counts_as_meeting("family_contact", no_show=False)
