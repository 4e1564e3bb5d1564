"""Quit cleanly on SIGINT and SIGTERM while the Qt event loop runs.

Python runs signal handlers only when the interpreter gets control, which it does not
while Qt sits in its C++ event loop. ``signal.set_wakeup_fd`` makes the C-level handler
write to a socket that a ``QSocketNotifier`` watches, so Python wakes at once.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class QuitOnSignals(QObject):
    def __init__(self, on_signal: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _handle(self, signum: int, frame: object) -> None:
        self._on_signal()

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)

    def restore(self) -> None:
        """Put the previous handlers back (at the end of the run, and in tests)."""
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def supported() -> bool:
    return sys.platform != "win32"
