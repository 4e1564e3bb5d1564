"""Streaming several answers into their views without holding the event loop.

The runner hands over every arm's news in one frame; rendering it all at once holds the
loop for the sum of the columns, and four arms at 2,000 tokens/s each ask more of the
Markdown renderer than one core gives. So each tick renders one answer (round robin),
and at most as much new text as fits a time budget (the chunk adapts to the measured
cost): a column lags behind its stream when the machine cannot keep up, and catches up
when the stream ends; its final state is shown once it has caught up, one column a
tick (four at once held the loop 50 ms). What is stored is
never affected: this is only how fast the screen follows.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.domain.history import Message, Status
from app.services.turn import AnswerSnapshot

TICK_MS = 4
BUDGET_S = 0.006  # rendering per tick
START_CHUNK = 800  # characters
MIN_CHUNK, MAX_CHUNK = 64, 200_000


class LivePacer(QObject):
    def __init__(self, render: Callable[[AnswerSnapshot], None],
                 finish: Callable[[Message], None], *,
                 clock: Callable[[], float] = time.perf_counter,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._render = render
        self._finish = finish
        self._clock = clock
        self._latest: dict[str, AnswerSnapshot] = {}  # message id → newest snapshot
        self._shown: dict[str, int] = {}  # message id → characters on screen
        self._final: dict[str, Message] = {}  # finished, shown once caught up
        self.chunk = START_CHUNK
        self._ticked_now = False  # a final was shown in this turn of the event loop
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.tick)

    def added(self, snapshot: AnswerSnapshot) -> None:
        """The view shows ``snapshot`` already (its first bytes)."""
        self._shown[snapshot.message_id] = len(snapshot.content)

    def update(self, snapshot: AnswerSnapshot) -> None:
        mid = snapshot.message_id
        self._latest.pop(mid, None)  # to the back of the queue
        self._latest[mid] = snapshot
        self._wake()

    def finished(self, message: Message) -> None:
        self._final[message.id] = message
        self._latest.pop(message.id, None)
        self._wake()

    @property
    def idle(self) -> bool:
        return not self._latest and not self._final

    def _wake(self) -> None:
        if not self._timer.isActive():
            self._timer.start()
        if not self._latest and not self._ticked_now:
            # Nothing to catch up on: show a finished answer now, but one a turn of the
            # event loop (arms that end together are not all laid out at once).
            self._ticked_now = True
            QTimer.singleShot(0, self._next_turn)
            self.tick()

    def _next_turn(self) -> None:
        self._ticked_now = False

    def tick(self) -> None:
        if self._latest:
            self._step()
            return
        if self._final:  # one a tick too: a finished column lays out its footer and text
            self._show_final(next(iter(self._final)))
        if self.idle:
            self._timer.stop()

    def _step(self) -> None:
        mid = next(iter(self._latest))
        snapshot = self._latest.pop(mid)
        shown = self._shown.get(mid, 0)
        target = len(snapshot.content)
        cut = min(target, shown + self.chunk)
        started = self._clock()
        self._render(snapshot if cut == target else
                     dataclasses.replace(snapshot, content=snapshot.content[:cut]))
        self._adapt(self._clock() - started, cut - shown)
        self._shown[mid] = cut
        if cut < target:
            self._latest[mid] = snapshot  # more to show: back of the queue
        elif mid in self._final:
            self._show_final(mid)

    def _show_final(self, mid: str) -> None:
        message = self._final.pop(mid)
        shown = self._shown.get(mid, 0)
        if shown < len(message.content):  # catch up first, in budgeted steps
            self._latest[mid] = _as_snapshot(message)
            self._final[mid] = message
            return
        self._finish(message)

    def _adapt(self, elapsed: float, chars: int) -> None:
        if chars <= 0 or elapsed <= 0:
            return
        fitting = int(chars * BUDGET_S / elapsed)
        self.chunk = max(MIN_CHUNK, min(MAX_CHUNK, (self.chunk + fitting) // 2))


def _as_snapshot(message: Message) -> AnswerSnapshot:
    return AnswerSnapshot(
        message_id=message.id, conversation_id=message.conversation_id, choice=0,
        model=message.model, content=message.content, reasoning=message.reasoning_content,
        tool_calls=tuple(message.tool_calls), finish_reason=None, status=Status.STREAMING,
        thinking_seconds=None, thinking=False, taken_at=time.monotonic())
