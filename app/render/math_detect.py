"""Find LaTeX formulas in Markdown text: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``.

Not inside code spans; not an escaped ``\\$``; and a lone price is not math: an inline
``$`` must be followed by a non-space, the closing one preceded by a non-space and not
followed by a digit (Pandoc's rule), so "$5 and $10" stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<dd>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<bd>.+?)\\\]"
    r"|\\\((?P<bi>.+?)\\\)"
    r"|(?<![\\$])\$(?=\S)(?P<di>[^$\n]+?)(?<=\S)(?<!\\)\$(?![\d$])",
    re.S,
)


@dataclass(frozen=True)
class MathSpan:
    start: int
    end: int
    latex: str
    display: bool
    source: str  # with its delimiters, as written


def find_math(text: str) -> list[MathSpan]:
    masked = _CODE_SPAN.sub(lambda m: "\0" * len(m.group()), text)
    spans: list[MathSpan] = []
    for match in _MATH.finditer(masked):
        if "\0" in match.group():
            continue
        display = match.group("dd") is not None or match.group("bd") is not None
        latex = next(g for g in (match.group("dd"), match.group("bd"), match.group("bi"),
                                 match.group("di")) if g is not None)
        if not latex.strip():
            continue
        spans.append(MathSpan(match.start(), match.end(), latex.strip(), display,
                              text[match.start():match.end()]))
    return spans
