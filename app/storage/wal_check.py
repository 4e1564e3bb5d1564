"""Is the ``-wal`` file beside the history really its own?

SQLite applies whatever valid write-ahead log it finds next to a database: a ``-wal``
copied from another database (a restored backup, a synced folder) silently replaces
the history with that database's pages, and the next checkpoint truncates the file.
Before the history is opened for writing, the log is read here and refused when:

- its header is not a WAL header, or its page size is not the database's;
- its last commit would leave the database smaller than the file already is
  (SQLite never shrinks a file without VACUUM, which SiliconDesk does not run); or
- the database as the log would make it is not a SiliconDesk history (read-only).
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000
_WAL_HEADER = 32
_FRAME_HEADER = 24
_DB_HEADER = 100


@dataclass(frozen=True)
class WalVerdict:
    belongs: bool
    reason: str = ""


def _db_page_size(path: Path) -> int | None:
    with path.open("rb") as f:
        header = f.read(_DB_HEADER)
    if len(header) < _DB_HEADER or not header.startswith(b"SQLite format 3\0"):
        return None
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def _commit_sizes(wal: Path, page_size: int) -> list[int] | str:
    """The database size (in pages) after each commit of the log's current generation,
    or why the log is not one."""
    with wal.open("rb") as f:
        header = f.read(_WAL_HEADER)
        if len(header) < _WAL_HEADER:
            return "the log's header is incomplete"
        magic, version, wal_page, _seq, salt1, salt2 = struct.unpack(">6I", header[:24])
        if magic not in _WAL_MAGIC or version != _WAL_VERSION:
            return "it is not a write-ahead log"
        if wal_page != page_size:
            return f"its page size is {wal_page}, the history's is {page_size}"
        sizes: list[int] = []
        while True:
            frame = f.read(_FRAME_HEADER)
            if len(frame) < _FRAME_HEADER:
                break
            _page, db_size, s1, s2 = struct.unpack(">4I", frame[:16])
            if (s1, s2) != (salt1, salt2):
                break  # frames of an earlier generation: SQLite ignores them too
            if db_size:
                sizes.append(db_size)
            f.seek(page_size, 1)
        return sizes


def _is_ours_with_log(path: Path) -> str:
    """Open read-only (SQLite reads through the log without writing the database) and
    look for our tables; an empty string means it looks like a SiliconDesk history."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"conversations", "messages"} <= tables:
                return "with it applied, the file is not a SiliconDesk history"
            conn.execute("SELECT count(*) FROM conversations").fetchone()
            return ""
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"with it applied, the file cannot be read ({exc})"


def check_wal(path: Path) -> WalVerdict:
    """Whether ``path``'s ``-wal`` (when there is a non-empty one) belongs to it."""
    wal = path.with_name(path.name + "-wal")
    try:
        if not wal.is_file() or wal.stat().st_size == 0 or not path.is_file():
            return WalVerdict(True)
        file_size = path.stat().st_size
        page_size = _db_page_size(path) if file_size else None
        if file_size and page_size is None:
            return WalVerdict(True)  # not a database at all: the damage check handles it
        if page_size is not None:
            sizes = _commit_sizes(wal, page_size)
            if isinstance(sizes, str):
                return WalVerdict(False, sizes)
            # The file's size was read before the log: a writer working meanwhile only
            # grows both. Earlier commits may be smaller than a file a checkpoint has
            # already brought up to date; the last one never is.
            pages = file_size // page_size
            if sizes and sizes[-1] < pages:
                return WalVerdict(False, f"it would shrink the history from {pages} pages "
                                         f"to {sizes[-1]}")
    except OSError as exc:
        return WalVerdict(False, f"it cannot be read ({exc.strerror or exc})")
    reason = _is_ours_with_log(path)
    return WalVerdict(not reason, reason)
