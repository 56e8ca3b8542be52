"""Starting OTE's Streamlit server in the background on a free port (for the browser tests
and the memory benchmark): `with serve(database_url, log_path) as server: ...`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ote.config import DATABASE_URL_VARIABLE

ROOT = Path(__file__).resolve().parents[1]


class ServerDidNotStart(RuntimeError):
    pass


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def serve(database_url: str, log_path: Path, timeout: float = 60) -> Iterator[Server]:
    """`streamlit run app.py` over `database_url` on a free port of 127.0.0.1, its output in
    `log_path`; stopped when the block ends. Raises ServerDidNotStart with the log."""
    port = free_port()
    env = {**os.environ, DATABASE_URL_VARIABLE: database_url}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise ServerDidNotStart("streamlit did not start:\n" + log_path.read_text())
                time.sleep(0.3)
            yield Server(url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
