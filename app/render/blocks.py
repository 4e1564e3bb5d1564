"""Split Markdown into top-level blocks so a streaming answer renders incrementally.

A block ends at a blank line outside a fenced code block, or where a fence opens or
closes — except in a list: after a blank line, a further item or an indented line (a
“loose” list, an item's second paragraph) continues the same block, so the list renders
as one. A list is finished only when the first line after it is complete. Finished
blocks never change as more text arrives, so they are rendered once; only the open tail
is re-rendered. :class:`IncrementalSplitter` re-reads only the text after the last
finished block, so the work per update does not grow with the answer.

So that no text can make that tail (or the number of blocks) huge, a text block is
finished at the first line end after MAX_BLOCK_CHARS characters, and after MAX_BLOCKS
blocks the rest of the text is plain blocks (``plain``: shown as text). Past
SOFT_BLOCK_CHARS, a block is already finished where a line starts a block of its own
(a heading, a list item, a quote) or ends a setext heading, so that 32 KB of headings is
not one insertion of 16,000 of them into Qt; an indented code block is cut likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)")
MAX_BLOCK_CHARS = 16_000
SOFT_BLOCK_CHARS = 4_000
PLAIN_CHARS = 4_000  # a plain block past MAX_BLOCKS, about
# A line end after which a new block can start without changing what came before: the
# next line opens a heading or a list item at the margin (an indented item is nested in
# the one before; a quote's lines may hold its code block), or underlines a heading.
_SAFE_CUT = re.compile(r"\n(?=(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|"
                       r"(=+|-+)[ \t]*(?:\n|$)))")
# Past MAX_BLOCK_CHARS: a line end before a line that is not a table row, a quote or an
# indented (list, code) line, which would read differently without the lines before it.
_PLAIN_CUT = re.compile(r"\n(?=[^|> \t\n])")
HARD_BLOCK_CHARS = 64_000  # past this, any line end (a table or a quote this long is cut)
MAX_BLOCKS = 5000  # (each is inserted into Qt in its own step: 0.1–0.8 ms, in slices)


@dataclass(frozen=True)
class Block:
    source: str
    code: bool = False
    language: str = ""
    closed: bool = True  # for code: the closing fence arrived
    plain: bool = False  # past MAX_BLOCKS: shown as text, not parsed

    @property
    def code_text(self) -> str:
        lines = self.source.split("\n")[1:]
        if self.closed and lines:
            lines = lines[:-1]
        return "\n".join(lines)


# A line that can end or start a block: blank, or opening a fence. Other lines only
# extend the block they are in, so they are skipped in bulk.
_EVENT = re.compile(r"^(?:[^\S\n]*$| {0,3}(?:`{3,}|~{3,}))", re.M)
_BLANK_RUN = re.compile(r"(?:[^\S\n]*\n)*")
_NEWLINES = re.compile(r"\n*")
_INDENTED = re.compile(r"(?:(?: {4}|\t)[^\n]*\n|[^\S\n]*\n)*")  # lines of indented code


@lru_cache(maxsize=64)
def _closer(fence: str) -> re.Pattern[str]:
    """A line of only the fence's character, at least as many, with any spaces around."""
    return re.compile(rf"^[^\S\n]*{re.escape(fence[0])}{{{len(fence)},}}[^\S\n]*$", re.M)


def _continues_list(line: str) -> bool:
    """After a blank line in a list: another item, or an indented line of the last one
    (a fence still opens a code block of its own)."""
    return not FENCE.match(line) and (bool(LIST_ITEM.match(line)) or line[:1] in (" ", "\t"))


class _Splitter:
    """One pass over the text. Work is per blank line, fence and block, not per line:
    runs of ordinary lines and of blank lines are found by regular expressions."""

    def __init__(self, text: str, max_blocks: int) -> None:
        self.text = text
        self.max_blocks = max_blocks
        self.last = text.rfind("\n") + 1  # the line still being written starts here
        self.blocks: list[Block] = []
        self.finished = self.finished_end = 0
        self.start = -1  # where the current text block starts (-1: none)
        self.end = -1  # where its last non-blank line ends
        self.in_list = False
        self._event: re.Match[str] | None = None
        self._searched_from = len(text) + 1  # nothing searched yet

    def add(self, start: int, end: int, blank: bool) -> None:
        """Lines text[start:end] join the current text block."""
        if self.start < 0:
            self.start = start
            # (A slice: '^' does not match at a start position of a search.)
            self.in_list = bool(LIST_ITEM.match(self.text[start:start + 16]))
        if not blank:
            self.end = end

    def flush(self) -> None:
        if self.start >= 0 and self.end >= 0:
            self.blocks.append(Block(self.text[self.start:self.end]))
        self.start = self.end = -1

    def finish_at(self, position: int) -> None:
        self.finished, self.finished_end = len(self.blocks), position

    def line_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        return len(self.text) if end < 0 else end

    def run(self) -> tuple[list[Block], int, int]:
        text, pos, size = self.text, 0, len(self.text)
        while pos <= size:
            if self.start < 0 and len(self.blocks) >= self.max_blocks - 1:
                self.plain_rest(pos)
                return self.blocks, self.finished, self.finished_end
            cut = self.cut_long()
            if cut >= 0:
                pos = cut
                continue
            event = self.event(pos)
            at = event.start() if event else size + 1
            if at > pos:  # ordinary lines
                self.add(pos, min(at - 1, size), blank=False)
                cut = self.cut_long()
                if cut >= 0:
                    pos = cut
                    continue
            if event is None:
                break
            end = self.line_end(at)
            line = text[at:end]
            if at == self.last:  # being written: it decides nothing yet
                self.add(at, end, blank=not line.strip())
                break
            if line.strip():  # a fence opens
                self.flush()
                self.finish_at(at)
                opened = FENCE.match(line)
                assert opened is not None  # an event line that is not blank opens a fence
                pos = self.fence(at, end, opened.group(1), opened.group(2))
                continue
            # Blank lines, all but the one being written.
            run_end = _BLANK_RUN.match(text, end + 1).end()  # type: ignore[union-attr]
            if run_end > self.last:
                run_end = self.last
            if self.in_list and self.start >= 0:
                pos = self.after_gap(run_end)
            else:
                self.flush()
                self.finish_at(run_end)
                pos = run_end
        self.flush()
        return self.blocks, self.finished, self.finished_end

    def plain_rest(self, pos: int) -> None:
        """Past MAX_BLOCKS, the rest of the text as plain blocks of about PLAIN_CHARS each
        (Qt spends 15 µs on a line break: one block of all of them would hold the window
        as long as it takes), finished as each is complete."""
        text = self.text
        while True:
            pos = _NEWLINES.match(text, pos).end()  # type: ignore[union-attr]
            cut = text.find("\n", pos + PLAIN_CHARS)
            if cut < 0 or cut + 1 > self.last:  # the rest, still growing
                rest = text[pos:].rstrip("\n")
                if rest.strip():
                    self.blocks.append(Block(rest, plain=True))
                return
            if text[pos:cut].strip():
                self.blocks.append(Block(text[pos:cut], plain=True))
            pos = cut + 1
            self.finish_at(pos)

    def event(self, pos: int) -> re.Match[str] | None:
        """The first blank or fence line at or after ``pos``. Kept: after a long block is
        cut, the text after the cut is read again, and holds no other."""
        if self._searched_from <= pos and (self._event is None
                                           or pos <= self._event.start()):
            return self._event
        self._event = _EVENT.search(self.text, pos)
        self._searched_from = pos
        return self._event

    def cut_long(self) -> int:
        """Finish a text block that grew past SOFT_BLOCK_CHARS where a new block can start,
        or past MAX_BLOCK_CHARS at its first complete line after that; where the text
        goes on, or -1."""
        if self.start < 0 or self.end - self.start <= SOFT_BLOCK_CHARS:
            return -1
        limit = min(self.end, self.start + MAX_BLOCK_CHARS)
        code = None  # an indented code block from its start: cut anywhere past the soft cap
        if self.text[self.start] in " \t" and not self.in_list:
            code = _INDENTED.match(self.text, self.start,
                                   min(limit, self.start + 2 * SOFT_BLOCK_CHARS))
        if code is not None and code.end() > self.start + SOFT_BLOCK_CHARS:
            cut = self.text.find("\n", self.start + SOFT_BLOCK_CHARS, min(code.end(), limit))
        elif (safe := _SAFE_CUT.search(self.text, self.start + SOFT_BLOCK_CHARS, limit)):
            # Before the line that opens a block, or after a setext heading's underline.
            cut = self.text.find("\n", safe.end()) if safe.group(1) else safe.start()
        elif self.end - self.start > MAX_BLOCK_CHARS:
            if self.text.find("\n", self.start + MAX_BLOCK_CHARS, self.end) < 0:
                return self.cut_line()  # one line goes on past the cap
            plain = _PLAIN_CUT.search(self.text, self.start + MAX_BLOCK_CHARS,
                                      min(self.end, self.start + HARD_BLOCK_CHARS))
            if plain is not None:
                cut = plain.start()
            elif self.end - self.start <= HARD_BLOCK_CHARS:
                return -1  # a table, a quote or a list: whole up to HARD_BLOCK_CHARS
            else:
                cut = self.text.find("\n", self.start + HARD_BLOCK_CHARS,
                                     min(self.end, self.start + HARD_BLOCK_CHARS
                                         + SOFT_BLOCK_CHARS))
                if cut < 0:  # the line goes on much further
                    return self.cut_line()
        else:
            return -1
        if cut < 0 or cut + 1 > self.last:
            return -1
        self.end = cut
        self.flush()
        self.finish_at(cut + 1)
        return cut + 1

    def cut_line(self) -> int:
        """A block past MAX_BLOCK_CHARS whose last line goes on much further: cut at a line
        end between SOFT_BLOCK_CHARS and twice that, else at the last space there, else at
        twice (a paragraph of a megabyte would be laid out by Qt in one go; 16 KB of "<"
        takes it 50 ms). What comes before the cut is final even while the line grows."""
        low, limit = self.start + SOFT_BLOCK_CHARS, self.start + 2 * SOFT_BLOCK_CHARS
        line_end = self.text.rfind("\n", low, limit)
        space = self.text.rfind(" ", low, limit) if line_end < 0 else line_end
        self.end = space if space >= 0 else limit
        self.flush()
        after = space + 1 if space >= 0 else limit
        self.finish_at(after)
        return after

    def after_gap(self, pos: int) -> int:
        """A list met blank lines: the next line says whether it goes on."""
        end = self.line_end(pos)
        line = self.text[pos:end]
        if pos == self.last or _continues_list(line):
            self.add(pos, end, blank=not line.strip())
            return end + 1
        self.flush()
        self.finish_at(pos)
        return pos

    def fence(self, start: int, end: int, fence: str, language: str) -> int:
        text = self.text
        closing = _closer(fence).search(text, end + 1)
        if closing is None or closing.start() == self.last:
            self.blocks.append(Block(text[start:], True, language, False))
            return len(text) + 1
        close_end = self.line_end(closing.start())
        self.blocks.append(Block(text[start:close_end], True, language, True))
        self.finish_at(close_end + 1)
        return close_end + 1


def split_blocks(text: str, max_blocks: int = MAX_BLOCKS) -> tuple[list[Block], int, int]:
    """(blocks, how many are finished, where the finished text ends)."""
    return _Splitter(text, max_blocks).run()


@dataclass
class IncrementalSplitter:
    """Feed the whole text so far; get the blocks that just finished and the open tail."""

    finished: list[Block] = field(default_factory=list)
    _offset: int = 0

    def update(self, text: str) -> tuple[list[Block], list[Block]]:
        blocks, count, end = split_blocks(text[self._offset :],
                                          MAX_BLOCKS - len(self.finished))
        new = blocks[:count]
        self.finished.extend(new)
        self._offset += end
        return new, blocks[count:]
