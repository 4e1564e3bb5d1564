"""Shared fixtures: offscreen Qt, a loopback API server, a qasync event loop."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator

import pytest

# Headless by default, before any Qt import: the README's test command needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.loopback import LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(autouse=True)
def _no_loopback_server_outlives_its_test() -> Iterator[None]:
    """A test that starts a ``LoopbackServer`` stops it (``with LoopbackServer() as s``)."""
    yield
    left = [t.name for t in threading.enumerate() if t.name.startswith("loopback-")]
    assert left == [], f"loopback server threads still running after the test: {left}"


@pytest.fixture(autouse=True, scope="session")
def _collect_on_main_thread() -> Iterator[None]:
    """Garbage is collected on the main thread only (see app.services.main_thread_gc);
    tests also collect after each test, below."""
    import gc

    gc.disable()
    yield
    gc.unfreeze()
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    """Collect the test's garbage, then freeze what survives (the modules, the
    QApplication, caches) so the next test's collection does not scan it all again:
    a full collection over the whole session's heap cost ~0.08 s per UI test."""
    import gc

    yield
    gc.collect()
    gc.freeze()


@pytest.fixture
def qloop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync event loop on the test's QApplication (pytest-qt provides none)."""
    from app.services.event_loop import qt_event_loop

    with qt_event_loop(qapp) as loop:  # type: ignore[arg-type]
        try:
            yield loop
        finally:
            _finish_tasks(loop)


def _finish_tasks(loop: asyncio.AbstractEventLoop, timeout: float = 5.0) -> None:
    """Let the tasks a test leaves behind (a WAL checkpoint, the renderer's warm-up, both
    in worker threads) end before the loop closes, as ``asyncio.run`` does; cancel what
    is still running after ``timeout``. A task the closed loop drops instead is reported
    as "Task was destroyed but it is pending"."""
    pending = asyncio.all_tasks(loop)
    if not pending:
        return
    loop.run_until_complete(asyncio.wait(pending, timeout=timeout))
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
