"""Progress of long work in a worker thread (import, export): a bar with a count in the
status bar, and Cancel. The worker reports through :meth:`report` from its own thread;
the bar follows on the GUI thread (a queued signal), so the window stays responsive."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from app.ui.named import named


class Cancelled(Exception):
    """The user pressed Cancel; the work undoes what it did."""


class TaskProgress(QObject):
    _reported = Signal(int, int)  # done, total (0: not known yet)

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.label = named(QLabel(), "taskLabel")
        self.bar = named(QProgressBar(), "taskProgress")
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = named(QPushButton(self.tr("Cancel")), "taskCancel")
        for widget in (self.label, self.bar, self.cancel_button):
            status_bar.addPermanentWidget(widget)
            widget.hide()
        self._cancel = threading.Event()
        self._reported.connect(self._show)
        self.cancel_button.clicked.connect(self._cancel.set)

    def start(self, text: str) -> None:
        self._cancel.clear()
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until a count is known
        for widget in (self.label, self.bar, self.cancel_button):
            widget.show()

    def report(self, done: int, total: int) -> None:
        """From any thread: ``done`` of ``total``; raises :class:`Cancelled` after
        Cancel."""
        if self._cancel.is_set():
            raise Cancelled
        self._reported.emit(done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _show(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{done} / {total}")

    def finish(self) -> None:
        for widget in (self.label, self.bar, self.cancel_button):
            widget.hide()
