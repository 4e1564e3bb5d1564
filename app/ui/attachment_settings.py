"""Settings → Attachments: the size images are sent at, how many images a conversation
sends again, and how much text one file may bring."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QWidget

from app.storage.settings import Settings
from app.ui.named import named


class AttachmentSettings(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = named(QSpinBox(), "settingImageSide")
        self.side.setRange(256, 8192)
        self.side.setSingleStep(256)
        self.side.setSuffix(self.tr(" px"))
        self.side.setValue(settings.image_side)
        self.images = named(QSpinBox(), "settingImagesSent")
        self.images.setRange(0, 1000)
        self.images.setSpecialValueText(self.tr("All"))
        self.images.setValue(settings.images_sent)
        self.text = named(QSpinBox(), "settingFileText")
        self.text.setRange(1, 10_000)
        self.text.setSingleStep(50)
        self.text.setSuffix(self.tr(" KB"))
        self.text.setValue(settings.file_text_kb)
        form = QFormLayout(self)
        form.addRow(self.tr("Longest side of a sent image"), self.side)
        form.addRow(self.tr("Images sent again with the history"), self.images)
        form.addRow(self.tr("Text per attached file, at most"), self.text)
        note = QLabel(self.tr(
            "Images are downscaled and stripped of their metadata (such as the GPS position) "
            "before they are sent and stored. Older images beyond the number above are named "
            "in the request instead of sent again, which saves tokens."))
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        form.addRow(note)

    def values(self) -> dict[str, Any]:
        return {"image_side": self.side.value(), "images_sent": self.images.value(),
                "file_text_kb": self.text.value()}
