"""Write transactions (and reads) on the history's connection.

Every text parameter is scrubbed of lone surrogates on the way in, and every failure
of the disk comes out as a typed :class:`~app.storage.errors.StorageError` after a
rollback, so the connection stays usable.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from app.domain.unicode import scrub
from app.storage.errors import StorageFull, history_error


def _scrubbed(params: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(scrub(p) if isinstance(p, str) else p for p in params)


class Writer:
    """The connection inside a write transaction. Every text parameter is scrubbed of
    lone surrogates (``app.domain.unicode``), which SQLite cannot encode: whatever
    reaches the store is stored, whichever layer forgot to scrub it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, _scrubbed(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self._conn.executemany(sql, (_scrubbed(r) for r in rows))


Executor = sqlite3.Connection | Writer


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path | None, *,
                      durable: bool = True) -> Iterator[Writer]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``. ``durable=False`` skips the fsync at commit (WAL
    with synchronous=NORMAL): the write survives the process dying, not a power cut. The
    window's store commits every write so and flushes the log in a worker thread after
    (``log_sync``), so that a slow disk never stalls the window.

    A write the disk refuses raises a :class:`StorageError` (``StorageFull`` for a full
    disk) after a rollback, so a smaller write (a turn's final status) can still
    succeed. Integrity and programming errors are bugs and pass through as they are."""
    try:
        if not durable:
            conn.execute("PRAGMA synchronous = NORMAL")
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield Writer(conn)
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise
        error = history_error(exc, path)
        if isinstance(error, StorageFull):
            _make_room(conn)
        raise error from exc
    finally:
        if not durable:
            with suppress(sqlite3.Error):
                conn.execute("PRAGMA synchronous = FULL")


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it does on SQLITE_FULL)."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _make_room(conn: sqlite3.Connection) -> None:
    """After a full disk: copy the write-ahead log into the database so that the next
    writer starts the log again from its beginning, reusing its space instead of
    growing it. Best effort; the next write says whether it worked."""
    with suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


class _HasPath(Protocol):
    path: Path | None


S = TypeVar("S", bound=_HasPath)
P = ParamSpec("P")
R = TypeVar("R")


def reads(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """A store method that reads: a damaged page or a locked file met while reading is
    a :class:`StorageError` (``HistoryDamaged``, ``StorageBusy``) with a sentence, not
    a bare ``sqlite3.DatabaseError`` in a slot."""
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            raise history_error(exc, self.path) from exc
    functools.update_wrapper(wrapper, method)
    return wrapper
