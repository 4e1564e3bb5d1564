"""Opening the history database: integrity check, schema migrations, backups.

A damaged file is moved aside (never deleted or overwritten) and a new store started;
a file from a newer SiliconDesk is refused, never reset; every migration runs in a
transaction after a backup copy made with SQLite's backup API.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.domain.text import Text, TextError, translate
from app.paths import create_private_file, ensure_private_dir
from app.storage.errors import HistoryDamaged, history_error
from app.storage.search_text import index_columns
from app.storage.wal_check import check_wal

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

SCHEMA_V1 = """
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    title_set INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    folder TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',
    deleted_at INTEGER
);
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    reasoning_content TEXT NOT NULL DEFAULT '',
    tool_calls TEXT,
    tool_call_id TEXT,
    status TEXT NOT NULL,
    finish_reason TEXT,
    error TEXT,
    model TEXT,
    params TEXT,
    usage TEXT,
    timings TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX conversations_recent ON conversations(pinned DESC, updated_at DESC);
CREATE INDEX messages_by_conversation ON messages(conversation_id, seq);
CREATE INDEX messages_by_parent ON messages(parent_id);
"""


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2: the endpoint and the shown branch per conversation, and full-text search."""
    _run_script(
        conn,
        """
        ALTER TABLE conversations ADD COLUMN endpoint TEXT;
        ALTER TABLE conversations ADD COLUMN current_leaf_id TEXT;
        CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';
        CREATE VIRTUAL TABLE search_index USING fts5(
            bi, uni, conversation_id UNINDEXED, message_id UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """
    )
    conn.execute(
        """UPDATE conversations SET current_leaf_id = (
               SELECT id FROM messages m WHERE m.conversation_id = conversations.id
               ORDER BY seq DESC LIMIT 1)"""
    )
    rows = conn.execute("SELECT id, title FROM conversations").fetchall()
    conn.executemany(
        "INSERT INTO search_index (bi, uni, conversation_id, message_id) VALUES (?, ?, ?, NULL)",
        [(*index_columns(title), cid) for cid, title in rows],
    )
    rows = conn.execute("SELECT id, conversation_id, content FROM messages").fetchall()
    conn.executemany(
        "INSERT INTO search_index (bi, uni, conversation_id, message_id) VALUES (?, ?, ?, ?)",
        [(*index_columns(content), cid, mid) for mid, cid, content in rows],
    )


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3: attachments (issue 18) and token log-probabilities (issue 17).

    An attachment's bytes are a row of ``blobs``, keyed by their SHA-256, so a message and
    its files are written in one transaction (the same crash-safe discipline as the text,
    the same backups and salvage) and an image attached twice is stored once. A blob no
    attachment names any more is deleted with the last message that used it.
    """
    _run_script(
        conn,
        """
        ALTER TABLE messages ADD COLUMN logprobs TEXT;
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            data BLOB NOT NULL
        );
        CREATE TABLE attachments (
            message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL DEFAULT '',
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            meta TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (message_id, position)
        );
        CREATE INDEX attachments_by_blob ON attachments(sha256);
        """
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _migrate_1_to_2, 3: _migrate_2_to_3,
}


class StoreTooNew(TextError):
    """The file was written by a newer SiliconDesk; opening it would risk the history."""


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening, for the UI to tell the user (:meth:`notices`)."""

    moved_aside: Path | None = None  # a damaged file, kept here
    backup: Path | None = None  # the copy made before a migration
    migrated_from: int | None = None
    salvaged: int | None = None  # conversations recovered from the damaged file
    salvaged_messages: int | None = None
    foreign_wal: Path | None = None  # a -wal that did not belong, kept here (with the file)

    def notices(self) -> list[Text]:
        """What the window shows at start-up, one sentence per event."""
        out: list[Text] = []
        if self.moved_aside is not None:
            text = translate("History", "The history file was damaged. It is kept at {path}; "
                                        "{conversations} ({messages}) could be read from it "
                                        "and are in the new history.")
            conversations = translate("History", "%n conversation(s)").counting(
                self.salvaged or 0)
            messages = translate("History", "%n message(s)").counting(
                self.salvaged_messages or 0)
            out.append(text.format(path=str(self.moved_aside), conversations=conversations,
                                   messages=messages))
        if self.foreign_wal is not None:
            text = translate("History", "A write-ahead log beside the history did not belong "
                                        "to it and was not applied. It is kept, with a copy of "
                                        "the history as it was, at {path}.")
            out.append(text.format(path=str(self.foreign_wal)))
        return out


def connect(path: Path) -> sqlite3.Connection:
    create_private_file(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit reaches the disk before it is acknowledged, even in WAL mode.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _move_aside(path: Path) -> Path:
    target = path.with_name(f"{path.stem}.damaged-{_stamp()}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.damaged-{_stamp()}-{n}{path.suffix}")
        n += 1
    path.rename(target)
    _move_sides(path, target)
    return target


def _move_sides(path: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))


def _set_foreign_wal_aside(path: Path, reason: str) -> Path:
    """Keep the refused log, beside a copy of the history as it was (the pair can be
    looked at together), and leave the history itself to be opened without it."""
    target = path.with_name(f"{path.stem}.foreign-wal-{_stamp()}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.foreign-wal-{_stamp()}-{n}{path.suffix}")
        n += 1
    create_private_file(target)
    shutil.copyfile(path, target)
    _move_sides(path, target)
    log.error("history: the -wal beside %s did not belong to it (%s); kept at %s",
              path, reason, target)
    return target


def verify_file(path: Path) -> bool:
    """SQLite's ``quick_check`` over the whole file, on a connection of its own, so it can
    run in a worker thread: it reads every page (about 1 s for 700 MB here), too slow for
    the start-up path of the window."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            return bool(result) and result[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _readable(path: Path) -> bool:
    """The cheap check done before opening: a damaged header or schema fails here."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return True
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def move_aside(path: Path) -> Path:
    """Keep a damaged file (and its WAL) beside the original, never deleting it."""
    moved = _move_aside(path)
    log.error("history database failed its integrity check; moved aside to %s", moved)
    return moved


def open_database(
    path: Path, *, full_check: bool = True, refuse_damaged: bool = False
) -> tuple[sqlite3.Connection, OpenReport]:
    """Open (creating or migrating) the history database at ``path``.

    ``full_check``: run ``quick_check`` first. The window passes False and runs
    :func:`verify_file` in the background after it shows instead.
    ``refuse_damaged``: raise :class:`HistoryDamaged` for a damaged file instead of
    moving it aside (for commands that must not change the data folder, like export).
    Every failure of the disk is a :class:`StorageError` with a sentence for the user.
    """
    try:
        return _open(path, full_check, refuse_damaged)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise history_error(exc, path) from exc


def _open(path: Path, full_check: bool,
          refuse_damaged: bool) -> tuple[sqlite3.Connection, OpenReport]:
    ensure_private_dir(path.parent)
    moved: Path | None = None
    foreign: Path | None = None
    if path.exists():
        verdict = check_wal(path)
        if not verdict.belongs:
            if refuse_damaged:
                raise HistoryDamaged(translate(
                    "History", "The write-ahead log beside {path} does not belong to it "
                               "({reason}), so both were left as they are. Start SiliconDesk "
                               "to set the log aside.").format(path=str(path),
                                                              reason=verdict.reason))
            foreign = _set_foreign_wal_aside(path, verdict.reason)
    if path.exists() and path.stat().st_size > 0:
        healthy = verify_file(path) if full_check else _readable(path)
        if not healthy:
            if refuse_damaged:
                raise _damaged(path)
            moved = move_aside(path)
    conn = connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        backup = _bring_up_to_date(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn, OpenReport(moved, backup, version if backup else None, foreign_wal=foreign)


def _damaged(path: Path) -> HistoryDamaged:
    return HistoryDamaged(translate(
        "History", "The history file {path} is damaged, so it was left as it is. Start "
                   "SiliconDesk to recover what can still be read from it.").format(
                       path=str(path)))


def _bring_up_to_date(conn: sqlite3.Connection, path: Path) -> Path | None:
    """Create or migrate the schema; the migration's backup copy, if one was made."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        text = translate("History", "The history in {path} was written by a newer version of "
                                    "SiliconDesk (schema {version}; this version reads up to "
                                    "{supported}). It has not been changed. Update SiliconDesk, "
                                    "or start it with another --data-dir.")
        raise StoreTooNew(text.format(path=str(path), version=version, supported=SCHEMA_VERSION))
    if version == 0:
        _create(conn)
        return None
    if version == SCHEMA_VERSION:
        return None
    backup = path.with_name(f"{path.stem}.v{version}-backup-{_stamp()}{path.suffix}")
    create_private_file(backup)
    target = sqlite3.connect(backup)
    try:
        with target:
            conn.backup(target)
    finally:
        target.close()
    _migrate(conn, version)
    return backup


@contextmanager
def _schema_change(conn: sqlite3.Connection, version: int) -> Iterator[None]:
    """One transaction that leaves the file at schema ``version``, or as it was."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _create(conn: sqlite3.Connection) -> None:
    with _schema_change(conn, SCHEMA_VERSION):
        _run_script(conn, SCHEMA_V1)
        for target in range(2, SCHEMA_VERSION + 1):
            MIGRATIONS[target](conn)


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with _schema_change(conn, target):
            MIGRATIONS[target](conn)
        log.info("history database migrated to schema %d", target)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
