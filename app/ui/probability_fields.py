"""The panel's token-probability fields: ``logprobs`` and ``top_logprobs`` (unset by
default, like every field), and a "Show probabilities" switch that sets both
(``top_logprobs`` 5) for the next answers, or unsets both."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from app.domain.logprobs import LOGPROB_FIELDS, SHOWN_TOP
from app.ui.named import field_grid, named, plain_label
from app.ui.tr_noop import QT_TRANSLATE_NOOP

TRISTATE = (("", QT_TRANSLATE_NOOP("ProbabilityFields", "server default")),
            ("true", QT_TRANSLATE_NOOP("ProbabilityFields", "on")),
            ("false", QT_TRANSLATE_NOOP("ProbabilityFields", "off")))


class ProbabilityFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = field_grid(self)
        self.switch = named(QCheckBox(self.tr("Show probabilities")), "showProbabilities")
        self.switch.setToolTip(self.tr(
            "Ask for each token's probability and its 5 likeliest alternatives "
            "(logprobs, top_logprobs) in the next answers. Endpoints that do not send them "
            "answer as usual."))
        self.logprobs = named(QComboBox(), "param_logprobs")
        for value, text in TRISTATE:
            self.logprobs.addItem(self.tr(text), value)
        self.logprobs.setAccessibleName(self.tr("Token probabilities"))
        self.logprobs.setToolTip(LOGPROB_FIELDS[0])  # the API's own names for the fields
        self.top = named(QLineEdit(), "param_top_logprobs")
        self.top.setPlaceholderText(self.tr("unset"))
        self.top.setAccessibleName(self.tr("Alternatives per token"))
        self.top.setToolTip(LOGPROB_FIELDS[1])
        self.top.setClearButtonEnabled(True)
        self.error = plain_label("", "error_top_logprobs")
        self.error.hide()
        grid.addWidget(self.switch, 0, 0, 1, 2)
        grid.addWidget(plain_label(self.tr("Token probabilities")), 1, 0)
        grid.addWidget(self.logprobs, 1, 1)
        grid.addWidget(plain_label(self.tr("Alternatives per token")), 2, 0)
        grid.addWidget(self.top, 2, 1)
        grid.addWidget(self.error, 3, 0, 1, 2)
        self._writing = False
        self.switch.toggled.connect(self._switched)
        self.logprobs.currentIndexChanged.connect(lambda _i: self._edited())
        self.top.textChanged.connect(lambda _t: self._edited())

    def _switched(self, on: bool) -> None:
        if self._writing:
            return
        self._writing = True
        self.logprobs.setCurrentIndex(self.logprobs.findData("true" if on else ""))
        self.top.setText(str(SHOWN_TOP) if on else "")
        self._writing = False
        self.changed.emit()

    def _edited(self) -> None:
        if self._writing:
            return
        self._sync_switch()
        self.changed.emit()

    def _sync_switch(self) -> None:
        params, _ = self.read()
        on = params.get("logprobs") is True and bool(params.get("top_logprobs"))
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)

    def read(self) -> tuple[dict[str, Any], dict[str, str]]:
        params: dict[str, Any] = {}
        problems: dict[str, str] = {}
        value = self.logprobs.currentData()
        if value:
            params["logprobs"] = value == "true"
        text = self.top.text().strip()
        if text:
            try:
                params["top_logprobs"] = int(text)
            except ValueError:
                problems["top_logprobs"] = self.tr(
                    "must be a whole number; “{0}” is not.").format(text)
        return params, problems

    def write(self, params: dict[str, Any]) -> None:
        self._writing = True
        value = params.get("logprobs")
        self.logprobs.setCurrentIndex(self.logprobs.findData(
            "" if value is None else ("true" if value else "false")))
        top = params.get("top_logprobs")
        self.top.setText("" if top is None else str(top))
        self._writing = False
        self._sync_switch()

    def show_problems(self, problems: dict[str, str]) -> None:
        self.error.setText(problems.get("top_logprobs", problems.get("logprobs", "")))
        self.error.setVisible("top_logprobs" in problems or "logprobs" in problems)
