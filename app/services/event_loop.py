"""The asyncio event loop on Qt's event loop (qasync), with async-generator finalisation.

qasync's ``run_forever`` does not install the async-generator hooks that asyncio's own
loops install (``sys.set_asyncgen_hooks``). Without them a generator abandoned
mid-iteration — httpx's response streams once an SSE stream stops at ``[DONE]`` — is
finalised outside the loop and fails with "async generator ignored GeneratorExit".
Installing the loop's own hooks makes it close them on the loop, as asyncio does.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import qasync
from PySide6.QtCore import QCoreApplication


class _QtLoop(qasync.QEventLoop):  # type: ignore[misc]  # qasync ships no types
    """qasync's loop, without the Qt event processing its ``run_until_complete`` does
    after the loop has stopped: callbacks run there (a task reading an httpx stream)
    find no running loop and fail ("no running event loop", seen at random in tests
    that run the loop step by step). Pending events simply run on the next run."""

    def run_until_complete(self, future: Any) -> Any:
        future = asyncio.ensure_future(future, loop=self)
        future.add_done_callback(self._stop_when_done)
        try:
            self.run_forever()
        finally:
            future.remove_done_callback(self._stop_when_done)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()

    def _stop_when_done(self, _future: Any) -> None:
        self.stop()


def new_event_loop(app: QCoreApplication) -> asyncio.AbstractEventLoop:
    loop: Any = _QtLoop(app)  # asyncio's private hooks are not in its stubs
    sys.set_asyncgen_hooks(
        firstiter=loop._asyncgen_firstiter_hook,
        finalizer=loop._asyncgen_finalizer_hook,
    )
    return cast(asyncio.AbstractEventLoop, loop)


def close_event_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
        loop.close()


@contextmanager
def qt_event_loop(app: QCoreApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The asyncio loop on ``app``'s Qt loop, set as the current loop, closed (with its
    async generators) and unset on the way out: for the app, tests, benchmarks, scripts.

    Closing the last window does not quit ``app`` here: the coroutine that runs decides
    when it is over (a benchmark's window closing ended its loop before its figures)."""
    set_quit = getattr(app, "setQuitOnLastWindowClosed", None)
    if set_quit is not None:
        set_quit(False)
    loop = new_event_loop(app)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        close_event_loop(loop)
        asyncio.set_event_loop(None)
