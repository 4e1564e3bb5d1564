"""The MCP servers of the app: configured in Settings, started when first needed,
stopped on quit, and asked before anything runs.

A server runs only after the user allowed its first run (its command line and the names
of its environment shown whole; asked again when they change), and each call of a tool
not in its ``autoApprove`` waits for the user. Servers are never added from a link or
from model output: only :meth:`McpService.save_servers` (the Settings dialog) adds them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.domain.text import Text, translate
from app.services.keys import KeyService
from app.services.mcp.approval import ApprovalRequest, AskKind, Decision
from app.services.mcp.config import IN_KEYRING, ServerConfig, api_tool_name, parse_servers
from app.services.mcp.connection import (
    ServerConnection,
    ServerFailed,
    ServerState,
    ToolOutcome,
    ToolSpec,
)
from app.services.settings_service import SettingsService
from app.storage.secrets import SecretsError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
DEFAULT_ROUNDS = 10


@dataclass(frozen=True)
class ToolBinding:
    """An MCP tool as the model sees it: ``api_name`` in the request's ``tools``."""

    api_name: str
    server: str
    spec: ToolSpec

    @property
    def tool(self) -> str:
        return self.spec.name

    def to_api(self) -> dict[str, Any]:
        return {"type": "function", "function": {
            "name": self.api_name,
            "description": self.spec.description[:1024],
            "parameters": self.spec.schema}}


class ServerDeclined(Exception):
    """The user did not allow a server's first run."""


def secret_account(server: str, where: str, name: str) -> str:
    return f"mcp:{server}:{where}:{name}"


class McpService(QObject):
    changed = Signal()  # the list of servers, or a server's state
    approval_requested = Signal(object)  # ApprovalRequest
    notice = Signal(object)  # Text

    def __init__(self, settings: SettingsService, keys: KeyService,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._keys = keys
        self._connections: dict[str, ServerConnection] = {}
        self._asking: dict[str, ApprovalRequest] = {}  # first runs being asked, by server
        self._locks: dict[str, asyncio.Lock] = {}

    # What is configured

    def configs(self) -> list[ServerConfig]:
        servers, _problems = parse_servers(self._settings.settings.mcpServers)
        return servers

    def problems(self) -> list[Text]:
        return parse_servers(self._settings.settings.mcpServers)[1]

    def config(self, name: str) -> ServerConfig | None:
        return next((c for c in self.configs() if c.name == name), None)

    def offered_by_default(self) -> list[str]:
        """The servers a new conversation is offered."""
        return [c.name for c in self.configs() if not c.disabled and c.offer_by_default]

    @property
    def timeout(self) -> float:
        value = self._settings.settings.tool_timeout
        return value if 1 <= value <= 3600 else DEFAULT_TIMEOUT

    @property
    def rounds(self) -> int:
        value = self._settings.settings.tool_rounds
        return value if 1 <= value <= 100 else DEFAULT_ROUNDS

    def entries(self) -> dict[str, Any]:
        """``mcpServers`` as stored (secrets replaced by placeholders)."""
        return dict(self._settings.settings.mcpServers)

    def set_limits(self, timeout: float, rounds: int) -> None:
        self._settings.update(tool_timeout=float(timeout), tool_rounds=int(rounds))

    def passes_reasoning(self, model: str) -> bool:
        """The model wants its ``reasoning_content`` back inside a tool loop (learned from
        its 400, kept in the settings so it is not asked again after a restart)."""
        return model in self._settings.settings.reasoning_back

    def learn_passes_reasoning(self, model: str) -> None:
        known = self._settings.settings.reasoning_back
        if model not in known:
            self._settings.update(reasoning_back=[*known, model][-1000:])

    def connection(self, name: str) -> ServerConnection | None:
        return self._connections.get(name)

    def state(self, name: str) -> ServerState:
        conn = self._connections.get(name)
        return conn.state if conn is not None else ServerState.STOPPED

    def is_auto_approved(self, server: str, tool: str) -> bool:
        config = self.config(server)
        return config is not None and tool in config.auto_approve

    def _trusted(self, config: ServerConfig) -> bool:
        return f"{config.name}:{config.fingerprint()}" in self._settings.settings.mcp_trusted

    # Starting

    async def start(self, name: str, conversation_id: str = "") -> ServerConnection:
        """The server running (started now, after its first-run question if it has never
        run as configured). Raises :class:`ServerDeclined` or ``ServerFailed``."""
        config = self.config(name)
        if config is None or config.disabled:
            raise ServerFailed(translate("Tools", "{name} is not an enabled server.")
                               .format(name=name))
        if not self._trusted(config):
            await self._ask_first_run(config, conversation_id)
        async with self._locks.setdefault(name, asyncio.Lock()):  # one process per server
            conn = self._connections.get(name)
            if conn is not None and conn.config != config:  # edited since: start it anew
                await conn.stop()
                conn = None
            if conn is None:
                env, headers = await self._secrets(config)
                conn = ServerConnection(config, env=env, headers=headers,
                                        on_change=self.changed.emit)
                self._connections[name] = conn
            await conn.ensure_started(self.timeout)
            return conn

    async def _ask_first_run(self, config: ServerConfig, conversation_id: str) -> None:
        asking = self._asking.get(config.name)
        if asking is None or not asking.pending:
            asking = ApprovalRequest(
                AskKind.FIRST_RUN, conversation_id, config.name,
                command_line=config.command_line(), env_names=tuple(sorted(config.env)),
                header_names=tuple(sorted(config.headers)))
            self._asking[config.name] = asking
            self.approval_requested.emit(asking)
        decision = await asyncio.shield(asking.future)
        if decision is Decision.DENY:
            raise ServerDeclined(config.name)
        mark = f"{config.name}:{config.fingerprint()}"
        trusted = [t for t in self._settings.settings.mcp_trusted
                   if not t.startswith(f"{config.name}:")]
        if mark not in self._settings.settings.mcp_trusted:
            self._settings.update(mcp_trusted=[*trusted, mark])

    async def _secrets(self, config: ServerConfig) -> tuple[dict[str, str], dict[str, str]]:
        async def filled(where: str, values: dict[str, str]) -> dict[str, str]:
            out: dict[str, str] = {}
            for key, value in values.items():
                if value != IN_KEYRING:
                    out[key] = value
                    continue
                try:
                    out[key] = await self._keys.load(secret_account(config.name, where, key)) \
                        or ""
                except SecretsError as err:
                    self.notice.emit(err.text)
                    out[key] = ""
            return out

        return await filled("env", config.env), await filled("header", config.headers)

    async def bindings(self, conversation_id: str, servers: list[str],
                       tools_off: dict[str, list[str]] | None = None,
                       ) -> tuple[list[ToolBinding], list[Text]]:
        """The tools of ``servers`` (started as needed, side by side), and a sentence for
        each server that could not be offered."""
        off = tools_off or {}
        names = [n for n in servers if (c := self.config(n)) is not None and not c.disabled]
        results = await asyncio.gather(*(self.start(n, conversation_id) for n in names),
                                       return_exceptions=True)
        ready: list[str] = []
        problems: list[Text] = []
        for name, result in zip(names, results, strict=True):
            if isinstance(result, asyncio.CancelledError):
                raise result
            if isinstance(result, ServerDeclined):
                continue
            if isinstance(result, BaseException):
                reason = result.text if isinstance(result, ServerFailed) else str(result)
                problems.append(translate("Tools", "{name} could not start: {reason}")
                                .format(name=name, reason=reason))
                continue
            ready.append(name)
        return self.running_bindings(ready, off), problems

    def running_bindings(self, servers: list[str],
                         tools_off: dict[str, list[str]]) -> list[ToolBinding]:
        """The tools :meth:`bindings` would give now, from the servers already running."""
        out: list[ToolBinding] = []
        taken: set[str] = set()
        for name in servers:
            conn = self._connections.get(name)
            config = self.config(name)
            if conn is None or config is None or config.disabled \
                    or conn.state is not ServerState.READY:
                continue
            for spec in conn.tools:
                if spec.name not in tools_off.get(name, []):
                    api_name = api_tool_name(name, spec.name, taken)
                    taken.add(api_name)
                    out.append(ToolBinding(api_name, name, replace(spec, server=name)))
        return out

    # Calls

    async def approve(self, conversation_id: str, message_id: str, call_id: str,
                      binding: ToolBinding, arguments: str) -> Decision:
        """Ask the user about one call (unless its tool is auto-approved)."""
        if self.is_auto_approved(binding.server, binding.tool):
            return Decision.ALLOW_ONCE
        request = ApprovalRequest(AskKind.CALL, conversation_id, binding.server,
                                  message_id=message_id, call_id=call_id, tool=binding.tool,
                                  arguments=formatted(arguments))
        self.approval_requested.emit(request)
        decision = await request.future
        if decision is Decision.ALWAYS:
            self.always_allow(binding.server, binding.tool)
        return decision

    def always_allow(self, server: str, tool: str) -> None:
        entries = dict(self._settings.settings.mcpServers)
        entry = entries.get(server)
        if not isinstance(entry, dict):
            return
        auto = [t for t in entry.get("autoApprove", []) if isinstance(t, str)]
        if tool not in auto:
            entries[server] = {**entry, "autoApprove": [*auto, tool]}
            self._settings.update(mcpServers=entries)

    async def call(self, binding: ToolBinding, arguments: dict[str, Any]) -> ToolOutcome:
        conn = self._connections.get(binding.server)
        if conn is None:
            return ToolOutcome(str(translate("Tools", "The server is not running.")),
                               is_error=True)
        return await conn.call(binding.tool, arguments, self.timeout)

    # Configuring (the Settings dialog)

    async def save_servers(self, configs: list[ServerConfig]) -> None:
        """Store ``configs`` as ``mcpServers``: values of env and headers to the keyring
        (for this session only when there is none usable), the file keeps placeholders.
        Servers removed or changed are stopped."""
        kept: dict[str, Any] = {}
        new_secrets: set[str] = set()  # servers given a new value: started anew
        for config in configs:
            env = await self._store_secrets(config.name, "env", config.env)
            headers = await self._store_secrets(config.name, "header", config.headers)
            if env != config.env or headers != config.headers:
                new_secrets.add(config.name)
            kept[config.name] = replace(config, env=env, headers=headers).to_json()
        old = {c.name: c for c in self.configs()}
        self._settings.update(mcpServers=kept)
        new = {c.name: c for c in self.configs()}
        for name, conn in list(self._connections.items()):
            if new.get(name) != conn.config or name in new_secrets:
                del self._connections[name]
                await conn.stop()
        for name, config in old.items():
            if name not in new:
                for where, values in (("env", config.env), ("header", config.headers)):
                    for key in values:
                        with contextlib.suppress(SecretsError):
                            await self._keys.forget(secret_account(name, where, key))
        self.changed.emit()

    async def _store_secrets(self, server: str, where: str,
                             values: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in values.items():
            if value == IN_KEYRING:
                out[key] = value
                continue
            account = secret_account(server, where, key)
            try:
                await self._keys.save(account, value, session_only=not self._keys.keyring_usable)
            except SecretsError as err:
                self.notice.emit(err.text)
                await self._keys.save(account, value, session_only=True)
            if not self._keys.keyring_usable:
                self.notice.emit(translate(
                    "Tools", "No usable keyring: the values of {name}'s environment and headers "
                             "are kept for this session only.").format(name=server))
            out[key] = IN_KEYRING
        return out

    async def restart(self, name: str) -> None:
        conn = self._connections.pop(name, None)
        if conn is not None:
            await conn.stop()
        self.changed.emit()
        with contextlib.suppress(ServerFailed, ServerDeclined):
            await self.start(name)

    async def aclose(self) -> None:
        """Stop every server (their process groups), side by side; for quitting."""
        for asking in self._asking.values():
            asking.future.cancel()
        conns, self._connections = list(self._connections.values()), {}
        await asyncio.gather(*(c.stop() for c in conns), return_exceptions=True)


def formatted(arguments: str) -> str:
    try:
        return json.dumps(json.loads(arguments or "{}"), ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):
        return arguments
