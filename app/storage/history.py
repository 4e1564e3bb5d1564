"""The conversation history: conversations, their message trees, and search.

Every write is its own durable transaction, so what a method returned is on disk.
Messages are never overwritten by edits or regenerations: those add siblings.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from app.domain.attachments import Attachment
from app.domain.chat import Role, ToolCall
from app.domain.history import (
    Conversation,
    ConversationSummary,
    Message,
    MessageOutline,
    SearchHit,
    Status,
    new_id,
    now_ms,
    title_from,
)
from app.domain.unicode import scrub
from app.storage import attachment_rows, branch_rows
from app.storage.database import OpenReport, move_aside, open_database
from app.storage.log_sync import LogSyncer
from app.storage.rows import (
    CONVERSATION_COLUMNS as _CONVERSATION_COLUMNS,
)
from app.storage.rows import (
    MESSAGE_COLUMNS as _MESSAGE_COLUMNS,
)
from app.storage.rows import conversation_from_row as _conversation
from app.storage.rows import dump as _dump
from app.storage.rows import message_from_row as _message
from app.storage.salvage import read_salvageable, restorable
from app.storage.search_text import index_columns, match_query, snippet
from app.storage.writer import Executor, Writer, reads, write_transaction

log = logging.getLogger(__name__)


T = TypeVar("T")


class NotFoundError(KeyError):
    pass


class HistoryStore:
    def __init__(self, conn: sqlite3.Connection, report: OpenReport | None = None,
                 path: Path | None = None) -> None:
        self._conn = conn
        self.report = report or OpenReport()
        self.path = path
        self._syncer = LogSyncer(path) if path is not None else None

    @classmethod
    def open(cls, path: Path, *, full_check: bool = True,
             refuse_damaged: bool = False) -> HistoryStore:
        """Open the history at ``path``; a damaged file is moved aside after what can be
        read from it is copied into the new one (``report`` says how many). Raises a
        :class:`StorageError` (or ``StoreTooNew``) with a sentence when it cannot open."""
        conn, report = open_database(path, full_check=full_check,
                                     refuse_damaged=refuse_damaged)
        store = cls(conn, report, path)
        if report.moved_aside is not None:
            store._salvage(report.moved_aside)
        return store

    def for_worker(self) -> HistoryStore:
        """A store on a connection of its own to the same file, for long work in a
        worker thread (export, import): with WAL its reads never block the window's
        writes, and its transactions never interleave with the window's. The caller
        closes it. An in-memory store has only one connection: itself."""
        if self.path is None:
            return self
        from app.storage.database import connect

        return HistoryStore(connect(self.path), self.report, self.path)

    def on_own_connection(self, work: Callable[[HistoryStore], T]) -> T:
        """``work`` on a store of its own (:meth:`for_worker`), closed after: call it
        in the worker thread."""
        store = self.for_worker()
        try:
            return work(store)
        finally:
            if store is not self:
                store.close()

    def start_fresh_after_damage(self) -> Path:
        """The file failed its integrity check after opening: keep it aside and continue
        with a new store in its place (this object stays the one services hold), holding
        what could still be read from the damaged file."""
        assert self.path is not None
        self._conn.close()
        moved = move_aside(self.path)
        self._conn, _ = open_database(self.path)
        self.report = OpenReport(moved_aside=moved)
        self._salvage(moved)
        return moved

    def _salvage(self, source: Path) -> None:
        restored = restorable(read_salvageable(source))
        with self._tx() as tx:
            for conv, messages in restored:
                self.insert_in(tx, conv, messages)
        self.report = replace(self.report, salvaged=len(restored),
                              salvaged_messages=sum(len(m) for _, m in restored))

    def close(self) -> None:
        if self._syncer is not None:
            self._syncer.close()
        self._conn.close()

    def manual_wal_checkpoints(self) -> None:
        """The window's store: checkpoints only through :meth:`checkpoint_wal`."""
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint_wal(self) -> None:
        """Move the write-ahead log into the database file, on a connection of its own
        (safe in a worker thread). The window's connection does not checkpoint by itself
        (``wal_autocheckpoint = 0``), so that never happens in the middle of an answer."""
        if self.path is None:
            return
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                conn.close()
        except sqlite3.Error:  # best effort: a full or locked disk leaves the log as it is
            log.warning("history: the write-ahead log checkpoint failed", exc_info=True)

    @contextmanager
    def _tx(self, *, durable: bool = True) -> Iterator[Writer]:
        """A write transaction (see :func:`app.storage.writer.write_transaction`). It
        commits without waiting for the disk; a ``durable`` one has the log flushed in a
        worker thread at once after (``log_sync``: an fsync on the window's thread paid
        for every checkpoint of the answers before it, 33–50 ms)."""
        with write_transaction(self._conn, self.path, durable=False) as tx:
            yield tx
        if durable and self._syncer is not None:
            self._syncer.soon()

    # Conversations

    def create_conversation(
        self,
        *,
        title: str = "",
        system_prompt: str = "",
        params: dict[str, Any] | None = None,
        folder: str = "",
        endpoint: str | None = None,
    ) -> Conversation:
        conv = Conversation(id=new_id(), title=title, system_prompt=system_prompt,
                            params=dict(params or {}), folder=folder, endpoint=endpoint,
                            title_set=bool(title))
        with self._tx() as tx:
            self._insert_conversation(tx, conv)
        return conv

    def _insert_conversation(self, tx: Writer, conv: Conversation) -> None:
        tx.execute(
            f"INSERT INTO conversations ({_CONVERSATION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (conv.id, conv.title, conv.created_at, conv.updated_at, int(conv.pinned),
             conv.folder, conv.system_prompt, json.dumps(conv.params, ensure_ascii=False),
             int(conv.title_set), conv.endpoint, conv.current_leaf_id),
        )
        self._index(tx, conv.id, None, conv.title)

    @reads
    def conversation(self, conversation_id: str) -> Conversation:
        row = self._conn.execute(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE id = ?",
            (conversation_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(conversation_id)
        return _conversation(row)

    @reads
    def list_conversations(
        self, limit: int | None = None, offset: int = 0, folder: str | None = None
    ) -> list[ConversationSummary]:
        """Pinned first, then by last activity; only ``folder``'s when given."""
        where = "deleted_at IS NULL" + ("" if folder is None else " AND folder = ?")
        args: tuple[object, ...] = () if folder is None else (folder,)
        rows = self._conn.execute(
            "SELECT id, title, updated_at, pinned, folder FROM conversations "
            f"WHERE {where} ORDER BY pinned DESC, updated_at DESC, rowid DESC "
            "LIMIT ? OFFSET ?",
            (*args, -1 if limit is None else limit, offset),
        ).fetchall()
        return [ConversationSummary(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]

    @reads
    def count_conversations(self) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM conversations WHERE deleted_at IS NULL"
        ).fetchone()
        return int(row[0])

    @reads
    def folders(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT DISTINCT folder FROM conversations WHERE folder != '' AND deleted_at IS NULL "
            "ORDER BY folder"
        ).fetchall()
        return [r[0] for r in rows]

    def rename(self, conversation_id: str, title: str) -> None:
        with self._tx() as tx:
            tx.execute("UPDATE conversations SET title = ?, title_set = 1 WHERE id = ?",
                       (title, conversation_id))
            self._reindex_title(tx, conversation_id, title)

    def set_generated_title(self, conversation_id: str, title: str) -> bool:
        """A title written by a model: only while the user has not named the conversation
        (their rename always wins). False when it was not written."""
        with self._tx() as tx:
            row = tx.execute("SELECT title_set FROM conversations WHERE id = ?",
                             (conversation_id,)).fetchone()
            if row is None or row[0]:
                return False
            tx.execute("UPDATE conversations SET title = ? WHERE id = ?",
                       (title, conversation_id))
            self._reindex_title(tx, conversation_id, title)
        return True

    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self._update(conversation_id, pinned=int(pinned))

    def set_folder(self, conversation_id: str, folder: str) -> None:
        self._update(conversation_id, folder=folder.strip())

    def set_system_prompt(self, conversation_id: str, system_prompt: str) -> None:
        self._update(conversation_id, system_prompt=system_prompt)

    def set_params(self, conversation_id: str, params: dict[str, Any]) -> None:
        self._update(conversation_id, params=json.dumps(params, ensure_ascii=False))

    def set_endpoint(self, conversation_id: str, endpoint: str | None) -> None:
        self._update(conversation_id, endpoint=endpoint)

    def set_current_leaf(self, conversation_id: str, leaf_id: str | None) -> None:
        self._update(conversation_id, current_leaf_id=leaf_id)

    def _update(self, conversation_id: str, **values: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._tx() as tx:
            cursor = tx.execute(f"UPDATE conversations SET {assignments} WHERE id = ?",
                                (*values.values(), conversation_id))
            if cursor.rowcount == 0:
                raise NotFoundError(conversation_id)

    def delete_conversation(self, conversation_id: str) -> None:
        """Hide the conversation; :meth:`restore_conversation` undoes it until a purge."""
        self._update(conversation_id, deleted_at=now_ms())

    def restore_conversation(self, conversation_id: str) -> None:
        self._update(conversation_id, deleted_at=None)

    def purge_deleted(self) -> int:
        """Remove for good what was deleted (at start-up, after the undo window)."""
        with self._tx() as tx:
            ids = [r[0] for r in tx.execute(
                "SELECT id FROM conversations WHERE deleted_at IS NOT NULL")]
            for cid in ids:
                tx.execute("DELETE FROM search_index WHERE conversation_id = ?", (cid,))
                tx.execute("DELETE FROM messages WHERE conversation_id = ?", (cid,))
                tx.execute("DELETE FROM conversations WHERE id = ?", (cid,))
            if ids:
                attachment_rows.drop_unused_blobs(tx)
        return len(ids)

    # Messages

    def add_message(
        self,
        conversation_id: str,
        parent_id: str | None,
        role: Role,
        content: str = "",
        *,
        status: Status = Status.COMPLETE,
        reasoning_content: str = "",
        tool_calls: Sequence[ToolCall] = (),
        tool_call_id: str | None = None,
        model: str | None = None,
        params: dict[str, Any] | None = None,
        finish_reason: str | None = None,
        error: dict[str, Any] | None = None,
        usage: dict[str, Any] | None = None,
        timings: dict[str, Any] | None = None,
        attachments: Sequence[Attachment] = (),
        show: bool = True,
    ) -> Message:
        """Add a message (committed before this returns, with its attachments) and make it
        the shown branch (unless ``show`` is False: a lab arm's answer beside the one
        shown)."""
        with self._tx() as tx:
            seq = tx.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            message = Message(
                id=new_id(), conversation_id=conversation_id, parent_id=parent_id, role=role,
                content=scrub(content), reasoning_content=scrub(reasoning_content),
                tool_calls=list(tool_calls), tool_call_id=tool_call_id, status=status,
                finish_reason=finish_reason, error=error, model=model, params=params,
                usage=usage, timings=timings, seq=seq, attachments=tuple(attachments),
            )
            self._insert_message(tx, message)
            self._touch(tx, conversation_id, message, show)
        return message

    def _insert_message(self, tx: Writer, m: Message) -> None:
        tx.execute(
            f"INSERT INTO messages ({_MESSAGE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m.id, m.conversation_id, m.parent_id, m.seq, str(m.role), m.content,
             m.reasoning_content, _dump([c.to_api() for c in m.tool_calls] or None),
             m.tool_call_id, str(m.status), m.finish_reason, _dump(m.error), m.model,
             _dump(m.params), _dump(m.usage), _dump(m.timings), m.created_at),
        )
        attachment_rows.write(tx, m.id, m.attachments)
        files = [f"{a.name}\n{a.text}" if not a.is_image else a.name for a in m.attachments]
        self._index(tx, m.conversation_id, m.id, "\n".join([m.content, *files]))

    def _touch(self, tx: Writer, conversation_id: str, message: Message,
               show: bool = True) -> None:
        if show:
            tx.execute(
                "UPDATE conversations SET updated_at = max(updated_at, ?), current_leaf_id = ? "
                "WHERE id = ?",
                (message.created_at, message.id, conversation_id),
            )
        else:
            tx.execute("UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?",
                       (message.created_at, conversation_id))
        if message.role is Role.USER:
            row = tx.execute("SELECT title, title_set FROM conversations WHERE id = ?",
                             (conversation_id,)).fetchone()
            if row and not row[1] and not row[0]:
                # A message of attachments alone is titled by their names.
                title = title_from(message.content
                                   or ", ".join(a.name for a in message.attachments))
                tx.execute("UPDATE conversations SET title = ? WHERE id = ?",
                           (title, conversation_id))
                self._reindex_title(tx, conversation_id, title)

    def checkpoint(
        self, message_id: str, content: str, reasoning_content: str,
        tool_calls: Sequence[ToolCall] = (),
    ) -> None:
        """Save a streaming answer's text so far (the caller keeps this to every ~0.5 s)."""
        with self._tx(durable=False) as tx:
            tx.execute(
                "UPDATE messages SET content = ?, reasoning_content = ?, tool_calls = ? "
                "WHERE id = ?",
                (content, reasoning_content,
                 _dump([c.to_api() for c in tool_calls] or None), message_id),
            )

    def finish_message(
        self,
        message_id: str,
        *,
        status: Status,
        content: str,
        reasoning_content: str,
        tool_calls: Sequence[ToolCall] = (),
        finish_reason: str | None = None,
        error: dict[str, Any] | None = None,
        usage: dict[str, Any] | None = None,
        timings: dict[str, Any] | None = None,
        model: str | None = None,
        logprobs: str | None = None,
    ) -> None:
        """An answer's final state."""
        with self._tx() as tx:
            row = tx.execute("SELECT conversation_id, model FROM messages WHERE id = ?",
                             (message_id,)).fetchone()
            if row is None:
                raise NotFoundError(message_id)
            tx.execute(
                "UPDATE messages SET status = ?, content = ?, reasoning_content = ?, "
                "tool_calls = ?, finish_reason = ?, error = ?, usage = ?, timings = ?, "
                "model = ?, logprobs = ? WHERE id = ?",
                (str(status), content, reasoning_content,
                 _dump([c.to_api() for c in tool_calls] or None), finish_reason,
                 _dump(error), _dump(usage), _dump(timings), model or row[1], logprobs,
                 message_id),
            )
            tx.execute("UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?",
                       (now_ms(), row[0]))
            tx.execute("DELETE FROM search_index WHERE message_id = ?", (message_id,))
            self._index(tx, row[0], message_id, content)

    def fail_message(self, message_id: str, error: dict[str, Any] | None) -> None:
        """Mark an answer ``error`` keeping the text it already has on disk: the smallest
        write there is, for when a full disk refused :meth:`finish_message`."""
        with self._tx() as tx:
            cursor = tx.execute("UPDATE messages SET status = ?, error = ? WHERE id = ?",
                                (str(Status.ERROR), _dump(error), message_id))
            if cursor.rowcount == 0:
                raise NotFoundError(message_id)

    def recover_interrupted(self) -> int:
        """At start-up: answers left ``streaming`` by a crash become ``interrupted``."""
        with self._tx() as tx:
            rows = tx.execute(
                "SELECT id, conversation_id, content FROM messages WHERE status = 'streaming'"
            ).fetchall()
            tx.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'")
            for mid, cid, content in rows:
                tx.execute("DELETE FROM search_index WHERE message_id = ?", (mid,))
                self._index(tx, cid, mid, content)
        return len(rows)

    @reads
    def message(self, message_id: str) -> Message:
        row = self._conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?",
                                 (message_id,)).fetchone()
        if row is None:
            raise NotFoundError(message_id)
        message = _message(row)
        found = attachment_rows.of_message(self._conn, message_id)
        return replace(message, attachments=found) if found else message

    @reads
    def messages(self, conversation_id: str) -> list[Message]:
        """Every message of the conversation (all branches), in creation order."""
        rows = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq",
            (conversation_id,),
        ).fetchall()
        messages = [_message(r) for r in rows]
        found = attachment_rows.of_conversation(self._conn, conversation_id)
        if found:
            messages = [replace(m, attachments=found[m.id]) if m.id in found else m
                        for m in messages]
        return messages

    # A long branch a part at a time (app.storage.branch_rows)

    @reads
    def branch_ids(self, leaf_id: str | None, limit: int | None = None) -> list[str]:
        """The ids of the branch from its root to ``leaf_id``, root first (the last
        ``limit`` of them when given)."""
        return branch_rows.branch_ids(self._conn, leaf_id, limit) if leaf_id else []

    @reads
    def count_messages(self, conversation_id: str) -> int:
        """All branches' messages (an upper bound on a branch's length), from the index."""
        row = self._conn.execute("SELECT count(*) FROM messages WHERE conversation_id = ?",
                                 (conversation_id,)).fetchone()
        return int(row[0])

    @reads
    def outlines(self, ids: Sequence[str]) -> list[MessageOutline]:
        return branch_rows.outlines(self._conn, ids)

    @reads
    def messages_by_id(self, ids: Sequence[str]) -> dict[str, Message]:
        return branch_rows.messages_by_id(self._conn, ids)

    @reads
    def sibling_positions(self, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        return branch_rows.sibling_positions(self._conn, ids)

    @reads
    def sibling_ids(self, message_id: str) -> list[str]:
        return branch_rows.sibling_ids(self._conn, message_id)

    @reads
    def branch(self, leaf_id: str | None) -> list[Message]:
        """The messages from the root to ``leaf_id``, root first, in full."""
        ids = self.branch_ids(leaf_id)
        found = self.messages_by_id(ids)
        return [found[i] for i in ids if i in found]

    def delete_message(self, message_id: str) -> str | None:
        """Delete a message and its replies; returns the new shown leaf."""
        with self._tx() as tx:
            row = tx.execute("SELECT conversation_id, parent_id FROM messages WHERE id = ?",
                             (message_id,)).fetchone()
            if row is None:
                raise NotFoundError(message_id)
            cid, parent = row
            doomed = [r[0] for r in tx.execute(
                "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                "SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id) SELECT id FROM sub",
                (message_id,))]
            tx.executemany("DELETE FROM search_index WHERE message_id = ?",
                           [(d,) for d in doomed])
            tx.execute("DELETE FROM messages WHERE id = ?", (message_id,))
            attachment_rows.drop_unused_blobs(tx)
            leaf = self._deepest_leaf(tx, cid, parent)
            tx.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (leaf, cid))
        return leaf

    def _deepest_leaf(self, tx: Executor, cid: str, start: str | None) -> str | None:
        """The newest leaf below ``start`` (or in the whole conversation)."""
        node = start
        while True:
            if node is None:
                row = tx.execute("SELECT id FROM messages WHERE conversation_id = ? AND "
                                 "parent_id IS NULL ORDER BY seq DESC LIMIT 1", (cid,)).fetchone()
            else:
                row = tx.execute("SELECT id FROM messages WHERE parent_id = ? ORDER BY seq DESC "
                                 "LIMIT 1", (node,)).fetchone()
            if row is None:
                return node
            node = row[0]

    @reads
    def newest_leaf_under(self, message_id: str) -> str | None:
        row = self._conn.execute("SELECT conversation_id FROM messages WHERE id = ?",
                                 (message_id,)).fetchone()
        if row is None:
            raise NotFoundError(message_id)
        return self._deepest_leaf(self._conn, row[0], message_id)

    # Search

    def _index(self, tx: Writer, cid: str, mid: str | None, text: str) -> None:
        if text:
            tx.execute(
                "INSERT INTO search_index (bi, uni, conversation_id, message_id) "
                "VALUES (?, ?, ?, ?)",
                (*index_columns(text), cid, mid),
            )

    def _reindex_title(self, tx: Writer, cid: str, title: str) -> None:
        tx.execute("DELETE FROM search_index WHERE conversation_id = ? AND message_id IS NULL",
                   (cid,))
        self._index(tx, cid, None, title)

    @reads
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles and message text, newest first.

        Newest first rather than by relevance: ranking every match of a common word in a
        large history costs hundreds of milliseconds, while FTS5 walks rowids in order.
        """
        expression = match_query(query)
        if expression is None:
            return []
        try:
            rows = self._conn.execute(
                "SELECT s.conversation_id, s.message_id, c.title, c.updated_at, "
                "coalesce(m.content, c.title) FROM ("
                "  SELECT rowid, conversation_id, message_id FROM search_index"
                "  WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?) s "
                "JOIN conversations c ON c.id = s.conversation_id "
                "LEFT JOIN messages m ON m.id = s.message_id "
                "WHERE c.deleted_at IS NULL ORDER BY s.rowid DESC LIMIT ?",
                (expression, limit * 2, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return []  # an expression FTS5 cannot parse finds nothing
        return [SearchHit(cid, mid, title, snippet(text, query), updated)
                for cid, mid, title, updated, text in rows]

    # Bulk, for import

    def insert_conversation(self, conv: Conversation, messages: Sequence[Message]) -> None:
        """Insert a whole conversation in one transaction (nothing half-imported)."""
        with self._tx() as tx:
            self.insert_in(tx, conv, messages)

    def insert_in(
        self, tx: Writer, conv: Conversation, messages: Sequence[Message]
    ) -> None:
        self._insert_conversation(tx, conv)
        for m in messages:
            self._insert_message(tx, m)

    # Token log-probabilities (issue 17): kept apart from the message so that opening
    # a conversation never reads them; see app.domain.logprobs for the stored form.

    @reads
    def logprobs(self, message_id: str) -> str | None:
        row = self._conn.execute("SELECT logprobs FROM messages WHERE id = ?",
                                 (message_id,)).fetchone()
        return row[0] if row is not None else None

    @reads
    def logprobs_of(self, conversation_id: str) -> dict[str, str]:
        """Message id → stored log-probabilities, of the conversation's answers that
        have them."""
        return dict(self._conn.execute(
            "SELECT id, logprobs FROM messages WHERE conversation_id = ? "
            "AND logprobs IS NOT NULL", (conversation_id,)).fetchall())

    def set_logprobs_in(self, tx: Writer, message_id: str, text: str | None) -> None:
        tx.execute("UPDATE messages SET logprobs = ? WHERE id = ?", (text, message_id))

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        with self._tx() as tx:
            yield tx

    @reads
    def has_message(self, message_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM messages WHERE id = ?",
                                  (message_id,)).fetchone() is not None

    @reads
    def has_conversation(self, conversation_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM conversations WHERE id = ?",
                                  (conversation_id,)).fetchone() is not None
