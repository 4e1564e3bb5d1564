"""Endpoints: where requests go. SiliconFlow is built in; users add OpenAI-compatible ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from app.domain.text import Text, translate

SILICONFLOW_ID = "siliconflow"
SILICONFLOW_URL = "https://api.siliconflow.cn/v1"
COMMAND_LINE_ID = "command-line"
SILICONFLOW_KEYS_PAGE = "https://cloud.siliconflow.cn/account/ak"  # where its keys are made


# Headers an endpoint's own headers may not set: the client sets them (the key, the body).
RESERVED_HEADERS = frozenset({"authorization", "content-type", "content-length", "host",
                              "accept", "accept-encoding", "transfer-encoding", "connection"})
HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$")


@dataclass(frozen=True)
class Endpoint:
    id: str
    name: str
    base_url: str
    builtin: bool = False
    # Sent with every request to it (a relay's extra header, ``X-Trace-Id``…).
    headers: tuple[tuple[str, str], ...] = ()
    no_key: bool = False  # a local server: never ask for a key, never send one

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "base_url": self.base_url}
        if self.headers:
            out["headers"] = dict(self.headers)
        if self.no_key:
            out["no_key"] = True
        return out

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> Endpoint:
        found = item.get("headers")
        headers: dict[str, Any] = found if isinstance(found, dict) else {}
        return cls(str(item["id"]), str(item["name"]), str(item["base_url"]),
                   headers=tuple((str(k), str(v)) for k, v in headers.items()),
                   no_key=item.get("no_key") is True)


def header_problem(name: str, value: str) -> Text | None:
    """Why ``name: value`` cannot be one of an endpoint's headers, or ``None``."""
    if not HEADER_NAME.match(name):
        return translate("Endpoint", "“{name}” is not a header name.").format(name=name)
    if name.lower() in RESERVED_HEADERS:
        return translate("Endpoint", "“{name}” is set by SiliconDesk itself.").format(
            name=name)
    if any(c in value for c in "\r\n\0") or len(value) > 4096:
        return translate("Endpoint", "The value of “{name}” must be one line.").format(
            name=name)
    return None


SILICONFLOW = Endpoint(SILICONFLOW_ID, "SiliconFlow", SILICONFLOW_URL, builtin=True)


def base_url_problem(url: str) -> Text | None:
    """Why ``url`` cannot be an endpoint's base URL, or ``None`` if it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return translate("Endpoint", "The base URL must start with http:// or https://.")
    if not parts.hostname:
        return translate("Endpoint", "The base URL needs a host name, e.g. http://localhost:11434/v1.")
    if parts.query or parts.fragment:
        return translate("Endpoint", "The base URL cannot contain ? or #.")
    return None


def endpoint_id_for(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "endpoint"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
