"""MCP servers as configured: the ``mcpServers`` object of ``settings.json``.

The shape is the one Claude Desktop, Cursor and LM Studio use, so an existing
``mcp.json`` can be pasted in: ``{"name": {"command", "args", "env", "cwd"}}`` for a
program spoken to over stdio, ``{"name": {"url", "headers"}}`` for a streamable-HTTP
server; with Cline's ``disabled`` and ``autoApprove`` and our ``offerByDefault``.

Values of ``env`` and ``headers`` are secrets: the file holds :data:`IN_KEYRING` in their
place and the keyring holds the values (see :mod:`app.services.mcp.secrets`). Plain data,
no Qt, no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from app.domain.text import Text, translate

IN_KEYRING = "<keyring>"  # what the file holds for a value kept in the keyring
SEPARATOR = "__"
NAME_LIMIT = 64  # the API's function-name rule: ^[a-zA-Z0-9_-]{1,64}$
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class ServerConfig:
    name: str
    command: str = ""
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = ""
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    disabled: bool = False
    auto_approve: tuple[str, ...] = ()
    offer_by_default: bool = True

    @property
    def is_http(self) -> bool:
        return bool(self.url)

    def to_json(self) -> dict[str, Any]:
        """The entry as ``settings.json`` keeps it (secrets already replaced)."""
        out: dict[str, Any] = {}
        if self.is_http:
            out["url"] = self.url
            if self.headers:
                out["headers"] = dict(self.headers)
        else:
            out["command"] = self.command
            out["args"] = list(self.args)
            if self.env:
                out["env"] = dict(self.env)
            if self.cwd:
                out["cwd"] = self.cwd
        if self.disabled:
            out["disabled"] = True
        if self.auto_approve:
            out["autoApprove"] = list(self.auto_approve)
        if not self.offer_by_default:
            out["offerByDefault"] = False
        return out

    def command_line(self) -> str:
        """What runs, as a person reads it (the first-run question shows it whole)."""
        if self.is_http:
            return self.url
        return " ".join(_quoted(part) for part in (self.command, *self.args))

    def fingerprint(self) -> str:
        """Changes whenever what would run changes: the command, its arguments, its
        working directory, the names of its environment (not their values), the URL and
        header names. A trusted server whose fingerprint changed is asked about again."""
        what = [self.command, list(self.args), self.cwd, sorted(self.env), self.url,
                sorted(self.headers)]
        return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:32]


def _quoted(part: str) -> str:
    return part if part and not re.search(r"[\s\"'\\$`]", part) else json.dumps(part)


def _strings(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str | int | float) for k, v in value.items()):
        return None
    return {k: str(v) for k, v in value.items()}


def parse_server(name: str, entry: Any) -> ServerConfig | Text:
    """One entry, or the sentence that says what is wrong with it."""
    if not isinstance(entry, dict):
        return translate("Tools", "{name}: an entry must be an object.").format(name=name)
    if not name.strip():
        return translate("Tools", "A server needs a name.")
    url, command = entry.get("url", entry.get("serverUrl")), entry.get("command")
    if url is not None:
        if not isinstance(url, str) or not re.match(r"^https?://", url):
            return translate("Tools", "{name}: the url must start with http:// or https://.") \
                .format(name=name)
    elif not isinstance(command, str) or not command.strip():
        return translate("Tools", "{name}: give a command or a url.").format(name=name)
    args = entry.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return translate("Tools", "{name}: args must be a list of strings.").format(name=name)
    env = _strings(entry.get("env", {}))
    headers = _strings(entry.get("headers", {}))
    if env is None or headers is None:
        return translate("Tools", "{name}: env and headers must map names to strings.") \
            .format(name=name)
    auto = entry.get("autoApprove", [])
    if not isinstance(auto, list) or not all(isinstance(a, str) for a in auto):
        return translate("Tools", "{name}: autoApprove must be a list of tool names.") \
            .format(name=name)
    cwd = entry.get("cwd", "")
    return ServerConfig(
        name=name, command=str(command or "") if url is None else "",
        args=tuple(args) if url is None else (), env=env if url is None else {},
        cwd=cwd if isinstance(cwd, str) and url is None else "",
        url=url or "", headers=headers if url is not None else {},
        disabled=entry.get("disabled") is True, auto_approve=tuple(auto),
        offer_by_default=entry.get("offerByDefault") is not False)


def parse_servers(data: Any) -> tuple[list[ServerConfig], list[Text]]:
    """Every usable entry of ``mcpServers``, and a sentence per entry left out."""
    if not isinstance(data, dict):
        return [], []
    servers: list[ServerConfig] = []
    problems: list[Text] = []
    for name, entry in data.items():
        parsed = parse_server(str(name), entry)
        if isinstance(parsed, Text):
            problems.append(parsed)
        else:
            servers.append(parsed)
    return servers, problems


def parse_mcp_json(text: str) -> tuple[list[ServerConfig], list[Text]]:
    """A pasted or imported ``mcp.json``: ``{"mcpServers": {...}}`` or the inner object."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return [], [translate("Tools", "This is not JSON.")]
    if isinstance(data, dict) and isinstance(data.get("mcpServers"), dict):
        data = data["mcpServers"]
    elif isinstance(data, dict) and isinstance(data.get("servers"), dict):  # VS Code's shape
        data = data["servers"]
    if not isinstance(data, dict):
        return [], [translate("Tools", "Expected an object of servers.")]
    return parse_servers(data)


def api_tool_name(server: str, tool: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """``server__tool`` in the API's name rule (64 characters of ``[A-Za-z0-9_-]``),
    made unique against ``taken`` with a short hash when it had to be cut or cleaned."""
    plain = f"{_UNSAFE.sub('_', server)}{SEPARATOR}{_UNSAFE.sub('_', tool)}"
    if len(plain) <= NAME_LIMIT and plain not in taken and plain == f"{server}{SEPARATOR}{tool}":
        return plain
    digest = hashlib.sha256(f"{server}\0{tool}".encode()).hexdigest()[:8]
    name = f"{plain[:NAME_LIMIT - 9]}_{digest}"
    return name if name not in taken else f"{plain[:NAME_LIMIT - 17]}_{digest}{len(taken):08x}"
