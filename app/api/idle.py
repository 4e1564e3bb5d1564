"""The idle-content clock: how long since the answer last carried text.

A server may hold the connection open with keep-alive comments or empty deltas for
ever; httpx's read timeout never fires because bytes keep coming. :func:`paced` waits
for the next piece of the body without cancelling it, so while waiting it can tell the
window "No text for 30 s" (:class:`Stalled`) and give up at the deadline
(:func:`~app.api.errors.idle_timeout`). It uses the event loop's clock, so tests with
deadlines of a fraction of a second take that long and no longer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

from app.api.read_errors import idle_timeout
from app.domain.events import (
    ContentDelta,
    ReasoningDelta,
    Resumed,
    Stalled,
    StreamEvent,
    ToolCallDelta,
)

_END = object()


def carries_text(event: StreamEvent) -> bool:
    """Whether ``event`` is what the user waits for (whitespace alone is not: some
    servers keep a connection alive with it)."""
    if isinstance(event, ContentDelta | ReasoningDelta):
        return not event.text.isspace()
    if isinstance(event, ToolCallDelta):
        return bool(event.name or (event.arguments and not event.arguments.isspace()))
    return False


class IdleClock:
    def __init__(self, notice: float, deadline: float,
                 clock: Callable[[], float] | None = None) -> None:
        self.notice = notice
        self.deadline = deadline
        self._clock = clock or asyncio.get_running_loop().time
        self._last = self._clock()
        self._stalled = False

    def seen(self, event: StreamEvent) -> Resumed | None:
        """Note an event; a :class:`Resumed` when it ends a reported stall."""
        if not carries_text(event):
            return None
        now = self._clock()
        idle, self._last = now - self._last, now
        if self._stalled:
            self._stalled = False
            return Resumed(idle)
        return None

    def check(self) -> Stalled | None:
        """A :class:`Stalled` once per stall, at the notice; raises at the deadline."""
        idle = self._clock() - self._last
        if idle >= self.deadline:
            raise idle_timeout(self.deadline)
        if not self._stalled and idle >= self.notice:
            self._stalled = True
            return Stalled(idle, self.deadline)
        return None

    def wait(self) -> float:
        """Seconds until :meth:`check` has something new to say."""
        idle = self._clock() - self._last
        due = self.deadline if self._stalled or self.notice >= self.deadline else self.notice
        return min(max(0.0, due - idle), 3600.0)  # math.inf (never) must not reach select()


async def _next(iterator: AsyncIterator[bytes]) -> Any:
    try:
        return await anext(iterator)
    except StopAsyncIteration:
        return _END


async def paced(pieces: AsyncIterator[bytes], clock: IdleClock
                ) -> AsyncGenerator[bytes | Stalled, None]:
    """The pieces of ``pieces``, with a :class:`Stalled` between them when text is late;
    raises :class:`~app.api.errors.IdleTimeout` at the deadline. The read in progress
    runs in its own task so waiting with a timeout never cancels it half-way."""
    pending: asyncio.Task[Any] | None = None
    try:
        while True:
            stall = clock.check()
            if stall is not None:
                yield stall
            if pending is None:
                pending = asyncio.ensure_future(_next(pieces))
            done, _ = await asyncio.wait({pending}, timeout=clock.wait())
            if not done:
                continue
            task, pending = pending, None
            piece = task.result()
            if piece is _END:
                return
            yield piece
    finally:
        if pending is not None:
            pending.cancel()
            await asyncio.wait({pending})
            if not pending.cancelled():
                pending.exception()  # retrieved: the stream is being abandoned
        aclose = getattr(pieces, "aclose", None)
        if aclose is not None:
            await aclose()
