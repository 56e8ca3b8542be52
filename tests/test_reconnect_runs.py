"""`ote.ui.reconnect`: a session kept for reconnection lets its run finish when its
connection drops; a session that is not kept is stopped and shut down as before. (The
whole path – Chromium, a dropped websocket, the save – is in tests/test_reconnect.py.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.websocket_session_manager import (
    ActiveSessionInfo,
    WebsocketSessionManager,
)

from ote.ui.reconnect import keep_runs_through_disconnects


@dataclass(eq=False)
class FakeSession:
    """What disconnect_session uses of an AppSession, counting the stop requests."""

    id: str
    resumable: bool = True
    stops: int = 0
    shut_down: bool = False
    calls: list[str] = field(default_factory=list)

    def request_script_stop(self) -> None:
        self.stops += 1

    def is_resumable(self) -> bool:
        return self.resumable

    def disconnect_file_watchers(self) -> None:
        self.calls.append("disconnect_file_watchers")

    def clear_session_caches(self) -> None:
        self.calls.append("clear_session_caches")

    def shutdown(self) -> None:
        self.shut_down = True
        self.request_script_stop()  # as AppSession.shutdown does


def manager_with(session: FakeSession) -> WebsocketSessionManager:
    manager = WebsocketSessionManager(
        session_storage=MemorySessionStorage(),
        uploaded_file_manager=None,
        script_cache=None,
        message_enqueued_callback=None,
    )
    manager._script_cache = type("Cache", (), {"clear": lambda self: None})()
    manager._active_session_info_by_id[session.id] = ActiveSessionInfo(None, session, 0)
    return manager


def test_a_kept_session_keeps_running_when_its_connection_drops():
    keep_runs_through_disconnects()
    keep_runs_through_disconnects()  # once per process, however often the app calls it
    session = FakeSession("kept")
    manager = manager_with(session)
    manager.disconnect_session(session.id)
    assert session.stops == 0
    assert not session.shut_down
    assert manager._session_storage.get(session.id) is not None  # kept for reconnecting
    assert session.calls == ["disconnect_file_watchers", "clear_session_caches"]
    # The instance's stop is the class's own again: a later stop request stops.
    assert "request_script_stop" not in vars(session)
    session.request_script_stop()
    assert session.stops == 1


def test_a_session_that_is_not_kept_is_stopped_and_shut_down():
    keep_runs_through_disconnects()
    session = FakeSession("gone", resumable=False)
    manager = manager_with(session)
    manager.disconnect_session(session.id)
    assert session.shut_down
    assert session.stops == 2  # disconnect_session's stop, and the shutdown's
    assert manager._session_storage.get(session.id) is None


def test_the_app_applies_it():
    from pathlib import Path

    app = (Path(__file__).resolve().parents[1] / "app.py").read_text(encoding="utf-8")
    assert "reconnect.keep_runs_through_disconnects()" in app
