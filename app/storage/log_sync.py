"""Making the history's writes durable without the window waiting for the disk.

A streaming answer is checkpointed every half second without an fsync; the next write
committed with one (``synchronous = FULL``: the answer's end, the conversation's new
leaf, a lab run's arm) made the disk flush all of them there and then: 33–50 ms on the
window's thread, 70 ms of lateness as four answers ended at once. Instead every write
commits without waiting (WAL, ``synchronous = NORMAL``: it survives the process dying)
and :class:`LogSyncer` flushes the write-ahead log in a worker thread at once after
(an ``fsync`` of the file covers every frame any connection wrote to it). Closing the
store waits for it, so a quit is always durable; a power cut within those milliseconds
can lose what a process crash never does.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)


class LogSyncer:
    def __init__(self, database: Path) -> None:
        self._wal = database.with_name(database.name + "-wal")
        self._pool: ThreadPoolExecutor | None = None
        self._queued = threading.Event()  # a flush is waiting to run: no second one

    def soon(self) -> None:
        """Flush the log in a worker thread, once, soon."""
        if self._queued.is_set():
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="history-sync")
        self._queued.set()
        self._pool.submit(self._flush)

    def _flush(self) -> None:
        try:
            self._fsync()
        except Exception:  # a worker's exception would vanish in its future: say it
            log.exception("history: flushing the write-ahead log failed")

    def _fsync(self) -> None:
        self._queued.clear()  # a write after this point asks for a flush of its own
        try:
            fd = os.open(self._wal, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            return  # checkpointed into the database file, which SQLite synced
        except OSError:
            log.warning("history: cannot open the write-ahead log to flush it", exc_info=True)
            return
        try:
            os.fsync(fd)
        except OSError:
            log.warning("history: flushing the write-ahead log failed", exc_info=True)
        finally:
            os.close(fd)

    def close(self) -> None:
        """Wait for the flushes asked for."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
