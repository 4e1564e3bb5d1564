"""What a tool call gave, as plain data: its text (shown and sent as text only) and its
images; anything else a server sends (audio, resources) is named, never fetched."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ToolImage:
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class ToolOutcome:
    """What a call gave: its text (shown and sent as text only), images, and whether the
    server or the app called it an error."""

    text: str
    images: tuple[ToolImage, ...] = ()
    is_error: bool = False


def outcome_of(result: Any) -> ToolOutcome:
    """A ``CallToolResult`` as text and images; anything else a server sends (audio,
    resources) is named, never fetched."""
    texts: list[str] = []
    images: list[ToolImage] = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            texts.append(str(getattr(block, "text", "")))
        elif kind == "image":
            try:
                data = base64.b64decode(str(getattr(block, "data", "")), validate=True)
            except ValueError:
                texts.append("[an image that could not be read]")
                continue
            mime = str(getattr(block, "mime_type", "") or "image/png")
            images.append(ToolImage(mime, data))
            texts.append(f"[image: {mime}, {len(data)} bytes]")
        elif kind == "resource_link":
            texts.append(f"[resource link: {getattr(block, 'uri', '')}]")
        elif kind == "resource":
            resource = getattr(block, "resource", None)
            text = getattr(resource, "text", None)
            texts.append(str(text) if text is not None
                         else f"[resource: {getattr(resource, 'uri', '')}]")
        else:
            texts.append(f"[{kind or 'unknown'} content]")
    structured = getattr(result, "structured_content", None)
    if not texts and structured is not None:
        texts.append(json.dumps(structured, ensure_ascii=False, indent=2))
    return ToolOutcome("\n".join(texts), tuple(images), bool(getattr(result, "is_error", False)))
