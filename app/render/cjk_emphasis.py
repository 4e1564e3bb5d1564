"""Bold and italics beside Chinese, Japanese and Korean text, as their writers mean them.

CommonMark decides whether a ``*`` run opens or closes emphasis by what is on either
side of it (its "flanking" rules), which were written for text with spaces between
words: a run after punctuation closes only when a space or punctuation follows. So
``**注意：**这是`` — the way models write a Chinese label — shows its asterisks, and so
does ``中文**“引用”**中文``. Models write this all the time (the same problem is behind
markdown-it-cjk-friendly and remark-cjk-friendly).

The rule here, as theirs: a run that would open or close but for the punctuation next to
it, where a CJK character or CJK punctuation is on one of its sides, is treated as if a
space stood on its outer side. In a linear pass before parsing, such a run gets a
stand-in space (:data:`MARK`, white space to the parser) there, and :func:`unmark` takes
every stand-in out of the HTML. Runs are paired a line at a time, in order, and a line
whose runs of a length do not pair is left alone; text without CJK is never touched.
"""

from __future__ import annotations

import re
import unicodedata

MARK = "\u200a"  # white space to the parser, taken out of the HTML afterwards
OWN = "\ue007"  # the model's own U+200A while the parser runs (private use is ours)
# Percent-encoded in a link's address, where the parser puts them:
MARK_IN_URL, OWN_IN_URL = "%E2%80%8A", "%EE%80%87"

_CJK = re.compile("[\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
                  "\uff00-\uffef\U00020000-\U0003ffff]")
_RUN = re.compile(r"\*+")
_TICKS = re.compile(r"`+")
_BULLET = re.compile(r"^[ \t]*\*[ \t]")


def befriend(source: str) -> str:
    """``source`` with a stand-in space beside each ``*`` run that CJK text around it
    keeps from opening or closing (see the module's docstring)."""
    if MARK in source:
        source = source.replace(MARK, OWN)
    if not _CJK.search(source):
        return source
    return "\n".join(_line(line) if "*" in line and _CJK.search(line) else line
                     for line in source.split("\n"))


def unmark(html: str) -> str:
    """The HTML with the stand-ins gone and the model's own U+200A back."""
    if MARK in html:
        html = html.replace(MARK, "")
    return html.replace(OWN, MARK) if OWN in html else html


def _line(line: str) -> str:
    masked = _without_code(line)  # code spans: their asterisks are not counted
    if _BULLET.match(masked):
        start = masked.index("*") + 1
        masked = "\0" * start + masked[start:]
    runs = [(m.start(), m.end()) for m in _RUN.finditer(masked) if m.end() - m.start() <= 2]
    inserts: list[int] = []
    for length in (1, 2):
        same = [r for r in runs if r[1] - r[0] == length]
        if len(same) % 2:
            continue  # an unpaired run: not ours to guess about
        for index, (start, end) in enumerate(same):
            before = line[start - 1] if start else " "
            after = line[end] if end < len(line) else " "
            if not (_CJK.match(before) or _CJK.match(after)):
                continue
            if index % 2 == 0 and _blocked_opening(before, after):
                inserts.append(start)
            elif index % 2 == 1 and _blocked_closing(before, after):
                inserts.append(end)
    if not inserts:
        return line
    pieces, at = [], 0
    for position in sorted(inserts):
        pieces += [line[at:position], MARK]
        at = position
    pieces.append(line[at:])
    return "".join(pieces)


def _without_code(line: str) -> str:
    """``line`` with its inline code spans blanked out: a run of backticks opens one,
    closed by the next run of the same length (CommonMark), found in one pass."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    if len(runs) < 2:
        return line
    following: list[int | None] = [None] * len(runs)  # the next run of the same length
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        close = following[index]
        if close is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[close][1]))
        index = close + 1
    if not spans:
        return line
    parts, at = [], 0
    for start, end in spans:
        parts += [line[at:start], "\0" * (end - start)]
        at = end
    parts.append(line[at:])
    return "".join(parts)


def _blocked_opening(before: str, after: str) -> bool:
    """Not left-flanking only because punctuation follows a letter."""
    return _punctuation(after) and not (before.isspace() or _punctuation(before))


def _blocked_closing(before: str, after: str) -> bool:
    """Not right-flanking only because a letter follows punctuation."""
    return _punctuation(before) and not (after.isspace() or _punctuation(after))


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"
