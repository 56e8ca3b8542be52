"""The fidelity self-assessment (seed 003, DOMAIN.md §4): scoring by sub-criteria, totals and
bands; the scale's Finnish text; drafts, finalising and history in the service (both
backends); steering actions from an item; the page under AppTest (a whole assessment filled
in through its widgets, the evidence beside the items); the PDF score sheet and the XLSX.

Every expected score, total and band below is written out by hand from the seed and the
domain description, not computed with the code under test.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from conftest import DEMO_END
from sqlalchemy import func, select

from ote import models as m
from ote.config import sqlite_url
from ote.db import open_database
from ote.fidelity import assessments as service
from ote.fidelity import history
from ote.fidelity.scale import scale
from ote.fidelity.scoring import (
    Band,
    band,
    partial_total,
    score_from_subcriteria,
    total,
)
from ote.i18n import translate
from ote.metrics.definitions import definition
from ote.metrics.evidence import ItemEvidence, evidence_document, item_evidence
from ote.models.fidelity import SUBCRITERIA_COUNT
from ote.records import steering
from ote.records.base import NotFound
from ote.validation import ValidationFailed

TODAY = date(2026, 6, 30)  # "today" for the service tests, so nothing depends on the clock
HETU = "131052-308T"  # a valid Finnish personal identity code (the classic example)
PAGE = "pages/fidelity.py"

# The items scored by counting sub-criteria, and how many each has (seed 003).
SUBCRITERIA = {5: 5, 8: 5, 10: 5, 11: 5, 13: 4, 25: 6}
DIRECT = tuple(i for i in range(1, 26) if i not in SUBCRITERIA)  # the 19 scored 1–5 directly

# Score for each count of sub-criteria met, 0 … all (DOMAIN.md §4, seed 003):
# items 5, 8, 10, 11 "1 = Nolla tai yksi kriteeri täyttyy … 5 = Viisi kriteeriä täyttyy";
# item 13 "1 = Yksikään kriteeri ei täyty … 5 = Neljä kriteeriä täyttyy";
# item 25 "≤ 2 → 1, 3 → 2, 4 → 3, 5 → 4, 6 → 5".
SCORE_BY_COUNT = {
    5: [1, 1, 2, 3, 4, 5],
    8: [1, 1, 2, 3, 4, 5],
    10: [1, 1, 2, 3, 4, 5],
    11: [1, 1, 2, 3, 4, 5],
    13: [1, 2, 3, 4, 5],
    25: [1, 1, 1, 2, 3, 4, 5],
}

NOT_IPS = "Palvelu ei ole tuettua työllistymistä"
FAIR = "Kohtalainen taso"
GOOD = "Hyvä taso"
EXEMPLARY = "Esimerkillinen taso"


def fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def errors_of(failure) -> list[tuple[str, str]]:
    return [(e.field, e.key) for e in failure.value.errors]


# =========================================================================== 1. scoring
@pytest.mark.parametrize(
    ("item", "met", "expected"),
    [
        (item, met, score)
        for item, scores in SCORE_BY_COUNT.items()
        for met, score in enumerate(scores)
    ],
)
def test_score_from_every_count_of_subcriteria(item, met, expected):
    assert score_from_subcriteria(item, met) == expected


def test_every_subcriteria_item_has_a_score_for_each_count_and_no_more():
    assert {item: len(scores) - 1 for item, scores in SCORE_BY_COUNT.items()} == SUBCRITERIA


@pytest.mark.parametrize(
    ("item", "met"),
    [(5, 6), (8, 6), (10, 6), (11, 6), (13, 5), (25, 7), (5, -1), (25, -1), (1, 0), (17, 3)],
)
def test_impossible_counts_are_errors(item, met):
    with pytest.raises(ValueError):
        score_from_subcriteria(item, met)


def scores_summing_to(target: int) -> dict[int, int]:
    """25 scores of 1–5 adding up to `target` (each item raised in turn from 1)."""
    scores = dict.fromkeys(range(1, 26), 1)
    extra = target - 25
    for item in range(1, 26):
        step = min(4, extra)
        scores[item] += step
        extra -= step
    assert extra == 0 and sum(scores.values()) == target
    return scores


@pytest.mark.parametrize(
    ("target", "expected_band", "name"),
    [
        (25, Band.NOT_IPS, NOT_IPS),
        (73, Band.NOT_IPS, NOT_IPS),
        (74, Band.FAIR, FAIR),
        (99, Band.FAIR, FAIR),
        (100, Band.GOOD, GOOD),
        (114, Band.GOOD, GOOD),
        (115, Band.EXEMPLARY, EXEMPLARY),
        (125, Band.EXEMPLARY, EXEMPLARY),
    ],
)
def test_totals_and_bands(target, expected_band, name):
    scores = scores_summing_to(target)
    assert total(scores) == target
    assert partial_total(scores) == (target, 25)
    assert band(target) is expected_band
    assert scale("fi").band_name(target) == name


def test_totals_by_hand():
    assert total(dict.fromkeys(range(1, 26), 3)) == 75
    assert total({**dict.fromkeys(range(1, 26), 4), 7: 1, 13: 5}) == 98
    assert band(75) is Band.FAIR and band(98) is Band.FAIR


def test_partial_totals_while_items_are_unscored():
    assert total({}) is None
    assert partial_total({}) == (0, 0)
    assert total({1: 5, 2: 3}) is None
    assert partial_total({1: 5, 2: 3}) == (8, 2)
    with_gaps = {**dict.fromkeys(range(1, 26), 4), 9: None, 25: None}
    assert total(with_gaps) is None
    assert partial_total(with_gaps) == (92, 23)
    assert band(None) is None


# ========================================================================= 2. the scale
def test_scale_has_25_items_in_three_sections():
    texts = scale("fi")
    assert texts.language == "fi"
    assert sorted(texts.items) == list(range(1, 26))
    assert [(s.key, s.name, s.items) for s in texts.sections] == [
        ("staff", "Palvelun henkilöstö", (1, 2, 3)),
        ("organisation", "Palvelun järjestäminen", (4, 5, 6, 7, 8, 9, 10, 11)),
        ("content", "Palvelun sisältö", tuple(range(12, 26))),
    ]
    for section in texts.sections:
        for number in section.items:
            assert texts.items[number].section == section.key
    for number, item in texts.items.items():
        assert item.number == number
        assert item.name.strip() and item.definition.strip()
        assert len(item.anchors) == 5, number
        assert all(anchor.strip() for anchor in item.anchors), number


def test_scale_subcriteria_counts():
    texts = scale("fi")
    counts = {n: len(item.subcriteria) for n, item in texts.items.items() if item.subcriteria}
    assert counts == {5: 5, 8: 5, 10: 5, 11: 5, 13: 4, 25: 6}
    assert all(text.strip() for n in counts for text in texts.items[n].subcriteria)
    assert counts == SUBCRITERIA_COUNT


def test_scale_bands_and_score_sheet_words():
    texts = scale("fi")
    assert [(b.low, b.high, b.name) for b in texts.bands] == [
        (115, 125, "Esimerkillinen taso"),
        (100, 114, "Hyvä taso"),
        (74, 99, "Kohtalainen taso"),
        (25, 73, "Palvelu ei ole tuettua työllistymistä"),
    ]
    assert texts.sheet["total"] == "Yhteispistemäärä"
    assert (texts.sheet["assessor"], texts.sheet["place"], texts.sheet["date"]) == (
        "Arvioitsija",
        "Paikka",
        "Päivämäärä",
    )
    assert texts.sheet["bands_title"] == "Pistemäärän tulokset"


def test_item_1_in_the_seeds_words():
    item = scale("fi").items[1]
    assert item.name == "Asiakasmäärä"
    assert item.definition == (
        "Työhönvalmentajilla on yksilölliset asiakasmäärät. Suurin asiakasmäärä "
        "kokoaikaiselle työhönvalmentajalle on 20 asiakasta."
    )
    assert item.anchors == (
        "Suhdeluku: 41 asiakasta tai enemmän yhtä työhönvalmentajaa kohden.",
        "Suhdeluku: 31–40 asiakasta yhtä työhönvalmentajaa kohden.",
        "Suhdeluku: 26–30 asiakasta yhtä työhönvalmentajaa kohden.",
        "Suhdeluku: 21–25 asiakasta yhtä työhönvalmentajaa kohden.",
        "Suhdeluku: enintään 20 asiakasta yhtä työhönvalmentajaa kohden.",
    )
    assert item.section == "staff"


def test_item_17_in_the_seeds_words():
    item = scale("fi").items[17]
    assert item.name == (
        "Suhteen luominen työnantajiin (olemassa olevien ja uusien työtehtävien "
        "kartoittaminen ja niistä neuvottelu) – Tiivis yhteys työnantajiin"
    )
    assert item.definition.startswith(
        "Jokainen työhönvalmentaja toteuttaa viikoittain ainakin 6 kasvokkaista tapaamista "
        "työnantajien kanssa työnhakija-asiakkaidensa työllistymisen edistämiseksi."
    )
    assert item.definition.endswith(
        "Huom: Tässä huomioidaan ainoastaan tapaamiset, jotka koskevat työnhakuvaiheessa "
        "olevia asiakkaita."
    )
    assert item.anchors[0] == (
        "Työhönvalmentajat tapaavat työnantajia keskimäärin harvemmin kuin 2 kertaa viikossa."
    )
    assert item.anchors[1] == (
        "Työhönvalmentajat tapaavat työnantajia keskimäärin 2 kertaa viikossa TAI "
        "Työhönvalmentajilla ei ole seurantamenetelmää."
    )
    assert item.anchors[4].startswith(
        "Työhönvalmentajat tapaavat työnantajia keskimäärin 6 kertaa viikossa tai mikäli "
        "työhönvalmentajalla on vähemmän kuin 3 työtä hakevaa asiakasta"
    )
    assert item.anchors[4].endswith(
        "Tiiminvetäjä käy viikoittain läpi työhönvalmentajien käyttämiä seurantalomakkeita."
    )


def test_item_21_in_the_seeds_words():
    item = scale("fi").items[21]
    assert item.name == "Avoimille työmarkkinoille sijoittuva työ"
    assert (
        "Avoimille työmarkkinoille sijoittuvasta työstä maksetaan vähintään alan "
        "työehtosopimuksen mukaista palkkaa, työ on kenen tahansa haettavissa eikä sitä ole "
        "varattu henkilöille, joilla on alentunut toimintakyky." in item.definition
    )
    assert item.anchors[0] == (
        "Työhönvalmentajat välittävät asiakkaille avoimille työmarkkinoille sijoittuvaa "
        "vakituista työtä alle 64 prosentissa tapauksista TAI työhönvalmennuksen avulla "
        "työllistyneitä asiakkaita on vähemmän kuin 10."
    )
    assert item.anchors[2] == (
        "Työhönvalmentajat välittävät asiakkaille avoimille työmarkkinoille sijoittuvaa "
        "vakituista työtä 75–84 prosentissa tapauksista."
    )
    assert item.anchors[4] == (
        "Työhönvalmentajat välittävät asiakkaille avoimille työmarkkinoille sijoittuvaa "
        "vakituista työtä yli 95 prosentissa tapauksista."
    )


# ======================================================================= 3. the service
HEADER = {"date": date(2026, 6, 1), "kind": "self", "assessors": "Aino ja Eero", "place": "Tila"}


@pytest.fixture
def teams(database):
    """Two teams, T1 (ours) and T2 (another)."""
    with database.write() as s:
        ours, other = m.Team(key="T1", name="Tiimi"), m.Team(key="T2", name="Toinen")
        s.add_all([ours, other])
        s.flush()
        ids = {"team": ours.id, "other": other.id}
    return database, ids


def met_for(item: int, score: int) -> set[int]:
    """Sub-criteria numbers whose count gives `score` (by the hand-written table)."""
    count = SCORE_BY_COUNT[item].index(score) if score > 1 else 0
    return set(range(1, count + 1))


def fill(database, team_id: int, assessment_id: int, scores: dict[int, int]) -> None:
    for item, score in scores.items():
        if item in SUBCRITERIA:
            service.set_subcriteria(database, team_id, assessment_id, item, met_for(item, score))
        else:
            service.set_score(database, team_id, assessment_id, item, score)


def final_assessment(database, team_id, day, scores, notes=None, evidence=None) -> int:
    saved = service.create(database, team_id, {**HEADER, "date": day}, TODAY)
    fill(database, team_id, saved.id, scores)
    for item, note in (notes or {}).items():
        service.set_note(database, team_id, saved.id, item, note)
    service.finalise(database, team_id, saved.id, evidence or {})
    return saved.id


def load(database, team_id, assessment_id):
    with database.read() as s:
        return service.load(s, team_id, assessment_id)


def test_create_a_draft(teams):
    database, ids = teams
    values = {**HEADER, "assessors": "  Aino ja Eero ", "place": " "}
    saved = service.create(database, ids["team"], values, TODAY)
    draft = load(database, ids["team"], saved.id)
    assert draft.is_draft and draft.status == "draft"
    assert draft.key.startswith("T1-F")
    assert (draft.date, draft.kind, draft.assessors, draft.place) == (
        date(2026, 6, 1),
        "self",
        "Aino ja Eero",
        None,
    )
    assert draft.based_on_id is None and draft.finalised_at is None
    assert sorted(draft.items) == list(range(1, 26))
    assert all(s.score is None and s.note is None and not s.met for s in draft.items.values())
    assert draft.total is None and draft.partial_total == (0, 0) and draft.band is None
    with database.read() as s:
        rows = s.execute(
            select(m.FidelityItemScore.item, m.FidelityItemScore.score).where(
                m.FidelityItemScore.assessment_id == saved.id
            )
        ).all()
        subs = s.execute(
            select(m.FidelitySubcriterion.item, m.FidelitySubcriterion.number).where(
                m.FidelitySubcriterion.assessment_id == saved.id,
                m.FidelitySubcriterion.met.is_(False),
            )
        ).all()
    assert sorted(rows) == [(item, None) for item in range(1, 26)]
    assert sorted(subs) == [(i, n) for i, count in SUBCRITERIA.items() for n in range(1, count + 1)]
    # A second one gets the next key of the team's series.
    second = service.create(database, ids["team"], HEADER, TODAY)
    assert load(database, ids["team"], second.id).key != draft.key


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"date": None}, "date", "required"),
        ({"date": TODAY + timedelta(days=1)}, "date", None),
        ({"kind": "peer"}, "kind", None),
        ({"assessors": f"Aino {HETU}"}, "assessors", "identity_code"),
        ({"place": HETU}, "place", "identity_code"),
    ],
)
def test_create_refuses_a_bad_header(teams, change, field, key):
    database, ids = teams
    with pytest.raises(ValidationFailed) as failure:
        service.create(database, ids["team"], {**HEADER, **change}, TODAY)
    assert [e.field for e in failure.value.errors] == [field]
    if key:
        assert errors_of(failure) == [(field, key)]
    assert all(HETU not in e.message("fi") for e in failure.value.errors)
    with database.read() as s:
        assert s.execute(select(func.count()).select_from(m.FidelityAssessment)).scalar() == 0


def test_scores_subcriteria_notes_and_header_are_saved(teams):
    database, ids = teams
    team = ids["team"]
    aid = service.create(database, team, HEADER, TODAY).id
    service.set_score(database, team, aid, 1, 4)
    service.set_score(database, team, aid, 24, 2)
    service.set_subcriteria(database, team, aid, 5, {1, 3})
    service.set_subcriteria(database, team, aid, 13, set())
    service.set_subcriteria(database, team, aid, 25, {2, 3, 4, 6})
    service.set_note(database, team, aid, 1, "  Kirjausten mukaan 22 asiakasta.  ")
    service.set_note(database, team, aid, 5, "Tiimi kokoontuu viikoittain.")
    service.update_header(database, team, aid, {"kind": "external", "place": "Etäyhteys"}, TODAY)
    draft = load(database, team, aid)
    assert draft.scores == {**dict.fromkeys(range(1, 26)), 1: 4, 24: 2, 5: 2, 13: 1, 25: 3}
    assert draft.items[5].met == {1, 3}
    assert draft.items[13].met == set()
    assert draft.items[25].met == {2, 3, 4, 6}
    assert draft.items[1].note == "Kirjausten mukaan 22 asiakasta."
    assert draft.items[5].note == "Tiimi kokoontuu viikoittain."
    assert (draft.kind, draft.place, draft.assessors, draft.date) == (
        "external",
        "Etäyhteys",
        "Aino ja Eero",
        HEADER["date"],
    )
    assert draft.partial_total == (4 + 2 + 2 + 1 + 3, 5)
    with database.read() as s:
        met = s.execute(
            select(m.FidelitySubcriterion.item, m.FidelitySubcriterion.number).where(
                m.FidelitySubcriterion.assessment_id == aid, m.FidelitySubcriterion.met.is_(True)
            )
        ).all()
        row = s.execute(
            select(m.FidelityItemScore).where(
                m.FidelityItemScore.assessment_id == aid, m.FidelityItemScore.item == 25
            )
        ).scalar_one()
        assert (row.score, row.note, row.suggested_score, row.evidence) == (3, None, None, None)
    assert sorted(met) == [(5, 1), (5, 3), (25, 2), (25, 3), (25, 4), (25, 6)]
    # Changing one's mind: fewer sub-criteria, a score taken back, a reason cleared.
    service.set_subcriteria(database, team, aid, 25, {1})
    service.set_score(database, team, aid, 1, None)
    service.set_note(database, team, aid, 5, "  ")
    draft = load(database, team, aid)
    assert (draft.items[25].score, draft.items[25].met) == (1, {1})
    assert draft.items[1].score is None
    assert draft.items[5].note is None


def test_bad_scores_and_subcriteria_are_refused(teams):
    database, ids = teams
    team = ids["team"]
    aid = service.create(database, team, HEADER, TODAY).id
    for score in (0, 6):
        with pytest.raises(ValidationFailed) as failure:
            service.set_score(database, team, aid, 3, score)
        assert [e.field for e in failure.value.errors] == ["score"]
    with pytest.raises(ValueError):
        service.set_score(database, team, aid, 5, 3)  # scored by its sub-criteria
    with pytest.raises(ValueError):
        service.set_subcriteria(database, team, aid, 13, {5})
    with pytest.raises(ValueError):
        service.set_subcriteria(database, team, aid, 25, {0, 1})
    assert load(database, team, aid).partial_total == (0, 0)


def test_update_header_refuses_a_future_date(teams):
    database, ids = teams
    aid = service.create(database, ids["team"], HEADER, TODAY).id
    with pytest.raises(ValidationFailed) as failure:
        service.update_header(
            database, ids["team"], aid, {"date": TODAY + timedelta(days=1)}, TODAY
        )
    assert [e.field for e in failure.value.errors] == ["date"]
    assert load(database, ids["team"], aid).date == HEADER["date"]


def test_identity_code_in_a_note_is_refused(teams):
    database, ids = teams
    aid = service.create(database, ids["team"], HEADER, TODAY).id
    with pytest.raises(ValidationFailed) as failure:
        service.set_note(database, ids["team"], aid, 12, f"Asiakas {HETU} sai neuvontaa")
    assert errors_of(failure) == [("fidelity_reason", "identity_code")]
    assert all(HETU not in e.message("fi") for e in failure.value.errors)
    assert load(database, ids["team"], aid).items[12].note is None


def full_scores(**changes) -> dict[int, int]:
    """Every item 3, with changes given as i<item>=<score>."""
    scores = dict.fromkeys(range(1, 26), 3)
    scores.update({int(name[1:]): score for name, score in changes.items()})
    return scores


def evidence_for(item: int, suggested: int | None, value: float = 19.5) -> ItemEvidence:
    return ItemEvidence(
        item=str(item),
        value=value,
        unit="clients per FTE",
        suggested_score=suggested,
        window="on 2026-06-30",
        n=12,
        basis=f"Peruste kohdalle {item}.",
        measures=(),
    )


def test_finalise_refuses_unscored_items(teams):
    database, ids = teams
    team = ids["team"]
    aid = service.create(database, team, HEADER, TODAY).id
    fill(database, team, aid, {i: 3 for i in range(1, 26) if i not in (2, 13, 25)})
    with pytest.raises(ValidationFailed) as failure:
        service.finalise(database, team, aid, {})
    assert errors_of(failure) == [("score", "fidelity_unscored")]
    assert failure.value.errors[0].params == {"items": "2, 13, 25"}
    assert load(database, team, aid).is_draft


def test_finalise_needs_a_reason_where_the_score_differs_from_the_suggestion(teams):
    database, ids = teams
    team = ids["team"]
    aid = service.create(database, team, HEADER, TODAY).id
    fill(database, team, aid, full_scores(i1=4, i4=3, i17=2))
    evidence = {
        "1": evidence_for(1, 5),  # differs: a reason is needed
        "4": evidence_for(4, 3),  # the same: no reason needed
        "17": evidence_for(17, 2),
        "5": evidence_for(5, None),  # sub-criteria: no suggestion
        "24": evidence_for(24, None),  # records too thin
    }
    with pytest.raises(ValidationFailed) as failure:
        service.finalise(database, team, aid, evidence)
    assert errors_of(failure) == [("fidelity_reason", "fidelity_reason_required")]
    assert failure.value.errors[0].params == {"item": 1, "suggested": 5}
    assert load(database, team, aid).is_draft
    # The problems as the page lists them before finalising.
    problems = service.finalise_problems(load(database, team, aid), {1: 5, 4: 3, 7: 1})
    assert [(p.field, p.params["item"]) for p in problems] == [
        ("fidelity_reason", 1),
        ("fidelity_reason", 7),
    ]
    # With reasons it is accepted.
    service.set_note(database, team, aid, 1, "Kaksi valmentajaa oli pitkään poissa.")
    service.finalise(database, team, aid, evidence)
    final = load(database, team, aid)
    assert final.status == "final" and not final.is_draft
    assert final.finalised_at is not None
    assert final.total == 75 + 1 - 1 and final.band is Band.FAIR
    # The evidence of that date is stored with each item, with the suggested score.
    assert final.items[1].suggested_score == 5
    assert final.items[1].evidence == {
        "value": 19.5,
        "unit": "clients per FTE",
        "suggested_score": 5,
        "window": "on 2026-06-30",
        "n": 12,
        "basis": "Peruste kohdalle 1.",
    }
    assert final.items[4].suggested_score == 3 and final.items[4].evidence["n"] == 12
    assert final.items[5].suggested_score is None
    assert final.items[5].evidence["basis"] == "Peruste kohdalle 5."
    assert final.items[2].suggested_score is None and final.items[2].evidence is None
    with database.read() as s:
        stored = s.execute(
            select(m.FidelityItemScore.item, m.FidelityItemScore.suggested_score)
            .where(
                m.FidelityItemScore.assessment_id == aid,
                m.FidelityItemScore.suggested_score.is_not(None),
            )
            .order_by(m.FidelityItemScore.item)
        ).all()
    assert stored == [(1, 5), (4, 3), (17, 2)]


def test_a_final_assessment_is_read_only(teams):
    database, ids = teams
    team = ids["team"]
    aid = final_assessment(database, team, date(2026, 5, 4), full_scores(), {3: "Hyvä."})
    attempts = [
        lambda: service.set_score(database, team, aid, 1, 5),
        lambda: service.set_note(database, team, aid, 3, "Muutettu"),
        lambda: service.set_subcriteria(database, team, aid, 5, {1, 2, 3, 4, 5}),
        lambda: service.update_header(database, team, aid, {"place": "Muualla"}, TODAY),
        lambda: service.finalise(database, team, aid, {}),
        lambda: service.delete_draft(database, team, aid),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed) as failure:
            attempt()
        assert [e.key for e in failure.value.errors] == ["fidelity_final"]
    final = load(database, team, aid)
    assert final.status == "final"
    assert final.scores == full_scores()
    assert final.items[3].note == "Hyvä."
    assert final.items[5].met == met_for(5, 3)
    assert final.place == HEADER["place"]


def test_another_teams_assessment_is_not_found(teams):
    database, ids = teams
    theirs = service.create(database, ids["other"], HEADER, TODAY).id
    final = final_assessment(database, ids["other"], date(2026, 1, 5), full_scores())
    team = ids["team"]
    attempts = [
        lambda: load(database, team, theirs),
        lambda: service.set_score(database, team, theirs, 1, 5),
        lambda: service.set_note(database, team, theirs, 1, "x"),
        lambda: service.set_subcriteria(database, team, theirs, 5, {1}),
        lambda: service.update_header(database, team, theirs, {"place": "x"}, TODAY),
        lambda: service.finalise(database, team, theirs, {}),
        lambda: service.delete_draft(database, team, theirs),
        lambda: service.create(database, team, HEADER, TODAY, based_on=final),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    untouched = load(database, ids["other"], theirs)
    assert untouched.partial_total == (0, 0) and untouched.place == HEADER["place"]
    with database.read() as s:
        assert service.list_assessments(s, team) == []


def test_a_draft_started_from_another_copies_scores_notes_and_subcriteria(teams):
    database, ids = teams
    team = ids["team"]
    scores = full_scores(i1=5, i5=4, i8=1, i13=5, i25=2, i22=1)
    notes = {1: "Suhdeluku 18.", 25: "Kaksi toimintatapaa puuttuu.", 13: "Kaikki neljä."}
    evidence = {"1": evidence_for(1, 5)}
    source = final_assessment(database, team, date(2025, 12, 1), scores, notes, evidence)
    copy = service.create(database, team, HEADER, TODAY, based_on=source).id
    before, after = load(database, team, source), load(database, team, copy)
    assert after.is_draft and after.based_on_id == source and after.key != before.key
    assert after.scores == before.scores == scores
    assert {i: s.note for i, s in after.items.items()} == {
        i: s.note for i, s in before.items.items()
    }
    assert after.items[25].note == "Kaksi toimintatapaa puuttuu."
    assert {i: after.items[i].met for i in SUBCRITERIA} == {
        i: before.items[i].met for i in SUBCRITERIA
    }
    assert after.items[5].met == {1, 2, 3, 4}
    assert after.items[8].met == set() and after.items[13].met == {1, 2, 3, 4}
    # The records' snapshot belongs to the old date: not copied.
    assert after.items[1].suggested_score is None and after.items[1].evidence is None
    # Changing the copy leaves the source as it was.
    service.set_subcriteria(database, team, copy, 5, set())
    service.set_score(database, team, copy, 22, 4)
    assert load(database, team, source).scores == scores
    assert load(database, team, copy).total == sum(scores.values()) - 3 + 3


def test_delete_draft(teams):
    database, ids = teams
    team = ids["team"]
    keep = final_assessment(database, team, date(2026, 1, 5), full_scores())
    draft = service.create(database, team, HEADER, TODAY, based_on=keep).id
    service.set_note(database, team, draft, 4, "Poistuu")
    service.delete_draft(database, team, draft)
    with pytest.raises(NotFound):
        load(database, team, draft)
    with database.read() as s:
        for model in (m.FidelityItemScore, m.FidelitySubcriterion):
            left = s.execute(
                select(func.count()).select_from(model).where(model.assessment_id == draft)
            ).scalar()
            assert left == 0, model.__tablename__
        assert [a.id for a in service.list_assessments(s, team)] == [keep]
    assert load(database, team, keep).total == 75


def test_list_assessments_with_totals(teams):
    database, ids = teams
    team = ids["team"]
    old = final_assessment(database, team, date(2025, 6, 2), full_scores(i1=1, i2=1))  # 71
    new = final_assessment(database, team, date(2026, 1, 5), full_scores(i9=5, i21=5))  # 79
    draft = service.create(database, team, HEADER, TODAY).id
    fill(database, team, draft, {1: 5, 5: 4, 6: 2})
    final_assessment(database, ids["other"], date(2026, 3, 1), full_scores())
    with database.read() as s:
        summaries = service.list_assessments(s, team)
    assert [(x.id, x.date, x.status, x.scored, x.total) for x in summaries] == [
        (draft, date(2026, 6, 1), "draft", 3, None),
        (new, date(2026, 1, 5), "final", 25, 79),
        (old, date(2025, 6, 2), "final", 25, 71),
    ]
    assert all(x.kind == "self" and x.key.startswith("T1-F") for x in summaries)


def test_previous_final_and_the_comparison(teams):
    database, ids = teams
    team = ids["team"]
    first = final_assessment(database, team, date(2025, 1, 10), full_scores(i7=2))
    second = final_assessment(database, team, date(2025, 7, 10), full_scores(i7=4, i12=4))
    final_assessment(database, ids["other"], date(2026, 1, 1), full_scores())
    later = service.create(database, team, HEADER, TODAY, based_on=second).id
    service.set_score(database, team, later, 12, 2)  # dropped from 4
    service.set_score(database, team, later, 14, 5)  # rose from 3
    service.set_score(database, team, later, 7, None)  # not scored yet
    between = service.create(database, team, {**HEADER, "date": date(2025, 3, 1)}, TODAY).id
    with database.read() as s:
        current = service.load(s, team, later)
        previous = service.previous_final(s, team, current)
        assert previous is not None and previous.id == second
        assert service.previous_final(s, team, service.load(s, team, between)).id == first
        assert service.previous_final(s, team, service.load(s, team, first)) is None
        over_time = history.totals(s, team)
    compared = history.comparison(current, previous).set_index("item")
    assert list(compared.index) == list(range(1, 26))
    assert compared.loc[12, ["score", "previous", "change", "dropped"]].tolist() == [2, 4, -2, True]
    assert compared.loc[14, ["score", "previous", "change", "dropped"]].tolist() == [5, 3, 2, False]
    assert compared.loc[7, "previous"] == 4 and compared.loc[7, "dropped"] == False  # noqa: E712
    assert compared["dropped"].sum() == 1
    assert bool(compared.loc[1, "dropped"]) is False and compared.loc[1, "change"] == 0
    alone = history.comparison(current, None)
    assert alone["previous"].isna().all() and not alone["dropped"].any()
    assert over_time[["date", "total", "band"]].values.tolist() == [
        [date(2025, 1, 10), 74, "fair"],
        [date(2025, 7, 10), 77, "fair"],
    ]
    # Two final assessments on one day: the earlier saved is the other's previous, not both ways.
    twin = final_assessment(database, team, date(2025, 7, 10), full_scores(i7=3))
    with database.read() as s:
        assert service.previous_final(s, team, service.load(s, team, twin)).id == second
        assert service.previous_final(s, team, service.load(s, team, second)).id == first


@pytest.mark.parametrize(
    ("day", "scores", "due"),
    [
        (date(2026, 3, 15), full_scores(i1=2), date(2026, 9, 15)),  # 74: 6 months
        (date(2026, 3, 15), scores_summing_to(99), date(2026, 9, 15)),
        (date(2026, 3, 15), scores_summing_to(100), date(2027, 3, 15)),  # ≥ 100: 12 months
        (date(2026, 3, 15), scores_summing_to(125), date(2027, 3, 15)),
        (date(2025, 8, 31), scores_summing_to(73), date(2026, 2, 28)),  # the month's last day
    ],
)
def test_next_assessment_is_due(teams, day, scores, due):
    database, ids = teams
    team = ids["team"]
    with database.read() as s:
        assert history.next_due(s, team, TODAY) is None  # none final yet
    final_assessment(database, team, day, scores)
    draft = service.create(database, team, HEADER, TODAY).id  # drafts do not count
    fill(database, team, draft, scores_summing_to(125))
    with database.read() as s:
        assert history.next_due(s, team, TODAY) == due
        assert history.next_due(s, ids["other"], TODAY) is None


def test_next_due_follows_the_latest_final_total(teams):
    database, ids = teams
    team = ids["team"]
    final_assessment(database, team, date(2025, 3, 3), scores_summing_to(104))
    final_assessment(database, team, date(2026, 2, 2), scores_summing_to(95))
    with database.read() as s:
        assert history.next_due(s, team, TODAY) == date(2026, 8, 2)
        assert history.next_due(s, team, date(2026, 1, 1)) == date(2026, 3, 3)


def test_steering_action_from_an_item(teams):
    database, ids = teams
    team = ids["team"]
    values = {
        "title": "  Lisää kasvokkaisia työnantajatapaamisia ",
        "owner": "Tiiminvetäjä",
        "due_date": TODAY + timedelta(days=60),
        "fidelity_items": [17, 16, 17],
    }
    saved = steering.create_action(database, team, values, TODAY)
    with database.read() as s:
        action = s.get(m.SteeringAction, saved.id)
        assert (action.title, action.owner, action.status, action.created_on, action.due_date) == (
            "Lisää kasvokkaisia työnantajatapaamisia",
            "Tiiminvetäjä",
            "planned",
            TODAY,
            TODAY + timedelta(days=60),
        )
        assert action.team_id == team and action.key.startswith("T1-A")
        linked = s.execute(
            select(m.SteeringActionItem.item).where(m.SteeringActionItem.action_id == saved.id)
        ).scalars()
        assert sorted(linked) == [16, 17]
        linked = steering.actions_by_item(s, team)
        assert set(linked) == {16, 17} and linked[16] == linked[17]
        assert linked[17] == [
            steering.LinkedAction(
                action.key,
                "Lisää kasvokkaisia työnantajatapaamisia",
                "Tiiminvetäjä",
                TODAY + timedelta(days=60),
                "planned",
            )
        ]
        assert steering.actions_by_item(s, ids["other"]) == {}
    # Due today is fine; no due date at all too.
    steering.create_action(database, team, {**values, "due_date": TODAY}, TODAY)
    steering.create_action(database, team, {**values, "due_date": None}, TODAY)


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"title": "   "}, "title", "required"),
        ({"title": None}, "title", "required"),
        ({"due_date": TODAY - timedelta(days=1)}, "due_date", "before"),
        ({"fidelity_items": [26]}, "fidelity_items", None),
        ({"title": f"Soita {HETU}"}, "title", "identity_code"),
    ],
)
def test_steering_action_refuses_bad_input(teams, change, field, key):
    database, ids = teams
    values = {"title": "Toimenpide", "due_date": TODAY, "fidelity_items": [3], **change}
    with pytest.raises(ValidationFailed) as failure:
        steering.create_action(database, ids["team"], values, TODAY)
    assert [e.field for e in failure.value.errors] == [field]
    if key:
        assert [e.key for e in failure.value.errors] == [key]
    with database.read() as s:
        assert s.execute(select(func.count()).select_from(m.SteeringAction)).scalar() == 0


# ====================================================================== 4. the page
@pytest.fixture
def page_database(sqlite_database):
    """A team with no assessments yet: one full-time coach who only coaches and one active
    client, so that the records suggest 5 for items 1 and 2 (1 client per FTE, 100 % coaching)
    and 1 for item 7 (no team meetings)."""
    today = date.today()
    with sqlite_database.write() as s:
        team = m.Team(key="T1", name="Tiimi")
        s.add(team)
        s.flush()
        coach = m.Staff(
            key="S1", team_id=team.id, name="Aino", role="coach", fte=1.0, coaching_share=1.0
        )
        source = m.ReferralSource(key="R1", team_id=team.id, name="Psykiatria", kind="other")
        s.add_all([coach, source])
        s.flush()
        s.add(
            m.Client(
                team_id=team.id,
                code="A-001",
                coach_id=coach.id,
                source_id=source.id,
                referral_date=today - timedelta(days=500),
                service_start=today - timedelta(days=480),
            )
        )
    return sqlite_database


def open_page(app_test, database):
    at = app_test(database.url.render_as_string(False))
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def item_heading(at, item: int) -> str:
    found = [md.value for md in at.markdown if md.value.startswith(f"**{item}. ")]
    assert len(found) == 1, found
    return found[0]


def set_count(at, aid: int, item: int, count: int) -> None:
    for number in range(1, SUBCRITERIA[item] + 1):
        at.checkbox(key=f"fidelity.{aid}.sub{number}.{item}").set_value(number <= count)


def test_page_shows_the_new_assessment_form_to_a_team_without_assessments(app_test, page_database):
    at = open_page(app_test, page_database)
    assert at.title[0].value == "Laatukriteerit"
    assert [i.body for i in at.info] == [
        "Tiimillä ei ole vielä yhtään arviointia. Aloita ensimmäinen yläpuolelta kohdasta Uusi "
        "arviointi: valitse päivä, kirjoita arvioijat ja paina Aloita arviointi."
    ]
    assert at.date_input(key="fidelity.new.date.0").value == date.today()
    assert at.radio(key="fidelity.new.kind.0").value == "self"
    assert at.selectbox(key="fidelity.new.based_on.0").value == 0  # blank
    assert at.selectbox(key="fidelity.new.based_on.0").options == ["tyhjä arviointi"]
    assert at.button(key="fidelity.new.save.0").label == "Aloita arviointi"
    assert not at.metric
    assert not [r for r in at.radio if r.key.startswith("fidelity.") and ".score." in r.key]


def start_draft(at) -> int:
    at.text_input(key="fidelity.new.assessors.0").set_value("Aino ja Eero")
    at.text_input(key="fidelity.new.place.0").set_value("Tiimitila")
    at.selectbox(key="fidelity.new.based_on.0").set_value(0)
    at.button(key="fidelity.new.save.0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Arviointi aloitettu. Se tallentuu sitä mukaa kuin täytät sitä." in [
        s.value for s in at.success
    ]
    return at.selectbox(key="fidelity.choice").value


# The whole assessment through the widgets, step by step: (total, band, direct scores set,
# sub-criteria counts set). Totals worked out by hand in the comments.
STEPS = [
    # 19 direct items × 3 = 57; sub-criteria 1 + 2 + 3 + 4 + 3 + 3 = 16 → 73
    (73, NOT_IPS, dict.fromkeys(DIRECT, 3), {5: 1, 8: 2, 10: 3, 11: 4, 13: 2, 25: 4}),
    # item 1: 3 → 4 → 74
    (74, FAIR, {1: 4}, {}),
    # eleven more items 3 → 4 (+11) and every sub-criterion met (5 × 6 = 30, +14) → 99
    (
        99,
        FAIR,
        dict.fromkeys((2, 3, 4, 6, 7, 9, 12, 14, 15, 16, 17), 4),
        {5: 5, 8: 5, 10: 5, 11: 5, 13: 4, 25: 6},
    ),
    # item 18: 3 → 4 → 100
    (100, GOOD, {18: 4}, {}),
    # items 19–24: 3 → 4 (+6); items 1, 3, 4, 6, 7, 9, 12, 14: 4 → 5 (+8) → 114
    (
        114,
        GOOD,
        {**dict.fromkeys(range(19, 25), 4), **dict.fromkeys((1, 3, 4, 6, 7, 9, 12, 14), 5)},
        {},
    ),
    # item 15: 4 → 5 → 115
    (115, EXEMPLARY, {15: 5}, {}),
]


def test_page_fills_in_a_whole_assessment_and_finalises_it(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    with page_database.read() as s:
        draft = service.load(s, 1, aid)
        suggested = {
            item: e.suggested_score
            for item, e in item_evidence(s, 1, draft.date).items()
            if e.suggested_score is not None
        }
    assert draft.is_draft and draft.date == date.today() and draft.based_on_id is None
    assert (draft.assessors, draft.place) == ("Aino ja Eero", "Tiimitila")
    assert suggested == {"1": 5, "2": 5, "7": 1}  # the premise of the reasons below
    assert metrics(at) == {"Yhteispisteet": "0/125", "Pisteytetty": "0/25", "Taso": "–"}

    direct: dict[int, int] = {}
    counts: dict[int, int] = {}
    for step, (expected, band_name, scores, met) in enumerate(STEPS):
        direct.update(scores)
        counts.update(met)
        for item, score in scores.items():
            at.radio(key=f"fidelity.{aid}.score.{item}").set_value(score)
        for item, count in met.items():
            set_count(at, aid, item, count)
        at.run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        by_hand = sum(direct.values()) + sum(SCORE_BY_COUNT[i][c] for i, c in counts.items())
        assert by_hand == expected  # the steps above add up
        assert metrics(at) == {
            "Yhteispisteet": f"{expected}/125",
            "Pisteytetty": "25/25",
            "Taso": band_name,
        }, step
        assert load(page_database, 1, aid).total == expected
    assert item_heading(at, 13).endswith("— Pisteet: **5**")
    assert item_heading(at, 2).endswith("— Pisteet: **4**")

    # The draft survives a new session.
    again = open_page(app_test, page_database)
    assert again.selectbox(key="fidelity.choice").value == aid
    assert metrics(again) == {"Yhteispisteet": "115/125", "Pisteytetty": "25/25", "Taso": EXEMPLARY}
    for item, score in direct.items():
        assert again.radio(key=f"fidelity.{aid}.score.{item}").value == score, item
    for item, count in counts.items():
        values = [
            again.checkbox(key=f"fidelity.{aid}.sub{n}.{item}").value
            for n in range(1, SUBCRITERIA[item] + 1)
        ]
        assert values == [True] * count, item

    # Item 2 scored 4 against the records' 5, item 7 5 against 1: finalising asks for reasons.
    for item in (2, 7):
        label = again.text_area(key=f"fidelity.{aid}.note.{item}").label
        assert label.startswith("Perustelu (pakollinen"), item
    assert again.text_area(key=f"fidelity.{aid}.note.1").label == "Perustelu"  # 5 = 5
    again.button(key="fidelity.finalise").click().run()
    assert [e.value for e in again.error] == [
        "Perustelu: kohdan 2 pisteet poikkeavat kirjausten ehdotuksesta (5); kirjoita perustelu",
        "Perustelu: kohdan 7 pisteet poikkeavat kirjausten ehdotuksesta (1); kirjoita perustelu",
    ]
    assert load(page_database, 1, aid).is_draft
    again.text_area(key=f"fidelity.{aid}.note.2").set_value("Valmentaja hoitaa myös ryhmiä.")
    again.run()
    again.button(key="fidelity.finalise").click().run()
    assert [e.value for e in again.error] == [
        "Perustelu: kohdan 7 pisteet poikkeavat kirjausten ehdotuksesta (1); kirjoita perustelu"
    ]
    again.text_area(key=f"fidelity.{aid}.note.7").set_value("Tiimi kokoontuu viikoittain.")
    again.run()
    again.button(key="fidelity.finalise").click().run()
    assert not again.exception and not again.error, [e.value for e in again.error]
    assert "Arviointi viimeistelty." in [s.value for s in again.success]
    final = load(page_database, 1, aid)
    assert final.status == "final" and final.total == 115
    assert final.items[2].note == "Valmentaja hoitaa myös ryhmiä."
    assert final.items[7].note == "Tiimi kokoontuu viikoittain."
    assert {i: final.items[i].suggested_score for i in (1, 2, 7, 3)} == {1: 5, 2: 5, 7: 1, 3: None}
    assert final.items[1].evidence["n"] == 1 and final.items[1].evidence["value"] == 1.0

    # Read only now: every widget of the assessment is disabled, no finalise button.
    assert metrics(again)["Yhteispisteet"] == "115/125"
    assert metrics(again)["Taso"] == EXEMPLARY
    own = f"fidelity.{aid}."
    kinds = (again.radio, again.checkbox, again.text_area, again.text_input, again.date_input)
    widgets = [w for kind in kinds for w in kind]
    mine = [w for w in widgets if w.key and w.key.startswith(own)]
    assert len(mine) == 19 + 30 + 25 + 4  # scores, sub-criteria, reasons, the header
    assert all(w.disabled for w in mine)
    assert not [b for b in again.button if b.key in ("fidelity.finalise", "fidelity.discard")]
    assert "Arviointi on viimeistelty" in " ".join(s.value for s in again.success)
    # Beside each item now: what the records said on the assessment's date (the snapshot).
    lines = [md.value for md in again.markdown if md.value.startswith("**Kirjausten mukaan:**")]
    assert lines[0] == (
        f"**Kirjausten mukaan:** 1,0 (n = 1, {fi_date(final.date)}) · ehdotus **5**"
    )


@pytest.mark.parametrize("item", sorted(SUBCRITERIA))
def test_page_scores_each_subcriteria_item_at_every_count(app_test, page_database, item):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    assert item_heading(at, item).endswith("— Pisteet: **ei pisteitä**")
    for count in range(SUBCRITERIA[item], -1, -1):  # all met, then one fewer at a time, to none
        set_count(at, aid, item, count)
        at.run()
        assert not at.exception and not at.error
        expected = SCORE_BY_COUNT[item][count]
        assert item_heading(at, item).endswith(f"— Pisteet: **{expected}**"), count
        assert metrics(at)["Yhteispisteet"] == f"{expected}/125"
        assert metrics(at)["Pisteytetty"] == "1/25"
        state = load(page_database, 1, aid).items[item]
        assert (state.score, state.met) == (expected, set(range(1, count + 1)))


def test_page_records_none_met_for_a_subcriteria_item(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    none_met = at.button(key=f"fidelity.{aid}.none_met.13")
    assert none_met.label == "Mikään alakriteeri ei täyty (1 piste)"
    none_met.click().run()
    assert not at.exception and not at.error
    assert item_heading(at, 13).endswith("— Pisteet: **1**")
    assert metrics(at)["Pisteytetty"] == "1/25"
    assert (
        load(page_database, 1, aid).items[13].score,
        load(page_database, 1, aid).items[13].met,
    ) == (1, set())
    # Once scored the button goes; the other sub-criteria items still offer it.
    keys = {b.key for b in at.main.button}
    assert f"fidelity.{aid}.none_met.13" not in keys and f"fidelity.{aid}.none_met.5" in keys


def test_page_says_when_a_final_assessment_kept_no_evidence(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    with demo_copy.read() as s:
        final = next(x for x in service.list_assessments(s, 1) if x.status == "final")
    at.selectbox(key="fidelity.choice").set_value(final.id).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert (
        captions.count(
            "Tähän arviointiin ei tallennettu kirjausten tietoja viimeistelyhetkellä (esimerkiksi "
            "paperilta siirretty tai tuotu arviointi)."
        )
        == 25
    )


def test_page_creates_a_steering_action_from_an_item(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    form = f"fidelity.action.{aid}.17"
    due = date.today() + timedelta(days=30)
    at.text_input(key=f"{form}.title.0").set_value("Työnantajakäynnit *joka* viikko [sic]")
    at.text_input(key=f"{form}.owner.0").set_value("Tiiminvetäjä")
    at.date_input(key=f"{form}.due.0").set_value(due)
    at.button(key=f"{form}.save.0").click().run()
    assert not at.exception and not at.error
    assert "Toimenpide luotu kohdalle 17. Se näkyy kohdan toimenpiteissä." in [
        s.value for s in at.success
    ]
    with page_database.read() as s:
        (action,) = s.execute(select(m.SteeringAction)).scalars()
        items = s.execute(select(m.SteeringActionItem.item)).scalars().all()
    assert (action.title, action.owner, action.due_date, action.status, items) == (
        "Työnantajakäynnit *joka* viikko [sic]",
        "Tiiminvetäjä",
        due,
        "planned",
        [17],
    )
    # The action is listed under item 17 (and no other), its text shown literally.
    assert "Ohjausryhmän toimenpiteet tälle kohdalle (1)" in [e.label for e in at.expander]
    lines = [md.value for md in at.markdown if md.value.startswith(f"**{action.key}**")]
    assert lines == [
        f"**{action.key}** Työnantajakäynnit \\*joka\\* viikko \\[sic\\] · vastuu Tiiminvetäjä · "
        f"määräaika {fi_date(due)} · Suunniteltu"
    ]
    # The form is empty again.
    assert at.text_input(key=f"{form}.title.1").value == ""


def test_page_edits_the_header_of_a_draft(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    assert at.text_input(key=f"fidelity.{aid}.header.assessors").value == "Aino ja Eero"
    assert at.text_input(key=f"fidelity.{aid}.header.assessors").label == "Arvioitsija"
    day = date.today() - timedelta(days=3)
    at.text_input(key=f"fidelity.{aid}.header.assessors").set_value("Aino, Eero ja Iida").run()
    at.text_input(key=f"fidelity.{aid}.header.place").set_value("Kokoushuone 2").run()
    at.date_input(key=f"fidelity.{aid}.header.date").set_value(day).run()
    at.radio(key=f"fidelity.{aid}.header.kind").set_value("external").run()
    assert not at.exception and not at.error
    saved = load(page_database, 1, aid)
    assert (saved.assessors, saved.place, saved.date, saved.kind) == (
        "Aino, Eero ja Iida",
        "Kokoushuone 2",
        day,
        "external",
    )
    # A new session shows what was saved; an identity code is refused and not saved.
    again = open_page(app_test, page_database)
    assert again.text_input(key=f"fidelity.{aid}.header.place").value == "Kokoushuone 2"
    assert again.radio(key=f"fidelity.{aid}.header.kind").value == "external"
    again.text_input(key=f"fidelity.{aid}.header.place").set_value(f"Luona {HETU}").run()
    assert [e.value.split(":")[0] for e in again.error] == ["Paikka"]
    assert HETU not in " ".join(e.value for e in again.error)
    assert load(page_database, 1, aid).place == "Kokoushuone 2"


def test_page_discards_a_draft(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    at.radio(key=f"fidelity.{aid}.score.1").set_value(2).run()
    at.button(key="fidelity.discard").click().run()
    assert load(page_database, 1, aid).partial_total == (2, 1)  # asked first
    at.button(key="fidelity.discard_confirmed").click().run()
    assert not at.exception
    with page_database.read() as s:
        assert service.list_assessments(s, 1) == []
    assert translate("fidelity.none_yet", "fi") in [i.body for i in at.info]


def test_page_refuses_an_identity_code_in_a_reason(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    at.text_area(key=f"fidelity.{aid}.note.12").set_value(f"Asiakas {HETU} sai neuvontaa.")
    at.run()
    messages = [e.value for e in at.error]
    assert len(messages) == 1 and "sisältää henkilötunnuksen" in messages[0]
    assert all(HETU not in message for message in messages)
    assert load(page_database, 1, aid).items[12].note is None


def test_page_names_the_reason_field_when_refusing_an_identity_code(app_test, page_database):
    at = open_page(app_test, page_database)
    aid = start_draft(at)
    at.text_area(key=f"fidelity.{aid}.note.12").set_value(f"Asiakas {HETU} sai neuvontaa.")
    at.run()
    assert [e.value.split(":")[0] for e in at.error] == ["Perustelu"]


def test_page_on_the_demo_starts_from_the_latest_final_by_default(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    with demo_copy.read() as s:
        finals = [x for x in service.list_assessments(s, 1) if x.status == "final"]
    latest = finals[0]
    based_on = at.selectbox(key="fidelity.new.based_on.0")
    assert based_on.value == latest.id and len(based_on.options) == len(finals) + 1 == 3
    at.button(key="fidelity.new.save.0").click().run()
    assert not at.exception
    copied = at.selectbox(key="fidelity.choice").value
    assert metrics(at) == {
        "Yhteispisteet": f"{latest.total}/125",
        "Pisteytetty": "25/25",
        "Taso": scale("fi").band_name(latest.total),
    }
    draft = load(demo_copy, 1, copied)
    assert draft.is_draft and draft.based_on_id == latest.id
    assert draft.scores == load(demo_copy, 1, latest.id).scores
    # The history tab: when the next one is due (6 months after a total under 100) and an
    # item that dropped against the previous final assessment.
    assert (latest.date, latest.total < 100) == (date(2025, 12, 30), True)  # the demo's
    due = [md.value for md in at.markdown if md.value.startswith("Seuraava arviointi")]
    assert due and due[0].startswith("Seuraava arviointi viimeistään **30.6.2026**")
    assert "Yhdenkään kohdan pisteet eivät laskeneet." in [c.value for c in at.caption]
    before = draft.items[1].score
    assert before >= 2
    at.radio(key=f"fidelity.{copied}.score.1").set_value(before - 1).run()
    assert f"Kohta 1 Asiakasmäärä: {before} → {before - 1}" in [w.value for w in at.warning]


def test_page_on_the_demo_starts_a_blank_assessment_when_based_on_is_cleared(app_test, demo_copy):
    at = open_page(app_test, demo_copy)
    based_on = at.selectbox(key="fidelity.new.based_on.0")
    assert based_on.options[-1] == "tyhjä arviointi"
    based_on.set_value(0)
    at.button(key="fidelity.new.save.0").click().run()
    assert not at.exception
    blank = at.selectbox(key="fidelity.choice").value
    assert load(demo_copy, 1, blank).based_on_id is None
    assert metrics(at) == {"Yhteispisteet": "0/125", "Pisteytetty": "0/25", "Taso": "–"}


def window_text(window: str) -> str:
    if window.startswith("on "):
        return fi_date(date.fromisoformat(window[3:]))
    first, last = window.split("..")
    return f"{fi_date(date.fromisoformat(first))}–{fi_date(date.fromisoformat(last))}"


def test_page_evidence_is_what_ote_evidence_says(app_test, demo_copy, monkeypatch, capsys):
    from ote.cli import main

    aid = service.create(demo_copy, 1, {**HEADER, "date": DEMO_END}, date.today()).id
    monkeypatch.setenv("OTE_DATABASE_URL", demo_copy.url.render_as_string(False))
    assert main(["evidence", "--team", "DEMO", "--as-of", DEMO_END.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with demo_copy.read() as s:
        document = evidence_document(s, "DEMO", DEMO_END)
    assert printed == json.loads(json.dumps(document))
    assert printed["as_of"] == "2026-06-30" and printed["team_id"] == "DEMO"

    at = open_page(app_test, demo_copy)
    assert at.selectbox(key="fidelity.choice").value == aid  # the newest, dated DEMO_END
    lines = [md.value for md in at.markdown if md.value.startswith("**Kirjausten mukaan:**")]
    assert len(lines) == len(printed["items"])  # one box per item the records evidence
    captions = [c.value for c in at.caption]
    for item in ("1", "4", "17"):
        entry = printed["items"][item]
        assert entry["suggested_score"] is not None and isinstance(entry["value"], float)
        tenths = Decimal(str(entry["value"])).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        value = str(tenths).replace(".", ",")  # one decimal, with a decimal comma
        expected = (
            f"**Kirjausten mukaan:** {value} (n = {entry['n']}, {window_text(entry['window'])})"
            f" · ehdotus **{entry['suggested_score']}**"
        )
        assert lines[list(printed["items"]).index(item)] == expected, item
        assert entry["basis"] in captions
    assert printed["items"]["1"]["window"] == "on 2026-06-30"
    assert printed["items"]["4"]["window"] == "2025-07-01..2026-06-30"
    # Each measure behind the evidence opens its definition from its name, with the
    # measure's own window (item 8: its three sub-criteria's measures).
    with demo_copy.read() as s:
        found = item_evidence(s, 1, DEMO_END, "fi")
    popovers = [
        (node.proto.popover.label, [x.value for x in node.markdown])
        for node in at
        if node.type == "popover"
    ]
    expected_popovers = [
        (translate(f"metrics.{m.key}.name", "fi"), [definition(m.key, "fi", measure=m)])
        for entry in found.values()
        for m in entry.measures
    ]
    assert popovers == expected_popovers
    assert len(popovers) == 19  # every measure of the evidence, once
    item_8 = [translate(f"metrics.{m.key}.name", "fi") for m in found["8"].measures]
    assert item_8 == [
        "Tiiminvetäjän vastuulla olevat valmentajat",
        "Viikoittainen tiimin ohjaus",
        "Neljännesvuositavoitteet",
    ]
    (weekly,) = [text for label, (text,) in popovers if label == "Viikoittainen tiimin ohjaus"]
    assert "**Aikaväli:** 30.3.2026–28.6.2026" in weekly  # the 13 full weeks before 30.6.


# ================================================================= 5. the PDF and XLSX
PDF_SCORES = {
    **dict.fromkeys(range(1, 26), 4),
    1: 5,
    2: 3,
    5: 5,
    8: 2,
    13: 1,
    17: 2,
    21: 1,
    25: 3,
}  # 100 + 1 − 1 + 1 − 2 − 3 − 2 − 3 − 1 = 90
PDF_NOTES = {
    1: "Suhdeluku 18 – kirjausten mukaan.",
    17: "Tapaamisia & soittoja <2 viikossa.",
    21: "Vain 7 työllistynyttä asiakasta.",
}


@pytest.fixture
def finalised(sqlite_database):
    database = sqlite_database
    with database.write() as s:
        s.add(m.Team(key="T1", name="Tiimi Yksi"))
    evidence = {"1": evidence_for(1, 5, 19.64), "17": evidence_for(17, 2, 1.75)}
    aid = final_assessment(database, 1, date(2026, 5, 4), PDF_SCORES, PDF_NOTES, evidence)
    return database, load(database, 1, aid)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_holds_every_score_the_total_and_the_reasons(finalised):
    from ote.fidelity.sheet_pdf import assessment_pdf

    _, final = finalised
    assert final.total == 90
    content = assessment_pdf(final, "Tiimi Yksi", "fi")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "LUONNOS" not in text
    names = scale("fi").items
    for item in range(1, 26):
        pattern = re.escape(f"{item}. {names[item].name}") + r"\s*Pisteet:\s*(\d)"
        found = re.findall(pattern, text)
        assert found and found[0] == str(PDF_SCORES[item]), (item, found)
    assert "Yhteispistemäärä: 90 – Kohtalainen taso" in text
    assert "Arvioitsija Aino ja Eero" in text and "Paikka Tila" in text
    assert "Päivämäärä 4.5.2026" in text
    assert "Tiimi Yksi" in text
    for line in (
        "115–125 = Esimerkillinen taso",
        "100–114 = Hyvä taso",
        "74–99 = Kohtalainen taso",
        "25–73 = Palvelu ei ole tuettua työllistymistä",
    ):
        assert line in text
    appendix = text[text.index("Liite: perustelut") :]
    for note in PDF_NOTES.values():
        assert f"Perustelu: {note}" in appendix
    assert "Kirjausten mukaan 19,6 (n = 12), ehdotus 5. Peruste kohdalle 1." in appendix
    assert "[x] 5.5" in appendix and "[ ] 8.3" in appendix and "[x] 8.1" in appendix


def test_pdf_of_a_draft_says_luonnos(finalised):
    from ote.fidelity.sheet_pdf import assessment_pdf

    database, final = finalised
    draft = service.create(database, 1, HEADER, TODAY, based_on=final.id).id
    service.set_score(database, 1, draft, 3, None)
    text = pdf_text(assessment_pdf(load(database, 1, draft), "Tiimi Yksi", "fi"))
    assert "LUONNOS" in text
    assert "Yhteispistemäärä 86 (24/25 kohtaa pisteytetty)" in text
    assert re.search(r"3\. " + re.escape(scale("fi").items[3].name) + r"\s*Pisteet: –", text)


def test_assessment_workbook_has_its_rows_and_imports_back(finalised, sqlite_template, tmp_path):
    from openpyxl import load_workbook

    from ote.interchange.exporter import assessment_workbook
    from ote.interchange.importer import import_files
    from ote.interchange.reader import read_csv, read_workbook

    database, final = finalised
    other = final_assessment(database, 1, date(2025, 11, 3), full_scores())  # not in the file
    with database.read() as s:
        content = assessment_workbook(s, "T1", final.key)
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["fidelity_assessments", "fidelity_subcriteria"]
    rows = list(book["fidelity_assessments"].iter_rows(values_only=True))
    subs = list(book["fidelity_subcriteria"].iter_rows(values_only=True))
    book.close()
    assert len(rows) == 1 + 25 and len(subs) == 1 + 30
    header = rows[0]
    assert header[:5] == ("assessment_id", "team_id", "date", "item", "score")
    assert {r[0] for r in rows[1:]} == {final.key} and {r[0] for r in subs[1:]} == {final.key}
    by_item = {r[header.index("item")]: r for r in rows[1:]}
    assert {i: r[header.index("score")] for i, r in by_item.items()} == PDF_SCORES
    assert by_item[17][header.index("note")] == PDF_NOTES[17]
    assert load(database, 1, other).key != final.key

    # Into an empty database, with the team given by a teams.csv.
    target_path = tmp_path / "target.db"
    shutil.copyfile(sqlite_template, target_path)
    target = open_database(sqlite_url(target_path))
    try:
        raw, problems = read_workbook(content, "arviointi.xlsx")
        teams_file, more = read_csv("teams", "teams.csv", b"team_id;name\r\nT1;Tiimi Yksi\r\n")
        assert problems == [] and more == []
        report = import_files(target, [*raw, teams_file], today=TODAY)
        assert report.errors == [] and report.written, report.lines()
        with target.read() as s:
            team_id = s.execute(select(m.Team.id).where(m.Team.key == "T1")).scalar_one()
            key_id = s.execute(
                select(m.FidelityAssessment.id).where(m.FidelityAssessment.key == final.key)
            ).scalar_one()
            back = service.load(s, team_id, key_id)
        assert (back.date, back.kind, back.assessors, back.place, back.status) == (
            final.date,
            final.kind,
            final.assessors,
            final.place,
            "final",
        )
        assert back.scores == final.scores and back.total == 90
        for item in range(1, 26):
            mine, theirs = back.items[item], final.items[item]
            assert (mine.note, mine.met, mine.suggested_score, mine.evidence) == (
                theirs.note,
                theirs.met,
                theirs.suggested_score,
                theirs.evidence,
            ), item
        # Importing the same file again changes nothing.
        again = import_files(target, [*raw, teams_file], today=TODAY)
        assert again.errors == [] and again.written
        assert all(c.inserted == 0 and c.updated == 0 for c in again.counts.values())
    finally:
        target.dispose()
