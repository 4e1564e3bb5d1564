"""The files SiliconDesk keeps in its data folder, and how they are created: the folder
0700 and every file in it 0600, since history, settings and logs are the user's own."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def history_path(data_dir: Path) -> Path:
    return data_dir / "history.sqlite3"


def settings_path(data_dir: Path) -> Path:
    return data_dir / "settings.json"


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "silicondesk.log"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700. A folder that already exists keeps
    its mode: ``--data-dir`` may name a folder the user made and shares on purpose."""
    if path.is_dir():
        return
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=DIR_MODE)
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask


def create_private_file(path: Path) -> None:
    """Make sure ``path`` exists as a 0600 file before a library (SQLite, logging) opens
    it with its own default mode. SQLite gives its ``-wal`` and ``-shm`` files the mode of
    the database file, so they follow. An existing file is tightened to 0600 too."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NONBLOCK, FILE_MODE)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode) and mode & 0o077:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
