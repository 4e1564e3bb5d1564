"""Endpoints: where requests go. SiliconFlow is built in; users add OpenAI-compatible ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.domain.text import Text, translate

SILICONFLOW_ID = "siliconflow"
SILICONFLOW_URL = "https://api.siliconflow.cn/v1"
COMMAND_LINE_ID = "command-line"
SILICONFLOW_KEYS_PAGE = "https://cloud.siliconflow.cn/account/ak"  # where its keys are made


@dataclass(frozen=True)
class Endpoint:
    id: str
    name: str
    base_url: str
    builtin: bool = False

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "base_url": self.base_url}


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
