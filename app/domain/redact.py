"""Masking of secrets in text bound for logs, error messages and the request preview."""

from __future__ import annotations

import re
from collections.abc import Iterable

KEY_SHAPED = re.compile(r"sk-[A-Za-z0-9_\-.+/=]{6,}")
AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer\s+)?[^\s'\",}]+")
BEARER = re.compile(r"(?i)\b(bearer\s+)(?!\*\*\*)[A-Za-z0-9_\-.+/=~]{4,}")
MASK = "sk-***"
SHORTEST = 4  # a "secret" shorter than this would mask ordinary words


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret, anything key-shaped and any bearer token masked.

    A secret cut off at the end of ``text`` (an error body read up to a limit) is masked
    too, as long as at least :data:`SHORTEST` of its characters are there.
    """
    for secret in secrets:
        if not secret or len(secret) < SHORTEST:
            continue
        text = text.replace(secret, MASK)
        for size in range(min(len(secret) - 1, len(text)), SHORTEST - 1, -1):
            if text.endswith(secret[:size]):
                text = text[:-size] + MASK
                break
    text = AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}***", text)
    text = BEARER.sub(lambda m: f"{m.group(1)}***", text)
    return KEY_SHAPED.sub(MASK, text)
