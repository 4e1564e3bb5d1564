"""Under the model box: when the endpoint's list was fetched, Refresh, and Details (the
model's capability table)."""

from __future__ import annotations

import time

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.named import named


class ModelStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.fetched = named(QLabel(), "modelsFetched")
        self.fetched.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh = named(QPushButton(self.tr("Refresh")), "refreshModelsButton")
        self.refresh.setToolTip(self.tr("Fetch the endpoint's model list again"))
        self.details = named(QPushButton(self.tr("Details…")), "modelDetailsButton")
        self.details.setToolTip(self.tr("What this model takes: thinking, vision, tools, "
                                        "JSON mode, context length"))
        row.addWidget(self.fetched, 1)
        row.addWidget(self.refresh)
        row.addWidget(self.details)

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
