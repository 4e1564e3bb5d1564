"""Making the history's last writes durable without the window waiting for the disk.

The final write of an answer follows dozens of checkpoints written without an fsync;
committing it with one (``synchronous = FULL``) made the disk flush all of them there
and then: 33–40 ms on the window's thread, as four answers ended at once, 70 ms of
lateness. Instead the final write commits like a checkpoint and :class:`LogSyncer`
flushes the write-ahead log in a worker thread at once after (``fsync`` of the file,
which covers every frame written to it by any connection). Closing the store waits for
it, so a quit is always durable; a power cut within those milliseconds loses what a
process crash never does.
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
