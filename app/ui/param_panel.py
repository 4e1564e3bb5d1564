"""The parameter side panel (model and system prompt; the sampling fields are added by
the parameter issue)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.models import is_hybrid, is_reasoning, vendor


class ParamPanel(QWidget):
    params_edited = Signal(dict)  # the conversation's parameters (JSON form)
    system_prompt_edited = Signal(str)
    endpoint_chosen = Signal(str)  # endpoint id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramPanel")
        self.model_box = QComboBox(objectName="modelBox")
        self.model_box.setEditable(True)
        self.model_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_box.setAccessibleName(self.tr("Model"))
        completer = QCompleter(self.model_box.model(), self.model_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.model_box.setCompleter(completer)
        self.endpoint_box = QComboBox(objectName="endpointBox")
        self.endpoint_box.setAccessibleName(self.tr("Endpoint"))
        self.endpoint_box.activated.connect(
            lambda _i: self.endpoint_chosen.emit(self.endpoint_box.currentData()))
        self.system_prompt = QPlainTextEdit(objectName="param_system_prompt")
        self.system_prompt.setPlaceholderText(self.tr("System prompt (optional)"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setMaximumHeight(120)
        title = QLabel(self.tr("Parameters"), objectName="panelTitle")
        form = QFormLayout()
        form.addRow(self.tr("Endpoint"), self.endpoint_box)
        form.addRow(self.tr("Model"), self.model_box)
        form.addRow(self.tr("System"), self.system_prompt)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addStretch(1)
        self._params: dict[str, Any] = {}
        self._loading = False
        self._prompt_timer = QTimer(self, singleShot=True, interval=400)
        self._prompt_timer.timeout.connect(
            lambda: self.system_prompt_edited.emit(self.system_prompt.toPlainText()))
        self.system_prompt.textChanged.connect(self._on_prompt)
        self.model_box.currentTextChanged.connect(self._on_model)

    def set_models(self, models: list[str]) -> None:
        current = self.model_box.currentText()
        self._loading = True
        self.model_box.clear()
        for group in sorted({vendor(m) for m in models}):
            for model in sorted(m for m in models if vendor(m) == group):
                marks = []
                if is_reasoning(model):
                    marks.append("reasoning")
                if is_hybrid(model):
                    marks.append("hybrid thinking")
                self.model_box.addItem(model)
                if marks:
                    index = self.model_box.count() - 1
                    self.model_box.setItemData(index, ", ".join(marks),
                                               Qt.ItemDataRole.ToolTipRole)
        self.model_box.setEditText(current)
        self._loading = False

    def set_endpoints(self, endpoints: list[tuple[str, str]], current: str,
                      *, fixed: bool = False) -> None:
        """(id, name) pairs; ``fixed`` when the command line chose the endpoint."""
        self.endpoint_box.clear()
        for endpoint_id, name in endpoints:
            self.endpoint_box.addItem(name, endpoint_id)
        self.endpoint_box.setCurrentIndex(max(0, self.endpoint_box.findData(current)))
        self.endpoint_box.setEnabled(not fixed and len(endpoints) > 1)

    def load(self, params: dict[str, Any], system_prompt: str) -> None:
        self._loading = True
        self._params = dict(params)
        self.model_box.setEditText(str(params.get("model") or ""))
        self.system_prompt.setPlainText(system_prompt)
        self._loading = False

    def _on_model(self, text: str) -> None:
        if self._loading:
            return
        if text.strip():
            self._params["model"] = text.strip()
        else:
            self._params.pop("model", None)
        self.params_edited.emit(dict(self._params))

    def _on_prompt(self) -> None:
        if not self._loading:
            self._prompt_timer.start()

    def flush(self) -> None:
        """Save a pending system-prompt edit now (before a send)."""
        if self._prompt_timer.isActive():
            self._prompt_timer.stop()
            self.system_prompt_edited.emit(self.system_prompt.toPlainText())

    def open_model_list(self) -> None:
        self.model_box.setFocus()
        self.model_box.showPopup()
