"""Incremental rendering of a growing Markdown answer into a QTextDocument.

Finished blocks are converted and inserted once; only the open tail is replaced on each
update, so the cost per update depends on the tail, not on the length of the answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QFontInfo,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from app.render.answer_style import dress, first_block_format
from app.render.blocks import Block, IncrementalSplitter
from app.render.budget import RenderBudget
from app.render.markdown_html import MarkdownRenderer
from app.render.math_detect import MathSpan
from app.render.math_typeset import MathTypesetter


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

    def set_text(self, text: str) -> None:
        if not text.startswith(self._text):  # not a continuation: start over
            self.reset()
        self._text = text
        before = len(self._splitter.finished)
        finished, tail = self._splitter.update(text)
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()
        cursor.setPosition(self._tail_start)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # Removing a tail that began with a list leaves its (empty) first item behind.
        stale = cursor.block().textList()
        if stale is not None and not cursor.block().text():
            stale.remove(cursor.block())
            cursor.setBlockFormat(QTextBlockFormat())
        for offset, block in enumerate(finished):
            self._insert(cursor, block, before + offset, self._budget)
        self._tail_start = cursor.position()
        first_tail = before + len(finished)
        trial = self._budget.trial()  # the tail is rendered again on the next update
        for offset, block in enumerate(tail):
            self._insert(cursor, block, first_tail + offset, trial)
        cursor.endEditBlock()

    def _math(self, span: MathSpan) -> str | None:
        """Typeset a formula and register it in this document (never a path or URL from
        the model: the name is ours)."""
        if self._typesetter is None:
            return None
        key = (span.latex, span.display)
        if key in self._math_names:
            name = self._math_names[key]
            self._math_sources.setdefault(name, span.source)
            return name
        pixels = QFontInfo(self._doc.defaultFont()).pixelSize()
        color = "#e6e8eb" if self._renderer.dark else "#1f2328"
        image = self._typesetter.image(span.latex, display=span.display, pixel_size=pixels,
                                       color=color, ratio=self._ratio)
        if image is None:
            return None
        name = f"math:{len(self._math_names)}"
        self._doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        self._math_names[key] = name
        self._math_sources[name] = span.source
        return name

    def formula_source(self, name: str) -> str | None:
        """The formula an image of this document shows, as the model wrote it (what a
        copy of a selection across it gives)."""
        return self._math_sources.get(name)

    def _insert(self, cursor: QTextCursor, block: Block, index: int,
                budget: RenderBudget) -> None:
        if block.code:
            self.code_blocks[index] = block.code_text
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
        if html.startswith('<p align="center">'):
            # insertHtml merges its first paragraph into the current block, dropping the
            # paragraph's alignment: set it on the block itself.
            spacing.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            cursor.setBlockFormat(spacing)
        cursor.insertHtml(html)
        dress(self._doc, start, cursor.position(), html)
        # Inserting a table leaves the cursor in its last cell; continue after it.
        cursor.movePosition(QTextCursor.MoveOperation.End)
