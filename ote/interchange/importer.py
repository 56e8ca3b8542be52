"""`ote import`: a data set into the database, all or nothing.

1. read the files (`reader`), check their columns and parse every cell (`parsing`);
2. resolve every reference against the data set and the database, and check each row's
   rules (`ote.records.rules`) – every problem is collected, none stops the checking;
3. only if there is no error, write everything in one transaction, in the order the
   references need. Rows already stored are matched (by key, natural key, or as whole
   identical rows) so importing the same data set twice changes nothing.

Problems are reported as `file:line: column: message`. Warnings (law-period rules) are
reported too but do not stop the import.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from ote import models as m
from ote.config import DEFAULT_LANGUAGE
from ote.db import Database
from ote.enums import AssessmentKind, AssessmentStatus, DecisionStatus, Framing
from ote.formatting import format_date
from ote.i18n import translate
from ote.interchange.format import BY_NAME, FILES, ColumnType
from ote.interchange.parsing import Row, parse_files
from ote.interchange.reader import Problem, RawFile, read_dataset
from ote.metrics.law_periods import Period
from ote.models.fidelity import SUBCRITERIA_COUNT
from ote.records import rules
from ote.validation import FieldError, render

CHUNK = 500


@dataclass
class FileCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, FileCounts] = field(default_factory=dict)
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def lines(self, language: str = DEFAULT_LANGUAGE) -> list[str]:
        """Every problem as `file:line: column: message`, errors first."""
        ordered = sorted(self.problems, key=lambda p: (p.warning, p.source, p.line, p.column))
        return [format_problem(p, language) for p in ordered]


def problem_message(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The message alone ("Varoitus: …" for a warning)."""
    message = render(problem.key, problem.params, language)
    if problem.warning:
        return f"{translate('validation.warning_prefix', language)} {message}"
    return message


def format_problem(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """`file:line: column: message`."""
    where = problem.source + (f":{problem.line}" if problem.line else "")
    column = f" {problem.column}:" if problem.column else ""
    prefix = f"{where}:{column} " if where else ""
    return f"{prefix}{problem_message(problem, language)}"


def import_path(
    database: Database, path: Path, *, today: date | None = None, dry_run: bool = False
) -> ImportReport:
    """Import the data set at `path` (a folder of CSV files, one CSV file, or an .xlsx)."""
    raw_files, problems = read_dataset(path)
    return import_files(database, raw_files, problems, today=today, dry_run=dry_run)


def import_files(
    database: Database,
    raw_files: list[RawFile],
    read_problems: list[Problem] = (),
    *,
    today: date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import files already read (an upload, say); `dry_run` checks without writing."""
    report = ImportReport(problems=list(read_problems))
    rows, parse_problems = parse_files(raw_files)
    report.problems.extend(parse_problems)
    with database.read() as session:
        dataset = Dataset(rows, today or date.today())
        dataset.load(session)
        report.problems.extend(dataset.check())
    if report.errors or dry_run:
        return report
    try:
        with database.write() as session:
            report.counts = dataset.write(session)
    except (IntegrityError, SQLAlchemyError) as error:
        report.problems.append(
            Problem("", 0, "", "database_refused", {"detail": type(error).__name__})
        )
        report.counts = {}
        return report
    report.written = True
    return report


# ------------------------------------------------------------------------------ index
@dataclass
class Entry:
    """Something the data set can refer to by key: its id once stored, its team."""

    id: int | None
    team: str | None


def _chunks(values: Iterable, size: int = CHUNK):
    items = sorted(set(values), key=str)
    for first in range(0, len(items), size):
        yield items[first : first + size]


class Dataset:
    """The parsed rows of one import, resolved against the database."""

    def __init__(self, rows: dict[str, list[Row]], today: date):
        self.rows = rows
        self.today = today
        self.problems: list[Problem] = []
        # key -> Entry, per file whose rows have a key
        self.index: dict[str, dict[str, Entry]] = {
            name: {}
            for name in (
                "teams",
                "staff",
                "referral_sources",
                "employers",
                "jobs",
                "steering_meetings",
                "steering_actions",
                "fidelity_assessments",
            )
        }
        self.clients: dict[tuple[str, str], int | None] = {}  # (team key, code) -> id
        self.codes: dict[str, set[str]] = defaultdict(set)  # code -> team keys
        self.job_client: dict[str, tuple[str, str]] = {}  # job key -> (team, code)
        self.team_ids: dict[str, int] = {}
        # (team key, date, kind) of the team meetings the database or the data set holds,
        # for the decisions that name them
        self.meetings: set[tuple[str, date, str]] = set()

    def of(self, name: str) -> list[Row]:
        """The rows of a file whose every cell was read (the others only get their
        references checked, so that all their problems show at once)."""
        return [row for row in self.rows.get(name, []) if row.complete]

    # ---------------------------------------------------------------- loading
    def load(self, session: Session) -> None:
        """What the database already holds of everything the data set names."""
        for team_id, key in session.execute(select(m.Team.id, m.Team.key)):
            self.index["teams"][key] = Entry(team_id, key)
            self.team_ids[key] = team_id
        team_key_by_id = {entry.id: key for key, entry in self.index["teams"].items()}
        wanted = self._referenced_keys()
        for name, model, team_column in (
            ("staff", m.Staff, m.Staff.team_id),
            ("referral_sources", m.ReferralSource, m.ReferralSource.team_id),
            ("steering_meetings", m.SteeringMeeting, m.SteeringMeeting.team_id),
            ("steering_actions", m.SteeringAction, m.SteeringAction.team_id),
            ("fidelity_assessments", m.FidelityAssessment, m.FidelityAssessment.team_id),
        ):
            for chunk in _chunks(wanted[name]):
                for row_id, key, team_id in session.execute(
                    select(model.id, model.key, team_column).where(model.key.in_(chunk))
                ):
                    self.index[name][key] = Entry(row_id, team_key_by_id[team_id])
        for chunk in _chunks(wanted["employers"]):
            for row_id, key in session.execute(
                select(m.Employer.id, m.Employer.key).where(m.Employer.key.in_(chunk))
            ):
                self.index["employers"][key] = Entry(row_id, None)
        codes = {
            r.values["client_code"]
            for rows in self.rows.values()
            for r in rows
            if r.values.get("client_code")
        }
        for chunk in _chunks(codes):
            for row_id, code, team_id in session.execute(
                select(m.Client.id, m.Client.code, m.Client.team_id).where(m.Client.code.in_(chunk))
            ):
                team = team_key_by_id[team_id]
                self.clients[(team, code)] = row_id
                self.codes[code].add(team)
        for chunk in _chunks(wanted["jobs"]):
            for row_id, key, code, team_id in session.execute(
                select(m.Job.id, m.Job.key, m.Client.code, m.Client.team_id)
                .join(m.Client, m.Client.id == m.Job.client_id)
                .where(m.Job.key.in_(chunk))
            ):
                team = team_key_by_id[team_id]
                self.index["jobs"][key] = Entry(row_id, team)
                self.job_client[key] = (team, code)
        decided = {
            (self.team_ids[r.values["team_id"]], r.values["date"])
            for r in self.rows.get("team_meeting_decisions", [])
            if r.values.get("date") and r.values.get("team_id") in self.team_ids
        }
        for team_id in {team_id for team_id, _ in decided}:
            days = sorted(day for other, day in decided if other == team_id)
            for chunk in _chunks(days):
                for day, kind in session.execute(
                    select(m.TeamMeeting.date, m.TeamMeeting.kind).where(
                        m.TeamMeeting.team_id == team_id, m.TeamMeeting.date.in_(chunk)
                    )
                ):
                    self.meetings.add((team_key_by_id[team_id], day, kind))
        self._overlay_dataset()

    def _referenced_keys(self) -> dict[str, set[str]]:
        wanted: dict[str, set[str]] = defaultdict(set)
        for name, rows in self.rows.items():
            spec = BY_NAME[name]
            for column in spec.columns:
                target = (
                    column.ref
                    if column.type in (ColumnType.REF, ColumnType.REF_LIST)
                    else (name if column.type == ColumnType.KEY else None)
                )
                if column.name == "assessment_id":
                    target = "fidelity_assessments"
                if target is None:
                    continue
                for row in rows:
                    value = row.values.get(column.name)
                    if isinstance(value, list):
                        wanted[target].update(value)
                    elif value:
                        wanted[target].add(value)
        return wanted

    def _overlay_dataset(self) -> None:
        """Entries the data set itself defines (they may also update stored ones)."""
        for row in self._defining("teams"):
            key = row.values["team_id"]
            self.index["teams"].setdefault(key, Entry(None, key))
        for name, key_column in (
            ("staff", "staff_id"),
            ("referral_sources", "source_id"),
            ("steering_meetings", "meeting_id"),
            ("steering_actions", "action_id"),
        ):
            for row in self._defining(name):
                key = row.values[key_column]
                stored = self.index[name].get(key)
                self.index[name][key] = Entry(stored.id if stored else None, row.values["team_id"])
        for row in self.rows.get("team_meetings", []):
            values = row.values
            if values.get("team_id") and values.get("date") and values.get("kind"):
                self.meetings.add((values["team_id"], values["date"], values["kind"]))
        for row in self._defining("fidelity_assessments"):
            key = row.values["assessment_id"]
            stored = self.index["fidelity_assessments"].get(key)
            self.index["fidelity_assessments"][key] = Entry(
                stored.id if stored else None, row.values["team_id"]
            )
        for row in self._defining("employers"):
            key = row.values["employer_id"]
            self.index["employers"].setdefault(key, Entry(None, None))
        for row in self._defining("clients"):
            team, code = row.values["team_id"], row.values["client_code"]
            self.clients.setdefault((team, code), None)
            self.codes[code].add(team)
        for row in self._defining("jobs"):
            key = row.values["job_id"]
            client = self._find_client(row.values["client_code"])
            stored = self.index["jobs"].get(key)
            self.index["jobs"][key] = Entry(stored.id if stored else None, client and client[0])
            if client:
                self.job_client[key] = client

    def _defining(self, name: str) -> list[Row]:
        """Rows that define keys others can name: every row whose identifying cells were
        read, even if another cell was not (so one bad cell does not cascade)."""
        spec = BY_NAME[name]
        needed = [c.name for c in spec.columns if c.type in (ColumnType.KEY, ColumnType.CLIENT)]
        needed += ["team_id"] if any(c.name == "team_id" for c in spec.columns) else []
        needed += ["assessment_id"] if name == "fidelity_assessments" else []
        return [r for r in self.rows.get(name, []) if all(r.values.get(n) for n in needed)]

    def _find_client(self, code: str, team: str | None = None) -> tuple[str, str] | None:
        if team is not None:
            return (team, code) if (team, code) in self.clients else None
        teams = self.codes.get(code, set())
        return (next(iter(teams)), code) if len(teams) == 1 else None

    # --------------------------------------------------------------- checking
    def problem(self, row: Row, column: str, key: str, **params) -> None:
        self.problems.append(Problem(row.source, row.line, column, key, params))

    def field_problems(self, row: Row, errors: list[FieldError]) -> None:
        for error in errors:
            self.problems.append(
                Problem(row.source, row.line, error.field, error.key, error.params, error.warning)
            )

    def check(self) -> list[Problem]:
        for name, rows in self.rows.items():
            spec = BY_NAME[name]
            for row in rows:
                self._check_references(spec, row)
        for row in self.of("staff"):
            self.field_problems(row, rules.staff(row.values))
        for row in self.of("clients"):
            self._check_client(row)
        for name in ("client_plans", "modules", "coaching_periods", "jobs", "feedback"):
            for row in self.of(name):
                self._client_of(row)
        for row in self.of("modules"):
            self.field_problems(row, rules.module(row.values))
        for row in self.of("coaching_periods"):
            self.field_problems(row, rules.coaching_period(row.values))
        self._check_law_periods()
        for row in self.of("jobs"):
            self.field_problems(row, rules.job(row.values))
        for row in self.of("employer_contacts"):
            self.field_problems(row, rules.happened(row.values, self.today))
            if row.values.get("client_code"):
                self._client_of(row, team=self._team_of("staff", row.values["staff_id"]))
        for row in self.of("client_contacts"):
            self._check_client_contact(row)
        for row in self.of("team_meetings"):
            self.field_problems(row, rules.happened(row.values, self.today))
            for staff_key in row.values.get("attendees") or []:
                self._same_team(row, "attendees", "staff", staff_key, row.values["team_id"])
        for row in self.of("team_meeting_decisions"):
            values = row.values
            self.field_problems(row, rules.meeting_decision(values, values["date"]))
            if (values["team_id"], values["date"], values["kind"]) not in self.meetings:
                self.problem(
                    row,
                    "date",
                    "unknown_meeting",
                    team=values["team_id"],
                    kind=values["kind"],
                    date=format_date(values["date"]),
                )
            if values.get("owner_id"):
                self._same_team(row, "owner_id", "staff", values["owner_id"], values["team_id"])
        for row in self.of("steering_actions"):
            self.field_problems(row, rules.steering_action(row.values))
            if row.values.get("meeting_id"):
                self._same_team(
                    row,
                    "meeting_id",
                    "steering_meetings",
                    row.values["meeting_id"],
                    row.values["team_id"],
                )
        self._check_assessments()
        for row in self.of("employer_log_reviews"):
            self.field_problems(row, rules.log_review(row.values, self.today))
            if row.values.get("reviewer_id"):
                self._same_team(
                    row, "reviewer_id", "staff", row.values["reviewer_id"], row.values["team_id"]
                )
        for row in self.of("quarterly_goals"):
            if row.values.get("staff_id"):
                self._same_team(
                    row, "staff_id", "staff", row.values["staff_id"], row.values["team_id"]
                )
        for row in self.of("feedback"):
            self.field_problems(row, rules.happened(row.values, self.today))
        return self.problems

    def _check_references(self, spec, row: Row) -> None:
        for column in spec.columns:
            value = row.values.get(column.name)
            if column.type == ColumnType.REF and value is not None:
                target = "fidelity_assessments" if column.name == "assessment_id" else column.ref
                if value not in self.index[target]:
                    self.problem(
                        row, column.name, "unknown_key", value=value, file=BY_NAME[target].filename
                    )
            elif column.type == ColumnType.REF_LIST:
                for item in value or []:
                    if item not in self.index[column.ref]:
                        self.problem(
                            row,
                            column.name,
                            "unknown_key",
                            value=item,
                            file=BY_NAME[column.ref].filename,
                        )

    def _team_of(self, name: str, key: str | None) -> str | None:
        entry = self.index[name].get(key) if key else None
        return entry.team if entry else None

    def _same_team(self, row: Row, column: str, name: str, key: str, team: str) -> None:
        other = self._team_of(name, key)
        if other is not None and other != team:
            self.problem(row, column, "other_team", value=key, team=team)

    def _client_of(self, row: Row, team: str | None = None) -> tuple[str, str] | None:
        code = row.values.get("client_code")
        if code is None:
            return None
        found = self._find_client(code, team)
        if found is None:
            teams = self.codes.get(code, set())
            if team is None and len(teams) > 1:
                self.problem(
                    row,
                    "client_code",
                    "ambiguous_client",
                    value=code,
                    teams=", ".join(sorted(teams)),
                )
            else:
                self.problem(row, "client_code", "unknown_client", value=code)
        return found

    def _check_client(self, row: Row) -> None:
        values = row.values
        self.field_problems(row, rules.client(values))
        self._same_team(row, "coach_id", "staff", values["coach_id"], values["team_id"])
        self._same_team(
            row, "source_id", "referral_sources", values["source_id"], values["team_id"]
        )

    def _check_client_contact(self, row: Row) -> None:
        values = row.values
        self.field_problems(row, rules.happened(values, self.today))
        client = self._client_of(row, team=self._team_of("staff", values["staff_id"]))
        job = values.get("job_id")
        if job and client and self.job_client.get(job) not in (None, client):
            self.problem(row, "job_id", "job_of_other_client", value=job)

    def _check_law_periods(self) -> None:
        by_client: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in self.of("coaching_periods"):
            client = self._find_client(row.values["client_code"])
            if client and row.values["end_date"] >= row.values["start_date"]:
                by_client[client].append(row)
        for rows in by_client.values():
            periods = [Period(r.values["start_date"], r.values["end_date"]) for r in rows]
            for row, period in zip(rows, periods, strict=True):
                others = [p for p in periods if p is not period]
                self.field_problems(row, rules.law_period_warnings(others, period))

    def _check_assessments(self) -> None:
        header_columns = ("team_id", "date", "assessors", "kind", "place", "status")
        first: dict[str, Row] = {}
        for row in self.of("fidelity_assessments"):
            values = row.values
            key = values["assessment_id"]
            if key in first:
                for column in header_columns:
                    if values.get(column) != first[key].values.get(column):
                        self.problem(
                            row, column, "inconsistent_assessment", value=key, line=first[key].line
                        )
            else:
                first[key] = row
            if values.get("score") is None and values.get("status") != AssessmentStatus.DRAFT:
                self.problem(row, "score", "score_required")
        for row in self.of("fidelity_subcriteria"):
            item, number = row.values["item"], row.values["number"]
            if number > SUBCRITERIA_COUNT.get(item, 0):
                self.problem(row, "number", "no_subcriterion", item=item, number=number)

    # ---------------------------------------------------------------- writing
    def write(self, session: Session) -> dict[str, FileCounts]:
        counts: dict[str, FileCounts] = {}
        writers = {
            "teams": self._write_teams,
            "staff": self._write_staff,
            "referral_sources": self._write_sources,
            "clients": self._write_clients,
            "client_plans": self._write_plans,
            "modules": self._write_modules,
            "coaching_periods": self._write_periods,
            "employers": self._write_employers,
            "employer_contacts": self._write_employer_contacts,
            "jobs": self._write_jobs,
            "client_contacts": self._write_client_contacts,
            "team_meetings": self._write_team_meetings,
            "team_meeting_decisions": self._write_decisions,
            "steering_meetings": self._write_steering_meetings,
            "steering_actions": self._write_steering_actions,
            "steering_action_notes": self._write_action_notes,
            "fidelity_assessments": self._write_assessments,
            "fidelity_subcriteria": self._write_subcriteria,
            "employer_log_reviews": self._write_log_reviews,
            "quarterly_goals": self._write_goals,
            "feedback": self._write_feedback,
        }
        # Employers and jobs are written before the files that name them.
        order = ["teams", "staff", "referral_sources", "employers", "clients", "jobs"]
        order += [f.name for f in FILES if f.name not in order]
        for name in order:
            if name in self.rows:
                counts[name] = writers[name](session, self.rows[name])
        return counts

    # Resolution helpers (valid after checking) ------------------------------
    def _id(self, name: str, key: str | None) -> int | None:
        return None if key is None else self.index[name][key].id

    def _client_id(self, row: Row, team: str | None = None) -> int:
        client = self._find_client(row.values["client_code"], team)
        assert client is not None
        client_id = self.clients[client]
        assert client_id is not None
        return client_id

    def _upsert_keyed(
        self, session: Session, model, name: str, key_column: str, rows: list[Row], attributes
    ) -> FileCounts:
        counts, _ = self._upsert_keyed_states(session, model, name, key_column, rows, attributes)
        return counts

    def _upsert_keyed_states(
        self, session: Session, model, name: str, key_column: str, rows: list[Row], attributes
    ) -> tuple[FileCounts, list[str]]:
        """Rows with a key: update the stored one in place, or insert; with each row's state."""
        counts = FileCounts()
        states = []
        keys = [row.values[key_column] for row in rows]
        stored = {}
        for chunk in _chunks(keys):
            for obj in session.execute(select(model).where(model.key.in_(chunk))).scalars():
                stored[obj.key] = obj
        for row in rows:
            values = attributes(row)
            _obj, state = _apply(counts, session, model, stored.get(row.values[key_column]), values)
            states.append(state)
        session.flush()
        for chunk in _chunks(keys):
            for row_id, key in session.execute(
                select(model.id, model.key).where(model.key.in_(chunk))
            ):
                entry = self.index[name].get(key)
                self.index[name][key] = Entry(row_id, entry.team if entry else None)
                if name == "teams":
                    self.team_ids[key] = row_id
        return counts, states

    def _write_teams(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.Team,
            "teams",
            "team_id",
            rows,
            lambda r: {
                "key": r.values["team_id"],
                "name": r.values["name"],
                "region": r.values["region"],
                "is_demo": bool(r.values["demo"]),
            },
        )

    def _write_staff(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.Staff,
            "staff",
            "staff_id",
            rows,
            lambda r: {
                "key": r.values["staff_id"],
                "team_id": self.team_ids[r.values["team_id"]],
                "name": r.values["name"],
                "role": r.values["role"],
                "fte": r.values["fte"],
                "coaching_share": r.values["coaching_share"],
                "start_date": r.values["start_date"],
                "end_date": r.values["end_date"],
            },
        )

    def _write_sources(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.ReferralSource,
            "referral_sources",
            "source_id",
            rows,
            lambda r: {
                "key": r.values["source_id"],
                "team_id": self.team_ids[r.values["team_id"]],
                "name": r.values["name"],
                "kind": r.values["kind"],
                "attached": r.values["attached"],
            },
        )

    def _write_employers(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.Employer,
            "employers",
            "employer_id",
            rows,
            lambda r: {
                "key": r.values["employer_id"],
                "name": r.values["name"],
                "industry": r.values["industry"],
            },
        )

    def _write_clients(self, session: Session, rows: list[Row]) -> FileCounts:
        counts = FileCounts()
        stored = {}
        for chunk in _chunks(r.values["client_code"] for r in rows):
            for obj in session.execute(select(m.Client).where(m.Client.code.in_(chunk))).scalars():
                stored[(obj.team_id, obj.code)] = obj
        for row in rows:
            values = row.values
            team_id = self.team_ids[values["team_id"]]
            attributes = {
                "team_id": team_id,
                "code": values["client_code"],
                "coach_id": self._id("staff", values["coach_id"]),
                "source_id": self._id("referral_sources", values["source_id"]),
                "referral_date": values["referral_date"],
                "service_start": values["service_start"],
                "service_end": values["service_end"],
                "end_reason": values["end_reason"],
                "framing": values["framing"] or Framing.IPS.value,
                "consent_family": bool(values["consent_family"]),
                "consent_former_employers": bool(values["consent_former_employers"]),
                "legal_hold": bool(values["legal_hold"]),
            }
            _apply(
                counts, session, m.Client, stored.get((team_id, values["client_code"])), attributes
            )
        session.flush()
        for chunk in _chunks(r.values["client_code"] for r in rows):
            for row_id, code, team_id in session.execute(
                select(m.Client.id, m.Client.code, m.Client.team_id).where(m.Client.code.in_(chunk))
            ):
                team = next((k for k, i in self.team_ids.items() if i == team_id), None)
                if team is not None:
                    self.clients[(team, code)] = row_id
        return counts

    def _write_jobs(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.Job,
            "jobs",
            "job_id",
            rows,
            lambda r: {
                "key": r.values["job_id"],
                "client_id": self._client_id(r),
                "employer_id": self._id("employers", r.values["employer_id"]),
                "title": r.values["title"],
                "job_type": r.values["job_type"],
                "start_date": r.values["start_date"],
                "end_date": r.values["end_date"],
                "end_reason": r.values["end_reason"],
                "competitive": r.values["competitive"],
                "permanent": r.values["permanent"],
                "hours_per_week": r.values["hours_per_week"],
            },
        )

    def _write_steering_meetings(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._upsert_keyed(
            session,
            m.SteeringMeeting,
            "steering_meetings",
            "meeting_id",
            rows,
            lambda r: {
                "key": r.values["meeting_id"],
                "team_id": self.team_ids[r.values["team_id"]],
                "date": r.values["date"],
                "participants": r.values["participants"],
                "notes": r.values["notes"],
            },
        )

    def _write_steering_actions(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, states = self._upsert_keyed_states(
            session,
            m.SteeringAction,
            "steering_actions",
            "action_id",
            rows,
            lambda r: {
                "key": r.values["action_id"],
                "team_id": self.team_ids[r.values["team_id"]],
                "title": r.values["title"],
                "status": r.values["status"],
                "owner": r.values["owner"],
                "created_on": r.values["created_on"],
                "due_date": r.values["due_date"],
                "done_on": r.values["done_on"],
                "meeting_id": self._id("steering_meetings", r.values["meeting_id"]),
            },
        )
        for row, state in zip(rows, states, strict=True):
            action_id = self._id("steering_actions", row.values["action_id"])
            wanted = set(row.values["fidelity_items"] or [])
            changed = _replace_children(
                session,
                m.SteeringActionItem,
                m.SteeringActionItem.action_id,
                action_id,
                m.SteeringActionItem.item,
                wanted,
                lambda item, action_id=action_id: {"action_id": action_id, "item": item},
            )
            _count_child_change(counts, state, changed)
        return counts

    def _write_whole_rows(
        self, session: Session, model, rows: list[Row], attributes, scope
    ) -> FileCounts:
        """Rows without identity: a row is new when the database holds fewer identical rows
        than the data set (so repeated events on one day are kept, and nothing doubles)."""
        counts = FileCounts()
        columns = [c for c in model.__table__.columns if c.name != "id"]
        wanted = [attributes(row) for row in rows]
        signature = [c.name for c in columns]
        incoming = Counter(tuple(values[name] for name in signature) for values in wanted)
        stored: Counter = Counter()
        for condition in scope(wanted):
            for found in session.execute(select(*columns).where(condition)):
                stored[tuple(found)] += 1
        new_rows = []
        for key, count in incoming.items():
            extra = count - stored.get(key, 0)
            counts.unchanged += min(count, stored.get(key, 0))
            new_rows.extend([dict(zip(signature, key, strict=True))] * max(0, extra))
        for first in range(0, len(new_rows), 5_000):
            session.execute(insert(model), new_rows[first : first + 5_000])
        counts.inserted = len(new_rows)
        return counts

    def _write_employer_contacts(self, session: Session, rows: list[Row]) -> FileCounts:
        def attributes(row: Row) -> dict:
            values = row.values
            staff_team = self._team_of("staff", values["staff_id"])
            return {
                "date": values["date"],
                "staff_id": self._id("staff", values["staff_id"]),
                "employer_id": self._id("employers", values["employer_id"]),
                "face_to_face": values["face_to_face"],
                "client_id": self._client_id(row, staff_team) if values["client_code"] else None,
                "preference_based": values["preference_based"],
                "purpose": values["purpose"],
                "outcome": values["outcome"],
                "job_tip": values["job_tip"],
            }

        return self._write_whole_rows(
            session,
            m.EmployerContact,
            rows,
            attributes,
            lambda wanted: _scope(
                m.EmployerContact.staff_id, m.EmployerContact.date, wanted, "staff_id"
            ),
        )

    def _write_client_contacts(self, session: Session, rows: list[Row]) -> FileCounts:
        def attributes(row: Row) -> dict:
            values = row.values
            staff_team = self._team_of("staff", values["staff_id"])
            return {
                "client_id": self._client_id(row, staff_team),
                "staff_id": self._id("staff", values["staff_id"]),
                "date": values["date"],
                "kind": values["kind"],
                "face_to_face": True if values["face_to_face"] is None else values["face_to_face"],
                "place": values["place"],
                "minutes": values["minutes"],
                "job_id": self._id("jobs", values["job_id"]),
                "no_show": bool(values["no_show"]),
            }

        return self._write_whole_rows(
            session,
            m.ClientContact,
            rows,
            attributes,
            lambda wanted: _scope(
                m.ClientContact.client_id, m.ClientContact.date, wanted, "client_id"
            ),
        )

    def _write_plans(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._write_whole_rows(
            session,
            m.ClientPlan,
            rows,
            lambda r: {
                "client_id": self._client_id(r),
                "kind": r.values["kind"],
                "date": r.values["date"],
                "note": r.values["note"],
            },
            lambda wanted: _scope(m.ClientPlan.client_id, m.ClientPlan.date, wanted, "client_id"),
        )

    def _write_feedback(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._write_whole_rows(
            session,
            m.Feedback,
            rows,
            lambda r: {
                "client_id": self._client_id(r),
                "date": r.values["date"],
                "score": r.values["score"],
                "comment": r.values["comment"],
            },
            lambda wanted: _scope(m.Feedback.client_id, m.Feedback.date, wanted, "client_id"),
        )

    def _write_action_notes(self, session: Session, rows: list[Row]) -> FileCounts:
        return self._write_whole_rows(
            session,
            m.SteeringActionNote,
            rows,
            lambda r: {
                "action_id": self._id("steering_actions", r.values["action_id"]),
                "date": r.values["date"],
                "text": r.values["text"],
            },
            lambda wanted: _scope(
                m.SteeringActionNote.action_id, m.SteeringActionNote.date, wanted, "action_id"
            ),
        )

    def _upsert_natural(
        self, session: Session, model, rows: list[Row], attributes, key_names, parent_column
    ) -> tuple[FileCounts, list[tuple[Any, str]]]:
        """Rows matched by a natural key (among the children of a parent); returns the
        counts and, in row order, each stored object with its state."""
        counts = FileCounts()
        wanted = [attributes(row) for row in rows]
        stored = {}
        for chunk in _chunks(values[parent_column.key] for values in wanted):
            for obj in session.execute(select(model).where(parent_column.in_(chunk))).scalars():
                stored[tuple(getattr(obj, name) for name in key_names)] = obj
        objects = []
        for values in wanted:
            identity = tuple(values[name] for name in key_names)
            obj, state = _apply(counts, session, model, stored.get(identity), values)
            stored[identity] = obj
            objects.append((obj, state))
        session.flush()
        return counts, objects

    def _write_modules(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, _ = self._upsert_natural(
            session,
            m.ModuleEpisode,
            rows,
            lambda r: {
                "client_id": self._client_id(r),
                "module": r.values["module"],
                "start_date": r.values["start_date"],
                "end_date": r.values["end_date"],
                "assessed_on": r.values["assessed_on"],
                "decision": r.values["decision"],
                "client_took_part": bool(r.values["client_took_part"]),
                "provider_took_part": bool(r.values["provider_took_part"]),
                "purchaser_took_part": bool(r.values["purchaser_took_part"]),
                "results": r.values["results"],
                "next_resources": r.values["next_resources"],
            },
            ("client_id", "module", "start_date"),
            m.ModuleEpisode.client_id,
        )
        return counts

    def _write_periods(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, periods = self._upsert_natural(
            session,
            m.CoachingPeriod,
            rows,
            lambda r: {
                "client_id": self._client_id(r),
                "start_date": r.values["start_date"],
                "end_date": r.values["end_date"],
                "start_notice_on": r.values["start_notice_on"],
                "end_notice_on": r.values["end_notice_on"],
                "feedback": r.values["feedback"],
                "next_steps_set": bool(r.values["next_steps_set"]),
            },
            ("client_id", "start_date"),
            m.CoachingPeriod.client_id,
        )
        for row, (period, state) in zip(rows, periods, strict=True):
            changed = _replace_children(
                session,
                m.CoachingPeriodGoal,
                m.CoachingPeriodGoal.period_id,
                period.id,
                m.CoachingPeriodGoal.goal,
                set(row.values["goals"] or []),
                lambda goal, period_id=period.id: {"period_id": period_id, "goal": goal},
            )
            _count_child_change(counts, state, changed)
        return counts

    def _write_team_meetings(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, meetings = self._upsert_natural(
            session,
            m.TeamMeeting,
            rows,
            lambda r: {
                "team_id": self.team_ids[r.values["team_id"]],
                "date": r.values["date"],
                "kind": r.values["kind"],
                "job_tips": r.values["job_tips"],
                "decisions": r.values["decisions"],
            },
            ("team_id", "date", "kind"),
            m.TeamMeeting.team_id,
        )
        for row, (meeting, state) in zip(rows, meetings, strict=True):
            wanted = {self._id("staff", key) for key in row.values["attendees"] or []}
            changed = _replace_children(
                session,
                m.TeamMeetingAttendee,
                m.TeamMeetingAttendee.meeting_id,
                meeting.id,
                m.TeamMeetingAttendee.staff_id,
                wanted,
                lambda staff_id, meeting_id=meeting.id: {
                    "meeting_id": meeting_id,
                    "staff_id": staff_id,
                },
            )
            _count_child_change(counts, state, changed)
        return counts

    def _write_decisions(self, session: Session, rows: list[Row]) -> FileCounts:
        meeting_ids = {}
        for team_key in {row.values["team_id"] for row in rows}:
            team_id = self.team_ids[team_key]
            for meeting_id, day, kind in session.execute(
                select(m.TeamMeeting.id, m.TeamMeeting.date, m.TeamMeeting.kind).where(
                    m.TeamMeeting.team_id == team_id
                )
            ):
                meeting_ids[(team_key, day, kind)] = meeting_id
        counts, _ = self._upsert_natural(
            session,
            m.TeamMeetingDecision,
            rows,
            lambda r: {
                "meeting_id": meeting_ids[
                    (r.values["team_id"], r.values["date"], r.values["kind"])
                ],
                "number": r.values["number"],
                "text": r.values["text"],
                "owner_id": self._id("staff", r.values["owner_id"]),
                "due_date": r.values["due_date"],
                "status": r.values["status"] or DecisionStatus.OPEN.value,
                "closed_on": r.values["closed_on"],
            },
            ("meeting_id", "number"),
            m.TeamMeetingDecision.meeting_id,
        )
        return counts

    def _write_assessments(self, session: Session, rows: list[Row]) -> FileCounts:
        counts = FileCounts()
        headers: dict[str, Row] = {}
        for row in rows:
            headers.setdefault(row.values["assessment_id"], row)
        header_counts = self._upsert_keyed(
            session,
            m.FidelityAssessment,
            "fidelity_assessments",
            "assessment_id",
            list(headers.values()),
            _assessment_header(self.team_ids),
        )
        item_counts, _ = self._upsert_natural(
            session,
            m.FidelityItemScore,
            rows,
            lambda r: {
                "assessment_id": self._id("fidelity_assessments", r.values["assessment_id"]),
                "item": r.values["item"],
                "score": r.values["score"],
                "note": r.values["note"],
                "suggested_score": r.values["suggested_score"],
                "evidence": r.values["evidence"],
            },
            ("assessment_id", "item"),
            m.FidelityItemScore.assessment_id,
        )
        counts.inserted = item_counts.inserted
        counts.updated = item_counts.updated + header_counts.updated
        counts.unchanged = item_counts.unchanged
        return counts

    def _write_subcriteria(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, _ = self._upsert_natural(
            session,
            m.FidelitySubcriterion,
            rows,
            lambda r: {
                "assessment_id": self._id("fidelity_assessments", r.values["assessment_id"]),
                "item": r.values["item"],
                "number": r.values["number"],
                "met": r.values["met"],
            },
            ("assessment_id", "item", "number"),
            m.FidelitySubcriterion.assessment_id,
        )
        return counts

    def _write_log_reviews(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, _ = self._upsert_natural(
            session,
            m.EmployerLogReview,
            rows,
            lambda r: {
                "team_id": self.team_ids[r.values["team_id"]],
                "week_start": r.values["week_start"],
                "reviewed_on": r.values["reviewed_on"],
                "reviewer_id": self._id("staff", r.values["reviewer_id"]),
            },
            ("team_id", "week_start"),
            m.EmployerLogReview.team_id,
        )
        return counts

    def _write_goals(self, session: Session, rows: list[Row]) -> FileCounts:
        counts, _ = self._upsert_natural(
            session,
            m.QuarterlyGoal,
            rows,
            lambda r: {
                "team_id": self.team_ids[r.values["team_id"]],
                "quarter": r.values["quarter"],
                "measure": r.values["measure"],
                "target": r.values["target"],
                "owner": r.values["owner"],
                "note": r.values["note"],
                "actual": r.values["actual"],
                "staff_id": self._id("staff", r.values["staff_id"]),
            },
            ("team_id", "quarter", "measure", "staff_id"),
            m.QuarterlyGoal.team_id,
        )
        return counts


def _assessment_header(team_ids: dict[str, int]):
    def attributes(row: Row) -> dict:
        values = row.values
        status = values["status"] or AssessmentStatus.FINAL.value
        finalised = None
        if status == AssessmentStatus.FINAL:
            day = values["date"]
            finalised = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        return {
            "key": values["assessment_id"],
            "team_id": team_ids[values["team_id"]],
            "date": values["date"],
            "kind": values["kind"] or AssessmentKind.SELF.value,
            "assessors": values["assessors"],
            "place": values["place"],
            "status": status,
            "finalised_at": finalised,
        }

    return attributes


INSERTED, UPDATED, UNCHANGED = "inserted", "updated", "unchanged"


def _apply(counts: FileCounts, session: Session, model, obj, values: dict) -> tuple[Any, str]:
    """Insert a new object, or update a stored one where it differs; count which."""
    if obj is None:
        obj = model(**values)
        session.add(obj)
        counts.inserted += 1
        return obj, INSERTED
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if name == "finalised_at" and current is not None and value is not None:
            continue  # keep when it was finalised
        if current != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        counts.updated += 1
        return obj, UPDATED
    counts.unchanged += 1
    return obj, UNCHANGED


def _replace_children(session, model, parent_column, parent_id, value_column, wanted, make) -> bool:
    """Make a parent's child rows (attendees, linked items, goals) exactly `wanted`."""
    stored = set(session.execute(select(value_column).where(parent_column == parent_id)).scalars())
    if stored == wanted:
        return False
    for value in stored - wanted:
        session.execute(
            model.__table__.delete().where(and_(parent_column == parent_id, value_column == value))
        )
    new = [make(value) for value in sorted(wanted - stored)]
    if new:
        session.execute(insert(model), new)
    return True


def _count_child_change(counts: FileCounts, state: str, changed: bool) -> None:
    """A stored row whose only change was its child list counts as updated."""
    if changed and state == UNCHANGED:
        counts.unchanged -= 1
        counts.updated += 1


def _scope(parent_column, date_column, wanted: list[dict], parent_key: str):
    """Conditions that select the stored rows a whole-row file could match: same parents,
    within the data set's dates."""
    parents = sorted({values[parent_key] for values in wanted})
    if not parents:
        return
    first = min(values["date"] for values in wanted)
    last = max(values["date"] for values in wanted)
    for chunk in _chunks(parents):
        yield and_(parent_column.in_(chunk), date_column >= first, date_column <= last)
