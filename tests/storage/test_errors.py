"""Which typed error (and sentence) each refusal of the disk becomes."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from app.storage.errors import (
    HistoryDamaged,
    StorageBusy,
    StorageError,
    StorageFull,
    StorageReadOnly,
    history_error,
    settings_error,
)

PATH = Path("/data/history.sqlite3")


def _sqlite(code: int, message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize("exc, kind", [
    (OSError(errno.ENOSPC, "No space left on device"), StorageFull),
    (OSError(errno.EFBIG, "File too large"), StorageFull),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), StorageFull),
    (OSError(errno.EACCES, "Permission denied"), StorageReadOnly),
    (OSError(errno.EROFS, "Read-only file system"), StorageReadOnly),
    (OSError(errno.EIO, "Input/output error"), StorageError),
    (_sqlite(13, "database or disk is full"), StorageFull),
    (_sqlite(8, "attempt to write a readonly database"), StorageReadOnly),
    (_sqlite(1032, "attempt to write a readonly database"), StorageReadOnly),
    (_sqlite(14, "unable to open database file"), StorageReadOnly),
    (_sqlite(5, "database is locked"), StorageBusy),
    (_sqlite(11, "database disk image is malformed"), HistoryDamaged),
    (_sqlite(26, "file is not a database"), HistoryDamaged),
    (_sqlite(778, "disk I/O error"), StorageError),  # not full: a plain failure
])
def test_history_errors(exc: Exception, kind: type[StorageError]) -> None:
    error = history_error(exc, PATH)  # type: ignore[arg-type]
    assert type(error) is kind
    if kind is StorageReadOnly:
        assert str(error) == (f"The history file {PATH} cannot be written (it, or its "
                              "folder, is read-only). Nothing new can be saved until that is "
                              "fixed.")
    if kind is StorageError:
        assert str(error).startswith("The history could not be saved (")


def test_settings_errors() -> None:
    path = Path("/data/settings.json")
    assert type(settings_error(OSError(errno.ENOSPC, "x"), path)) is StorageFull
    denied = settings_error(PermissionError(errno.EACCES, "x"), path)
    assert str(denied) == (f"The settings file {path} cannot be written (it, or its folder, "
                           "is read-only); this session keeps the change.")
    assert str(settings_error(UnicodeEncodeError("utf-8", "", 0, 1, "x"), path)) == (
        "The settings could not be saved (UnicodeEncodeError); this session keeps the change.")
