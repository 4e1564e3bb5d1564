"""The parts of a message widget: plain labels, growing read-only text, the thinking
block and a tool-call card."""

from __future__ import annotations

import contextlib
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.chat import ToolCall
from app.ui.named import named, plain_label

__all__ = ["plain_label"]  # the message widget's labels come from here too


class _GrowingText(QPlainTextEdit):
    """Read-only plain text that grows to its content (reasoning, tool arguments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._shown = ""

    def show_text(self, text: str) -> None:
        if text.startswith(self._shown):
            if len(text) > len(self._shown):
                cursor = self.textCursor()
                cursor.movePosition(cursor.MoveOperation.End)
                cursor.insertText(text[len(self._shown):])
        else:
            self.setPlainText(text)
        self._shown = text

    def _fit(self) -> None:
        lines = self.document().size().height()  # in lines for QPlainTextEdit
        height = int(lines * self.fontMetrics().lineSpacing()) + 12
        self.setFixedHeight(min(height, 480))
        if height > 480:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


class ThinkingBlock(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = named(QToolButton(), "thinkingToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.text = _GrowingText()
        self.text.setObjectName("thinkingText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text)
        self.toggle.toggled.connect(self.set_open)
        self.set_open(True)

    def set_open(self, open_: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(open_)
        self.toggle.blockSignals(False)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.text.setVisible(open_)

    @property
    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_label(self, seconds: float | None, live: bool) -> None:
        n = round(seconds or 0)
        if live:
            self.toggle.setText(self.tr("Thinking… {0} s").format(n))
        elif seconds is not None and seconds < 1:
            self.toggle.setText(self.tr("Thought for less than a second"))
        else:
            self.toggle.setText(self.tr("Thought for {0} s").format(n))


class ToolCallCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolCallCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = plain_label()
        self.name.setObjectName("toolCallName")
        self.arguments = _GrowingText()
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.arguments)

    def show_call(self, call: ToolCall, final: bool) -> None:
        self.name.setText(self.tr("Tool call: {0}").format(call.name or "…"))
        text = call.arguments
        if final:
            with contextlib.suppress(ValueError):
                text = json.dumps(json.loads(call.arguments), ensure_ascii=False, indent=2)
        self.arguments.show_text(text)
