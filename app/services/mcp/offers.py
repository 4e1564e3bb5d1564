"""Which MCP servers (and tools) each conversation is offered, remembered with it.

Kept in the conversation's parameters under ``mcp_tools`` (never sent as a request
field): ``{"servers": [names], "tools_off": {server: [tool names]}}``. A conversation
that has no choice yet gets the servers enabled in Settings whose "offer to new chats"
is on, and keeps that choice from its first turn on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.params import ChatParams
from app.domain.text import Text
from app.services.mcp.service import McpService
from app.services.mcp.tool_loop import McpToolLoop
from app.services.turns import TOOLS_OFFERED
from app.storage.history import HistoryStore


def read_choice(params: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]] | None:
    data = params.get(TOOLS_OFFERED)
    if not isinstance(data, dict):
        return None
    servers = [s for s in data.get("servers", []) if isinstance(s, str)]
    off_data = data.get("tools_off", {})
    off = {k: [t for t in v if isinstance(t, str)] for k, v in off_data.items()
           if isinstance(k, str) and isinstance(v, list)} if isinstance(off_data, dict) else {}
    return servers, off


class ToolOffers:
    def __init__(self, mcp: McpService, store: Callable[[], HistoryStore], *,
                 announce: Callable[[str, str], None], notify: Callable[[Text], None]) -> None:
        """``store``: the history store in use (it is replaced when history is reset)."""
        self._mcp = mcp
        self._store = store
        self._announce = announce
        self._notify = notify

    def choice(self, conversation_id: str) -> tuple[list[str], dict[str, list[str]]]:
        params = self._store().conversation(conversation_id).params if conversation_id else {}
        return read_choice(params) or (self._mcp.offered_by_default(), {})

    def set_choice(self, conversation_id: str, servers: list[str],
                   tools_off: dict[str, list[str]]) -> None:
        store = self._store()
        params = dict(store.conversation(conversation_id).params)
        params[TOOLS_OFFERED] = {"servers": list(servers),
                                 "tools_off": {k: list(v) for k, v in tools_off.items() if v}}
        store.set_params(conversation_id, params)

    def preview(self, conversation_id: str, params: ChatParams) -> ChatParams:
        """``params`` with the tools the conversation's next turn would offer, as far as
        known without starting anything: those of its servers that are running."""
        servers, off = self.choice(conversation_id)
        loop = McpToolLoop(self._mcp, self._store(), servers=servers, tools_off=off,
                           announce=self._announce, notify=self._notify)
        return loop.with_tools_params(params, self._mcp.running_bindings(servers, off))

    def loop_for(self, conversation_id: str) -> McpToolLoop | None:
        """The tool loop of the conversation's next turn (None: no server offered)."""
        if not self._mcp.configs():
            return None
        store = self._store()
        params = store.conversation(conversation_id).params
        if read_choice(params) is None:
            self.set_choice(conversation_id, self._mcp.offered_by_default(), {})
        servers, off = self.choice(conversation_id)
        enabled = {c.name for c in self._mcp.configs() if not c.disabled}
        servers = [s for s in servers if s in enabled]
        if not servers:
            return None
        return McpToolLoop(self._mcp, store, servers=servers, tools_off=off,
                           announce=self._announce, notify=self._notify)
