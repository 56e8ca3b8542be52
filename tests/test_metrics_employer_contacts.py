"""Items 15–17 (ote/metrics/employer_contacts.py) on small hand-built teams, on SQLite and
PostgreSQL (DOMAIN.md §4). Every expected number is a literal worked out by hand in the
comment beside it; nothing is computed by the engine's own helpers."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from team_builder import TeamBuilder

from ote.metrics.employer_contacts import (
    days_to_first_employer_contact,
    employer_contacts_per_week,
    preference_based_contacts,
)

AS_OF = date(2026, 6, 30)  # a Tuesday (ISO 2026-W27, day 2)


# A team as these tests build it; its staff, clients and their rows are added through it.
_Team = partial(
    TeamBuilder,
    source_name="Aikuissosiaalityö",
    source_kind="adult_social_work",
    employer_name="Työnantaja {key} Oy",
    job_title="Varastotyöntekijä",
    job_type="varasto",
)


# ============================================================ item 15: days to first contact
def test_days_to_first_contact_mean_waiting_and_exclusions(database):
    # Window: the last 365 days up to 2026-06-30 = 2025-07-01 … 2026-06-30.
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        coach = t.staff("Aino")
        stranger = other.staff("Olli")

        # A01 starts 2026-03-02; phone contact on 03-05 does not count, first face-to-face
        # on 03-12 → 10 days (the later one on 03-20 is not the first).
        a01 = t.client("A01", coach, date(2026, 3, 2))
        t.employer_contact(coach, date(2026, 3, 5), a01, face_to_face=False)
        t.employer_contact(coach, date(2026, 3, 12), a01)
        t.employer_contact(coach, date(2026, 3, 20), a01)
        # A02 starts 2026-04-01; a contact before the start (03-25) does not count;
        # first after it 04-21 → 20 days.
        a02 = t.client("A02", coach, date(2026, 4, 1), referral=date(2026, 3, 1))
        t.employer_contact(coach, date(2026, 3, 25), a02)
        t.employer_contact(coach, date(2026, 4, 21), a02)
        # A03 starts 2026-01-02, first contact 2026-02-16 → 29 + 16 = 45 days.
        a03 = t.client("A03", coach, date(2026, 1, 2))
        t.employer_contact(coach, date(2026, 2, 16), a03)
        # A04 starts on the window's first day 2025-07-01, contact 2025-07-31 → 30 days.
        a04 = t.client("A04", coach, date(2025, 7, 1))
        t.employer_contact(coach, date(2025, 7, 31), a04)
        # A05: a contact on the start day itself → 0 days.
        a05 = t.client("A05", coach, date(2026, 5, 4))
        t.employer_contact(coach, date(2026, 5, 4), a05)
        # A06 starts 2026-06-10, contact on the as-of date 06-30 → 20 days.
        a06 = t.client("A06", coach, date(2026, 6, 10))
        t.employer_contact(coach, AS_OF, a06)

        # Still waiting (active on as-of, no counted contact), listed with days so far:
        # W01 starts 06-01, its only contact is after as-of (07-02) → waiting, 29 days.
        w01 = t.client("W01", coach, date(2026, 6, 1))
        t.employer_contact(coach, date(2026, 7, 2), w01)
        # W02 starts on the as-of date → waiting, 0 days.
        t.client("W02", coach, AS_OF)
        # E02 started 2026-02-02 and ended on the as-of date (still active) → waiting,
        # 26 (Feb) + 31 + 30 + 31 + 30 = 148 days.
        t.client("E02", coach, date(2026, 2, 2), end=AS_OF)
        # E01 ended 2026-05-15 without a contact → neither counted nor waiting.
        t.client("E01", coach, date(2026, 2, 2), end=date(2026, 5, 15))

        # Out of the window: service started 2025-06-30, the day before it.
        o01 = t.client("O01", coach, date(2025, 6, 30))
        t.employer_contact(coach, date(2025, 7, 1), o01)  # would be 1 day
        t.client("O02", coach, date(2025, 6, 30))  # would be "waiting"
        # Waiting list (never started): not in the measure at all.
        t.client("Q01", coach, None, referral=date(2026, 6, 1))
        # Another team's client with a contact: not this team's.
        x01 = other.client("X01", stranger, date(2026, 3, 2))
        t.employer_contact(stranger, date(2026, 6, 1), x01)  # 91 days, would raise the mean
        team_id, coach_id = t.id, coach

    with database.read() as s:
        measure = days_to_first_employer_contact(s, team_id, AS_OF)

    # (10 + 20 + 45 + 30 + 0 + 20) / 6 = 125 / 6 = 20.833… days, ≤ 30 → 5
    assert measure.value == pytest.approx(125 / 6)
    assert measure.n == 6
    assert (measure.first, measure.last) == (date(2025, 7, 1), date(2026, 6, 30))
    assert measure.suggested_score == 5
    assert measure.item == "15"
    assert [(w.code, w.coach_id, w.service_start, w.days_so_far) for w in measure.details] == [
        ("E02", coach_id, date(2026, 2, 2), 148),
        ("W01", coach_id, date(2026, 6, 1), 29),
        ("W02", coach_id, AS_OF, 0),
    ]


@pytest.mark.parametrize(
    ("first_contact", "days", "score"),
    [
        (date(2025, 10, 1), 30, 5),  # 2025-09-01 + 30 days
        (date(2025, 10, 2), 31, 4),
        (date(2025, 10, 31), 60, 4),  # 30 (Sep) + 30
        (date(2025, 11, 1), 61, 3),
        (date(2026, 1, 29), 150, 3),  # 30 + 31 + 30 + 31 (to 2026-01-01 = 122) + 28
        (date(2026, 1, 30), 151, 2),
        (date(2026, 5, 29), 270, 2),  # 2026-06-01 is day 273, so 05-29 is day 270
        (date(2026, 5, 30), 271, 1),
    ],
)
def test_days_to_first_contact_band_boundaries(database, first_contact, days, score):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        client = t.client("A01", coach, date(2025, 9, 1))
        t.employer_contact(coach, first_contact, client)
        team_id = t.id

    with database.read() as s:
        measure = days_to_first_employer_contact(s, team_id, AS_OF)

    assert measure.value == pytest.approx(days)
    assert measure.n == 1
    assert (measure.first, measure.last) == (date(2025, 7, 1), AS_OF)
    assert measure.suggested_score == score
    assert measure.details == []


def test_days_to_first_contact_empty_window(database):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        # Only a client who started before the window (2025-06-30): nothing in the window.
        old = t.client("O01", coach, date(2025, 6, 30))
        t.employer_contact(coach, date(2025, 7, 10), old)
        team_id = t.id

    with database.read() as s:
        measure = days_to_first_employer_contact(s, team_id, AS_OF)

    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2025, 7, 1), AS_OF)
    assert measure.suggested_score is None
    assert measure.details == []


def test_days_to_first_contact_only_waiting_clients(database):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        # Started 2026-06-20 with only a phone contact → no mean, listed waiting 10 days.
        w01 = t.client("W01", coach, date(2026, 6, 20))
        t.employer_contact(coach, date(2026, 6, 22), w01, face_to_face=False)
        team_id = t.id

    with database.read() as s:
        measure = days_to_first_employer_contact(s, team_id, AS_OF)

    assert measure.value is None
    assert measure.n == 0
    assert measure.suggested_score is None
    assert [(w.code, w.days_so_far) for w in measure.details] == [("W01", 10)]


# ============================================================ item 16: preference-based
def test_preference_based_contacts_counts_only_job_seekers_on_the_contact_date(database):
    # Window: the last 91 days up to 2026-06-30 = 2026-04-01 … 2026-06-30.
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        coach = t.staff("Aino")
        finder = t.staff("Jaana", role="job_finder")
        stranger = other.staff("Olli")
        j01 = t.client("J01", coach, date(2026, 1, 5))  # job 2026-05-01 … 2026-05-31
        t.job(j01, date(2026, 5, 1), date(2026, 5, 31))
        j02 = t.client("J02", coach, date(2026, 5, 15), referral=date(2026, 4, 1))
        j03 = t.client("J03", coach, date(2026, 1, 5))  # a job seeker throughout
        j04 = t.client("J04", coach, date(2026, 1, 5), end=date(2026, 4, 30))
        x01 = other.client("X01", stranger, date(2026, 1, 5))

        t.employer_contact(coach, date(2026, 4, 1), j03, pref=True)  # 1 counted, preferred: 1st day
        t.employer_contact(coach, date(2026, 3, 31), j03, pref=True)  # before the window
        t.employer_contact(coach, AS_OF, j03, pref=True)  # 2 counted, preferred (last day)
        t.employer_contact(coach, date(2026, 7, 1), j03, pref=True)  # after as-of
        t.employer_contact(coach, date(2026, 5, 10), j01, pref=True)  # J01 has a job that day
        t.employer_contact(coach, date(2026, 4, 20), j01, pref=False)  # 3 counted, not preferred
        t.employer_contact(coach, date(2026, 6, 1), j01, pref=None)  # 4 counted, unmarked = not
        t.employer_contact(coach, date(2026, 5, 14), j02, pref=True)  # J02 not yet started
        t.employer_contact(coach, date(2026, 5, 15), j02, pref=True)  # 5 counted, preferred (start)
        t.employer_contact(coach, date(2026, 5, 20), None, pref=True)  # names no client
        # 6 counted, preferred:
        t.employer_contact(coach, date(2026, 5, 21), j03, face_to_face=False, pref=True)
        t.employer_contact(finder, date(2026, 5, 22), j03, pref=True)  # 7 counted, preferred
        t.employer_contact(coach, date(2026, 5, 5), j04, pref=True)  # J04 ended 04-30
        t.employer_contact(stranger, date(2026, 5, 5), x01, pref=True)  # another team's contact
        team_id = t.id

    with database.read() as s:
        measure = preference_based_contacts(s, team_id, AS_OF)

    # 5 of 7 contacts preference-based → 71.43 %, band ≥ 50 → 3
    assert measure.value == pytest.approx(500 / 7)
    assert measure.n == 7
    assert (measure.first, measure.last) == (date(2026, 4, 1), date(2026, 6, 30))
    assert measure.suggested_score == 3
    assert measure.item == "16"


@pytest.mark.parametrize(
    ("preferred", "total", "percent", "score"),
    [
        (9, 10, 90.0, 5),  # 9 / 10 = 90 % → 5
        (8, 9, 800 / 9, 4),  # 88.9 % → 4
        (3, 4, 75.0, 4),  # 75 % → 4
        (1, 2, 50.0, 3),  # 50 % → 3
        (1, 4, 25.0, 2),  # 25 % → 2
        (0, 3, 0.0, 1),  # 0 % → 1
    ],
)
def test_preference_based_contacts_bands(database, preferred, total, percent, score):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        client = t.client("J01", coach, date(2026, 1, 5))
        for i in range(total):  # 2026-05-01, 05-02, … all inside the window
            t.employer_contact(coach, date(2026, 5, 1 + i), client, pref=i < preferred)
        team_id = t.id

    with database.read() as s:
        measure = preference_based_contacts(s, team_id, AS_OF)

    assert measure.value == pytest.approx(percent)
    assert measure.n == total
    assert measure.suggested_score == score


def test_preference_based_contacts_empty_window(database):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        client = t.client("J01", coach, date(2026, 1, 5))
        t.job(client, date(2026, 3, 1))
        t.employer_contact(coach, date(2026, 3, 31), client, pref=True)  # before the window
        t.employer_contact(coach, date(2026, 5, 4), client, pref=True)  # the client has a job
        t.employer_contact(coach, date(2026, 5, 5), None, pref=True)  # names no client
        team_id = t.id

    with database.read() as s:
        measure = preference_based_contacts(s, team_id, AS_OF)

    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 4, 1), AS_OF)
    assert measure.suggested_score is None


# ============================================================ item 17: contacts per week
# As of Tuesday 2026-06-30 the last 4 full ISO weeks are those of Mondays 2026-06-01, 06-08,
# 06-15 and 06-22: 2026-06-01 … 2026-06-28. The week of 06-29 is not yet full.
JUNE = [date(2026, 6, 1) + timedelta(days=i) for i in range(28)]  # 2026-06-01 … 2026-06-28


def _contacts(t, staff, clients, count, days=JUNE):
    """`count` face-to-face contacts on the first `count` days of `days` (cycling), naming
    `clients` in turn."""
    for i in range(count):
        t.employer_contact(staff, days[i % len(days)], clients[i % len(clients)])


def test_contacts_per_week_team_mean(database):
    with database.write() as s:
        t = _Team(s)
        other = _Team(s, "T2")
        start = date(2026, 1, 5)

        # Aino: 4 job seekers on as-of; 24 counted contacts → 6.0 a week.
        # (A job seeker whose job lies between two contacts: see the test below.)
        aino = t.staff("Aino")
        a1, a2, a3 = (t.client(c, aino, start) for c in ("A01", "A02", "A03"))
        n1 = t.client("N01", aino, date(2026, 6, 20), referral=date(2026, 6, 1))
        _contacts(t, aino, [a1, a2, a3], 20)  # 06-01 … 06-20: 20 counted
        t.employer_contact(aino, date(2026, 6, 21), a2)  # 21
        t.employer_contact(aino, date(2026, 6, 22), a3)  # 22
        t.employer_contact(aino, date(2026, 6, 28), a1)  # 23: the last day of the last full week
        t.employer_contact(aino, date(2026, 6, 19), n1)  # N01 not yet started: not counted
        t.employer_contact(aino, date(2026, 6, 20), n1)  # 24: N01's first day
        t.employer_contact(aino, date(2026, 6, 3), a1, face_to_face=False)  # phone: not counted
        t.employer_contact(aino, date(2026, 6, 4), None)  # names no client: not counted
        t.employer_contact(aino, date(2026, 6, 29), a1)  # week not yet full: not counted
        t.employer_contact(aino, AS_OF, a2)  # week not yet full: not counted
        t.employer_contact(aino, date(2026, 5, 31), a3)  # before the window: not counted

        # Bertta (started on the window's first day, so employed throughout): 3 job seekers
        # on as-of – B03 starts on the as-of date; 20 contacts → 5.0.
        bertta = t.staff("Bertta", start=date(2026, 6, 1))
        b1, b2 = t.client("B01", bertta, start), t.client("B02", bertta, start)
        t.client("B03", bertta, AS_OF, referral=date(2026, 6, 1))
        _contacts(t, bertta, [b1, b2], 20)

        # Cecilia left mid-window (2026-06-15): not in the mean, her contacts not in n.
        cecilia = t.staff("Cecilia", end=date(2026, 6, 15))
        _contacts(t, cecilia, [b1], 14)

        # Daniel: 2 job seekers (D03 has a job on as-of); 16 contacts → 4.0 a week
        # ≥ 2 × 2 → counted as 6.
        daniel = t.staff("Daniel")
        d1, d2 = t.client("D01", daniel, start), t.client("D02", daniel, start)
        d3 = t.client("D03", daniel, start)
        t.job(d3, date(2026, 3, 1))
        _contacts(t, daniel, [d1, d2], 16)
        t.employer_contact(daniel, date(2026, 6, 17), d3)  # D03 has a job: not counted

        # Eeva (left on the window's last day, so employed throughout): 2 job seekers on
        # as-of – E02 ends on the as-of date and still counts, E03 ended the day before;
        # 15 contacts (E03 was a job seeker in June) → 3.75 a week < 2 × 2 → 3.75.
        eeva = t.staff("Eeva", end=date(2026, 6, 28))
        e1 = t.client("E01", eeva, start)
        t.client("E02", eeva, start, end=AS_OF)
        e3 = t.client("E03", eeva, start, end=date(2026, 6, 29))
        _contacts(t, eeva, [e1, e3], 15)

        # Not coaches employed throughout the weeks, or not this team's coaches:
        frans = t.staff("Frans", start=date(2026, 6, 2))  # started a day late
        _contacts(t, frans, [a1], 24)
        greta = t.staff("Greta", end=date(2026, 6, 27))  # left a day early
        _contacts(t, greta, [a1], 24)
        jaana = t.staff("Jaana", role="job_finder")  # a job finder's contacts count nowhere
        _contacts(t, jaana, [a1, b1, d1, e1], 28)
        leena = t.staff("Leena", role="team_leader")
        _contacts(t, leena, [a1], 28)
        olli = other.staff("Olli")
        x1 = other.client("X01", olli, start)
        _contacts(t, olli, [x1], 28)
        ids = {"Aino": aino, "Bertta": bertta, "Daniel": daniel, "Eeva": eeva}
        team_id = t.id

    with database.read() as s:
        measure = employer_contacts_per_week(s, team_id, AS_OF)

    # (6.0 + 5.0 + 6 + 3.75) / 4 = 20.75 / 4 = 5.1875, band ≥ 5 → 4
    assert measure.value == pytest.approx(5.1875)
    assert measure.n == 75  # 24 + 20 + 16 + 15
    assert (measure.first, measure.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert measure.suggested_score == 4
    assert measure.item == "17"
    # (name, contacts, per week, own job seekers on as-of, counted as); quarters are exact.
    rows = [
        (c.staff_id, c.name, c.contacts, c.per_week, c.job_seekers, c.counted_as)
        for c in measure.details
    ]
    assert rows == [
        (ids["Aino"], "Aino", 24, 6.0, 4, 6.0),  # 24 / 4
        (ids["Bertta"], "Bertta", 20, 5.0, 3, 5.0),  # 20 / 4
        (ids["Daniel"], "Daniel", 16, 4.0, 2, 6.0),  # 16 / 4 = 4 ≥ 2 × 2 → 6
        (ids["Eeva"], "Eeva", 15, 3.75, 2, 3.75),  # 15 / 4 = 3.75 < 4 → own rate
    ]


def test_contacts_per_week_job_seeker_before_and_after_a_job(database):
    # DOMAIN.md §4: a contact counts if it names a job seeker ON THE CONTACT'S DATE.
    # K01 holds a job 2026-06-08 … 06-14 only: a job seeker on 06-05 and on 06-15.
    with database.write() as s:
        t = _Team(s)
        aino = t.staff("Aino")
        a1, a2, a3 = (t.client(c, aino, date(2026, 1, 5)) for c in ("A01", "A02", "A03"))
        k1 = t.client("K01", aino, date(2026, 1, 5))
        t.job(k1, date(2026, 6, 8), date(2026, 6, 14))
        _contacts(t, aino, [a1, a2, a3], 21)  # 06-01 … 06-21: 21 counted
        t.employer_contact(aino, date(2026, 6, 5), k1)  # 22: before K01's job
        t.employer_contact(aino, date(2026, 6, 10), k1)  # K01 has a job that day: not counted
        t.employer_contact(aino, date(2026, 6, 15), k1)  # 23: the job ended 06-14
        t.employer_contact(aino, date(2026, 6, 22), k1)  # 24
        team_id = t.id

    with database.read() as s:
        measure = employer_contacts_per_week(s, team_id, AS_OF)

    # 24 / 4 = 6.0 → 5; 4 job seekers on as-of (K01 included, its job ended)
    assert [(c.contacts, c.per_week, c.job_seekers) for c in measure.details] == [(24, 6.0, 4)]
    assert measure.value == pytest.approx(6.0)
    assert measure.n == 24
    assert measure.suggested_score == 5


@pytest.mark.parametrize(
    ("counts", "value", "score"),
    [
        ([24], 6.0, 5),  # 24 contacts in 4 weeks = 6.0 → 5
        ([23], 5.75, 4),  # 23 / 4 = 5.75 → 4
        # 5.99 exactly: 24 coaches at 24 / 4 = 6.0 and one at 23 / 4 = 5.75 give
        # (24 × 6 + 5.75) / 25 = 149.75 / 25 = 5.99 → 4 (one coach alone moves in steps
        # of 0.25, so the mean needs 25 coaches to land on 5.99).
        ([24] * 24 + [23], 5.99, 4),
        ([20], 5.0, 4),  # 20 / 4 = 5.0 → 4
        ([19], 4.75, 3),  # → 3
        ([16], 4.0, 3),
        ([15], 3.75, 2),
        ([8], 2.0, 2),
        ([7], 1.75, 1),
    ],
)
def test_contacts_per_week_band_boundaries(database, counts, value, score):
    with database.write() as s:
        t = _Team(s)
        for number, count in enumerate(counts):
            coach = t.staff(f"Coach {number:02d}")
            # 3 own job seekers each, so the few-job-seekers rule never applies.
            clients = [t.client(f"C{number:02d}-{k}", coach, date(2026, 1, 5)) for k in range(3)]
            _contacts(t, coach, clients, count)
        team_id = t.id

    with database.read() as s:
        measure = employer_contacts_per_week(s, team_id, AS_OF)

    assert measure.value == pytest.approx(value)
    assert measure.n == sum(counts)  # the hand-chosen counts themselves
    assert (measure.first, measure.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert measure.suggested_score == score
    assert len(measure.details) == len(counts)


def test_contacts_per_week_iso_week_53(database):
    # 2026 has 53 ISO weeks: Monday 2026-12-28 starts 2026-W53, which runs to Sunday
    # 2027-01-03 (2027-01-01 is a Friday). As of Sunday 2027-01-10 the last 4 full weeks are
    # W51 (Mon 2026-12-14), W52 (12-21), W53 (12-28) and 2027-W01 (2027-01-04 … 01-10).
    # As of Saturday 2027-01-09, 2027-W01 is not yet full: W50 (12-07) … W53 (… 2027-01-03).
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        c1, c2, c3 = (t.client(c, coach, date(2026, 9, 1)) for c in ("A01", "A02", "A03"))
        t.employer_contact(coach, date(2026, 12, 13), c1)  # W50 (its Sunday)
        for day in (14, 15, 16, 20):  # W51: 4, from its Monday to its Sunday
            t.employer_contact(coach, date(2026, 12, day), c1)
        for day in (21, 22, 23, 27):  # W52: 4
            t.employer_contact(coach, date(2026, 12, day), c2)
        w53 = [date(2026, 12, d) for d in (28, 29, 30, 31)] + [
            date(2027, 1, d) for d in (1, 1, 2, 2, 3, 3)
        ]
        for day in w53:  # W53: 10, six of them in January 2027
            t.employer_contact(coach, day, c3)
        for day in (4, 5, 8, 10):  # 2027-W01: 4, from its Monday to its Sunday
            t.employer_contact(coach, date(2027, 1, day), c1)
        t.employer_contact(coach, date(2027, 1, 11), c2)  # 2027-W02, after both as-of dates
        team_id = t.id

    with database.read() as s:
        sunday = employer_contacts_per_week(s, team_id, date(2027, 1, 10))
        saturday = employer_contacts_per_week(s, team_id, date(2027, 1, 9))

    # W51 4 + W52 4 + W53 10 + W01 4 = 22; 22 / 4 = 5.5 → 4
    assert sunday.value == pytest.approx(5.5)
    assert sunday.n == 22
    assert (sunday.first, sunday.last) == (date(2026, 12, 14), date(2027, 1, 10))
    assert sunday.suggested_score == 4
    assert [(c.contacts, c.per_week, c.job_seekers) for c in sunday.details] == [(22, 5.5, 3)]
    # W50 1 + W51 4 + W52 4 + W53 10 = 19; 19 / 4 = 4.75 → 3
    assert saturday.value == pytest.approx(4.75)
    assert saturday.n == 19
    assert (saturday.first, saturday.last) == (date(2026, 12, 7), date(2027, 1, 3))
    assert saturday.suggested_score == 3


def test_contacts_per_week_no_contacts(database):
    with database.write() as s:
        t = _Team(s)
        coach = t.staff("Aino")
        clients = [t.client(c, coach, date(2026, 1, 5)) for c in ("A01", "A02", "A03")]
        t.employer_contact(coach, date(2026, 6, 29), clients[0])  # only in the week not yet full
        t.employer_contact(coach, date(2026, 6, 2), clients[1], face_to_face=False)  # only by phone
        team_id = t.id

    with database.read() as s:
        measure = employer_contacts_per_week(s, team_id, AS_OF)

    # One coach (3 job seekers) with 0 counted contacts: 0 / 4 = 0.0 a week, but no rows
    # in the window → no suggested score (DOMAIN.md §4).
    assert measure.value == pytest.approx(0.0)
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert measure.suggested_score is None


def test_contacts_per_week_no_coaches(database):
    with database.write() as s:
        t = _Team(s)
        finder = t.staff("Jaana", role="job_finder")
        client = t.client("A01", finder, date(2026, 1, 5))
        _contacts(t, finder, [client], 24)
        team_id = t.id

    with database.read() as s:
        measure = employer_contacts_per_week(s, team_id, AS_OF)

    assert measure.value is None
    assert measure.n == 0
    assert (measure.first, measure.last) == (date(2026, 6, 1), date(2026, 6, 28))
    assert measure.suggested_score is None
    assert measure.details == []
