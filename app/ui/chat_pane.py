"""The middle of the window: the message view, the retry and edit banners, the composer."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.render.markdown_html import MarkdownRenderer
from app.ui.attachment_tray import AttachmentTray
from app.ui.composer import Composer
from app.ui.message_view import MessageView
from app.ui.named import named


class Banner(QFrame):
    """A one-line notice with an optional countdown and a button."""

    clicked = Signal()

    def __init__(self, object_name: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton(button_text)
        self.button.setObjectName(f"{object_name}Button")
        self.button.clicked.connect(self.clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self._deadline = 0.0
        self._template = ""
        self._timer = QTimer(self, interval=200)
        self._timer.timeout.connect(self._tick)
        self.hide()

    def add_button(self, object_name: str, text: str) -> QPushButton:
        """A second button, after the first."""
        button = named(QPushButton(text), object_name)
        row = self.layout()
        assert isinstance(row, QHBoxLayout)
        row.addWidget(button)
        return button

    def show_text(self, text: str) -> None:
        self._timer.stop()
        self.label.setText(text)
        self.show()

    def count_down(self, template: str, seconds: float) -> None:
        """``template`` contains ``{0}``, replaced by the seconds left."""
        self._template = template
        self._deadline = time.monotonic() + seconds
        self._tick()
        self._timer.start()
        self.show()

    def _tick(self) -> None:
        left = max(0, math.ceil(self._deadline - time.monotonic()))  # 0.4 s left: "1 s"
        self.label.setText(self._template.format(left))

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()


class ChatPane(QWidget):
    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatArea")
        self.view = MessageView(renderer)
        self.retry_banner = Banner("retryBanner", self.tr("Cancel"))
        self.edit_banner = Banner("editBanner", self.tr("Cancel edit"))
        self.notice = Banner("noticeBanner", self.tr("Dismiss"))
        self.notice.clicked.connect(self.notice.dismiss)
        # Images for a model not known to see them (AttachFlow): send anyway, or pick one.
        self.vision_banner = Banner("visionBanner", self.tr("Send anyway"))
        self.vision_pick = self.vision_banner.add_button("visionPick",
                                                         self.tr("Pick a vision model"))
        self.attachment_tray = AttachmentTray()
        self.composer = Composer()
        self.composer.textChanged.connect(self._fit_composer)
        self._fit_composer()
        self.send_button = named(QPushButton(self.tr("Send")), "sendButton")
        self.send_button.setAccessibleName(self.tr("Send"))
        self.stop_button = named(QPushButton(self.tr("Stop")), "stopButton")
        self.stop_button.setToolTip(self.tr("Stop (Esc)"))
        self.stop_button.hide()
        self.attach_button = named(QToolButton(), "attachButton")
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.setToolTip(self.tr(
            "Attach images, text, code or PDF files (or paste or drop them)"))
        self.send_reason = named(QLabel(), "sendBlockedReason")
        self.send_reason.setTextFormat(Qt.TextFormat.PlainText)
        self.send_reason.setWordWrap(True)
        self.send_reason.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(6)
        layout.addWidget(self.view, 1)
        for banner in (self.notice, self.retry_banner, self.edit_banner, self.vision_banner,
                       self.attachment_tray):
            wrap = QHBoxLayout()
            wrap.setContentsMargins(16, 0, 16, 0)
            wrap.addWidget(banner)
            layout.addLayout(wrap)
        row = QHBoxLayout()
        row.setContentsMargins(16, 0, 16, 0)
        row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        row.addLayout(buttons)
        layout.addLayout(row)
        reason_row = QHBoxLayout()
        reason_row.setContentsMargins(16, 0, 16, 0)
        reason_row.addWidget(self.send_reason, 1)
        # The next prompt's estimated tokens and the model's context (ModelFlow fills it).
        self.token_estimate = named(QLabel(), "tokenEstimate")
        self.token_estimate.setTextFormat(Qt.TextFormat.PlainText)
        self.token_estimate.hide()
        reason_row.addWidget(self.token_estimate, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(reason_row)
        self.send_button.clicked.connect(self.composer.submit)

    def _fit_composer(self) -> None:
        """Grow with the text, from three lines up to ten."""
        lines = max(3, min(10, int(self.composer.document().size().height())))
        line = self.composer.fontMetrics().lineSpacing()
        self.composer.setFixedHeight(lines * line + 22)

    def set_busy(self, busy: bool) -> None:
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)

    def block_send(self, reason: str) -> None:
        """Disable sending and say why (an invalid parameter, no key); '' enables it."""
        self.send_button.setEnabled(not reason)
        self.composer.blocked = bool(reason)
        self.send_reason.setText(reason)
        self.send_reason.setVisible(bool(reason))
