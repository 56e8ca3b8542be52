"""Dates, numbers and weeks as OTE shows them: d.m.yyyy, decimal comma, ISO weeks.

All three UI languages use the Finnish conventions (Babel's fi_FI, sv_FI and en_FI
locales): a team in Finland reads "18,5" and "5.3.2026" whatever language it works in.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from ote.config import DEFAULT_LANGUAGE
from ote.i18n import translate

BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def format_date(day: date | None) -> str:
    """`5.3.2026`; an empty string for no date."""
    if day is None:
        return ""
    return f"{day.day}.{day.month}.{day.year}"


def parse_date(text: str) -> date:
    """A date written `YYYY-MM-DD` or `d.m.yyyy`. Raises ValueError for anything else."""
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_FINNISH_DATE, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
            year, month, day = (parts[i] for i in order)
            return date(year, month, day)  # ValueError for 31.2.2026
    raise ValueError(f"not a date: {text!r} (use d.m.yyyy or YYYY-MM-DD)")


def format_number(value: float | None, decimals: int = 1, language: str = DEFAULT_LANGUAGE) -> str:
    """`1 234,5` – grouped with a no-break space, decimal comma; empty for no value."""
    if value is None:
        return ""
    pattern, locale = _number_format(decimals, BABEL_LOCALES.get(language, "fi_FI"))
    return pattern.apply(value, locale)


@functools.cache
def _number_format(decimals: int, locale: str) -> tuple[NumberPattern, Locale]:
    """Babel's parsed pattern and locale (what `babel.numbers.format_decimal` parses again
    on every call: a page formats hundreds of figures)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else "")), Locale.parse(
        locale
    )


def format_count(value: int | None, language: str = DEFAULT_LANGUAGE) -> str:
    return format_number(value, 0, language)


def format_percent(value: float | None, decimals: int = 0, language: str = DEFAULT_LANGUAGE) -> str:
    """A percentage given as 0–100: `85 %` (with a no-break space, as Finnish writes it)."""
    if value is None:
        return ""
    return f"{format_number(value, decimals, language)}\u00a0%"


def format_figure(
    value: float | None, language: str = DEFAULT_LANGUAGE, percent: bool = False
) -> str:
    """A figure as a page shows it: `21,4`, `85 %` (`percent`), or `–` when there is none."""
    if value is None:
        return "–"
    return format_percent(value, 0, language) if percent else format_number(value, 1, language)


def format_params(params: dict, language: str = DEFAULT_LANGUAGE) -> dict:
    """Values for a message: numbers grouped, floats with a decimal comma and at most two
    decimals (1,5 – not 1.50), dates as d.m.yyyy; everything else as it is."""
    shown = {}
    for name, value in params.items():
        if isinstance(value, int) and not isinstance(value, bool):
            shown[name] = format_count(value, language)
        elif isinstance(value, float):
            decimals = next((d for d in (0, 1, 2) if round(value, d) == value), 2)
            shown[name] = format_number(value, decimals, language)
        elif isinstance(value, date):
            shown[name] = format_date(value)
        else:
            shown[name] = value
    return shown


def format_week(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """The ISO week of a day as the UI writes it: `vk 53/2026` for 1.1.2027 in Finnish."""
    year, week, _ = day.isocalendar()
    return translate("format.week", language, week=week, year=year)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown_text(text: str) -> str:
    """User-typed text made literal inside Markdown: every character Markdown (or
    Streamlit's extensions: colours, icons, LaTeX) would read as syntax is escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
