"""The fields of the parameter panel: each shows the server default and can be left unset.

Numbers are typed, not clamped: a value out of range stays as typed and is reported
beside the field (and Send says why it is disabled), never silently changed.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.params import SERVER_DEFAULTS
from app.domain.validation import tool_problems
from app.services.i18n import tr_problem
from app.ui.named import field_grid, named, plain_label
from app.ui.tr_noop import QT_TRANSLATE_NOOP

# (field, label, integer?); labels are translated where shown (context ParamFields).
NUMBERS = (
    ("temperature", QT_TRANSLATE_NOOP("ParamFields", "Temperature"), False),
    ("top_p", QT_TRANSLATE_NOOP("ParamFields", "Top p"), False),
    ("top_k", QT_TRANSLATE_NOOP("ParamFields", "Top k"), True),
    ("min_p", QT_TRANSLATE_NOOP("ParamFields", "Min p"), False),
    ("frequency_penalty", QT_TRANSLATE_NOOP("ParamFields", "Frequency penalty"), False),
    ("max_tokens", QT_TRANSLATE_NOOP("ParamFields", "Max tokens"), True),
    ("n", QT_TRANSLATE_NOOP("ParamFields", "Choices (n)"), True),
    ("thinking_budget", QT_TRANSLATE_NOOP("ParamFields", "Thinking budget"), True),
)
TRISTATE = (("", QT_TRANSLATE_NOOP("ParamFields", "server default")),
            ("true", QT_TRANSLATE_NOOP("ParamFields", "on")),
            ("false", QT_TRANSLATE_NOOP("ParamFields", "off")))

# Templates are API payloads (sent to the model as written); only their titles translate.
TOOL_TEMPLATES = {
    QT_TRANSLATE_NOOP("ParamFields", "Weather lookup"): [{"type": "function", "function": {
        "name": "get_weather", "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "description": "City name, e.g. 北京"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
            "required": ["city"]}}}],
    QT_TRANSLATE_NOOP("ParamFields", "Web search"): [{"type": "function", "function": {
        "name": "web_search", "description": "Search the web and return the top results",
        "parameters": {"type": "object", "properties": {
            "query": {"type": "string"}, "max_results": {"type": "integer"}},
            "required": ["query"]}}}],
}


_plain = plain_label


class ParamFields(QWidget):
    """Every sampling field; ``changed`` carries the JSON form and the input problems."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = field_grid(self)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        row = 0
        for name, label, _integer in NUMBERS:
            edit = named(QLineEdit(), f"param_{name}")
            edit.setPlaceholderText(self.tr("default {0}").format(SERVER_DEFAULTS[name]))
            edit.setAccessibleName(self.tr(label))
            edit.setToolTip(name)  # the API's own name for the field
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(lambda _t: self.changed.emit())
            self.edits[name] = edit
            grid.addWidget(_plain(self.tr(label)), row, 0)
            grid.addWidget(edit, row, 1)
            error = _plain("", f"error_{name}")
            error.hide()
            self.errors[name] = error
            grid.addWidget(error, row + 1, 0, 1, 2)
            row += 2
        self.stream = self._tristate("param_stream", self.tr("Stream"))
        self.enable_thinking = self._tristate("param_enable_thinking", self.tr("Thinking"))
        self.response_format = named(QComboBox(), "param_response_format")
        for value, text in (("", self.tr("server default")), ("text", self.tr("text")),
                            ("json_object", self.tr("JSON object"))):
            self.response_format.addItem(text, value)
        self.response_format.setAccessibleName(self.tr("Response format"))
        self.response_format.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for label, widget in ((self.tr("Stream"), self.stream),
                              (self.tr("Thinking"), self.enable_thinking),
                              (self.tr("Response format"), self.response_format)):
            grid.addWidget(_plain(label), row, 0)
            grid.addWidget(widget, row, 1)
            row += 1
        self.thinking_note = _plain("", "thinkingNote")
        grid.addWidget(self.thinking_note, row, 0, 1, 2)
        row += 1
        self.stops = []
        grid.addWidget(_plain(self.tr("Stop sequences (up to 4)")), row, 0, 1, 2)
        row += 1
        for i in range(4):
            stop = named(QLineEdit(), f"param_stop_{i}")
            stop.setPlaceholderText(self.tr("stop {0}").format(i + 1))
            stop.setAccessibleName(self.tr("Stop sequence {0}").format(i + 1))
            stop.textChanged.connect(lambda _t: self.changed.emit())
            self.stops.append(stop)
            grid.addWidget(stop, row + i // 2, i % 2)
        row += 2
        self.history = named(QLineEdit(), "param_history_limit")
        self.history.setPlaceholderText(self.tr("all messages"))
        self.history.setToolTip(self.tr("How many earlier messages go with each request. The "
                                        "reference page documents 1–10 messages per request."))
        self.history.setAccessibleName(self.tr("Messages sent"))
        self.history.textChanged.connect(lambda _t: self.changed.emit())
        grid.addWidget(_plain(self.tr("Messages sent")), row, 0)
        grid.addWidget(self.history, row, 1)
        row += 1
        self.history_error = _plain("", "error_history_limit")
        self.history_error.hide()
        grid.addWidget(self.history_error, row, 0, 1, 2)
        row += 1
        grid.addWidget(_plain(self.tr("Tools (JSON)")), row, 0)
        self.templates = named(QComboBox(), "toolTemplates")
        self.templates.setAccessibleName(self.tr("Insert a tool template"))
        self.templates.addItem(self.tr("Insert a template…"), None)
        for title in TOOL_TEMPLATES:
            self.templates.addItem(self.tr(title), title)
        self.templates.activated.connect(self._insert_template)
        grid.addWidget(self.templates, row, 1)
        row += 1
        self.tools = named(QPlainTextEdit(), "param_tools")
        self.tools.setPlaceholderText('[{"type": "function", "function": {"name": …}}]')
        self.tools.setAccessibleName(self.tr("Tools (JSON)"))
        self.tools.setMaximumHeight(120)
        self.tools.textChanged.connect(self.changed.emit)
        grid.addWidget(self.tools, row, 0, 1, 2)
        row += 1
        self.tools_error = _plain("", "error_tools")
        self.tools_error.hide()
        grid.addWidget(self.tools_error, row, 0, 1, 2)

    def _tristate(self, name: str, label: str) -> QComboBox:
        box = named(QComboBox(), name)
        box.setAccessibleName(label)
        for value, text in TRISTATE:
            box.addItem(self.tr(text), value)
        box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return box

    def _insert_template(self, index: int) -> None:
        title = self.templates.itemData(index)
        if title:
            current = self.read_tools()[0] or []
            merged = [*current, *TOOL_TEMPLATES[title]] if isinstance(current, list) else \
                TOOL_TEMPLATES[title]
            self.tools.setPlainText(json.dumps(merged, ensure_ascii=False, indent=2))
        self.templates.setCurrentIndex(0)

    # Reading and writing

    def read_tools(self) -> tuple[Any, str]:
        text = self.tools.toPlainText().strip()
        if not text:
            return None, ""
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, self.tr("Tools: not valid JSON ({0}, line {1}).").format(
                exc.msg, exc.lineno)
        except (ValueError, RecursionError):
            return None, self.tr("Tools: the JSON is nested too deeply or too large.")
        problems = tool_problems(value)
        if problems:
            return None, " ".join(tr_problem(p) for p in problems)  # each names its place
        return value, ""

    def read(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(the fields as set, problems by field) — a field that does not parse is reported,
        and the previous value is not kept in its place."""
        params: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, _label, integer in NUMBERS:
            text = self.edits[name].text().strip()
            if not text:
                continue
            try:
                params[name] = int(text) if integer else float(text)
            except ValueError:
                problems[name] = (self.tr("must be a whole number; “{0}” is not.") if integer
                                  else self.tr("must be a number; “{0}” is not.")).format(text)
        for name, box in (("stream", self.stream), ("enable_thinking", self.enable_thinking)):
            value = box.currentData()
            if value:
                params[name] = value == "true"
        if self.response_format.currentData():
            params["response_format"] = self.response_format.currentData()
        stops = [s.text() for s in self.stops if s.text()]
        if stops:
            params["stop"] = stops[0] if len(stops) == 1 else stops
        history = self.history.text().strip()
        if history:
            if history.isdigit() and int(history) > 0:
                params["history_limit"] = int(history)
            else:
                problems["history_limit"] = self.tr(
                    "must be a whole number of messages, 1 or more.")
        tools, tools_problem = self.read_tools()
        if tools_problem:
            problems["tools"] = tools_problem
        elif tools is not None:
            params["tools"] = tools
        return params, problems

    def write(self, params: dict[str, Any]) -> None:
        widgets: list[QWidget] = [*self.edits.values(), self.stream, self.enable_thinking,
                                  self.response_format, *self.stops, self.history, self.tools]
        for widget in widgets:
            widget.blockSignals(True)
        for name, edit in self.edits.items():
            value = params.get(name)
            edit.setText("" if value is None else str(value))
        for name, box in (("stream", self.stream), ("enable_thinking", self.enable_thinking)):
            value = params.get(name)
            box.setCurrentIndex(box.findData("" if value is None else str(bool(value)).lower()))
        self.response_format.setCurrentIndex(
            max(0, self.response_format.findData(params.get("response_format") or "")))
        stop = params.get("stop")
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        for i, edit in enumerate(self.stops):
            edit.setText(stops[i] if i < len(stops) else "")
        limit = params.get("history_limit")
        self.history.setText(str(limit) if limit else "")
        tools = params.get("tools")
        self.tools.setPlainText(json.dumps(tools, ensure_ascii=False, indent=2) if tools else "")
        for widget in widgets:
            widget.blockSignals(False)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self.history_error.setText(problems.get("history_limit", ""))
        self.history_error.setVisible("history_limit" in problems)
        self.tools_error.setText(problems.get("tools", ""))
        self.tools_error.setVisible("tools" in problems)
