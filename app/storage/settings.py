"""Settings that are not secret, in ``settings.json`` in the data folder.

Reading is defensive (a size cap, no FIFO or device, any depth of nesting, each field
checked on its own: ``app.storage.settings_check``); a damaged file is kept aside and
the defaults used, with a message for the user. Writing is a merge: only the keys that
changed are written onto the file's current content, atomically, so two windows on one
data folder do not undo each other's changes. A failed write raises a
:class:`StorageError`, never anything untyped. Keys never come here.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.domain.endpoint import SILICONFLOW, SILICONFLOW_ID, Endpoint
from app.domain.text import Text, plain, translate
from app.domain.unicode import scrub
from app.storage.atomic import write_text_atomic
from app.storage.errors import StorageError, settings_error
from app.storage.safe_read import UnsafeFile, read_capped
from app.storage.settings_check import CHECKS, LANGUAGES, PROXY_MODES, SEND_KEYS, THEMES, Bad

log = logging.getLogger(__name__)

MAX_SETTINGS_BYTES = 4 << 20
__all__ = ["LANGUAGES", "PROXY_MODES", "SEND_KEYS", "THEMES", "Settings", "SettingsStore",
           "StorageError"]


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
    endpoints: list[dict[str, Any]] = field(default_factory=list)  # user-added
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
    # Models that answered 400 "reasoning_content … must be passed back" in a tool loop.
    reasoning_back: list[str] = field(default_factory=list)
    title_mode: str = "conversation"  # off | conversation (its own model) | model
    title_model: str = ""  # the model titles are asked of, with title_mode "model"
    image_side: int = 2048  # an attached image's longest side as sent, in pixels
    images_sent: int = 0  # only the newest so many images of a conversation go out; 0: all
    file_text_kb: int = 200  # of text per attached file

    def all_endpoints(self) -> list[Endpoint]:
        out = [SILICONFLOW]
        for item in self.endpoints:
            out.append(Endpoint.from_json(item))
        return out

    def endpoint(self, endpoint_id: str | None) -> Endpoint:
        for item in self.all_endpoints():
            if item.id == endpoint_id:
                return item
        return SILICONFLOW


def _checked(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON; a wrong value falls back to its default, with a log line."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        try:
            values[f.name] = CHECKS[f.name](data[f.name])
        except Bad:
            log.warning("settings: ignored a bad value for %s", f.name)
    return Settings(**values)


class _Damaged(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.moved_aside: Path | None = None  # a damaged file, kept here
        self.damage_reason: Text | None = None

    @property
    def notice(self) -> Text | None:
        """What the window shows at start-up when the file was kept aside."""
        if self.moved_aside is None:
            return None
        text = translate("Settings", "The settings file could not be read ({reason}). It is "
                                     "kept at {path}; the defaults are used.")
        return text.format(reason=self.damage_reason or plain(""), path=str(self.moved_aside))

    def _read(self) -> dict[str, Any] | None:
        """The file's JSON object; None when there is no file. Raises _Damaged."""
        try:
            raw = read_capped(self.path, MAX_SETTINGS_BYTES)
        except FileNotFoundError:
            return None
        except UnsafeFile as exc:
            raise _Damaged(exc.reason) from None
        except OSError as exc:
            raise _Damaged(plain(exc.strerror or type(exc).__name__)) from None
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except RecursionError:
            raise _Damaged(translate("Files", "it is nested too deeply")) from None
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise _Damaged(translate("Files", "it is not valid JSON")) from None
        if not isinstance(data, dict):
            raise _Damaged(translate("Files", "it is not a JSON object"))
        return data

    def _keep_aside(self, reason: Text) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        n = 1
        while target.exists() or target.is_symlink():
            target = self.path.with_name(
                f"{self.path.stem}.damaged-{stamp}-{n}{self.path.suffix}")
            n += 1
        try:
            self.path.rename(target)  # a symlink is moved itself, never followed
            self.moved_aside, self.damage_reason = target, reason
        except OSError:
            log.exception("settings: could not move the damaged file aside")
        log.error("settings: %s could not be read (%s); using defaults", self.path, reason)

    def load(self) -> Settings:
        try:
            data = self._read()
        except _Damaged as exc:
            self._keep_aside(exc.reason)
            return Settings()
        return Settings() if data is None else _checked(data)

    def save_changes(self, changes: dict[str, Any]) -> None:
        """Write ``changes`` (field name to value) onto what the file holds now.

        Raises :class:`StorageError` (``StorageFull`` on a full disk)."""
        unknown = set(changes) - set(CHECKS)
        if unknown:
            raise ValueError(f"not settings: {sorted(unknown)}")
        try:
            current = self._read() or {}
        except _Damaged as exc:
            self._keep_aside(exc.reason)
            current = {}
        for name, value in changes.items():
            current[name] = _plain(value)
        self._write(current)

    def save(self, settings: Settings) -> None:
        """Write every field (a new file; tests and first runs). Raises StorageError."""
        self._write(asdict(settings))

    def _write(self, data: dict[str, Any]) -> None:
        try:
            text = scrub(json.dumps(data, ensure_ascii=False, indent=2))
            write_text_atomic(self.path, text)
        except (OSError, ValueError) as exc:
            raise settings_error(exc, self.path) from exc


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))

