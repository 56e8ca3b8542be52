"""d.m.yyyy, decimal comma, grouping with a no-break space, in every language."""

from datetime import date

import pytest

from ote.formatting import (
    format_count,
    format_date,
    format_number,
    format_percent,
    format_week,
    markdown_text,
    parse_date,
)

NBSP = "\u00a0"


def test_format_date():
    assert format_date(date(2026, 3, 5)) == "5.3.2026"
    assert format_date(date(2026, 11, 22)) == "22.11.2026"
    assert format_date(None) == ""


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_numbers_use_decimal_comma(language):
    assert format_number(18.5, 1, language) == "18,5"
    assert format_number(12345.678, 1, language) == f"12{NBSP}345,7"
    assert format_count(1093584, language) == f"1{NBSP}093{NBSP}584"
    assert format_percent(85.36, 0, language) == f"85{NBSP}%"
    assert format_number(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-30", date(2026, 6, 30)),
        ("30.6.2026", date(2026, 6, 30)),
        ("01.02.2026", date(2026, 2, 1)),
        (" 1.2.2026 ", date(2026, 2, 1)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.2.2026", "2026/06/30", "30.6.26", "", "huomenna"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_format_week_is_the_iso_week():
    assert format_week(date(2026, 11, 22)) == "vk 47/2026"  # a Sunday: still week 47
    assert format_week(date(2027, 1, 1), "fi") == "vk 53/2026"  # belongs to 2026's last week
    assert format_week(date(2026, 12, 28), "sv") == "v. 53/2026"
    assert format_week(date(2026, 1, 1), "en") == "wk 1/2026"


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Kahvila Oy", "Kahvila Oy"),
        ("*tärkeä* _nyt_", r"\*tärkeä\* \_nyt\_"),
        ("[linkki](http://x)", r"\[linkki\]\(http\://x\)"),
        (":red[punainen] $x$", r"\:red\[punainen\] \$x\$"),
        ("1. # <b>", r"1\. \# \<b\>"),
        (r"a\b", r"a\\b"),
    ],
)
def test_markdown_text_is_shown_literally(typed, escaped):
    assert markdown_text(typed) == escaped
