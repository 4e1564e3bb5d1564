"""Reading a file the user (or anyone) may have replaced with something hostile.

A FIFO would block the open or the read forever, ``/dev/zero`` (through a symlink)
never ends, a 5 GB file fills the memory: open with ``O_NONBLOCK``, insist on a regular
file, and read no more than a cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.domain.text import Text, translate


class UnsafeFile(ValueError):
    """Not a regular file, or larger than the cap; ``reason`` says which, as a clause
    for the sentence that names the file."""

    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``cap`` of them.

    Raises :class:`UnsafeFile` for anything else and ``OSError`` for what the system
    refuses (``FileNotFoundError`` when it is missing)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(translate("Files", "it is not a regular file"))
        if info.st_size > cap:
            raise UnsafeFile(translate("Files", "it is {size} bytes, more than the {cap} "
                                                "allowed").format(size=info.st_size, cap=cap))
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > cap:
            raise UnsafeFile(translate("Files", "it grew past the {cap} bytes allowed while "
                                                "being read").format(cap=cap))
        return b"".join(chunks)
    finally:
        os.close(fd)
