"""Attachments in the history database: a row per attachment, its bytes in ``blobs``
keyed by SHA-256 (schema 3; see ``database._migrate_2_to_3``).

They are written in the transaction of their message, so a message is never on disk
without its files, and go with it (``ON DELETE CASCADE``); a blob no attachment names
any more is deleted in the same transaction (:func:`drop_unused_blobs`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from app.domain.attachments import Attachment, Kind
from app.storage.writer import Executor

_SELECT = ("SELECT a.message_id, a.kind, a.name, a.mime, a.meta, b.data FROM attachments a "
           "JOIN blobs b ON b.sha256 = a.sha256 ")


def write(tx: Executor, message_id: str, attachments: Sequence[Attachment]) -> None:
    for position, item in enumerate(attachments):
        digest = item.sha256
        tx.execute("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)",
                   (digest, sqlite3.Binary(item.data)))
        tx.execute(
            "INSERT INTO attachments (message_id, position, kind, name, mime, sha256, meta) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (message_id, position, str(item.kind), item.name, item.mime, digest,
             json.dumps(item.meta, ensure_ascii=False, sort_keys=True)),
        )


def of_conversation(conn: Executor, conversation_id: str) -> dict[str, tuple[Attachment, ...]]:
    rows = conn.execute(
        _SELECT + "JOIN messages m ON m.id = a.message_id WHERE m.conversation_id = ? "
                  "ORDER BY a.message_id, a.position", (conversation_id,)).fetchall()
    return _grouped(rows)


def of_messages(conn: Executor, ids: Sequence[str]) -> dict[str, tuple[Attachment, ...]]:
    if not ids:
        return {}
    rows = conn.execute(_SELECT + f"WHERE a.message_id IN ({', '.join('?' * len(ids))}) "
                        "ORDER BY a.message_id, a.position", tuple(ids)).fetchall()
    return _grouped(rows)


def of_message(conn: Executor, message_id: str) -> tuple[Attachment, ...]:
    rows = conn.execute(_SELECT + "WHERE a.message_id = ? ORDER BY a.position",
                        (message_id,)).fetchall()
    return _grouped(rows).get(message_id, ())


def drop_unused_blobs(tx: Executor) -> None:
    tx.execute("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM attachments)")


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[str, tuple[Attachment, ...]]:
    out: dict[str, list[Attachment]] = defaultdict(list)
    for message_id, kind, name, mime, meta, data in rows:
        try:
            parsed = json.loads(meta or "{}")
        except ValueError:
            parsed = {}
        try:
            out[message_id].append(Attachment(
                Kind(kind), name, mime, bytes(data),
                parsed if isinstance(parsed, dict) else {}))
        except ValueError:
            continue  # a kind a newer SiliconDesk wrote: not shown, still kept on disk
    return {mid: tuple(items) for mid, items in out.items()}
