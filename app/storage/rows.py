"""Rows of the history tables to domain objects and back (shared by the store and the
salvage of a damaged file)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.domain.chat import Role, ToolCall
from app.domain.history import Conversation, Message, Status

MESSAGE_COLUMNS = (
    "id, conversation_id, parent_id, seq, role, content, reasoning_content, tool_calls, "
    "tool_call_id, status, finish_reason, error, model, params, usage, timings, created_at"
)
CONVERSATION_COLUMNS = (
    "id, title, created_at, updated_at, pinned, folder, system_prompt, params, title_set, "
    "endpoint, current_leaf_id"
)


def dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


# Enum members by value: a dict lookup, not an Enum call (two per row: 100,000 rows of a
# long conversation spent 0.28 s in EnumType.__call__).
_ROLES = {r.value: r for r in Role}
_STATUSES = {s.value: s for s in Status}


def message_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Message:
    (mid, cid, parent, seq, role, content, reasoning, tool_calls, tool_call_id, status,
     finish, error, model, params, usage, timings, created) = row
    return Message(
        id=mid, conversation_id=cid, parent_id=parent, seq=seq, role=_ROLES[role],
        content=content, reasoning_content=reasoning,
        tool_calls=[ToolCall.from_api(c) for c in (load(tool_calls) or [])],
        tool_call_id=tool_call_id, status=_STATUSES[status], finish_reason=finish,
        error=load(error), model=model, params=load(params), usage=load(usage),
        timings=load(timings), created_at=created,
    )


def conversation_from_row(row: tuple[Any, ...]) -> Conversation:
    (cid, title, created, updated, pinned, folder, system_prompt, params, title_set,
     endpoint, leaf) = row
    return Conversation(
        id=cid, title=title, created_at=created, updated_at=updated, pinned=bool(pinned),
        folder=folder, system_prompt=system_prompt, params=json.loads(params or "{}"),
        title_set=bool(title_set), endpoint=endpoint, current_leaf_id=leaf,
    )
