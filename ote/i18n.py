"""The one translation layer: every UI string comes from `ote/locales/<language>/*.toml`.

A language's catalog is all the TOML files of its folder, one per area of the app (core,
enums, validation, one per record page), merged; a key defined twice is an error. Tables
are flattened to dotted keys (`[home]` + `title` = `home.title`);
`{name}` placeholders are filled with `str.format`. Finnish is the default; the fi, sv
and en catalogs hold the same keys (a test checks it), so a missing key is a bug and
shows as the key itself rather than breaking the page.
"""

from __future__ import annotations

import functools
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from ote.config import DEFAULT_LANGUAGE, LANGUAGES

LOCALES = Path(__file__).resolve().parent / "locales"

LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, dotted + "."))
        else:
            flat[dotted] = str(value)
    return flat


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Every key → text of one language."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.toml")):
        with path.open("rb") as handle:
            entries = _flatten(tomllib.load(handle))
        twice = sorted(set(entries) & set(merged))
        if twice:
            raise ValueError(f"{path}: keys defined in another file too: {', '.join(twice)}")
        merged.update(entries)
    return merged


def normalise_language(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    text = catalog(normalise_language(language)).get(key, key)
    return text.format(**params) if params else text


class Translator:
    """`t("home.title")` in one language; `t.enum(StaffRole.COACH)` for a code's label."""

    def __init__(self, language: str = DEFAULT_LANGUAGE):
        self.language = normalise_language(language)

    def __call__(self, key: str, **params: Any) -> str:
        return translate(key, self.language, **params)

    def enum(self, member: StrEnum | str, enum_class: type[StrEnum] | None = None) -> str:
        """The label of an enumeration value (`enum.<ClassName>.<value>`)."""
        cls = enum_class or type(member)
        return translate(f"enum.{cls.__name__}.{member}", self.language)
