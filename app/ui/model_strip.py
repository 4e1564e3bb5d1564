"""Under the model box: when the endpoint's list was fetched, Refresh, and Details (the
model's capability table)."""

from __future__ import annotations

import time

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.named import named


class ModelStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The sentence above its buttons: side by side they made the panel wider than its
        # column (its right edge was cut off at a 1280-pixel window).
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        self.fetched = named(QLabel(), "modelsFetched")
        self.fetched.setTextFormat(Qt.TextFormat.PlainText)
        self.fetched.setWordWrap(True)
        self.refresh = named(QPushButton(self.tr("Refresh")), "refreshModelsButton")
        self.refresh.setToolTip(self.tr("Fetch the endpoint's model list again"))
        self.details = named(QPushButton(self.tr("Details…")), "modelDetailsButton")
        self.details.setToolTip(self.tr("What this model takes: thinking, vision, tools, "
                                        "JSON mode, context length"))
        column.addWidget(self.fetched)
        row.addWidget(self.refresh)
        row.addWidget(self.details)
        row.addStretch(1)
        column.addLayout(row)

    def set_fetched(self, when: float | None, *, loading: bool = False) -> None:
        if loading:
            self.fetched.setText(self.tr("Fetching the model list…"))
        elif when is None:
            self.fetched.setText(self.tr("Model list not fetched yet"))
        else:
            stamp = QDateTime.fromSecsSinceEpoch(int(when))
            today = time.localtime(when)[:3] == time.localtime()[:3]
            shown = stamp.toString("HH:mm" if today else "yyyy-MM-dd HH:mm")
            self.fetched.setText(self.tr("Models fetched {0}").format(shown))
        self.refresh.setEnabled(not loading)
