"""`ote bench`: how fast OTE answers, measured – never asserted in a test.

For now it measures the metrics engine: for each of the chosen teams, the time to compute
every measure of the evidence output (`ote evidence`), first run and the median of the
following runs. Run it on a database with the `national` demo to see one team among 60.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ote import models as m
from ote.db import Database
from ote.metrics.evidence import evidence_document


@dataclass(frozen=True)
class EvidenceTiming:
    team_key: str
    first_ms: float
    median_ms: float
    runs: int


def evidence_timings(
    database: Database, as_of: date, teams: int = 3, runs: int = 5
) -> list[EvidenceTiming]:
    """Time `ote evidence` for the first, middle and last of the teams (up to `teams`)."""
    with database.read() as session:
        keys = list(session.execute(select(m.Team.key).order_by(m.Team.key)).scalars())
    if len(keys) > teams:
        step = (len(keys) - 1) / max(teams - 1, 1)
        keys = [keys[round(i * step)] for i in range(teams)]
    timings = []
    for key in keys:
        durations = []
        for _ in range(runs + 1):
            with database.read() as session:
                began = time.perf_counter()
                evidence_document(session, key, as_of)
                durations.append((time.perf_counter() - began) * 1000)
        timings.append(EvidenceTiming(key, durations[0], statistics.median(durations[1:]), runs))
    return timings
