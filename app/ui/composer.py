"""The message composer: multi-line, Enter sends and Shift+Enter adds a line (or Ctrl+Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class Composer(QPlainTextEdit):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Message"))
        self.setTabChangesFocus(True)
        self.blocked = False  # sending is not possible now (the reason is shown beside)
        self.set_ctrl_enter_sends(False)

    def set_ctrl_enter_sends(self, value: bool) -> None:
        self.ctrl_enter_sends = value
        if value:
            self.setPlaceholderText(self.tr("Ask anything… (Ctrl+Enter to send)"))
        else:
            self.setPlaceholderText(
                self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)")
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            sends = ctrl if self.ctrl_enter_sends else not (shift or ctrl)
            if sends:
                self.submit()
                return
            if not self.ctrl_enter_sends and shift:
                self.insertPlainText("\n")
                return
        super().keyPressEvent(event)

    def submit(self) -> None:
        text = self.toPlainText()
        if text.strip() and not self.blocked:
            self.submitted.emit(text)
