"""Quarterly goals (item 8.5, `ote.goals`): the actual of every measure from the metrics
engine over the right window, per coach where the engine has a coach's figure, goals with
met True/False/None, the saving rules and carrying unmet goals over – on hand-built teams,
on SQLite and PostgreSQL. Another team's rows are in every database and never show.

The quarter is 2026Q2: Wednesday 1.4. – Tuesday 30.6.2026, 91 days. The ISO weeks wholly in
it are the 12 weeks of Mondays 6.4. … 22.6. (1.–5.4. and 29.–30.6. belong to no full week).
Team A ("GA"):

- Aino, coach, FTE 1.0, coaching share 0.9; Bertta, coach, FTE 0.5, share 0.8; Leena, team
  leader. Sources RA (attached) and RB (not).
- AB000–AB019: Aino's, in service since 1.1.2024; BB000–BB006: Bertta's, likewise.
  AB018 has worked since 1.6.2025 (competitive, permanent); AB019 had a job 1.–31.3.2026.
- K1 Aino RA, referred 10.4., started 15.4.; job (competitive, permanent) from 20.5.
- K2 Aino RB, referred 1.5., 5.5.–30.6.; job (competitive, fixed-term) 1.–20.6.
- K3 Bertta RA, referred 31.3., 1.4.–29.6.; job (not competitive) 20.4.–10.5.
- K4 Bertta RA, referred 30.6., not started. K5 Bertta RB, referred 1.7., not started.
- K6 Bertta RB, referred 1.12.2025, 5.1.–31.3.2026; job from 1.2.2026.
- K7 Aino RB, referred 15.6., starts 1.7.; job from 1.7.
- K8 Bertta RA, referred 10.1., started 1.2.2026, working since 1.9.2025 (a job at start).
- K9 Aino RA, referred 1.11.2025, 10.11.2025–1.4.2026.

Employer contacts (face to face unless said): Aino 34 about AB000–AB016 every other day
from 6.4. to 11.6. (the first 17 preference-based, the rest not or unmarked), about K1 on
25.4. (preference-based), K2 on 25.5. (not), AB001 on 2.4. and AB002 on 30.6. (both
preference-based; outside the full weeks), AB003 on 31.3. and AB004 on 1.7. (outside the
quarter), one about no client on 4.5.; Bertta 6 about BB000–BB005 weekly from 7.4. (not
preference-based), one by phone about BB001 on 8.4. (preference-based), one about K3 on 1.7.
Client contacts: K1 20.4. community 60 min, 5.5. office 60; AB000 30.6. home 30; BB000 1.4.
office 90; outside the quarter or not counted: AB001 31.3. home 100, 1.7. workplace 100,
AB002 10.5. workplace 45 no-show, AB003 11.5. remote 30 by phone.
Feedback: K1 30.4. 4, K2 30.6. 5, AB000 1.5. 2; AB001 31.3. 1 and 1.7. 1 (outside).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from team_builder import DatabaseBuilder

from ote import models as m
from ote.enums import GoalMeasure
from ote.goals import (
    CARRIED_NOTE,
    LOWER_IS_BETTER,
    PER_COACH,
    GoalRow,
    actual,
    carry_over,
    create_goal,
    delete_goal,
    full_weeks,
    goal_met,
    goals,
    is_over,
    next_quarter,
    update_goal,
)
from ote.metrics.caseload import caseload_ratio, coaching_share
from ote.metrics.client_contacts import community_based_work
from ote.metrics.employer_contacts import (
    days_to_first_employer_contact,
    employer_contacts_per_week,
    preference_based_contacts,
)
from ote.metrics.jobs import competitive_permanent_jobs
from ote.metrics.referrals import attached_referrals
from ote.metrics.results import employment_rate_ips, employment_rate_out_of_work, results
from ote.records.base import NotFound
from ote.validation import ValidationFailed

G = GoalMeasure
Q2 = "2026Q2"
FIRST, LAST = date(2026, 4, 1), date(2026, 6, 30)
AFTER = date(2026, 7, 15)  # Q2 is over
MIDWAY = date(2026, 5, 15)  # Q2 runs: 1.4.–15.5. is 45 days, 5 full weeks (6.4.–10.5.)
TODAY = date(2026, 7, 15)
HETU = "131052-308T"  # a valid Finnish personal identity code (the classic example)
OLD = date(2024, 1, 1)


@dataclass
class World:
    team: int
    other: int  # team B
    aino: int
    bertta: int
    leena: int
    olli: int  # team B's coach
    other_goal: int  # team B's unmet goal for Q2


def build(database) -> World:
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Tiimi A", key="GA")
        aino = b.staff(team, "Aino", fte=1.0, share=0.9)
        bertta = b.staff(team, "Bertta", fte=0.5, share=0.8)
        leena = b.staff(team, "Leena", role="team_leader")
        ra = b.source(team, "RA", attached=True)
        rb = b.source(team, "RB", attached=False)
        emp = b.employer()
        ab = b.clients(team, aino, ra, "AB", 20, OLD, OLD)
        bb = b.clients(team, bertta, ra, "BB", 7, OLD, OLD)
        k1 = b.client(team, aino, ra, "K01", date(2026, 4, 10), date(2026, 4, 15))
        k2 = b.client(team, aino, rb, "K02", date(2026, 5, 1), date(2026, 5, 5), date(2026, 6, 30))
        k3 = b.client(
            team, bertta, ra, "K03", date(2026, 3, 31), date(2026, 4, 1), date(2026, 6, 29)
        )
        b.client(team, bertta, ra, "K04", date(2026, 6, 30), None)
        b.client(team, bertta, rb, "K05", date(2026, 7, 1), None)
        k6 = b.client(
            team, bertta, rb, "K06", date(2025, 12, 1), date(2026, 1, 5), date(2026, 3, 31)
        )
        k7 = b.client(team, aino, rb, "K07", date(2026, 6, 15), date(2026, 7, 1))
        k8 = b.client(team, bertta, ra, "K08", date(2026, 1, 10), date(2026, 2, 1))
        b.client(team, aino, ra, "K09", date(2025, 11, 1), date(2025, 11, 10), date(2026, 4, 1))

        b.job(k1, emp, "siivous", date(2026, 5, 20))
        b.job(k2, emp, "kauppa", date(2026, 6, 1), permanent=False, end=date(2026, 6, 20))
        b.job(k3, emp, "kahvila", date(2026, 4, 20), False, False, date(2026, 5, 10))
        b.job(k6, emp, "siivous", date(2026, 2, 1))
        b.job(k7, emp, "siivous", date(2026, 7, 1))
        b.job(k8, emp, "varasto", date(2025, 9, 1))
        b.job(ab[18], emp, "varasto", date(2025, 6, 1))
        b.job(ab[19], emp, "varasto", date(2026, 3, 1), end=date(2026, 3, 31))

        def employer_contact(staff, day, client, pref, face_to_face=True):
            b.add(
                m.EmployerContact(
                    date=day,
                    staff_id=staff.id,
                    employer_id=emp.id,
                    face_to_face=face_to_face,
                    client_id=None if client is None else client.id,
                    preference_based=pref,
                )
            )

        for i in range(34):
            pref = True if i < 17 else (None if i % 2 else False)
            employer_contact(aino, date(2026, 4, 6) + timedelta(days=2 * i), ab[i % 17], pref)
        employer_contact(aino, date(2026, 4, 25), k1, True)
        employer_contact(aino, date(2026, 5, 25), k2, False)
        employer_contact(aino, date(2026, 4, 2), ab[1], True)
        employer_contact(aino, date(2026, 6, 30), ab[2], True)
        employer_contact(aino, date(2026, 3, 31), ab[3], True)
        employer_contact(aino, date(2026, 7, 1), ab[4], True)
        employer_contact(aino, date(2026, 5, 4), None, True)
        for i in range(6):
            employer_contact(bertta, date(2026, 4, 7) + timedelta(weeks=i), bb[i], False)
        employer_contact(bertta, date(2026, 4, 8), bb[1], True, face_to_face=False)
        employer_contact(bertta, date(2026, 7, 1), k3, True)

        b.contact(k1, aino, date(2026, 4, 20), place="community", minutes=60)
        b.contact(k1, aino, date(2026, 5, 5), place="office", minutes=60)
        b.contact(ab[0], aino, date(2026, 6, 30), place="home", minutes=30)
        b.contact(bb[0], bertta, date(2026, 4, 1), place="office", minutes=90)
        b.contact(ab[1], aino, date(2026, 3, 31), place="home", minutes=100)
        b.contact(ab[1], aino, date(2026, 7, 1), place="workplace", minutes=100)
        b.contact(ab[2], aino, date(2026, 5, 10), place="workplace", minutes=45, no_show=True)
        b.contact(ab[3], aino, date(2026, 5, 11), place="remote", minutes=30, face_to_face=False)

        for client, day, score in [
            (k1, date(2026, 4, 30), 4),
            (k2, date(2026, 6, 30), 5),
            (ab[0], date(2026, 5, 1), 2),
            (ab[1], date(2026, 3, 31), 1),
            (ab[1], date(2026, 7, 1), 1),
        ]:
            b.add(m.Feedback(client_id=client.id, date=day, score=score))

        # Team B: its rows fall in the same quarter and must change nothing of team A's.
        other = b.team("Tiimi B", key="GB")
        olli = b.staff(other, "Olli", fte=1.0, share=0.5)
        rbb = b.source(other, "RBB", attached=True)
        emp_b = b.employer()
        ob1 = b.client(other, olli, rbb, "OB1", date(2026, 5, 1), date(2026, 5, 2))
        b.job(ob1, emp_b, "siivous", date(2026, 5, 10))
        b.add(
            m.EmployerContact(
                date=date(2026, 5, 5),
                staff_id=olli.id,
                employer_id=emp_b.id,
                face_to_face=True,
                client_id=ob1.id,
                preference_based=True,
            )
        )
        b.contact(ob1, olli, date(2026, 5, 6), place="community", minutes=500)
        b.add(m.Feedback(client_id=ob1.id, date=date(2026, 5, 20), score=1))
        # Team B's goal on a measure it misses (3 days to the first contact > 1).
        other_goal = b.add(
            m.QuarterlyGoal(
                team_id=other.id,
                quarter=Q2,
                measure=G.DAYS_TO_FIRST_EMPLOYER_CONTACT.value,
                target=1.0,
                owner="Olli",
            )
        )
        return World(team.id, other.id, aino.id, bertta.id, leena.id, olli.id, other_goal.id)


@pytest.fixture
def world(database) -> World:
    return build(database)


def goal_count(database, team_id: int | None = None) -> int:
    query = select(func.count()).select_from(m.QuarterlyGoal)
    if team_id is not None:
        query = query.where(m.QuarterlyGoal.team_id == team_id)
    with database.read() as s:
        return s.execute(query).scalar_one()


def stored_goals(database, team_id: int) -> list[m.QuarterlyGoal]:
    with database.read() as s:
        query = select(m.QuarterlyGoal).where(m.QuarterlyGoal.team_id == team_id)
        return list(s.execute(query.order_by(m.QuarterlyGoal.id)).scalars())


def keys(failure) -> list[tuple[str, str]]:
    return [(e.field, e.key) for e in failure.value.errors]


# ============================================================== quarters and weeks
def test_next_quarter_and_over():
    assert next_quarter("2026Q1") == "2026Q2"
    assert next_quarter("2026Q3") == "2026Q4"
    assert next_quarter("2026Q4") == "2027Q1"
    for bad in ("2026Q5", "2026Q0", "26Q1", "1999Q4", "2026-Q1", ""):
        with pytest.raises(ValueError):
            next_quarter(bad)
    assert not is_over(Q2, LAST)  # its last day still runs
    assert is_over(Q2, date(2026, 7, 1))
    assert not is_over(Q2, date(2026, 3, 1))


def test_full_weeks_in_a_quarter():
    assert full_weeks(FIRST, LAST) == 12  # Mondays 6.4. … 22.6.
    assert full_weeks(date(2026, 7, 1), date(2026, 9, 30)) == 12  # 6.7. … 21.9.
    assert full_weeks(date(2024, 1, 1), date(2024, 3, 31)) == 13  # Monday 1.1. – Sunday 31.3.
    assert full_weeks(FIRST, MIDWAY) == 5  # 6.4., 13.4., 20.4., 27.4., 4.5.
    assert full_weeks(FIRST, date(2026, 4, 11)) == 0  # 6.–12.4. not over
    assert full_weeks(FIRST, date(2026, 4, 12)) == 1


def test_goal_met_with_lower_is_better():
    assert {"caseload_ratio", "days_to_first_employer_contact"} == LOWER_IS_BETTER
    assert goal_met("caseload_ratio", 20.0, 20.0) is True
    assert goal_met("caseload_ratio", 20.0, 26 / (0.6 + 0.7)) is True  # 20.000000000000004
    assert goal_met("caseload_ratio", 20.0, 20.5) is False
    assert goal_met("days_to_first_employer_contact", 30.0, 31.0) is False
    assert goal_met("employment_rate_ips", 41.0, 41.0) is True
    assert goal_met("employment_rate_ips", 41.0, 40.9) is False
    assert goal_met("feedback_mean", 4.0, None) is None


# ============================================================== actuals, by hand
HAND = {
    G.CASELOAD_RATIO: 30 / 1.5,  # Aino 22 (20 + K1 + K2) + Bertta 8 (7 + K8) on 30.6. = 20.0
    G.COACHING_SHARE: 100 * (1.0 * 0.9 + 0.5 * 0.8) / 1.5,  # 86.67 %
    G.ATTACHED_REFERRAL_SHARE: 50.0,  # referred K1 (RA), K2, K4 (RA), K7: 2 / 4
    G.DAYS_TO_FIRST_EMPLOYER_CONTACT: 15.0,  # K1 10, K2 20; K3 none by 30.6. and ended
    G.PREFERENCE_BASED_SHARE: 100 * 21 / 45,  # Aino 20 of 38, Bertta 1 of 7
    G.EMPLOYER_CONTACTS_PER_WEEK: 1.75,  # Aino 36 / 12 = 3.0, Bertta 6 / 12 = 0.5; mean
    G.COMPETITIVE_PERMANENT_SHARE: 100 / 3,  # jobs started: K1 (yes), K2, K3
    G.COMMUNITY_BASED_SHARE: 37.5,  # (60 + 30) of 60 + 60 + 30 + 90 minutes
    G.EMPLOYMENT_RATE_IPS: 12.5,  # K1, K2, K8, AB018 of 32 (27 + K1 K2 K3 K8 K9)
    G.EMPLOYMENT_RATE_OUT_OF_WORK: 100 * 5 / 31,  # K1 K2 K3 AB018 AB019 of 32 − K8
    G.CLIENTS_REFERRED: 4.0,  # K1, K2, K4, K7
    G.CLIENTS_EMPLOYED: 3.0,  # K1, K2, K3
    G.FEEDBACK_MEAN: 11 / 3,  # 4, 5, 2
}

# So far on 15.5. (1.4.–15.5., 45 days; 5 full weeks; caseload on 15.5.).
HAND_MIDWAY = {
    G.CASELOAD_RATIO: 31 / 1.5,  # Aino 22 (20 + K1 + K2), Bertta 9 (7 + K8 + K3)
    G.COACHING_SHARE: 100 * 1.3 / 1.5,
    G.ATTACHED_REFERRAL_SHARE: 50.0,  # K1 (RA), K2
    G.DAYS_TO_FIRST_EMPLOYER_CONTACT: 10.0,  # K1 10; K3 and K2 still waiting
    # Aino: 20 of the 34 (by 14.5.: 6.4. + 2 × 19 = 14.5.) + K1 + AB001 = 19 of 22;
    # Bertta: the 6 and the phone call, 1 of 7
    G.PREFERENCE_BASED_SHARE: 100 * (17 + 2 + 1) / (20 + 2 + 7),
    # Aino: contacts 6.4.–10.5.: i = 0 … 17 (6.4. + 34 days = 10.5.) + K1 = 19 / 5;
    # Bertta: 7.4., 14.4., 21.4., 28.4., 5.5. = 5 / 5; both have ≥ 3 job seekers on 15.5.
    G.EMPLOYER_CONTACTS_PER_WEEK: (19 / 5 + 5 / 5) / 2,
    G.COMPETITIVE_PERMANENT_SHARE: 0.0,  # K3's job only (not competitive)
    G.COMMUNITY_BASED_SHARE: 100 * 60 / (60 + 60 + 90),  # AB000's 30.6. not yet
    G.EMPLOYMENT_RATE_IPS: 100 * 2 / 32,  # K8, AB018 (K1 from 20.5.); K2 from 5.5. active
    G.EMPLOYMENT_RATE_OUT_OF_WORK: 100 * 3 / 31,  # K3, AB018, AB019
    G.CLIENTS_REFERRED: 2.0,
    G.CLIENTS_EMPLOYED: 1.0,  # K3
    G.FEEDBACK_MEAN: 3.0,  # 4, 2
}


def test_hand_tables_cover_every_measure():
    assert set(HAND) == set(GoalMeasure) == set(HAND_MIDWAY)


@pytest.mark.parametrize("measure", list(GoalMeasure), ids=str)
def test_actual_by_hand(world, database, measure):
    with database.read() as s:
        assert actual(s, world.team, measure, Q2) == pytest.approx(HAND[measure])
        # The figure of a quarter that is over does not move with the day asked.
        assert actual(s, world.team, measure, Q2, on=AFTER) == pytest.approx(HAND[measure])
        assert actual(s, world.team, measure.value, Q2, on=MIDWAY) == pytest.approx(
            HAND_MIDWAY[measure]
        )


def test_hand_computed_spot_checks(world, database):
    """A few figures written out in full, as the team leader would check them."""
    with database.read() as s:
        assert actual(s, world.team, "caseload_ratio", Q2, world.aino) == 22.0  # 22 / 1.0
        assert actual(s, world.team, "caseload_ratio", Q2, world.bertta) == 16.0  # 8 / 0.5
        assert actual(s, world.team, "caseload_ratio", Q2) == 20.0
        assert actual(s, world.team, "employment_rate_ips", Q2) == 100 * 4 / 32
        assert actual(s, world.team, "clients_referred", Q2) == 4.0
        # Team B has its own figures and sees none of team A's.
        assert actual(s, world.other, "caseload_ratio", Q2) == 1.0
        assert actual(s, world.other, "feedback_mean", Q2) == 1.0
        assert actual(s, world.other, "clients_referred", Q2) == 1.0


# ============================================================== actuals = the engine
def engine(s, team_id: int, measure: str, as_of: date, days: int, weeks: int):
    """The engine's figure over a window written out here: (value, first, last)."""
    first = as_of - timedelta(days=days - 1)
    if measure == G.CASELOAD_RATIO:
        figure = caseload_ratio(s, team_id, as_of)
    elif measure == G.COACHING_SHARE:
        figure = coaching_share(s, team_id, as_of)
    elif measure == G.ATTACHED_REFERRAL_SHARE:
        figure = attached_referrals(s, team_id, as_of, days)
    elif measure == G.DAYS_TO_FIRST_EMPLOYER_CONTACT:
        figure = days_to_first_employer_contact(s, team_id, as_of, days)
    elif measure == G.PREFERENCE_BASED_SHARE:
        figure = preference_based_contacts(s, team_id, as_of, days)
    elif measure == G.EMPLOYER_CONTACTS_PER_WEEK:
        figure = employer_contacts_per_week(s, team_id, as_of, weeks)
    elif measure == G.COMPETITIVE_PERMANENT_SHARE:
        figure = competitive_permanent_jobs(s, team_id, as_of, days)
    elif measure == G.COMMUNITY_BASED_SHARE:
        figure = community_based_work(s, team_id, as_of, days)
    elif measure == G.EMPLOYMENT_RATE_IPS:
        figure = employment_rate_ips(s, team_id, first, as_of)
    elif measure == G.EMPLOYMENT_RATE_OUT_OF_WORK:
        figure = employment_rate_out_of_work(s, team_id, first, as_of)
    else:
        found = results(s, team_id, first, as_of)
        value = {
            G.CLIENTS_REFERRED: float(found.referred),
            G.CLIENTS_EMPLOYED: float(found.employed),
            G.FEEDBACK_MEAN: found.feedback_mean,
        }[measure]
        return value, found.first, found.last
    return figure.value, figure.first, figure.last


@pytest.mark.parametrize("measure", list(GoalMeasure), ids=str)
@pytest.mark.parametrize(
    ("on", "cut", "days", "weeks", "week_span"),
    [
        # over: the whole quarter, 91 days; the 12 weeks 6.4.–28.6.
        (AFTER, LAST, 91, 12, (date(2026, 4, 6), date(2026, 6, 28))),
        # running: 1.4.–15.5., 45 days; the 5 weeks 6.4.–10.5.
        (MIDWAY, MIDWAY, 45, 5, (date(2026, 4, 6), date(2026, 5, 10))),
    ],
    ids=["over", "running"],
)
def test_actual_is_the_engine_over_the_quarter(
    world, database, measure, on, cut, days, weeks, week_span
):
    with database.read() as s:
        value, first, last = engine(s, world.team, measure, cut, days, weeks)
        if measure == G.EMPLOYER_CONTACTS_PER_WEEK:
            assert (first, last) == week_span
        elif measure in (G.CASELOAD_RATIO, G.COACHING_SHARE):
            assert (first, last) == (None, cut)  # on the quarter's last day, or `on`
        else:
            assert (first, last) == (FIRST, cut)  # the window is exactly the quarter's days
        assert actual(s, world.team, measure, Q2, on=on) == value


def test_actual_before_the_quarter_begins_and_in_its_first_days(world, database):
    with database.read() as s:
        for measure in GoalMeasure:
            assert actual(s, world.team, measure, "2026Q3", on=LAST) is None
            assert actual(s, world.team, measure, Q2, world.aino, on=date(2026, 3, 31)) is None
        # 1.–5.4.: no full week yet, so no contacts per week; the rest count the days so far.
        early = date(2026, 4, 5)
        assert actual(s, world.team, "employer_contacts_per_week", Q2, on=early) is None
        # On 5.4.: Aino 20 (K1 not yet started, K9 gone), Bertta 9 (7 + K3 + K8).
        assert actual(s, world.team, "caseload_ratio", Q2, on=early) == 29 / 1.5
        assert actual(s, world.team, "clients_referred", Q2, on=FIRST) == 0.0


def test_actual_refuses_an_unknown_measure_or_quarter(world, database):
    with database.read() as s:
        with pytest.raises(ValueError):
            actual(s, world.team, "oma mittari", Q2)
        with pytest.raises(ValueError):
            actual(s, world.team, "caseload_ratio", "2026Q5")


# ============================================================== per coach
def test_per_coach_actuals(world, database):
    assert {"caseload_ratio", "employer_contacts_per_week"} == PER_COACH
    with database.read() as s:

        def of(measure, staff, on=None):
            return actual(s, world.team, measure, Q2, staff, on=on)

        assert of("caseload_ratio", world.aino) == 22.0
        assert of("caseload_ratio", world.bertta) == 16.0  # 8 / 0.5
        assert of("caseload_ratio", world.bertta, MIDWAY) == 18.0  # 9 / 0.5 on 15.5.
        assert of("employer_contacts_per_week", world.aino) == 3.0  # 36 / 12
        assert of("employer_contacts_per_week", world.bertta) == 0.5  # 6 / 12
        assert of("employer_contacts_per_week", world.aino, MIDWAY) == 19 / 5
        # A team leader has neither figure; nor has another team's coach in this team.
        for staff in (world.leena, world.olli):
            assert of("caseload_ratio", staff) is None
            assert of("employer_contacts_per_week", staff) is None
        # Team B's own coach, in team B.
        assert actual(s, world.other, "caseload_ratio", Q2, world.olli) == 1.0


@pytest.mark.parametrize("measure", sorted(set(GoalMeasure) - PER_COACH), ids=str)
def test_no_per_coach_figure_is_none(world, database, measure):
    with database.read() as s:
        assert actual(s, world.team, measure, Q2) is not None  # the team has one
        assert actual(s, world.team, measure, Q2, world.aino) is None


def test_per_coach_follows_the_engines_coach_rules(database):
    """Cilla has one job seeker and 2 contacts a week: item 17 counts her as 6 (the
    engine's `counted_as`). Dora started on 1.5., so she was not employed throughout the
    weeks and has no figure of contacts, but a caseload on 30.6. (2 / 0.5). Eero left on
    15.6.: no caseload on 30.6."""
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Tiimi C", key="GC")
        cilla = b.staff(team, "Cilla")
        dora = b.staff(team, "Dora", fte=0.5, start=date(2026, 5, 1))
        eero = b.staff(team, "Eero", end=date(2026, 6, 15))
        source = b.source(team)
        emp = b.employer()
        seeker = b.client(team, cilla, source, "C01", OLD, OLD)
        b.clients(team, dora, source, "D", 2, OLD, OLD)
        b.client(team, eero, source, "E01", OLD, OLD)
        for week in range(12):  # two a week in the 12 full weeks
            for day in (0, 2):
                b.add(
                    m.EmployerContact(
                        date=date(2026, 4, 6) + timedelta(weeks=week, days=day),
                        staff_id=cilla.id,
                        employer_id=emp.id,
                        face_to_face=True,
                        client_id=seeker.id,
                    )
                )
        ids = team.id, cilla.id, dora.id, eero.id
    team_id, cilla_id, dora_id, eero_id = ids
    with database.read() as s:
        assert actual(s, team_id, "employer_contacts_per_week", Q2, cilla_id) == 6.0
        assert actual(s, team_id, "employer_contacts_per_week", Q2, dora_id) is None
        assert actual(s, team_id, "employer_contacts_per_week", Q2, eero_id) is None
        assert actual(s, team_id, "employer_contacts_per_week", Q2) == 6.0  # Cilla alone
        assert actual(s, team_id, "caseload_ratio", Q2, dora_id) == 4.0
        assert actual(s, team_id, "caseload_ratio", Q2, eero_id) is None
        assert actual(s, team_id, "caseload_ratio", Q2, eero_id, on=MIDWAY) == 1.0


# ============================================================== goals()
def set_goals(database, world) -> dict[str, int]:
    """Team A's goals for Q2, created through the service (in a mixed order)."""
    wanted = {
        "feedback": {"measure": "feedback_mean", "target": 3.5},
        "rate_oow": {"measure": "employment_rate_out_of_work", "target": 40, "owner": "Leena"},
        "per_week_leena": {
            "measure": "employer_contacts_per_week",
            "target": 1,
            "staff_id": world.leena,
        },
        "per_week_aino": {
            "measure": "employer_contacts_per_week",
            "target": 3,
            "staff_id": world.aino,
        },
        "caseload_bertta": {"measure": "caseload_ratio", "target": 20, "staff_id": world.bertta},
        "caseload_aino": {
            "measure": "caseload_ratio",
            "target": 20,
            "staff_id": world.aino,
            "owner": "Aino",
            "note": "Uudet asiakkaat Bertalle.",
        },
        "caseload": {"measure": "caseload_ratio", "target": 20},
        "rate_ips": {"measure": "employment_rate_ips", "target": 12.5},
        "days": {"measure": "days_to_first_employer_contact", "target": 14},
        "share_aino": {"measure": "coaching_share", "target": 90, "staff_id": world.aino},
    }
    return {
        name: create_goal(database, world.team, {"quarter": Q2, **values}, TODAY).id
        for name, values in wanted.items()
    }


def test_goals_over_with_met(world, database):
    ids = set_goals(database, world)
    with database.read() as s:
        rows = goals(s, world.team, Q2, AFTER)
    by_id = {row.id: row for row in rows}
    assert [row.id for row in rows] == [
        ids["caseload"],  # the team's goal before the coaches'
        ids["caseload_aino"],
        ids["caseload_bertta"],
        ids["share_aino"],
        ids["days"],
        ids["per_week_aino"],
        ids["per_week_leena"],
        ids["rate_ips"],
        ids["rate_oow"],
        ids["feedback"],
    ]
    assert world.other_goal not in by_id
    expected = {
        "caseload": (20.0, True),  # lower is better: 20 ≤ 20
        "caseload_aino": (22.0, False),  # 22 > 20
        "caseload_bertta": (16.0, True),
        "share_aino": (None, None),  # no coach's figure
        "days": (15.0, False),  # lower is better: 15 > 14
        "per_week_aino": (3.0, True),
        "per_week_leena": (None, None),  # a team leader has none
        "rate_ips": (12.5, True),  # 12.5 ≥ 12.5
        "rate_oow": (pytest.approx(100 * 5 / 31), False),
        "feedback": (pytest.approx(11 / 3), True),
    }
    for name, (value, met) in expected.items():
        row = by_id[ids[name]]
        assert (row.actual, row.met) == (value, met), name
        assert row.final is True
        assert row.stored_actual is None
    aino_goal = by_id[ids["caseload_aino"]]
    assert aino_goal == GoalRow(
        id=ids["caseload_aino"],
        quarter=Q2,
        measure="caseload_ratio",
        target=20.0,
        actual=22.0,
        stored_actual=None,
        owner="Aino",
        staff_id=world.aino,
        staff_name="Aino",
        note="Uudet asiakkaat Bertalle.",
        met=False,
        carried_from_id=None,
        final=True,
    )
    assert aino_goal.lower_is_better
    assert not by_id[ids["rate_ips"]].lower_is_better
    assert by_id[ids["caseload"]].staff_name is None


def test_goals_while_the_quarter_runs(world, database):
    ids = set_goals(database, world)
    with database.read() as s:
        running = {row.id: row for row in goals(s, world.team, Q2, MIDWAY)}
        last_day = {row.id: row for row in goals(s, world.team, Q2, LAST)}
        before = goals(s, world.team, Q2, date(2026, 3, 31))
    assert all(row.met is None and not row.final for row in running.values())
    assert running[ids["caseload"]].actual == pytest.approx(31 / 1.5)  # so far: on 15.5.
    assert running[ids["caseload_aino"]].actual == 22.0
    assert running[ids["per_week_aino"]].actual == 19 / 5
    assert running[ids["rate_ips"]].actual == 100 * 2 / 32
    # On its last day the quarter still runs: the figures are whole, not yet judged.
    assert last_day[ids["caseload_aino"]].actual == 22.0
    assert all(row.met is None for row in last_day.values())
    # Before it begins: the goals, no actuals.
    assert len(before) == len(ids)
    assert all(row.actual is None and row.met is None for row in before)


def test_goals_with_a_stored_actual_or_an_unknown_measure(world, database):
    """An imported goal keeps its stored actual beside the live one; met judges the live
    actual, and the stored one only where the records give none (an imported measure OTE
    does not compute; a coach's goal on a team-only measure)."""
    with database.write() as s:
        rows = [
            m.QuarterlyGoal(
                team_id=world.team, quarter=Q2, measure="caseload_ratio", target=20, actual=25
            ),
            m.QuarterlyGoal(
                team_id=world.team, quarter=Q2, measure="oma mittari", target=3, actual=5
            ),
            m.QuarterlyGoal(
                team_id=world.team,
                quarter=Q2,
                measure="coaching_share",
                target=95,
                actual=80,
                staff_id=world.aino,
            ),
            m.QuarterlyGoal(team_id=world.team, quarter=Q2, measure="aamukahvit", target=3),
        ]
        s.add_all(rows)
        s.flush()
        team_goal, own, share, coffee = (row.id for row in rows)
    with database.read() as s:
        found = goals(s, world.team, Q2, AFTER)
    assert [row.id for row in found] == [team_goal, share, coffee, own]  # unknown: by name
    by_id = {row.id: row for row in found}
    assert (by_id[team_goal].actual, by_id[team_goal].stored_actual) == (20.0, 25.0)
    assert by_id[team_goal].met is True  # the live 20, not the stored 25
    assert (by_id[own].actual, by_id[own].stored_actual, by_id[own].met) == (None, 5.0, True)
    assert (by_id[share].actual, by_id[share].met) == (None, False)  # stored 80 < 95
    assert (by_id[coffee].actual, by_id[coffee].met) == (None, None)


def test_another_teams_goals_are_never_listed(world, database):
    set_goals(database, world)
    with database.read() as s:
        mine = goals(s, world.team, Q2, AFTER)
        theirs = goals(s, world.other, Q2, AFTER)
    assert world.other_goal not in {row.id for row in mine}
    assert [(row.id, row.actual, row.met) for row in theirs] == [
        (world.other_goal, 3.0, False)  # OB1: started 2.5., first contact 5.5.
    ]


# ============================================================== saving
def test_create_goal_writes_the_values(world, database):
    saved = create_goal(
        database,
        world.team,
        {
            "quarter": " 2026Q3 ",
            "measure": "employer_contacts_per_week",
            "target": "5,5",
            "owner": "  ",
            "staff_id": world.aino,
            "note": " Kaksi käyntiä päivässä. ",
        },
        TODAY,
    )
    assert saved.warnings == []
    (goal,) = stored_goals(database, world.team)
    assert goal.id == saved.id
    assert (goal.quarter, goal.target) == ("2026Q3", 5.5)
    assert goal.measure == "employer_contacts_per_week"
    assert (goal.owner, goal.staff_id, goal.note) == (None, world.aino, "Kaksi käyntiä päivässä.")
    assert (goal.actual, goal.carried_from_id) == (None, None)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"quarter": "2026Q5"}, [("quarter", "not_a_quarter")]),
        ({"quarter": "1999Q4"}, [("quarter", "not_a_quarter")]),  # the database's years
        ({"quarter": None}, [("quarter", "required")]),
        ({"measure": "oma mittari"}, [("measure", "not_allowed")]),
        ({"measure": ""}, [("measure", "required")]),
        ({"target": -1}, [("target", "out_of_range")]),
        ({"target": 101}, [("target", "out_of_range")]),  # a percentage
        ({"target": None}, [("target", "required")]),
        ({"target": "paljon"}, [("target", "not_a_number")]),
        ({"measure": "feedback_mean", "target": 0.5}, [("target", "out_of_range")]),
        ({"measure": "clients_employed", "target": 2.5}, [("target", "not_a_whole_number")]),
        ({"measure": "caseload_ratio", "target": -0.1}, [("target", "out_of_range")]),
        ({"staff_id": "other team"}, [("staff_id", "not_in_team")]),
        ({"note": f"Asiakas {HETU}"}, [("note", "identity_code")]),
        ({"owner": "x" * 201}, [("owner", "too_long")]),
        (
            {"quarter": "2026Q5", "measure": "oma", "target": None},
            [("quarter", "not_a_quarter"), ("measure", "not_allowed"), ("target", "required")],
        ),
    ],
)
def test_create_goal_refuses(world, database, changes, expected):
    if changes.get("staff_id") == "other team":
        changes = {**changes, "staff_id": world.olli}
    values = {"quarter": Q2, "measure": "employment_rate_ips", "target": 41, **changes}
    before = goal_count(database)
    with pytest.raises(ValidationFailed) as failure:
        create_goal(database, world.team, values, TODAY)
    assert keys(failure) == expected
    assert goal_count(database) == before
    assert all(HETU not in e.message("fi") for e in failure.value.errors)


def test_one_goal_per_quarter_measure_and_staff(world, database):
    def goal(**changes):
        values = {"quarter": Q2, "measure": "caseload_ratio", "target": 20, **changes}
        return create_goal(database, world.team, values, TODAY)

    goal()
    goal(staff_id=world.aino)  # a coach's goal beside the team's
    goal(staff_id=world.bertta)
    goal(quarter="2026Q3")  # another quarter
    goal(measure="days_to_first_employer_contact")  # another measure
    # Team B has a goal on days to the first contact for Q2: a goal of team A is no duplicate.
    assert goal_count(database, world.team) == 5
    for changes in ({}, {"staff_id": world.aino}, {"target": 18, "owner": "Leena"}):
        with pytest.raises(ValidationFailed) as failure:
            goal(**changes)
        assert keys(failure) == [("measure", "goal_duplicate")]
        assert failure.value.errors[0].params == {"quarter": Q2}
    assert goal_count(database, world.team) == 5
    # Team B may set the same goal as team A.
    values = {"quarter": Q2, "measure": "caseload_ratio", "target": 20}
    create_goal(database, world.other, values, TODAY)


def test_update_goal(world, database):
    ids = set_goals(database, world)
    goal_id = ids["caseload_aino"]
    update_goal(database, world.team, goal_id, {"target": 21.5, "note": "  "}, TODAY)
    (goal,) = [g for g in stored_goals(database, world.team) if g.id == goal_id]
    assert (goal.target, goal.note, goal.owner, goal.staff_id) == (21.5, None, "Aino", world.aino)
    # Saving it unchanged is no duplicate of itself.
    update_goal(database, world.team, goal_id, {"quarter": Q2}, TODAY)
    # Made the team's goal: the team has one already.
    with pytest.raises(ValidationFailed) as failure:
        update_goal(database, world.team, goal_id, {"staff_id": None}, TODAY)
    assert keys(failure) == [("measure", "goal_duplicate")]
    # Moved to Bertta, who has one; with a bad target as well: both reported.
    with pytest.raises(ValidationFailed) as failure:
        update_goal(database, world.team, goal_id, {"staff_id": world.bertta, "target": -5}, TODAY)
    assert keys(failure) == [("target", "out_of_range"), ("measure", "goal_duplicate")]
    for values, expected in [
        ({"quarter": "2026Q5"}, [("quarter", "not_a_quarter")]),
        ({"measure": "aamukahvit"}, [("measure", "not_allowed")]),
        ({"staff_id": world.olli}, [("staff_id", "not_in_team")]),
        ({"target": None}, [("target", "required")]),
    ]:
        with pytest.raises(ValidationFailed) as failure:
            update_goal(database, world.team, goal_id, values, TODAY)
        assert keys(failure) == expected
    (goal,) = [g for g in stored_goals(database, world.team) if g.id == goal_id]
    assert (goal.quarter, goal.measure, goal.target) == (Q2, "caseload_ratio", 21.5)
    assert goal.staff_id == world.aino
    # To another quarter and to the whole team: allowed there.
    update_goal(database, world.team, goal_id, {"quarter": "2026Q3", "staff_id": None}, TODAY)
    (goal,) = [g for g in stored_goals(database, world.team) if g.id == goal_id]
    assert (goal.quarter, goal.staff_id, goal.owner) == ("2026Q3", None, "Aino")


def test_another_teams_goal_cannot_be_changed_or_deleted(world, database):
    with pytest.raises(NotFound):
        update_goal(database, world.team, world.other_goal, {"target": 5}, TODAY)
    with pytest.raises(NotFound):
        delete_goal(database, world.team, world.other_goal)
    (goal,) = stored_goals(database, world.other)
    assert goal.target == 1.0


def test_delete_goal(world, database):
    set_goals(database, world)
    carried = carry_over(database, world.team, Q2, AFTER)[0]
    source = next(g.carried_from_id for g in stored_goals(database, world.team) if g.id == carried)
    delete_goal(database, world.team, source)
    remaining = {g.id: g for g in stored_goals(database, world.team)}
    assert source not in remaining
    assert remaining[carried].carried_from_id is None  # ON DELETE SET NULL
    assert remaining[carried].note.startswith("Siirretty vuosineljännekseltä 2026Q2.")
    with pytest.raises(NotFound):
        delete_goal(database, world.team, source)


# ============================================================== carrying over
def test_carry_over_copies_unmet_goals_once(world, database):
    ids = set_goals(database, world)
    # Q3 already has a goal on days to the first contact for the team: not carried again.
    kept = create_goal(
        database,
        world.team,
        {"quarter": "2026Q3", "measure": "days_to_first_employer_contact", "target": 20},
        TODAY,
    ).id
    # While Q2 runs nothing is unmet yet.
    assert carry_over(database, world.team, Q2, LAST) == []
    before_b = [(g.id, g.quarter) for g in stored_goals(database, world.other)]

    new = carry_over(database, world.team, Q2, AFTER)

    copies = {g.id: g for g in stored_goals(database, world.team) if g.quarter == "2026Q3"}
    assert set(copies) == {kept, *new}
    assert len(new) == 2  # caseload_aino (22 > 20), rate_oow (16 % < 40); days already there
    by_source = {copies[i].carried_from_id: copies[i] for i in new}
    assert set(by_source) == {ids["caseload_aino"], ids["rate_oow"]}
    aino = by_source[ids["caseload_aino"]]
    assert (aino.measure, aino.target, aino.owner, aino.staff_id) == (
        "caseload_ratio",
        20.0,
        "Aino",
        world.aino,
    )
    assert aino.note == "Siirretty vuosineljännekseltä 2026Q2. Uudet asiakkaat Bertalle."
    assert aino.actual is None
    rate = by_source[ids["rate_oow"]]
    assert (rate.measure, rate.target, rate.owner, rate.staff_id, rate.note) == (
        "employment_rate_out_of_work",
        40.0,
        "Leena",
        None,
        CARRIED_NOTE.format(quarter=Q2),
    )
    assert copies[kept].target == 20.0 and copies[kept].carried_from_id is None
    # Not twice.
    assert carry_over(database, world.team, Q2, AFTER) == []
    assert goal_count(database, world.team) == len(ids) + 3
    # Team B's unmet goal stayed where it was.
    assert [(g.id, g.quarter) for g in stored_goals(database, world.other)] == before_b
    # The carried goals are listed for Q3 with where they came from.
    with database.read() as s:
        listed = {row.id: row for row in goals(s, world.team, "2026Q3", AFTER)}
    assert listed[aino.id].carried_from_id == ids["caseload_aino"]
    assert listed[aino.id].met is None  # Q3 runs on 15.7.


def test_carry_over_across_the_year_end(world, database):
    for values in (
        {"measure": "clients_referred", "target": 5},  # no referrals in Q4: 0 < 5
        {"measure": "caseload_ratio", "target": 25},  # 30 / 1.5 = 20 ≤ 25: met
        {"measure": "feedback_mean", "target": 4},  # no feedback: no actual, not carried
    ):
        create_goal(database, world.team, {"quarter": "2026Q4", **values}, TODAY)
    assert carry_over(database, world.team, "2026Q4", date(2026, 12, 31)) == []
    new = carry_over(database, world.team, "2026Q4", date(2027, 1, 4))
    assert len(new) == 1
    (goal,) = [g for g in stored_goals(database, world.team) if g.quarter == "2027Q1"]
    assert (goal.id, goal.measure, goal.target) == (new[0], "clients_referred", 5.0)
    assert goal.note == "Siirretty vuosineljännekseltä 2026Q4."
    assert carry_over(database, world.team, "2026Q4", date(2027, 1, 4)) == []


def test_carry_over_refuses_a_bad_quarter(world, database):
    with pytest.raises(ValueError):
        carry_over(database, world.team, "2026Q5", AFTER)
    assert goal_count(database) == 1
