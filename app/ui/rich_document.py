"""Incremental rendering of a growing Markdown answer into a QTextDocument.

Finished blocks are converted and inserted once; only the open tail is replaced on each
update, so the cost per update depends on the tail, not on the length of the answer.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from app.render.blocks import Block, IncrementalSplitter
from app.render.markdown_html import MarkdownRenderer


class RichDocument:
    def __init__(self, document: QTextDocument, renderer: MarkdownRenderer) -> None:
        self._doc = document
        self._renderer = renderer
        self._splitter = IncrementalSplitter()
        self._tail_start = 0
        self._text = ""
        self.code_blocks: dict[int, str] = {}  # block index → code, for "Copy"

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if not text.startswith(self._text):  # not a continuation: start over
            self._doc.clear()
            self._splitter = IncrementalSplitter()
            self._tail_start = 0
            self.code_blocks.clear()
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
            self._insert(cursor, block, before + offset)
        self._tail_start = cursor.position()
        first_tail = before + len(finished)
        for offset, block in enumerate(tail):
            self._insert(cursor, block, first_tail + offset)
        cursor.endEditBlock()

    def _insert(self, cursor: QTextCursor, block: Block, index: int) -> None:
        if cursor.position() > 0:
            # A fresh block format: otherwise a paragraph after a list joins the list.
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        if block.code:
            self.code_blocks[index] = block.code_text
        cursor.insertHtml(self._renderer.block(block, index))
        # Inserting a table leaves the cursor in its last cell; continue after it.
        cursor.movePosition(QTextCursor.MoveOperation.End)
