"""The request body: built from the parameters and messages, encoded once.

The same bytes feed the HTTP request and the request preview, so the preview is
exactly what the server receives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from app.domain.chat import ChatMessage
from app.domain.params import ChatParams


def build_body(params: ChatParams, messages: Sequence[ChatMessage],
               extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON body: ``model`` and ``messages`` first, then every field the user set
    (the "More fields" object included), then ``extra`` (fields a request's shape needs,
    e.g. a continuation's)."""
    fields = params.posted_fields()
    body: dict[str, Any] = {}
    if "model" in fields:
        body["model"] = fields.pop("model")
    body["messages"] = [message.to_api() for message in messages]
    body.update(fields)
    body.update(extra or {})
    return body


def encode_body(body: dict[str, Any]) -> bytes:
    """The bytes that are posted: compact UTF-8 JSON, Chinese text kept as is."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
