"""The settings row that says who writes conversation titles."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.ui.named import named


class TitleSettings(QWidget):
    def __init__(self, mode: str, model: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = named(QComboBox(), "settingTitleMode")
        for value, text in (("off", self.tr("Off: the first words")),
                            ("conversation", self.tr("The conversation's model")),
                            ("model", self.tr("This model:"))):
            self.mode.addItem(text, value)
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.mode.setAccessibleName(self.tr("Titles"))
        self.model = named(QLineEdit(model), "settingTitleModel")
        self.model.setPlaceholderText(self.tr("a small, cheap model of the same endpoint"))
        self.model.setAccessibleName(self.tr("Title model"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mode)
        row.addWidget(self.model, 1)
        self.mode.currentIndexChanged.connect(lambda _i: self._sync())
        self._sync()

    def _sync(self) -> None:
        self.model.setEnabled(self.mode.currentData() == "model")

    def mode_value(self) -> str:
        """The ``title_mode`` setting as chosen."""
        return str(self.mode.currentData())

    def model_value(self) -> str:
        return self.model.text().strip()
