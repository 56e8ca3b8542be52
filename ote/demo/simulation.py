"""One demo team's history, simulated: staff, clients and everything recorded about them.

The simulation plans each client's pathway first (referral, wait, start, job search,
jobs, end), assigns clients to coaches by load, and then lays the coaches' weekly
rhythm over it: client meetings and follow-along support, employer contacts at the
coach's own rate, team meetings, the steering group, fidelity assessments, goals and
feedback. Everything comes from one `random.Random`, so a seed gives the same team.

Work is done in day ordinals (`date.toordinal()`); rows are plain dicts with the
database ids already set (see `Ids`), ready for a bulk insert.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ote.calendar import add_months, add_working_days, finnish_holidays
from ote.demo import vocabulary as words
from ote.enums import (
    ActionStatus,
    AssessmentKind,
    AssessmentStatus,
    ClientContactKind,
    ClientEndReason,
    CoachingGoal,
    CoachingPeriodFeedback,
    DecisionStatus,
    EmployerContactOutcome,
    EmployerContactPurpose,
    Framing,
    GoalMeasure,
    MeetingKind,
    Module,
    ModuleExit,
    Place,
    PlanKind,
    SourceKind,
    StaffRole,
)
from ote.models.fidelity import SUBCRITERIA_COUNT

CONTACT = ClientContactKind
PURPOSE = EmployerContactPurpose

ACTIVE_PER_FTE = 19.5  # the team runs close to item 1's limit of 20
# Mean days from service start to end of the planned pathways, measured over 4,000 clients
# (IPS ≈ 600, modular ≈ 605, law-based ≈ 92, weighted 55/35/10); sets the referral rate.
MEAN_SERVICE_DAYS = 550
BURN_IN_DAYS = 730  # clients already in service when the history starts


class Ids:
    """Next free primary key per table, so rows can reference each other before insert."""

    def __init__(self, start: dict[str, int]):
        self._next = dict(start)

    def take(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


@dataclass
class Rows:
    """Rows per table in the order they are to be inserted."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, **row) -> dict:
        self.tables[table].append(row)
        return row


@dataclass
class Coach:
    staff_id: int
    name: str
    fte: float
    contact_rate: float  # face-to-face employer contacts about job seekers per full week
    preference_share: float  # item 16
    community_share: float  # item 24
    diligence: float  # chance of keeping each follow-along checkpoint (item 23)
    vacation: set[int] = field(default_factory=set)
    load: float = 0.0


@dataclass
class JobPlan:
    start: int
    end: int | None  # None = still going on at the end of the history
    planned_end: int | None  # fixed-term end, possibly after the history's end
    competitive: bool
    permanent: bool
    occupation: tuple[str, str]
    hours: float
    end_reason: str | None
    job_id: int = 0
    employer_id: int = 0
    pool_index: int = 0  # the employer's place in the team's employer pool


@dataclass
class ClientPlanned:
    client_id: int
    code: str
    framing: str
    referral: int
    start: int | None
    end: int | None
    end_reason: str | None
    source_id: int
    first_contact_delay: int
    jobs: list[JobPlan] = field(default_factory=list)
    periods: list[tuple[int, int]] = field(default_factory=list)
    coach: Coach | None = None
    consent_family: bool = False
    consent_former_employers: bool = False
    intensive: bool = False  # module 3B: a job finder markets the client
    planted: bool = False

    def seeking_intervals(self, until: int) -> list[tuple[int, int]]:
        """Days on which the client is a job seeker: active, no job, and past the first
        employer-contact date (before it the coach is still getting to know them)."""
        if self.start is None:
            return []
        first = self.start + self.first_contact_delay
        last = min(self.end if self.end is not None else until, until)
        intervals = []
        cursor = first
        for job in self.jobs:
            if job.start > cursor:
                intervals.append((cursor, min(job.start - 1, last)))
            job_last = job.end if job.end is not None else until
            cursor = max(cursor, job_last + 1)
        if cursor <= last:
            intervals.append((cursor, last))
        return [(a, b) for a, b in intervals if a <= b]


@dataclass(frozen=True)
class PlantedBreak:
    """A rule break the demo contains on purpose (seed 004's checks must find it)."""

    team_key: str
    client_code: str
    rule: str
    start: date
    end: date


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _d(ordinal: int) -> date:
    return date.fromordinal(ordinal)


class TeamSimulation:
    def __init__(
        self,
        *,
        rng: random.Random,
        ids: Ids,
        rows: Rows,
        team_key: str,
        team_name: str,
        region: str,
        town: str,
        coach_count: int,
        history_start: date,
        end: date,
        preset_rates: tuple[float, ...] | None = None,
    ):
        self.rng = rng
        # The supervision decisions draw from their own generator, derived from the team's
        # (without drawing from it), so adding them left the rest of the demo as it was.
        self.decision_rng = random.Random(hash((team_key, rng.getstate()[1][:8])))
        self.ids = ids
        self.rows = rows
        self.team_key = team_key
        self.team_name = team_name
        self.region = region
        self.town = town
        self.coach_count = coach_count
        self.first = history_start.toordinal()
        self.last = end.toordinal()
        self.burn_in = self.first - BURN_IN_DAYS
        self.preset_rates = preset_rates
        self.workdays = self._workdays(self.burn_in - 400, self.last + 3000)
        self.workday_list = sorted(self.workdays)
        self.clients: list[ClientPlanned] = []
        self.coaches: list[Coach] = []
        self.employers: list[tuple[str, str]] = []  # (name, industry) of the team's pool
        self.employer_ids: dict[int, int] = {}  # pool index -> employer.id once used
        self.employer_weights: list[float] = []
        self.contacts_by_client: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.planted: list[PlantedBreak] = []

    # ----------------------------------------------------------------- calendar
    @staticmethod
    def _workdays(first: int, last: int) -> set[int]:
        years = range(_d(first).year, _d(last).year + 1)
        off = {d.toordinal() for y in years for d in finnish_holidays(y)}
        return {o for o in range(first, last + 1) if (o - 1) % 7 < 5 and o not in off}

    def next_workday(self, ordinal: int) -> int:
        index = bisect.bisect_left(self.workday_list, ordinal)
        return self.workday_list[index]

    def workday_between(self, first: int, last: int) -> int | None:
        """A random working day in [first, last], None if there is none."""
        lo = bisect.bisect_left(self.workday_list, first)
        hi = bisect.bisect_right(self.workday_list, last)
        if lo >= hi:
            return None
        return self.workday_list[self.rng.randrange(lo, hi)]

    # -------------------------------------------------------------------- run
    def run(self) -> None:
        self.make_team()
        self.make_staff()
        self.make_sources()
        self.make_employer_pool()
        self.plan_clients()
        self.assign_coaches()
        self.write_clients()
        self.make_employer_contacts()
        self.write_jobs()
        self.make_client_contacts()
        self.make_team_meetings()
        self.make_steering()
        self.make_assessments()
        self.make_goals()
        self.make_log_reviews()

    # ------------------------------------------------------------ organisation
    def make_team(self) -> None:
        self.team_id = self.ids.take("team")
        self.rows.add(
            "team",
            id=self.team_id,
            key=self.team_key,
            name=self.team_name,
            region=self.region,
            is_demo=True,
        )

    def _person(self, used: set[str]) -> str:
        while True:
            name = f"{self.rng.choice(words.FIRST_NAMES)} {self.rng.choice(words.LAST_NAMES)}"
            if name not in used:
                used.add(name)
                return name

    def make_staff(self) -> None:
        rng = self.rng
        used: set[str] = set()
        staff_start = _d(self.burn_in)
        number = 0

        def add_staff(role: StaffRole, fte: float, share: float | None) -> tuple[int, str]:
            nonlocal number
            number += 1
            staff_id = self.ids.take("staff")
            name = self._person(used)
            self.rows.add(
                "staff",
                id=staff_id,
                key=f"{self.team_key}-S{number:02d}",
                team_id=self.team_id,
                name=name,
                role=role.value,
                fte=fte,
                coaching_share=share,
                start_date=staff_start,
                end_date=None,
            )
            return staff_id, name

        self.leader_id, self.leader_name = add_staff(StaffRole.TEAM_LEADER, 1.0, None)
        for index in range(self.coach_count):
            part_time = index == self.coach_count - 1 or (index > 0 and rng.random() < 0.08)
            fte = 0.6 if part_time else 1.0
            share = rng.choice((0.8, 0.85, 0.9, 0.95, 0.95, 1.0))
            if self.preset_rates is not None:
                rate = self.preset_rates[index]
            else:
                rate = min(8.0, max(1.5, rng.gauss(5.0, 1.4))) * (0.6 if part_time else 1.0)
            staff_id, name = add_staff(StaffRole.COACH, fte, share)
            coach = Coach(
                staff_id=staff_id,
                name=name,
                fte=fte,
                contact_rate=rate,
                preference_share=rng.uniform(0.6, 0.95),
                community_share=rng.uniform(0.35, 0.75),
                diligence=rng.uniform(0.78, 0.97),
            )
            self.coaches.append(coach)
        self.job_finder_id, _ = add_staff(StaffRole.JOB_FINDER, 1.0, None)
        self.benefits_id, _ = add_staff(StaffRole.BENEFITS_COUNSELLOR, 0.8, None)
        self.make_vacations()

    def make_vacations(self) -> None:
        """Four summer weeks per coach and year, starting on a Monday in June or July."""
        for coach in self.coaches:
            for year in range(_d(self.burn_in).year, _d(self.last).year + 1):
                june_first = date(year, 6, 1)
                monday = june_first + timedelta(days=(7 - june_first.weekday()) % 7)
                start = monday + timedelta(weeks=self.rng.randrange(2, 8))
                first = start.toordinal()
                coach.vacation.update(range(first, first + 28))

    def make_sources(self) -> None:
        town = self.town
        sources = (
            (f"Mielenterveys- ja päihdepalvelut, {town}", SourceKind.MENTAL_HEALTH_SUBSTANCE, True),
            (f"Työkyvyn tuen tiimi, {town}", SourceKind.WORK_ABILITY_TEAM, True),
            (f"Aikuissosiaalityö, {town}", SourceKind.ADULT_SOCIAL_WORK, False),
            ("Työllisyyspalvelut", SourceKind.EMPLOYMENT_SERVICES, False),
            ("Oma yhteydenotto", SourceKind.SELF_REFERRAL, False),
            ("Muu taho", SourceKind.OTHER, False),
        )
        self.source_ids = []
        for number, (name, kind, attached) in enumerate(sources, start=1):
            source_id = self.ids.take("referral_source")
            self.source_ids.append(source_id)
            self.rows.add(
                "referral_source",
                id=source_id,
                key=f"{self.team_key}-R{number}",
                team_id=self.team_id,
                name=name,
                kind=kind.value,
                attached=attached,
            )
        self.source_weights = (0.52, 0.30, 0.05, 0.07, 0.04, 0.02)

    def make_employer_pool(self) -> None:
        size = 30 + 25 * self.coach_count
        seen: set[str] = set()
        places = (self.town, *words.LAST_NAMES)
        while len(self.employers) < size:
            stem, industry = self.rng.choice(words.EMPLOYER_STEMS)
            name = f"{self.rng.choice(places)} {stem} {self.rng.choice(words.EMPLOYER_SUFFIXES)}"
            if name in seen:
                continue
            seen.add(name)
            self.employers.append((name, industry))
        # A few employers the team meets often, a long tail met now and then.
        self.employer_weights = [1.0 / (rank + 3) ** 0.9 for rank in range(size)]
        self.employer_cumulative = []
        total = 0.0
        for weight in self.employer_weights:
            total += weight
            self.employer_cumulative.append(total)

    def pick_employer(self) -> int:
        """A pool index, weighted so that some employers are met far more than others."""
        point = self.rng.random() * self.employer_cumulative[-1]
        return bisect.bisect_left(self.employer_cumulative, point)

    def employer_id(self, pool_index: int) -> int:
        """The employer row for a pool index, created when the team first meets them."""
        existing = self.employer_ids.get(pool_index)
        if existing is not None:
            return existing
        employer_id = self.ids.take("employer")
        name, industry = self.employers[pool_index]
        self.rows.add(
            "employer",
            id=employer_id,
            key=f"{self.team_key}-E{pool_index + 1:04d}",
            name=name,
            industry=industry,
        )
        self.employer_ids[pool_index] = employer_id
        return employer_id

    # ---------------------------------------------------------------- clients
    def plan_clients(self) -> None:
        rng = self.rng
        total_fte = sum(c.fte for c in self.coaches)
        target_active = ACTIVE_PER_FTE * total_fte
        per_day = target_active / MEAN_SERVICE_DAYS
        # The history opens with the team already full: a cohort referred during the burn-in.
        day = self.burn_in
        arrivals = []
        while True:
            day += max(1, round(rng.expovariate(per_day)))
            referral = self.next_workday(day)
            if referral > self.last:
                break
            arrivals.append(referral)
        codes = rng.sample(range(1000, 10000), len(arrivals) + 1)
        for number, referral in enumerate(arrivals):
            self.clients.append(self.plan_client(referral, f"AS{codes[number]}"))
        self.plant_rule_break(f"AS{codes[-1]}")
        self.clients.sort(key=lambda c: (c.referral, c.code))

    def plan_client(self, referral: int, code: str) -> ClientPlanned:
        rng = self.rng
        roll = rng.random()
        framing = Framing.IPS if roll < 0.55 else Framing.MODULAR if roll < 0.9 else Framing.LAW
        wait_roll = rng.random()
        wait = (
            rng.randint(3, 21)
            if wait_roll < 0.7
            else rng.randint(22, 45)
            if wait_roll < 0.95
            else rng.randint(46, 90)
        )
        start = self.next_workday(referral + wait)
        source_id = rng.choices(self.source_ids, self.source_weights)[0]
        delay_roll = rng.random()
        first_contact = (
            rng.randint(2, 30)
            if delay_roll < 0.65
            else rng.randint(31, 60)
            if delay_roll < 0.9
            else rng.randint(61, 200)
        )
        client = ClientPlanned(
            client_id=self.ids.take("client"),
            code=code,
            framing=framing.value,
            referral=referral,
            start=start,
            end=None,
            end_reason=None,
            source_id=source_id,
            first_contact_delay=first_contact,
            consent_family=rng.random() < 0.4,
            consent_former_employers=rng.random() < 0.3,
            intensive=framing == Framing.MODULAR and rng.random() < 0.3,
        )
        if framing == Framing.LAW:
            self.plan_law_pathway(client)
        else:
            self.plan_pathway(client)
        self.close_at_history_end(client)
        return client

    def plan_pathway(self, client: ClientPlanned) -> None:
        """Job search, jobs and the end of an open-ended (IPS or modular) service."""
        rng = self.rng
        assert client.start is not None
        seeking_from = client.start + client.first_contact_delay
        finds_work = rng.random() < (0.62 if client.framing == Framing.IPS else 0.52)
        planned_end = None
        if finds_work:
            job_start = self.next_workday(seeking_from + 14 + round(rng.expovariate(1 / 130)))
            while len(client.jobs) < 3:
                job = self.plan_job(job_start)
                client.jobs.append(job)
                if job.planned_end is None:
                    # A lasting job: support tapers off and the service ends within 9–18 months.
                    planned_end = job.start + rng.randint(270, 540)
                    break
                if rng.random() < 0.5:
                    planned_end = job.planned_end + rng.randint(20, 120)
                    break
                job_start = self.next_workday(job.planned_end + rng.randint(30, 200))
            client.end_reason = ClientEndReason.EMPLOYED.value
        else:
            planned_end = client.start + rng.randint(180, 900)
            client.end_reason = rng.choices(
                [
                    ClientEndReason.NO_NEED,
                    ClientEndReason.OTHER_SERVICE,
                    ClientEndReason.DECLINED,
                    ClientEndReason.MOVED,
                    ClientEndReason.STUDIES,
                ],
                [0.15, 0.35, 0.25, 0.1, 0.15],
            )[0].value
        client.end = self.next_workday(planned_end) if planned_end is not None else None
        # Jobs that would start after the service ended are not part of this pathway.
        if client.end is not None:
            client.jobs = [j for j in client.jobs if j.start < client.end]

    def plan_job(self, start: int) -> JobPlan:
        rng = self.rng
        permanent = rng.random() < 0.75
        if permanent:
            ends = rng.random() < 0.22
            planned_end = start + rng.randint(60, 500) if ends else None
            reason = (
                rng.choice(words.JOB_END_REASONS[1:]) if ends else None
            )  # not "fixed-term ended"
        else:
            planned_end = start + rng.randint(60, 365)
            reason = words.JOB_END_REASONS[0]
        return JobPlan(
            start=start,
            end=planned_end,
            planned_end=planned_end,
            competitive=rng.random() < 0.95,
            permanent=permanent,
            occupation=rng.choice(words.OCCUPATIONS),
            hours=rng.choice((15.0, 20.0, 25.0, 30.0, 37.5, 37.5)),
            end_reason=reason,
        )

    def plan_law_pathway(self, client: ClientPlanned) -> None:
        """One or two consecutive law-based coaching periods within the rules of seed 004."""
        rng = self.rng
        assert client.start is not None
        first_end = client.start + rng.randint(30, 105) - 1
        client.periods.append((client.start, first_end))
        if rng.random() < 0.4:
            second_start = first_end + 1
            client.periods.append((second_start, second_start + rng.randint(30, 90) - 1))
        client.end = client.periods[-1][1]
        if rng.random() < 0.25:
            client.jobs.append(self.plan_job(self.next_workday(client.end - rng.randint(0, 20))))
            client.end_reason = ClientEndReason.EMPLOYED.value
        else:
            client.end_reason = rng.choice(
                [ClientEndReason.STUDIES, ClientEndReason.OTHER_SERVICE, ClientEndReason.NO_NEED]
            ).value
        client.first_contact_delay = min(client.first_contact_delay, 30)

    def plant_rule_break(self, code: str) -> None:
        """A law-based period 4 months and 12 days long (the law allows at most 4 months)."""
        months_ago = self.rng.randint(7, 11)  # ended in the last few months, whole in the data
        start = self.next_workday(add_months(_d(self.last), -months_ago).toordinal())
        end = add_months(_d(start), 4).toordinal() + 11
        client = ClientPlanned(
            client_id=self.ids.take("client"),
            code=code,
            framing=Framing.LAW.value,
            referral=start - 10,
            start=start,
            end=end,
            end_reason=ClientEndReason.OTHER_SERVICE.value,
            source_id=self.source_ids[1],
            first_contact_delay=14,
            planted=True,
        )
        client.periods.append((start, end))
        self.planted.append(PlantedBreak(self.team_key, code, "too_long", _d(start), _d(end)))
        self.clients.append(client)

    def close_at_history_end(self, client: ClientPlanned) -> None:
        """Nothing after the end of the history has happened yet: it is cut off here."""
        last = self.last
        if client.start is not None and client.start > last:
            client.start = None  # still on the waiting list
            client.end = None
            client.end_reason = None
            client.jobs = []
            client.periods = []
            return
        if client.end is not None and client.end > last:
            client.end = None
            client.end_reason = None
        client.jobs = [j for j in client.jobs if j.start <= last]
        for job in client.jobs:
            if job.end is not None and job.end > last:
                job.end = None
                job.end_reason = None
        client.periods = [p for p in client.periods if p[0] <= last]

    def assign_coaches(self) -> None:
        """Each referral goes to the coach with the lowest load per FTE (often, not always)."""
        ending: list[tuple[int, int]] = []  # (day the client leaves the caseload, coach index)
        for client in self.clients:
            while ending and ending[0][0] < client.referral:
                _day, index = ending.pop(0)
                self.coaches[index].load -= 1
            ranked = sorted(
                range(len(self.coaches)),
                key=lambda i: (self.coaches[i].load / self.coaches[i].fte, i),
            )
            index = ranked[0] if self.rng.random() < 0.75 or len(ranked) == 1 else ranked[1]
            coach = self.coaches[index]
            client.coach = coach
            coach.load += 1
            leaves = client.end if client.end is not None else self.last + 10_000
            bisect.insort(ending, (leaves, index))
        # Clients whose service ended before the history starts are not part of the data,
        # nor law-based periods begun before it (their weekly meetings would be missing).
        self.clients = [
            c
            for c in self.clients
            if (c.end is None or c.end >= self.first)
            and not (c.periods and c.periods[0][0] < self.first)
        ]

    def write_clients(self) -> None:
        for client in self.clients:
            assert client.coach is not None
            self.rows.add(
                "client",
                id=client.client_id,
                team_id=self.team_id,
                code=client.code,
                coach_id=client.coach.staff_id,
                source_id=client.source_id,
                referral_date=_d(client.referral),
                service_start=_d(client.start) if client.start is not None else None,
                service_end=_d(client.end) if client.end is not None else None,
                end_reason=client.end_reason,
                framing=client.framing,
                consent_family=client.consent_family,
                consent_former_employers=client.consent_former_employers,
                legal_hold=False,
            )
            for job in client.jobs:
                job.job_id = self.ids.take("job")
            if client.framing == Framing.MODULAR and client.start is not None:
                self.write_modules(client)
            if client.periods:
                self.write_periods(client)
            self.write_feedback(client)

    def write_modules(self, client: ClientPlanned) -> None:
        """Modules 1 → 2 → 3A/3B → 4 → 5 along the pathway, each assessed after it ends."""
        rng = self.rng
        assert client.start is not None
        first_job = client.jobs[0].start if client.jobs else None
        stops_early = not client.jobs and rng.random() < 0.2
        search_module = Module.INTENSIVE_JOB_SEARCH if client.intensive else Module.JOB_SEARCH
        steps: list[tuple[Module, int, int | None]] = []
        m1_end = client.start + rng.randint(14, 40)
        steps.append((Module.START, client.start, m1_end))
        if not stops_early:
            m2_start = m1_end + rng.randint(1, 10)
            m2_end = m2_start + rng.randint(21, 56)
            steps.append((Module.PROFILE, m2_start, m2_end))
            m3_start = m2_end + rng.randint(1, 10)
            if first_job is not None and first_job > m3_start + 7:
                steps.append((search_module, m3_start, first_job - 1))
                m4_end = first_job + rng.randint(30, 90)
                steps.append((Module.JOB_START, first_job, m4_end))
                steps.append((Module.CONTINUED, m4_end + 1, None))
            else:
                steps.append((search_module, m3_start, None))
        service_end = client.end
        cut = service_end if service_end is not None else self.last
        kept: list[tuple[Module, int, int | None]] = []
        for module, start, end in steps:
            if start > cut:
                break
            if end is None or end >= cut:
                end = service_end  # the module runs until the service ends (or goes on)
            kept.append((module, start, end))
        for number, (module, start, end) in enumerate(kept):
            last_one = number == len(kept) - 1
            assessed = None
            decision = None
            if end is not None:
                assessed_day = end + rng.randint(0, 10)
                # Recently ended modules may still be waiting for their assessment.
                if assessed_day <= self.last and rng.random() < 0.93:
                    assessed = assessed_day
                    if not last_one:
                        decision = f"next:{kept[number + 1][0].value}"
                    elif client.end_reason == ClientEndReason.EMPLOYED:
                        decision = ModuleExit.EMPLOYED.value
                    elif stops_early or client.end_reason == ClientEndReason.OTHER_SERVICE:
                        decision = ModuleExit.OTHER_SERVICE.value
                    elif client.end_reason == ClientEndReason.DECLINED:
                        decision = ModuleExit.DECLINED.value
                    else:
                        decision = ModuleExit.NO_NEED.value
            self.rows.add(
                "module_episode",
                id=self.ids.take("module_episode"),
                client_id=client.client_id,
                module=module.value,
                start_date=_d(start),
                end_date=_d(end) if end is not None else None,
                assessed_on=_d(assessed) if assessed is not None else None,
                decision=decision,
                client_took_part=assessed is not None,
                provider_took_part=assessed is not None,
                purchaser_took_part=assessed is not None and rng.random() < 0.75,
                results=None,
                next_resources=None,
            )

    def write_periods(self, client: ClientPlanned) -> None:
        rng = self.rng
        for start, end in client.periods:
            period_id = self.ids.take("coaching_period")
            finished = end <= self.last
            end_notice = end + rng.randint(0, 5)
            self.rows.add(
                "coaching_period",
                id=period_id,
                client_id=client.client_id,
                start_date=_d(start),
                end_date=_d(end),
                start_notice_on=_d(start),
                end_notice_on=_d(end_notice) if finished and end_notice <= self.last else None,
                feedback=(
                    rng.choice([CoachingPeriodFeedback.ARVI, CoachingPeriodFeedback.WRITTEN]).value
                    if finished
                    else None
                ),
                next_steps_set=finished and rng.random() < 0.8,
            )
            if finished:
                goals = rng.sample(list(CoachingGoal), rng.randint(1, 4))
                for goal in sorted(goals):
                    self.rows.add("coaching_period_goal", period_id=period_id, goal=goal.value)

    def write_feedback(self, client: ClientPlanned) -> None:
        rng = self.rng
        if client.start is None:
            return
        if client.end is not None:
            gives, day = rng.random() < 0.45, client.end
        else:
            gives, day = rng.random() < 0.2, client.start + rng.randint(60, 400)
        if not gives or day > self.last or day < self.first:
            return
        self.rows.add(
            "feedback",
            id=self.ids.take("feedback"),
            client_id=client.client_id,
            date=_d(day),
            score=rng.choices([5, 4, 3, 2, 1], [0.4, 0.35, 0.15, 0.07, 0.03])[0],
            comment=rng.choice(words.FEEDBACK_COMMENTS) if rng.random() < 0.3 else None,
        )

    # ------------------------------------------------------- employer contacts
    def add_employer_contact(
        self,
        day: int,
        staff_id: int,
        pool_index: int,
        *,
        face_to_face: bool,
        client: ClientPlanned | None,
        preference_share: float,
        purpose: str,
    ) -> None:
        rng = self.rng
        employer_id = self.employer_id(pool_index)
        outcome = rng.choices(
            [
                EmployerContactOutcome.FOLLOW_UP,
                EmployerContactOutcome.NO_OPENING,
                EmployerContactOutcome.INTERVIEW,
                EmployerContactOutcome.WORK_TRIAL,
                EmployerContactOutcome.JOB_OFFER,
                None,
            ],
            [0.45, 0.25, 0.1, 0.04, 0.02, 0.14],
        )[0]
        self.rows.add(
            "employer_contact",
            id=self.ids.take("employer_contact"),
            date=_d(day),
            staff_id=staff_id,
            employer_id=employer_id,
            face_to_face=face_to_face,
            client_id=client.client_id if client is not None else None,
            preference_based=(rng.random() < preference_share) if client is not None else None,
            purpose=purpose,
            outcome=outcome.value if outcome is not None else None,
            job_tip=rng.choice(words.JOB_TIPS) if rng.random() < 0.05 else None,
        )
        if client is not None:
            self.contacts_by_client[client.client_id].append((day, pool_index))

    def seeking_purpose(self, coach: Coach) -> str:
        """Purpose of a contact about a job seeker: better coaches work at item 18's top level."""
        good = coach.preference_share
        return self.rng.choices(
            [
                PURPOSE.NEEDS,
                PURPOSE.CLIENT_STRENGTHS,
                PURPOSE.INTERVIEW_REQUEST,
                PURPOSE.SERVICE_INFO,
                PURPOSE.VACANCY_INQUIRY,
                PURPOSE.APPLICATION_ONLY,
            ],
            [0.2 * good, 0.3 * good, 0.2 * good, 0.1, 0.15 * (1.2 - good), 0.05 * (1.2 - good)],
        )[0].value

    def make_employer_contacts(self) -> None:
        """Each coach's weekly face-to-face contacts about job seekers at the coach's own rate,
        contacts with no job seeker named, phone contacts, and the job finder's marketing."""
        by_coach: dict[int, list[ClientPlanned]] = defaultdict(list)
        for client in self.clients:
            assert client.coach is not None
            by_coach[client.coach.staff_id].append(client)
        monday = self.first - ((self.first - 1) % 7)
        for coach in self.coaches:
            # Sweep the weeks with the coach's job seekers: a client is in the list of a week
            # when one of their job-search intervals overlaps it (the day is checked later).
            starts: list[tuple[int, int]] = []
            ends: list[tuple[int, int]] = []
            mine = by_coach[coach.staff_id]
            for index, client in enumerate(mine):
                for a, b in client.seeking_intervals(self.last):
                    starts.append((a, index))
                    ends.append((b, index))
                    self.first_employer_contact(coach, client, a)
            starts.sort()
            ends.sort()
            seeking: list[int] = []
            next_start = next_end = 0
            week = monday
            while week <= self.last:
                week_end = week + 6
                while next_start < len(starts) and starts[next_start][0] <= week_end:
                    bisect.insort(seeking, starts[next_start][1])
                    next_start += 1
                while next_end < len(ends) and ends[next_end][0] < week:
                    seeking.remove(ends[next_end][1])
                    next_end += 1
                days = [
                    d
                    for d in range(max(week, self.first), min(week_end, self.last) + 1)
                    if d in self.workdays and d not in coach.vacation
                ]
                if days:
                    self.coach_week(coach, [mine[i] for i in seeking], days)
                week += 7
        self.job_finder_contacts()

    def first_employer_contact(self, coach: Coach, client: ClientPlanned, day: int) -> None:
        """The first face-to-face contact about a new job seeker (item 15 counts the days)."""
        if (
            client.first_contact_delay
            and client.start is not None
            and day == (client.start + client.first_contact_delay)
        ):
            actual = self.next_workday(day)
            while actual in coach.vacation:
                actual = self.next_workday(actual + 1)
            if self.first <= actual <= self.last and (client.end is None or actual <= client.end):
                self.coach_contact(coach, actual, client, PURPOSE.CLIENT_STRENGTHS.value)

    def coach_contact(
        self,
        coach: Coach,
        day: int,
        client: ClientPlanned | None,
        purpose: str,
        *,
        face_to_face: bool = True,
        pool_index: int | None = None,
    ) -> None:
        """An employer contact by a coach, with an employer from the pool unless given."""
        self.add_employer_contact(
            day,
            coach.staff_id,
            self.pick_employer() if pool_index is None else pool_index,
            face_to_face=face_to_face,
            client=client,
            preference_share=coach.preference_share,
            purpose=purpose,
        )

    def seeker_on(self, seeking: list[ClientPlanned], day: int) -> ClientPlanned | None:
        """One of the coach's job seekers on `day`, None if there is none."""
        candidates = [c for c in seeking if self._seeking_on(c, day)]
        return self.rng.choice(candidates) if candidates else None

    def coach_week(self, coach: Coach, seeking: list[ClientPlanned], days: list[int]) -> None:
        rng = self.rng
        month = _d(days[0]).month
        season = 0.45 if month == 12 and _d(days[0]).day > 18 else 0.7 if month == 7 else 1.0
        share = len(days) / 5
        general = (PURPOSE.NEEDS, PURPOSE.SERVICE_INFO)
        by_phone = (PURPOSE.VACANCY_INQUIRY, PURPOSE.APPLICATION_ONLY, PURPOSE.INTERVIEW_REQUEST)
        # Face to face about a job seeker (item 17), at the coach's own rate.
        for _ in range(_poisson(rng, coach.contact_rate * share * season)):
            day = rng.choice(days)
            named = self.seeker_on(seeking, day)
            purpose = self.seeking_purpose(coach) if named else rng.choice(general).value
            self.coach_contact(coach, day, named, purpose)
        # Face to face with no job seeker named: getting to know employers.
        for _ in range(_poisson(rng, 0.7 * share)):
            self.coach_contact(coach, rng.choice(days), None, rng.choice(general).value)
        # By phone or e-mail.
        for _ in range(_poisson(rng, 1.1 * share)):
            day = rng.choice(days)
            named = self.seeker_on(seeking, day)
            self.coach_contact(coach, day, named, rng.choice(by_phone).value, face_to_face=False)

    def _seeking_on(self, client: ClientPlanned, day: int) -> bool:
        if client.start is None or day < client.start + client.first_contact_delay:
            return False
        if client.end is not None and day > client.end:
            return False
        for job in client.jobs:
            if job.start <= day and (job.end is None or day <= job.end):
                return False
        return True

    def job_finder_contacts(self) -> None:
        """The job finder (module 3B) markets intensive job seekers to employers."""
        rng = self.rng
        intensive = [c for c in self.clients if c.intensive]
        for day in self.workday_list:
            if day < self.first or day > self.last:
                continue
            for _ in range(_poisson(rng, 1.4)):
                candidates = [c for c in intensive if self._seeking_on(c, day)]
                named = rng.choice(candidates) if candidates else None
                self.add_employer_contact(
                    day,
                    self.job_finder_id,
                    self.pick_employer(),
                    face_to_face=True,
                    client=named,
                    preference_share=0.85,
                    purpose=rng.choice([PURPOSE.CLIENT_STRENGTHS, PURPOSE.NEEDS]).value,
                )

    # ------------------------------------------------------------------- jobs
    def write_jobs(self) -> None:
        """Jobs, most often with an employer the team met about the client beforehand."""
        rng = self.rng
        for client in self.clients:
            met = sorted(self.contacts_by_client.get(client.client_id, []))
            for job in client.jobs:
                before = [pool for day, pool in met if job.start - 120 <= day < job.start]
                pool_index = before[-1] if before and rng.random() < 0.7 else self.pick_employer()
                job.pool_index = pool_index
                job.employer_id = self.employer_id(pool_index)
                code, title = job.occupation
                self.rows.add(
                    "job",
                    id=job.job_id,
                    key=f"{self.team_key}-J{job.job_id:06d}",
                    client_id=client.client_id,
                    employer_id=job.employer_id,
                    title=title,
                    job_type=code,
                    start_date=_d(job.start),
                    end_date=_d(job.end)
                    if job.end is not None
                    else (_d(job.planned_end) if not job.permanent and job.planned_end else None),
                    end_reason=job.end_reason if job.end is not None else None,
                    competitive=job.competitive,
                    permanent=job.permanent,
                    hours_per_week=job.hours,
                )

    # -------------------------------------------------------- client contacts
    def make_client_contacts(self) -> None:
        for client in self.clients:
            if client.start is None:
                continue
            contacts = ClientContacts(self, client)
            contacts.generate()

    # ---------------------------------------------------------- team meetings
    def make_team_meetings(self) -> None:
        rng = self.rng
        monday = self.first - ((self.first - 1) % 7)
        week = monday
        month_seen: set[tuple[int, int]] = set()
        while week <= self.last:
            # Weekly coaching-team supervision (items 7, 8.2), on Tuesday.
            day = self.workday_between(max(week + 1, self.first), week + 4)
            if day is not None and day <= self.last:
                present = [c for c in self.coaches if day not in c.vacation]
                if len(present) * 2 > len(self.coaches) and rng.random() > 0.06:
                    self.add_meeting(day, MeetingKind.COACHING_SUPERVISION, present, tips=True)
            # Weekly multi-professional team meeting with the attached team (item 5.1).
            day = self.workday_between(max(week + 3, self.first), week + 4)
            if day is not None and day <= self.last and rng.random() > 0.15:
                present = [c for c in self.coaches if day not in c.vacation]
                if present:
                    chosen = rng.sample(present, min(len(present), rng.randint(2, 4)))
                    chosen.sort(key=lambda c: c.staff_id)
                    self.add_meeting(day, MeetingKind.MDT_MEETING, chosen, tips=False)
            # A partner meeting once a month (item 6).
            key = (_d(week).year, _d(week).month)
            if key not in month_seen and _d(week).day <= 7:
                day = self.workday_between(max(week + 2, self.first), week + 4)
                if day is not None and day <= self.last:
                    month_seen.add(key)
                    chosen = rng.sample(self.coaches, min(2, len(self.coaches)))
                    chosen.sort(key=lambda c: c.staff_id)
                    self.add_meeting(day, MeetingKind.PARTNER_MEETING, chosen, tips=False)
            week += 7

    def add_meeting(self, day: int, kind: MeetingKind, coaches: list[Coach], tips: bool) -> None:
        rng = self.rng
        meeting_id = self.ids.take("team_meeting")
        job_tips = None
        if tips and rng.random() < 0.45:
            job_tips = "; ".join(rng.sample(words.JOB_TIPS, rng.randint(1, 2)))
        decisions = rng.choice(words.MEETING_DECISIONS) if rng.random() < 0.6 else None
        attendees = [self.leader_id] + [c.staff_id for c in coaches]
        supervision = kind == MeetingKind.COACHING_SUPERVISION
        self.rows.add(
            "team_meeting",
            id=meeting_id,
            team_id=self.team_id,
            date=_d(day),
            kind=kind.value,
            job_tips=job_tips,
            decisions=None if supervision else decisions,
        )
        for staff_id in sorted(set(attendees)):
            self.rows.add("team_meeting_attendee", meeting_id=meeting_id, staff_id=staff_id)
        if supervision:
            self.add_decisions(meeting_id, day, decisions, attendees)

    def make_log_reviews(self) -> None:
        """The team leader reviews the employer-contact log most weeks, on the Monday to
        Wednesday after the week (item 17); the last week may still wait for it."""
        rng = self.decision_rng
        monday = self.first - ((self.first - 1) % 7)
        while monday + 6 < self.last:
            reviewed = monday + 7 + rng.randint(0, 2)
            if reviewed <= self.last and rng.random() < 0.85:
                self.rows.add(
                    "employer_log_review",
                    id=self.ids.take("employer_log_review"),
                    team_id=self.team_id,
                    week_start=_d(monday),
                    reviewed_on=_d(reviewed),
                    reviewer_id=self.leader_id,
                )
            monday += 7

    def add_decisions(
        self, meeting_id: int, day: int, first: str | None, attendees: list[int]
    ) -> None:
        """A supervision's decisions with owners and due dates; most of the older ones done."""
        rng = self.decision_rng
        texts = [first] if first else []
        if rng.random() < 0.35:
            texts.append(rng.choice([t for t in words.MEETING_DECISIONS if t != first]))
        for number, text in enumerate(texts, start=1):
            due = day + rng.choice((2, 7, 14, 21))
            status, closed = DecisionStatus.OPEN, None
            if due <= self.last - 3 and rng.random() < 0.9:
                status = DecisionStatus.DONE if rng.random() < 0.9 else DecisionStatus.CANCELLED
                closed = min(max(day, due + rng.randint(-3, 3)), self.last)
            self.rows.add(
                "team_meeting_decision",
                id=self.ids.take("team_meeting_decision"),
                meeting_id=meeting_id,
                number=number,
                text=text,
                owner_id=rng.choice(attendees),
                due_date=_d(due),
                status=status.value,
                closed_on=_d(closed) if closed is not None else None,
            )

    # --------------------------------------------------------- steering group
    def make_steering(self) -> None:
        """Quarterly steering-group meetings, and actions in every status."""
        rng = self.rng
        meetings: list[tuple[int, int]] = []  # (day, id)
        quarter_start = date(_d(self.first).year, 3 * ((_d(self.first).month - 1) // 3) + 1, 1)
        number = 0
        while quarter_start.toordinal() <= self.last:
            day = self.workday_between(
                add_months(quarter_start, 1).toordinal() + 7,
                add_months(quarter_start, 1).toordinal() + 20,
            )
            if day is not None and self.first <= day <= self.last:
                number += 1
                meeting_id = self.ids.take("steering_meeting")
                meetings.append((day, meeting_id))
                self.rows.add(
                    "steering_meeting",
                    id=meeting_id,
                    key=f"{self.team_key}-M{number:02d}",
                    team_id=self.team_id,
                    date=_d(day),
                    participants=words.STEERING_PARTICIPANTS,
                    notes=rng.choice(words.STEERING_NOTES),
                )
            quarter_start = add_months(quarter_start, 3)
        if not meetings:
            return
        count = min(len(words.STEERING_ACTIONS), max(6, len(meetings)))
        chosen = rng.sample(range(len(words.STEERING_ACTIONS)), count)
        # Older actions are done or cancelled, recent ones in progress or planned;
        # the position in `statuses` follows the creation order.
        statuses = self.action_statuses(count)
        for number, (pick, status) in enumerate(zip(chosen, statuses, strict=True), start=1):
            title, items = words.STEERING_ACTIONS[pick]
            meeting_day, meeting_id = meetings[
                min(len(meetings) - 1, (number - 1) * len(meetings) // count)
            ]
            due = meeting_day + rng.randint(60, 180)
            overdue = status == ActionStatus.IN_PROGRESS and number == count - 2
            if overdue:
                due = min(due, self.last - 14)
                due = max(due, meeting_day + 1)
            done = None
            if status == ActionStatus.DONE:
                done = min(self.last, meeting_day + rng.randint(30, 200))
            action_id = self.ids.take("steering_action")
            self.rows.add(
                "steering_action",
                id=action_id,
                key=f"{self.team_key}-A{number:02d}",
                team_id=self.team_id,
                title=title,
                status=status.value,
                owner=self.leader_name if rng.random() < 0.6 else "Palvelujohtaja",
                created_on=_d(meeting_day),
                due_date=_d(due),
                done_on=_d(done) if done is not None else None,
                meeting_id=meeting_id,
            )
            for item in items:
                self.rows.add("steering_action_item", action_id=action_id, item=item)
            if status != ActionStatus.PLANNED:
                note_day = meeting_day
                for _ in range(rng.randint(1, 3)):
                    note_day += rng.randint(14, 60)
                    if note_day > self.last or (done is not None and note_day > done):
                        break
                    self.rows.add(
                        "steering_action_note",
                        id=self.ids.take("steering_action_note"),
                        action_id=action_id,
                        date=_d(note_day),
                        text=rng.choice(words.ACTION_NOTES),
                    )

    @staticmethod
    def action_statuses(count: int) -> list[ActionStatus]:
        """Every status present: the oldest done or cancelled, the newest planned."""
        old = count - 4
        statuses = [ActionStatus.DONE] * max(1, old - 1) + [ActionStatus.CANCELLED]
        statuses += [ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED]
        statuses += [ActionStatus.PLANNED] * (count - len(statuses))
        return statuses[:count]

    # ----------------------------------------------------- fidelity and goals
    def make_assessments(self) -> None:
        """Assessments 6, 18, 30, … months before the end of the history, improving over time."""
        rng = self.rng
        days = []
        months_back = 6
        while True:
            day = add_months(_d(self.last), -months_back).toordinal()
            if day < self.first + 60:
                break
            days.append(self.next_workday(day))
            months_back += 12
        days.reverse()
        base = rng.uniform(2.9, 3.3)
        for number, day in enumerate(days, start=1):
            kind = AssessmentKind.EXTERNAL if number % 2 == 0 else AssessmentKind.SELF
            assessment_id = self.ids.take("fidelity_assessment")
            assessors = (
                f"{self.leader_name} (tiiminvetäjä), {self.coaches[0].name}"
                if kind == AssessmentKind.SELF
                else "IPS-arvioijaverkosto, kaksi ulkoista arvioijaa"
            )
            finalised = _d(day)
            self.rows.add(
                "fidelity_assessment",
                id=assessment_id,
                key=f"{self.team_key}-F{number}",
                team_id=self.team_id,
                date=_d(day),
                kind=kind.value,
                assessors=assessors,
                place=self.town,
                status=AssessmentStatus.FINAL.value,
                based_on_id=None,
                finalised_at=_finalised(finalised),
            )
            level = base + 0.25 * (number - 1)
            for item in range(1, 26):
                score = max(1, min(5, round(rng.gauss(level, 0.8))))
                self.rows.add(
                    "fidelity_item_score",
                    id=self.ids.take("fidelity_item_score"),
                    assessment_id=assessment_id,
                    item=item,
                    score=score,
                    note=rng.choice(words.ASSESSMENT_NOTES) if rng.random() < 0.3 else None,
                    suggested_score=None,
                    evidence=None,
                )
                if item in SUBCRITERIA_COUNT:
                    self.write_subcriteria(assessment_id, item, score)

    def write_subcriteria(self, assessment_id: int, item: int, score: int) -> None:
        """Sub-criteria met, as many as the score needs (DOMAIN.md §4)."""
        total = SUBCRITERIA_COUNT[item]
        if item == 13:
            met_count = score - 1  # 0 → 1, 1 → 2, … 4 → 5
        elif item == 25:
            met_count = 2 if score == 1 else score + 1  # ≤2 → 1, 3 → 2, … 6 → 5
        else:
            met_count = 1 if score == 1 else score  # 0–1 → 1, 2 → 2, … 5 → 5
        met = set(self.rng.sample(range(1, total + 1), met_count))
        for number in range(1, total + 1):
            self.rows.add(
                "fidelity_subcriterion",
                id=self.ids.take("fidelity_subcriterion"),
                assessment_id=assessment_id,
                item=item,
                number=number,
                met=number in met,
            )

    def make_goals(self) -> None:
        """Goals for every quarter of the history (item 8.5); actuals come from the records."""
        rng = self.rng
        goals = (
            (GoalMeasure.EMPLOYER_CONTACTS_PER_WEEK, (5.0, 6.0)),
            (GoalMeasure.EMPLOYMENT_RATE_IPS, (35.0, 41.0, 45.0)),
            (GoalMeasure.DAYS_TO_FIRST_EMPLOYER_CONTACT, (30.0, 45.0)),
            (GoalMeasure.CASELOAD_RATIO, (20.0,)),
            (GoalMeasure.FEEDBACK_MEAN, (4.0, 4.2)),
            (GoalMeasure.COMMUNITY_BASED_SHARE, (50.0, 65.0)),
        )
        quarter_start = date(_d(self.first).year, 3 * ((_d(self.first).month - 1) // 3) + 1, 1)
        while quarter_start.toordinal() <= self.last:
            quarter = f"{quarter_start.year}Q{(quarter_start.month - 1) // 3 + 1}"
            for measure, targets in rng.sample(goals, rng.randint(3, 4)):
                self.rows.add(
                    "quarterly_goal",
                    id=self.ids.take("quarterly_goal"),
                    team_id=self.team_id,
                    quarter=quarter,
                    measure=measure.value,
                    target=rng.choice(targets),
                    actual=None,
                    owner=self.leader_name,
                    staff_id=None,
                    note=None,
                    carried_from_id=None,
                )
            quarter_start = add_months(quarter_start, 3)


def _finalised(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)


class ClientContacts:
    """The contacts of one client: meetings, plans, follow-along support, outreach."""

    def __init__(self, team: TeamSimulation, client: ClientPlanned):
        self.team = team
        self.client = client
        self.rng = team.rng
        assert client.coach is not None and client.start is not None
        self.coach = client.coach
        self.first = max(client.start, team.first)
        self.last = min(client.end if client.end is not None else team.last, team.last)

    def add(
        self,
        day: int,
        kind: ClientContactKind,
        *,
        staff_id: int | None = None,
        place: Place | None = None,
        face_to_face: bool = True,
        minutes: int | None = None,
        job: JobPlan | None = None,
        no_show: bool = False,
        keep_in_vacation: bool = False,
    ) -> bool:
        """Record a contact if the day is a working day within the service; returns whether
        it was recorded."""
        team = self.team
        staff = staff_id if staff_id is not None else self.coach.staff_id
        if day < self.first or day > self.last or day not in team.workdays:
            return False
        if staff == self.coach.staff_id and day in self.coach.vacation and not keep_in_vacation:
            return False
        if place is None:
            place = self.place() if face_to_face else Place.REMOTE
        team.rows.add(
            "client_contact",
            id=team.ids.take("client_contact"),
            client_id=self.client.client_id,
            staff_id=staff,
            date=_d(day),
            kind=kind.value,
            face_to_face=face_to_face,
            place=place.value,
            minutes=minutes if minutes is not None else self.rng.choice((30, 45, 60, 60, 90)),
            job_id=job.job_id if job is not None else None,
            no_show=no_show,
        )
        return True

    def place(self) -> Place:
        if self.rng.random() < self.coach.community_share:
            return self.rng.choice((Place.COMMUNITY, Place.COMMUNITY, Place.HOME, Place.WORKPLACE))
        return Place.OFFICE if self.rng.random() < 0.8 else Place.REMOTE

    def generate(self) -> None:
        client = self.client
        if client.periods:
            self.law_meetings()
        else:
            self.intake_and_plans()
            self.search_meetings()
        for index, job in enumerate(client.jobs):
            self.follow_along(job, first=index == 0)
        self.benefits_and_others()

    def intake_and_plans(self) -> None:
        rng = self.rng
        client = self.client
        assert client.start is not None
        self.add(client.start, CONTACT.MEETING, place=Place.OFFICE, minutes=60)
        for kind, delay in (
            (PlanKind.VOCATIONAL_PROFILE, rng.randint(7, 30)),
            (PlanKind.JOB_SEARCH_PLAN, rng.randint(14, 45)),
        ):
            day = self.team.next_workday(client.start + delay)
            while day <= self.last:
                contact_kind = CONTACT(kind.value)
                if self.add(day, contact_kind, minutes=60) and day >= self.team.first:
                    self.team.rows.add(
                        "client_plan",
                        id=self.team.ids.take("client_plan"),
                        client_id=client.client_id,
                        kind=kind.value,
                        date=_d(day),
                        note=None,
                    )
                day = self.team.next_workday(day + rng.randint(90, 200))

    def search_meetings(self) -> None:
        """A meeting every week or two while the client looks for work; missed meetings are
        usually followed by an outreach attempt within a few days (item 25.2)."""
        rng = self.rng
        for a, b in self.client.seeking_intervals(self.team.last):
            day = self.team.next_workday(max(a, self.first) + rng.randint(0, 4))
            while day <= min(b, self.last):
                no_show = rng.random() < 0.08
                recorded = self.add(day, CONTACT.MEETING, no_show=no_show)
                if recorded and no_show and rng.random() < 0.85:
                    self.add(
                        self.team.next_workday(day + rng.randint(1, 3)),
                        CONTACT.OUTREACH_ATTEMPT,
                        face_to_face=False,
                        minutes=10,
                    )
                day = self.team.next_workday(day + rng.randint(5, 12))

    def law_meetings(self) -> None:
        """One or two meetings in every 7-day block of a law-based period (seed 004). When
        the coach is on holiday a colleague meets the client (item 7: they stand in)."""
        team = self.team
        rng = self.rng
        for start, end in self.client.periods:
            block = start
            while block <= min(end, team.last):
                block_end = min(block + 6, end)
                for _ in range(rng.randint(1, 2)):
                    day = team.workday_between(block, min(block_end, team.last))
                    if day is None:
                        continue
                    staff = self.coach.staff_id
                    if day in self.coach.vacation:
                        stand_ins = [c for c in team.coaches if day not in c.vacation]
                        staff = stand_ins[0].staff_id if stand_ins else team.leader_id
                    self.add_in_period(day, staff)
                block += 7

    def add_in_period(self, day: int, staff_id: int) -> None:
        """A law-period meeting, by the coach or a stand-in, whatever the coach's holidays."""
        team = self.team
        team.rows.add(
            "client_contact",
            id=team.ids.take("client_contact"),
            client_id=self.client.client_id,
            staff_id=staff_id,
            date=_d(day),
            kind=CONTACT.MEETING.value,
            face_to_face=True,
            place=self.place().value if self.rng.random() < 0.9 else Place.OFFICE.value,
            minutes=self.rng.choice((45, 60, 90)),
            job_id=None,
            no_show=False,
        )

    def follow_along(self, job: JobPlan, first: bool) -> None:
        """Item 23's checkpoints, each kept with the coach's diligence: within 7 days before
        the start, within 3 days after, every week of the first month, every month of the
        first year; and contact within 3 working days after the job ends."""
        rng = self.rng
        team = self.team
        keep = self.coach.diligence
        if first and rng.random() < 0.45:
            self.add(
                team.next_workday(job.start - rng.randint(14, 40)), CONTACT.DISCLOSURE_DISCUSSION
            )
        if rng.random() < keep:
            day = team.workday_between(job.start - 7, job.start - 1)
            if day is not None:
                self.add(day, CONTACT.MEETING, job=job)
        if rng.random() < keep:
            day = team.workday_between(job.start, job.start + 3)
            if day is not None:
                self.add(day, CONTACT.FOLLOW_ALONG, place=Place.WORKPLACE, job=job)
        job_last = job.end if job.end is not None else team.last
        for week in range(1, 4):
            first_day = job.start + 7 * week
            if first_day > job_last:
                break
            if rng.random() < keep:
                day = team.workday_between(first_day, min(first_day + 6, job_last))
                if day is not None:
                    self.add(day, CONTACT.FOLLOW_ALONG, job=job)
        month_start = job.start + 28
        while month_start <= min(job_last, job.start + 365):
            if rng.random() < keep:
                day = team.workday_between(month_start, min(month_start + 29, job_last))
                if day is not None:
                    self.add(day, CONTACT.FOLLOW_ALONG, job=job)
            if month_start < job.start + 180 and rng.random() < 0.5:
                # The coach also supports the employer (in-work support, item 22).
                day = team.workday_between(month_start, min(month_start + 29, job_last))
                if (
                    day is not None
                    and self.first <= day <= self.last
                    and day not in self.coach.vacation
                ):
                    team.coach_contact(
                        self.coach,
                        day,
                        self.client,
                        PURPOSE.IN_WORK_SUPPORT.value,
                        pool_index=job.pool_index,
                    )
            month_start += 30
        if job.end is not None and rng.random() < 0.85:
            day = team.workday_between(job.end + 1, add_working_days(_d(job.end), 3).toordinal())
            if day is not None:
                self.add(day, CONTACT.MEETING, job=job)

    def benefits_and_others(self) -> None:
        """Benefits counselling by the team's counsellor, family and partner contacts."""
        rng = self.rng
        team = self.team
        client = self.client
        assert client.start is not None
        if rng.random() < 0.55:
            self.add(
                team.next_workday(client.start + rng.randint(5, 60)),
                CONTACT.BENEFITS_COUNSELLING,
                staff_id=team.benefits_id,
                place=Place.OFFICE,
            )
        for job in client.jobs:
            if rng.random() < 0.4:
                self.add(
                    team.next_workday(job.start - rng.randint(5, 30)),
                    CONTACT.BENEFITS_COUNSELLING,
                    staff_id=team.benefits_id,
                    place=Place.OFFICE,
                )
        if client.consent_family:
            for _ in range(rng.randint(1, 3)):
                self.add(
                    team.next_workday(client.start + rng.randint(10, 400)),
                    CONTACT.FAMILY_CONTACT,
                    face_to_face=rng.random() < 0.4,
                    minutes=30,
                )
        if rng.random() < 0.6:
            day = team.next_workday(client.start + rng.randint(10, 40))
            while day <= self.last:
                self.add(day, CONTACT.PARTNER_CONTACT, face_to_face=rng.random() < 0.5, minutes=30)
                day = team.next_workday(day + rng.randint(30, 60))
