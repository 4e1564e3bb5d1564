"""Split Markdown into top-level blocks so a streaming answer renders incrementally.

A block ends at a blank line outside a fenced code block. Finished blocks never change
as more text arrives, so they are rendered once; only the open tail is re-rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


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


def split_blocks(text: str) -> tuple[list[Block], int]:
    """All blocks of ``text`` and how many of them are finished."""
    blocks: list[Block] = []
    lines = text.split("\n")
    current: list[str] = []
    fence: str | None = None
    language = ""
    finished = 0

    def flush_text() -> None:
        nonlocal current
        if any(line.strip() for line in current):
            blocks.append(Block("\n".join(current)))
        current = []

    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if fence is None:
            match = FENCE.match(line)
            if match:
                flush_text()
                finished = len(blocks)
                fence, language = match.group(1), match.group(2)
                current = [line]
            elif not line.strip():
                flush_text()
                if not last:
                    finished = len(blocks)
            else:
                current.append(line)
        else:
            current.append(line)
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]} and (
                len(current) > 1
            ):
                blocks.append(Block("\n".join(current), True, language, True))
                current, fence = [], None
                # A code block is finished once its closing fence ends with a newline.
                finished = len(blocks) if not last else len(blocks) - 1
    if fence is not None:
        blocks.append(Block("\n".join(current), True, language, False))
    else:
        flush_text()
    return blocks, min(finished, len(blocks))
