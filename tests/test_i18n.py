"""The translation layer: complete fi/sv/en catalogs and every key the code uses present."""

import re
from pathlib import Path

import pytest

from ote import enums
from ote.i18n import Translator, catalog, translate

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"{(\w+)}")


def test_catalogs_have_the_same_keys():
    finnish = catalog("fi")
    for language in ("sv", "en"):
        assert list(catalog(language)) == list(finnish), language


@pytest.mark.parametrize("language", ["sv", "en"])
def test_placeholders_match_and_nothing_is_left_blank(language):
    for key, text in catalog("fi").items():
        other = catalog(language)[key]
        assert other.strip(), key
        assert sorted(PLACEHOLDER.findall(other)) == sorted(PLACEHOLDER.findall(text)), key


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_enumeration_value_has_a_label(language):
    missing = [
        f"enum.{cls.__name__}.{member.value}"
        for cls in vars(enums).values()
        if isinstance(cls, type) and issubclass(cls, enums.StrEnum) and cls is not enums.StrEnum
        for member in cls
        if f"enum.{cls.__name__}.{member.value}" not in catalog(language)
    ]
    assert missing == []


def used_keys() -> set[str]:
    """Literal keys passed to t(...) or translate(...) in app.py, pages/ and ote/."""
    keys = set()
    files = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ote/**/*.py")]
    pattern = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+(?:\.[a-zA-Z0-9_:]+)+)["']""")
    for path in files:
        keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_used_in_the_code_exists():
    keys = used_keys()
    assert len(keys) > 20  # the scan finds the calls
    assert sorted(keys - set(catalog("fi"))) == []


def test_dynamic_record_kind_keys_exist():
    from ote.records_overview import record_counts  # noqa: F401 - kinds are listed there

    source = (ROOT / "ote" / "records_overview.py").read_text(encoding="utf-8")
    kinds = re.findall(r'\(\s*"([a-z_]+)",\s*m\.', source)
    assert len(kinds) == 16
    for kind in kinds:
        assert f"records.kind.{kind}" in catalog("fi")


def test_translator():
    t = Translator("sv")
    assert t("nav.home") != translate("nav.home", "fi")
    assert Translator("xx").language == "fi"  # unknown languages fall back to Finnish
    assert t("home.snapshot_heading", team="A", date="1.2.2026").count("1.2.2026") == 1
    assert Translator("fi").enum(enums.StaffRole.COACH) == "Työhönvalmentaja"
    assert t("no.such.key") == "no.such.key"
