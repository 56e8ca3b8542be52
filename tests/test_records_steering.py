"""Steering-group meetings and actions (items 11.3, 8.5, 11) on both databases: keys, checks,
status changes with their done dates, progress notes, the action list's order, the linked
items' scores since an action was created, the counts per status, and that another team's
rows are never visible."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, func, select

from ote import models as m
from ote.records import steering
from ote.records.base import NotFound
from ote.records.steering import ItemScore, MeetingRow
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)
HETU = "131052-308T"


# ------------------------------------------------------------------------ helpers
@pytest.fixture
def teams(database):
    """Two empty teams: ours (T1) and another (T2)."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        ids = {"team": ours.id, "other": other.id}
    return database, ids


def refused(action) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as failure:
        action()
    return [(e.field, e.key) for e in failure.value.errors]


def count(database, model) -> int:
    with database.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def add_action(
    database,
    team_id,
    key,
    status="planned",
    created=date(2026, 1, 1),
    due=None,
    done=None,
    items=(),
    meeting_id=None,
    title=None,
) -> int:
    """An action row as the import writes it (any status, any creation date)."""
    with database.write() as s:
        action = m.SteeringAction(
            key=key,
            team_id=team_id,
            title=title or f"Toimenpide {key}",
            status=status,
            created_on=created,
            due_date=due,
            done_on=done,
            meeting_id=meeting_id,
        )
        s.add(action)
        s.flush()
        s.add_all(m.SteeringActionItem(action_id=action.id, item=item) for item in items)
        return action.id


def add_assessment(database, team_id, key, day, scores, status="final") -> int:
    """An assessment with the given item scores (only those items have a row)."""
    with database.write() as s:
        header = m.FidelityAssessment(
            key=key,
            team_id=team_id,
            date=day,
            status=status,
            finalised_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "final" else None,
        )
        s.add(header)
        s.flush()
        s.add_all(
            m.FidelityItemScore(assessment_id=header.id, item=item, score=score)
            for item, score in scores.items()
        )
        return header.id


def action_row(database, action_id) -> m.SteeringAction:
    with database.read() as s:
        return s.get(m.SteeringAction, action_id)


def linked_items(database, action_id) -> list[int]:
    with database.read() as s:
        return sorted(
            s.execute(
                select(m.SteeringActionItem.item).where(m.SteeringActionItem.action_id == action_id)
            ).scalars()
        )


# ----------------------------------------------------------------------- meetings
def test_meetings_get_keys_of_the_team_series_and_are_listed_newest_first(teams):
    database, ids = teams
    first = steering.create_meeting(
        database,
        ids["team"],
        {
            "date": date(2026, 3, 10),
            "participants": "  palvelujohtaja, tiiminvetäjä ",
            "notes": "Arvion tulokset",
        },
        TODAY,
    )
    second = steering.create_meeting(
        database, ids["team"], {"date": TODAY, "participants": "   ", "notes": None}, TODAY
    )
    theirs = steering.create_meeting(database, ids["other"], {"date": date(2026, 5, 5)}, TODAY)
    assert first.warnings == []
    # Actions decided: two in the first meeting, one in the second, one in none.
    for meeting_id in (first.id, first.id, second.id, None):
        steering.create_action(
            database, ids["team"], {"title": "Tehtävä", "meeting_id": meeting_id}, TODAY
        )
    steering.create_action(database, ids["other"], {"title": "X", "meeting_id": theirs.id}, TODAY)
    with database.read() as s:
        assert steering.meetings(s, ids["team"]) == [
            MeetingRow(second.id, "T1-M0002", TODAY, None, None, 1),
            MeetingRow(
                first.id,
                "T1-M0001",
                date(2026, 3, 10),
                "palvelujohtaja, tiiminvetäjä",
                "Arvion tulokset",
                2,
            ),
        ]
        assert steering.meetings(s, ids["other"]) == [
            MeetingRow(theirs.id, "T2-M0001", date(2026, 5, 5), None, None, 1)
        ]


def test_meeting_key_continues_after_the_highest_number_used(teams):
    database, ids = teams
    with database.write() as s:  # an imported meeting with a key of the series
        s.add(m.SteeringMeeting(key="T1-M0041", team_id=ids["team"], date=date(2025, 1, 1)))
    saved = steering.create_meeting(database, ids["team"], {"date": TODAY}, TODAY)
    with database.read() as s:
        assert s.get(m.SteeringMeeting, saved.id).key == "T1-M0042"


def test_meeting_refuses_future_date_missing_date_and_identity_codes(teams):
    database, ids = teams
    values = {"date": date(2026, 7, 1), "participants": f"Matti {HETU}", "notes": f"({HETU})"}
    with pytest.raises(ValidationFailed) as failure:
        steering.create_meeting(database, ids["team"], values, TODAY)
    errors = [(e.field, e.key) for e in failure.value.errors]
    assert sorted(errors) == [
        ("date", "future_date"),
        ("notes", "identity_code"),
        ("participants", "identity_code"),
    ]
    assert HETU not in str(failure.value)
    assert all(HETU not in str(e.params) for e in failure.value.errors)
    assert refused(lambda: steering.create_meeting(database, ids["team"], {}, TODAY)) == [
        ("date", "required")
    ]
    assert count(database, m.SteeringMeeting) == 0


def test_update_meeting_changes_what_is_given_and_keeps_the_key(teams):
    database, ids = teams
    saved = steering.create_meeting(
        database,
        ids["team"],
        {"date": date(2026, 3, 10), "participants": "Johto", "notes": "Alku"},
        TODAY,
    )
    steering.update_meeting(
        database, ids["team"], saved.id, {"date": date(2026, 3, 11), "notes": "  "}, TODAY
    )
    with database.read() as s:
        row = s.get(m.SteeringMeeting, saved.id)
        assert (row.key, row.date, row.participants, row.notes) == (
            "T1-M0001",
            date(2026, 3, 11),
            "Johto",
            None,
        )
    assert refused(
        lambda: steering.update_meeting(
            database, ids["team"], saved.id, {"date": date(2026, 7, 1)}, TODAY
        )
    ) == [("date", "future_date")]
    with pytest.raises(ValidationFailed) as failure:
        steering.update_meeting(
            database, ids["team"], saved.id, {"participants": f"Liisa {HETU}"}, TODAY
        )
    assert [(e.field, e.key) for e in failure.value.errors] == [("participants", "identity_code")]
    assert HETU not in str(failure.value)
    with database.read() as s:
        row = s.get(m.SteeringMeeting, saved.id)
        assert (row.date, row.participants) == (date(2026, 3, 11), "Johto")


def test_another_teams_meeting_is_not_found(teams):
    database, ids = teams
    theirs = steering.create_meeting(database, ids["other"], {"date": TODAY}, TODAY)
    with pytest.raises(NotFound):
        steering.update_meeting(database, ids["team"], theirs.id, {"notes": "x"}, TODAY)
    with pytest.raises(NotFound):
        steering.update_meeting(database, ids["team"], theirs.id + 100, {"notes": "x"}, TODAY)
    with pytest.raises(NotFound):
        steering.create_meeting(database, ids["other"] + 100, {"date": TODAY}, TODAY)
    with database.read() as s:
        assert s.get(m.SteeringMeeting, theirs.id).notes is None


# ------------------------------------------------------------------------ actions
def test_create_action_links_a_meeting_of_the_team_only(teams):
    database, ids = teams
    ours = steering.create_meeting(database, ids["team"], {"date": TODAY}, TODAY)
    theirs = steering.create_meeting(database, ids["other"], {"date": TODAY}, TODAY)
    saved = steering.create_action(
        database, ids["team"], {"title": "T", "meeting_id": ours.id}, TODAY
    )
    assert action_row(database, saved.id).meeting_id == ours.id
    assert refused(
        lambda: steering.create_action(
            database, ids["team"], {"title": " ", "meeting_id": theirs.id}, TODAY
        )
    ) == [("title", "required"), ("meeting_id", "not_in_team")]
    assert count(database, m.SteeringAction) == 1


def test_update_action_status_transitions_set_and_clear_done_on(teams):
    database, ids = teams
    created = date(2026, 6, 1)
    saved = steering.create_action(
        database,
        ids["team"],
        {"title": "Työnantajakäynnit", "due_date": date(2026, 7, 15), "fidelity_items": [16]},
        created,
    )
    action_id = saved.id

    def state():
        row = action_row(database, action_id)
        return row.status, row.done_on

    steering.update_action(
        database, ids["team"], action_id, {"status": "in_progress"}, date(2026, 6, 10)
    )
    assert state() == ("in_progress", None)
    steering.update_action(database, ids["team"], action_id, {"status": "done"}, date(2026, 6, 20))
    assert state() == ("done", date(2026, 6, 20))
    # Already done: editing something else (or saying done again) keeps the date.
    steering.update_action(
        database, ids["team"], action_id, {"owner": " Liisa "}, date(2026, 6, 25)
    )
    steering.update_action(database, ids["team"], action_id, {"status": "done"}, date(2026, 6, 26))
    assert state() == ("done", date(2026, 6, 20))
    assert action_row(database, action_id).owner == "Liisa"
    # Leaving done clears the date.
    steering.update_action(database, ids["team"], action_id, {"status": "in_progress"}, TODAY)
    assert state() == ("in_progress", None)
    # Done on a given date; a given done_on with another status is not kept.
    steering.update_action(
        database, ids["team"], action_id, {"status": "done", "done_on": date(2026, 6, 15)}, TODAY
    )
    assert state() == ("done", date(2026, 6, 15))
    steering.update_action(
        database,
        ids["team"],
        action_id,
        {"status": "cancelled", "done_on": date(2026, 6, 16)},
        TODAY,
    )
    assert state() == ("cancelled", None)
    steering.update_action(database, ids["team"], action_id, {"status": "planned"}, TODAY)
    assert state() == ("planned", None)
    row = action_row(database, action_id)
    assert (row.title, row.created_on, row.due_date, row.key) == (
        "Työnantajakäynnit",
        created,
        date(2026, 7, 15),
        "T1-A0001",
    )
    assert linked_items(database, action_id) == [16]


def test_update_action_refuses_bad_values_with_every_problem(teams):
    database, ids = teams
    created = date(2026, 6, 1)
    saved = steering.create_action(
        database, ids["team"], {"title": "Tehtävä", "due_date": date(2026, 7, 1)}, created
    )
    theirs = steering.create_meeting(database, ids["other"], {"date": TODAY}, TODAY)
    assert refused(
        lambda: steering.update_action(
            database,
            ids["team"],
            saved.id,
            {
                "title": f"Soita {HETU}",
                "owner": "   ",
                "due_date": date(2026, 5, 31),
                "status": "done",
                "done_on": date(2026, 5, 30),
                "meeting_id": theirs.id,
            },
            TODAY,
        )
    ) == [
        ("title", "identity_code"),
        ("due_date", "before"),
        ("done_on", "before"),
        ("meeting_id", "not_in_team"),
    ]
    assert refused(
        lambda: steering.update_action(
            database, ids["team"], saved.id, {"title": "  ", "status": "finished"}, TODAY
        )
    ) == [("title", "required"), ("status", "not_allowed")]
    assert refused(
        lambda: steering.update_action(
            database, ids["team"], saved.id, {"status": "done", "done_on": date(2026, 7, 1)}, TODAY
        )
    ) == [("done_on", "future_date")]
    assert refused(
        lambda: steering.update_action(
            database, ids["team"], saved.id, {"fidelity_items": [3, 26]}, TODAY
        )
    ) == [("fidelity_items", "out_of_range")]
    with pytest.raises(ValidationFailed) as failure:
        steering.update_action(database, ids["team"], saved.id, {"owner": HETU}, TODAY)
    assert HETU not in str(failure.value)
    # Nothing changed.
    row = action_row(database, saved.id)
    assert (row.title, row.owner, row.status, row.due_date, row.done_on, row.meeting_id) == (
        "Tehtävä",
        None,
        "planned",
        date(2026, 7, 1),
        None,
        None,
    )
    # Due the day it was created is fine.
    steering.update_action(database, ids["team"], saved.id, {"due_date": created}, TODAY)
    assert action_row(database, saved.id).due_date == created


def test_update_action_replaces_the_linked_items_and_the_meeting(teams):
    database, ids = teams
    meeting = steering.create_meeting(database, ids["team"], {"date": TODAY}, TODAY)
    saved = steering.create_action(
        database, ids["team"], {"title": "T", "fidelity_items": [3, 7]}, TODAY
    )
    steering.update_action(
        database,
        ids["team"],
        saved.id,
        {"fidelity_items": [12, 7, 12], "meeting_id": meeting.id},
        TODAY,
    )
    assert linked_items(database, saved.id) == [7, 12]
    assert action_row(database, saved.id).meeting_id == meeting.id
    steering.update_action(database, ids["team"], saved.id, {"title": "Uusi"}, TODAY)
    assert linked_items(database, saved.id) == [7, 12]  # not given: kept
    steering.update_action(
        database, ids["team"], saved.id, {"fidelity_items": [], "meeting_id": None}, TODAY
    )
    assert linked_items(database, saved.id) == []
    assert action_row(database, saved.id).meeting_id is None


def test_imported_action_without_creation_date(teams):
    database, ids = teams
    action_id = add_action(database, ids["team"], "T1-A01", created=None)
    steering.update_action(
        database,
        ids["team"],
        action_id,
        {"due_date": date(2020, 1, 1), "status": "done", "done_on": date(2020, 2, 1)},
        TODAY,
    )
    row = action_row(database, action_id)
    assert (row.due_date, row.done_on) == (date(2020, 1, 1), date(2020, 2, 1))
    # The next key follows the imported one's number (T1-A01 is number 1).
    saved = steering.create_action(database, ids["team"], {"title": "Toinen"}, TODAY)
    assert action_row(database, saved.id).key == "T1-A0002"


def test_another_teams_action_is_not_found(teams):
    database, ids = teams
    theirs = add_action(database, ids["other"], "T2-A0001", items=[3])
    with pytest.raises(NotFound):
        steering.update_action(database, ids["team"], theirs, {"status": "done"}, TODAY)
    with pytest.raises(NotFound):
        steering.add_note(database, ids["team"], theirs, "Edistyy", TODAY)
    with pytest.raises(NotFound):
        steering.update_action(database, ids["team"], theirs + 100, {"title": "x"}, TODAY)
    assert action_row(database, theirs).status == "planned"
    assert count(database, m.SteeringActionNote) == 0
    with database.read() as s:
        assert steering.actions(s, ids["team"], TODAY) == []
        assert [row.key for row in steering.actions(s, ids["other"], TODAY)] == ["T2-A0001"]


# -------------------------------------------------------------------------- notes
def test_add_note_is_dated_today_and_listed_newest_first(teams):
    database, ids = teams
    saved = steering.create_action(database, ids["team"], {"title": "T"}, date(2026, 5, 1))
    steering.add_note(
        database, ids["team"], saved.id, "Ensimmäinen käynti tehty", date(2026, 5, 10)
    )
    steering.add_note(database, ids["team"], saved.id, "  Toinen  ", date(2026, 6, 2))
    steering.add_note(database, ids["team"], saved.id, "Kolmas", date(2026, 6, 2))
    with database.read() as s:
        (row,) = steering.actions(s, ids["team"], TODAY)
    assert row.notes == (
        (date(2026, 6, 2), "Kolmas"),
        (date(2026, 6, 2), "Toinen"),
        (date(2026, 5, 10), "Ensimmäinen käynti tehty"),
    )


@pytest.mark.parametrize(
    ("text", "key"), [(None, "required"), ("   ", "required"), (f"Asiakas {HETU}", "identity_code")]
)
def test_add_note_refuses_blank_text_and_identity_codes(teams, text, key):
    database, ids = teams
    saved = steering.create_action(database, ids["team"], {"title": "T"}, TODAY)
    with pytest.raises(ValidationFailed) as failure:
        steering.add_note(database, ids["team"], saved.id, text, TODAY)
    assert [(e.field, e.key) for e in failure.value.errors] == [("text", key)]
    assert HETU not in str(failure.value)
    assert count(database, m.SteeringActionNote) == 0


# ------------------------------------------------------------- the list and counts
@pytest.fixture
def many_actions(teams):
    """Nine actions of our team, inserted out of order, and an overdue one of another team.

    On 30.6.2026: B (due 30.4.) and A (due 29.6.) are overdue; C is due that day, E later,
    D has no due date; G was done 20.6., F 1.5., I 1.2. (its due date passed, but it is
    done); H is cancelled."""
    database, ids = teams
    team = ids["team"]
    made = {}
    for name, status, due, done in [
        ("E", "planned", date(2026, 9, 1), None),
        ("H", "cancelled", date(2026, 3, 1), None),
        ("A", "planned", date(2026, 6, 29), None),
        ("F", "done", None, date(2026, 5, 1)),
        ("D", "in_progress", None, None),
        ("I", "done", date(2026, 1, 2), date(2026, 2, 1)),
        ("B", "in_progress", date(2026, 4, 30), None),
        ("G", "done", date(2026, 8, 1), date(2026, 6, 20)),
        ("C", "planned", date(2026, 6, 30), None),
    ]:
        made[name] = add_action(database, team, f"T1-A-{name}", status, date(2026, 1, 1), due, done)
    add_action(database, ids["other"], "T2-A0001", "planned", date(2026, 1, 1), date(2026, 2, 1))
    return database, ids, made


def test_actions_are_ordered_overdue_first(many_actions):
    database, ids, made = many_actions
    with database.read() as s:
        rows = steering.actions(s, ids["team"], TODAY)
    assert [row.key[-1] for row in rows] == ["B", "A", "C", "E", "D", "G", "F", "I", "H"]
    assert [row.key[-1] for row in rows if row.overdue] == ["B", "A"]
    assert [row.id for row in rows][:2] == [made["B"], made["A"]]
    # A day earlier, A (due 29.6.) is not yet overdue: it goes before C by its due date.
    with database.read() as s:
        rows = steering.actions(s, ids["team"], date(2026, 6, 29))
    assert [row.key[-1] for row in rows] == ["B", "A", "C", "E", "D", "G", "F", "I", "H"]
    assert [row.key[-1] for row in rows if row.overdue] == ["B"]


def test_status_counts(many_actions):
    database, ids, _ = many_actions
    with database.read() as s:
        assert steering.status_counts(s, ids["team"], TODAY) == {
            "planned": 3,
            "in_progress": 2,
            "done": 3,
            "cancelled": 1,
            "overdue": 2,
        }
        assert steering.status_counts(s, ids["team"], date(2026, 6, 29))["overdue"] == 1
        assert steering.status_counts(s, ids["other"], TODAY) == {
            "planned": 1,
            "in_progress": 0,
            "done": 0,
            "cancelled": 0,
            "overdue": 1,
        }


def test_status_counts_of_a_team_without_actions(teams):
    database, ids = teams
    with database.read() as s:
        assert steering.status_counts(s, ids["team"], TODAY) == {
            "planned": 0,
            "in_progress": 0,
            "done": 0,
            "cancelled": 0,
            "overdue": 0,
        }


def test_action_row_carries_its_details(teams):
    database, ids = teams
    meeting = steering.create_meeting(database, ids["team"], {"date": date(2026, 5, 5)}, TODAY)
    saved = steering.create_action(
        database,
        ids["team"],
        {
            "title": "Tiiviimpi yhteistyö",
            "owner": "Liisa",
            "due_date": date(2026, 6, 1),
            "fidelity_items": [9, 4],
            "meeting_id": meeting.id,
        },
        date(2026, 5, 5),
    )
    steering.add_note(database, ids["team"], saved.id, "Sovittu", date(2026, 5, 20))
    with database.read() as s:
        assert steering.actions(s, ids["team"], TODAY) == [
            steering.ActionRow(
                id=saved.id,
                key="T1-A0001",
                title="Tiiviimpi yhteistyö",
                status="planned",
                owner="Liisa",
                created_on=date(2026, 5, 5),
                due_date=date(2026, 6, 1),
                done_on=None,
                meeting_key="T1-M0001",
                items=(4, 9),
                notes=((date(2026, 5, 20), "Sovittu"),),
                overdue=True,
                scores=(),
            )
        ]


def test_actions_takes_the_same_few_queries_for_any_number_of_actions(many_actions):
    database, ids, made = many_actions
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_):
        statements.append(statement)

    for action_id in made.values():  # every action with items and a note
        steering.update_action(database, ids["team"], action_id, {"fidelity_items": [3]}, TODAY)
        steering.add_note(database, ids["team"], action_id, "Edistyy", TODAY)
    add_assessment(database, ids["team"], "T1-F1", date(2026, 3, 1), {3: 4})
    event.listen(database.engine, "before_cursor_execute", record)
    try:
        with database.read() as s:
            rows = steering.actions(s, ids["team"], TODAY)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert len(rows) == 9
    assert all(row.notes == ((TODAY, "Edistyy"),) for row in rows)
    selects = [st for st in statements if st.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 4


# ------------------------------------------------------------------------- scores
@pytest.fixture
def assessed(teams):
    """Final assessments of our team on 1.6.2025 (item 3: 2, item 7: 3), 1.12.2025 (3, 3)
    and 1.3.2026 (4, 2); a draft of 1.2.2026 (item 3: 5) and another team's final of
    1.4.2026 (item 3: 1), which never count."""
    database, ids = teams
    add_assessment(database, ids["team"], "T1-F0003", date(2026, 3, 1), {3: 4, 7: 2, 12: 5})
    add_assessment(database, ids["team"], "T1-F0001", date(2025, 6, 1), {3: 2, 7: 3, 12: 1})
    add_assessment(database, ids["team"], "T1-F0002", date(2025, 12, 1), {3: 3, 7: 3, 12: 1})
    add_assessment(database, ids["team"], "T1-F0009", date(2026, 2, 1), {3: 5}, status="draft")
    add_assessment(database, ids["other"], "T2-F0001", date(2026, 4, 1), {3: 1, 7: 1})
    return database, ids


def scores_by_key(database, team_id) -> dict[str, tuple[ItemScore, ...]]:
    with database.read() as s:
        return {row.key: row.scores for row in steering.actions(s, team_id, TODAY)}


def test_scores_since_the_action_was_created_with_a_baseline(assessed):
    database, ids = assessed
    team = ids["team"]
    add_action(database, team, "T1-X", created=date(2026, 1, 15), items=[3, 7])
    add_action(database, team, "T1-Y", created=date(2025, 12, 1), items=[3])
    add_action(database, team, "T1-Z", created=date(2025, 1, 1), items=[7])
    add_action(database, team, "T1-W", created=date(2026, 6, 1), items=[3])
    add_action(database, team, "T1-V", created=date(2025, 1, 1))
    add_action(database, team, "T1-U", created=None, items=[3])
    add_action(database, ids["other"], "T2-X", created=date(2026, 1, 1), items=[3])
    assert scores_by_key(database, team) == {
        # Baseline 1.12.2025 (the draft of 1.2.2026 does not count), then 1.3.2026.
        "T1-X": (
            ItemScore(3, date(2025, 12, 1), 3),
            ItemScore(7, date(2025, 12, 1), 3),
            ItemScore(3, date(2026, 3, 1), 4),
            ItemScore(7, date(2026, 3, 1), 2),
        ),
        # Created the day of an assessment: it counts as since; the baseline is the earlier.
        "T1-Y": (
            ItemScore(3, date(2025, 6, 1), 2),
            ItemScore(3, date(2025, 12, 1), 3),
            ItemScore(3, date(2026, 3, 1), 4),
        ),
        # Created before any assessment: no baseline.
        "T1-Z": (
            ItemScore(7, date(2025, 6, 1), 3),
            ItemScore(7, date(2025, 12, 1), 3),
            ItemScore(7, date(2026, 3, 1), 2),
        ),
        # None since: only the baseline.
        "T1-W": (ItemScore(3, date(2026, 3, 1), 4),),
        "T1-V": (),  # no linked items
        "T1-U": (),  # no creation date to measure from
    }
    # The other team's action sees only its own final assessment (dated after it was created).
    assert scores_by_key(database, ids["other"]) == {"T2-X": (ItemScore(3, date(2026, 4, 1), 1),)}


def test_a_later_final_assessment_adds_to_the_scores(assessed):
    database, ids = assessed
    saved = steering.create_action(
        database, ids["team"], {"title": "T", "fidelity_items": [12]}, date(2026, 4, 1)
    )
    assert scores_by_key(database, ids["team"])["T1-A0001"] == (ItemScore(12, date(2026, 3, 1), 5),)
    draft = add_assessment(database, ids["team"], "T1-F0010", date(2026, 6, 1), {12: 3}, "draft")
    assert scores_by_key(database, ids["team"])["T1-A0001"] == (ItemScore(12, date(2026, 3, 1), 5),)
    with database.write() as s:
        header = s.get(m.FidelityAssessment, draft)
        header.status, header.finalised_at = "final", datetime(2026, 6, 2, tzinfo=UTC)
    assert scores_by_key(database, ids["team"])["T1-A0001"] == (
        ItemScore(12, date(2026, 3, 1), 5),
        ItemScore(12, date(2026, 6, 1), 3),
    )
    assert saved.id
