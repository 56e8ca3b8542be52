"""Demo data: `ote demo [--scale team|region|national] [--seed N]`.

A deterministic, realistic history of invented Finnish job-coaching teams, for trying
OTE out and for measuring it. Every demo team is marked `is_demo`, its name says so,
and the app shows a banner whenever a demo team is on screen.

- `team`: one team – a team leader, 6 coaches (one part-time), a job finder and a
  benefits counsellor, about 110 active clients, two years of history;
- `region`: 3 teams with 14 coaches, five years;
- `national`: 60 teams with 600 coaches, five years (about a million employer contacts),
  written in bulk.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, text

from ote import models
from ote.auth.users import add_demo_accounts
from ote.calendar import add_months
from ote.data_version import EVERYTHING, raise_versions
from ote.db import Database
from ote.demo import vocabulary as words
from ote.demo.simulation import Ids, PlantedBreak, Rows, TeamSimulation
from ote.teams import delete_team


@dataclass(frozen=True)
class Scale:
    name: str
    coaches_per_team: tuple[int, ...]
    years: int


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", (2,), 1),  # for `ote bench --quick` and quick checks
    "team": Scale("team", (6,), 2),
    "region": Scale("region", (5, 5, 4), 5),
    "national": Scale("national", (10,) * 60, 5),
}

# The `team` scale's six coaches make face-to-face employer contacts about job seekers at
# these weekly rates: two reach item 17's target of 6, the others fall short by degrees
# (the last one is part-time).
TEAM_SCALE_RATES = (6.8, 6.3, 5.4, 4.5, 3.3, 2.6)

# Tables in an order that satisfies every foreign key.
INSERT_ORDER = tuple(table.name for table in models.metadata.sorted_tables)


class DemoError(RuntimeError):
    """The demo cannot be written as asked (for example demo teams already exist)."""


@dataclass
class DemoSummary:
    scale: str
    seed: int
    end_date: date
    team_keys: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    planted_breaks: list[PlantedBreak] = field(default_factory=list)
    seconds: float = 0.0
    accounts: list[str] = field(default_factory=list)  # demo user accounts (team 1)


def team_key(scale: Scale, index: int) -> str:
    if len(scale.coaches_per_team) == 1:
        return "DEMO"
    width = len(str(len(scale.coaches_per_team)))
    return f"DEMO{index + 1:0{width}d}"


def demo_team_ids(database: Database) -> list[int]:
    with database.read() as session:
        return list(session.execute(select(models.Team.id).where(models.Team.is_demo)).scalars())


def generate(
    database: Database,
    *,
    scale: str = "team",
    seed: int = 1,
    end_date: date | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Write the demo teams of `scale` into `database` (already migrated).

    The history ends on `end_date` (today by default). Existing demo teams are an error
    unless `replace` is set, which deletes them first; other teams are never touched.
    """
    if scale not in SCALES:
        raise DemoError(f"unknown scale {scale!r}; choose one of: {', '.join(SCALES)}")
    spec = SCALES[scale]
    end = end_date or date.today()
    began = time.perf_counter()
    existing = demo_team_ids(database)
    if existing and not replace:
        raise DemoError(
            f"the database already holds {len(existing)} demo team(s); "
            "use --replace to write the demo again"
        )
    for team_id in existing:
        with database.write() as session:
            delete_team(session, team_id)
    keys = [team_key(spec, i) for i in range(len(spec.coaches_per_team))]
    with database.read() as session:
        taken = set(
            session.execute(select(models.Team.key).where(models.Team.key.in_(keys))).scalars()
        )
    if taken:
        raise DemoError(f"team key(s) {', '.join(sorted(taken))} are in use by non-demo teams")

    summary = DemoSummary(scale=spec.name, seed=seed, end_date=end, team_keys=keys)
    history_start = add_months(end, -12 * spec.years)
    with database.write() as session:
        connection = session.connection()
        ids = Ids(_next_ids(connection))
        for index, coaches in enumerate(spec.coaches_per_team):
            rows = Rows()
            town = words.TOWNS[index % len(words.TOWNS)]
            name = f"Demotiimi {town}" if len(keys) > 1 else "Demotiimi (esittelyaineisto)"
            simulation = TeamSimulation(
                rng=random.Random(f"ote-demo/{seed}/{index}"),
                ids=ids,
                rows=rows,
                team_key=keys[index],
                team_name=name,
                region=words.REGIONS[index % len(words.REGIONS)],
                town=town,
                coach_count=coaches,
                history_start=history_start,
                end=end,
                preset_rates=TEAM_SCALE_RATES if spec.name == "team" else None,
            )
            simulation.run()
            _insert(connection, rows)
            for table, table_rows in rows.tables.items():
                summary.rows[table] = summary.rows.get(table, 0) + len(table_rows)
            summary.planted_breaks.extend(simulation.planted)
            if progress:
                progress(f"{keys[index]}: {sum(len(r) for r in rows.tables.values())} rows")
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    with database.write() as session:
        summary.accounts = add_demo_accounts(session, keys[0])
        raise_versions(session.connection(), [EVERYTHING])  # written past the session
    if database.is_sqlite:
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
    else:
        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    summary.seconds = time.perf_counter() - began
    return summary


def _next_ids(connection) -> dict[str, int]:
    start = {}
    for table in models.metadata.sorted_tables:
        if "id" in table.c:
            highest = connection.execute(select(func.max(table.c.id))).scalar()
            start[table.name] = (highest or 0) + 1
    return start


def _insert(connection, rows: Rows) -> None:
    for name in INSERT_ORDER:
        table_rows = rows.tables.get(name)
        if not table_rows:
            continue
        table = models.metadata.tables[name]
        for first in range(0, len(table_rows), 20_000):
            connection.execute(table.insert(), table_rows[first : first + 20_000])


def _reset_sequences(connection) -> None:
    for table in models.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
