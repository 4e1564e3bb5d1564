"""The window's MCP parts, built and wired in one place: approval cards in the messages,
the per-conversation tool picker in the status bar, the Settings → Tools tab, and the
service's sentences as notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from app.domain.text import Text
from app.services.i18n import tr_text
from app.services.mcp.approval import ApprovalRequest
from app.services.mcp.offers import ToolOffers
from app.services.mcp.service import McpService
from app.ui.message_view import MessageView
from app.ui.navigator import Navigator
from app.ui.notices import Notices
from app.ui.tool_approval import ToolApprovals
from app.ui.tool_picker import ToolPicker


class ToolParts(QObject):
    def __init__(self, mcp: McpService, offers: ToolOffers, *, view: MessageView,
                 navigator: Navigator, notices: Notices, status_bar: QStatusBar,
                 ask_open_path: Callable[[], str], spawn: Callable[[Any, str], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mcp = mcp
        self._notices = notices
        self._ask_open_path = ask_open_path
        self._spawn = spawn
        self.approvals = ToolApprovals(view, navigator, parent=self)
        self.picker = ToolPicker(mcp, offers, navigator, parent=self)
        status_bar.addPermanentWidget(self.picker.widget())
        mcp.approval_requested.connect(self.approvals.on_approval_requested)
        mcp.approval_requested.connect(self.on_approval_requested)
        mcp.notice.connect(self.on_notice)
        mcp.changed.connect(self.picker.refresh)
        navigator.path_shown.connect(self.approvals.on_path_shown)
        navigator.opened.connect(lambda _cid: self.picker.refresh())
        self.tab: Any = None
        self._nav = navigator

    def on_approval_requested(self, request: object) -> None:
        """A question in a conversation out of view: say where it waits."""
        if isinstance(request, ApprovalRequest) and request.conversation_id \
                and request.conversation_id != self._nav.current:
            self._notices.notice(self.tr(
                "A tool of {0} waits for your approval in another conversation.")
                .format(request.server))

    def on_notice(self, text: object) -> None:
        if isinstance(text, Text):
            self._notices.notice(tr_text(text))

    def settings_tab(self) -> QWidget:
        """A new Settings → Tools tab (the dialog owns it)."""
        from app.ui.settings_tools import ToolsTab

        tab = ToolsTab(self.mcp, ask_open_path=self._ask_open_path, spawn=self._spawn)
        self.tab = tab
        return tab

    def apply_settings_tab(self) -> None:
        if self.tab is not None:
            self.tab.apply()
            self.tab = None
