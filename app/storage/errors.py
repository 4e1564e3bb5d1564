"""Typed errors for what the disk refused, each with a sentence for the user.

Every write of the history and the settings raises one of these instead of
``sqlite3.OperationalError`` or ``OSError``, so the window picks its message by type
and nothing below the UI ever lets an untyped exception reach a slot (or the quit path).
"""

from __future__ import annotations

import errno
import resource
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from app.domain.text import TextError, translate

_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_LOW_SPACE = 1 << 20  # under 1 MB free: an I/O error while writing is a full disk


class StorageError(TextError):
    """The disk refused a read or a write; ``text`` says what and what to do."""

    def to_json(self) -> dict[str, Any]:
        """The saved form of a message's error (the shape of ``ApiError.to_json``, which
        ``app.services.i18n.tr_error`` shows), for a turn the disk ended."""
        return {"type": type(self).__name__, "status": None, "code": None,
                "message": str(self), "action": "none", "text": self.text.to_json(),
                "detail": None}


class StorageFull(StorageError):
    """No room left (SQLITE_FULL, ENOSPC, EFBIG, a quota): free some space."""


class StorageReadOnly(StorageError):
    """The file or its folder cannot be written (permissions, a read-only disk)."""


class StorageBusy(StorageError):
    """Another program holds the history locked."""


class HistoryDamaged(StorageError):
    """The history file is damaged; the command that met it changed nothing."""


def _looks_full(paths: list[Path]) -> bool:
    """After an unspecific I/O error: is the disk, or this process's file-size limit, full?
    SQLite reports a write refused with EFBIG as a plain I/O error (os_unix.c keeps
    SQLITE_FULL for ENOSPC), so the sizes are looked at here."""
    try:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    except (OSError, ValueError):
        limit = resource.RLIM_INFINITY
    for path in paths:
        try:
            if limit != resource.RLIM_INFINITY and path.stat().st_size + 65536 >= limit:
                return True
        except OSError:
            pass
    try:
        folder = next((p.parent for p in paths if p.parent.exists()), None)
        return folder is not None and shutil.disk_usage(folder).free < _LOW_SPACE
    except OSError:
        return False


def history_error(exc: sqlite3.Error | OSError, path: Path | None) -> StorageError:
    """The typed error for ``exc``, met while reading or writing the history at ``path``."""
    where = str(path) if path is not None else ""
    sides = [] if path is None else [path, path.with_name(path.name + "-wal")]
    if isinstance(exc, OSError):
        code = exc.errno
        if code in _FULL_ERRNOS:
            return _full_history()
        if code in _DENIED_ERRNOS:
            return _read_only_history(where)
        return _history_failed(exc.strerror or type(exc).__name__)
    primary = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    message = str(exc)
    if primary == _SQLITE_FULL or "database or disk is full" in message:
        return _full_history()
    if primary == _SQLITE_IOERR and _looks_full(sides):
        return _full_history()
    if primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
        return _read_only_history(where)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageBusy(translate(
            "Storage", "The history is locked by another program (another SiliconDesk on "
                       "the same data folder?). Close it and try again.").format())
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return HistoryDamaged(translate(
            "Storage", "The history file {path} is damaged ({reason}).").format(
                path=where, reason=message))
    return _history_failed(message)


def _full_history() -> StorageFull:
    return StorageFull(translate(
        "Storage", "The disk is full: the history could not be saved. Free some space; "
                   "what was saved before is kept."))


def _read_only_history(where: str) -> StorageReadOnly:
    return StorageReadOnly(translate(
        "Storage", "The history file {path} cannot be written (it, or its folder, is "
                   "read-only). Nothing new can be saved until that is fixed.").format(
                       path=where))


def _history_failed(reason: str) -> StorageError:
    return StorageError(translate(
        "Storage", "The history could not be saved ({reason}).").format(reason=reason))


def settings_error(exc: OSError | ValueError, path: Path) -> StorageError:
    """The typed error for a failed settings save (``ValueError``: text it cannot encode)."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _FULL_ERRNOS:
        return StorageFull(translate(
            "Storage", "The disk is full: the settings could not be saved. Free some "
                       "space; this session keeps the change."))
    if code in _DENIED_ERRNOS:
        return StorageReadOnly(translate(
            "Storage", "The settings file {path} cannot be written (it, or its folder, is "
                       "read-only); this session keeps the change.").format(path=str(path)))
    reason = (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__
    return StorageError(translate(
        "Storage", "The settings could not be saved ({reason}); this session keeps the "
                   "change.").format(reason=reason))

