"""Which MCP servers (and tools) the conversation in view is offered: a button with a
menu of checkable servers, each with its tools once it has run. The choice is stored with
the conversation; a new chat starts from the servers whose "offer to new chats" is on."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.services.mcp.offers import ToolOffers
from app.services.mcp.service import McpService
from app.ui.named import named
from app.ui.navigator import Navigator


class ToolPicker(QObject):
    def __init__(self, mcp: McpService, offers: ToolOffers, navigator: Navigator,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mcp = mcp
        self._offers = offers
        self._nav = navigator
        self.button = named(QToolButton(), "toolPicker")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        self.menu.aboutToShow.connect(self.fill)
        self.refresh()

    def widget(self) -> QWidget:
        return self.button

    def _choice(self) -> tuple[list[str], dict[str, list[str]]]:
        current = self._nav.current
        if current:
            return self._offers.choice(current)
        return self._mcp.offered_by_default(), {}

    def refresh(self) -> None:
        enabled = [c.name for c in self._mcp.configs() if not c.disabled]
        self.button.setVisible(bool(enabled))
        servers, _off = self._choice()
        count = len([s for s in servers if s in enabled])
        self.button.setText(self.tr("Tools: {0}").format(count) if count
                            else self.tr("Tools: off"))

    def fill(self) -> None:
        self.menu.clear()
        servers, off = self._choice()
        for config in self._mcp.configs():
            if config.disabled:
                continue
            action = QAction(config.name, self.menu)
            action.setObjectName(f"offer_{config.name}")
            action.setCheckable(True)
            action.setChecked(config.name in servers)
            action.toggled.connect(lambda on, n=config.name: self.set_server(n, on))
            self.menu.addAction(action)
            conn = self._mcp.connection(config.name)
            if conn is None or not conn.tools or config.name not in servers:
                continue
            for spec in conn.tools:
                tool = QAction("    " + spec.name, self.menu)
                tool.setCheckable(True)
                tool.setChecked(spec.name not in off.get(config.name, []))
                # A server's words: escaped, so a tooltip never renders (or loads) its markup.
                tool.setToolTip(f"<p>{html.escape(spec.description)}</p>")
                tool.toggled.connect(
                    lambda on, n=config.name, t=spec.name: self.set_tool(n, t, on))
                self.menu.addAction(tool)

    def set_server(self, name: str, offered: bool) -> None:
        current = self._nav.ensure_conversation()
        servers, off = self._offers.choice(current)
        servers = [s for s in servers if s != name] + ([name] if offered else [])
        self._offers.set_choice(current, servers, off)
        self.refresh()

    def set_tool(self, server: str, tool: str, offered: bool) -> None:
        current = self._nav.ensure_conversation()
        servers, off = self._offers.choice(current)
        tools = [t for t in off.get(server, []) if t != tool] + ([] if offered else [tool])
        self._offers.set_choice(current, servers, {**off, server: tools})
