"""A message's height guessed from its outline (its size, no text), before it is laid out.

Cheap enough for thousands at once (a few arithmetic operations each); it only has to be
close, so that the scroll bar does not jump when the real height replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtGui import QFontMetrics

from app.domain.history import OUTLINE_SHOWN, Message, MessageOutline, outline_of

CHROME_LINES = 3.2  # role line, action row, margins and spacing, in lines of text
SHOWN_CHARS = OUTLINE_SHOWN  # of a longer text, the part laid out at first (then per click)


class Estimator:
    def __init__(self, metrics: QFontMetrics) -> None:
        self._line = max(1, metrics.lineSpacing())
        self._char = max(1.0, metrics.averageCharWidth() * 1.05)

    def height(self, message: Message, width: int) -> int:
        return self.heights([outline_of(message)], width)[0]

    def heights(self, outlines: Sequence[MessageOutline], width: int,
                measured: Mapping[str, tuple[int, int]] | None = None) -> list[int]:
        """``measured``: id → (width, height) of those laid out before; at this width,
        their measured height is taken."""
        per_line = max(8.0, (width - 36) / self._char)  # the body's padding
        line, chrome = self._line, CHROME_LINES * self._line + 20
        known = measured or {}
        out = []
        for o in outlines:
            seen = known.get(o.id)
            if seen is not None and seen[0] == width:
                out.append(seen[1])
                continue
            lines = o.lines + (o.chars + o.wide) / per_line + 1
            if o.reasoning or o.tool_calls or o.images or o.files:
                lines += _extra(o)
            out.append(int(chrome + line * lines))
        return out


def _extra(o: MessageOutline) -> float:
    """Lines for the thinking toggle, the tool-call cards and the attachments (a row of
    thumbnails, a line per file)."""
    return ((1.5 if o.reasoning else 0.0) + 4.0 * o.tool_calls
            + (6.0 if o.images else 0.0) + 1.6 * o.files)
