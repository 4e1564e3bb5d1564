"""Attachments being made ready: each file or pasted image is prepared in a worker
thread (decoding and re-encoding a 24-megapixel photo takes about a second), and the
result, or the reason it was refused, comes back as a signal on the GUI thread."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.domain.text import Text
from app.services.attach_prepare import AttachmentRefused, Limits, prepare, read_file
from app.services.background import Background
from app.services.failures import failure_text
from app.storage.settings import Settings

log = logging.getLogger(__name__)


def limits_of(settings: Settings) -> Limits:
    return Limits(image_side=settings.image_side, text_bytes=settings.file_text_kb * 1000)


class Attacher(QObject):
    started = Signal(int, str)  # ticket, name: shown as "preparing" until one of:
    ready = Signal(int, object)  # ticket, Attachment
    refused = Signal(int, object)  # ticket, Text: why it cannot be attached

    def __init__(self, background: Background, limits: Callable[[], Limits],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = background
        self._limits = limits
        self._tickets = itertools.count(1)
        self._pending: dict[int, asyncio.Task[None]] = {}
        self._stops: dict[int, threading.Event] = {}

    def attach_file(self, path: Path) -> int:
        limits = self._limits()
        return self._spawn(path.name, lambda stop: prepare(read_file(path), path.name, limits,
                                                           stop.is_set))

    def attach_bytes(self, data: bytes, name: str) -> int:
        limits = self._limits()
        return self._spawn(name, lambda stop: prepare(data, name, limits, stop.is_set))

    def attach_made(self, make: Callable[[], bytes], name: str) -> int:
        """``make`` builds the bytes in the worker too (an image from the clipboard that
        has to be encoded first)."""
        limits = self._limits()
        return self._spawn(name, lambda stop: prepare(make(), name, limits, stop.is_set))

    def cancel(self, ticket: int) -> None:
        """Forget the attachment; its worker stops at its next step (a PDF's next page)."""
        task = self._pending.pop(ticket, None)
        stop = self._stops.pop(ticket, None)
        if stop is not None:
            stop.set()
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        """At shutdown: no worker thread goes on reading a long PDF."""
        for ticket in list(self._pending):
            self.cancel(ticket)

    async def wait(self) -> None:
        """Until every attachment started so far is ready or refused (tests)."""
        while self._pending:
            await asyncio.gather(*self._pending.values(), return_exceptions=True)

    def _spawn(self, name: str, work: Callable[[threading.Event], object]) -> int:
        ticket = next(self._tickets)
        stop = self._stops[ticket] = threading.Event()
        self.started.emit(ticket, name)

        async def run() -> None:
            try:
                attachment = await asyncio.to_thread(work, stop)
            except AttachmentRefused as err:
                self._refuse(ticket, err.text)
            except (MemoryError, OSError, ValueError) as err:
                log.exception("attachment %s could not be prepared", name)
                self._refuse(ticket, failure_text(err))
            else:
                self._stops.pop(ticket, None)
                if self._pending.pop(ticket, None) is not None:
                    self.ready.emit(ticket, attachment)

        self._pending[ticket] = self._background.spawn(run(), f"attach {name}")
        return ticket

    def _refuse(self, ticket: int, reason: Text) -> None:
        self._stops.pop(ticket, None)
        if self._pending.pop(ticket, None) is not None:
            self.refused.emit(ticket, reason)
