"""The turns running now: any number side by side, at most one per key (a conversation,
or an arm of a lab run), and at most ``limit`` requests at once per endpoint (the rest
wait their turn in order).

Every signal carries a conversation id and, for answers, an immutable
:class:`~app.services.turn.AnswerSnapshot`. Changes are coalesced to at most one signal
per answer per frame, across all turns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.history import Status
from app.services.turn import AnswerSnapshot, Turn, TurnRequest
from app.storage.history import HistoryStore

FRAME_MS = 16
DEFAULT_LIMIT = 4


class TurnRunner(QObject):
    turn_started = Signal(str)  # conversation id (queued or running)
    turn_running = Signal(str)  # conversation id: its request is on the wire
    turn_finished = Signal(str)  # conversation id
    answer_added = Signal(object)  # AnswerSnapshot
    answer_updated = Signal(object)  # AnswerSnapshot, at most once per frame
    answer_finished = Signal(object)  # AnswerSnapshot, final; the store has it too
    retry_scheduled = Signal(str, float, object)  # conversation id, seconds, error json
    retry_cleared = Signal(str)
    stalled = Signal(str, float)  # conversation id, seconds without text (-1: text again)
    fell_back = Signal(object)  # TurnRequest whose shape the server refused (400)
    auth_failed = Signal(str)  # endpoint id
    # TurnRequest (as first sent), parameter: the model refused log-probabilities; the
    # same request went again without them.
    field_dropped = Signal(object, str)
    fewer_answers = Signal(str, int, int)  # conversation id, answers that came, asked (n)
    # By runner key, for every turn (a lab's arms each have a key of their own). The two
    # conversation-level retry signals above are for turns keyed by their conversation.
    key_retry_scheduled = Signal(str, float, object)  # runner key, seconds, error json
    key_retry_cleared = Signal(str)  # runner key
    key_finished = Signal(str)  # runner key

    def __init__(self, store: HistoryStore, *, limit: Callable[[], int] = lambda: DEFAULT_LIMIT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._limit = limit
        self._turns: dict[str, Turn] = {}
        self._limiters: dict[str, tuple[int, asyncio.Semaphore]] = {}
        self._dirty: dict[str, Turn] = {}
        self._frame = QTimer(self, singleShot=True, interval=FRAME_MS)
        self._frame.timeout.connect(self.flush)
        self._background: set[asyncio.Future[Any]] = set()

    def set_store(self, store: HistoryStore) -> None:
        self._store = store

    # Starting, stopping, asking

    def start(self, request: TurnRequest) -> Turn | None:
        """Start a turn, unless one runs under the same key already."""
        if self.running(request.runner_key):
            return None
        turn = Turn(request, self._store, self, self._limiter(request))
        self._turns[turn.key] = turn
        self.turn_started.emit(request.conversation_id)
        turn.start()
        return turn

    def _limiter(self, request: TurnRequest) -> asyncio.Semaphore:
        """One semaphore per endpoint address; a changed limit applies to new turns."""
        limit = max(1, self._limit())
        where = request.client.base_url
        known = self._limiters.get(where)
        if known is None or (known[0] != limit and not self._busy_at(where)):
            known = self._limiters[where] = (limit, asyncio.Semaphore(limit))
        return known[1]

    def _busy_at(self, where: str) -> bool:
        return any(t.request.client.base_url == where for t in self._turns.values())

    def running(self, key: str) -> bool:
        return key in self._turns

    def turn(self, key: str) -> Turn | None:
        return self._turns.get(key)

    @property
    def busy(self) -> bool:
        return bool(self._turns)

    def keys(self) -> list[str]:
        return list(self._turns)

    def live(self, conversation_id: str) -> list[AnswerSnapshot]:
        """The answers streaming in a conversation now (to show it again when the user
        comes back to it)."""
        return [turn.snapshot(mid) for turn in self._turns.values()
                if turn.conversation_id == conversation_id for mid in turn.message_ids]

    def stop(self, key: str) -> None:
        turn = self._turns.get(key)
        if turn is not None:
            turn.stop()

    def stop_all(self, status: Status = Status.STOPPED) -> None:
        for turn in list(self._turns.values()):
            turn.stop(status)

    async def wait(self) -> None:
        """Until every turn running now is over; for shutdown and tests."""
        while self._turns:
            tasks = [t.task for t in self._turns.values() if t.task is not None]
            await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*self._background, return_exceptions=True)

    # TurnSink: what the turns report

    def on_answer_added(self, turn: Turn, snapshot: AnswerSnapshot) -> None:
        self.answer_added.emit(snapshot)

    def on_answer_changed(self, turn: Turn, message_id: str) -> None:
        self._dirty[message_id] = turn
        if not self._frame.isActive():
            self._frame.start()

    def on_answer_finished(self, turn: Turn, snapshot: AnswerSnapshot) -> None:
        self._dirty.pop(snapshot.message_id, None)
        self.answer_finished.emit(snapshot)

    def on_turn_running(self, turn: Turn) -> None:
        self.turn_running.emit(turn.conversation_id)

    def on_retry_scheduled(self, turn: Turn, seconds: float, error: dict[str, Any]) -> None:
        self.key_retry_scheduled.emit(turn.key, seconds, error)
        if turn.key == turn.conversation_id:
            self.retry_scheduled.emit(turn.conversation_id, seconds, error)

    def on_retry_cleared(self, turn: Turn) -> None:
        self.key_retry_cleared.emit(turn.key)
        if turn.key == turn.conversation_id:
            self.retry_cleared.emit(turn.conversation_id)

    def on_stalled(self, turn: Turn, seconds: float | None) -> None:
        self.stalled.emit(turn.conversation_id, -1.0 if seconds is None else seconds)

    def on_fallback(self, turn: Turn) -> None:
        self.fell_back.emit(turn.request)

    def on_field_dropped(self, turn: Turn, parameter: str) -> None:
        self.field_dropped.emit(turn.request, parameter)

    def on_fewer_answers(self, turn: Turn, got: int, asked: int) -> None:
        self.fewer_answers.emit(turn.conversation_id, got, asked)

    def on_auth_failed(self, turn: Turn) -> None:
        self.auth_failed.emit(turn.request.endpoint_id)

    def on_turn_done(self, turn: Turn) -> None:
        if self._turns.get(turn.key) is turn:
            del self._turns[turn.key]
        self.key_finished.emit(turn.key)
        self.turn_finished.emit(turn.conversation_id)
        if not self._turns:  # quiet now: fold the write-ahead log into the file
            wal = asyncio.ensure_future(asyncio.to_thread(self._store.checkpoint_wal))
            self._background.add(wal)
            wal.add_done_callback(self._background.discard)

    def flush(self) -> None:
        dirty, self._dirty = self._dirty, {}
        for message_id, turn in dirty.items():
            self.answer_updated.emit(turn.snapshot(message_id))
