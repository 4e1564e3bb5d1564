"""Masking of secrets in text bound for logs, error messages and the request preview."""

from __future__ import annotations

import re
from collections.abc import Iterable

KEY_SHAPED = re.compile(r"sk-[A-Za-z0-9_\-]{6,}")
AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer\s+)?[^\s'\",}]+")
MASK = "sk-***"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}***", text)
    return KEY_SHAPED.sub(MASK, text)
