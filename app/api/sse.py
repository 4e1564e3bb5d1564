"""Server-sent events from bytes, holding at most one bounded event.

httpx-sse (0.4) joins a line's pieces until its newline arrives, with no limit: a 20 MB
or endless ``data:`` line is all held, then split and decoded again. This parser keeps
one line and one event's data, each at most ``max_event`` bytes, and raises
:func:`~app.api.errors.event_too_large` past that. Only ``data`` matters to the chat
API; ``event``, ``id``, ``retry`` and comments (``: keep-alive``) are skipped, and so
are lines that are not ``field: value``, as the SSE spec says.
"""

from __future__ import annotations

import re

from app.api.read_errors import event_too_large

_NEWLINE = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"


class SseParser:
    """Feed body bytes; get back the data of each complete event, decoded leniently
    (bytes that are not UTF-8 become U+FFFD)."""

    def __init__(self, max_event: int) -> None:
        self._max = max_event
        self._line = bytearray()
        self._data = bytearray()
        self._has_data = False
        self._after_cr = False  # a "\r" ended the last piece: a "\n" next belongs to it
        self._start = True

    def feed(self, piece: bytes, events: list[str]) -> None:
        """Append the events ``piece`` completes to ``events``; past the limit, raise with
        the events before it appended."""
        if self._after_cr and piece.startswith(b"\n"):
            piece = piece[1:]
        self._after_cr = piece.endswith(b"\r")
        start = 0
        for match in _NEWLINE.finditer(piece):
            self._append(piece, start, match.start())
            self._end_line(events)
            start = match.end()
        self._append(piece, start, len(piece))

    def finish(self) -> list[str]:
        """The event still open when the body ends (some servers send no blank line
        after ``data: [DONE]``; the spec would drop it, real clients must not)."""
        events: list[str] = []
        if self._line:
            self._end_line(events)
        self._end_line(events)
        return events

    def _append(self, piece: bytes, start: int, end: int) -> None:
        if end <= start:
            return
        if len(self._line) + len(self._data) + end - start > self._max:
            raise event_too_large(self._max)
        self._line += piece[start:end]

    def _end_line(self, events: list[str]) -> None:
        line = bytes(self._line)
        self._line.clear()
        if self._start:
            self._start = False
            line = line.removeprefix(_BOM)
        if not line:
            if self._has_data:
                events.append(self._data.decode("utf-8", "replace"))
            self._data.clear()
            self._has_data = False
            return
        if line.startswith(b":"):
            return
        name, colon, value = line.partition(b":")
        if name != b"data":
            return
        if colon and value.startswith(b" "):
            value = value[1:]
        if self._has_data:
            self._data += b"\n"
        self._data += value
        self._has_data = True
