"""Run Python's cyclic garbage collector on the main thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed:
a worker thread (keyring calls, a test's loopback server) can then destroy an
unreachable Qt object, and Qt objects must be destroyed in their own thread — a timer
freed that way while the GUI thread dispatches timers crashes the process (seen here:
a segfault in ``QTimerInfoList::activateTimers``). As Anki and pyqtgraph do, automatic
collection is turned off and a main-thread timer collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGC(QObject):
    def __init__(self, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, as gc would."""
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0]:
            return
        generation = 0
        if counts[1] > self._thresholds[1]:
            generation = 2 if counts[2] > self._thresholds[2] else 1
        gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()
