"""Checking input before anything is written: typed values, one message per problem.

A `FieldError` names the field (a form field or interchange column) and carries a
message key under `validation.` in the translation catalogs; the message itself does
not repeat the field's name, so a form can show "Päivämäärä: …" and an import report
"employer_contacts.csv:12: date: …". Warnings are shown but do not stop the save.

The parsers read the interchange format's cells (`shared/spec/interchange.md`): dates
`YYYY-MM-DD` or `d.m.yyyy`, booleans `1/0`, `true/false`, `kyllä/ei`, `yes/no`, decimals
with `.` or `,`; an empty cell is no value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ote.config import DEFAULT_LANGUAGE
from ote.formatting import format_date, format_params, parse_date
from ote.i18n import translate
from ote.identity_codes import contains_identity_code
from ote.models.clients import CLIENT_CODE_MAX_LENGTH, CLIENT_CODE_MIN_LENGTH

CLIENT_CODE = re.compile(
    rf"^[A-Za-z0-9ÅÄÖåäö-]{{{CLIENT_CODE_MIN_LENGTH},{CLIENT_CODE_MAX_LENGTH}}}$"
)
TRUE_WORDS = frozenset({"1", "true", "kyllä", "yes"})
FALSE_WORDS = frozenset({"0", "false", "ei", "no"})


@dataclass(frozen=True)
class FieldError:
    field: str
    key: str  # validation.<key> in the catalogs
    params: dict[str, Any] = field(default_factory=dict)
    warning: bool = False

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        return render(self.key, self.params, language)


def render(key: str, params: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> str:
    """The message `validation.<key>` with its values written as the UI writes them."""
    shown = {
        name: shown_value(value) if isinstance(value, str) else value
        for name, value in format_params(params, language).items()
    }
    if "other" in shown:  # another field, named by its label
        shown["other"] = translate(f"field.{params['other']}", language)
    return translate(f"validation.{key}", language, **shown)


class ValidationFailed(ValueError):
    """Raised by a save that found errors; nothing was written."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message()}" for e in errors))
        self.errors = errors


class ParseError(ValueError):
    """A cell that cannot be read as its column's type; `key` and `params` as FieldError."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params


def only_errors(problems: Iterable[FieldError]) -> list[FieldError]:
    return [p for p in problems if not p.warning]


def raise_if_errors(problems: Iterable[FieldError]) -> list[FieldError]:
    """Raise ValidationFailed for the errors; return the warnings."""
    problems = list(problems)
    errors = only_errors(problems)
    if errors:
        raise ValidationFailed(errors)
    return [p for p in problems if p.warning]


# ---------------------------------------------------------------------- parsers
def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except ValueError:
        raise ParseError("not_a_date", value=shown_value(value)) from None


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ParseError("not_a_boolean", value=shown_value(value))


def read_decimal(value: Any) -> float:
    if isinstance(value, bool):
        raise ParseError("not_a_number", value=str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ParseError("not_a_number", value=str(value))
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ParseError("not_a_number", value=shown_value(value)) from None
    if not math.isfinite(number):  # "inf", "nan", "1e400": no figure a record can hold
        raise ParseError("not_a_number", value=shown_value(value))
    return number


def read_int(value: Any) -> int:
    number = read_decimal(value)
    if number != int(number):
        raise ParseError("not_a_whole_number", value=shown_value(value))
    return int(number)


SHOWN_VALUE_LENGTH = 60


def shown_value(value: Any) -> str:
    """A bad value as a message repeats it: at most SHOWN_VALUE_LENGTH characters."""
    text = str(value)
    if len(text) > SHOWN_VALUE_LENGTH:
        return text[: SHOWN_VALUE_LENGTH - 1] + "…"
    return text


def read_text(value: Any) -> str:
    if isinstance(value, float) and value == int(value):
        value = int(value)  # a spreadsheet cell holding 12 comes as 12.0
    return str(value).strip()


# ----------------------------------------------------------------------- checks
def required(name: str, value: Any) -> list[FieldError]:
    return [FieldError(name, "required")] if is_blank(value) else []


def text(name: str, value: str | None, max_length: int) -> list[FieldError]:
    """Free text: not too long, and no personal identity code (the code is not echoed)."""
    if not value:
        return []
    if contains_identity_code(value):
        return [FieldError(name, "identity_code")]
    if len(value) > max_length:
        return [FieldError(name, "too_long", {"maximum": max_length, "length": len(value)})]
    return []


def client_code(name: str, value: str | None) -> list[FieldError]:
    if not value:
        return []
    if contains_identity_code(value):
        return [FieldError(name, "identity_code")]
    if not CLIENT_CODE.match(value):
        return [
            FieldError(
                name,
                "client_code_format",
                {"minimum": CLIENT_CODE_MIN_LENGTH, "maximum": CLIENT_CODE_MAX_LENGTH},
            )
        ]
    return []


def whole_number(name: str, value: Any) -> list[FieldError]:
    """A count (minutes, a score, an item) must be whole; a table cell's 45.0 is fine."""
    if value is None:
        return []
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    ):
        return [FieldError(name, "not_a_whole_number", {"value": str(value)})]
    return []


def one_of(
    name: str, value: str | None, allowed: type[StrEnum] | Iterable[str]
) -> list[FieldError]:
    if value is None:
        return []
    choices = [m.value for m in allowed] if isinstance(allowed, type) else list(allowed)
    if value not in choices:
        return [FieldError(name, "not_allowed", {"value": value, "allowed": ", ".join(choices)})]
    return []


def in_range(name: str, value: float | None, low: float, high: float) -> list[FieldError]:
    if value is None or low <= value <= high:
        return []
    return [FieldError(name, "out_of_range", {"value": value, "low": low, "high": high})]


def not_future(name: str, value: date | None, today: date) -> list[FieldError]:
    if value is None or value <= today:
        return []
    return [FieldError(name, "future_date", {"date": format_date(value)})]


def not_before(
    later_name: str, later: date | None, earlier_name: str, earlier: date | None
) -> list[FieldError]:
    """The later date may not be before the earlier one (reported on the later field)."""
    if later is None or earlier is None or later >= earlier:
        return []
    return [
        FieldError(
            later_name,
            "before",
            {"date": format_date(later), "other": earlier_name, "other_date": format_date(earlier)},
        )
    ]
