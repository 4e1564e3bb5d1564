"""The Undo button in the status bar, offered for a while after a delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPushButton, QStatusBar

from app.ui.named import named

UNDO_MS = 10_000


class UndoBar(QObject):
    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self._bar = status_bar
        self.button = named(QPushButton(self.tr("Undo")), "undoButton")
        self.button.hide()
        status_bar.addPermanentWidget(self.button)
        self._undo: Callable[[], None] | None = None
        self._timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        self._timer.timeout.connect(self._expire)
        self.button.clicked.connect(self.undo)

    def offer(self, text: str, undo: Callable[[], None]) -> None:
        self._undo = undo
        self._bar.showMessage(text, UNDO_MS)
        self.button.show()
        self._timer.start()

    def undo(self) -> None:
        undo, self._undo = self._undo, None
        self._expire()
        self._bar.clearMessage()
        if undo is not None:
            undo()

    def _expire(self) -> None:
        self._timer.stop()
        self.button.hide()
