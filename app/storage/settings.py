"""Settings that are not secret, in ``settings.json`` in the data folder.

Writes are atomic (a temporary file renamed over the old one). A damaged file is kept
aside and the defaults used, with a message for the user. Keys never come here.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.domain.endpoint import SILICONFLOW, SILICONFLOW_ID, Endpoint
from app.storage.atomic import write_text_atomic

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "zh_CN")
PROXY_MODES = ("system", "none", "url")
SEND_KEYS = ("enter", "ctrl_enter")


@dataclass
class Settings:
    theme: str = "system"
    language: str = "system"
    default_params: dict[str, Any] = field(default_factory=lambda: {
        "model": "Qwen/Qwen3-8B", "stream": True})
    proxy_mode: str = "system"
    proxy_url: str = ""
    connect_timeout: float = 10.0
    read_timeout: float = 300.0
    retry_count: int = 3
    concurrent_requests: int = 4  # requests at once per endpoint; more wait their turn
    send_key: str = "enter"
    fold_thinking: bool = True
    endpoints: list[dict[str, str]] = field(default_factory=list)  # user-added
    active_endpoint: str = SILICONFLOW_ID
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    splitter_state: str = ""
    session_only_keys: bool = False
    # MCP servers in the shape Claude Desktop, Cursor and LM Studio use (hence the name).
    mcpServers: dict[str, Any] = field(default_factory=dict)
    mcp_trusted: list[str] = field(default_factory=list)  # "name:fingerprint" allowed to run
    tool_timeout: float = 60.0  # seconds one MCP tool call may take
    tool_rounds: int = 10  # tool calls answered in a row before the turn stops

    def all_endpoints(self) -> list[Endpoint]:
        out = [SILICONFLOW]
        for item in self.endpoints:
            out.append(Endpoint(item["id"], item["name"], item["base_url"]))
        return out

    def endpoint(self, endpoint_id: str | None) -> Endpoint:
        for item in self.all_endpoints():
            if item.id == endpoint_id:
                return item
        return SILICONFLOW


def _checked(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON; a wrong value falls back to its default, with a log line."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        value, default = data[f.name], getattr(defaults, f.name)
        ok = type(value) is type(default) or (isinstance(default, float)
                                               and isinstance(value, int)
                                               and not isinstance(value, bool))
        choices = {"theme": THEMES, "language": LANGUAGES, "proxy_mode": PROXY_MODES,
                   "send_key": SEND_KEYS}.get(f.name)
        if ok and choices is not None:
            ok = value in choices
        if f.name == "endpoints" and ok:
            ok = all(isinstance(e, dict) and {"id", "name", "base_url"} <= set(e)
                     and all(isinstance(e[k], str) for k in ("id", "name", "base_url"))
                     for e in value)
        if f.name in ("connect_timeout", "read_timeout") and ok:
            ok = value > 0
        if f.name == "retry_count" and ok:
            ok = 0 <= value <= 10
        if f.name == "concurrent_requests" and ok:
            ok = 1 <= value <= 64
        if ok:
            values[f.name] = float(value) if isinstance(default, float) else value
        else:
            log.warning("settings: ignored a bad value for %s", f.name)
    return Settings(**values)


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.moved_aside: Path | None = None  # a damaged file, kept here

    def load(self) -> Settings:
        if not self.path.exists():
            return Settings()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            target = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
            try:
                self.path.rename(target)
                self.moved_aside = target
            except OSError:
                log.exception("settings: could not move the damaged file aside")
            log.error("settings: %s was damaged (%s); using defaults", self.path,
                      type(exc).__name__)
            return Settings()
        return _checked(data)

    def save(self, settings: Settings) -> None:
        write_text_atomic(self.path, json.dumps(asdict(settings), ensure_ascii=False, indent=2))
