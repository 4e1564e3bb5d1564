"""The panel's "More fields (JSON object)" editor and the ``seed`` field.

What is typed is merged into the request body as typed (it shows in the preview and the
cURL/Python/JS copies); a problem (not JSON, not an object, ``model``/``messages``/
``stream``, a field that has its own control) is said under the editor and blocks Send.
``seed`` is shown where the model's capability table says the endpoint honours it.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.domain.extra_fields import parse_extra
from app.domain.params import EXTRA_BODY
from app.services.i18n import tr_text
from app.ui.named import field_grid, named, plain_label

EXAMPLE = '{"repetition_penalty": 1.05, "chat_template_kwargs": {"enable_thinking": false}}'
SEED = "seed"  # the API's own name for the field
EDIT_MS = 300  # typing JSON passes through invalid states: check after a pause


_label = plain_label


class ExtraFields(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = field_grid(self)
        self.seed_label = _label(self.tr("Seed"))
        self.seed = named(QLineEdit(), "param_seed")
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setAccessibleName(self.tr("Seed"))
        self.seed.setToolTip(SEED)
        self.seed.setClearButtonEnabled(True)
        self.seed_error = _label("", "error_seed")
        grid.addWidget(self.seed_label, 0, 0)
        grid.addWidget(self.seed, 0, 1)
        grid.addWidget(self.seed_error, 1, 0, 1, 2)
        grid.addWidget(_label(self.tr("More fields (JSON object)")), 2, 0, 1, 2)
        self.editor = named(QPlainTextEdit(), "param_extra_body")
        self.editor.setAccessibleName(self.tr("More fields (JSON object)"))
        self.editor.setPlaceholderText(EXAMPLE)
        self.editor.setToolTip(self.tr(
            "Fields the endpoint takes beyond those above, merged into the request body as "
            "typed. model, messages and stream cannot be set here."))
        self.editor.setMaximumHeight(80)
        grid.addWidget(self.editor, 3, 0, 1, 2)
        self.error = _label("", "error_extra_body")
        grid.addWidget(self.error, 4, 0, 1, 2)
        self.seed_error.hide()
        self.error.hide()
        self._timer = QTimer(self, singleShot=True, interval=EDIT_MS)
        self._timer.timeout.connect(self.changed)
        self.editor.textChanged.connect(self._timer.start)
        self.seed.textChanged.connect(lambda _t: self.changed.emit())
        self.set_seed_shown(False)

    def set_seed_shown(self, shown: bool) -> None:
        """Shown where the endpoint honours ``seed`` (and whenever one is set)."""
        shown = shown or bool(self.seed.text().strip())
        for widget in (self.seed_label, self.seed):
            widget.setVisible(shown)

    def read(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(the fields for the stored parameters, problems by field)."""
        params: dict[str, Any] = {}
        problems: dict[str, str] = {}
        seed = self.seed.text().strip()
        if seed:
            try:
                params["seed"] = int(seed)
            except ValueError:
                problems["seed"] = self.tr("must be a whole number; “{0}” is not.").format(seed)
        extra, why = parse_extra(self.editor.toPlainText())
        if why is not None:
            problems[EXTRA_BODY] = tr_text(why)
        elif extra is not None:
            params[EXTRA_BODY] = extra
        return params, problems

    def write(self, params: dict[str, Any]) -> None:
        for widget in (self.seed, self.editor):
            widget.blockSignals(True)
        seed = params.get("seed")
        self.seed.setText("" if seed is None else str(seed))
        extra = params.get(EXTRA_BODY)
        self.editor.setPlainText(json.dumps(extra, ensure_ascii=False, indent=1)
                                 if isinstance(extra, dict) and extra else "")
        for widget in (self.seed, self.editor):
            widget.blockSignals(False)
        self._timer.stop()
        if seed is not None:
            self.set_seed_shown(True)

    def flush(self) -> None:
        """A pending edit of the editor is reported now."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def show_problems(self, problems: dict[str, str]) -> None:
        for label, name in ((self.error, EXTRA_BODY), (self.seed_error, "seed")):
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
