"""The parameter side panel: every request field, presets, the request preview and chart.

The panel sends exactly what it shows: unset fields are not sent, and a value that is
out of range is reported, never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.logprobs import TokenLogprob, candidates
from app.domain.models import is_hybrid, is_reasoning, vendor
from app.domain.validation import validate_params
from app.services.i18n import field_problem, tr_text
from app.services.snippets import as_curl, as_javascript, as_python
from app.services.turns import params_from_conversation
from app.ui.distribution_chart import DistributionChart
from app.ui.extra_fields import ExtraFields
from app.ui.model_strip import ModelStrip
from app.ui.named import named
from app.ui.param_fields import ParamFields
from app.ui.probability_fields import ProbabilityFields
from app.ui.token_view import shown

PREVIEW_CHARS = 8000


class ParamPanel(QScrollArea):
    params_edited = Signal(dict)  # the conversation's parameters (JSON form)
    system_prompt_edited = Signal(str)
    endpoint_chosen = Signal(str)  # endpoint id
    use_as_default = Signal(dict)
    presets_changed = Signal(dict)  # name → params
    copied = Signal(str)  # what was copied, for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramPanel")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = named(QWidget(), "paramBody")
        self.setWidget(body)
        self.endpoint_box = named(QComboBox(), "endpointBox")
        self.endpoint_box.setAccessibleName(self.tr("Endpoint"))
        self.endpoint_box.activated.connect(
            lambda _i: self.endpoint_chosen.emit(self.endpoint_box.currentData()))
        self.model_box = named(QComboBox(), "modelBox")
        self.model_box.setEditable(True)
        self.model_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_box.setAccessibleName(self.tr("Model"))
        completer = QCompleter(self.model_box.model(), self.model_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.model_box.setCompleter(completer)
        self.model_note = named(QLabel(), "modelNote")
        self.model_note.setTextFormat(Qt.TextFormat.PlainText)
        self.system_prompt = named(QPlainTextEdit(), "param_system_prompt")
        self.system_prompt.setPlaceholderText(self.tr("System prompt (optional)"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setMaximumHeight(90)
        self.fields = ParamFields()
        self.extra = ExtraFields()
        self.model_strip = ModelStrip()
        # Set by the window's ModelFlow: the model's notes and the fields it does not take
        # (with why), from its capability table; the tooltip marks of each listed model.
        self.describe_model: Callable[[str], tuple[list[str], dict[str, str]]] | None = None
        self.model_marks: Callable[[str], list[str]] | None = None
        self.chart = DistributionChart()
        self.probabilities = ProbabilityFields()
        self.chart_title = named(QLabel(self.tr("Next-token distribution (example)")),
                                 "chartTitle")
        self.chart_title.setTextFormat(Qt.TextFormat.PlainText)
        self.chart_title.setWordWrap(True)
        self.example_button = named(QPushButton(self.tr("Show the example")), "exampleButton")
        self.example_button.hide()
        self.example_button.clicked.connect(self.show_example_distribution)
        self.preset_box = named(QComboBox(), "presetBox")
        self.preset_box.setAccessibleName(self.tr("Presets"))
        buttons = {}
        for name, text in (("load", self.tr("Load")), ("save", self.tr("Save as…")),
                           ("rename", self.tr("Rename…")), ("delete", self.tr("Delete")),
                           ("default", self.tr("Use as default for new chats")),
                           ("reset", self.tr("Reset to defaults")),
                           ("curl", self.tr("Copy as cURL")),
                           ("python", self.tr("Python")), ("javascript", self.tr("JavaScript"))):
            buttons[name] = named(QPushButton(text), f"{name}Button")
        self.buttons = buttons
        self.preview = named(QPlainTextEdit(), "requestPreview")
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(160)

        layout = QVBoxLayout(body)
        title = named(QLabel(self.tr("Parameters")), "panelTitle")
        layout.addWidget(title)
        form = QFormLayout()
        form.addRow(self.tr("Endpoint"), self.endpoint_box)
        form.addRow(self.tr("Model"), self.model_box)
        form.addRow("", self.model_note)
        form.addRow("", self.model_strip)
        form.addRow(self.tr("System"), self.system_prompt)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.extra)
        layout.addWidget(self.probabilities)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart)
        layout.addWidget(self.example_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(named(QLabel(self.tr("Presets")), "presetTitle"))
        layout.addWidget(self.preset_box)
        presets = QHBoxLayout()
        for name in ("load", "save", "rename", "delete"):
            presets.addWidget(buttons[name])
        layout.addLayout(presets)
        layout.addWidget(buttons["default"])
        layout.addWidget(buttons["reset"])
        layout.addWidget(named(QLabel(self.tr("Request preview (the exact body; key not shown)")),
                               "previewTitle"))
        layout.addWidget(self.preview)
        copy = QHBoxLayout()
        for name in ("curl", "python", "javascript"):
            copy.addWidget(buttons[name])
        layout.addLayout(copy)
        layout.addStretch(1)
        # Combo boxes as wide as the panel, not as their longest model name.
        for box in body.findChildren(QComboBox):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
        # Never narrower than its content: the panel scrolls down, not sideways.
        self.setMinimumWidth(body.minimumSizeHint().width()
                             + self.verticalScrollBar().sizeHint().width() + 4)

        self._params: dict[str, Any] = {}
        self._presets: dict[str, dict[str, Any]] = {}
        self._loading = False
        self.problems: list[str] = []
        self.body: bytes = b""
        self._exact: Callable[[], bytes] | None = None
        self.url = ""
        self.thinking_unsupported: set[str] = set()
        self._prompt_timer = QTimer(self, singleShot=True, interval=400)
        self._prompt_timer.timeout.connect(
            lambda: self.system_prompt_edited.emit(self.system_prompt.toPlainText()))
        self.system_prompt.textChanged.connect(self._on_prompt)
        self.model_box.currentTextChanged.connect(lambda _t: self._on_edit())
        self.fields.changed.connect(self._on_edit)
        self.extra.changed.connect(self._on_edit)
        self.probabilities.changed.connect(self._on_edit)
        buttons["save"].clicked.connect(self.save_preset)
        buttons["load"].clicked.connect(self.load_preset)
        buttons["rename"].clicked.connect(self.rename_preset)
        buttons["delete"].clicked.connect(self.delete_preset)
        buttons["default"].clicked.connect(lambda: self.use_as_default.emit(self.current()))
        buttons["reset"].clicked.connect(self.reset)
        buttons["curl"].clicked.connect(lambda: self._copy(as_curl))
        buttons["python"].clicked.connect(lambda: self._copy(as_python))
        buttons["javascript"].clicked.connect(lambda: self._copy(as_javascript))

    # Models and endpoints

    def set_models(self, models: list[str]) -> None:
        current = self.model_box.currentText()
        self._loading = True
        self.model_box.clear()
        for group in sorted({vendor(m) for m in models}):
            if self.model_box.count():
                self.model_box.insertSeparator(self.model_box.count())  # between vendors
            for model in sorted(m for m in models if vendor(m) == group):
                marks = self.model_marks(model) if self.model_marks else [
                    m for m, on in ((self.tr("reasoning"), is_reasoning(model)),
                                    (self.tr("hybrid thinking"), is_hybrid(model))) if on]
                self.model_box.addItem(f"{model}", model)
                if marks:
                    self.model_box.setItemData(self.model_box.count() - 1, ", ".join(marks),
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

    # Parameters

    def load(self, params: dict[str, Any], system_prompt: str) -> None:
        self._loading = True
        self._params = dict(params)
        self.model_box.setEditText(str(params.get("model") or ""))
        self.system_prompt.setPlainText(system_prompt)
        self.fields.write(params)
        self.extra.write(params)
        self.probabilities.write(params)
        self._loading = False
        self._refresh()

    def current(self) -> dict[str, Any]:
        params, _ = self.fields.read()
        params.update(self.extra.read()[0])
        params.update(self.probabilities.read()[0])
        model = self.model_box.currentText().strip()
        if model:
            params["model"] = model
        return params

    def _on_edit(self) -> None:
        if self._loading:
            return
        self._params = self.current()
        self._refresh()
        self.params_edited.emit(dict(self._params))

    def _refresh(self) -> None:
        params, input_problems = self.fields.read()
        extra, extra_problems = self.extra.read()
        params.update(extra)
        input_problems.update(extra_problems)
        probabilities, probability_problems = self.probabilities.read()
        params.update(probabilities)
        input_problems.update(probability_problems)
        model = self.model_box.currentText().strip()
        checked = params_from_conversation({**params, "model": model or None})
        problems = {p.field: tr_text(p.message) for p in validate_params(checked)}
        problems.update(input_problems)
        self.fields.show_problems(problems)
        self.extra.show_problems(problems)
        self.probabilities.show_problems(problems)
        self.problems = [field_problem(field, why) for field, why in problems.items()]
        self.chart.update_params(params.get("temperature"), params.get("top_k"),
                                 params.get("top_p"), params.get("min_p"))
        if self.describe_model is not None:  # the model's capability table
            notes, not_taken = self.describe_model(model)
            notes += [field_problem(f, why) for f, why in not_taken.items() if f in params]
        else:
            notes = self._guessed_notes(model)
        self.model_note.setText(" · ".join(notes))
        self.model_note.setVisible(bool(notes))

    def _guessed_notes(self, model: str) -> list[str]:
        """Notes from the model's name, for a panel without a capability table."""
        notes = []
        if model and is_reasoning(model):
            notes.append(self.tr("reasoning model"))
        if model and is_hybrid(model):
            notes.append(self.tr("thinking can be switched"))
        if model in self.thinking_unsupported:
            notes.append(self.tr("the endpoint said it does not support enable_thinking"))
        return notes

    def refresh(self) -> None:
        """Notes and problems again (the model's capability table changed)."""
        self._refresh()

    def _on_prompt(self) -> None:
        if not self._loading:
            self._prompt_timer.start()

    def flush(self) -> None:
        """Save a pending system-prompt edit now (before a send)."""
        self.extra.flush()
        if self._prompt_timer.isActive():
            self._prompt_timer.stop()
            self.system_prompt_edited.emit(self.system_prompt.toPlainText())

    def open_model_list(self) -> None:
        self.model_box.setFocus()
        self.model_box.showPopup()

    def reset(self) -> None:
        """Every field unset: the server's defaults apply (the model stays)."""
        model = self.model_box.currentText().strip()
        self.load({"model": model} if model else {}, self.system_prompt.toPlainText())
        self._on_edit()

    # The chart at a token of an answer (issue 17)

    def show_token_distribution(self, token: TokenLogprob) -> None:
        """The real distribution at ``token``, reshaped by the fields as they change."""
        labels, logits, chosen = candidates(token)
        self.chart.show_real(labels, logits, chosen)
        self.chart_title.setText(self.tr(
            "Next-token distribution at “{0}”: the top {1} alternatives the server sent, "
            "renormalised, then temperature, top_k, top_p and min_p in that order").format(
                shown(labels[chosen]), len(labels)))
        self.example_button.show()

    def show_example_distribution(self) -> None:
        self.chart.show_example()
        self.chart_title.setText(self.tr("Next-token distribution (example)"))
        self.example_button.hide()

    # Presets

    def set_presets(self, presets: dict[str, dict[str, Any]]) -> None:
        self._presets = dict(presets)
        chosen = self.preset_box.currentText()
        self.preset_box.clear()
        self.preset_box.addItems(sorted(self._presets))
        index = self.preset_box.findText(chosen)
        self.preset_box.setCurrentIndex(max(0, index))
        for name in ("load", "rename", "delete"):
            self.buttons[name].setEnabled(bool(self._presets))

    def save_preset(self, name: str | None = None) -> None:
        if not name:
            name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Name:"))
            if not ok or not name.strip():
                return
        self._presets[name.strip()] = self.current()
        self.set_presets(self._presets)
        self.preset_box.setCurrentText(name.strip())
        self.presets_changed.emit(dict(self._presets))

    def load_preset(self) -> None:
        params = self._presets.get(self.preset_box.currentText())
        if params is not None:
            self.load(params, self.system_prompt.toPlainText())
            self._on_edit()

    def rename_preset(self, new: str | None = None) -> None:
        old = self.preset_box.currentText()
        if old not in self._presets:
            return
        if not new:
            new, ok = QInputDialog.getText(self, self.tr("Rename preset"), self.tr("Name:"),
                                           text=old)
            if not ok or not new.strip():
                return
        self._presets[new.strip()] = self._presets.pop(old)
        self.set_presets(self._presets)
        self.preset_box.setCurrentText(new.strip())
        self.presets_changed.emit(dict(self._presets))

    def delete_preset(self) -> None:
        if self._presets.pop(self.preset_box.currentText(), None) is not None:
            self.set_presets(self._presets)
            self.presets_changed.emit(dict(self._presets))

    # Preview

    def set_preview(self, url: str, body: bytes,
                    exact: Callable[[], bytes] | None = None) -> None:
        """Shows the body as posted; a very long one is shown cut (laying out one line of
        100,000 characters stalls the window), and Copy always gives all of it (``exact``
        makes it, when what is shown abbreviates inlined images)."""
        self.url, self.body = url, body
        self._exact = exact
        text = body.decode("utf-8")
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + self.tr(
                "\n… (%n more character(s); the copy buttons include them)", "",
                len(text) - PREVIEW_CHARS)
        self.preview.setPlainText(text)

    def _copy(self, render: Any) -> None:
        body = self._exact() if self._exact is not None else self.body
        QGuiApplication.clipboard().setText(render(self.url, body))
        self.copied.emit(self.tr("Copied; put your key where it says <token>."))
