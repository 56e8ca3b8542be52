"""Hand-computed tests of the caseload trend and room for the next client (items 1, 2, 8.1),
the checks of law-based coaching periods (seed 004) and one client's timeline.

Every test builds its own small teams on both databases. A second team ("Toinen") holds
rows that would change every expected figure if they leaked; they never appear.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from team_builder import DatabaseBuilder

from ote import models as m
from ote.client_timeline import KINDS, ClientSummary, TimelineEvent, client_timeline
from ote.metrics.cadences import team_leader_span
from ote.metrics.caseload import (
    CaseloadPoint,
    CoachCaseload,
    Room,
    caseload_ratio,
    caseload_trend,
    coach_caseloads,
    coaching_share,
    room_for_next_client,
    trend_days,
)
from ote.metrics.law_periods import LawRule, Period, PeriodCheck, RuleBreak, period_checks
from ote.records.base import NotFound

SECRET = "SALAISUUS"  # put in every free-text field; must never reach the timeline


# -------------------------------------------------------------- trend days (pure)
def test_trend_days_cross_a_year_end():
    # 12 points on 15.1.2026: the ends of the 11 months Feb–Dec 2025, then 15.1.2026.
    assert trend_days(date(2026, 1, 15)) == [
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
        date(2025, 6, 30),
        date(2025, 7, 31),
        date(2025, 8, 31),
        date(2025, 9, 30),
        date(2025, 10, 31),
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 15),
    ]


def test_trend_days_february_in_leap_and_common_years():
    assert trend_days(date(2024, 3, 10), 3) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 10),
    ]
    assert trend_days(date(2025, 3, 10), 3) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 10),
    ]


def test_trend_days_as_of_on_a_month_end_and_a_single_month():
    # As-of 31.3. is itself the last point; the previous months' ends come before it.
    assert trend_days(date(2026, 3, 31), 2) == [date(2026, 2, 28), date(2026, 3, 31)]
    assert trend_days(date(2026, 3, 31), 1) == [date(2026, 3, 31)]
    with pytest.raises(ValueError):
        trend_days(date(2026, 3, 31), 0)


# ------------------------------------------------------------------ caseload trend
@pytest.fixture
def trend_team(database):
    """Team "Oma": coach Anna (1.0 FTE, share 0.9, always employed), coach Olli (FTE 0, no
    share, always employed, no clients), coach Pia (0.5 FTE, share 0.8, from 15.1.2026) and
    team leader Liisa (from 1.12.2025).

    Anna: 10 clients started 1.6.2025; 1 started 1.6.2025 and ended 28.2.2026; 2 started
    1.1.2026; 1 waiting (referred 1.3.2026, not started). Pia: 6 started 1.2.2026.
    Team "Toinen": a coach with 30 clients since 2025 and two team leaders."""
    ids = {}
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Oma")
        src = b.source(team)
        anna = b.staff(team, "Anna", fte=1.0, share=0.9)
        olli = b.staff(team, "Olli", fte=0.0)
        pia = b.staff(team, "Pia", fte=0.5, share=0.8, start=date(2026, 1, 15))
        b.staff(team, "Liisa", role="team_leader", start=date(2025, 12, 1))
        b.clients(team, anna, src, "ANN", 10, date(2025, 5, 20), date(2025, 6, 1))
        b.client(team, anna, src, "ENDS", date(2025, 5, 20), date(2025, 6, 1), date(2026, 2, 28))
        b.clients(team, anna, src, "NEW", 2, date(2025, 12, 15), date(2026, 1, 1))
        b.client(team, anna, src, "WAITS", date(2026, 3, 1))
        b.clients(team, pia, src, "PIA", 6, date(2026, 1, 20), date(2026, 2, 1))
        ids.update(team=team.id, anna=anna.id, olli=olli.id, pia=pia.id)

        other = b.team("Toinen")
        src2 = b.source(other)
        vieras = b.staff(other, "Vieras", fte=1.0, share=0.1)
        b.staff(other, "Johtaja", role="team_leader")
        b.staff(other, "Johtaja2", role="team_leader")
        b.clients(other, vieras, src2, "VIE", 30, date(2025, 1, 1), date(2025, 1, 1))
        ids.update(other=other.id, vieras=vieras.id)
    return database, ids


def test_caseload_trend_hand_computed(trend_team):
    database, ids = trend_team
    anna, olli, pia = ids["anna"], ids["olli"], ids["pia"]
    with database.read() as s:
        points = caseload_trend(s, ids["team"], date(2026, 3, 31), months=5)
    assert [p.day for p in points] == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    # 30.11.2025: coaches Anna and Olli (Pia not yet); Anna 10 + ENDS = 11 active;
    # 11 ÷ (1.0 + 0.0) = 11.0; share: Olli has none, so Anna's 90 %; no leader yet → None.
    first = points[0]
    assert first.team_ratio == pytest.approx(11.0)
    assert first.coaching_share == pytest.approx(90.0)
    assert first.coaches_per_leader is None
    assert first.coach_ratios == {anna: pytest.approx(11.0), olli: None}
    # 31.12.2025: the same, and Liisa leads 2 coaches → 2.0.
    assert points[1].team_ratio == pytest.approx(11.0)
    assert points[1].coaches_per_leader == pytest.approx(2.0)
    # 31.1.2026: Anna 11 + 2 NEW = 13, Pia employed with 0 → 13 ÷ 1.5 = 8.667;
    # share (1.0 × 0.9 + 0.5 × 0.8) ÷ 1.5 = 1.3 ÷ 1.5 = 86.667 %; 3 coaches ÷ 1 leader.
    third = points[2]
    assert third.team_ratio == pytest.approx(13 / 1.5)
    assert third.coaching_share == pytest.approx(100 * 1.3 / 1.5)
    assert third.coaches_per_leader == pytest.approx(3.0)
    assert third.coach_ratios == {anna: pytest.approx(13.0), olli: None, pia: pytest.approx(0.0)}
    # 28.2.2026: ENDS ends that day, still active: Anna 13; Pia 6 ÷ 0.5 = 12 → 19 ÷ 1.5.
    assert points[3].team_ratio == pytest.approx(19 / 1.5)
    assert points[3].coach_ratios == {
        anna: pytest.approx(13.0),
        olli: None,
        pia: pytest.approx(12.0),
    }
    # 31.3.2026: ENDS gone, WAITS not started: Anna 12, Pia 6 → 18 ÷ 1.5 = 12.0.
    last = points[4]
    assert last.team_ratio == pytest.approx(12.0)
    assert last.coaching_share == pytest.approx(100 * 1.3 / 1.5)
    assert last.coach_ratios == {anna: pytest.approx(12.0), olli: None, pia: pytest.approx(12.0)}
    # Toinen's coach never appears.
    assert all(ids["vieras"] not in p.coach_ratios for p in points)


def test_caseload_trend_equals_the_measures_of_each_day(trend_team):
    database, ids = trend_team
    with database.read() as s:
        points = caseload_trend(s, ids["team"], date(2026, 3, 31))  # 12 months
        assert len(points) == 12
        assert points[0].day == date(2025, 4, 30)
        for point in points:
            ratio = caseload_ratio(s, ids["team"], point.day)
            assert point == CaseloadPoint(
                day=point.day,
                team_ratio=ratio.value,
                coaching_share=coaching_share(s, ids["team"], point.day).value,
                coaches_per_leader=team_leader_span(s, ids["team"], point.day).value,
                coach_ratios={c.staff_id: c.ratio for c in ratio.details},
            )


def test_caseload_trend_of_an_empty_team_over_a_leap_february(trend_team):
    database, _ = trend_team
    with database.write() as s:
        empty = DatabaseBuilder(s, "X").team("Tyhjä").id
    with database.read() as s:
        points = caseload_trend(s, empty, date(2024, 3, 10), months=3)
    assert points == [
        CaseloadPoint(day, None, None, None, {})
        for day in (date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 10))
    ]


# ---------------------------------------------------------- room for next client
def load(staff_id, name, fte, clients):
    ratio = clients / fte if fte else None
    return CoachCaseload(staff_id, name, fte, clients, ratio, ratio is not None and ratio > 20)


def test_room_for_next_client():
    loads = [
        load(1, "Puoli", 0.5, 7),  # limit 10 → 3 places, ratio 14
        load(2, "Cecilia", 1.0, 17),  # 3 places, ratio 17
        load(3, "Bertta", 1.0, 17),  # 3 places, ratio 17: before Cecilia by name
        load(4, "Täysi", 1.0, 20),  # exactly at the limit → no room
        load(5, "Yli", 1.0, 23),  # over → no room
        load(6, "Puolitäysi", 0.5, 10),  # 0.5 FTE at its limit 10 → no room
        load(7, "Nolla", 0.0, 0),  # FTE 0 never has room
        load(8, "Tyhjä", 0.25, 0),  # limit 5 → 5 places
        load(9, "Pariton", 0.55, 10),  # 20 × 0.55 = 11 → 1 place
        load(10, "Vajaa", 0.29, 5),  # floor(5.8) = 5 → none, though 5 ÷ 0.29 = 17.2 < 20
    ]
    rooms = room_for_next_client(loads)
    assert [(r.name, r.places) for r in rooms] == [
        ("Tyhjä", 5),
        ("Puoli", 3),
        ("Bertta", 3),
        ("Cecilia", 3),
        ("Pariton", 1),
    ]
    assert rooms[1] == Room(1, "Puoli", 0.5, 7, 14.0, 3)
    assert room_for_next_client([]) == []
    assert room_for_next_client([load(7, "Nolla", 0.0, 0)]) == []


def test_room_for_next_client_from_the_records(trend_team):
    database, ids = trend_team
    with database.read() as s:
        rooms = room_for_next_client(coach_caseloads(s, ids["team"], date(2026, 3, 31)))
    # Anna 12 of 20 → 8; Pia 6 of 10 → 4; Olli (FTE 0) none.
    assert rooms == [
        Room(ids["anna"], "Anna", 1.0, 12, 12.0, 8),
        Room(ids["pia"], "Pia", 0.5, 6, 12.0, 4),
    ]


# -------------------------------------------------------------------- period checks
ON = date(2026, 6, 30)


@pytest.fixture
def period_team(database):
    """Team "Oma" (coach Anna), one law-based period per client, weekly meetings unless said:

    - TOOLONG 1.3.–1.7.2026 (123 days; 4 months end on 30.6.) – a rule break
    - NOMEET 4.5.–28.6.2026 (56 days) without any meeting (an outreach attempt and a no-show
      do not count) – 8 weeks without a meeting
    - ENDS0 10.6.–30.6.2026 – ends on ON (0 days)
    - ENDS30 1.6.–30.7.2026 – ends in 30 days
    - ENDS31 2.6.–31.7.2026 – ends in 31 days: not "ending soon"
    - STARTS 30.6.–31.8.2026 – starts on ON: included
    - OLD 5.1.–15.2.2026 – over, client's service ended
    - FUTURE 1.7.–31.8.2026 – starts after ON: left out
    Team "Toinen": a client TOOLONG with a too-long period and one without meetings."""
    ids = {}
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Oma")
        src = b.source(team)
        anna = b.staff(team, "Anna")

        def law_client(code, start, end, meetings=True, client_end=None, coach=anna):
            client = b.client(team, coach, src, code, start, start, client_end, framing="law")
            period = b.period(client, start, end)
            if meetings:
                b.weekly_meetings(client, coach, start, min(end, ON))
            ids[code] = (client.id, period.id)
            return client

        law_client("TOOLONG", date(2026, 3, 1), date(2026, 7, 1))
        nomeet = law_client("NOMEET", date(2026, 5, 4), date(2026, 6, 28), meetings=False)
        b.contact(nomeet, anna, date(2026, 5, 5), kind="outreach_attempt")
        b.contact(nomeet, anna, date(2026, 5, 12), no_show=True)
        law_client("ENDS0", date(2026, 6, 10), date(2026, 6, 30))
        law_client("ENDS30", date(2026, 6, 1), date(2026, 7, 30))
        law_client("ENDS31", date(2026, 6, 2), date(2026, 7, 31))
        law_client("STARTS", date(2026, 6, 30), date(2026, 8, 31))
        law_client("OLD", date(2026, 1, 5), date(2026, 2, 15), client_end=date(2026, 2, 20))
        law_client("FUTURE", date(2026, 7, 1), date(2026, 8, 31))
        ids["team"] = team.id

        other = b.team("Toinen")
        src2 = b.source(other)
        vieras = b.staff(other, "Vieras")
        too_long = b.client(other, vieras, src2, "TOOLONG", date(2026, 1, 1), date(2026, 1, 1))
        b.period(too_long, date(2026, 1, 1), date(2026, 6, 1))
        b.weekly_meetings(too_long, vieras, date(2026, 1, 1), date(2026, 6, 1))
        silent = b.client(other, vieras, src2, "SILENT", date(2026, 6, 1), date(2026, 6, 1))
        b.period(silent, date(2026, 6, 1), date(2026, 7, 15))
        ids["other"] = other.id
    return database, ids


def test_period_checks_order_and_contents(period_team):
    database, ids = period_team
    with database.read() as s:
        checks = period_checks(s, ids["team"], ON)

    def check(code, start, end, days, breaks, ends_in):
        client_id, period_id = ids[code]
        period = Period(start, end, period_id)
        found = tuple(RuleBreak(rule, period, detail) for rule, detail in breaks)
        return PeriodCheck(period_id, client_id, code, "Anna", start, end, days, found, ends_in)

    nomeet_weeks = [date(2026, 5, 4) + timedelta(weeks=n) for n in range(8)]  # 4.5. … 22.6.
    assert checks == [
        # Rule breaks first, start newest first.
        check(
            "NOMEET",
            date(2026, 5, 4),
            date(2026, 6, 28),
            56,  # 28 days of May from the 4th + 28 of June
            [(LawRule.WEEK_WITHOUT_MEETING, w.isoformat()) for w in nomeet_weeks],
            None,  # ended 28.6., before ON
        ),
        check(
            "TOOLONG",
            date(2026, 3, 1),
            date(2026, 7, 1),
            123,  # 31 + 30 + 31 + 30 + 1
            [(LawRule.TOO_LONG, "123")],
            1,  # ends the day after ON; a rule break still goes first
        ),
        # Then ending within 30 days, soonest first.
        check("ENDS0", date(2026, 6, 10), date(2026, 6, 30), 21, [], 0),
        check("ENDS30", date(2026, 6, 1), date(2026, 7, 30), 60, [], 30),
        # Then the rest, start newest first: STARTS (on ON), ENDS31 (31 days), OLD (over).
        check("STARTS", date(2026, 6, 30), date(2026, 8, 31), 63, [], 62),
        check("ENDS31", date(2026, 6, 2), date(2026, 7, 31), 60, [], 31),
        check("OLD", date(2026, 1, 5), date(2026, 2, 15), 42, [], None),
    ]
    # FUTURE (starts 1.7.) is left out; Toinen's periods never appear.
    assert ids["FUTURE"][1] not in {c.period_id for c in checks}


def test_period_checks_of_the_other_team_and_of_an_empty_one(period_team):
    database, ids = period_team
    with database.write() as s:
        empty_team = DatabaseBuilder(s, "X").team("Tyhjä").id
    with database.read() as s:
        other = period_checks(s, ids["other"], ON)
        empty = period_checks(s, empty_team, ON)
    # Toinen: TOOLONG 1.1.–1.6. (152 days; 4 months end 30.4.) and SILENT without meetings
    # (weeks 1.6. … 22.6. over by ON) – both broken; SILENT started later, so it is first.
    assert [(c.client_code, c.coach_name) for c in other] == [
        ("SILENT", "Vieras"),
        ("TOOLONG", "Vieras"),
    ]
    assert [b.rule for b in other[1].breaks] == [LawRule.TOO_LONG]
    assert [b.detail for b in other[0].breaks] == [
        "2026-06-01",
        "2026-06-08",
        "2026-06-15",
        "2026-06-22",
    ]
    assert empty == []


def test_period_checks_earlier_day(period_team):
    database, ids = period_team
    # On 31.5.2026 only TOOLONG, NOMEET and OLD have started. TOOLONG's too-long end is
    # already known; NOMEET's weeks 4.5. … 24.5. are over (25.5.–31.5. ends on the 31st,
    # so it is over too); OLD is over.
    with database.read() as s:
        checks = period_checks(s, ids["team"], date(2026, 5, 31))
    assert [(c.client_code, len(c.breaks), c.ends_in_days) for c in checks] == [
        ("NOMEET", 4, 28),
        ("TOOLONG", 1, 31),
        ("OLD", 0, None),
    ]


# --------------------------------------------------------------------- timeline
@pytest.fixture
def timeline_team(database):
    """Client ASI-1 of team "Oma" with a record of every kind (free text = SECRET), a second
    client of the team, and team "Toinen" with its own ASI-1 and a code BEE-7."""
    ids = {}
    with database.write() as s:
        b = DatabaseBuilder(s)
        team = b.team("Oma")
        src = b.source(team, "Aikuissosiaalityö", "adult_social_work", attached=True)
        anna = b.staff(team, "Anna")
        bea = b.staff(team, "Bea")
        cafe = b.employer("Kahvila Oy")
        client = b.client(
            team,
            anna,
            src,
            "ASI-1",
            referral=date(2026, 1, 12),
            start=date(2026, 1, 12),
            end=date(2026, 6, 30),
            end_reason="employed",
            framing="modular",
        )
        first = b.add(
            m.ModuleEpisode(
                client_id=client.id,
                module="1",
                start_date=date(2026, 1, 12),
                end_date=date(2026, 2, 13),
                assessed_on=date(2026, 2, 13),
                decision="next:2",
                client_took_part=True,
                provider_took_part=True,
                purchaser_took_part=False,
                results=f"{SECRET} results",
                next_resources=f"{SECRET} resources",
            )
        )
        second = b.add(
            m.ModuleEpisode(client_id=client.id, module="2", start_date=date(2026, 2, 16))
        )
        profile = b.add(
            m.ClientPlan(
                client_id=client.id, kind="vocational_profile", date=date(2026, 2, 1), note=SECRET
            )
        )
        plan = b.add(
            m.ClientPlan(client_id=client.id, kind="job_search_plan", date=date(2026, 2, 10))
        )
        update = b.add(
            m.ClientPlan(
                client_id=client.id, kind="vocational_profile", date=date(2026, 3, 1), note=SECRET
            )
        )
        period = b.period(
            client,
            date(2026, 3, 2),
            date(2026, 3, 31),
            start_notice_on=date(2026, 3, 2),
            end_notice_on=date(2026, 4, 1),
            feedback="arvi",
            next_steps_set=True,
        )
        b.add(m.CoachingPeriodGoal(period_id=period.id, goal="realistic_plan"))
        b.add(m.CoachingPeriodGoal(period_id=period.id, goal="job_search_skills"))
        meeting = b.contact(
            client, anna, date(2026, 3, 3), face_to_face=True, place="community", minutes=60
        )
        counselling = b.contact(
            client,
            bea,
            date(2026, 3, 3),
            kind="benefits_counselling",
            face_to_face=False,
            place="remote",
            minutes=30,
        )
        missed = b.contact(client, anna, date(2026, 3, 10), place="office", no_show=True)
        support = b.contact(
            client, anna, date(2026, 3, 31), kind="follow_along", place="workplace", minutes=45
        )
        employer_contact = b.add(
            m.EmployerContact(
                date=date(2026, 3, 5),
                staff_id=anna.id,
                employer_id=cafe.id,
                face_to_face=True,
                client_id=client.id,
                preference_based=True,
                purpose="client_strengths",
                outcome="interview",
                job_tip=SECRET,
            )
        )
        # An employer contact naming no client is not the client's.
        b.add(
            m.EmployerContact(
                date=date(2026, 3, 6),
                staff_id=anna.id,
                employer_id=cafe.id,
                face_to_face=True,
                job_tip=SECRET,
            )
        )
        job = b.add(
            m.Job(
                key="J-ASI-1",
                client_id=client.id,
                employer_id=cafe.id,
                title="Barista",
                job_type="Tarjoilijat",
                start_date=date(2026, 4, 1),
                end_date=date(2026, 6, 30),
                end_reason="fixed_term_ended",
                competitive=True,
                permanent=False,
                hours_per_week=20.0,
            )
        )
        feedback = b.add(
            m.Feedback(client_id=client.id, date=date(2026, 6, 30), score=4, comment=SECRET)
        )
        # Another client of the team, with records of its own.
        neighbour = b.client(team, anna, src, "ASI-2", date(2026, 1, 12), date(2026, 1, 12))
        b.contact(neighbour, anna, date(2026, 3, 4))
        b.add(m.Feedback(client_id=neighbour.id, date=date(2026, 3, 4), score=1))
        ids.update(
            team=team.id,
            client=client.id,
            first=first.id,
            second=second.id,
            profile=profile.id,
            plan=plan.id,
            update=update.id,
            period=period.id,
            meeting=meeting.id,
            counselling=counselling.id,
            missed=missed.id,
            support=support.id,
            employer_contact=employer_contact.id,
            job=job.id,
            feedback=feedback.id,
        )

        other = b.team("Toinen")
        src2 = b.source(other, "Vieras lähde")
        vieras = b.staff(other, "Vieras")
        stranger = b.employer("Vieras Oy")
        twin = b.client(other, vieras, src2, "ASI-1", date(2026, 1, 1), date(2026, 1, 1))
        b.contact(twin, vieras, date(2026, 3, 3))
        b.add(m.Feedback(client_id=twin.id, date=date(2026, 3, 3), score=2))
        b.client(other, vieras, src2, "BEE-7", date(2026, 1, 1))
        # Bad data: Toinen's staff naming Oma's client. It is Toinen's row: not shown.
        b.add(
            m.EmployerContact(
                date=date(2026, 3, 7),
                staff_id=vieras.id,
                employer_id=stranger.id,
                face_to_face=True,
                client_id=client.id,
            )
        )
        ids.update(other=other.id, twin=twin.id)
    return database, ids


def test_client_timeline_every_kind_newest_first(timeline_team):
    database, ids = timeline_team
    with database.read() as s:
        summary, events = client_timeline(s, ids["team"], "ASI-1")
    assert summary == ClientSummary(
        client_id=ids["client"],
        code="ASI-1",
        coach_name="Anna",
        framing="modular",
        referral_date=date(2026, 1, 12),
        source_name="Aikuissosiaalityö",
        service_start=date(2026, 1, 12),
        service_end=date(2026, 6, 30),
        end_reason="employed",
    )
    period = {
        "period_id": ids["period"],
        "start": date(2026, 3, 2),
        "end": date(2026, 3, 31),
        "days": 30,
    }
    job = {
        "job_id": ids["job"],
        "title": "Barista",
        "job_type": "Tarjoilijat",
        "employer_name": "Kahvila Oy",
    }
    first = {"episode_id": ids["first"], "module": "1"}

    def contact(key, kind, face_to_face, place, minutes, no_show, staff):
        return {
            "contact_id": ids[key],
            "kind": kind,
            "face_to_face": face_to_face,
            "place": place,
            "minutes": minutes,
            "no_show": no_show,
            "staff_name": staff,
        }

    E = TimelineEvent
    assert events == [
        # 30.6.: feedback, job end, service end (the kinds' order reversed).
        E(date(2026, 6, 30), "feedback", {"feedback_id": ids["feedback"], "score": 4}),
        E(date(2026, 6, 30), "job_end", {**job, "end_reason": "fixed_term_ended"}),
        E(date(2026, 6, 30), "service_end", {"end_reason": "employed"}),
        E(
            date(2026, 4, 1),
            "job_start",
            {**job, "competitive": True, "permanent": False, "hours_per_week": 20.0},
        ),
        # 31.3.: the contact above the period's end.
        E(
            date(2026, 3, 31),
            "client_contact",
            contact("support", "follow_along", True, "workplace", 45, False, "Anna"),
        ),
        E(
            date(2026, 3, 31),
            "period_end",
            {
                **period,
                "end_notice_on": date(2026, 4, 1),
                "feedback": "arvi",
                "next_steps_set": True,
                "goals": ("job_search_skills", "realistic_plan"),
            },
        ),
        E(
            date(2026, 3, 10),
            "client_contact",
            contact("missed", "meeting", True, "office", None, True, "Anna"),
        ),
        E(
            date(2026, 3, 5),
            "employer_contact",
            {
                "contact_id": ids["employer_contact"],
                "staff_name": "Anna",
                "employer_name": "Kahvila Oy",
                "face_to_face": True,
                "preference_based": True,
                "purpose": "client_strengths",
                "outcome": "interview",
            },
        ),
        # 3.3.: two contacts, the later-saved one first.
        E(
            date(2026, 3, 3),
            "client_contact",
            contact("counselling", "benefits_counselling", False, "remote", 30, False, "Bea"),
        ),
        E(
            date(2026, 3, 3),
            "client_contact",
            contact("meeting", "meeting", True, "community", 60, False, "Anna"),
        ),
        E(date(2026, 3, 2), "period_start", {**period, "start_notice_on": date(2026, 3, 2)}),
        E(
            date(2026, 3, 1),
            "plan",
            {"plan_id": ids["update"], "kind": "vocational_profile", "first": False},
        ),
        E(date(2026, 2, 16), "module_start", {"episode_id": ids["second"], "module": "2"}),
        # 13.2.: the assessment above the module's end.
        E(
            date(2026, 2, 13),
            "module_assessed",
            {
                **first,
                "decision": "next:2",
                "client_took_part": True,
                "provider_took_part": True,
                "purchaser_took_part": False,
            },
        ),
        E(date(2026, 2, 13), "module_end", first),
        E(
            date(2026, 2, 10),
            "plan",
            {"plan_id": ids["plan"], "kind": "job_search_plan", "first": True},
        ),
        E(
            date(2026, 2, 1),
            "plan",
            {"plan_id": ids["profile"], "kind": "vocational_profile", "first": True},
        ),
        # 12.1.: module start, service start, referral – the referral at the bottom.
        E(date(2026, 1, 12), "module_start", first),
        E(date(2026, 1, 12), "service_start", {"framing": "modular"}),
        E(
            date(2026, 1, 12),
            "referral",
            {
                "source_name": "Aikuissosiaalityö",
                "source_kind": "adult_social_work",
                "attached": True,
            },
        ),
    ]
    assert {event.kind for event in events} == set(KINDS)  # every kind is there


def test_client_timeline_never_carries_free_text_or_other_rows(timeline_team):
    database, ids = timeline_team
    with database.read() as s:
        result = client_timeline(s, ids["team"], "ASI-1")
    text = repr(result)
    assert SECRET not in text
    assert "Vieras" not in text  # Toinen's staff, employer and source
    assert ids["twin"] != ids["client"]


def test_client_timeline_codes_of_another_team(timeline_team):
    database, ids = timeline_team
    with database.read() as s:
        with pytest.raises(NotFound):
            client_timeline(s, ids["team"], "BEE-7")  # Toinen's code
        with pytest.raises(NotFound):
            client_timeline(s, ids["team"], "NOPE-1")  # no one's
        with pytest.raises(NotFound):
            client_timeline(s, ids["other"], "ASI-2")  # Oma's code
        # Toinen's own ASI-1 is a different client with only its own records.
        summary, events = client_timeline(s, ids["other"], "ASI-1")
    assert summary.client_id == ids["twin"]
    assert summary.coach_name == "Vieras"
    assert [(e.day, e.kind) for e in events] == [
        (date(2026, 3, 3), "feedback"),
        (date(2026, 3, 3), "client_contact"),
        (date(2026, 1, 1), "service_start"),
        (date(2026, 1, 1), "referral"),
    ]


def test_client_timeline_of_a_waiting_client(timeline_team):
    database, ids = timeline_team
    with database.read() as s:
        summary, events = client_timeline(s, ids["other"], "BEE-7")
    assert summary.service_start is None and summary.service_end is None
    assert events == [
        TimelineEvent(
            date(2026, 1, 1),
            "referral",
            {"source_name": "Vieras lähde", "source_kind": "other", "attached": False},
        )
    ]
