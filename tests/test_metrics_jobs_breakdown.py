"""Hand-computed tests of the jobs breakdowns (items 19–21): jobs by type and by employer,
the competitive/permanent mix, tenure, end reasons and jobs started per month; and their
agreement with the fidelity measures of `ote.metrics.jobs` on the same rows. Every expected
figure is worked out by hand in a comment beside it.

As-of date: Tuesday 2026-06-30; its 365-day window is 2025-07-01 … 2026-06-30, the window
the breakdowns are asked for. A job's days are counted with both its start and its end
date included (31.1.–1.2. is 2 days).

Team "A" – its clients' jobs (E = the team's employer "Työnantaja A", K = "Kauppa Oy",
K2 = another employer also named "Kauppa Oy", S = "Sairaala"; c = competitive,
p = permanent):

| job | type     | empl. | c p | start      | end        | end reason            | days on 30.6. |
|-----|----------|-------|-----|------------|------------|-----------------------|---------------|
| J1  | siivous  | K     | c – | 2025-07-01 | 2025-09-28 | määräaikainen päättyi | 90 (31+31+28) |
| J2  | siivous  | K     | – p | 2025-08-01 | 2025-10-28 | –                     | 89 (31+30+28) |
| J3  | myynti   | E     | c p | 2025-10-01 | 2026-03-29 | irtisanoutui          | 180           |
| J4  | myynti   | S     | c p | 2025-12-15 | 2026-06-11 | irtisanoutui          | 179           |
| J5  | hoiva    | S     | c p | 2026-01-10 | –          |                       | 172 ongoing   |
| J6  | hoiva    | E     | c – | 2026-04-01 | 2026-08-31 | määräaikainen päättyi | 91 ongoing    |
| J7  | varasto  | K2    | – – | 2026-06-30 | –          |                       | 1 ongoing     |
| J8  | Siivous  | K     | c p | 2026-05-02 | 2026-06-30 | –                     | 60 (30+30)    |

J3: 31 + 30 + 31 + 31 + 28 + 29 = 180 (Oct … 29.3.); J4: 17 + 31 + 28 + 31 + 30 + 31 + 11 = 179
(15.12. … 11.6.); J5: 22 + 28 + 31 + 30 + 31 + 30 = 172 (10.1. … 30.6.); J6: 30 + 31 + 30 = 91.

Outside the start window: J0 2025-06-30 … 2025-07-15 "koeaika purettiin" (ended in it),
J9 starts 2026-07-01, J10 2025-05-01 … 2025-06-30 "irtisanoutui" (ended the day before it),
J11 2025-01-01 … 2025-12-31 with the blank reason "  " (ended in it).

Team "B" has jobs of the same types, with employer K and the same end reasons, in the same
window: none of them is ever counted for team A.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from team_builder import TeamBuilder

from ote import models as m
from ote.metrics.jobs import (
    Count,
    JobMix,
    Tenure,
    competitive_permanent_jobs,
    employer_diversity,
    end_reasons,
    job_counts,
    job_mix,
    job_type_diversity,
    jobs_by_employer,
    jobs_by_type,
    jobs_per_month,
    tenure,
)

D = date(2026, 6, 30)  # the as-of date, and `on` of the tenure
FIRST = date(2025, 7, 1)  # 2026-06-30 − 364 days
LAST = D


JOB_KEYS = itertools.count(1)


def add_job(
    b: TeamBuilder,
    client: int,
    job_type: str,
    employer: int,
    start: date,
    end: date | None = None,
    reason: str | None = None,
    *,
    competitive: bool = True,
    permanent: bool = True,
) -> None:
    """A job of `client` with `employer` (an id), keyed "{team key}-X{n}"."""
    b.s.add(
        m.Job(
            key=f"{b.key}-X{next(JOB_KEYS)}",
            client_id=client,
            employer_id=employer,
            title="Työ",
            job_type=job_type,
            start_date=start,
            end_date=end,
            end_reason=reason,
            competitive=competitive,
            permanent=permanent,
        )
    )


def add_employer(s, key: str, name: str) -> int:
    row = m.Employer(key=key, name=name)
    s.add(row)
    s.flush()
    return row.id


FIXED = "määräaikainen päättyi"
QUIT = "irtisanoutui"
TRIAL = "koeaika purettiin"


@pytest.fixture
def teams(database):
    ids: dict[str, int] = {}
    with database.write() as s:
        a = TeamBuilder(s, "A", ["Aino"])  # its employer E is "Työnantaja A"
        k = add_employer(s, "X-K", "Kauppa Oy")
        k2 = add_employer(s, "X-K2", "Kauppa Oy")  # same name, another employer
        sh = add_employer(s, "X-S", "Sairaala")
        e = a.employer_id
        c1, c2, c3, c4, c5 = (a.client(f"A-{i:02d}") for i in range(1, 6))
        no = {"competitive": False}
        fixed = {"permanent": False}
        add_job(a, c1, "siivous", k, date(2025, 7, 1), date(2025, 9, 28), FIXED, **fixed)  # J1
        add_job(a, c2, "siivous", k, date(2025, 8, 1), date(2025, 10, 28), **no)  # J2
        add_job(a, c1, "myynti", e, date(2025, 10, 1), date(2026, 3, 29), QUIT)  # J3
        add_job(a, c3, "myynti", sh, date(2025, 12, 15), date(2026, 6, 11), QUIT)  # J4
        add_job(a, c3, "hoiva", sh, date(2026, 1, 10))  # J5
        add_job(a, c4, "hoiva", e, date(2026, 4, 1), date(2026, 8, 31), FIXED, **fixed)  # J6
        add_job(a, c5, "varasto", k2, D, **no, **fixed)  # J7
        add_job(a, c2, "Siivous", k, date(2026, 5, 2), D)  # J8
        add_job(a, c4, "siivous", k, date(2025, 6, 30), date(2025, 7, 15), TRIAL)  # J0
        add_job(a, c5, "siivous", k, date(2026, 7, 1))  # J9
        add_job(a, c5, "myynti", k, date(2025, 5, 1), date(2025, 6, 30), QUIT)  # J10
        add_job(a, c1, "myynti", k, date(2025, 1, 1), date(2025, 12, 31), "  ")  # J11

        b = TeamBuilder(s, "B", ["Bo"])  # its employer is "Työnantaja B"
        d1, d2 = b.client("B-01"), b.client("B-02")
        add_job(b, d1, "siivous", k, date(2025, 7, 1), date(2025, 9, 28), QUIT)
        add_job(b, d1, "rakennus", b.employer_id, date(2026, 1, 5), **no)
        add_job(b, d2, "hoiva", sh, date(2025, 12, 1), date(2026, 2, 1))
        add_job(b, d2, "hoiva", k2, D, **fixed)

        empty = TeamBuilder(s, "C", ["Cay"])  # a client, no jobs
        empty.client("C-01")
        ids.update(a=a.id, b=b.id, c=empty.id, e=e, eb=b.employer_id, k=k, k2=k2, s=sh)
    return database, ids


# ----------------------------------------------------------------------- by type
def test_jobs_by_type(teams):
    database, ids = teams
    with database.read() as s:
        counts = jobs_by_type(s, ids["a"], FIRST, LAST)
    # 8 jobs: hoiva J5 J6, myynti J3 J4, siivous J1 J2 (2 each, 2 ÷ 8 = 25 %), then
    # "Siivous" J8 and varasto J7 (1 each, 12.5 %). The text is taken as stored, so
    # "Siivous" is its own type ("S" sorts before "v"); ties by the type.
    assert counts == [
        Count("hoiva", None, 2, pytest.approx(25.0)),
        Count("myynti", None, 2, pytest.approx(25.0)),
        Count("siivous", None, 2, pytest.approx(25.0)),
        Count("Siivous", None, 1, pytest.approx(12.5)),
        Count("varasto", None, 1, pytest.approx(12.5)),
    ]


def test_jobs_by_type_in_a_shorter_window(teams):
    database, ids = teams
    with database.read() as s:
        counts = jobs_by_type(s, ids["a"], date(2025, 10, 1), date(2026, 1, 10))
    # Starts 1.10.2025 … 10.1.2026, both ends included: J3 and J4 (myynti), J5 (hoiva).
    assert counts == [
        Count("myynti", None, 2, pytest.approx(200 / 3)),
        Count("hoiva", None, 1, pytest.approx(100 / 3)),
    ]


# ------------------------------------------------------------------- by employer
def test_jobs_by_employer(teams):
    database, ids = teams
    with database.read() as s:
        counts = jobs_by_employer(s, ids["a"], FIRST, LAST)
    # K: J1 J2 J8 = 3 (37.5 %); S: J4 J5 = 2 and "Työnantaja A": J3 J6 = 2 (25 %);
    # K2: J7 = 1 (12.5 %) – the other "Kauppa Oy" is a row of its own.
    assert counts == [
        Count("Kauppa Oy", None, 3, pytest.approx(37.5), ids["k"]),
        Count("Sairaala", None, 2, pytest.approx(25.0), ids["s"]),
        Count("Työnantaja A", None, 2, pytest.approx(25.0), ids["e"]),
        Count("Kauppa Oy", None, 1, pytest.approx(12.5), ids["k2"]),
    ]


# ------------------------------------------------------------------------- mix
def test_job_mix(teams):
    database, ids = teams
    with database.read() as s:
        mix = job_mix(s, ids["a"], FIRST, LAST)
    # competitive: J1 J3 J4 J5 J6 J8 = 6; permanent: J2 J3 J4 J5 J8 = 5; both: J3 J4 J5
    # J8 = 4; fixed-term: J1 J6 (competitive) and J7 (neither) = 3 = 8 − 5.
    assert mix == JobMix(jobs=8, competitive=6, permanent=5, competitive_permanent=4, fixed_term=3)


# ---------------------------------------------------------------------- tenure
def test_tenure_on_the_as_of_date(teams):
    database, ids = teams
    with database.read() as s:
        result = tenure(s, ids["a"], FIRST, LAST, D)
    # Days, sorted: 1 (J7), 60 (J8), 89 (J2), 90 (J1), 91 (J6), 172 (J5), 179 (J4), 180 (J3).
    # Ended by 30.6.: J1 J2 J3 J4 and J8 (its end date is 30.6.) = 5; ongoing: J5, J7 and J6
    # (it ends after 30.6.) = 3. Median of the 8: (90 + 91) ÷ 2 = 90.5; mean: 862 ÷ 8 =
    # 107.75. At least 90 days: J1 (exactly 90) J6 J5 J4 J3 = 5, not J2 (89); at least 180:
    # J3 (exactly 180) = 1, not J4 (179).
    assert result == Tenure(
        jobs=8,
        ended=5,
        ongoing=3,
        median_days=pytest.approx(90.5),
        mean_days=pytest.approx(107.75),
        lasted_90_days=5,
        lasted_180_days=1,
    )


def test_tenure_on_a_later_date(teams):
    database, ids = teams
    with database.read() as s:
        result = tenure(s, ids["a"], FIRST, LAST, date(2026, 9, 30))
    # On 30.9.2026 J6 has ended (31.8.): 30 + 31 + 30 + 31 + 31 = 153 days; J5 goes on:
    # 172 + 31 + 31 + 30 = 264; J7 goes on: 1 + 31 + 31 + 30 = 93; the others as before.
    # Sorted: 60, 89, 90, 93 | 153, 179, 180, 264 → median (93 + 153) ÷ 2 = 123, mean 1108 ÷ 8
    # = 138.5; ended 6, ongoing 2; ≥ 90: 90 93 153 179 180 264 = 6; ≥ 180: 180 264 = 2.
    assert result == Tenure(
        jobs=8,
        ended=6,
        ongoing=2,
        median_days=pytest.approx(123.0),
        mean_days=pytest.approx(138.5),
        lasted_90_days=6,
        lasted_180_days=2,
    )


def test_tenure_of_an_odd_count(teams):
    database, ids = teams
    with database.read() as s:
        result = tenure(s, ids["a"], date(2025, 10, 1), date(2026, 1, 10), D)
    # J3 180, J4 179 (ended), J5 172 (ongoing): median 179, mean 531 ÷ 3 = 177.
    assert result == Tenure(3, 2, 1, pytest.approx(179.0), pytest.approx(177.0), 3, 1)


def test_tenure_is_counted_on_or_after_the_window(teams):
    database, ids = teams
    with database.read() as s, pytest.raises(ValueError):
        tenure(s, ids["a"], FIRST, LAST, date(2026, 6, 29))


# ------------------------------------------------------------------ end reasons
def test_end_reasons(teams):
    database, ids = teams
    with database.read() as s:
        counts = end_reasons(s, ids["a"], FIRST, LAST)
    # Ended 1.7.2025 … 30.6.2026, whenever started: J0 (koeaika purettiin), J1 (määräaikainen
    # päättyi), J2 (none), J3 and J4 (irtisanoutui), J8 (none, ends on 30.6.), J11 (blank) =
    # 7. Not J6 (ends 31.8.2026) nor J10 (30.6.2025). Unknown: J2 J8 J11 = 3 ÷ 7; irtisanoutui
    # 2 ÷ 7; the other two 1 ÷ 7 each.
    assert counts == [
        Count("", "unknown", 3, pytest.approx(300 / 7)),
        Count("irtisanoutui", None, 2, pytest.approx(200 / 7)),
        Count("koeaika purettiin", None, 1, pytest.approx(100 / 7)),
        Count("määräaikainen päättyi", None, 1, pytest.approx(100 / 7)),
    ]


# ---------------------------------------------------------------------- months
def test_jobs_per_month_across_the_year_end(teams):
    database, ids = teams
    with database.read() as s:
        months = jobs_per_month(s, ids["a"], D)
        jobs = job_counts(s, ids["a"], D).jobs
    # July 2025 … June 2026: J1 7/2025, J2 8/2025, J3 10/2025, J4 12/2025, J5 1/2026,
    # J6 4/2026, J8 5/2026, J7 6/2026; J0 (30.6.2025) and J9 (1.7.2026) fall outside.
    assert months == [
        ("2025-07", 1),
        ("2025-08", 1),
        ("2025-09", 0),
        ("2025-10", 1),
        ("2025-11", 0),
        ("2025-12", 1),
        ("2026-01", 1),
        ("2026-02", 0),
        ("2026-03", 0),
        ("2026-04", 1),
        ("2026-05", 1),
        ("2026-06", 1),
    ]
    # The 365-day window on 30.6.2026 begins on 1.7.2025 too: the same 8 jobs.
    assert sum(n for _, n in months) == jobs == 8


def test_jobs_per_month_counts_the_as_of_month_to_the_as_of_date(teams):
    database, ids = teams
    with database.read() as s:
        on_9th = jobs_per_month(s, ids["a"], date(2026, 1, 9), months=3)
        on_10th = jobs_per_month(s, ids["a"], date(2026, 1, 10), months=2)
        with pytest.raises(ValueError):
            jobs_per_month(s, ids["a"], D, months=0)
    # J5 starts on 10.1.2026: not yet counted on 9.1., counted on 10.1.
    assert on_9th == [("2025-11", 0), ("2025-12", 1), ("2026-01", 0)]
    assert on_10th == [("2025-12", 1), ("2026-01", 1)]


# ------------------------------------------------------------ the other teams
def test_other_team_and_empty_team(teams):
    database, ids = teams
    with database.read() as s:
        b_types = jobs_by_type(s, ids["b"], FIRST, LAST)
        b_employers = jobs_by_employer(s, ids["b"], FIRST, LAST)
        b_mix = job_mix(s, ids["b"], FIRST, LAST)
        b_tenure = tenure(s, ids["b"], FIRST, LAST, D)
        b_reasons = end_reasons(s, ids["b"], FIRST, LAST)
        b_months = jobs_per_month(s, ids["b"], D, months=2)
        c = (
            jobs_by_type(s, ids["c"], FIRST, LAST),
            jobs_by_employer(s, ids["c"], FIRST, LAST),
            job_mix(s, ids["c"], FIRST, LAST),
            tenure(s, ids["c"], FIRST, LAST, D),
            end_reasons(s, ids["c"], FIRST, LAST),
            jobs_per_month(s, ids["c"], D, months=2),
        )
    # Team B's own 4 jobs only: hoiva 2, rakennus 1, siivous 1.
    assert b_types == [
        Count("hoiva", None, 2, pytest.approx(50.0)),
        Count("rakennus", None, 1, pytest.approx(25.0)),
        Count("siivous", None, 1, pytest.approx(25.0)),
    ]
    # One job each with K, K2, S and B's own employer: ties sorted by name, then by id (K was
    # added before K2).
    assert b_employers == [
        Count("Kauppa Oy", None, 1, pytest.approx(25.0), ids["k"]),
        Count("Kauppa Oy", None, 1, pytest.approx(25.0), ids["k2"]),
        Count("Sairaala", None, 1, pytest.approx(25.0), ids["s"]),
        Count("Työnantaja B", None, 1, pytest.approx(25.0), ids["eb"]),
    ]
    # competitive: all but rakennus = 3; permanent: all but the 30.6. hoiva = 3; both: 2.
    assert b_mix == JobMix(4, 3, 3, 2, 1)
    # siivous 1.7.–28.9.2025: 90 (ended); rakennus 5.1.2026 on: 27 + 28 + 31 + 30 + 31 + 30 =
    # 177 (ongoing); hoiva 1.12.2025–1.2.2026: 31 + 31 + 1 = 63 (ended); hoiva 30.6.: 1.
    # Sorted 1, 63, 90, 177: median (63 + 90) ÷ 2 = 76.5, mean 331 ÷ 4 = 82.75.
    assert b_tenure == Tenure(4, 2, 2, pytest.approx(76.5), pytest.approx(82.75), 2, 0)
    # Ended in the window: siivous (irtisanoutui), hoiva 1.12.–1.2. (no reason).
    assert b_reasons == [
        Count("", "unknown", 1, pytest.approx(50.0)),
        Count("irtisanoutui", None, 1, pytest.approx(50.0)),
    ]
    assert b_months == [("2026-05", 0), ("2026-06", 1)]
    assert c == (
        [],
        [],
        JobMix(0, 0, 0, 0, 0),
        Tenure(0, 0, 0, None, None, 0, 0),
        [],
        [("2026-05", 0), ("2026-06", 0)],
    )


# ------------------------------------------------- agreement with the measures
def test_breakdowns_agree_with_the_fidelity_measures(teams):
    database, ids = teams
    with database.read() as s:
        for team in ("a", "b"):
            types = jobs_by_type(s, ids[team], FIRST, LAST)
            employers = jobs_by_employer(s, ids[team], FIRST, LAST)
            mix = job_mix(s, ids[team], FIRST, LAST)
            held = tenure(s, ids[team], FIRST, LAST, D)
            item19 = job_type_diversity(s, ids[team], D)
            item20 = employer_diversity(s, ids[team], D)
            item21 = competitive_permanent_jobs(s, ids[team], D)
            jobs = sum(c.jobs for c in types)
            assert jobs == sum(c.jobs for c in employers) == mix.jobs == held.jobs, team
            assert item19.n == item20.n == item21.n == jobs, team
            assert sum(c.share for c in types) == pytest.approx(100.0), team
            assert sum(c.share for c in employers) == pytest.approx(100.0), team
            # distinct types (employers) ÷ jobs × 100
            assert item19.value == pytest.approx(100 * len(types) / jobs), team
            assert item20.value == pytest.approx(100 * len(employers) / jobs), team
            assert item21.value == pytest.approx(100 * mix.competitive_permanent / jobs), team
            assert item21.basis_params["good"] == mix.competitive_permanent, team
    # Team A: 5 types ÷ 8 = 62.5 % (→ 3); 4 employers ÷ 8 = 50.0 % (→ 2); 4 of 8
    # competitive and permanent = 50.0 %, 5 clients < 10 → 1.
    with database.read() as s:
        values = [
            (f.value, f.suggested_score)
            for f in (
                job_type_diversity(s, ids["a"], D),
                employer_diversity(s, ids["a"], D),
                competitive_permanent_jobs(s, ids["a"], D),
            )
        ]
    assert values == [
        (pytest.approx(62.5), 3),
        (pytest.approx(50.0), 2),
        (pytest.approx(50.0), 1),
    ]
