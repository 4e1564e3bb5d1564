from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from app.services.main_thread_gc import MainThreadGC


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle only the collector frees


def test_collection_happens_on_the_main_thread_timer(qtbot: QtBot) -> None:
    collector = MainThreadGC(interval_ms=10)
    try:
        assert not gc.isenabled()
        node = Node()
        ref = weakref.ref(node)
        del node
        for _ in range(800):  # enough allocations to pass generation 0's threshold
            Node()
        qtbot.waitUntil(lambda: ref() is None, timeout=2000)
    finally:
        collector.stop()
        gc.disable()  # the test session keeps automatic collection off
