"""Split Markdown into top-level blocks so a streaming answer renders incrementally.

A block ends at a blank line outside a fenced code block, or where a fence opens or
closes — except in a list: after a blank line, a further item or an indented line (a
“loose” list, an item's second paragraph) continues the same block, so the list renders
as one. A list is finished only when the first line after it is complete. Finished
blocks never change as more text arrives, so they are rendered once; only the open tail
is re-rendered. :class:`IncrementalSplitter` re-reads only the text after the last
finished block, so the work per update does not grow with the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)")


@dataclass(frozen=True)
class Block:
    source: str
    code: bool = False
    language: str = ""
    closed: bool = True  # for code: the closing fence arrived

    @property
    def code_text(self) -> str:
        lines = self.source.split("\n")[1:]
        if self.closed and lines:
            lines = lines[:-1]
        return "\n".join(lines)


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _in_list(current: list[str]) -> bool:
    first = next((line for line in current if line.strip()), "")
    return bool(LIST_ITEM.match(first))


def _continues_list(line: str) -> bool:
    """After a blank line in a list: another item, or an indented line of the last one
    (a fence still opens a code block of its own)."""
    return not FENCE.match(line) and (bool(LIST_ITEM.match(line)) or line[:1] in (" ", "\t"))


def split_blocks(text: str) -> tuple[list[Block], int, int]:
    """(blocks, how many are finished, where the finished text ends)."""
    blocks: list[Block] = []
    current: list[str] = []
    fence: str | None = None
    language = ""
    finished = finished_end = 0
    position = 0
    lines = text.split("\n")
    list_gap = False  # a list met a blank line: the next line says whether it goes on

    def flush_text() -> None:
        nonlocal current
        while current and not current[-1].strip():
            current.pop()
        if current:
            blocks.append(Block("\n".join(current)))
        current = []

    for i, line in enumerate(lines):
        last = i == len(lines) - 1  # a line still being written
        start, position = position, position + len(line) + 1
        if fence is None and list_gap and line.strip():
            if last or _continues_list(line):  # a line being written is not decided yet
                list_gap = False
                current.append(line)
                continue
            list_gap = False
            flush_text()
            finished, finished_end = len(blocks), start
        if fence is None:
            match = FENCE.match(line)
            if match and not last:
                flush_text()
                finished, finished_end = len(blocks), start
                fence, language = match.group(1), match.group(2)
                current = [line]
            elif not line.strip() and not last and _in_list(current):
                current.append(line)
                list_gap = True
            elif not line.strip() and not last:
                flush_text()
                finished, finished_end = len(blocks), position
            else:
                current.append(line)
        else:
            current.append(line)
            if _closes(line, fence) and not last:
                blocks.append(Block("\n".join(current), True, language, True))
                current, fence = [], None
                finished, finished_end = len(blocks), position
    if fence is not None:
        blocks.append(Block("\n".join(current), True, language, False))
    else:
        flush_text()
    return blocks, finished, finished_end


@dataclass
class IncrementalSplitter:
    """Feed the whole text so far; get the blocks that just finished and the open tail."""

    finished: list[Block] = field(default_factory=list)
    _offset: int = 0

    def update(self, text: str) -> tuple[list[Block], list[Block]]:
        blocks, count, end = split_blocks(text[self._offset :])
        new = blocks[:count]
        self.finished.extend(new)
        self._offset += end
        return new, blocks[count:]
