"""The request body: built from the parameters and messages, encoded once.

The same bytes feed the HTTP request and the request preview, so the preview is
exactly what the server receives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.domain.chat import ChatMessage
from app.domain.params import RESERVED_FIELDS, ChatParams


def build_body(params: ChatParams, messages: Sequence[ChatMessage]) -> dict[str, Any]:
    """The JSON body: ``model`` and ``messages`` first, then every field the user set,
    then the "More fields" object (never ``model``, ``messages`` or ``stream``; a field
    set above keeps its value: validation reports both before a send)."""
    fields = params.set_fields()
    body: dict[str, Any] = {}
    if "model" in fields:
        body["model"] = fields.pop("model")
    body["messages"] = [message.to_api() for message in messages]
    body.update(fields)
    for name, value in (params.extra or {}).items():
        if name not in RESERVED_FIELDS and name not in body:
            body[name] = value
    return body


def encode_body(body: dict[str, Any]) -> bytes:
    """The bytes that are posted: compact UTF-8 JSON, Chinese text kept as is."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
