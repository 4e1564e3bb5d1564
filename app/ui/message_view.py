"""The message view: the shown branch of a conversation, newest at the bottom.

Long conversations open at the end at once (the last page of messages) and load earlier
messages as the user scrolls up. While an answer streams the view follows it, unless the
user has scrolled up to read; scrolling back to the bottom resumes following.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.history import Message
from app.render.markdown_html import MarkdownRenderer
from app.render.math_typeset import MathTypesetter
from app.services.turn import AnswerSnapshot
from app.ui.message_widget import MessageWidget
from app.ui.named import named

PAGE = 30
MAX_WIDTH = 880


class MessageView(QScrollArea):
    action = Signal(object)  # MessageCommand
    link_clicked = Signal(QUrl)

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.renderer = renderer
        self.typesetter = MathTypesetter()  # one cache for every message
        self.fold_thinking = True
        self._container = named(QWidget(), "messageContainer")
        outer = QHBoxLayout(self._container)
        outer.setContentsMargins(24, 16, 24, 16)
        column = named(QWidget(), "messageColumn")
        column.setMaximumWidth(MAX_WIDTH)  # lines stay readable on wide windows
        outer.addWidget(column)
        self._layout = QVBoxLayout(column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self.empty = named(QLabel(), "emptyState")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self.setWidget(self._container)
        self.widgets: dict[str, MessageWidget] = {}
        self._path: list[Message] = []
        self._siblings: dict[str, tuple[int, int]] = {}
        self._first = 0  # index in _path of the first message shown
        self._follow = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.tick)
        self.set_empty_text("")

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(not self.widgets and bool(text))

    # Whole branch

    def show_path(self, path: list[Message], siblings: dict[str, tuple[int, int]]) -> None:
        for widget in self.widgets.values():
            # Keep Qt's ownership until deleteLater runs on this thread.
            self._layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.widgets.clear()
        self._path = list(path)
        self._siblings = siblings
        self._first = max(0, len(path) - PAGE)
        for message in self._path[self._first:]:
            self._append(message)
        self._follow = True
        self.empty.setVisible(not self.widgets and bool(self.empty.text()))
        QTimer.singleShot(0, self.scroll_to_bottom)

    def _make(self, message: Message) -> MessageWidget:
        widget = MessageWidget(message, self.renderer, fold_thinking=self.fold_thinking,
                               siblings=self._siblings.get(message.id, (1, 1)),
                               typesetter=self.typesetter)
        widget.action.connect(self.action)
        widget.link_clicked.connect(self.link_clicked)
        self.widgets[message.id] = widget
        return widget

    def _append(self, message: Message) -> MessageWidget:
        widget = self._make(message)
        self._layout.insertWidget(self._layout.count() - 2, widget)  # before empty + stretch
        return widget

    def _load_earlier(self) -> None:
        if self._first == 0:
            return
        start = max(0, self._first - PAGE)
        bar = self.verticalScrollBar()
        before = bar.maximum()
        for offset, message in enumerate(self._path[start:self._first]):
            self._layout.insertWidget(offset, self._make(message))
        self._first = start
        self._container.adjustSize()
        # Keep the message the user was reading where it was.
        QTimer.singleShot(0, lambda: bar.setValue(bar.value() + bar.maximum() - before))

    # Streaming

    def add_message(self, message: Message, siblings: tuple[int, int] = (1, 1)) -> MessageWidget:
        self._path.append(message)
        self._siblings[message.id] = siblings
        self.empty.hide()
        widget = self._append(message)
        if not self._tick.isActive():
            self._tick.start()
        return widget

    def update_live(self, live: AnswerSnapshot) -> None:
        widget = self.widgets.get(live.message_id)
        if widget is not None:
            widget.show_live(live)
            if not self._tick.isActive():
                self._tick.start()

    def finish(self, message: Message) -> None:
        widget = self.widgets.get(message.id)
        if widget is not None:
            widget.live = None
            widget.show_message(message)
        if not any(w.live is not None for w in self.widgets.values()):
            self._tick.stop()

    def tick(self) -> None:
        """Refresh the live "Thinking… N s" labels once a second."""
        now = time.monotonic()
        for widget in self.widgets.values():
            live = widget.live
            if live is not None and live.thinking and live.thinking_seconds is not None:
                widget.thinking.set_label(live.thinking_seconds + now - live.taken_at,
                                          live=True)

    # Scrolling

    @property
    def following(self) -> bool:
        return self._follow

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 4
        if value == bar.minimum() and self._first > 0 and bar.maximum() > 0:
            self._load_earlier()

    def _on_range(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)

    def scroll_to_bottom(self) -> None:
        self._follow = True
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def scroll_to_message(self, message_id: str) -> None:
        while message_id not in self.widgets and self._first > 0:
            self._load_earlier()
        widget = self.widgets.get(message_id)
        if widget is not None:
            self._follow = False
            QTimer.singleShot(0, lambda: self.ensureWidgetVisible(widget, 0, 40))
            widget.setProperty("highlight", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
