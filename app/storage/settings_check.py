"""Checking each field of ``settings.json`` on its own: a bad field falls back to its
default and the rest are kept. Shapes are checked all the way down (an endpoint's
strings, each parameter of the defaults and of every preset), since the window reads
them later without checking again."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from app.domain.endpoint import COMMAND_LINE_ID, SILICONFLOW_ID, base_url_problem, header_problem
from app.domain.params import EXTRA_BODY, PARAM_FIELDS, ChatParams
from app.domain.unicode import scrub
from app.domain.validation import validate_params

THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "zh_CN")
PROXY_MODES = ("system", "none", "url")
SEND_KEYS = ("enter", "ctrl_enter")
TITLE_MODES = ("off", "conversation", "model")
MAX_TEXT = 65536  # a URL, a name, a saved window geometry
MAX_TIMEOUT = 86400.0
MAX_PRESETS = 1000
MAX_ENDPOINTS = 1000

Check = Callable[[Any], Any]  # the cleaned value, or raises ValueError


class Bad(ValueError):
    pass


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise Bad
    return scrub(value)


def _choice(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            raise Bad
        return str(value)
    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad
    return value


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise Bad
    return float(value)


def _retries(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise Bad
    return value


def _mcp_servers(value: Any) -> dict[str, Any]:
    """``{"name": {...}}`` as Claude Desktop writes it; each entry's fields are read (and
    refused one by one) where servers are started."""
    if not isinstance(value, dict) or len(value) > 200:
        raise Bad
    out: dict[str, Any] = {}
    for name, entry in value.items():
        if isinstance(name, str) and 0 < len(name) <= 200 and isinstance(entry, dict):
            out[scrub(name)] = entry
    return out


def _names(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > 1000:
        raise Bad
    return [scrub(v) for v in value if isinstance(v, str) and len(v) <= MAX_TEXT]


def _rounds(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise Bad
    return value


def _between(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Bad
        return value
    return check


def _concurrency(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 64:
        raise Bad
    return value


def clean_params(value: Any) -> dict[str, Any]:
    """The parameters of ``value`` that are each valid on their own (others dropped)."""
    if not isinstance(value, dict):
        raise Bad
    out: dict[str, Any] = {}
    for name in PARAM_FIELDS:
        if name not in value or value[name] is None:
            continue
        try:
            single = ChatParams.from_json({name: value[name]})
            ok = not validate_params(single)
        except (TypeError, ValueError, RecursionError):
            ok = False
        if ok:
            out[name] = value[name]
    extra = value.get(EXTRA_BODY)
    if isinstance(extra, dict) and extra:
        try:
            ok = not validate_params(ChatParams(extra=extra)) and len(json.dumps(extra)) < MAX_TEXT
        except (TypeError, ValueError, RecursionError):
            ok = False
        if ok:
            out[EXTRA_BODY] = extra
    return out


def _presets(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or len(value) > MAX_PRESETS:
        raise Bad
    out: dict[str, dict[str, Any]] = {}
    for name, params in value.items():
        if isinstance(name, str) and name.strip() and len(name) <= MAX_TEXT:
            try:
                out[scrub(name)] = clean_params(params)
            except Bad:
                continue
    return out


def _headers(value: Any) -> dict[str, str]:
    """An endpoint's own headers; a bad one is dropped, the rest kept."""
    if not isinstance(value, dict):
        return {}
    return {scrub(k): scrub(v) for k, v in list(value.items())[:64]
            if isinstance(k, str) and isinstance(v, str) and header_problem(k, v) is None}


def _endpoints(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_ENDPOINTS:
        raise Bad
    out: list[dict[str, Any]] = []
    seen = {SILICONFLOW_ID, COMMAND_LINE_ID}
    for item in value:
        if not isinstance(item, dict):
            continue
        try:
            entry: dict[str, Any] = {k: _text(item.get(k)) for k in ("id", "name", "base_url")}
        except Bad:
            continue
        headers = _headers(item.get("headers"))
        if headers:
            entry["headers"] = headers
        if item.get("no_key") is True:
            entry["no_key"] = True
        if (entry["id"] in seen or not entry["id"] or not entry["name"].strip()
                or base_url_problem(entry["base_url"]) is not None):
            continue
        seen.add(entry["id"])
        out.append(entry)
    return out


CHECKS: dict[str, Check] = {
    "theme": _choice(THEMES),
    "language": _choice(LANGUAGES),
    "default_params": clean_params,
    "proxy_mode": _choice(PROXY_MODES),
    "proxy_url": _text,
    "connect_timeout": _timeout,
    "read_timeout": _timeout,
    "retry_count": _retries,
    "concurrent_requests": _concurrency,
    "mcpServers": _mcp_servers,
    "mcp_trusted": _names,
    "tool_timeout": _timeout,
    "tool_rounds": _rounds,
    "reasoning_back": _names,
    "send_key": _choice(SEND_KEYS),
    "fold_thinking": _flag,
    "endpoints": _endpoints,
    "active_endpoint": _text,
    "presets": _presets,
    "window_geometry": _text,
    "splitter_state": _text,
    "session_only_keys": _flag,
    "title_mode": _choice(TITLE_MODES),
    "title_model": _text,
    "image_side": _between(256, 8192),
    "images_sent": _between(0, 1000),
    "file_text_kb": _between(1, 10_000),
}
