"""Settings → Tools: the MCP servers with their state, their ``mcpServers`` JSON (paste
or import an existing ``mcp.json``), and the limits of the tool loop.

Values of ``env`` and ``headers`` show as ``<keyring>`` once stored: a value typed or
pasted here goes to the keyring when the dialog is accepted, never to the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.i18n import tr_text
from app.services.mcp.approval import ApprovalRequest, AskKind
from app.services.mcp.config import ServerConfig, parse_mcp_json, parse_servers
from app.services.mcp.connection import ServerState
from app.services.mcp.service import McpService
from app.ui.named import named


def _plain(text: str, name: str) -> QLabel:
    label = named(QLabel(text), name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ToolsTab(QWidget):
    def __init__(self, mcp: McpService, *, ask_open_path: Callable[[], str],
                 spawn: Callable[[Any, str], object], parent: QWidget | None = None) -> None:
        """``spawn(coroutine, what)``: runs the restart or the save in the background."""
        super().__init__(parent)
        self.setObjectName("toolsTab")
        self._mcp = mcp
        self._ask_open_path = ask_open_path
        self._spawn = spawn
        entries = mcp.entries()
        self.server_list = named(QListWidget(), "mcpServerList")
        self.details = _plain("", "mcpServerDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enabled = named(QCheckBox(self.tr("Enabled")), "mcpServerEnabled")
        self.offer = named(QCheckBox(self.tr("Offer to new chats")), "mcpServerOffer")
        self.restart = named(QPushButton(self.tr("Start again")), "mcpServerRestart")
        self.editor = named(QPlainTextEdit(), "mcpServersJson")
        example = {"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time"]}}}
        self.editor.setPlaceholderText(json.dumps(example))  # an example, not words
        self.editor.setPlainText(json.dumps(entries, ensure_ascii=False, indent=2)
                                 if entries else "")
        self.problem = _plain("", "mcpServersProblem")
        import_button = named(QPushButton(self.tr("Import mcp.json…")), "mcpImport")
        self.timeout = named(QDoubleSpinBox(), "settingToolTimeout")
        self.timeout.setRange(1, 3600)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(mcp.timeout)
        self.rounds = named(QSpinBox(), "settingToolRounds")
        self.rounds.setRange(1, 100)
        self.rounds.setValue(mcp.rounds)

        layout = QVBoxLayout(self)
        layout.addWidget(self.server_list)
        row = QHBoxLayout()
        row.addWidget(self.enabled)
        row.addWidget(self.offer)
        row.addStretch(1)
        row.addWidget(self.restart)
        layout.addLayout(row)
        layout.addWidget(self.details)
        layout.addWidget(_plain(self.tr(
            "Servers as Claude Desktop, Cursor and LM Studio write them (paste your "
            "mcp.json). Values of env and headers are kept in the keyring."), "mcpNote"))
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.problem)
        layout.addWidget(import_button, 0, Qt.AlignmentFlag.AlignRight)
        form = QFormLayout()
        form.addRow(self.tr("Time allowed for one tool call"), self.timeout)
        form.addRow(self.tr("Tool rounds in a row, at most"), self.rounds)
        layout.addLayout(form)

        self.server_list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.enabled.toggled.connect(lambda on: self._edit_selected("disabled", not on))
        self.offer.toggled.connect(lambda on: self._edit_selected("offerByDefault", on))
        self.restart.clicked.connect(self._restart_selected)
        import_button.clicked.connect(self.import_file)
        self.editor.textChanged.connect(self._check)
        self.asks = QVBoxLayout()
        layout.insertLayout(3, self.asks)
        mcp.changed.connect(self.fill)
        mcp.approval_requested.connect(self._on_approval_requested)
        self.fill()

    def _on_approval_requested(self, request: object) -> None:
        """A first run started from here (Start again) is asked here."""
        from app.ui.tool_approval import ApprovalCard

        if isinstance(request, ApprovalRequest) and request.kind is AskKind.FIRST_RUN \
                and not request.conversation_id:
            card = ApprovalCard(request)
            self.asks.addWidget(card)
            request.future.add_done_callback(lambda _f: card.deleteLater())

    # The JSON

    def entries(self) -> dict[str, Any] | None:
        """The servers as edited, or None when the text is not an object of servers."""
        text = self.editor.toPlainText().strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if isinstance(data, dict) and isinstance(data.get("mcpServers"), dict):
            data = data["mcpServers"]
        return data if isinstance(data, dict) else None

    def _set_entries(self, entries: dict[str, Any]) -> None:
        self.editor.setPlainText(json.dumps(entries, ensure_ascii=False, indent=2))

    def _check(self) -> None:
        entries = self.entries()
        if entries is None:
            self.problem.setText(self.tr("This is not a JSON object of servers."))
        else:
            _servers, problems = parse_servers(entries)
            self.problem.setText("\n".join(tr_text(p) for p in problems))
        self.fill()

    def configs(self) -> list[ServerConfig] | None:
        entries = self.entries()
        return None if entries is None else parse_servers(entries)[0]

    def import_file(self) -> None:
        path = self._ask_open_path()
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem.setText(self.tr("Could not read {0}: {1}").format(path, exc))
            return
        servers, problems = parse_mcp_json(text)
        entries = self.entries() or {}
        for config in servers:
            entries[config.name] = config.to_json()
        self._set_entries(entries)
        if problems:
            self.problem.setText("\n".join(tr_text(p) for p in problems))

    # The list

    def fill(self) -> None:
        selected = self._selected_name()
        self.server_list.blockSignals(True)
        self.server_list.clear()
        for config in self.configs() or []:
            item = QListWidgetItem(f"{config.name} — {self._state_text(config)}")
            item.setData(Qt.ItemDataRole.UserRole, config.name)
            self.server_list.addItem(item)
            if config.name == selected:
                self.server_list.setCurrentItem(item)
        self.server_list.blockSignals(False)
        self._show_selected()

    def _state_text(self, config: ServerConfig) -> str:
        if config.disabled:
            return self.tr("disabled")
        conn = self._mcp.connection(config.name)
        state = conn.state if conn is not None else ServerState.STOPPED
        if state is ServerState.STARTING:
            return self.tr("starting…")
        if state is ServerState.READY and conn is not None:
            return self.tr("ready with %n tool(s)", "", len(conn.tools))
        if state is ServerState.FAILED:
            return self.tr("failed")
        return self.tr("not started (starts when a chat first needs it)")

    def _selected_name(self) -> str:
        item = self.server_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _show_selected(self) -> None:
        name = self._selected_name()
        config = next((c for c in self.configs() or [] if c.name == name), None)
        for widget in (self.enabled, self.offer, self.restart):
            widget.setEnabled(config is not None)
        if config is None:
            self.details.clear()
            return
        for box, value in ((self.enabled, not config.disabled),
                           (self.offer, config.offer_by_default)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        conn = self._mcp.connection(name)
        lines = [config.command_line()]
        if conn is not None and conn.error is not None:
            lines.append(tr_text(conn.error))
        elif conn is not None and conn.tools:
            lines.append(", ".join(t.name for t in conn.tools))
        self.details.setText("\n".join(lines))

    def _edit_selected(self, key: str, value: bool) -> None:
        name, entries = self._selected_name(), self.entries()
        if not name or entries is None or not isinstance(entries.get(name), dict):
            return
        entry = dict(entries[name])
        default = key != "disabled"  # disabled: false, offerByDefault: true
        if value == default:
            entry.pop(key, None)
        else:
            entry[key] = value
        entries[name] = entry
        self._set_entries(entries)

    def _restart_selected(self) -> None:
        name = self._selected_name()
        if name and self._mcp.config(name) is not None:
            self._spawn(self._mcp.restart(name), "MCP server start")

    # Accepting

    def apply(self) -> None:
        """Store what the dialog shows (called when it is accepted)."""
        self._mcp.set_limits(self.timeout.value(), self.rounds.value())
        configs = self.configs()
        if configs is not None:
            self._spawn(self._mcp.save_servers(configs), "MCP servers")
