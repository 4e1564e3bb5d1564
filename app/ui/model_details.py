"""A model's capability table, each row with its value and where it came from (the
endpoint, SiliconDesk's list of known models, an error, you), editable: what the user
sets here wins over every other source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.capabilities import FLAGS, NUMBERS, Capabilities, Source
from app.services.models import ModelCatalog
from app.ui.named import named
from app.ui.tr_noop import QT_TRANSLATE_NOOP

LABELS = {
    "reasoning": QT_TRANSLATE_NOOP("ModelDetails", "Reasoning"),
    "hybrid_thinking": QT_TRANSLATE_NOOP("ModelDetails", "Thinking can be switched "
                                                         "(enable_thinking)"),
    "vision": QT_TRANSLATE_NOOP("ModelDetails", "Vision (images)"),
    "tools": QT_TRANSLATE_NOOP("ModelDetails", "Tools (function calls)"),
    "json_mode": QT_TRANSLATE_NOOP("ModelDetails", "JSON mode (response_format)"),
    "seed": QT_TRANSLATE_NOOP("ModelDetails", "Honours seed"),
    "logprobs": QT_TRANSLATE_NOOP("ModelDetails", "Token probabilities (logprobs)"),
    "context_length": QT_TRANSLATE_NOOP("ModelDetails", "Context length (tokens)"),
    "max_output": QT_TRANSLATE_NOOP("ModelDetails", "Longest answer (tokens)"),
}
SOURCES = {
    Source.ENDPOINT: QT_TRANSLATE_NOOP("ModelDetails", "reported by the endpoint"),
    Source.KNOWN: QT_TRANSLATE_NOOP("ModelDetails", "SiliconDesk's list of known models"),
    Source.LEARNED: QT_TRANSLATE_NOOP("ModelDetails", "learned from the endpoint's answers"),
    Source.USER: QT_TRANSLATE_NOOP("ModelDetails", "set by you"),
}


class ModelDetails(QDialog):
    def __init__(self, catalog: ModelCatalog, endpoint_id: str, model: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelDetails")
        self.setWindowTitle(self.tr("Model details"))
        self._catalog, self._endpoint, self._model = catalog, endpoint_id, model
        own = {source: layer for source, layer in catalog.layers(endpoint_id, model)}[Source.USER]
        below = Capabilities()
        for source, layer in catalog.layers(endpoint_id, model):
            if source is not Source.USER:
                below = layer.over(below)
        layout = QVBoxLayout(self)
        title = named(QLabel(model), "modelDetailsName")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        form = QFormLayout()
        self.flags: dict[str, QComboBox] = {}
        self.numbers: dict[str, QLineEdit] = {}
        for name in FLAGS:
            box = named(QComboBox(), f"cap_{name}")
            box.addItem(self._auto(below, name), None)
            box.addItem(self.tr("yes"), True)
            box.addItem(self.tr("no"), False)
            box.setCurrentIndex(max(0, box.findData(getattr(own, name))))
            self.flags[name] = box
            form.addRow(self.tr(LABELS[name]), box)
        for name in NUMBERS:
            edit = named(QLineEdit(), f"cap_{name}")
            value = getattr(own, name)
            edit.setText("" if value is None else str(value))
            edit.setPlaceholderText(self._auto(below, name))
            self.numbers[name] = edit
            form.addRow(self.tr(LABELS[name]), edit)
        layout.addLayout(form)
        note = QLabel(self.tr("“Automatic” uses what the endpoint reports, then SiliconDesk's "
                              "list of known models, then what the endpoint's answers taught."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = named(QLabel(), "modelDetailsError")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _auto(self, below: Capabilities, name: str) -> str:
        value = getattr(below, name)
        source = self._catalog.source_of(self._endpoint, self._model, name)
        if value is None or source is None or source is Source.USER:
            return self.tr("Automatic (unknown)")
        shown = (self.tr("yes") if value is True else self.tr("no") if value is False
                 else f"{value:,}")
        return self.tr("Automatic: {0} ({1})").format(shown, self.tr(SOURCES[source]))

    def chosen(self) -> Capabilities | None:
        """What the user set; ``None`` (and the reason shown) when a number is not one."""
        values: dict[str, object] = {n: box.currentData() for n, box in self.flags.items()}
        for name, edit in self.numbers.items():
            text = edit.text().strip().replace(",", "")
            if not text:
                values[name] = None
            elif text.isdigit() and 0 < int(text) < 1 << 31:
                values[name] = int(text)
            else:
                self.error.setText(self.tr("{0}: must be a whole number of tokens.").format(
                    self.tr(LABELS[name])))
                self.error.show()
                return None
        return Capabilities.from_json({k: v for k, v in values.items() if v is not None})

    def save(self) -> None:
        caps = self.chosen()
        if caps is not None:
            self._catalog.set_user(self._endpoint, self._model, caps)
            self.accept()
