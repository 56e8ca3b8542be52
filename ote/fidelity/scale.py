"""The fidelity scale's text as data: `ote/fidelity/scale/<language>.toml`, the seed's own
words (003, cleaned of extraction breaks) and faithful Swedish and English versions."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ote.config import DEFAULT_LANGUAGE
from ote.i18n import normalise_language

SCALE_FOLDER = Path(__file__).resolve().parent / "scale"


@dataclass(frozen=True)
class Item:
    number: int
    name: str
    definition: str
    anchors: tuple[str, str, str, str, str]  # index 0 = score 1
    subcriteria: tuple[str, ...]  # 5.1 … in order; empty for items scored directly
    section: str


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class BandText:
    low: int
    high: int
    name: str


@dataclass(frozen=True)
class Scale:
    language: str
    title: str
    instructions: str
    sheet: dict[str, str]
    bands: tuple[BandText, ...]
    sections: tuple[Section, ...]
    items: dict[int, Item]

    def band_name(self, total: int) -> str:
        return next(b.name for b in self.bands if b.low <= total <= b.high)


@functools.cache
def scale(language: str = DEFAULT_LANGUAGE) -> Scale:
    """The scale in `language` (Finnish if there is no such version)."""
    language = normalise_language(language)
    path = SCALE_FOLDER / f"{language}.toml"
    if not path.exists():
        path, language = SCALE_FOLDER / "fi.toml", "fi"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    sections = tuple(Section(s["key"], s["name"], tuple(s["items"])) for s in data["sections"])
    section_of = {number: s.key for s in sections for number in s.items}
    items = {
        i["number"]: Item(
            number=i["number"],
            name=i["name"],
            definition=i["definition"].strip(),
            anchors=tuple(a.strip() for a in i["anchors"]),
            subcriteria=tuple(c.strip() for c in i.get("subcriteria", [])),
            section=section_of[i["number"]],
        )
        for i in data["items"]
    }
    bands = tuple(BandText(b["low"], b["high"], b["name"]) for b in data["bands"])
    return Scale(
        language,
        data["title"],
        data["instructions"].strip(),
        dict(data["sheet"]),
        bands,
        sections,
        items,
    )
