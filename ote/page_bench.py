"""`ote bench`: how fast every page answers, at the scales OTE is meant for – measured,
never asserted in a test.

For each data set (the `region` and `national` demo; `tiny` for `--quick`) on SQLite and,
when `OTE_DATABASE_URL` points at PostgreSQL, there too, every page runs under Streamlit's
AppTest in this process, signed in as the first team's team leader (the admin pages as an
administrator). A page's time is the server-side run time of a rerun: the median of
`runs` runs after a warm-up, once with Streamlit's caches cleared before each run (cold)
and once with them kept (warm; in turns with the bare floor's runs, so that a slower spell
of the machine falls on both; each timed run starts from a collected heap). Beside it, two
floors measured in the same run:

- **bare**: a page with no data work that draws the same kinds and numbers of elements
  (the same tables with the same shapes, metrics, charts, widgets, texts), in an app laid
  out as OTE is (an entry script, a `pages/` folder with as many page files, a navigation
  listing them): what Streamlit needs to draw it however fast the data comes;
- **sql**: the page's own SELECT statements replayed as raw SQL on a DBAPI connection:
  what the database needs, however little Python does around it.

`ratio` = warm time ÷ (bare + sql). AppTest is made to run scripts as a server does, and a
run is timed as the server runs it (`server_like`: one script cache, the script runner's
own time) – for the pages and their floors alike. Also measured:
importing the `team` demo data set (exported to CSV files) into an empty database, and
logging one employer contact through the form. The data sets are built once and kept
under `build/bench/` (SQLite) or as databases `<name>_bench_<scale>` beside the PostgreSQL
database; a cached data set is rebuilt when its scale, seed, end date or schema differ.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, event, make_url, select, text

from ote import models as m
from ote import schema
from ote.access import may_open
from ote.config import DATABASE_URL_VARIABLE, sqlite_url
from ote.db import Database, get_database, open_database
from ote.enums import UserRole

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PAGES = ROOT / "pages"
BENCH_FOLDER = ROOT / "build" / "bench"
BENCH_END = date(2026, 6, 30)  # the demo histories end here, so every run sees the same data
BENCH_SEED = 1
ADMIN_PAGES = frozenset({"admin_teams", "admin_import_export", "admin_users", "admin_access_log"})
BENCH_PASSWORD = "bench-password-not-for-use"

# Targets of issue 11 (medians on a 2-core machine).
TARGET_MS = {("region", "sqlite"): 500.0, ("national", "postgresql"): 1500.0}
TARGET_RATIO = 1.5
MEMORY_TARGET_MB = 1536.0  # one server with 20 open sessions


@dataclass(frozen=True)
class PageTiming:
    page: str
    scale: str
    backend: str
    cold_ms: float
    warm_ms: float
    bare_ms: float
    sql_ms: float
    queries: int
    elements: int

    @property
    def ratio(self) -> float:
        floor = self.bare_ms + self.sql_ms
        return self.warm_ms / floor if floor else float("inf")

    @property
    def target_ms(self) -> float | None:
        return TARGET_MS.get((self.scale, self.backend))

    @property
    def within_target(self) -> bool:
        target = self.target_ms
        return (target is None or self.warm_ms <= target) and self.ratio <= TARGET_RATIO


@dataclass
class BenchReport:
    pages: list[PageTiming] = field(default_factory=list)
    imports: dict[str, float] = field(default_factory=dict)  # backend → ms
    log_contact: dict[str, float] = field(default_factory=dict)  # "scale/backend" → ms
    memory: dict[str, dict] = field(default_factory=dict)  # "scale/backend" → MemoryResult
    machine: dict[str, object] = field(default_factory=dict)

    @property
    def within_targets(self) -> bool:
        return all(p.within_target for p in self.pages) and all(
            found["within_target"] for found in self.memory.values()
        )

    def as_json(self) -> dict:
        return {
            "machine": self.machine,
            "pages": [
                {**asdict(p), "ratio": round(p.ratio, 2), "within_target": p.within_target}
                for p in self.pages
            ],
            "import_team_demo_ms": self.imports,
            "log_one_employer_contact_ms": self.log_contact,
            "memory": self.memory,
            "targets": {
                "page_ms": {f"{s}/{b}": ms for (s, b), ms in TARGET_MS.items()},
                "ratio": TARGET_RATIO,
                "memory_mb": MEMORY_TARGET_MB,
            },
        }


# ------------------------------------------------------------------ the data sets
def _dataset_marker(scale: str) -> dict:
    return {
        "scale": scale,
        "seed": BENCH_SEED,
        "end": BENCH_END.isoformat(),
        "schema": schema.head_revision(),
    }


def _has_dataset(database: Database, scale: str) -> bool:
    try:
        if schema.current_revision(database) != schema.head_revision():
            return False
        with database.read() as session:
            found = session.get(m.AppSetting, "bench.dataset")
            return found is not None and found.value == _dataset_marker(scale)
    except Exception:
        return False


def _build_dataset(database: Database, scale: str, progress: Callable[[str], None]) -> None:
    from ote.auth.users import add_user
    from ote.demo import generate

    schema.upgrade(database)
    progress(f"building the {scale} demo in {database.describe()} …")
    generate(database, scale=scale, seed=BENCH_SEED, end_date=BENCH_END, replace=True)
    with database.write() as session:
        team = session.scalars(select(m.Team).order_by(m.Team.key)).first()
        for username, role, team_key in (
            ("bench-leader", "team_leader", team.key),
            ("bench-admin", "admin", None),
        ):
            found = session.scalars(
                select(m.UserAccount).where(m.UserAccount.username == username)
            ).first()
            if found is None:
                add_user(session, username, role, team_key=team_key, password=BENCH_PASSWORD)
        setting = session.get(m.AppSetting, "bench.dataset")
        if setting is None:
            session.add(m.AppSetting(key="bench.dataset", value=_dataset_marker(scale)))
        else:
            setting.value = _dataset_marker(scale)


def sqlite_dataset(scale: str, folder: Path, progress: Callable[[str], None]) -> str:
    """The URL of the SQLite file holding the `scale` demo (built if missing or stale)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scale}.db"
    url = sqlite_url(path)
    database = open_database(url)
    try:
        if not _has_dataset(database, scale):
            database.dispose()
            for stale in folder.glob(f"{scale}.db*"):
                stale.unlink()
            database = open_database(url)
            _build_dataset(database, scale, progress)
    finally:
        database.dispose()
    return url


def postgresql_dataset(base_url: str, scale: str, progress: Callable[[str], None]) -> str:
    """The URL of the PostgreSQL database `<name>_bench_<scale>` beside `base_url`'s
    database (created and filled if missing or stale)."""
    base = make_url(base_url)
    name = f"{base.database}_bench_{scale}"
    url = base.set(database=name).render_as_string(hide_password=False)
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    database = open_database(url)
    try:
        if not _has_dataset(database, scale):
            _build_dataset(database, scale, progress)
    finally:
        database.dispose()
    return url


# ---------------------------------------------------------------- timing a page
@contextmanager
def _database_url(url: str) -> Iterator[None]:
    before = os.environ.get(DATABASE_URL_VARIABLE)
    os.environ[DATABASE_URL_VARIABLE] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DATABASE_URL_VARIABLE, None)
        else:
            os.environ[DATABASE_URL_VARIABLE] = before


def _account_ids(url: str) -> dict[str, int]:
    database = open_database(url)
    try:
        with database.read() as session:
            return dict(
                session.execute(
                    select(m.UserAccount.username, m.UserAccount.id).where(
                        m.UserAccount.username.in_(("bench-leader", "bench-admin"))
                    )
                ).all()
            )
    finally:
        database.dispose()


def _app(user_id: int, as_of: date):
    from streamlit.testing.v1 import AppTest

    from ote.ui import signin

    at = AppTest.from_file(str(APP), default_timeout=600)
    at.query_params["as_of"] = as_of.isoformat()
    now = time.time()
    at.session_state[signin.USER_KEY] = user_id
    at.session_state[signin.SIGNED_IN_KEY] = now
    at.session_state[signin.LAST_SEEN_KEY] = now
    return at


def _quiet_streamlit() -> None:
    """AppTest outside a server warns on every run ("missing ScriptRunContext"): Streamlit's
    loggers to errors only (they are made as they are first used, so again after runs)."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


_SCRIPT_RUNS: list[float] = []  # ms of each script run since the last _timed_run began
_SERVER_LIKE = []  # non-empty while server_like is in force (it does not nest)


@contextmanager
def server_like() -> Iterator[None]:
    """AppTest made to run scripts as a server does, and timed as a server runs them:

    - one script cache for all runs (AppTest makes a new one, so compiles every script
      again, on every run; a server compiles a script once);
    - the time of a run is the script runner's own (`ScriptRunner._run_script`: the
      server-side run time), not AppTest's turning the result into an element tree;
    - AppTest's thread waits for the run in 5 ms steps instead of 1 ms ones: waking
      every millisecond, it takes the interpreter lock from the script's thread whenever
      that thread waits on the database, which a server's idle event loop does not.
    """
    if _SERVER_LIKE:  # already: patching again would time every run twice
        yield
        return
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    run_script = script_runner.ScriptRunner._run_script
    wait = local_script_runner.require_widgets_deltas

    def timed_run_script(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return run_script(self, *args, **kwargs)
        finally:
            _SCRIPT_RUNS.append((time.perf_counter() - began) * 1000)

    def gentle_wait(runner, timeout: float = 3) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            time.sleep(0.005)
            if runner.script_stopped():
                return
        wait(runner, 0)  # out of time: AppTest's own stop and error

    before = (app_test.ScriptCache, local_script_runner.ScriptCache)
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    script_runner.ScriptRunner._run_script = timed_run_script
    local_script_runner.require_widgets_deltas = gentle_wait
    _SERVER_LIKE.append(True)
    try:
        yield
    finally:
        _SERVER_LIKE.clear()
        app_test.ScriptCache, local_script_runner.ScriptCache = before
        script_runner.ScriptRunner._run_script = run_script
        local_script_runner.require_widgets_deltas = wait


def _clear_caches() -> None:
    """Streamlit's caches of figures (`st.cache_data`) and of kept choices
    (`st.cache_resource`, `ote.ui.cache.shared`)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _timed_run(at, clear_cache: bool) -> float:
    """One rerun of `at`: the server-side run time in ms (see `server_like`; AppTest's
    whole run when not inside it)."""
    if clear_cache:
        _clear_caches()
    at.session_state["_ote_last_seen"] = time.time()  # a long benchmark is not idle
    _SCRIPT_RUNS.clear()
    gc.collect()  # every timed run starts from a collected heap: no collection falls in it
    began = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - began) * 1000
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].value}")
    return sum(_SCRIPT_RUNS) if _SCRIPT_RUNS else elapsed


@contextmanager
def _captured_selects(database: Database) -> Iterator[list[tuple[str, object]]]:
    """The SELECT statements run on the database while the block runs, with parameters."""
    found: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            found.append((statement, parameters))

    engines = {database.engine, database.write_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", capture)
    try:
        yield found
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", capture)


def _replay_ms(database: Database, statements: list[tuple[str, object]]) -> float:
    connection = database.engine.raw_connection()
    try:
        cursor = connection.cursor()
        began = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        elapsed = (time.perf_counter() - began) * 1000
        cursor.close()
        connection.rollback()
    finally:
        connection.close()
    return elapsed


# Elements a bare page draws for each kind found on the real page.
_TEXT_KINDS = {
    "title": "st.title('Otsikko')",
    "header": "st.header('Otsikko')",
    "subheader": "st.subheader('Otsikko')",
    "caption": "st.caption('Selite tekstiä')",
    "divider": "st.divider()",
    "code": "st.code('x = 1')",
    "latex": "st.latex('x')",
    "json": "st.json({'a': 1})",
}
_ALERTS = {"error", "warning", "info", "success", "exception", "toast"}


Census = list[tuple[str, tuple[int, int] | None, bool]]


def _census(at) -> Census:
    """The page's leaf elements in order: (kind, shape of a table's data – or (number of
    options, 1) of a choice – or None, whether in the sidebar)."""
    found: Census = []
    for root, in_sidebar in ((at.main, False), (at.sidebar, True)):
        for node in root:
            kind = getattr(node, "type", "unknown")
            if kind in ("main", "sidebar", "container", "vertical", "horizontal", "column"):
                continue
            if hasattr(node, "children") and kind not in ("dataframe", "table"):
                continue  # a block: its elements are counted one by one
            shape = None
            if kind in ("dataframe", "table"):
                try:
                    shape = tuple(node.value.shape)
                except Exception:
                    shape = (10, 3)
                if kind == "dataframe" and getattr(node.proto, "editing_mode", 0):
                    kind = "data_editor"  # st.data_editor: the same proto, editable
            elif kind in ("selectbox", "radio", "multiselect"):
                shape = (len(node.options), 1)  # drawing a choice costs by its options
            found.append((kind, shape, in_sidebar))
    return found


def bare_script(census: Census, navigation: int = 1) -> str:
    """A Streamlit script drawing the same kinds and numbers of elements with no data work,
    in the main area and the sidebar as the page does, behind a navigation of the same
    number of pages: the drawn page and `navigation - 1` page files `pages/p<i>.py` (see
    `bare_app`)."""
    elements = [
        (_bare_element(i, kind, shape), side) for i, (kind, shape, side) in enumerate(census)
    ]
    main = [line for line, in_sidebar in elements if not in_sidebar]
    side = [line for line, in_sidebar in elements if in_sidebar]
    lines = ["import pandas as pd", "import streamlit as st", ""]
    # The tables and lists are made once (the page's own come from the cache too): a
    # floor draws, it does no data work.
    lines += [
        "@st.cache_resource",
        "def frame(rows, columns):",
        "    return pd.DataFrame({f'c{i}': [str(r) for r in range(rows)] for i in range(columns)})",
        "",
        "@st.cache_resource",
        "def options(count):",
        "    return [f'Valinta {i}' for i in range(count)]",
        "",
    ]
    lines += ["def body():", *(f"    {line}" for line in main or ["pass"]), ""]
    lines += [
        "pages = [st.Page(body, title='Sivu', default=True)] + [",
        "    st.Page(f'pages/p{i}.py', title=f'Sivu {i}')",
        f"    for i in range({max(navigation - 1, 0)})",
        "]",
        "page = st.navigation(pages)",
        "with st.sidebar:",
        *(f"    {line}" for line in side or ["pass"]),
        "page.run()",
    ]
    return "\n".join(lines) + "\n"


def _bare_element(index: int, kind: str, shape: tuple[int, int] | None) -> str:
    if kind in ("dataframe", "table", "data_editor"):
        rows, columns = shape or (10, 3)
        frame = f"frame({rows}, {max(columns, 1)})"
        if kind == "data_editor":
            return f"st.data_editor({frame}, key='e{index}', num_rows='fixed')"
        call = "st.table" if kind == "table" else "st.dataframe"
        return f"{call}({frame})"
    elif kind in _TEXT_KINDS:
        return _TEXT_KINDS[kind]
    elif kind in ("error", "warning", "info", "success"):
        return f"st.{kind}('Tieto')"
    elif kind in _ALERTS:
        return "st.info('Tieto')"
    elif kind == "metric":
        return "st.metric('Luku', 12)"
    elif "chart" in kind or kind == "arrow_vega_lite_chart":
        return (
            "st.vega_lite_chart(frame(30, 2), {'mark': 'bar', 'encoding': "
            "{'x': {'field': 'c0', 'type': 'ordinal'}, 'y': {'field': 'c1', 'type': 'nominal'}}})"
        )
    elif kind in ("button", "download_button", "form_submit_button"):
        return f"st.button('Nappi', key='b{index}')"
    elif kind in ("selectbox", "radio", "multiselect"):
        count = (shape or (3, 1))[0]
        return f"st.{kind}('Valinta', options({count}), key='s{index}')"
    elif kind in ("text_input", "text_area", "number_input"):
        return f"st.{kind}('Kenttä', key='t{index}')"
    elif kind == "date_input":
        return f"st.date_input('Päivä', key='d{index}')"
    elif kind in ("checkbox", "toggle"):
        return f"st.{kind}('Valinta', key='c{index}')"
    else:
        return "st.markdown('Tekstiä **lihavoitu** ja _kursiivi_.')"


@contextmanager
def bare_app(script: str, navigation: int) -> Iterator[Path]:
    """The bare script as an app laid out as OTE is: the entry script beside a `pages/`
    folder of `navigation - 1` page files (Streamlit looks through that folder on every
    run of such an app, as it does for OTE's). Yields the entry script's path."""
    with tempfile.TemporaryDirectory(prefix="ote-bare-") as folder:
        root = Path(folder)
        (root / "pages").mkdir()
        for i in range(max(navigation - 1, 0)):
            (root / "pages" / f"p{i}.py").write_text("import streamlit as st\n", encoding="utf-8")
        entry = root / "app.py"
        entry.write_text(script, encoding="utf-8")
        yield entry


def _bare_test(entry: Path):
    """The bare app under AppTest, run twice (compiled, its tables made)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry), default_timeout=600)
    at.run()
    _timed_run(at, clear_cache=False)
    return at


def time_page(page: str, scale: str, backend: str, user_id: int, runs: int) -> PageTiming:
    """One page's times (see the module's docstring)."""

    at = _app(user_id, BENCH_END)
    at.run()
    _quiet_streamlit()
    if page != "home":
        at.switch_page(str(PAGES / f"{page}.py"))
    _timed_run(at, clear_cache=False)  # warm-up (and the page's one-off writes)
    cold = statistics.median(_timed_run(at, clear_cache=True) for _ in range(runs))
    _clear_caches()
    database = get_database()
    with _captured_selects(database) as statements:
        _timed_run(at, clear_cache=True)
    sql = statistics.median(_replay_ms(database, statements) for _ in range(runs))
    census = _census(at)
    role = UserRole.ADMIN if page in ADMIN_PAGES else UserRole.TEAM_LEADER
    navigation = sum(1 for name in page_names() if may_open(role, name))
    with bare_app(bare_script(census, navigation), navigation) as entry:
        bare_at = _bare_test(entry)
        _timed_run(at, clear_cache=False)  # warm again after the cold runs
        # The page and its bare floor in turns, so that a slower spell of the machine
        # falls on both alike.
        warm_runs, bare_runs = [], []
        for _ in range(runs):
            warm_runs.append(_timed_run(at, clear_cache=False))
            bare_runs.append(_timed_run(bare_at, clear_cache=False))
    warm, bare = statistics.median(warm_runs), statistics.median(bare_runs)
    return PageTiming(
        page=page,
        scale=scale,
        backend=backend,
        cold_ms=round(cold, 1),
        warm_ms=round(warm, 1),
        bare_ms=round(bare, 1),
        sql_ms=round(sql, 1),
        queries=len(statements),
        elements=len(census),
    )


def log_contact_ms(user_id: int) -> float:
    """One employer contact logged through the form: the run after pressing save."""
    at = _app(user_id, BENCH_END)
    at.run()
    at.switch_page(str(PAGES / "log_employer_contact.py"))
    at.run()
    employer = at.selectbox(key="employer_contact.employer.0")
    employer.set_value(employer.options[0] if employer.options else None)
    at.run()
    at.button(key="employer_contact.save.0").click()
    elapsed = _timed_run(at, clear_cache=False)
    if not at.success:
        raise RuntimeError("logging a contact through the form did not save it")
    return elapsed


def import_ms(url_for_empty: Callable[[], str], progress: Callable[[str], None]) -> float:
    """Importing the `team` demo data set (CSV files) into an empty database."""
    from ote.demo import generate
    from ote.interchange.exporter import export_path
    from ote.interchange.importer import import_path

    with tempfile.TemporaryDirectory() as folder:
        source = open_database(sqlite_url(Path(folder) / "source.db"))
        schema.upgrade(source)
        generate(source, scale="team", seed=BENCH_SEED, end_date=BENCH_END)
        export_path(source, Path(folder) / "team")
        source.dispose()
        target = open_database(url_for_empty())
        try:
            progress("importing the team demo …")
            began = time.perf_counter()
            report = import_path(target, Path(folder) / "team", today=date.today())
            elapsed = (time.perf_counter() - began) * 1000
        finally:
            target.dispose()
    if report.errors:
        raise RuntimeError(f"the demo did not import: {report.lines()[:3]}")
    return elapsed


# --------------------------------------------------------------------- the run
def page_names() -> list[str]:
    return sorted(path.stem for path in PAGES.glob("*.py"))


def machine() -> dict[str, object]:
    import streamlit

    return {
        "date": date.today().isoformat(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "platform": platform.platform(),
    }


def run_bench(
    scales: list[str],
    *,
    runs: int = 5,
    postgresql_url: str | None = None,
    folder: Path = BENCH_FOLDER,
    pages: list[str] | None = None,
    extras: bool = True,
    sessions: int = 20,
    progress: Callable[[str], None] = print,
) -> BenchReport:
    """Measure every page at each scale on SQLite (and PostgreSQL if given); with
    `extras`, also the import, logging a contact and (`sessions` > 0) the memory of one
    server with that many sessions open on the largest scale."""
    with server_like():
        report = _run_bench(scales, runs, postgresql_url, folder, pages, extras, progress)
    if extras and sessions > 0:
        _measure_memory(report, scales, sessions, postgresql_url, folder, progress)
    return report


def _measure_memory(report, scales, sessions, postgresql_url, folder, progress) -> None:
    from ote.memory_bench import sessions_memory

    scale = "national" if "national" in scales else scales[-1]
    datasets = [("sqlite", lambda: sqlite_dataset(scale, folder, progress))]
    if postgresql_url:
        datasets.append(("postgresql", lambda: postgresql_dataset(postgresql_url, scale, progress)))
    for backend, dataset in datasets:
        found = sessions_memory(dataset(), BENCH_PASSWORD, BENCH_END, sessions, progress)
        report.memory[f"{scale}/{backend}"] = {
            **asdict(found),
            "within_target": found.peak_mb <= MEMORY_TARGET_MB,
        }
        progress(_memory_line(f"{scale}/{backend}", report.memory[f"{scale}/{backend}"]))


def _memory_line(where: str, found: dict) -> str:
    verdict = "ok" if found["within_target"] else "OVER"
    return (
        f"memory with {found['sessions']} sessions open ({where}): {found['rss_mb']:.0f} MB, "
        f"at most {found['peak_mb']:.0f} MB (idle {found['idle_mb']:.0f} MB; target "
        f"{MEMORY_TARGET_MB:.0f} MB) {verdict}"
    )


def _run_bench(scales, runs, postgresql_url, folder, pages, extras, progress) -> BenchReport:
    _quiet_streamlit()
    report = BenchReport(machine=machine())
    progress(HEADER)
    backends: list[tuple[str, Callable[[str], str]]] = [
        ("sqlite", lambda scale: sqlite_dataset(scale, folder, progress))
    ]
    if postgresql_url:
        backends.append(
            ("postgresql", lambda scale: postgresql_dataset(postgresql_url, scale, progress))
        )
    for backend, dataset in backends:
        for scale in scales:
            url = dataset(scale)
            accounts = _account_ids(url)
            with _database_url(url):
                for page in pages or page_names():
                    user = accounts["bench-admin" if page in ADMIN_PAGES else "bench-leader"]
                    timing = time_page(page, scale, backend, user, runs)
                    report.pages.append(timing)
                    progress(_row(timing))
                if extras:
                    report.log_contact[f"{scale}/{backend}"] = round(
                        log_contact_ms(accounts["bench-leader"]), 1
                    )
        if extras:
            report.imports[backend] = round(
                import_ms(lambda b=backend: _empty_url(b, folder, postgresql_url), progress), 1
            )
    return report


def _empty_url(backend: str, folder: Path, postgresql_url: str | None) -> str:
    if backend == "sqlite":
        path = folder / "import.db"
        for stale in folder.glob("import.db*"):
            stale.unlink()
        database = open_database(sqlite_url(path))
        schema.upgrade(database)
        database.dispose()
        return sqlite_url(path)
    base = make_url(postgresql_url)
    name = f"{base.database}_bench_import"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = base.set(database=name).render_as_string(hide_password=False)
    database = open_database(url)
    schema.upgrade(database)
    database.dispose()
    return url


HEADER = (
    f"{'page':<22} {'scale':<9} {'database':<10} {'cold ms':>8} {'warm ms':>8} "
    f"{'bare ms':>8} {'sql ms':>7} {'ratio':>6} {'target':>7}"
)


def _row(t: PageTiming) -> str:
    target = "ok" if t.within_target else "OVER"
    return (
        f"{t.page:<22} {t.scale:<9} {t.backend:<10} {t.cold_ms:>8.0f} {t.warm_ms:>8.0f} "
        f"{t.bare_ms:>8.0f} {t.sql_ms:>7.0f} {t.ratio:>6.2f} {target:>7}"
    )


def table(report: BenchReport) -> str:
    lines = [HEADER, *(_row(t) for t in report.pages)]
    for backend, ms in report.imports.items():
        lines.append(f"import of the team demo ({backend}): {ms:.0f} ms")
    for where, ms in report.log_contact.items():
        lines.append(f"logging one employer contact ({where}): {ms:.0f} ms")
    for where, found in report.memory.items():
        lines.append(_memory_line(where, found))
    over = [t for t in report.pages if not t.within_target]
    lines.append(
        "every page within its targets"
        if not over
        else f"{len(over)} page(s) over their targets: "
        + ", ".join(f"{t.page} ({t.scale}/{t.backend})" for t in over)
    )
    return "\n".join(lines)


def write_json(report: BenchReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")


def markdown_table(results: dict) -> str:
    """A results JSON as the README's table: a row per page, a column per scale and
    database with the warm median and, in brackets, the cold one (ms), and the page's
    highest ratio over its floors; then the memory lines and the verdict."""
    rows = results["pages"]
    order = {"tiny": 0, "team": 1, "region": 2, "national": 3}
    columns = sorted(
        {(r["scale"], r["backend"]) for r in rows},
        key=lambda c: (c[1] != "sqlite", order.get(c[0], 9)),
    )
    pages = sorted({r["page"] for r in rows})
    by = {(r["page"], r["scale"], r["backend"]): r for r in rows}
    head = ["page", *(f"{scale} {backend} ms" for scale, backend in columns), "ratio (max)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page in pages:
        found = [by.get((page, scale, backend)) for scale, backend in columns]
        cells = [f"{r['warm_ms']:.0f} ({r['cold_ms']:.0f})" if r else "–" for r in found]
        ratio = max((r["ratio"] for r in found if r), default=0)
        lines.append(f"| {page} | " + " | ".join(cells) + f" | {ratio:.2f} |")
    lines.append("")
    memory = results.get("memory", {})
    for where, found in memory.items():
        lines += [_memory_line(where, found), ""]
    over = [f"{r['page']} ({r['scale']}/{r['backend']})" for r in rows if not r["within_target"]]
    over += [f"memory ({where})" for where, found in memory.items() if not found["within_target"]]
    lines.append(
        "Every page within its targets." if not over else "Over the targets: " + ", ".join(over)
    )
    return "\n".join(lines) + "\n"
