"""How much rich rendering one message may do, so that no text can freeze the window.

Each message gets a :class:`RenderBudget` that grows with its length. Parsing Markdown,
highlighting code, looking for formulas and typesetting them draw from it; whatever is
left over when a part runs out is shown as plain text (a block as escaped text, code
without colours, a formula as its LaTeX source). The allowances are counts, not clocks,
so a text renders the same way on every machine and every time.

Parsing is native and linear (``commonmark.py``), so it needs no allowance. The rates of
the rest are measured on a 2-core laptop-class CPU (``bench/render_worst.py``): a
highlighted character about 3 µs and a highlighted block 0.1–0.2 ms, a formula delimiter
about 1 µs, a line break 15 µs in Qt. With these allowances the worst hostile 100 KB
renders to HTML in under 0.1 s and 1 MB in under 0.6 s on a quiet machine; the window
lays out a long answer a part at a time (``SHOWN_CHARS``) and typesets its formulas
afterwards.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

BASE_CODE = 16_000  # characters of code highlighted…
CODE_PER_CHAR = 0.1  # …and one more for every ten characters of the message…
MAX_CODE = 60_000  # …at most (Pygments: 3–5 µs a character, and ~0.1 ms a block)
BASE_DELIMITERS = 4000  # formula delimiters and backtick runs looked at…
CHARS_PER_DELIMITER = 10  # …and one more per 10 characters…
MAX_DELIMITERS = 30_000  # …at most
MAX_LINES = 10_000  # line breaks shown as text or code (Qt: 15 µs each, however written)
MAX_HIGHLIGHTED = 60  # code blocks coloured (Pygments: ~0.1–0.2 ms a block, however short)
MAX_CODE_FRAMES = 60  # code blocks in a framed table (Qt: 0.4–0.7 ms each; beyond, 0.05)
MAX_STYLED_RUNS = 2000  # code spans, emphasis and links in one message (Qt: a paragraph of
#                         25,000 code spans took 0.13 s to insert); beyond, their text
MAX_FORMULA_SPANS = 600  # formulas found in one message (beyond the images and the
#                          styled sources they would show as their text anyway)
MAX_FORMULAS = 40  # distinct formulas typeset in one message
MAX_FORMULA_IMAGES = 200  # formulas shown as images in one message (Qt: 0.4 ms each)
MAX_STYLED_SOURCES = 300  # formulas beyond the images shown as code-styled source; then
#                            as plain text (Qt lays out a paragraph of 9,000 styled runs
#                            in 0.6 s, of one run in 5 ms)
FORMULA_CHARS = 1200  # LaTeX characters typeset in one message (about 0.5 ms each)


@dataclass
class RenderBudget:
    code: int = BASE_CODE
    delimiters: int = BASE_DELIMITERS
    spans: int = MAX_FORMULA_SPANS
    highlighted: int = MAX_HIGHLIGHTED
    frames: int = MAX_CODE_FRAMES
    lines: int = MAX_LINES
    styled: int = MAX_STYLED_RUNS
    formulas: int = MAX_FORMULAS
    images: int = MAX_FORMULA_IMAGES
    formula_chars: int = FORMULA_CHARS
    sources: int = MAX_STYLED_SOURCES
    _granted: set[tuple[str, bool]] = field(default_factory=set)
    _length: int = 0  # of the message so far

    def grow(self, length: int) -> None:
        """A block of ``length`` characters arrives."""
        self._length += length
        total = self._length
        self.code += _more(BASE_CODE, total - length, total, CODE_PER_CHAR, MAX_CODE)
        self.delimiters += _more(BASE_DELIMITERS, total - length, total,
                                 1 / CHARS_PER_DELIMITER, MAX_DELIMITERS)

    def formula(self, latex: str, display: bool) -> bool:
        """May this formula be shown as an image? Typesetting one already allowed costs
        nothing again, showing it does."""
        if self.images <= 0:
            return False
        key = (latex, display)
        if key in self._granted:
            self.images -= 1
            return True
        if self.formulas <= 0 or len(latex) > self.formula_chars:
            return False
        self.images -= 1
        self.formulas -= 1
        self.formula_chars -= len(latex)
        self._granted.add(key)
        return True

    def trial(self) -> RenderBudget:
        """A copy to render a provisional part with (the open tail of a streaming
        answer), so re-rendering it does not use up the message's budget."""
        return copy.deepcopy(self)


def _more(base: int, before: int, after: int, rate: float, cap: int) -> int:
    """What a message's allowance grows by when it grows from ``before`` to ``after``
    characters: ``base + rate × length``, never above ``cap``."""
    def allowance(length: int) -> int:
        return min(cap, base + int(length * rate))

    return allowance(after) - allowance(before)
