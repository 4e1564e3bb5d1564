"""How an answer's blocks are spaced once Qt has them: the typography of a chat answer
(Cherry Studio's and ChatGPT's, within what QTextDocument can do).

Qt merges the first paragraph of inserted HTML into the block it lands in and drops that
paragraph's margins and heading level, so the spacing is set on the blocks themselves:
a gap between paragraphs, headings sized by Qt and spaced above more than below, list
items a little apart, and list bullets a space away from their text (Qt puts a bullet
one space of the block's own font before the text: a monospaced space is wide enough).
Lines are set at 1.5 for reading (CJK text especially); code keeps its own.
"""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

PARAGRAPH_GAP = 10.0  # pixels between two paragraphs
# Above and below a heading, by level (Qt sizes them: 2×, 1.5×, 1.2×, 1×…).
HEADING_SPACE = {1: (22.0, 8.0), 2: (20.0, 6.0), 3: (16.0, 4.0), 4: (14.0, 2.0),
                 5: (12.0, 2.0), 6: (12.0, 2.0)}
LIST_ITEM_GAP = 3.0
LINE_HEIGHT = 150  # percent
_HEADING = re.compile(r"<h([1-6])\b")


BULLETS = {QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
           QTextListFormat.Style.ListSquare}


def _marker_font() -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
    font.setFixedPitch(True)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def first_block_format(html: str, first: bool) -> QTextBlockFormat:
    """The format of the block an inserted block of HTML starts in (``first``: at the top
    of the answer, where no gap is wanted)."""
    fmt = QTextBlockFormat()
    found = _HEADING.match(html)
    if found:
        level = int(found.group(1))
        top, bottom = HEADING_SPACE[level]
        fmt.setHeadingLevel(level)
        fmt.setTopMargin(0.0 if first else top)
        fmt.setBottomMargin(bottom)
    elif not first:
        fmt.setTopMargin(PARAGRAPH_GAP)
    return fmt


def dress(doc: QTextDocument, start: int, end: int, html: str) -> None:
    """Line height and list spacing for the blocks from ``start`` to ``end``, inserted
    from ``html``. HTML that begins with a list is not merged by Qt into the block it
    lands in: that block, left empty, would show as a blank line, so it goes. A data
    table or a code block keeps its rows compact (a quote's table reads as text)."""
    list_first = html.startswith(("<ul", "<ol"))
    compact = html.startswith("<table") and not html.startswith('<table class="quote"')
    cursor = QTextCursor(doc)
    block: QTextBlock = doc.findBlock(start)
    if list_first and start > 0 and block.text() == "" and block.textList() is None and \
            block.next().textList() is not None:
        cursor.setPosition(block.position())
        cursor.deletePreviousChar()  # the empty block's separator: the list follows on
        block = doc.findBlock(cursor.position()).next()
    marker = None
    while block.isValid() and block.position() <= end:
        fmt = block.blockFormat()
        if not fmt.nonBreakableLines() and not compact:
            cursor.setPosition(block.position())
            spaced = QTextBlockFormat()
            spaced.setLineHeight(LINE_HEIGHT,
                                 QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            items = block.textList()
            if items is not None:
                spaced.setTopMargin(max(fmt.topMargin(), LIST_ITEM_GAP))
            if items is not None and items.format().style() in BULLETS:
                if marker is None:
                    marker = _marker_font()
                chars = block.charFormat()
                chars.setFont(marker)
                cursor.setBlockCharFormat(chars)
            cursor.mergeBlockFormat(spaced)
        block = block.next()


def space_bullets(doc: QTextDocument) -> None:
    """Every bulleted item of ``doc`` with its bullet a space from the text (the pages of
    the PDF export, laid out at once)."""
    cursor = QTextCursor(doc)
    marker = _marker_font()
    block = doc.begin()
    while block.isValid():
        items = block.textList()
        if items is not None and items.format().style() in BULLETS:
            cursor.setPosition(block.position())
            chars = block.charFormat()
            chars.setFont(marker)
            cursor.setBlockCharFormat(chars)
        block = block.next()
