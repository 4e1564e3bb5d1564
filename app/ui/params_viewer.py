"""The parameters that produced an answer, as formatted JSON, with Copy."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.named import named


class ParamsViewer(QDialog):
    def __init__(self, params: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramsViewer")
        self.setWindowTitle(self.tr("Parameters of this answer"))
        self.resize(520, 420)
        self.text = json.dumps(params, ensure_ascii=False, indent=2)
        intro = named(QLabel(self.tr("The request fields exactly as they were posted.")),
                      "paramsIntro")
        view = named(QPlainTextEdit(self.text), "paramsText")
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("Copy"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("copyParams")
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText(self.tr("Copied"))
