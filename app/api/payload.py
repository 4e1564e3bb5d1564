"""The request body: built from the parameters and messages, encoded once.

The same bytes feed the HTTP request and the request preview, so the preview is
exactly what the server receives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.domain.chat import ChatMessage
from app.domain.params import ChatParams


def chat_url(base_url: str) -> str:
    """Where a chat request is posted."""
    return f"{base_url.rstrip('/')}/chat/completions"


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
    """The bytes that are posted: compact UTF-8 JSON, Chinese text kept as is.

    A long ``messages`` list is encoded a message at a time (the same bytes): one
    ``json.dumps`` call holds the GIL throughout, and encoding 100,000 messages in a
    worker thread that way held the window for 0.2 s."""
    messages = body.get("messages")
    if not isinstance(messages, list) or len(messages) < ENCODED_APART:
        return _encode(body)
    parts = [b"{"]
    for index, (key, value) in enumerate(body.items()):
        if index:
            parts.append(b",")
        parts += [_encode(key), b":"]
        if key == "messages":
            parts += [b"[", b",".join(_encode(m) for m in messages), b"]"]
        else:
            parts.append(_encode(value))
    parts.append(b"}")
    return b"".join(parts)


ENCODED_APART = 256  # messages, from which a body's are encoded one by one


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


SHOWN_DATA_CHARS = 48  # of an inlined image's base64, in the shown preview


def abbreviated(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` for reading: each inlined image's base64 cut to its start and its length
    (a screenful of base64 says nothing, and encoding megabytes of it on every keystroke
    stalled the window). Copying the request uses the whole body."""
    messages = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, list):
            message = {**message, "content": [_short(part) for part in content]}
        messages.append(message)
    return {**body, "messages": messages}


SHOWN_FIRST, SHOWN_LAST = 2, 6  # messages of a long history, in the shown preview


def elided(body: dict[str, Any], note: Callable[[int], Any]) -> dict[str, Any]:
    """``body`` with the middle of a long ``messages`` list left out: the first
    ``SHOWN_FIRST`` and the last ``SHOWN_LAST`` stay, and ``note(n)`` (an element saying
    that ``n`` messages are not shown) stands for the others. Encoding a history of
    100,000 messages for a panel that shows a screenful took seconds."""
    messages = body.get("messages", [])
    if len(messages) <= SHOWN_FIRST + SHOWN_LAST + 1:
        return body
    left_out = len(messages) - SHOWN_FIRST - SHOWN_LAST
    return {**body, "messages": [*messages[:SHOWN_FIRST], note(left_out),
                                 *messages[-SHOWN_LAST:]]}


def _short(part: Any) -> Any:
    if not (isinstance(part, dict) and part.get("type") == "image_url"):
        return part
    url = str(part.get("image_url", {}).get("url", ""))
    if len(url) <= SHOWN_DATA_CHARS * 2:
        return part
    head, _, data = url.partition(",")
    shown = f"{head},{data[:SHOWN_DATA_CHARS]}…[{len(data):,} characters of base64]"
    return {**part, "image_url": {**part["image_url"], "url": shown}}
