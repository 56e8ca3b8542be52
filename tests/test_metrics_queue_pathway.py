"""Referral sources, self-referrals (item 9), the waiting list (jono) and its monthly flow,
and the client's path through the modular model (seed 000): clients by module, the flows
decided in module assessments, assessments due, and the share continuing after module 1 –
on small hand-built teams, on SQLite and PostgreSQL.

Every test builds two teams: the team measured (T) and another (O) whose rows must never be
counted. Every expected number is worked out by hand in a comment beside it. The usual
date is ON = Tuesday 10.2.2026; the monthly flow looks at December 2025 – February 2026,
across a year end, with February cut at ON.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event
from team_builder import DatabaseBuilder

from ote.metrics.pathway import (
    AssessmentDue,
    Flow,
    assessments_due,
    clients_by_module,
    continued_after_module1,
    module_flows,
)
from ote.metrics.referrals import (
    MonthFlow,
    SourceCount,
    WaitingClient,
    month_bounds,
    monthly_queue,
    queue_growing,
    referrals_by_source,
    self_referrals,
    waiting_list,
)
from ote.metrics.results import results

ON = date(2026, 2, 10)
JANUARY = (date(2026, 1, 1), date(2026, 1, 31))
MODULE_KEYS = ["1", "2", "3A", "3B", "4", "5", "none"]


# ------------------------------------------------------------------------ builder
class Build:
    """Rows for two hand-built teams, T (measured) and O (the other team), added through a
    `DatabaseBuilder` (`rows`) and known by id. Keys are unique across the database; each
    client's coach and source default to its team's first ones."""

    def __init__(self, session):
        self.rows = DatabaseBuilder(session)
        self.t = self.rows.team("Tiimi T", key="T").id
        self.o = self.rows.team("Tiimi O", key="O").id
        self.aino = self.staff(self.t, "Aino")
        self.bertta = self.staff(self.t, "Bertta")
        self.olli = self.staff(self.o, "Olli")
        self.mt = self.source(self.t, "Mielenterveystiimi", "mental_health_substance", True)
        self.o_source = self.source(self.o, "Oma yhteydenotto O", "self_referral")
        # episode(client, module, start, end=None, assessed=None, decision=None)
        self.episode = self.rows.module

    def staff(self, team: int, name: str) -> int:
        return self.rows.staff(team, name).id

    def source(self, team: int, name: str, kind: str = "other", attached: bool = False) -> int:
        return self.rows.source(team, name, kind, attached).id

    def client(
        self,
        code: str,
        referral: date,
        start: date | None = None,
        end: date | None = None,
        *,
        team: int | None = None,
        coach: int | None = None,
        source: int | None = None,
    ) -> int:
        team = self.t if team is None else team
        coach = coach or (self.aino if team == self.t else self.olli)
        source = source or (self.mt if team == self.t else self.o_source)
        return self.rows.client(team, coach, source, code, referral, start, end).id

    def active(self, code: str, *, team: int | None = None, coach: int | None = None) -> int:
        """A client in service since 1.10.2025, open-ended (active on every date used here)."""
        return self.client(code, date(2025, 9, 15), date(2025, 10, 1), team=team, coach=coach)


@pytest.fixture
def build(database):
    """`build(fill)`: runs `fill(Build)` in one transaction, returns (database, Build)."""

    def make(fill):
        with database.write() as s:
            b = Build(s)
            fill(b)
        return database, b

    return make


# ------------------------------------------------------------------ referral sources
def _sources(b: Build) -> None:
    b.self_ = b.source(b.t, "Oma yhteydenotto", "self_referral")
    b.te = b.source(b.t, "TE-palvelut", "employment_services")
    b.asty = b.source(b.t, "Aikuissosiaalityö", "adult_social_work", True)
    b.client("M01", date(2026, 1, 1), source=b.mt)  # January's first day: counted
    b.client("M02", date(2026, 1, 31), source=b.mt)  # its last day: counted
    b.client("M03", date(2026, 1, 15), date(2026, 1, 20), source=b.mt)  # started: still a referral
    b.client("M04", date(2025, 12, 31), source=b.mt)  # the day before January
    b.client("M05", date(2026, 2, 1), source=b.mt)  # the day after
    b.client("SELF01", date(2026, 1, 20), source=b.self_)
    b.client("TE01", date(2026, 1, 10), source=b.te)
    b.client("AS01", date(2025, 6, 1), source=b.asty)  # long before January
    b.client("X01", date(2026, 1, 15), team=b.o)  # team O's self-referral
    # team O's client recorded with team T's source (no constraint forbids it): never T's
    b.client("X09", date(2026, 1, 12), team=b.o, source=b.te)


def test_referrals_by_source_lists_every_source_most_first(build):
    database, b = build(_sources)
    with database.read() as s:
        found = referrals_by_source(s, b.t, *JANUARY)
        other = referrals_by_source(s, b.o, *JANUARY)
    assert found == [
        # M01, M02, M03 (M04 the day before, M05 the day after)
        SourceCount(b.mt, "Mielenterveystiimi", "mental_health_substance", True, 3),
        # one each: by name, "Oma …" before "TE-…"
        SourceCount(b.self_, "Oma yhteydenotto", "self_referral", False, 1),
        SourceCount(b.te, "TE-palvelut", "employment_services", False, 1),
        # AS01 was referred in June 2025: the source is listed with zero
        SourceCount(b.asty, "Aikuissosiaalityö", "adult_social_work", True, 0),
    ]
    # team O sees only its own source, with X01 (X09's source is T's)
    assert other == [SourceCount(b.o_source, "Oma yhteydenotto O", "self_referral", False, 1)]


def test_referrals_by_source_on_a_team_without_sources(build):
    def fill(b):
        b.empty = b.rows.team("Tyhjä", key="E").id

    database, b = build(fill)
    with database.read() as s:
        assert referrals_by_source(s, b.empty, *JANUARY) == []


def test_self_referrals(build):
    database, b = build(_sources)
    with database.read() as s:
        january = self_referrals(s, b.t, date(2026, 1, 31), days=31)
        year = self_referrals(s, b.t, date(2026, 1, 31))
        other = self_referrals(s, b.o, date(2026, 1, 31), days=31)
        empty = self_referrals(s, b.t, date(2024, 1, 31))
    # 31 days up to 31.1.2026 = 1.1.–31.1.2026: M01, M02, M03, SELF01, TE01 = 5; 1 self
    assert (january.first, january.last) == JANUARY
    assert (january.key, january.item, january.unit) == ("self_referrals", "9", "%")
    assert january.n == 5
    assert january.value == pytest.approx(20.0)  # 1 / 5
    assert january.suggested_score is None  # the assessors score item 9
    assert january.basis_params == {"self": 1, "total": 5}
    # 365 days = 1.2.2025–31.1.2026: also M04 (31.12.2025) and AS01 (1.6.2025) → 1 / 7
    assert year.first == date(2025, 2, 1)
    assert year.n == 7
    assert year.value == pytest.approx(100 / 7)
    # team O: X01, a self-referral, and X09 (T's TE source) → 1 / 2
    assert (other.n, other.value) == (2, 50.0)
    # 1.2.2023–31.1.2024: no referrals, no value
    assert (empty.n, empty.value, empty.suggested_score) == (0, None, None)


# ---------------------------------------------------------------------- waiting list
def _waiting(b: Build) -> None:
    b.te = b.source(b.t, "TE-palvelut", "employment_services")
    b.ids = {
        "J01": b.client("J01", date(2025, 11, 1)),  # never started: waiting
        "J02": b.client("J02", ON, coach=b.bertta),  # referred on ON: waiting, 0 days
        # starts the day after ON: still waiting on ON
        "K01": b.client("K01", date(2026, 1, 10), date(2026, 2, 11), coach=b.bertta),
        "J03": b.client("J03", date(2026, 1, 10), source=b.te),  # same day as K01: by code
    }
    b.client("N01", date(2026, 1, 5), ON)  # started on ON: active, not waiting
    b.client("N02", date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 1))  # started and ended
    b.client("N03", date(2026, 2, 11))  # referred after ON
    b.client("X02", date(2026, 1, 1), team=b.o)  # team O's waiting client


def test_waiting_list(build):
    database, b = build(_waiting)
    with database.read() as s:
        found = waiting_list(s, b.t, ON)
        other = waiting_list(s, b.o, ON)
    ids = b.ids
    mt = "Mielenterveystiimi"
    assert found == [
        # 1.11.2025 → 10.2.2026: 29 (rest of Nov) + 1 + 31 (Dec) + 31 (Jan) + 9 = 101 days
        WaitingClient(ids["J01"], "J01", b.aino, "Aino", date(2025, 11, 1), mt, 101),
        # 10.1. → 10.2.: 31 days, both; J03 before K01 by code
        WaitingClient(ids["J03"], "J03", b.aino, "Aino", date(2026, 1, 10), "TE-palvelut", 31),
        WaitingClient(ids["K01"], "K01", b.bertta, "Bertta", date(2026, 1, 10), mt, 31),
        WaitingClient(ids["J02"], "J02", b.bertta, "Bertta", ON, mt, 0),
    ]
    assert [row.code for row in other] == ["X02"]
    assert other[0].days_waited == 40  # 1.1. → 10.2.2026


# --------------------------------------------------------------------- monthly flow
def _queue(b: Build) -> None:
    b.client("Q01", date(2025, 11, 20), date(2025, 12, 1))  # Nov referral, Dec start (1st)
    b.client("Q02", date(2025, 12, 31), date(2026, 1, 1))  # Dec referral (31st), Jan start (1st)
    b.client("Q03", date(2025, 12, 15))  # Dec referral, never started
    b.client("Q04", date(2026, 1, 31), ON)  # Jan referral (31st), Feb start on as-of
    b.client("Q05", ON)  # Feb referral on as-of
    b.client("Q06", date(2026, 2, 11))  # after as-of: nowhere
    b.client("Q07", date(2026, 1, 5), date(2026, 2, 11))  # Jan referral, starts after as-of
    b.client("Q08", date(2025, 10, 1), date(2025, 10, 5), date(2025, 12, 10))  # old, ended
    b.client("X03", date(2026, 1, 10), team=b.o)
    b.client("X04", date(2025, 12, 1), date(2026, 1, 10), team=b.o)


def test_monthly_queue_across_a_year_end(build):
    database, b = build(_queue)
    with database.read() as s:
        flows = monthly_queue(s, b.t, ON, months=3)
        other = monthly_queue(s, b.o, ON, months=3)
    assert flows == [
        # referrals Q02, Q03; starts Q01; waiting on 31.12.: Q02 (starts 1.1.), Q03
        MonthFlow("2025-12", date(2025, 12, 1), date(2025, 12, 31), 2, 1, 2),
        # referrals Q04, Q07; starts Q02; waiting on 31.1.: Q03, Q04 (starts 10.2.), Q07
        MonthFlow("2026-01", date(2026, 1, 1), date(2026, 1, 31), 2, 1, 3),
        # cut at ON – referrals Q05 (Q06 is after); starts Q04; waiting on 10.2.: Q03, Q05,
        # Q07 (Q04 started on 10.2.)
        MonthFlow("2026-02", date(2026, 2, 1), ON, 1, 1, 3),
    ]
    assert other == [
        # X04 referred 1.12.; waiting on 31.12. (starts 10.1.)
        MonthFlow("2025-12", date(2025, 12, 1), date(2025, 12, 31), 1, 0, 1),
        # X03 referred, X04 started; X03 waiting on 31.1.
        MonthFlow("2026-01", date(2026, 1, 1), date(2026, 1, 31), 1, 1, 1),
        MonthFlow("2026-02", date(2026, 2, 1), ON, 0, 0, 1),
    ]


def test_monthly_queue_defaults_to_twelve_months_in_one_query(build):
    database, b = build(_queue)
    statements = []

    def count(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):  # not SQLite's BEGIN
            statements.append(statement)

    with database.read() as s:
        event.listen(database.engine, "before_cursor_execute", count)
        try:
            flows = monthly_queue(s, b.t, ON)
        finally:
            event.remove(database.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    # March 2025 … February 2026
    assert [flow.month for flow in flows][:2] == ["2025-03", "2025-04"]
    assert len(flows) == 12
    assert flows[-1].last == ON
    # October 2025: Q08 referred 1.10. and started 5.10.; November: Q01 referred
    october, november = flows[7], flows[8]
    assert (october.month, october.referrals, october.starts, october.waiting_at_end) == (
        "2025-10",
        1,
        1,
        0,
    )
    assert (november.referrals, november.starts, november.waiting_at_end) == (1, 0, 1)
    assert sum(flow.referrals for flow in flows) == 7  # Q01–Q05, Q07, Q08 (Q06 after ON)


def test_month_bounds():
    # 15.3.2024: February of a leap year ends on the 29th; March is cut at the 15th
    assert month_bounds(date(2024, 3, 15), 2) == [
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 15)),
    ]
    # on a month's last day the month is whole; 1.1. is a one-day month
    assert month_bounds(date(2025, 12, 31), 1) == [
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31))
    ]
    assert month_bounds(date(2026, 1, 1), 2)[1] == ("2026-01", date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(ValueError):
        month_bounds(ON, 0)


def _flow(referrals: int, starts: int) -> MonthFlow:
    return MonthFlow("2026-01", date(2026, 1, 1), date(2026, 1, 31), referrals, starts, 0)


def test_queue_growing(build):
    database, b = build(_queue)
    with database.read() as s:
        flows = monthly_queue(s, b.t, ON, months=3)
        # team O's first client was referred 1.12.2025: April–June 2025 are empty
        empty = monthly_queue(s, b.o, date(2025, 6, 30), months=3)
    # Dec–Feb: 2 + 2 + 1 = 5 referrals, 1 + 1 + 1 = 3 starts → growing
    assert queue_growing(flows) is True
    # Jan–Feb: 3 referrals, 2 starts
    assert queue_growing(flows, months=2) is True
    # Feb only: 1 referral, 1 start – as many in as out is not growing
    assert queue_growing(flows, months=1) is False
    # more starts than referrals
    assert queue_growing([_flow(5, 0), _flow(1, 2), _flow(0, 3)], months=2) is False
    # … but over all three months 6 in, 5 out
    assert queue_growing([_flow(5, 0), _flow(1, 2), _flow(0, 3)]) is True
    # no referrals and no starts at all
    assert [flow.referrals + flow.starts for flow in empty] == [0, 0, 0]
    assert queue_growing(empty) is None
    assert queue_growing([]) is None
    # only starts (a queue being worked down): not growing
    assert queue_growing([_flow(0, 1)]) is False


# ----------------------------------------------------------------- clients by module
def _modules(b: Build) -> None:
    p1 = b.active("P01")
    b.episode(p1, "1", date(2026, 1, 1))  # running: module 1
    p2 = b.active("P02")
    b.episode(p2, "1", date(2025, 12, 1), date(2026, 1, 15), date(2026, 1, 15), "next:2")
    b.episode(p2, "2", date(2026, 1, 16))  # running: module 2
    p3 = b.active("P03")
    b.episode(p3, "3A", date(2026, 1, 1), date(2026, 2, 9))  # ended the day before: none
    p4 = b.active("P04")
    b.episode(p4, "3B", date(2026, 1, 1), ON)  # ends on ON: still running
    p5 = b.active("P05")
    b.episode(p5, "4", date(2026, 2, 11))  # starts the day after: none
    p6 = b.active("P06")
    b.episode(p6, "3A", date(2026, 1, 1))  # two running: the later start (4) wins
    b.episode(p6, "4", date(2026, 2, 1))
    b.active("P07")  # no episodes: none
    p8 = b.client("P08", date(2025, 9, 1), date(2025, 9, 10), date(2026, 2, 1))  # ended
    b.episode(p8, "1", date(2026, 1, 1))  # running, but the client is not active
    p9 = b.client("P09", date(2026, 1, 1))  # waiting, not active
    b.episode(p9, "1", date(2026, 1, 1))
    x5 = b.active("X05", team=b.o)
    b.episode(x5, "5", date(2026, 1, 1))


def test_clients_by_module(build):
    database, b = build(_modules)
    with database.read() as s:
        found = clients_by_module(s, b.t, ON)
        other = clients_by_module(s, b.o, ON)
        before = clients_by_module(s, b.t, date(2026, 2, 9))
    # P01 → 1, P02 → 2, P04 → 3B, P06 → 4; P03, P05, P07 → none; P08, P09 not active
    assert found == {"1": 1, "2": 1, "3A": 0, "3B": 1, "4": 1, "5": 0, "none": 3}
    assert list(found) == MODULE_KEYS
    assert other == {"1": 0, "2": 0, "3A": 0, "3B": 0, "4": 0, "5": 1, "none": 0}
    # 9.2.: P03's 3A still runs; P08 (ended 1.2.) still out; otherwise as on 10.2.
    assert before == {"1": 1, "2": 1, "3A": 1, "3B": 1, "4": 1, "5": 0, "none": 2}
    assert sum(found.values()) == 7  # the active clients P01–P07


def test_clients_by_module_on_an_empty_team(build):
    database, b = build(lambda b: None)
    with database.read() as s:
        assert clients_by_module(s, b.t, ON) == dict.fromkeys(MODULE_KEYS, 0)


# ------------------------------------------------------------------ module flows
def _flows(b: Build) -> None:
    a, c, d = b.active("F01"), b.active("F02"), b.active("F03")
    start = date(2025, 10, 1)

    def assessed(client, module, day, decision):
        b.episode(client, module, start, day, day, decision)

    # scrambled on purpose: the order comes from the function
    assessed(c, "4", date(2026, 1, 28), "exit:declined")
    assessed(a, "1", date(2026, 1, 1), "next:2")  # the window's first day
    assessed(c, "2", date(2026, 1, 22), "exit:other_service")
    assessed(c, "1", date(2026, 1, 31), "next:2")  # the window's last day
    assessed(d, "1", date(2026, 1, 10), "exit:no_need")
    assessed(d, "1", date(2026, 1, 12), "next:1")  # repeating module 1
    assessed(a, "1", date(2025, 12, 31), "next:2")  # the day before: not counted
    assessed(a, "1", date(2026, 2, 1), "next:3A")  # the day after: not counted
    assessed(a, "1", date(2026, 1, 15), None)  # assessed without a decision: not a flow
    b.episode(a, "1", start)  # not assessed at all
    assessed(a, "2", date(2026, 1, 20), "next:3B")
    assessed(c, "2", date(2026, 1, 21), "next:3A")
    assessed(a, "3A", date(2026, 1, 25), "exit:employed")
    assessed(d, "3A", date(2026, 1, 26), "next:4")
    assessed(a, "4", date(2026, 1, 29), "exit:employed")
    assessed(d, "4", date(2026, 1, 27), "next:5")
    x = b.active("X06", team=b.o)
    b.episode(x, "1", start, date(2026, 1, 15), date(2026, 1, 15), "next:2")  # team O


def test_module_flows(build):
    database, b = build(_flows)
    with database.read() as s:
        found = module_flows(s, b.t, *JANUARY)
        other = module_flows(s, b.o, *JANUARY)
        none = module_flows(s, b.t, date(2025, 1, 1), date(2025, 12, 30))
    assert found == [
        Flow("1", "1", 1),  # repeating module 1
        Flow("1", "2", 2),  # 1.1. and 31.1. (31.12. and 1.2. are outside)
        Flow("1", "exit:no_need", 1),
        Flow("2", "3A", 1),  # 3A before 3B
        Flow("2", "3B", 1),
        Flow("2", "exit:other_service", 1),
        Flow("3A", "4", 1),
        Flow("3A", "exit:employed", 1),
        Flow("4", "5", 1),
        Flow("4", "exit:employed", 1),  # exits in ModuleExit order: employed …
        Flow("4", "exit:declined", 1),  # … before declined
    ]
    assert other == [Flow("1", "2", 1)]
    assert none == []


# ------------------------------------------------------------------ assessments due
def _due(b: Build) -> None:
    b.ids = {}

    def client(code, coach=None):
        b.ids[code] = b.active(code, coach=coach)
        return b.ids[code]

    start = date(2025, 11, 1)
    b.episode(client("D01"), "1", start, date(2026, 1, 27))  # 14 days: due, not overdue
    b.episode(client("D02", b.bertta), "2", start, date(2026, 1, 26))  # 15 days: overdue
    b.episode(client("D03"), "3A", start, ON)  # ended on ON: 0 days
    b.episode(client("D04"), "3B", start, date(2026, 2, 11))  # ends after ON
    b.episode(client("D05"), "1", start, date(2026, 1, 1), date(2026, 1, 5), "next:2")  # assessed
    b.episode(client("D07"), "1", start)  # still running
    # assessed only after ON: on ON it was still waiting – 10.2. − 20.1. = 21 days
    b.episode(client("D08"), "4", start, date(2026, 1, 20), date(2026, 2, 12), "next:5")
    # the client's service ended 1.2.: not active on ON, left out
    d06 = b.client("D06", date(2025, 9, 1), date(2025, 9, 10), date(2026, 2, 1))
    b.episode(d06, "1", start, date(2026, 1, 1))
    x = b.active("X07", team=b.o)
    b.episode(x, "1", start, date(2026, 1, 1))  # team O


def test_assessments_due(build):
    database, b = build(_due)
    with database.read() as s:
        found = assessments_due(s, b.t, ON)
        lenient = assessments_due(s, b.t, ON, grace_days=15)
        other = assessments_due(s, b.o, ON)
    ids = b.ids
    assert found == [
        AssessmentDue(ids["D08"], "D08", "Aino", "4", date(2026, 1, 20), 21, True),
        AssessmentDue(ids["D02"], "D02", "Bertta", "2", date(2026, 1, 26), 15, True),
        AssessmentDue(ids["D01"], "D01", "Aino", "1", date(2026, 1, 27), 14, False),
        AssessmentDue(ids["D03"], "D03", "Aino", "3A", ON, 0, False),
    ]
    # 15 days is not more than 15
    assert [(row.code, row.overdue) for row in lenient] == [
        ("D08", True),
        ("D02", False),
        ("D01", False),
        ("D03", False),
    ]
    # X07: 1.1. → 10.2.2026 = 40 days
    assert [(row.code, row.days_since_end, row.overdue) for row in other] == [("X07", 40, True)]


def test_assessments_due_later_once_assessed(build):
    database, b = build(_due)
    with database.read() as s:
        found = assessments_due(s, b.t, date(2026, 2, 12))
    # on 12.2. D08 has its assessment; D04 (ended 11.2.) is now due; the rest 2 days older
    assert [(row.code, row.days_since_end) for row in found] == [
        ("D02", 17),
        ("D01", 16),
        ("D03", 2),
        ("D04", 1),
    ]


# --------------------------------------------------------- continued after module 1
def test_continued_after_module1_is_results_continued_share(build):
    database, b = build(_flows)
    with database.read() as s:
        january = continued_after_module1(s, b.t, date(2026, 1, 31), days=31)
        year = continued_after_module1(s, b.t, date(2026, 1, 31))
        other = continued_after_module1(s, b.o, date(2026, 1, 31))
        empty = continued_after_module1(s, b.t, date(2020, 1, 31))
        january_results = results(s, b.t, *JANUARY)
        year_results = results(s, b.t, date(2025, 2, 1), date(2026, 1, 31))
    # module-1 assessments in January: next:2 (1.1.), next:2 (31.1.), exit:no_need, next:1,
    # and the one without a decision (15.1.) = 5, as results() counts them; going on to
    # another module: the two next:2 (repeating module 1 is not going on) → 2 / 5
    assert (january.key, january.item, january.unit) == ("continued_after_module1", "000", "%")
    assert (january.first, january.last) == JANUARY
    assert january.n == 5
    assert january.value == pytest.approx(40.0)
    assert january.suggested_score is None
    assert january.basis_params == {"continued": 2, "assessed": 5}
    assert january.value == january_results.continued_share
    assert january.n == january_results.module1_assessed
    # 365 days = 1.2.2025–31.1.2026: also next:2 on 31.12.2025 → 3 / 6
    assert (year.n, year.value) == (6, pytest.approx(50.0))
    assert year.value == year_results.continued_share
    # team O: its one module-1 assessment went on to module 2
    assert (other.n, other.value) == (1, 100.0)
    assert (empty.n, empty.value, empty.suggested_score) == (0, None, None)
