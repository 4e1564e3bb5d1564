"""The JSON export: the documented, lossless format (every branch, every field).

The API key is never part of what is stored, so it cannot appear in an export.
Markdown and HTML, for reading, are made in ``app.services.export_readable``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from app.domain.history import Conversation, Message
from app.storage.attachment_exchange import attachments_json
from app.storage.history import HistoryStore

FORMAT_NAME = "silicondesk"
FORMAT_VERSION = 1


def iso(ms: int) -> str:
    return (datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"))


def from_iso(text: str) -> int:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return round(when.timestamp() * 1000)


def message_json(m: Message) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "parent_id": m.parent_id,
        "role": str(m.role),
        "content": m.content,
        "reasoning_content": m.reasoning_content,
        "tool_calls": [c.to_api() for c in m.tool_calls] or None,
        "tool_call_id": m.tool_call_id,
        "status": str(m.status),
        "finish_reason": m.finish_reason,
        "error": m.error,
        "model": m.model,
        "params": m.params,
        "usage": m.usage,
        "timings": m.timings,
        "created_at": iso(m.created_at),
    }
    if m.attachments:
        out["attachments"] = attachments_json(m.attachments)
    return out


def conversation_json(conv: Conversation, messages: list[Message]) -> dict[str, Any]:
    return {
        "id": conv.id,
        "title": conv.title,
        "created_at": iso(conv.created_at),
        "updated_at": iso(conv.updated_at),
        "pinned": conv.pinned,
        "folder": conv.folder,
        "system_prompt": conv.system_prompt,
        "params": conv.params,
        "messages": [message_json(m) for m in messages],
    }


def selected(store: HistoryStore, conversation_id: str | None) -> list[Conversation]:
    if conversation_id is not None:
        return [store.conversation(conversation_id)]
    summaries = store.list_conversations()
    return [store.conversation(s.id) for s in reversed(summaries)]


def export_json(store: HistoryStore, conversation_id: str | None = None) -> str:
    from app.storage.lab_exchange import add_lab_runs  # it builds on this module

    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "conversations": [add_lab_runs(conversation_json(c, store.messages(c.id)), store)
                          for c in selected(store, conversation_id)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


