"""Find LaTeX formulas in Markdown text: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``.

Not inside code spans; not an escaped ``\\$``; and a lone price is not math: an inline
``$`` must be followed by a non-space, the closing one preceded by a non-space and not
followed by a digit (Pandoc's rule), so "$5 and $10" stays text.

Linear time whatever the text: the text is scanned once, and the search for each kind of
closing delimiter resumes where the last one stopped (a regular expression with a lazy
``.+?`` rescans to the end of the text from every opener that has no closer: 15 s for
10,000 backticks). ``limit`` bounds the delimiters looked at; text after that point is
left as it is (no formulas in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BACKTICKS = re.compile(r"`+")
_OPENER = re.compile(r"\$|\\[\[(]")
MASK = "\0"


@dataclass(frozen=True)
class MathSpan:
    start: int
    end: int
    latex: str
    display: bool
    source: str  # with its delimiters, as written


class _Next:
    """The first valid occurrence of ``needle`` at or after a position that only grows,
    so the whole search over a text costs one pass."""

    def __init__(self, text: str, needle: str, unescaped: bool = False) -> None:
        self._text = text
        self._needle = needle
        self._unescaped = unescaped  # not preceded by a backslash
        self._found = -2  # not searched yet

    def at_or_after(self, start: int) -> int:
        if self._found == -1 or self._found >= start:
            return self._found
        found = self._text.find(self._needle, start)
        while self._unescaped and found > 0 and self._text[found - 1] == "\\":
            found = self._text.find(self._needle, found + 1)
        self._found = found
        return found


def mask_code_spans(text: str, limit: int) -> tuple[str, int]:
    """The text with code spans (a run of backticks up to the next run of the same
    length) blanked out, and how many runs were looked at. Past ``limit`` runs, the
    rest of the text is blanked too: no formula is looked for where code may be."""
    runs = [(m.start(), m.end()) for _, m in zip(range(limit + 1), _BACKTICKS.finditer(text),
                                                  strict=False)]
    cut = runs.pop()[0] if len(runs) > limit else len(text)
    following: list[int] = [-1] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length, -1)
        last[length] = i
    pieces: list[str] = []
    done = 0
    i = 0
    while i < len(runs):
        j = following[i]
        if j < 0:
            i += 1
            continue
        start, end = runs[i][0], runs[j][1]
        pieces += [text[done:start], MASK * (end - start)]
        done = end
        i = j + 1
    pieces += [text[done:cut], MASK * (len(text) - cut)]
    return "".join(pieces), len(runs)


def find_math(text: str, limit: int = 1_000_000, most: int = 1_000_000) -> list[MathSpan]:
    """The formulas in ``text``, at most ``most`` of them; at most ``limit`` delimiters
    (and backtick runs) are looked at."""
    masked, used = mask_code_spans(text, limit)
    closers = {"$$": _Next(masked, "$$", unescaped=True), "\\]": _Next(masked, "\\]"),
               "\\)": _Next(masked, "\\)")}
    dollar = _Next(masked, "$")
    newline = _Next(masked, "\n")
    spans: list[MathSpan] = []
    position = 0
    budget = limit - used
    while budget > 0 and len(spans) < most:
        budget -= 1
        found = _OPENER.search(masked, position)
        if found is None:
            break
        p = found.start()
        end = _match_at(masked, p, closers, dollar, newline)
        if end < 0:
            position = p + 1
            continue
        position = end
        source = masked[p:end]
        if MASK in source:
            continue
        display = source.startswith(("$$", "\\["))
        latex = source[2:-2] if display or source.startswith("\\(") else source[1:-1]
        if latex.strip():
            spans.append(MathSpan(p, end, latex.strip(), display, text[p:end]))
    return spans


def _match_at(text: str, p: int, closers: dict[str, _Next], dollar: _Next,
              newline: _Next) -> int:
    """Where a formula opening at ``p`` ends, or -1. The same rules, in the same order,
    as the alternatives of a regular expression tried at ``p``."""
    before = text[p - 1] if p else ""
    if text[p] == "\\":
        closer = closers["\\]" if text[p + 1] == "[" else "\\)"]
        c = closer.at_or_after(p + 3)
        return c + 2 if c >= 0 else -1
    if text.startswith("$$", p) and before != "\\":
        c = closers["$$"].at_or_after(p + 3)
        if c >= 0:
            return c + 2
    if before in ("\\", "$") or p + 1 >= len(text):
        return -1
    first = text[p + 1]
    if first.isspace() or first == "$":
        return -1
    c = dollar.at_or_after(p + 2)
    if c < 0:
        return -1
    line_end = newline.at_or_after(p + 1)
    if 0 <= line_end < c:
        return -1
    last = text[c - 1]
    after = text[c + 1] if c + 1 < len(text) else ""
    if last.isspace() or last == "\\" or after == "$" or after.isdecimal():
        return -1
    return c + 1
