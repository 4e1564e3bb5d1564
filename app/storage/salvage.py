"""Reading what is still readable from a damaged history file, row by row.

Python's ``sqlite3`` has no ``.recover``; this walks each table by rowid and, where a
damaged page stops the walk, seeks further on in growing steps, so rows on either side
of the damage are kept. Rows that do not parse as our rows are left behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from app.domain.attachments import Attachment, Kind
from app.domain.chat import Role
from app.domain.history import Conversation, Message, title_from
from app.storage.rows import (
    CONVERSATION_COLUMNS,
    MESSAGE_COLUMNS,
    conversation_from_row,
    message_from_row,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
_MAX_ROWID = 1 << 62
_MAX_FAILURES = 4096  # seeks that met damage, per table, before giving up on it


@dataclass
class Salvaged:
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


def _rows(conn: sqlite3.Connection, table: str, columns: str) -> Iterator[tuple[Any, ...]]:
    last, step, failures = -(1 << 63), 1, 0
    while failures < _MAX_FAILURES:
        try:
            cursor = conn.execute(
                f"SELECT rowid, {columns} FROM {table} WHERE rowid > ? ORDER BY rowid", (last,))
            for row in cursor:
                last, step = row[0], 1
                yield tuple(row[1:])
            return
        except sqlite3.DatabaseError:
            failures += 1
            if last < 0:  # nothing read yet: start from the first possible rowid
                last = 0
            last += step
            step *= 2
            if last > _MAX_ROWID:
                return


def _parsed(rows: Iterator[tuple[Any, ...]], parse: Callable[[tuple[Any, ...]], T]) -> list[T]:
    out: list[T] = []
    for row in rows:
        try:
            out.append(parse(row))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            continue  # a row the damage made unreadable
    return out


def read_salvageable(path: Path) -> Salvaged:
    """Every conversation and message of ``path`` that can still be read (read-only)."""
    found = Salvaged()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return found
    try:
        found.conversations = _parsed(
            _rows(conn, "conversations", CONVERSATION_COLUMNS), conversation_from_row)
        found.messages = _parsed(_rows(conn, "messages", MESSAGE_COLUMNS), message_from_row)
        _add_attachments(conn, found.messages)
    except sqlite3.Error:
        log.exception("salvage: %s could not be read", path)
    finally:
        conn.close()
    log.warning("salvage: read %d conversations and %d messages from %s",
                len(found.conversations), len(found.messages), path)
    return found


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    try:
        conn.execute(f"SELECT 1 FROM {table} LIMIT 0")
        return True
    except sqlite3.DatabaseError:
        return False  # an older file (schema 2), or one whose schema page is gone


def _add_attachments(conn: sqlite3.Connection, messages: list[Message]) -> None:
    """The attachments whose rows and bytes both survived; bytes are checked against
    their digest, so a damaged blob is left out rather than shown broken."""
    if not messages or not (_has_table(conn, "attachments") and _has_table(conn, "blobs")):
        return
    blobs: dict[str, bytes] = {}
    for digest, data in _rows(conn, "blobs", "sha256, data"):
        if isinstance(data, bytes) and hashlib.sha256(data).hexdigest() == digest:
            blobs[digest] = data
    rows: dict[str, list[tuple[int, Attachment]]] = {}
    for mid, position, kind, name, mime, digest, meta in _rows(
            conn, "attachments", "message_id, position, kind, name, mime, sha256, meta"):
        try:
            parsed = json.loads(meta or "{}")
            item = Attachment(Kind(kind), str(name), str(mime), blobs[digest],
                              parsed if isinstance(parsed, dict) else {})
        except (KeyError, ValueError, TypeError, RecursionError):
            continue
        rows.setdefault(mid, []).append((position, item))
    for m in messages:
        if m.id in rows:
            m.attachments = tuple(item for _p, item in sorted(rows[m.id], key=lambda r: r[0]))


def _newest_leaf(messages: list[Message]) -> str | None:
    """The leaf the window shows: from the newest root, always the newest child."""
    children: dict[str | None, list[Message]] = {}
    for m in messages:
        children.setdefault(m.parent_id, []).append(m)
    node: str | None = None
    while children.get(node):
        node = max(children[node], key=lambda m: m.seq).id
    return node


def restorable(found: Salvaged) -> list[tuple[Conversation, list[Message]]]:
    """``found`` made whole again: a conversation for messages whose own row was lost,
    no parent that is not there (such a message starts a branch), a title and a shown
    leaf that exist."""
    conversations = {c.id: c for c in found.conversations}
    by_conversation: dict[str, list[Message]] = {}
    for m in sorted(found.messages, key=lambda m: (m.conversation_id, m.seq)):
        by_conversation.setdefault(m.conversation_id, []).append(m)
        if m.conversation_id not in conversations:
            conversations[m.conversation_id] = Conversation(
                id=m.conversation_id, created_at=m.created_at, updated_at=m.created_at)
    out: list[tuple[Conversation, list[Message]]] = []
    for conv in conversations.values():
        messages = by_conversation.get(conv.id, [])
        kept: set[str] = set()
        for m in messages:
            if m.parent_id is not None and m.parent_id not in kept:
                m.parent_id = None
            kept.add(m.id)
        if not conv.title:
            first = next((m for m in messages if m.role is Role.USER), None)
            conv.title = title_from(first.content) if first is not None else ""
        if conv.current_leaf_id not in kept:
            conv.current_leaf_id = _newest_leaf(messages)
        out.append((conv, messages))
    return out
