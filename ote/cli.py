"""The `ote` command (also `python -m ote`): set up the database, write demo data, back up."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ote import __version__, schema
from ote.access import Principal, acting_as
from ote.auth import users
from ote.backup import BackupError, backup, restore
from ote.bench import evidence_timings
from ote.config import DATABASE_URL_VARIABLE, DEFAULT_LANGUAGE, LANGUAGES
from ote.db import Database, DatabaseError, open_database
from ote.demo import SCALES, DemoError, generate
from ote.enums import UserRole
from ote.formatting import parse_date
from ote.interchange.exporter import ExportError, client_teams, export_path
from ote.interchange.importer import import_path
from ote.metrics.evidence import UnknownTeam, evidence_document, evidence_table
from ote.models import Team
from ote.purge import purge
from ote.validation import ValidationFailed


class CommandError(RuntimeError):
    """A failure to report to the user in one line, without a traceback."""

    exit_code = 1


class ChoiceError(CommandError):
    """The arguments do not choose what the command needs (exit code 2, as a usage error)."""

    exit_code = 2


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ote",
        description=(
            "OTE, the team dashboard for supported-employment (IPS) job-coaching teams. "
            f"The database is {DATABASE_URL_VARIABLE} (an SQLAlchemy URL, e.g. "
            "postgresql+psycopg://user@host/db) or, without it, the SQLite file data/ote.db "
            "under the current folder."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser(
        "init",
        help="create the database, or upgrade it to this version's schema",
        description="Create the database schema, or apply the migrations it is missing.",
    )

    demo = commands.add_parser(
        "demo",
        help="write demo teams (clearly marked as demo data)",
        description=(
            "Write invented demo teams with a realistic history. Scales: team = one team of "
            "6 coaches with about 110 active clients and 2 years of records; region = 3 "
            "teams, 14 coaches, 5 years; national = 60 teams, 600 coaches, 5 years (about a "
            "million employer contacts). The same seed and end date give the same data."
        ),
    )
    demo.add_argument("--scale", choices=list(SCALES), default="team", help="default: team")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    demo.add_argument(
        "--end-date",
        type=_date,
        default=None,
        metavar="DATE",
        help="last day of the history, YYYY-MM-DD or d.m.yyyy (default: today)",
    )
    group = demo.add_mutually_exclusive_group()
    group.add_argument("--replace", action="store_true", help="delete existing demo teams first")
    group.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing if the database already holds any team",
    )

    backup_parser = commands.add_parser(
        "backup",
        help="write a consistent backup of the database",
        description=(
            "Back up the database while it is in use: SQLite with its online backup API "
            "(the result is a database file), PostgreSQL with pg_dump --format=custom."
        ),
    )
    backup_parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="new file")

    import_parser = commands.add_parser(
        "import",
        help="import a data set in the interchange format (all or nothing)",
        description=(
            "Import a folder of CSV files, one CSV file, or an .xlsx workbook in OTE's "
            "interchange format. Every file and row is checked first; if anything is wrong, "
            "nothing is written and every problem is listed as file:line: column: message "
            "(in Finnish). Importing the same data set again changes nothing."
        ),
    )
    import_parser.add_argument("path", type=Path, metavar="PATH", help="folder, .csv or .xlsx")
    import_parser.add_argument(
        "--check", action="store_true", help="only check the data set; write nothing"
    )

    export_parser = commands.add_parser(
        "export",
        help="export the records in the interchange format",
        description=(
            "Write the database's records as a folder of CSV files (UTF-8 with BOM, ';' "
            "between cells, as Finnish Excel reads them) or, when PATH ends in .xlsx, as one "
            "workbook with a sheet per file. With --client, only one client's records, for "
            "the client's right of access: the files that name a client (clients, "
            "client_plans, modules, coaching_periods, jobs, client_contacts, "
            "employer_contacts, feedback), each holding only that client's rows. The team, "
            "the staff, the referral source and the employers those rows name are left out "
            "(only their ids appear), and nothing of any other client is written."
        ),
    )
    export_parser.add_argument("path", type=Path, metavar="PATH", help="folder or .xlsx file")
    export_parser.add_argument(
        "--team",
        action="append",
        metavar="TEAM_ID",
        help="only this team (may be repeated); with --client, the client's team, needed "
        "when the code is used in more than one team",
    )
    export_parser.add_argument(
        "--client",
        metavar="CODE",
        help="only this client's records (right of access); leaves out the team, staff, "
        "referral source and employer rows, naming them by their ids",
    )

    evidence = commands.add_parser(
        "evidence",
        help="what the records say for each fidelity item on a date",
        description=(
            "Compute every measure the records can evidence for a team on a date (DOMAIN.md "
            "section 4, with the team's windows): value, n, window, basis and suggested score "
            "per fidelity item. --json prints the evidence output of the interchange "
            "specification; without it, a readable table."
        ),
    )
    evidence.add_argument("--team", required=True, metavar="TEAM_ID", help="the team's key")
    evidence.add_argument(
        "--as-of", type=_date, default=None, metavar="DATE", help="YYYY-MM-DD (default: today)"
    )
    evidence.add_argument("--json", action="store_true", help="print JSON")
    evidence.add_argument(
        "--language",
        choices=list(LANGUAGES),
        default=DEFAULT_LANGUAGE,
        help="language of the basis sentences and the table (default: fi)",
    )

    bench = commands.add_parser(
        "bench",
        help="measure how fast every page answers at region and national scale",
        description=(
            "Time every page (server-side, AppTest: median of --runs runs after a warm-up, "
            "with caches cleared and kept) beside two floors – a bare page drawing the same "
            "elements, and the page's SQL replayed raw – on the region and national demo "
            "(built once under build/bench/) on SQLite, and on PostgreSQL too when "
            "OTE_DATABASE_URL points there. Also the import of the team demo, logging "
            "one contact, and the memory of one server with --sessions browser sessions "
            "open (Debian's chromium). Prints a table and writes JSON. --quick: the tiny "
            "demo, one run, no memory. "
            "--engine: time the metrics engine (ote evidence) on the database instead."
        ),
    )
    bench.add_argument("--quick", action="store_true", help="tiny scale, one run, SQLite only")
    bench.add_argument(
        "--scale",
        action="append",
        choices=("tiny", "team", "region", "national"),
        help="a scale to measure (repeatable; default: region and national)",
    )
    bench.add_argument("--page", action="append", help="only this page (repeatable)")
    bench.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write the results (default: build/bench/results.json)",
    )
    bench.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the SQLite data sets are kept (default: build/bench/)",
    )
    bench.add_argument(
        "--markdown",
        type=Path,
        default=None,
        metavar="JSON",
        help="print the README's table of an earlier run's results and stop",
    )
    bench.add_argument(
        "--engine", action="store_true", help="time the metrics engine on the database"
    )
    bench.add_argument("--teams", type=int, default=3, help="--engine: how many teams")
    bench.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up")
    bench.add_argument(
        "--sessions",
        type=int,
        default=20,
        help="browser sessions open on one server for the memory measurement (0: skip it)",
    )
    bench.add_argument(
        "--as-of", type=_date, default=None, metavar="DATE", help="YYYY-MM-DD (default: today)"
    )

    user = commands.add_parser(
        "user",
        help="manage user accounts (add, list, disable, enable, unlock, password)",
        description=(
            "User accounts. Roles: coach and job_finder (own clients; need --team and "
            "--staff), team_leader (own team; needs --team), manager (aggregates only; "
            "--team optional) and admin (every team). A password is asked twice on the "
            "terminal, or read from the first line of standard input with --password-stdin."
        ),
    )
    user.add_argument("action", choices=("add", "list", "disable", "enable", "unlock", "password"))
    user.add_argument("username", nargs="?", help="the account's username")
    user.add_argument("--role", choices=[r.value for r in UserRole], help="for add")
    user.add_argument("--team", metavar="TEAM_KEY", help="the team (team_id) for add")
    user.add_argument("--staff", metavar="STAFF_KEY", help="the staff member (staff_id)")
    user.add_argument("--name", help="the name shown in OTE")
    user.add_argument("--email", help="e-mail address for signing in with OIDC")
    user.add_argument("--no-password", action="store_true", help="OIDC sign-in only")
    user.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    purge_parser = commands.add_parser(
        "purge",
        help="remove client-level data of clients whose service ended before a date",
        description=(
            "Remove every client whose service ended before DATE, with everything recorded "
            "about them, except clients on legal hold. The aggregate results of every whole "
            "quarter and year they were counted in are kept first, so the results pages "
            "show the same figures afterwards. All or nothing; logged in the access log."
        ),
    )
    purge_parser.add_argument(
        "--ended-before", type=_date, required=True, metavar="DATE", help="YYYY-MM-DD"
    )
    purge_parser.add_argument("--team", metavar="TEAM_KEY", help="one team only")
    purge_parser.add_argument(
        "--check", action="store_true", help="only count what would be removed"
    )

    restore_parser = commands.add_parser(
        "restore",
        help="replace the database's content with a backup made by `ote backup`",
        description=(
            "Replace everything in the database with the backup FILE (SQLite: a backup "
            "file; PostgreSQL: a pg_dump custom archive). Stop OTE first. --yes is required: "
            "whatever the database holds now is lost."
        ),
    )
    restore_parser.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")
    restore_parser.add_argument("--yes", action="store_true", help="replace the content")

    commands.add_parser("version", help="print OTE's version and schema revision")
    return parser


def _ready_database() -> Database:
    try:
        database = open_database()
        current = schema.current_revision(database)
    except (DatabaseError, SQLAlchemyError, OSError) as error:
        raise CommandError(f"cannot open the database: {error}") from None
    if current is None:
        raise CommandError(f"the database {database.describe()} is not initialised; run `ote init`")
    if current != schema.head_revision():
        raise CommandError(f"the database {database.describe()} needs an upgrade; run `ote init`")
    return database


def command_init(_args: argparse.Namespace) -> None:
    try:
        database = open_database()
        before = schema.current_revision(database)
        schema.upgrade(database)
    except (DatabaseError, SQLAlchemyError, OSError) as error:
        raise CommandError(f"cannot initialise the database: {error}") from None
    head = schema.head_revision()
    if before == head:
        print(f"{database.describe()}: schema is up to date ({head})")
    elif before is None:
        print(f"{database.describe()}: created schema {head}")
    else:
        print(f"{database.describe()}: upgraded schema {before} -> {head}")


def command_demo(args: argparse.Namespace) -> None:
    database = _ready_database()
    if args.if_empty:
        with database.read() as session:
            teams = session.execute(select(func.count()).select_from(Team)).scalar_one()
        if teams:
            print(f"{database.describe()}: already holds {teams} team(s); no demo written")
            return
    try:
        summary = generate(
            database,
            scale=args.scale,
            seed=args.seed,
            end_date=args.end_date,
            replace=args.replace,
            progress=(lambda line: print("  " + line, flush=True))
            if args.scale == "national"
            else None,
        )
    except DemoError as error:
        raise CommandError(str(error)) from None
    total = sum(summary.rows.values())
    print(
        f"Demo data ({summary.scale}, seed {summary.seed}, history up to "
        f"{summary.end_date.isoformat()}): {len(summary.team_keys)} team(s), {total:,} rows "
        f"in {summary.seconds:.1f} s"
    )
    for table in ("client", "employer_contact", "client_contact", "job"):
        print(f"  {table}: {summary.rows.get(table, 0):,}")
    print(
        f"  demo accounts (team {summary.team_keys[0]} only, password "
        f"{users.DEMO_PASSWORD}): {', '.join(summary.accounts)}"
    )
    for planted in summary.planted_breaks[:3]:
        print(
            f"  planted rule break: {planted.team_key} client {planted.client_code}, "
            f"law-based period {planted.start}..{planted.end} ({planted.rule})"
        )


def command_backup(args: argparse.Namespace) -> None:
    database = _ready_database()
    try:
        written = backup(database, args.out)
    except BackupError as error:
        raise CommandError(str(error)) from None
    print(f"Backup of {database.describe()} written to {written}")


def command_import(args: argparse.Namespace) -> None:
    database = _ready_database()
    if not args.path.exists():
        raise CommandError(f"{args.path} does not exist")
    # Logged in the access log as the command line's user.
    report = import_path(acting_as(database, Principal.system()), args.path, dry_run=args.check)
    for line in report.lines():
        print(line)
    if report.errors:
        raise CommandError(f"{len(report.errors)} problem(s) found; nothing was imported")
    if args.check:
        print(f"{args.path}: no problems found; run without --check to import")
        return
    for name, counts in report.counts.items():
        print(
            f"  {name}: {counts.inserted} new, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
        )
    print(f"Imported {args.path} into {database.describe()}")


def command_export(args: argparse.Namespace) -> None:
    database = _ready_database()
    if args.path.suffix.lower() == ".xlsx" and args.path.exists():
        raise CommandError(f"{args.path} already exists; choose a new file name")
    if args.path.is_dir() and any(args.path.iterdir()):
        raise CommandError(f"folder {args.path} is not empty; choose a new or empty folder")
    teams = args.team
    if args.client is not None:
        teams = [_client_team(database, args.client, args.team)]
    try:
        counts = export_path(acting_as(database, Principal.system()), args.path, teams, args.client)
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"Exported {sum(counts.values()):,} rows from {database.describe()} to {args.path}")


def _client_team(database: Database, code: str, teams: list[str] | None) -> str:
    """The one team whose client `code` is meant, or a Finnish error (exit code 2)."""
    if teams and len(teams) > 1:
        raise ChoiceError("--client: anna enintään yksi --team (asiakkaan tiimi)")
    with database.read() as session:
        found = client_teams(session, code)
    if teams:
        if teams[0] not in found:
            raise ChoiceError(f"tiimissä {teams[0]} ei ole asiakasta tunnuksella {code}")
        return teams[0]
    if not found:
        raise ChoiceError(f"asiakastunnusta {code} ei löydy mistään tiimistä")
    if len(found) > 1:
        raise ChoiceError(
            f"asiakastunnus {code} on käytössä useassa tiimissä ({', '.join(found)}); "
            "valitse tiimi: --team TIIMI"
        )
    return found[0]


def command_evidence(args: argparse.Namespace) -> None:
    database = _ready_database()
    as_of = args.as_of or date.today()
    with database.read() as session:
        try:
            document = evidence_document(session, args.team, as_of, args.language)
        except UnknownTeam:
            raise CommandError(f"no team with the key {args.team!r}") from None
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(evidence_table(document, args.language))


def command_bench(args: argparse.Namespace) -> None:
    if not args.engine:
        _bench_pages(args)
        return
    database = _ready_database()
    timings = evidence_timings(
        database, args.as_of or date.today(), max(1, args.teams), max(1, args.runs)
    )
    if not timings:
        raise CommandError("the database has no teams; load data with `ote demo` first")
    print(f"Metrics engine on {database.describe()} (ote evidence, all measures of one team)")
    print(f"{'team':<12} {'first run ms':>13} {'median ms':>10}")
    for timing in timings:
        print(f"{timing.team_key:<12} {timing.first_ms:>13.1f} {timing.median_ms:>10.1f}")


def _bench_pages(args: argparse.Namespace) -> None:
    from ote import page_bench

    if args.markdown is not None:
        print(page_bench.markdown_table(json.loads(args.markdown.read_text())), end="")
        return

    url = os.environ.get("OTE_DATABASE_URL", "")
    postgresql = url if url.startswith("postgresql") and not args.quick else None
    scales = ["tiny"] if args.quick else (args.scale or ["region", "national"])
    folder = args.data or page_bench.BENCH_FOLDER
    report = page_bench.run_bench(
        scales,
        runs=1 if args.quick else max(5, args.runs),
        postgresql_url=postgresql,
        folder=folder,
        pages=args.page,
        extras=not args.quick,
        sessions=args.sessions,
        progress=lambda line: print(line, flush=True),
    )
    out = args.json or folder / ("quick.json" if args.quick else "results.json")
    page_bench.write_json(report, out)
    print()
    print(page_bench.table(report))
    print(f"Results written to {out}")


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password on; use --password-stdin")
    first = getpass.getpass("Salasana / password: ")
    if getpass.getpass("Salasana uudelleen / again: ") != first:
        raise CommandError("the passwords differ; nothing was changed")
    return first


def command_user(args: argparse.Namespace) -> None:
    database = _ready_database()
    if args.action == "list":
        with database.read() as session:
            for a in users.list_users(session):
                state = "disabled" if not a.active else "locked" if a.locked else "active"
                demo = " demo" if a.is_demo else ""
                print(
                    f"{a.username:<24} {a.role:<12} {a.team_key or '*':<12} "
                    f"{a.staff_key or '-':<14} {state}{demo}"
                )
        return
    if not args.username:
        raise CommandError(f"ote user {args.action} needs a username")
    system = acting_as(database, Principal.system())
    try:
        with system.write() as session:
            if args.action == "add":
                if args.role is None:
                    raise CommandError("ote user add needs --role")
                users.add_user(
                    session,
                    args.username,
                    args.role,
                    team_key=args.team,
                    staff_key=args.staff,
                    password=None if args.no_password else _new_password(args),
                    display_name=args.name,
                    email=args.email,
                )
            elif args.action == "password":
                users.set_password(session, args.username, _new_password(args))
            elif args.action in ("disable", "enable"):
                users.set_active(session, args.username, args.action == "enable")
            else:
                users.unlock(session, args.username)
    except ValidationFailed as failure:
        raise CommandError("; ".join(f"{e.field}: {e.message()}" for e in failure.errors)) from None
    print(f"user {users.normalise_username(args.username)}: {args.action} done")


def command_purge(args: argparse.Namespace) -> None:
    database = acting_as(_ready_database(), Principal.system())
    if args.ended_before > date.today():
        raise CommandError("--ended-before is in the future; nothing was removed")
    summary = purge(database, args.ended_before, team_key=args.team, dry_run=args.check)
    if args.team is not None and not summary.clients:
        raise CommandError(f"no team {args.team!r}; nothing was removed")
    verb = "would remove" if args.check else "removed"
    for key, count in summary.clients.items():
        held = summary.on_hold.get(key, 0)
        print(f"  {key}: {verb} {count} client(s); {held} kept on legal hold")
    if args.check:
        print("Nothing was removed (--check).")
    else:
        print(
            f"Removed {summary.total} client(s) whose service ended before "
            f"{args.ended_before.isoformat()}; kept the results of "
            f"{summary.archived_periods} period(s)."
        )


def command_restore(args: argparse.Namespace) -> None:
    try:
        database = open_database()
    except DatabaseError as error:
        raise CommandError(f"cannot open the database: {error}") from None
    if not args.yes:
        raise CommandError(
            f"this replaces everything in {database.describe()}; add --yes to go ahead"
        )
    try:
        restore(database, args.source)
    except BackupError as error:
        raise CommandError(str(error)) from None
    revision = schema.current_revision(open_database())
    print(f"Restored {args.source} into {database.describe()} (schema {revision})")
    if revision != schema.head_revision():
        print("Run `ote init` to bring the schema up to this OTE version.")


def command_version(_args: argparse.Namespace) -> None:
    print(f"ote {__version__} (schema {schema.head_revision()})")


COMMANDS = {
    "init": command_init,
    "demo": command_demo,
    "backup": command_backup,
    "import": command_import,
    "export": command_export,
    "evidence": command_evidence,
    "bench": command_bench,
    "user": command_user,
    "purge": command_purge,
    "restore": command_restore,
    "version": command_version,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except CommandError as error:
        print(f"ote {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"ote {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0
