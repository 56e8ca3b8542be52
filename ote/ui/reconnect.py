"""A dropped connection does not cut a run short (issue 12: a half-filled form keeps its
values, and nothing is saved twice – or half).

When a browser's websocket closes, Streamlit 1.67 keeps the session for a reconnection
(`server.disconnectedSessionTTL`) but first asks its running script to stop. A save whose
answer was lost on the way, or a run the browser had just asked for, then ends at the next
Streamlit call: on a loaded server before the page drew anything. When the browser comes
back, Streamlit replays that run's messages – a run that drew nothing – and the browser
clears the page: a blank page, or a form missing its values, until the user does something.
(Found by `tests/test_reconnect.py` under CPU load; Streamlit's own code, not OTE's.)

`keep_runs_through_disconnects()` lets a run of a session kept for reconnection finish:
its messages wait in the session, and the browser gets the whole page – with the save's
message, when the save went through – as soon as it is back. A session that is not kept
(signed out, or not resumable) is stopped and shut down as before, and a kept session that
is never resumed is shut down by Streamlit when its time is up. The run was already
committed to: OTE's saves are one transaction each (`ote.db`), so letting one finish never
writes anything a completed click would not have.
"""

from __future__ import annotations

from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

_PATCHED = "_ote_keeps_runs"


def keep_runs_through_disconnects() -> None:
    """Patch Streamlit's session manager once per process (every run calls this)."""
    if getattr(WebsocketSessionManager.disconnect_session, _PATCHED, False):
        return
    original = WebsocketSessionManager.disconnect_session

    def disconnect_session(self: WebsocketSessionManager, session_id: str) -> None:
        info = self._active_session_info_by_id.get(session_id)
        if info is None or not info.session.is_resumable():
            original(self, session_id)
            return
        session = info.session
        stop = session.request_script_stop
        skipped: list[bool] = []

        def stop_unless_kept() -> None:
            # The first call is disconnect_session's own "stop the run" – skipped; any
            # later one (a shutdown, when the session turns out not to be kept) stops.
            if skipped:
                stop()
            else:
                skipped.append(True)

        session.request_script_stop = stop_unless_kept
        try:
            original(self, session_id)
        finally:
            del session.request_script_stop  # the class's own method again

    setattr(disconnect_session, _PATCHED, True)
    WebsocketSessionManager.disconnect_session = disconnect_session
