"""Incremental rendering of a growing Markdown answer into a QTextDocument.

Finished blocks are converted and inserted once; only the open tail is replaced on each
update, so the cost per update depends on the tail, not on the length of the answer.

Insertion is sliced: one call inserts blocks for about ``INSERT_SLICE_S`` (and at most
``INSERT_SLICE_CHARS``, which bounds the layout that follows), and the event loop brings
the rest a slice at a time. A long answer opened at once (100 KB of Markdown costs Qt
about 0.6 s to import and lay out) shows its first screen in one slice and never holds
the window for longer than a slice; :attr:`inserting` says whether some is still to come,
:meth:`finish` inserts it all now (exports of the view, tests, the bench).

Formulas are typeset after the text is laid out: a formula that reads as LaTeX gets its
image's name at once, with a transparent placeholder of about its size, and is typeset a
few at a time when the event loop is idle (a formula costs 3–25 ms; forty of them held a
50 KB answer back by 0.3 s). Each typeset image then replaces its placeholder and only
the block that holds it is laid out again. Until the math font is loaded (in a worker,
the first time a formula is met) a formula gets a placeholder on trust; one that then
turns out not to read as LaTeX has its source put in the placeholder's place.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QImage,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
)

from app.render.answer_style import dress, first_block_format
from app.render.blocks import Block, IncrementalSplitter
from app.render.budget import RenderBudget
from app.render.markdown_html import MarkdownRenderer
from app.render.math_detect import MathSpan
from app.render.math_typeset import MathTypesetter, too_complex

FONT_POLL_MS = 15  # while the math font loads, how often pending formulas look again
TYPESET_SLICE_S = 0.008  # typesetting done at once before the event loop runs again (a
#                          formula takes 3–25 ms: a slice ends after the one that passes it)
INSERT_SLICE_S = 0.012  # inserting blocks done at once before the event loop runs again…
INSERT_SLICE_CHARS = 12_000  # …and how much text, at most (Qt lays it out afterwards)


class RichDocument:
    def __init__(self, document: QTextDocument, renderer: MarkdownRenderer,
                 typesetter: MathTypesetter | None = None, ratio: float = 1.0) -> None:
        self._doc = document
        self._renderer = renderer
        self._typesetter = typesetter
        self._ratio = ratio
        self._math_names: dict[tuple[str, bool], str] = {}
        self._math_sources: dict[str, str] = {}  # image name → the formula as written
        self._splitter = IncrementalSplitter()
        self._budget = RenderBudget()  # what rendering this message may still cost
        self._tail_start = 0
        self._text = ""
        self.code_blocks: dict[int, str] = {}  # block index → code, for "Copy"
        self._pending: dict[str, tuple[str, bool]] = {}  # image name → formula to typeset
        self._trusted: set[str] = set()  # placeholders given before the font could read
        # image name → the ranges of the blocks that show it (a formula may recur)
        self._where: dict[str, list[tuple[int, int]]] = {}
        self._named = 0  # image names given so far (names are never reused)
        self._new_names: list[str] = []  # names given while one block is inserted
        self._queue: deque[tuple[int, Block]] = deque()  # finished blocks not inserted yet
        self._tail: list[Block] = []  # the open tail, inserted once the queue is empty
        self._timer = QTimer(document)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._typeset_some)
        self._inserter = QTimer(document)
        self._inserter.setSingleShot(True)
        self._inserter.setInterval(0)
        self._inserter.timeout.connect(self._insert_some)

    @property
    def text(self) -> str:
        return self._text

    def reset(self) -> None:
        """Empty, as new (the document's images go too: their names with them)."""
        self._doc.clear()
        self._splitter = IncrementalSplitter()
        self._tail_start = 0
        self._text = ""
        self.code_blocks.clear()
        self._math_names.clear()
        self._math_sources.clear()
        self._pending.clear()
        self._trusted.clear()
        self._where.clear()
        self._named = 0
        self._queue.clear()
        self._tail = []
        self._timer.stop()
        self._inserter.stop()

    @property
    def inserting(self) -> bool:
        """Some of the text is still to be inserted (by the event loop)."""
        return bool(self._queue)

    def finish(self) -> None:
        """Insert all of the text now."""
        while self._queue:
            self._insert_some(slice_s=float("inf"), slice_chars=1 << 62)

    @property
    def math_pending(self) -> int:
        """Formulas shown as placeholders, not typeset yet."""
        return len(self._pending)

    def finish_math(self) -> None:
        """Typeset every formula still pending, now (exports of the view, the bench)."""
        if self._pending and self._typesetter is not None:
            self._typesetter.wait_ready()
        while self._pending:
            self._typeset_some(slice_s=float("inf"))

    def _typeset_some(self, slice_s: float = TYPESET_SLICE_S) -> None:
        """Typeset pending formulas for about ``slice_s``, show them, and come back later
        for the rest."""
        if self._typesetter is None:
            self._pending.clear()
            return
        if not self._typesetter.ready():  # the font is loading: look again soon
            self._timer.start(FONT_POLL_MS)
            return
        self._timer.setInterval(0)
        started = time.perf_counter()
        shown: list[str] = []
        unread: list[tuple[str, tuple[str, bool]]] = []
        while self._pending and time.perf_counter() - started < slice_s:
            name, (latex, display) = next(iter(self._pending.items()))
            del self._pending[name]
            pixels, color = self._style()
            if name in self._trusted and not self._typesetter.readable(latex):
                self._trusted.discard(name)
                unread.append((name, (latex, display)))
                continue
            self._trusted.discard(name)
            image = self._typesetter.image(latex, display=display, pixel_size=pixels,
                                           color=color, ratio=self._ratio)
            if image is not None:  # else (rare: read but not laid out) the blank stays
                self._doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name),
                                      image)
                shown.append(name)
        if unread:
            self._show_sources(unread)
        end = self._doc.characterCount()
        dirty = [where for name in shown  # (read now: a source put back moved them)
                 for where in self._where.get(name) or [(0, end)]]
        for start, stop in dirty:  # lay out again only the blocks whose images changed
            start = min(start, end - 1)
            self._doc.markContentsDirty(start, max(1, min(stop, end) - start))
        if self._pending:
            self._timer.start()

    def _show_sources(self, unread: list[tuple[str, tuple[str, bool]]]) -> None:
        """Formulas given placeholders before the font could read them, that do not
        read as LaTeX: each one's source takes its placeholder's place, as text,
        wherever it is shown (and later renders show the source: the names are
        forgotten). Only the blocks that show them are looked through."""
        sources: dict[str, str] = {}
        ranges: list[tuple[int, int]] = []
        for name, key in unread:
            self._math_names.pop(key, None)
            sources[name] = self._math_sources.pop(name, key[0])
            ranges += self._where.pop(name, []) or [(0, self._doc.characterCount())]
        found: list[tuple[int, int, str]] = []
        seen: set[int] = set()
        for start, stop in ranges:
            block = self._doc.findBlock(start)
            while block.isValid() and block.position() <= stop:
                if block.position() not in seen:
                    seen.add(block.position())
                    fragments = block.begin()
                    while not fragments.atEnd():
                        fragment = fragments.fragment()
                        fmt = fragment.charFormat()
                        name = fmt.toImageFormat().name() if fmt.isImageFormat() else ""
                        if name in sources:
                            found.append((fragment.position(), fragment.length(), name))
                        fragments += 1
                block = block.next()
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()
        for position, length, name in sorted(found, reverse=True):  # last first
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertHtml(self._renderer.unread_formula(sources[name]))
            self._shift(position, cursor.position() - position - length)
        cursor.endEditBlock()

    def _shift(self, position: int, delta: int) -> None:
        """Positions after ``position`` moved by ``delta`` characters."""
        if self._tail_start > position:
            self._tail_start += delta
        for name, ranges in self._where.items():
            self._where[name] = [
                (start + delta if start > position else start,
                 stop + delta if stop > position else stop) for start, stop in ranges]

    def _forget_from(self, position: int) -> None:
        """The blocks from ``position`` on are gone (the tail, rendered again)."""
        for name, ranges in self._where.items():
            self._where[name] = [(a, b) for a, b in ranges if a < position]

    def _style(self) -> tuple[int, str]:
        """The formulas' pixel size and colour."""
        return (QFontInfo(self._doc.defaultFont()).pixelSize(),
                "#e6e8eb" if self._renderer.dark else "#1f2328")

    def set_text(self, text: str) -> None:
        if not text.startswith(self._text):  # not a continuation: start over
            self.reset()
        self._text = text
        before = len(self._splitter.finished)
        finished, tail = self._splitter.update(text)
        self._queue.extend((before + offset, block) for offset, block in enumerate(finished))
        self._tail = tail
        if self._inserter.isActive():
            return  # the event loop brings it with the rest, a slice at a time
        self._insert_some()

    def _insert_some(self, slice_s: float = INSERT_SLICE_S,
                     slice_chars: int = INSERT_SLICE_CHARS) -> None:
        """Insert queued blocks for about ``slice_s`` (at least one), then the tail once
        the queue is empty; come back later for the rest."""
        started = time.perf_counter()
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._forget_from(self._tail_start)
        # Removing a tail that began with a list leaves its (empty) first item behind.
        stale = cursor.block().textList()
        if stale is not None and not cursor.block().text():
            stale.remove(cursor.block())
            cursor.setBlockFormat(QTextBlockFormat())
        inserted = 0
        layout = self._doc.documentLayout()
        while self._queue:
            index, block = self._queue.popleft()
            self._insert(cursor, block, index, self._budget)
            inserted += len(block.source)
            if inserted >= slice_chars:
                break
            if slice_s != float("inf"):
                layout.documentSize()  # laid out now, so that the clock counts it
                if time.perf_counter() - started >= slice_s:
                    break
        self._tail_start = cursor.position()
        if not self._queue:
            first_tail = len(self._splitter.finished)
            trial = self._budget.trial()  # the tail is rendered again on the next update
            for offset, block in enumerate(self._tail):
                self._insert(cursor, block, first_tail + offset, trial)
        cursor.endEditBlock()
        if self._queue:
            self._inserter.start()

    def _math(self, span: MathSpan) -> str | None:
        """The name of a formula's image in this document (never a path or URL from the
        model: the name is ours), or None to show its source. A formula not typeset yet
        gets a placeholder of about its size, typeset later (:meth:`_typeset_some`)."""
        if self._typesetter is None:
            return None
        key = (span.latex, span.display)
        if key in self._math_names:
            name = self._math_names[key]
            self._math_sources.setdefault(name, span.source)
            self._new_names.append(name)
            return name
        pixels, color = self._style()
        ready = self._typesetter.ready()  # asked once: the font may arrive meanwhile
        if self._typesetter.cached(span.latex, display=span.display, pixel_size=pixels,
                                   color=color, ratio=self._ratio):
            image = self._typesetter.image(span.latex, display=span.display,
                                           pixel_size=pixels, color=color, ratio=self._ratio)
            pending = False
        elif not ready:  # read once the font is there; trusted till then
            image = None if too_complex(span.latex) else _placeholder(span, pixels,
                                                                      self._ratio)
            pending = True
        else:
            image = _placeholder(span, pixels, self._ratio) \
                if self._typesetter.readable(span.latex) else None
            pending = True
        if image is None:
            return None
        name = f"math:{self._named}"
        self._named += 1
        self._doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        self._math_names[key] = name
        self._math_sources[name] = span.source
        self._new_names.append(name)
        if pending:
            self._pending[name] = key
            if not ready:
                self._trusted.add(name)
            self._timer.start()
        return name

    def formula_source(self, name: str) -> str | None:
        """The formula an image of this document shows, as the model wrote it (what a
        copy of a selection across it gives)."""
        return self._math_sources.get(name)

    def _insert(self, cursor: QTextCursor, block: Block, index: int,
                budget: RenderBudget) -> None:
        if block.code:
            self.code_blocks[index] = block.code_text
        self._new_names.clear()
        html = self._renderer.block(block, index, self._math, budget)
        start = cursor.position()
        spacing = first_block_format(html, first=start == 0)  # presentation: answer_style
        if html.startswith("<table") and cursor.position() > 0:
            pass  # a table (or code block) is a frame of its own after the current paragraph
        elif cursor.position() > 0 and cursor.block().text() == "" and \
                cursor.block().textList() is None:
            # The empty paragraph Qt keeps after a table (or code block): use it rather
            # than add a second, which showed as a blank line.
            cursor.setBlockFormat(spacing)
            cursor.setCharFormat(QTextCharFormat())
        elif cursor.position() > 0:
            # A fresh block format: otherwise a paragraph after a list joins the list.
            cursor.insertBlock(spacing, QTextCharFormat())
            start = cursor.position()
        else:
            cursor.setBlockFormat(spacing)
        if html.startswith("<hr"):
            # insertHtml merges a rule (``---``) into the current block, dropping its
            # ruler (the rule was a blank gap): set it on the block itself.
            spacing.setProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
                                QTextLength(QTextLength.Type.PercentageLength, 100))
            # Qt draws the rule in the block's background colour, when it has one.
            spacing.setBackground(QColor("#444c56" if self._renderer.dark else "#d0d7de"))
            cursor.setBlockFormat(spacing)
        elif html.startswith('<p align="center">'):
            # insertHtml merges its first paragraph into the current block, dropping the
            # paragraph's alignment: set it on the block itself.
            spacing.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            cursor.setBlockFormat(spacing)
        cursor.insertHtml(html)
        dress(self._doc, start, cursor.position(), html)
        # Inserting a table leaves the cursor in its last cell; continue after it.
        cursor.movePosition(QTextCursor.MoveOperation.End)
        for name in self._new_names:  # where this block's formulas are, to lay out again
            ranges = self._where.setdefault(name, [])
            if (start, cursor.position()) not in ranges:
                ranges.append((start, cursor.position()))
        self._new_names.clear()


def _placeholder(span: MathSpan, pixels: int, ratio: float) -> QImage:
    """A transparent image of about the typeset formula's size, so that the text around
    it moves little when the formula arrives."""
    visible = sum(1 for ch in span.latex if ch not in "{}^_\\ ")
    width = max(pixels, min(40 * pixels, round(visible * pixels * 0.55)))
    height = round(pixels * (2.4 if span.display else 1.3))
    image = QImage(max(1, round(width * ratio)), max(1, round(height * ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    image.setDevicePixelRatio(ratio)
    return image

