"""`ote export`: the database (or some of its teams) in the interchange format.

A folder of CSV files, or one .xlsx workbook (by the path's suffix). CSV files are written
as Finnish Excel reads them: UTF-8 with BOM, `;` between cells, decimal comma, ISO dates,
booleans as 1/0, lists separated by `|`. Rows are sorted by their cells, so the same
records give the same files from SQLite and PostgreSQL, and `import(export(db))`
exported again gives identical files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ote import models as m
from ote.db import Database
from ote.interchange.format import FILES, ColumnType, File

XLSX_MAX_ROWS = 1_048_575  # a sheet's rows under its header


class ExportError(RuntimeError):
    pass


def export_path(
    database: Database,
    path: Path,
    team_keys: list[str] | None = None,
    client_code: str | None = None,
) -> dict[str, int]:
    """Write the data set to `path` (.xlsx, else a folder); the number of rows per file.

    With `client_code` (and `team_keys` naming exactly the client's team) only the files that
    name a client are written, holding that client's rows only: see `collect`."""
    path = Path(path)
    with database.read() as session:
        tables = collect(session, team_keys, client_code)
    _log_export(database, tables)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(workbook_bytes(tables))
    else:
        path.mkdir(parents=True, exist_ok=True)
        for spec in FILES:
            if spec.name in tables:
                (path / spec.filename).write_bytes(csv_bytes(spec, tables[spec.name]))
    return {name: len(rows) for name, rows in tables.items()}


def export_bytes(
    database: Database, kind: str, team_keys: list[str] | None = None
) -> tuple[str, bytes]:
    """The data set as one download: `kind` "xlsx" (a workbook) or "zip" (CSV files)."""
    with database.read() as session:
        tables = collect(session, team_keys)
    _log_export(database, tables)
    stem = "ote-" + ("-".join(team_keys) if team_keys else "kaikki")
    if kind == "xlsx":
        return f"{stem}.xlsx", workbook_bytes(tables)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for spec in FILES:
            archive.writestr(spec.filename, csv_bytes(spec, tables[spec.name]))
    return f"{stem}.zip", buffer.getvalue()


def _log_export(database: Database, tables: dict[str, list[list[Any]]]) -> None:
    """An export of client-level data in the access log: one entry per client code in it
    (`ote.audit.record_view`; nothing is logged without a principal)."""
    from ote import audit
    from ote.enums import AuditAction

    codes = set()
    for spec in FILES:
        for index, column in enumerate(spec.columns):
            if column.type == ColumnType.CLIENT:
                codes.update(row[index] for row in tables.get(spec.name, []) if row[index])
    if codes:
        audit.record_view(database, "export", codes, None, action=AuditAction.EXPORT)


def collect(
    session: Session, team_keys: list[str] | None = None, client_code: str | None = None
) -> dict[str, list[list[Any]]]:
    """Every file's rows as lists of typed cells, in column order, sorted.

    With `client_code` (a client's right of access), `team_keys` must name the one team the
    client belongs to, and only the files with a client_code column are collected, each with
    the rows naming that client: nothing of the team's other records, nor the rows of the
    teams, staff, referral sources and employers those rows name by their ids."""
    if client_code is not None and (not team_keys or len(team_keys) != 1):
        raise ExportError("a client's export needs exactly one team")
    exporter = _Collector(session, team_keys)
    tables = {}
    for spec in FILES:
        client_cells = [i for i, c in enumerate(spec.columns) if c.type is ColumnType.CLIENT]
        if client_code is not None and not client_cells:
            continue
        rows = [list(row) for row in getattr(exporter, spec.name)()]
        if client_code is not None:  # the one place a client's rows are chosen
            rows = [row for row in rows if row[client_cells[0]] == client_code]
        rows.sort(key=lambda row: [_csv_cell(cell) for cell in row])
        tables[spec.name] = rows
    unknown = set(team_keys or []) - exporter.team_keys_found
    if unknown:
        raise ExportError(f"no such team: {', '.join(sorted(unknown))}")
    if client_code is not None and not tables["clients"]:
        raise ExportError(f"no client {client_code} in team {team_keys[0]}")
    return tables


def client_teams(session: Session, client_code: str) -> list[str]:
    """The keys of the teams that have a client with this code, sorted."""
    query = (
        select(m.Team.key)
        .join(m.Client, m.Client.team_id == m.Team.id)
        .where(m.Client.code == client_code)
    )
    return sorted(session.execute(query).scalars())


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", ",")
    if isinstance(value, list):
        return "|".join(str(part) for part in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def csv_bytes(spec: File, rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.name for column in spec.columns])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def assessment_workbook(session: Session, team_key: str, assessment_key: str) -> bytes:
    """One fidelity assessment in the interchange format: a workbook with the sheets
    fidelity_assessments and fidelity_subcriteria holding its rows only."""
    collector = _Collector(session, [team_key])
    tables = {}
    for name in ("fidelity_assessments", "fidelity_subcriteria"):
        rows = [list(row) for row in getattr(collector, name)() if row[0] == assessment_key]
        rows.sort(key=lambda row: [_csv_cell(cell) for cell in row])
        tables[name] = rows
    return workbook_bytes(tables)


def workbook_bytes(tables: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with a sheet for each file of `tables`, in the format's file order."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    files = [spec for spec in FILES if spec.name in tables]
    for spec in files:  # checked before anything is written
        if len(tables[spec.name]) > XLSX_MAX_ROWS:
            raise ExportError(
                f"{spec.name}: {len(tables[spec.name])} rows do not fit in an Excel sheet; "
                "export to a folder"
            )
    workbook = Workbook(write_only=True)
    for spec in files:
        rows = tables[spec.name]
        sheet = workbook.create_sheet(spec.name)
        sheet.append([column.name for column in spec.columns])
        for row in rows:
            cells = []
            for column, value in zip(spec.columns, row, strict=True):
                if column.type in (
                    ColumnType.REF_LIST,
                    ColumnType.INT_LIST,
                    ColumnType.ENUM_LIST,
                    ColumnType.JSON,
                ):
                    value = _csv_cell(value) or None
                elif isinstance(value, bool):
                    value = int(value)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula Excel would run
                if isinstance(value, date):
                    cell.number_format = "d.m.yyyy"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Collector:
    """One method per file, yielding its rows' cells in the file's column order."""

    def __init__(self, session: Session, team_keys: list[str] | None):
        self.session = session
        query = select(m.Team.id, m.Team.key)
        if team_keys:
            query = query.where(m.Team.key.in_(team_keys))
        chosen = dict(session.execute(query).all())
        self.team_keys_found = set(chosen.values())
        self.team_ids = list(chosen)
        self.every_team = not team_keys

    def _rows(self, query) -> Iterator[tuple]:
        yield from self.session.execute(query)

    def teams(self):
        query = select(m.Team.key, m.Team.name, m.Team.region, m.Team.is_demo)
        return self._rows(query.where(m.Team.id.in_(self.team_ids)))

    def staff(self):
        s = m.Staff
        return self._rows(
            select(
                s.key, m.Team.key, s.name, s.role, s.fte, s.coaching_share, s.start_date, s.end_date
            )
            .join(m.Team, m.Team.id == s.team_id)
            .where(s.team_id.in_(self.team_ids))
        )

    def referral_sources(self):
        r = m.ReferralSource
        return self._rows(
            select(r.key, m.Team.key, r.name, r.kind, r.attached)
            .join(m.Team, m.Team.id == r.team_id)
            .where(r.team_id.in_(self.team_ids))
        )

    def clients(self):
        c = m.Client
        return self._rows(
            select(
                c.code,
                m.Team.key,
                m.Staff.key,
                c.referral_date,
                m.ReferralSource.key,
                c.service_start,
                c.service_end,
                c.end_reason,
                c.framing,
                c.consent_family,
                c.consent_former_employers,
                c.legal_hold,
            )
            .join(m.Team, m.Team.id == c.team_id)
            .join(m.Staff, m.Staff.id == c.coach_id)
            .join(m.ReferralSource, m.ReferralSource.id == c.source_id)
            .where(c.team_id.in_(self.team_ids))
        )

    def _of_clients(self, *columns):
        return select(m.Client.code, *columns).where(m.Client.team_id.in_(self.team_ids))

    def client_plans(self):
        p = m.ClientPlan
        return self._rows(
            self._of_clients(p.kind, p.date, p.note).join(p, p.client_id == m.Client.id)
        )

    def modules(self):
        e = m.ModuleEpisode
        return self._rows(
            self._of_clients(
                e.module,
                e.start_date,
                e.end_date,
                e.assessed_on,
                e.decision,
                e.client_took_part,
                e.provider_took_part,
                e.purchaser_took_part,
                e.results,
                e.next_resources,
            ).join(e, e.client_id == m.Client.id)
        )

    def coaching_periods(self):
        p = m.CoachingPeriod
        goals = self._children(
            select(m.CoachingPeriodGoal.period_id, m.CoachingPeriodGoal.goal)
            .join(p, p.id == m.CoachingPeriodGoal.period_id)
            .join(m.Client, m.Client.id == p.client_id)
            .where(m.Client.team_id.in_(self.team_ids))
        )
        for row in self._rows(
            self._of_clients(
                p.start_date,
                p.end_date,
                p.start_notice_on,
                p.end_notice_on,
                p.feedback,
                p.next_steps_set,
                p.id,
            ).join(p, p.client_id == m.Client.id)
        ):
            *cells, period_id = row
            yield (*cells, goals.get(period_id, []))

    def _children(self, query) -> dict[int, list]:
        children: dict[int, list] = defaultdict(list)
        for parent, value in self.session.execute(query):
            children[parent].append(value)
        return {parent: sorted(values, key=str) for parent, values in children.items()}

    def _staff_of_teams(self):
        return select(m.Staff.id).where(m.Staff.team_id.in_(self.team_ids)).scalar_subquery()

    def employers(self):
        e = m.Employer
        staff = self._staff_of_teams()
        clients = select(m.Client.id).where(m.Client.team_id.in_(self.team_ids)).scalar_subquery()
        used = select(m.EmployerContact.employer_id).where(m.EmployerContact.staff_id.in_(staff))
        used = used.union(select(m.Job.employer_id).where(m.Job.client_id.in_(clients)))
        query = select(e.key, e.name, e.industry)
        if not self.every_team:  # only the employers the chosen teams have dealt with
            query = query.where(e.id.in_(used))
        return self._rows(query)

    def employer_contacts(self):
        c = m.EmployerContact
        return self._rows(
            select(
                c.date,
                m.Staff.key,
                m.Employer.key,
                c.face_to_face,
                m.Client.code,
                c.preference_based,
                c.purpose,
                c.job_tip,
                c.outcome,
            )
            .join(m.Staff, m.Staff.id == c.staff_id)
            .join(m.Employer, m.Employer.id == c.employer_id)
            .outerjoin(m.Client, m.Client.id == c.client_id)
            .where(m.Staff.team_id.in_(self.team_ids))
        )

    def jobs(self):
        j = m.Job
        return self._rows(
            select(
                j.key,
                m.Client.code,
                m.Employer.key,
                j.title,
                j.job_type,
                j.start_date,
                j.end_date,
                j.end_reason,
                j.competitive,
                j.permanent,
                j.hours_per_week,
            )
            .join(m.Client, m.Client.id == j.client_id)
            .join(m.Employer, m.Employer.id == j.employer_id)
            .where(m.Client.team_id.in_(self.team_ids))
        )

    def client_contacts(self):
        c = m.ClientContact
        return self._rows(
            select(
                c.date,
                m.Client.code,
                m.Staff.key,
                c.kind,
                c.face_to_face,
                c.place,
                c.minutes,
                m.Job.key,
                c.no_show,
            )
            .join(m.Client, m.Client.id == c.client_id)
            .join(m.Staff, m.Staff.id == c.staff_id)
            .outerjoin(m.Job, m.Job.id == c.job_id)
            .where(m.Client.team_id.in_(self.team_ids))
        )

    def team_meetings(self):
        t = m.TeamMeeting
        attendees = self._children(
            select(m.TeamMeetingAttendee.meeting_id, m.Staff.key)
            .join(m.Staff, m.Staff.id == m.TeamMeetingAttendee.staff_id)
            .join(t, t.id == m.TeamMeetingAttendee.meeting_id)
            .where(t.team_id.in_(self.team_ids))
        )
        for *cells, meeting_id in self._rows(
            select(t.date, m.Team.key, t.kind, t.job_tips, t.decisions, t.id)
            .join(m.Team, m.Team.id == t.team_id)
            .where(t.team_id.in_(self.team_ids))
        ):
            date_, team, kind, tips, decisions = cells
            yield (date_, team, kind, attendees.get(meeting_id, []), tips, decisions)

    def team_meeting_decisions(self):
        t = m.TeamMeeting
        d = m.TeamMeetingDecision
        return self._rows(
            select(
                t.date,
                m.Team.key,
                t.kind,
                d.number,
                d.text,
                m.Staff.key,
                d.due_date,
                d.status,
                d.closed_on,
            )
            .join(t, t.id == d.meeting_id)
            .join(m.Team, m.Team.id == t.team_id)
            .outerjoin(m.Staff, m.Staff.id == d.owner_id)
            .where(t.team_id.in_(self.team_ids))
        )

    def steering_meetings(self):
        s = m.SteeringMeeting
        return self._rows(
            select(s.key, m.Team.key, s.date, s.participants, s.notes)
            .join(m.Team, m.Team.id == s.team_id)
            .where(s.team_id.in_(self.team_ids))
        )

    def steering_actions(self):
        a = m.SteeringAction
        meeting = aliased(m.SteeringMeeting)
        items = self._children(
            select(m.SteeringActionItem.action_id, m.SteeringActionItem.item)
            .join(a, a.id == m.SteeringActionItem.action_id)
            .where(a.team_id.in_(self.team_ids))
        )
        for *cells, action_id in self._rows(
            select(
                a.key,
                m.Team.key,
                a.title,
                a.status,
                a.owner,
                a.created_on,
                a.due_date,
                a.done_on,
                meeting.key,
                a.id,
            )
            .join(m.Team, m.Team.id == a.team_id)
            .outerjoin(meeting, meeting.id == a.meeting_id)
            .where(a.team_id.in_(self.team_ids))
        ):
            key, team, title, status, owner, created, due, done, meeting_key = cells
            yield (
                key,
                team,
                title,
                status,
                owner,
                sorted(items.get(action_id, [])),
                created,
                due,
                done,
                meeting_key,
            )

    def steering_action_notes(self):
        n = m.SteeringActionNote
        return self._rows(
            select(m.SteeringAction.key, n.date, n.text)
            .join(m.SteeringAction, m.SteeringAction.id == n.action_id)
            .where(m.SteeringAction.team_id.in_(self.team_ids))
        )

    def fidelity_assessments(self):
        a = m.FidelityAssessment
        s = m.FidelityItemScore
        return self._rows(
            select(
                a.key,
                m.Team.key,
                a.date,
                s.item,
                s.score,
                a.assessors,
                a.kind,
                s.note,
                a.place,
                a.status,
                s.suggested_score,
                s.evidence,
            )
            .join(a, a.id == s.assessment_id)
            .join(m.Team, m.Team.id == a.team_id)
            .where(a.team_id.in_(self.team_ids))
        )

    def fidelity_subcriteria(self):
        a = m.FidelityAssessment
        c = m.FidelitySubcriterion
        return self._rows(
            select(a.key, c.item, c.number, c.met)
            .join(a, a.id == c.assessment_id)
            .where(a.team_id.in_(self.team_ids))
        )

    def employer_log_reviews(self):
        r = m.EmployerLogReview
        return self._rows(
            select(m.Team.key, r.week_start, r.reviewed_on, m.Staff.key)
            .join(m.Team, m.Team.id == r.team_id)
            .outerjoin(m.Staff, m.Staff.id == r.reviewer_id)
            .where(r.team_id.in_(self.team_ids))
        )

    def quarterly_goals(self):
        g = m.QuarterlyGoal
        return self._rows(
            select(
                m.Team.key, g.quarter, g.measure, g.target, g.owner, g.note, g.actual, m.Staff.key
            )
            .join(m.Team, m.Team.id == g.team_id)
            .outerjoin(m.Staff, m.Staff.id == g.staff_id)
            .where(g.team_id.in_(self.team_ids))
        )

    def feedback(self):
        f = m.Feedback
        return self._rows(
            select(f.date, m.Client.code, f.score, f.comment)
            .join(m.Client, m.Client.id == f.client_id)
            .where(m.Client.team_id.in_(self.team_ids))
        )
