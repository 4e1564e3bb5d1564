"""Lab runs in the history: which arms ran at a point of a conversation, with what, and
which answer the user picked.

The answers themselves are ordinary messages (siblings under the run's user message,
each with the parameters that produced it); a run only refers to them by id. A run is
kept as one JSON document so that export → import → export gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.history import new_id, now_ms

if TYPE_CHECKING:
    from app.storage.history import HistoryStore

# Made at the first run (or the first import of one), not by a schema migration: a
# history that never saw the lab keeps exactly the file layout (and schema version) it
# had. A run goes with its question (``parent_id``); a deleted pick leaves the run
# without one, so an export never names a message that is not in it.
SCHEMA_LAB_RUNS = (
    """CREATE TABLE IF NOT EXISTS lab_runs (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        picked_id TEXT REFERENCES messages(id) ON DELETE SET NULL
    )""",
    "CREATE INDEX IF NOT EXISTS lab_runs_by_conversation "
    "ON lab_runs(conversation_id, created_at)",
)


class Executes(Protocol):
    """A connection, or the history's transaction object: what runs a statement."""

    def execute(self, sql: str, params: Any = ..., /) -> sqlite3.Cursor: ...


def ensure_table(tx: Executes) -> None:
    for statement in SCHEMA_LAB_RUNS:
        tx.execute(statement)


def _has_table(tx: Executes) -> bool:
    return tx.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                      "'lab_runs'").fetchone() is not None


@dataclass
class LabRunRecord:
    """``data`` holds the run's arms (each with its parameters as posted, its endpoint,
    sweep value, sample and answer ids), the sweep, the sample count and blind mode."""

    id: str
    conversation_id: str
    parent_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
    picked_id: str | None = None
    created_at: int = field(default_factory=now_ms)


def _record(row: tuple[Any, ...]) -> LabRunRecord:
    rid, cid, parent, created, data, picked = row
    return LabRunRecord(rid, cid, parent, json.loads(data or "{}"), picked, created)


_COLUMNS = "id, conversation_id, parent_id, created_at, data, picked_id"


class LabRunStore:
    """Lab runs, on the history's connection and in its transactions."""

    def __init__(self, history: HistoryStore) -> None:
        self._history = history

    def set_history(self, history: HistoryStore) -> None:
        self._history = history

    def add(self, conversation_id: str, parent_id: str | None,
            data: dict[str, Any]) -> LabRunRecord:
        record = LabRunRecord(new_id(), conversation_id, parent_id, dict(data))
        with self._history.transaction() as tx:
            ensure_table(tx)
            insert_run(tx, record)
        return record

    def update(self, run_id: str, data: dict[str, Any]) -> None:
        with self._history.transaction() as tx:
            tx.execute("UPDATE lab_runs SET data = ? WHERE id = ?",
                       (json.dumps(data, ensure_ascii=False), run_id))

    def pick(self, run_id: str, message_id: str | None) -> None:
        with self._history.transaction() as tx:
            tx.execute("UPDATE lab_runs SET picked_id = ? WHERE id = ?", (message_id, run_id))

    def get(self, run_id: str) -> LabRunRecord | None:
        with self._history.transaction() as tx:
            row = tx.execute(f"SELECT {_COLUMNS} FROM lab_runs WHERE id = ?",
                             (run_id,)).fetchone() if _has_table(tx) else None
        return _record(row) if row else None

    def of_conversation(self, conversation_id: str) -> list[LabRunRecord]:
        return runs_of(self._history, conversation_id)


def runs_of(history: HistoryStore, conversation_id: str) -> list[LabRunRecord]:
    """A conversation's runs, oldest first."""
    with history.transaction() as tx:
        if not _has_table(tx):
            return []
        rows = tx.execute(f"SELECT {_COLUMNS} FROM lab_runs WHERE conversation_id = ? "
                          "ORDER BY created_at, rowid", (conversation_id,)).fetchall()
    return [_record(r) for r in rows]


def insert_run(tx: Executes, record: LabRunRecord) -> None:
    tx.execute(f"INSERT INTO lab_runs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
               (record.id, record.conversation_id, record.parent_id, record.created_at,
                json.dumps(record.data, ensure_ascii=False), record.picked_id))
